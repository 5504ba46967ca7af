import { registerDecorator, type ValidationOptions } from 'class-validator';

const known = new Map<string, boolean>();

/** True for names the runtime's IANA database knows (e.g. Europe/Berlin, UTC). */
export function isIanaTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return false;
  const cached = known.get(value);
  if (cached !== undefined) return cached;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    valid = true;
  } catch {
    valid = false;
  }
  known.set(value, valid);
  return valid;
}

export function IsIanaTimeZone(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isIanaTimeZone',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be an IANA time zone name such as Europe/Berlin`, ...options },
      validator: { validate: isIanaTimeZone },
    });
}
