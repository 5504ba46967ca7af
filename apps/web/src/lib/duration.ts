/** 3600 → "1:00:00", 59 → "0:00:59", 90061 → "25:01:01": hours are not wrapped at a day. */
export function formatElapsed(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(rest).padStart(2, '0')}`;
}

/** 5400 → "1 hour 30 minutes 0 seconds": how a screen reader should say an elapsed time. */
export function describeElapsed(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const parts: [number, string][] = [
    [Math.floor(seconds / 3600), 'hour'],
    [Math.floor((seconds % 3600) / 60), 'minute'],
    [seconds % 60, 'second'],
  ];
  return parts.map(([value, unit]) => `${value} ${unit}${value === 1 ? '' : 's'}`).join(' ');
}

/** 5400 → 1.5: hours with two decimals, for totals beside h:mm:ss. */
export function secondsToHours(totalSeconds: number): number {
  return Math.round((Math.max(0, totalSeconds) / 3600) * 100) / 100;
}
