import type { QueryParams, Schemas } from './schemas.js';

/** Prefix of a project's task keys (`BP` → `BP-12`): 2–10 uppercase Latin letters, unique, fixed at creation. */
export const PROJECT_KEY_PATTERN = /^[A-Z]{2,10}$/;
export const PROJECT_KEY_MIN_LENGTH = 2;
export const PROJECT_KEY_MAX_LENGTH = 10;
export const PROJECT_NAME_MIN_LENGTH = 1;
export const PROJECT_NAME_MAX_LENGTH = 200;
export const PROJECT_DESCRIPTION_MAX_LENGTH = 5000;
/** ISO 4217 alphabetic code, e.g. EUR. */
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

export const PROJECT_SORTS = ['name', 'key', 'created_at', 'updated_at'] as const;
export type ProjectSort = (typeof PROJECT_SORTS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export type ProjectResponse = Schemas['ProjectResponseDto'];

export type ProjectCreateRequest = Schemas['ProjectCreateDto'];

export type ProjectUpdateRequest = Schemas['ProjectUpdateDto'];

export type ProjectListQuery = QueryParams<'/api/v1/projects'>;

/** What DELETE did: a project that has tasks or time entries is archived, an unused one is deleted. */
export type ProjectDeleteResponse = Schemas['ProjectDeleteResponseDto'];

export type ProjectMemberResponse = Schemas['ProjectMemberResponseDto'];

export type ProjectMemberAddRequest = Schemas['ProjectMemberAddDto'];
