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

export type InputProblem = { field: string; message: string } | null;

/**
 * What no DTO accepts anywhere, found without recursion: nesting deeper than `maxDepth`, or a
 * U+0000 in a string or key (PostgreSQL text cannot hold it, so it would fail as a 500 deep in a query).
 */
export function inputProblem(value: unknown, maxDepth = MAX_INPUT_DEPTH): InputProblem {
  const pending: Array<[unknown, number, string]> = [[value, 0, '']];
  while (pending.length) {
    const [current, depth, path] = pending.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return { field: path, message: 'must not contain NUL (U+0000) characters' };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxDepth) return { field: path.split('.')[0], message: `nests deeper than ${maxDepth} levels` };
    for (const [key, child] of Object.entries(current)) {
      const childPath = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) return { field: path, message: 'must not contain NUL (U+0000) characters in a key' };
      pending.push([child, depth + 1, childPath]);
    }
  }
  return null;
}

class InputCheckingValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const problem = inputProblem(value);
      if (problem) {
        const field = [metadata.data, problem.field].filter(Boolean).join('.') || metadata.type;
        throw validationError('The request has invalid fields', { [field]: [`${field} ${problem.message}`] });
      }
    }
    return super.transform(value, metadata);
  }
}

/** The global pipe: strict whitelist, transformed DTOs, VALIDATION_ERROR (422) with field details. */
export function createValidationPipe(): ValidationPipe {
  return new InputCheckingValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => validationError('The request has invalid fields', fieldErrors(errors)),
  });
}
