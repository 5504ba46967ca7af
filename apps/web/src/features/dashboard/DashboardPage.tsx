import { DISTRIBUTION_GROUPS, type DistributionGroup } from '@stint/contracts';
import type { UseQueryResult } from '@tanstack/react-query';
import { useId, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useDashboardMetrics, useProductivityTrend, useRefetchAnalyticsOnChanges, useTaskStatistics, useTimeDistribution } from '@/api/analytics';
import { describeError } from '@/api/errors';
import { useCurrentUser } from '@/api/users';
import { FormAlert } from '@/components/FormAlert';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { formatCalendarDate, formatDateTime } from '@/lib/dates';
import { ChartCard, NoTimeInRange, type ChartStatus } from '@/features/dashboard/charts/ChartCard';
import { DailyHoursChartView, DistributionChartView, ProductiveHoursChartView, TaskBreakdownChartView, TrendChartView } from '@/features/dashboard/charts/chart-views';
import { DailyHoursTable } from '@/features/dashboard/charts/DailyHoursTable';
import { DistributionTable, GROUP_LABELS } from '@/features/dashboard/charts/DistributionTable';
import { ProductiveHoursTable, topHoursText } from '@/features/dashboard/charts/ProductiveHoursTable';
import { TaskBreakdownTable } from '@/features/dashboard/charts/TaskBreakdownTable';
import { TrendComparison, TrendTable } from '@/features/dashboard/charts/TrendTable';
import { rangeLength } from '@/features/dashboard/date-range';
import { formatCount, formatHours, formatPercent } from '@/features/dashboard/format';
import { MetricCards } from '@/features/dashboard/MetricCards';
import { RangePicker, useRangeParam } from '@/features/dashboard/RangePicker';
import '@/features/dashboard/dashboard.css';

