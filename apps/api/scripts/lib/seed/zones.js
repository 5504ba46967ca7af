// Time zones of the seeded users and local-time arithmetic on them. Entries are laid out
// in each user's own working hours, so a local wall time must become a UTC instant: the
// offset of a local day is taken at its noon (DST switches happen at night, outside the
// hours entries start in) and cached per zone and day.

const DAY_MS = 86_400_000;

/** Zones with weights: DST zones north and south, no-DST zones, half- and quarter-hour offsets. */
/** @type {Array<[name: string, weight: number]>} */
const ZONES = [
  ['UTC', 3],
  ['Europe/London', 8],
  ['Europe/Berlin', 10],
  ['Europe/Paris', 6],
  ['Europe/Madrid', 3],
  ['Europe/Helsinki', 3],
  ['America/New_York', 10],
  ['America/Chicago', 6],
  ['America/Denver', 3],
  ['America/Los_Angeles', 8],
  ['America/Phoenix', 2],
  ['America/Sao_Paulo', 4],
  ['America/Mexico_City', 2],
  ['America/Santiago', 1],
  ['America/Halifax', 1],
  ['America/St_Johns', 1],
  ['Asia/Kolkata', 6],
  ['Asia/Kathmandu', 1],
  ['Asia/Tehran', 1],
  ['Asia/Yangon', 1],
  ['Asia/Dubai', 2],
  ['Asia/Singapore', 3],
  ['Asia/Shanghai', 2],
  ['Asia/Tokyo', 3],
  ['Australia/Adelaide', 2],
  ['Australia/Darwin', 1],
  ['Australia/Sydney', 3],
  ['Pacific/Auckland', 2],
  ['Africa/Lagos', 2],
  ['Africa/Johannesburg', 2],
  ['Africa/Cairo', 1],
];

const formatters = new Map();

function formatterOf(timeZone) {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The zone's offset from UTC at `utcMs`, in milliseconds (local = utc + offset). */
function offsetAt(timeZone, utcMs) {
  const parts = formatterOf(timeZone).formatToParts(new Date(utcMs));
  const value = {};
  for (const part of parts) value[part.type] = part.value;
  const wall = Date.UTC(Number(value.year), Number(value.month) - 1, Number(value.day), Number(value.hour), Number(value.minute), Number(value.second));
  return wall - Math.floor(utcMs / 1000) * 1000;
}

/** Local calendar day (days since 1970-01-01 on the zone's calendar) of an instant. */
function localDay(timeZone, utcMs) {
  return Math.floor((utcMs + offsetAt(timeZone, utcMs)) / DAY_MS);
}

/** Per-zone cache: the offset in force at local noon of each day. */
class ZoneClock {
  constructor(timeZone) {
    this.timeZone = timeZone;
    this.noonOffsets = new Map();
  }

  offsetOfDay(day) {
    let offset = this.noonOffsets.get(day);
    if (offset === undefined) {
      const wallNoon = day * DAY_MS + 12 * 3_600_000;
      offset = offsetAt(this.timeZone, wallNoon);
      // The first guess took the offset at UTC noon; redo it at the local noon it implies.
      const corrected = offsetAt(this.timeZone, wallNoon - offset);
      if (corrected !== offset) offset = offsetAt(this.timeZone, wallNoon - corrected);
      this.noonOffsets.set(day, offset);
    }
    return offset;
  }

  /** UTC instant of `secondOfDay` seconds after local midnight of `day` (working hours only). */
  toUtc(day, secondOfDay) {
    return day * DAY_MS + secondOfDay * 1000 - this.offsetOfDay(day);
  }
}

/** "YYYY-MM-DD" of a day number. */
function dayText(day) {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

module.exports = { DAY_MS, ZONES, ZoneClock, offsetAt, localDay, dayText };
