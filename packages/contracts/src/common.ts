/** UUID string. */
export type Uuid = string;
/** ISO 8601 timestamp in UTC, e.g. 2026-11-22T09:30:00.000Z. */
export type IsoDateTime = string;

export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 100;

export interface ListQuery {
  page?: number;
  per_page?: number;
}

export interface ListMeta {
  page: number;
  per_page: number;
  total: number;
}

export interface Paginated<T> {
  data: T[];
  meta: ListMeta;
}
