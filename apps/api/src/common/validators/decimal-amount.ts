import { registerDecorator, type ValidationOptions } from 'class-validator';
import { Money } from '../money';

/**
 * Money-like amounts arrive as decimal strings ("62.5") or JSON numbers. Numbers are read
 * through their shortest decimal text, so 0.1 stays "0.1"; a number that isn't exactly a
 * short decimal (0.1 + 0.2) fails the decimals rule instead of being rounded silently.
 */
export const toDecimalText = ({ value }: { value: unknown }) =>
  typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : value;

const DECIMAL = /^\d+(\.\d+)?$/;

/** Positive, at most `decimals` places, at most `max`; plain notation only (no exponent, sign or spaces). */
export function isDecimalAmount(value: unknown, decimals: number, max: string): value is string {
  if (typeof value !== 'string' || value.length > 32 || !DECIMAL.test(value)) return false;
  const fraction = value.split('.')[1] ?? '';
  if (fraction.length > decimals) return false;
  const amount = new Money(value);
  return amount.greaterThan(0) && amount.lessThanOrEqualTo(max);
}

export function IsDecimalAmount(decimals: number, max: string, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isDecimalAmount',
      target: target.constructor,
      propertyName,
      options: {
        message: `${propertyName} must be a decimal greater than 0 and at most ${max}, with at most ${decimals} decimals (e.g. "62.5")`,
        ...options,
      },
      validator: { validate: (value: unknown) => isDecimalAmount(value, decimals, max) },
    });
}

/** Normalises an accepted amount for a DECIMAL(p, scale) column ("62.5" → "62.5000"). */
export function decimalColumnText(value: string, scale: number): string {
  return new Money(value).toFixed(scale);
}
