import type { AnalyticsDateRange, DailyMetrics } from '@stint/contracts';
import { useMemo } from 'react';
import { formatCalendarDate } from '@/lib/dates';
import { formatRange } from '@/features/dashboard/date-range';
import { formatHours, formatSecondsAsHours } from '@/features/dashboard/format';
import { shapeDailyHours, type DailyProjectTime } from '@/features/dashboard/charts/chart-data';

export interface DailyHoursProps {
  days: readonly DailyMetrics[];
  range: AnalyticsDateRange;
  /** Per-project time of each day, when the API provides it; else one series. */
  byProject?: readonly DailyProjectTime[] | null;
  title: string;
}

export function useDailyHours(days: readonly DailyMetrics[], byProject: readonly DailyProjectTime[] | null = null) {
  return useMemo(() => shapeDailyHours(days, byProject), [days, byProject]);
}

/** The hours-per-day chart's figures as a table: a row per day (a column per project when stacked) and the total. */
export function DailyHoursTable({ days, byProject = null, range, title }: DailyHoursProps) {
  const { series, rows } = useDailyHours(days, byProject);
  const stacked = series.length > 1;
  const totalSeconds = rows.reduce((sum, row) => sum + row.totalSeconds, 0);
  return (
    <table className="table analytics-table">
      <caption className="visually-hidden">
        {title}, {formatRange(range)}
      </caption>
      <thead>
        <tr>
          <th scope="col">Day</th>
          {stacked &&
            series.map((item) => (
              <th key={item.key} scope="col" className="numeric">
                {item.label}
              </th>
            ))}
          <th scope="col" className="numeric">
            Hours
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.date}>
            <th scope="row">
              <time dateTime={row.date}>{formatCalendarDate(row.date)}</time>
            </th>
            {stacked &&
              series.map((item) => (
                <td key={item.key} className="numeric">
                  {formatHours(row.hours[item.key])}
                </td>
              ))}
            <td className="numeric">{formatHours(row.totalHours)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          {stacked &&
            series.map((item) => (
              <td key={item.key} className="numeric">
                {formatSecondsAsHours(item.totalSeconds)}
              </td>
            ))}
          <td className="numeric">{formatSecondsAsHours(totalSeconds)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
