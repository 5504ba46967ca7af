import type { DistributionGroup, TimeDistribution } from '@stint/contracts';
import { useMemo } from 'react';
import { formatRange } from '@/features/dashboard/date-range';
import { formatHours, formatPercent } from '@/features/dashboard/format';
import { shapeDistribution, type DistributionSlice } from '@/features/dashboard/charts/chart-data';

export const GROUP_LABELS: Record<DistributionGroup, string> = { project: 'Project', task: 'Task', tag: 'Tag' };

export function sliceName(slice: DistributionSlice): string {
  return slice.taskKey ? `${slice.taskKey} ${slice.label}` : slice.label;
}

/** The donut's slices as a table, with the total tracked. */
export function DistributionTable({ distribution, title }: { distribution: TimeDistribution; title: string }) {
  const slices = useMemo(() => shapeDistribution(distribution), [distribution]);
  const group = GROUP_LABELS[distribution.group_by];
  return (
    <table className="table analytics-table">
      <caption className="visually-hidden">
        {title} by {group.toLowerCase()}, {formatRange(distribution.date_range)}
      </caption>
      <thead>
        <tr>
          <th scope="col">{group}</th>
          <th scope="col" className="numeric">
            Hours
          </th>
          <th scope="col" className="numeric">
            Share
          </th>
        </tr>
      </thead>
      <tbody>
        {slices.map((slice) => (
          <tr key={slice.key}>
            <th scope="row">{sliceName(slice)}</th>
            <td className="numeric">{formatHours(slice.hours)}</td>
            <td className="numeric">{formatPercent(slice.percentage)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total tracked</th>
          <td className="numeric">{formatHours(distribution.total_hours)}</td>
          <td className="numeric">{distribution.group_by === 'tag' ? '' : formatPercent(100)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
