import { registerDecorator, type ValidationOptions } from 'class-validator';

/** The ISO 4217 codes the runtime's ICU data knows (current ones, e.g. EUR, USD, JPY). */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function isCurrencyCode(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Z]{3}$/.test(value) && CURRENCIES.has(value);
}

export function IsCurrencyCode(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCurrencyCode',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be an ISO 4217 currency code such as EUR or USD`, ...options },
      validator: { validate: isCurrencyCode },
    });
}
