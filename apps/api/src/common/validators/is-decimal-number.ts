import Decimal from 'decimal.js';
import { registerDecorator, type ValidationOptions } from 'class-validator';

/**
 * A finite JSON number with at most `decimals` decimal places. Replaces class-validator's
 * IsNumber({ maxDecimalPlaces }), which throws (→ 500) on numbers JavaScript writes in
 * exponent form, such as 1e-7 or 1e-323.
 */
export function isDecimalNumber(value: unknown, decimals: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && new Decimal(value).decimalPlaces() <= decimals;
}

export function IsDecimalNumber(decimals: number, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isDecimalNumber',
      target: target.constructor,
      propertyName,
      constraints: [decimals],
      options: { message: `${propertyName} must be a number with at most ${decimals} decimals`, ...options },
      validator: { validate: (value: unknown) => isDecimalNumber(value, decimals) },
    });
}
