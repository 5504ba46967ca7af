import type { components, paths } from './generated/openapi.js';

/** Every request and response body the API documents, generated from its DTO classes. */
export type Schemas = components['schemas'];

/**
 * A multi-value query parameter (an array in the OpenAPI document) also takes one value, or
 * several joined by commas: the API splits them (`status=todo,in_progress`).
 */
type MultiValue<T> = T extends readonly (infer V)[] ? V | V[] | string : T;

/** The query parameters of an operation, as the OpenAPI document declares them. */
export type OperationQuery<O> = O extends { parameters: { query?: infer Q } }
  ? [NonNullable<Q>] extends [never]
    ? undefined
    : { [K in keyof NonNullable<Q>]: MultiValue<NonNullable<Q>[K]> }
  : undefined;

/** The query parameters of a GET route. */
export type QueryParams<P extends keyof paths> = paths[P] extends { get: infer O } ? NonNullable<OperationQuery<O>> : never;
