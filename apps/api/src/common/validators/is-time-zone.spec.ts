import { isIanaTimeZone, setKnownTimeZones, usableTimeZone } from './is-time-zone';

describe('time zones', () => {
  it('without the database list, accepts what Intl accepts', () => {
    expect(isIanaTimeZone('Europe/Berlin')).toBe(true);
    expect(isIanaTimeZone('Mars/Olympus')).toBe(false);
  });

  it('with the database list, accepts only the names both PostgreSQL and Node know; stored others read as UTC', () => {
    // PostgreSQL dropped US/Pacific-New (tzdata 2020b) while Node still accepts it; Node doesn't know `posixrules`.
    setKnownTimeZones(['UTC', 'Europe/Berlin', 'America/St_Johns', 'posixrules']);
    expect(['Europe/Berlin', 'America/St_Johns', 'UTC'].every(isIanaTimeZone)).toBe(true);
    expect(isIanaTimeZone('US/Pacific-New')).toBe(false);
    expect(isIanaTimeZone('posixrules')).toBe(false);
    expect(isIanaTimeZone('x'.repeat(65))).toBe(false);
    expect(usableTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(usableTimeZone('US/Pacific-New')).toBe('UTC');
    expect(usableTimeZone('US/Pacific-New')).toBe('UTC');
  });
});
