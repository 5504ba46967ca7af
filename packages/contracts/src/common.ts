import type { QueryParams, Schemas } from './schemas.js';
/** UUID string. */
export type Uuid = string;
/** ISO 8601 timestamp in UTC, e.g. 2026-11-22T09:30:00.000Z. */
export type IsoDateTime = string;

/**
 * The dates and moments any request may name (dates, date-times, effective dates, due dates):
 * nobody tracks time before the Unix epoch, and nothing a user plans reaches past 2200.
 * Beyond these the server answers 422 naming the field and the limit.
 */
export const DATE_MIN = '1970-01-01';
export const DATE_MAX = '2200-12-31';
export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 100;

export type ListQuery = QueryParams<'/api/v1/users/me/sign-in-failures'>;

export type ListMeta = Schemas['ListMetaDto'];

export interface Paginated<T> {
  data: T[];
  meta: ListMeta;
}
