import type { IsoDateTime, ListQuery, Uuid } from './common.js';
import type { Role } from './users.js';

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

export interface ProjectResponse {
  id: Uuid;
  name: string;
  key: string;
  description: string | null;
  currency: string;
  /** Default `is_billable` of time entries tracked on the project. */
  is_billable: boolean;
  /** Null while the project is active. */
  archived_at: IsoDateTime | null;
  created_by: Uuid | null;
  created_at: IsoDateTime;
  updated_at: IsoDateTime;
  member_count: number;
  task_count: number;
  /** Whether the caller is a member (admins see every project, member or not). */
  is_member: boolean;
}

export interface ProjectCreateRequest {
  name: string;
  /** Upper-cased by the server; immutable afterwards (existing task keys are built from it). */
  key: string;
  description?: string | null;
  /** Defaults to the instance's default currency (time-tracking settings). */
  currency?: string;
  /** Defaults to true. */
  is_billable?: boolean;
}

export interface ProjectUpdateRequest {
  name?: string;
  description?: string | null;
  /** Only while the project has no time entries: entries keep the currency they were tracked in. */
  currency?: string;
  is_billable?: boolean;
  /** true archives, false brings an archived project back. */
  archived?: boolean;
}

export interface ProjectListQuery extends ListQuery {
  /** Matches name or key (case-insensitive substring). */
  q?: string;
  /** Archived projects are left out unless true. */
  include_archived?: boolean;
  /** Default `name`. */
  sort?: ProjectSort;
  /** Default `asc`. */
  order?: SortOrder;
}

/** What DELETE did: a project that has tasks or time entries is archived, an unused one is deleted. */
export interface ProjectDeleteResponse {
  id: Uuid;
  outcome: 'archived' | 'deleted';
}

export interface ProjectMemberResponse {
  user_id: Uuid;
  email: string;
  full_name: string;
  role: Role;
  is_active: boolean;
  /** When the user joined the project. */
  added_at: IsoDateTime;
}

export interface ProjectMemberAddRequest {
  user_id: Uuid;
}
