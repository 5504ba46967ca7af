import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
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

/** No request DTO nests deeper than a few levels; far deeper input would overflow class-transformer's recursion. */
export const MAX_INPUT_DEPTH = 32;

/** Whether `value` nests objects/arrays more than `limit` levels deep (walked without recursion). */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length) {
    const [current, depth] = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return false;
}

class DepthLimitedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (nestedDeeperThan(value, MAX_INPUT_DEPTH)) {
      throw validationError('The request nests objects too deeply', { [metadata.data ?? metadata.type]: [`nested deeper than ${MAX_INPUT_DEPTH} levels`] });
    }
    return super.transform(value, metadata);
  }
}

/** The global pipe: strict whitelist, transformed DTOs, VALIDATION_ERROR (422) with field details. */
export function createValidationPipe(): ValidationPipe {
  return new DepthLimitedValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => validationError('The request has invalid fields', fieldErrors(errors)),
  });
}
