/**
 * Dates shown and entered in the user's own time zone (`user.timezone`), not the browser's:
 * someone on a laptop abroad still sees their tasks' due dates as they planned them.
 */

/** A calendar date as `<input type="date">` uses it: YYYY-MM-DD. */
export type CalendarDate = string;

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The zone if this browser knows it, else undefined (the browser's own zone). */
export function knownTimeZone(timeZone: string | undefined): string | undefined {
  if (!timeZone) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

export function isCalendarDate(value: string): value is CalendarDate {
  const match = CALENDAR_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(instant: number, timeZone: string | undefined) {
  const zone = knownTimeZone(timeZone);
  const cacheKey = zone ?? '';
  let formatter = partsFormatters.get(cacheKey);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(cacheKey, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The zone's offset from UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string | undefined): number {
  const wall = wallClock(instant, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The calendar date of `iso` in the zone. */
export function calendarDateIn(iso: string, timeZone: string | undefined): CalendarDate {
  const wall = wallClock(Date.parse(iso), timeZone);
  return `${String(wall.year).padStart(4, '0')}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`;
}

/** Today's calendar date in the zone. */
export function todayIn(timeZone: string | undefined, now = Date.now()): CalendarDate {
  return calendarDateIn(new Date(now).toISOString(), timeZone);
}

/**
 * The instant a calendar day starts in the zone, as an ISO timestamp (UTC). Checked twice
 * so a day that starts right after a daylight-saving change still lands on its midnight.
 */
export function startOfDayIn(date: CalendarDate, timeZone: string | undefined): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(wallTimeToInstant(Date.UTC(y, m - 1, d), timeZone)).toISOString();
}

/** The instant a wall-clock time (given as if it were UTC) happens in the zone. */
function wallTimeToInstant(wallAsUtc: number, timeZone: string | undefined): number {
  const instant = wallAsUtc - offsetAt(wallAsUtc, timeZone);
  return wallAsUtc - offsetAt(instant, timeZone);
}

/** A wall-clock time as `<input type="datetime-local">` uses it: YYYY-MM-DDTHH:mm. */
export type LocalDateTime = string;

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** `2026-03-10T09:30` in the zone → ISO timestamp (UTC); null when the input is incomplete. */
export function localDateTimeToIso(value: LocalDateTime, timeZone: string | undefined): string | null {
  const match = LOCAL_DATE_TIME.exec(value);
  if (!match) return null;
  const [y, mo, d, h, mi, s = 0] = match.slice(1).map((part) => Number(part ?? 0));
  return new Date(wallTimeToInstant(Date.UTC(y, mo - 1, d, h, mi, s), timeZone)).toISOString();
}

/** ISO timestamp → `2026-03-10T09:30` in the zone, for a datetime-local input's value. */
export function isoToLocalDateTime(iso: string, timeZone: string | undefined): LocalDateTime {
  const wall = wallClock(Date.parse(iso), timeZone);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${String(wall.year).padStart(4, '0')}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** The Monday of the ISO week `date` is in. */
export function startOfWeek(date: CalendarDate): CalendarDate {
  const [y, m, d] = date.split('-').map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** "12 Mar 2026" for a due date, in the user's zone. */
export function formatDate(iso: string, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat(undefined, { timeZone: knownTimeZone(timeZone), dateStyle: 'medium' }).format(new Date(iso));
}

/** "12 Mar 2026, 14:05" for a timestamp, in the user's zone. */
export function formatDateTime(iso: string, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat(undefined, { timeZone: knownTimeZone(timeZone), dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A calendar date (no zone involved) for display, e.g. a filter chip. */
export function formatCalendarDate(date: CalendarDate): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', dateStyle: 'medium' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** 1.5 → "1.5 h"; hours from the API carry at most two decimals. */
export function formatHours(hours: number): string {
  return `${new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }).format(hours)} h`;
}

/** "14:05" for a timestamp, in the user's zone. */
export function formatTime(iso: string, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat(undefined, { timeZone: knownTimeZone(timeZone), timeStyle: 'short' }).format(new Date(iso));
}

/** "Tuesday, 10 Mar 2026" for a calendar date (a day heading). */
export function formatDayHeading(date: CalendarDate): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(Date.UTC(y, m - 1, d)));
}
