import type { CurrencyAmount, RateType } from '@stint/contracts';

/**
 * Money as the API sends it: decimal strings ("50.00"). Sums and the live cost estimate are
 * done in integer cents with BigInt, never in binary floating point, so a total shown here
 * is exactly the sum of the amounts shown beside it.
 */

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** A decimal string scaled to an integer of `scale` decimals (rounded half-up beyond it); null if malformed. */
export function parseScaled(value: string, scale: number): bigint | null {
  const match = DECIMAL.exec(value.trim());
  if (!match) return null;
  const [, minus, whole, fraction = ''] = match;
  const kept = fraction.slice(0, scale).padEnd(scale, '0');
  let scaled = BigInt(whole) * 10n ** BigInt(scale) + BigInt(kept || '0');
  // Half-up on the first dropped digit; the API never sends more than it says, this is only a guard.
  if (fraction.length > scale && Number(fraction[scale]) >= 5) scaled += 1n;
  return minus ? -scaled : scaled;
}

/** "50.00" → 5000n. Malformed input counts as zero rather than breaking a total. */
export function toCents(amount: string): bigint {
  return parseScaled(amount, 2) ?? 0n;
}

/** 5000n → "50.00". */
export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const absolute = negative ? -cents : cents;
  const whole = absolute / 100n;
  const fraction = (absolute % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/** Exact sum of 2-decimal amounts: addMoney("0.10", "0.20") === "0.30". */
export function addMoney(...amounts: string[]): string {
  return fromCents(amounts.reduce((sum, amount) => sum + toCents(amount), 0n));
}

/** One total per currency, in first-seen order; amounts in different currencies are never added. */
export function sumByCurrency(items: readonly CurrencyAmount[]): CurrencyAmount[] {
  const totals = new Map<string, bigint>();
  for (const { currency, amount } of items) totals.set(currency, (totals.get(currency) ?? 0n) + toCents(amount));
  return [...totals].map(([currency, cents]) => ({ currency, amount: fromCents(cents) }));
}

const SECONDS_PER_UNIT: Record<RateType, bigint> = { hourly: 3600n, minutely: 60n, secondly: 1n };
const RATE_SCALE = 4;

/** Divides and rounds half-up (for non-negative numerators, as costs are). */
function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/**
 * The cost of `seconds` at a rate, in cents, rounded half-up once: the API's rule
 * (hourly seconds/3600 × amount, minutely seconds/60 × amount, secondly seconds × amount).
 */
export function costInCents(seconds: number, rateType: RateType, rateAmount: string): bigint {
  const rate = parseScaled(rateAmount, RATE_SCALE) ?? 0n;
  const whole = BigInt(Math.max(0, Math.floor(seconds)));
  // rate is in 1/10000ths; cents are 1/100ths: divide by 100 as well as by the unit.
  return divideHalfUp(whole * rate, SECONDS_PER_UNIT[rateType] * 100n);
}

const formatters = new Map<string, Intl.NumberFormat>();

function currencyFormatter(currency: string): Intl.NumberFormat {
  let formatter = formatters.get(currency);
  if (!formatter) {
    try {
      formatter = new Intl.NumberFormat(undefined, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 });
    } catch {
      // Not an ISO 4217 code this browser knows: show the number with the code beside it.
      formatter = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    formatters.set(currency, formatter);
  }
  return formatter;
}

/** "50.00", "USD" → "$50.00" in the browser's locale. The string is formatted as is (no float in between). */
export function formatMoney(amount: string, currency: string): string {
  const formatter = currencyFormatter(currency);
  const value = (parseScaled(amount, 2) === null ? '0' : amount.trim()) as Intl.StringNumericLiteral;
  const text = formatter.format(value);
  return formatter.resolvedOptions().style === 'currency' ? text : `${text} ${currency}`;
}

/** Several currencies' totals as one line: "$120.00 + €45.50"; "—" for none. */
export function formatTotals(totals: readonly CurrencyAmount[]): string {
  if (totals.length === 0) return '—';
  return totals.map((total) => formatMoney(total.amount, total.currency)).join(' + ');
}

const RATE_UNITS: Record<RateType, string> = { hourly: 'hour', minutely: 'minute', secondly: 'second' };

/** "62.5000", "EUR", "hourly" → "€62.50 per hour"; rates keep their significant 4 decimals ("$0.8333 per minute"). */
export function formatRate(amount: string, currency: string, rateType: RateType): string {
  let text: string;
  try {
    text = new Intl.NumberFormat(undefined, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 4 }).format(amount.trim() as Intl.StringNumericLiteral);
  } catch {
    text = `${amount} ${currency}`;
  }
  return `${text} per ${RATE_UNITS[rateType]}`;
}
