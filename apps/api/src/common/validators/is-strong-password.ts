import { passwordProblems } from '@stint/contracts';
import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

/** The spec's UserCreate password rules; the message lists every rule the value breaks. */
export function IsStrongPassword(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isStrongPassword',
      target: target.constructor,
      propertyName,
      options: {
        message: (args: ValidationArguments) =>
          typeof args.value === 'string' ? passwordProblems(args.value).join('; ') : `${propertyName} must be a string`,
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value === 'string' && passwordProblems(value).length === 0 },
    });
}
