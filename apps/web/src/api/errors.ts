import { ApiError, ErrorCode } from '@stint/contracts';

export interface FormErrors<Field extends string> {
  /** Messages to show next to each field. */
  fields: Partial<Record<Field, string[]>>;
  /** One message for the whole form, when the error belongs to no field of it. */
  form: string | null;
}

function isMessageList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string');
}

function retryAfterSeconds(error: ApiError): number | null {
  const value = error.details?.retry_after_seconds;
  return typeof value === 'number' && value > 0 ? Math.ceil(value) : null;
}

/** A sentence for the user about an error that isn't tied to a field. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  if (error.status === 0) return "Can't reach the Stint server. Check your connection and try again.";
  if (error.code === ErrorCode.RATE_LIMIT_EXCEEDED) {
    const seconds = retryAfterSeconds(error);
    return seconds ? `Too many attempts. Please wait ${seconds} second${seconds === 1 ? '' : 's'} and try again.` : 'Too many attempts. Please wait a moment and try again.';
  }
  if (error.status >= 500) {
    const reference = error.requestId ? ` (reference ${error.requestId})` : '';
    return `The server ran into a problem. Please try again in a moment${reference}.`;
  }
  return error.message;
}

/** "full_name must be …" reads better as "Full name must be …"; the rest of the server's wording stays. */
function withLabel(message: string, field: string, label: string): string {
  return message.startsWith(`${field} `) ? `${label}${message.slice(field.length)}` : message;
}

/**
 * Splits an API error into per-field messages for the fields this form has (keyed by API
 * field name, valued by visible label), and a form-level message for the rest. Field details
 * come with VALIDATION_ERROR and also with CONFLICT (e.g. a taken email), so both are read.
 */
export function toFormErrors<Field extends string>(error: unknown, formFields: Readonly<Record<Field, string>>): FormErrors<Field> {
  const fields: Partial<Record<Field, string[]>> = {};
  const leftovers: string[] = [];
  const hasFieldDetails = error instanceof ApiError && (error.code === ErrorCode.VALIDATION_ERROR || error.code === ErrorCode.CONFLICT) && error.details;

  if (hasFieldDetails) {
    for (const [name, messages] of Object.entries(error.details ?? {})) {
      if (!isMessageList(messages)) continue;
      if (Object.hasOwn(formFields, name)) {
        const label = formFields[name as Field];
        fields[name as Field] = messages.map((message) => withLabel(message, name, label));
      } else leftovers.push(...messages);
    }
  }

  const mapped = Object.keys(fields).length > 0;
  if (leftovers.length > 0) return { fields, form: leftovers.join(' ') };
  if (mapped) return { fields, form: null };
  return { fields, form: describeError(error) };
}

/**
 * Whether a record lookup failed because there is nothing to show: the API answers 404 for
 * records the caller may not see (existence isn't revealed), and 4xx for a malformed id.
 */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 400 || error.status === 422);
}
