import type { TimeDistribution } from '@stint/contracts';
import { useMemo } from 'react';
import { formatRange } from '@/features/dashboard/date-range';
import { formatHours } from '@/features/dashboard/format';
import { shapeHourly } from '@/features/dashboard/charts/chart-data';

export function rankText(rank: number | null): string {
  return rank === null ? '' : rank === 1 ? 'Most productive' : `Top ${rank}`;
}

/** "09:00–10:00 (2.50 h), 14:00–15:00 (1.00 h)": the API's most productive hours, most first. */
export function topHoursText(distribution: TimeDistribution): string {
  const rows = shapeHourly(distribution);
  return distribution.top_productive_hours.map((hour) => `${rows[hour].slot} (${formatHours(rows[hour].hours)})`).join(', ');
}

/** Every hour of the day with its tracked time and rank. */
export function ProductiveHoursTable({ distribution, title }: { distribution: TimeDistribution; title: string }) {
  const rows = useMemo(() => shapeHourly(distribution), [distribution]);
  return (
    <table className="table analytics-table">
      <caption className="visually-hidden">
        {title}, {formatRange(distribution.date_range)}, in {distribution.time_zone}
      </caption>
      <thead>
        <tr>
          <th scope="col">Hour of the day</th>
          <th scope="col" className="numeric">
            Hours
          </th>
          <th scope="col">Rank</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.hour}>
            <th scope="row">{row.slot}</th>
            <td className="numeric">{formatHours(row.hours)}</td>
            <td>{rankText(row.rank)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td className="numeric">{formatHours(distribution.total_hours)}</td>
          <td />
        </tr>
      </tfoot>
    </table>
  );
}
