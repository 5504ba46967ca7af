import { isEmail, registerDecorator, type ValidationOptions } from 'class-validator';

/** A lone UTF-16 surrogate: text no client should send, and that validator's isEmail throws on. */
const LONE_SURROGATE = /\p{Cs}/u;

/** class-validator's isEmail, answering false (→ 422) instead of throwing a URIError (→ 500) on ill-formed Unicode. */
export function isEmailAddress(value: unknown): value is string {
  return typeof value === 'string' && !LONE_SURROGATE.test(value) && isEmail(value);
}

export function IsEmailAddress(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isEmail',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be an email`, ...options },
      validator: { validate: isEmailAddress },
    });
}
