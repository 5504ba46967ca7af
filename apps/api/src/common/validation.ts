import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { validationError } from './errors/app-error';

/** Flattens class-validator errors into the envelope's per-field map (`a.b` for nested fields). */
export function fieldErrors(errors: ValidationError[], prefix = ''): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) {
      // A missing field gets one clear message, not every rule its absence breaks.
      if ('whitelistValidation' in error.constraints) fields[field] = [`${error.property} is not an accepted field`];
      else if (error.value === undefined || error.value === null) fields[field] = [`${error.property} is required`];
      else fields[field] = Object.values(error.constraints);
    }
    if (error.children?.length) Object.assign(fields, fieldErrors(error.children, field));
  }
  return fields;
}

/** The global pipe: strict whitelist, transformed DTOs, VALIDATION_ERROR (422) with field details. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => validationError('The request has invalid fields', fieldErrors(errors)),
  });
}
