import { registerDecorator, type ValidationOptions } from 'class-validator';
import { Money } from '../../common/money';

const DECIMAL = /^\d+(\.\d+)?$/;

/**
 * A budget amount: plain decimal text ("1500", "1500.5") with at most `decimals` places,
 * greater than 0 (or at least 0 when `allowZero`), at most `max`. JSON numbers are read
 * through their shortest decimal text by `decimalText`, so 0.1 stays "0.1".
 */
export function isBudgetAmount(value: unknown, decimals: number, max: string, allowZero: boolean): value is string {
  if (typeof value !== 'string' || value.length > 32 || !DECIMAL.test(value)) return false;
  if ((value.split('.')[1] ?? '').length > decimals) return false;
  const amount = new Money(value);
  return (allowZero ? amount.gte(0) : amount.gt(0)) && amount.lte(max);
}

export const decimalText = ({ value }: { value: unknown }) =>
  typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : value;

export function IsBudgetAmount(decimals: number, max: string, allowZero: boolean, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isBudgetAmount',
      target: target.constructor,
      propertyName,
      options: {
        message: `${propertyName} must be a decimal ${allowZero ? 'of at least 0' : 'greater than 0'} and at most ${max}, with at most ${decimals} decimals (e.g. "1500.00")`,
        ...options,
      },
      validator: { validate: (value: unknown) => isBudgetAmount(value, decimals, max, allowZero) },
    });
}
