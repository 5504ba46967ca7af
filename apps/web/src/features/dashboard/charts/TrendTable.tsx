import type { ProductivityTrend } from '@stint/contracts';
import { useMemo } from 'react';
import { formatCalendarDate } from '@/lib/dates';
import { formatRange } from '@/features/dashboard/date-range';
import { formatCount, formatHours, formatScore } from '@/features/dashboard/format';
import { ChangeText } from '@/features/dashboard/ChangeText';
import { shapeTrend, type TrendRow } from '@/features/dashboard/charts/chart-data';

export function periodLabel(trend: ProductivityTrend, which: 'current' | 'previous'): string {
  const period = which === 'current' ? trend : trend.previous_period;
  return formatRange({ start: period.period_start, end: period.period_end });
}

export function dayTitle(row: TrendRow): string {
  return `Day ${row.day}`;
}

/** The comparison the trend endpoint computes: tasks, hours and score with their percent change. */
export function TrendComparison({ trend }: { trend: ProductivityTrend }) {
  const change = trend.comparison_previous_period;
  const figures = [
    { label: 'Hours tracked', current: formatHours(trend.time_tracked_hours), previous: formatHours(trend.previous_period.time_tracked_hours), change: change.time_tracked_hours },
    { label: 'Tasks completed', current: formatCount(trend.tasks_completed), previous: formatCount(trend.previous_period.tasks_completed), change: change.tasks_completed },
    {
      label: 'Productivity score',
      current: formatScore(trend.productivity_score),
      previous: formatScore(trend.previous_period.productivity_score),
      change: change.productivity_score,
    },
  ];
  return (
    <ul className="trend-comparison">
      {figures.map((figure) => (
        <li key={figure.label}>
          <span className="trend-comparison-label">{figure.label}</span>
          <span className="trend-comparison-value">{figure.current}</span>
          <span className="muted">
            {' '}
            (previously {figure.previous}, <ChangeText change={figure.change} />)
          </span>
        </li>
      ))}
    </ul>
  );
}

export function TrendTable({ trend, title }: { trend: ProductivityTrend; title: string }) {
  const rows = useMemo(() => shapeTrend(trend), [trend]);
  return (
    <table className="table analytics-table">
      <caption className="visually-hidden">
        {title}: {periodLabel(trend, 'current')} against {periodLabel(trend, 'previous')}
      </caption>
      <thead>
        <tr>
          <th scope="col">Day</th>
          <th scope="col">This period</th>
          <th scope="col" className="numeric">
            Hours
          </th>
          <th scope="col" className="numeric">
            Tasks completed
          </th>
          <th scope="col">Previous period</th>
          <th scope="col" className="numeric">
            Hours
          </th>
          <th scope="col" className="numeric">
            Tasks completed
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.day}>
            <th scope="row">{dayTitle(row)}</th>
            <td>{row.currentDate ? formatCalendarDate(row.currentDate) : '—'}</td>
            <td className="numeric">{row.currentHours === null ? '—' : formatHours(row.currentHours)}</td>
            <td className="numeric">{row.currentTasks === null ? '—' : formatCount(row.currentTasks)}</td>
            <td>{row.previousDate ? formatCalendarDate(row.previousDate) : '—'}</td>
            <td className="numeric">{row.previousHours === null ? '—' : formatHours(row.previousHours)}</td>
            <td className="numeric">{row.previousTasks === null ? '—' : formatCount(row.previousTasks)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={2}>
            Total
          </th>
          <td className="numeric">{formatHours(trend.time_tracked_hours)}</td>
          <td className="numeric">{formatCount(trend.tasks_completed)}</td>
          <td />
          <td className="numeric">{formatHours(trend.previous_period.time_tracked_hours)}</td>
          <td className="numeric">{formatCount(trend.previous_period.tasks_completed)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
