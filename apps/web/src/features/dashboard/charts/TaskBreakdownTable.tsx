import type { TaskStatistics } from '@stint/contracts';
import { useMemo } from 'react';
import { formatCount } from '@/features/dashboard/format';
import { shapeTaskCounts, type CountRow } from '@/features/dashboard/charts/chart-data';

function CountTable({ rows, caption, heading, total }: { rows: CountRow[]; caption: string; heading: string; total: number }) {
  return (
    <table className="table analytics-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{heading}</th>
          <th scope="col" className="numeric">
            Tasks
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.label}</th>
            <td className="numeric">{formatCount(row.count)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td className="numeric">{formatCount(total)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

export function TaskBreakdownTable({ statistics }: { statistics: TaskStatistics }) {
  const counts = useMemo(() => shapeTaskCounts(statistics), [statistics]);
  return (
    <div className="count-tables">
      <CountTable rows={counts.status} caption="Your tasks by status" heading="Status" total={statistics.total_tasks} />
      <CountTable rows={counts.priority} caption="Your tasks by priority" heading="Priority" total={statistics.total_tasks} />
    </div>
  );
}
