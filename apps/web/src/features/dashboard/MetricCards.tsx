import type { DashboardMetrics, ProductivityTrend } from '@stint/contracts';
import { useId, type ReactNode } from 'react';
import { ChangeText } from '@/features/dashboard/ChangeText';
import { formatCount, formatHours, formatPercent, formatScore } from '@/features/dashboard/format';

interface Metric {
  key: string;
  label: string;
  value: string;
  /** A unit or scale after the value ("/ 100"). */
  unit?: string;
  detail?: ReactNode;
  /** Percent change against the previous period; undefined when the metric has none. */
  change?: number | null;
}

/** On time over completed with a due date, in the range; null when no completed task had one. */
export function onTimeRate(metrics: Pick<DashboardMetrics, 'tasks_completed_on_time' | 'tasks_completed_late'>): number | null {
  const judged = metrics.tasks_completed_on_time + metrics.tasks_completed_late;
  return judged === 0 ? null : Math.round((metrics.tasks_completed_on_time / judged) * 10_000) / 100;
}

export function dashboardMetrics(metrics: DashboardMetrics, trend: ProductivityTrend | undefined): Metric[] {
  const comparison = trend?.comparison_previous_period;
  const rate = onTimeRate(metrics);
  const judged = metrics.tasks_completed_on_time + metrics.tasks_completed_late;
  return [
    { key: 'hours', label: 'Hours tracked', value: formatHours(metrics.total_time_tracked_hours), change: comparison ? comparison.time_tracked_hours : undefined },
    { key: 'completed', label: 'Tasks completed', value: formatCount(metrics.total_tasks_completed), change: comparison ? comparison.tasks_completed : undefined },
    {
      key: 'in-progress',
      label: 'In progress',
      value: formatCount(metrics.total_tasks_in_progress),
      detail: `Now, with ${formatCount(metrics.total_tasks_todo)} to do`,
    },
    {
      key: 'on-time',
      label: 'On-time rate',
      value: rate === null ? '—' : formatPercent(rate),
      detail: judged === 0 ? 'No completed task had a due date' : `${formatCount(metrics.tasks_completed_on_time)} of ${formatCount(judged)} with a due date`,
    },
    {
      key: 'completion-time',
      label: 'Average completion time',
      value: metrics.total_tasks_completed === 0 ? '—' : formatHours(metrics.average_task_completion_time_hours),
      detail: metrics.total_tasks_completed === 0 ? 'No task completed in this range' : 'From created to done',
    },
    { key: 'score', label: 'Productivity score', value: formatScore(metrics.productivity_score), unit: '/ 100', change: comparison ? comparison.productivity_score : undefined },
  ];
}

function MetricCard({ metric, previousLabel }: { metric: Metric; previousLabel: string }) {
  const labelId = useId();
  return (
    <div className="metric-card" role="group" aria-labelledby={labelId} data-metric={metric.key}>
      <p id={labelId} className="metric-label">
        {metric.label}
      </p>
      <p className="metric-value">
        {metric.value}
        {metric.unit && <span className="metric-unit"> {metric.unit}</span>}
      </p>
      {metric.change !== undefined && (
        <p className="metric-detail">
          <ChangeText change={metric.change} /> <span className="muted">vs {previousLabel}</span>
        </p>
      )}
      {metric.detail && <p className="metric-detail muted">{metric.detail}</p>}
    </div>
  );
}

const CARD_KEYS = ['hours', 'completed', 'in-progress', 'on-time', 'completion-time', 'score'];

interface MetricCardsProps {
  metrics: DashboardMetrics | undefined;
  trend: ProductivityTrend | undefined;
  /** "previous 7 days". */
  previousLabel: string;
  stale?: boolean;
}

/** The range's headline figures as text, each with its label; skeletons until they arrive. */
export function MetricCards({ metrics, trend, previousLabel, stale }: MetricCardsProps) {
  if (!metrics) {
    return (
      <div className="metric-grid" role="status">
        <span className="visually-hidden">Loading your figures…</span>
        {CARD_KEYS.map((key) => (
          <div key={key} className="metric-card" aria-hidden="true">
            <span className="skeleton" style={{ width: '55%' }} />
            <span className="skeleton metric-skeleton-value" />
            <span className="skeleton" style={{ width: '70%' }} />
          </div>
        ))}
      </div>
    );
  }
  return (
    <div className={stale ? 'metric-grid analytics-stale' : 'metric-grid'} aria-busy={stale || undefined}>
      {dashboardMetrics(metrics, trend).map((metric) => (
        <MetricCard key={metric.key} metric={metric} previousLabel={previousLabel} />
      ))}
    </div>
  );
}
