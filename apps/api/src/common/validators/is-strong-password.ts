import { PASSWORD_RULES } from '@stint/contracts';
import { registerDecorator, type ValidationOptions } from 'class-validator';

/** The spec's UserCreate password rules, one constraint each so every broken rule gets its own message. */
export function IsStrongPassword(options?: ValidationOptions) {
  return (target: object, propertyName: string) => {
    for (const rule of PASSWORD_RULES) {
      registerDecorator({
        name: `password_${rule.id}`,
        target: target.constructor,
        propertyName,
        options: { message: rule.message, ...options },
        validator: { validate: (value: unknown) => typeof value === 'string' && rule.test(value) },
      });
    }
  };
}
