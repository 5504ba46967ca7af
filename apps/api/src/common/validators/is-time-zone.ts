import { Logger } from '@nestjs/common';
import { registerDecorator, type ValidationOptions } from 'class-validator';

/**
 * The zones a user may choose: the ones PostgreSQL knows (`pg_timezone_names`, loaded once at
 * start by TimeZoneCatalog) that Node's Intl knows too, since both read the setting: the SQL
 * buckets days with `AT TIME ZONE`, the API computes "today" with Intl. Node alone accepts
 * names PostgreSQL dropped (US/Pacific-New), which then failed every query of that user.
 * Until the list is loaded (no database: the OpenAPI generator, unit tests) Intl decides alone.
 */
let databaseZones: ReadonlySet<string> | null = null;
const intlKnown = new Map<string, boolean>();
const reportedUnusable = new Set<string>();
const logger = new Logger('TimeZones');

function intlAccepts(value: string): boolean {
  const cached = intlKnown.get(value);
  if (cached !== undefined) return cached;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    valid = true;
  } catch {
    valid = false;
  }
  if (intlKnown.size < 10_000) intlKnown.set(value, valid);
  return valid;
}

/** Installs the database's zone names (kept: those Intl accepts too). */
export function setKnownTimeZones(names: Iterable<string>): void {
  databaseZones = new Set([...names].filter((name) => name.length <= 64 && intlAccepts(name)));
}

/** True for a zone name both PostgreSQL and Node know (e.g. Europe/Berlin, UTC). */
export function isIanaTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return false;
  return databaseZones ? databaseZones.has(value) : intlAccepts(value);
}

/**
 * A stored zone as the queries may use it: a name PostgreSQL or Node no longer accepts (a
 * tzdata update drops names) is read as UTC, logged once per name, never a 500.
 */
export function usableTimeZone(zone: string): string {
  if (isIanaTimeZone(zone)) return zone;
  if (!reportedUnusable.has(zone) && reportedUnusable.size < 1_000) {
    reportedUnusable.add(zone);
    logger.warn({ time_zone: zone }, `stored time zone "${zone}" is unknown to PostgreSQL or Node: read as UTC`);
  }
  return 'UTC';
}

export function IsIanaTimeZone(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isIanaTimeZone',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be an IANA time zone name PostgreSQL knows (pg_timezone_names), such as Europe/Berlin`, ...options },
      validator: { validate: isIanaTimeZone },
    });
}