function greeting(hour: number): string {
  if (hour < 5) return 'Good evening';
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

const FIRST_STEPS = [
  { to: '/projects', title: 'Create a project', text: 'Group your work by client, product or goal.' },
  { to: '/tasks', title: 'Add tasks', text: 'Break the project into the pieces you actually work on.' },
  { to: '/time', title: 'Start a timer', text: 'Press start when you begin and stop when you finish — or add time afterwards.' },
] as const;

/** Nothing to chart: an honest empty state that shows the way in rather than empty axes. */
function DashboardEmptyState({ hasTasks }: { hasTasks: boolean }) {
  return (
    <div className="empty-state empty-state-large">
      <svg className="empty-state-art" viewBox="0 0 64 64" width="64" height="64" aria-hidden="true" focusable="false">
        <circle cx="32" cy="35" r="21" fill="none" stroke="currentColor" strokeWidth="4" />
        <path d="M32 23v12l8 5" fill="none" stroke="currentColor" strokeWidth="4" strokeLinecap="round" strokeLinejoin="round" />
        <path d="M26 8h12" stroke="currentColor" strokeWidth="4" strokeLinecap="round" />
      </svg>
      <h2 className="empty-state-title">{hasTasks ? 'No time tracked in this range' : 'No time tracked yet'}</h2>
      <p className="muted">
        Once you track time, your hours per day, where they went and your most productive hours show up here. Pick another range above, or here’s how to start:
      </p>
      <ol className="steps">
        {FIRST_STEPS.map((step, index) => (
          <li key={step.to} className="step">
            <span className="step-number" aria-hidden="true">
              {index + 1}
            </span>
            <span>
              <Link to={step.to} className="step-title">
                {step.title}
              </Link>
              <span className="step-text">{step.text}</span>
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}

function statusOf<T>(query: UseQueryResult<T>, isEmpty: (data: T) => boolean): ChartStatus {
  if (query.data === undefined) return query.isError ? 'error' : 'loading';
  return isEmpty(query.data) ? 'empty' : 'ready';
}

function parseGroup(value: string | null): DistributionGroup {
  return (DISTRIBUTION_GROUPS as readonly string[]).includes(value ?? '') ? (value as DistributionGroup) : 'project';
}

function GroupPicker({ value, onChange }: { value: DistributionGroup; onChange: (group: DistributionGroup) => void }) {
  const name = useId();
  return (
    <fieldset className="group-picker">
      <legend className="visually-hidden">Group by</legend>
      <div className="toggle-group">
        {DISTRIBUTION_GROUPS.map((group) => (
          <label key={group} className="toggle">
            <input type="radio" name={name} value={group} checked={value === group} onChange={() => onChange(group)} />
            {GROUP_LABELS[group]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * The landing page: where the user's time went over a range of days (in their time zone),
 * as metric cards and charts, each chart also readable as a table.
 */
export function DashboardPage() {
  useDocumentTitle('Dashboard');
  const user = useCurrentUser();
  const timeZone = user?.timezone;
  const firstName = (user?.full_name ?? '').split(/\s+/)[0];

  const [selection, setSelection] = useRangeParam('this-week', timeZone);
  const range = useMemo(() => ({ start: selection.start, end: selection.end }), [selection.start, selection.end]);
  const [search, setSearch] = useSearchParams();
  const group = parseGroup(search.get('by'));
  const setGroup = (next: DistributionGroup) =>
    setSearch((current) => {
      const updated = new URLSearchParams(current);
      if (next === 'project') updated.delete('by');
      else updated.set('by', next);
      return updated;
    });

  useRefetchAnalyticsOnChanges();
  const dashboard = useDashboardMetrics(range);
  const trend = useProductivityTrend(range);
  const tasks = useTaskStatistics();
  const distribution = useTimeDistribution({ ...range, group_by: group });

  const days = rangeLength(range);
  const previousLabel = `previous ${days === 1 ? 'day' : `${days} days`}`;
  const metrics = dashboard.data;
  const nothingToChart =
    metrics !== undefined &&
    trend.data !== undefined &&
    metrics.total_time_tracked_seconds === 0 &&
    metrics.total_tasks_completed === 0 &&
    trend.data.previous_period.time_tracked_seconds === 0 &&
    trend.data.previous_period.tasks_completed === 0;

  const busiest = metrics?.daily_breakdown.reduce((best, day) => (day.time_tracked_seconds > best.time_tracked_seconds ? day : best), metrics.daily_breakdown[0]);

  return (
    <section className="page page-wide dashboard" aria-labelledby="page-title">
      <header className="page-header-actions dashboard-header">
        <div className="page-header">
          <h1 id="page-title">Dashboard</h1>
          <p className="muted">
            {greeting(new Date().getHours())}
            {firstName ? `, ${firstName}` : ''}.
          </p>
        </div>
        <RangePicker value={selection} onChange={setSelection} timeZone={timeZone} />
      </header>

      {dashboard.isError && !metrics ? (
        <FormAlert>
          Couldn’t load your figures. {describeError(dashboard.error)}{' '}
          <button type="button" className="link-button" onClick={() => void dashboard.refetch()}>
            Try again
          </button>
        </FormAlert>
      ) : (
        <MetricCards metrics={metrics} trend={trend.data} previousLabel={previousLabel} stale={dashboard.isPlaceholderData} />
      )}

      {nothingToChart ? (
        <DashboardEmptyState hasTasks={(tasks.data?.total_tasks ?? 0) > 0} />
      ) : (
        <div className="chart-grid">
          <ChartCard
            className="chart-card-wide"
            title="Hours per day"
            description="Time tracked each day, running timers included."
            status={statusOf(dashboard, (data) => data.total_time_tracked_seconds === 0)}
            error={dashboard.error}
            onRetry={() => void dashboard.refetch()}
            stale={dashboard.isPlaceholderData}
            empty={<NoTimeInRange />}
            summary={
              metrics &&
              busiest && (
                <p>
                  {formatHours(metrics.total_time_tracked_hours)} over {formatCount(metrics.daily_breakdown.length)} days; the busiest was {formatCalendarDate(busiest.date)} with{' '}
                  {formatHours(busiest.time_tracked_hours)}.
                </p>
              )
            }
            chart={() => metrics && <DailyHoursChartView days={metrics.daily_breakdown} byProject={metrics.daily_by_project} range={metrics.date_range} title="Hours per day" />}
            table={() => metrics && <DailyHoursTable days={metrics.daily_breakdown} byProject={metrics.daily_by_project} range={metrics.date_range} title="Hours per day" />}
          />

          <ChartCard
            className="chart-card-wide"
            title="Trend against the previous period"
            description={`Hours per day, this range beside the ${previousLabel} before it.`}
            status={statusOf(trend, (data) => data.time_tracked_seconds === 0 && data.previous_period.time_tracked_seconds === 0)}
            error={trend.error}
            onRetry={() => void trend.refetch()}
            stale={trend.isPlaceholderData}
            empty={<NoTimeInRange what="time (in this range or the one before)" />}
            summary={trend.data && <TrendComparison trend={trend.data} />}
            chart={() => trend.data && <TrendChartView trend={trend.data} title="Trend against the previous period" />}
            table={() => trend.data && <TrendTable trend={trend.data} title="Trend against the previous period" />}
          />

          <ChartCard
            title="Where your time went"
            description={
              group === 'tag'
                ? 'By tag: time on a task with several tags counts under each, so shares can add up to more than 100%.'
                : `Time tracked by ${GROUP_LABELS[group].toLowerCase()}.`
            }
            controls={<GroupPicker value={group} onChange={setGroup} />}
            status={statusOf(distribution, (data) => data.total_seconds === 0)}
            error={distribution.error}
            onRetry={() => void distribution.refetch()}
            stale={distribution.isPlaceholderData}
            empty={<NoTimeInRange />}
            chart={() => distribution.data && <DistributionChartView distribution={distribution.data} title="Where your time went" />}
            table={() => distribution.data && <DistributionTable distribution={distribution.data} title="Where your time went" />}
          />

          <ChartCard
            title="Productive hours of the day"
            description={`Tracked time by hour of the day${timeZone ? `, in ${timeZone}` : ''}.`}
            status={statusOf(distribution, (data) => data.total_seconds === 0)}
            error={distribution.error}
            onRetry={() => void distribution.refetch()}
            stale={distribution.isPlaceholderData}
            empty={<NoTimeInRange />}
            summary={distribution.data && <p>Most productive: {topHoursText(distribution.data)}.</p>}
            chart={() => distribution.data && <ProductiveHoursChartView distribution={distribution.data} title="Productive hours of the day" />}
            table={() => distribution.data && <ProductiveHoursTable distribution={distribution.data} title="Productive hours of the day" />}
          />

          <ChartCard
            className="chart-card-wide"
            title="Your tasks"
            description="All the tasks you created, as they are now."
            status={statusOf(tasks, (data) => data.total_tasks === 0)}
            error={tasks.error}
            onRetry={() => void tasks.refetch()}
            empty={
              <p className="muted">
                You have no tasks yet. <Link to="/tasks">Add a task</Link> to see them here by status and priority.
              </p>
            }
            summary={
              tasks.data && (
                <p>
                  {formatCount(tasks.data.total_tasks)} tasks, {formatPercent(tasks.data.completion_rate)} done; {formatPercent(tasks.data.on_time_completion_rate)} of those with a
                  due date were done on time.
                </p>
              )
            }
            chart={() => tasks.data && <TaskBreakdownChartView statistics={tasks.data} />}
            table={() => tasks.data && <TaskBreakdownTable statistics={tasks.data} />}
          />
        </div>
      )}

      {metrics && (
        <p className="dashboard-footnote muted">
          Figures as of {formatDateTime(metrics.computed_at, timeZone)}; days and hours in {metrics.time_zone}.
        </p>
      )}
    </section>
  );
}
