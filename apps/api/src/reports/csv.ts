/**
 * CSV as RFC 4180 describes it: fields separated by commas, records ended by CRLF, a field
 * quoted when it holds a comma, a quote, CR or LF, and quotes inside doubled.
 *
 * Text that people typed (names, titles, descriptions) is also neutralised against formula
 * injection (OWASP "CSV Injection"): a cell a spreadsheet would read as a formula — one
 * starting with =, +, -, @, a tab or a carriage return — gets a leading apostrophe, which
 * spreadsheets show as text. Numbers the report computes are written as they are.
 */

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field, quoted when needed. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Free text from users, safe to open in a spreadsheet. */
export function csvText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return csvField(FORMULA_START.test(value) ? `'${value}` : value);
}

/** A record of already-escaped fields. */
export function csvRecord(fields: string[]): string {
  return `${fields.join(',')}\r\n`;
}
