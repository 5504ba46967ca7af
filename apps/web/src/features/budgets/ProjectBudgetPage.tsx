import { PAGE_SIZE_MAX, type ProjectBudgetResponse } from '@stint/contracts';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { useBudgetAlerts, useProjectBudget, useProjectStatistics } from '@/api/budgets';
import { describeError } from '@/api/errors';
import { useProject } from '@/api/projects';
import { useMe } from '@/api/users';
import { DetailsSkeleton } from '@/components/Skeleton';
import { FormAlert } from '@/components/FormAlert';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { formatCalendarDate, formatHours, todayIn } from '@/lib/dates';
import { formatMoney, fromCents, toCents } from '@/lib/money';
import { AlertList } from '@/features/budgets/AlertList';
import { BudgetForm } from '@/features/budgets/BudgetForm';
import { BudgetProgress } from '@/features/budgets/BudgetProgress';
import { burnDownSeries } from '@/features/budgets/budget-logic';
import { BurnDownChart } from '@/features/budgets/BurnDownChart';
import { useLiveBudgetAlerts } from '@/features/budgets/useAlertToasts';
import './budgets.css';

/** A budget's headline figures: cost and remaining add up to the budget exactly as shown. */
export function BudgetSummary({ budget }: { budget: ProjectBudgetResponse }) {
  const money = (amount: string) => formatMoney(amount, budget.currency);
  // From the figures on screen (in cents), not a separately rounded remainder: 856.93 + 143.08 showed 1,000.01.
  const remaining = fromCents(toCents(budget.total_budget) - toCents(budget.total_cost));
  return (
    <>
      <BudgetProgress budget={budget} label="Budget used" />
      <dl className="budget-cards">
        <div className="budget-card">
          <dt>Cost / budget</dt>
          <dd>
            {money(budget.total_cost)} / {money(budget.total_budget)}
          </dd>
        </div>
        <div className="budget-card">
          <dt>Remaining</dt>
          <dd>{money(remaining)}</dd>
        </div>
        <div className="budget-card">
          <dt>Burn rate</dt>
          <dd>{money(budget.burn_rate_per_day)}/day</dd>
        </div>
        <div className="budget-card">
          <dt>{budget.exceeded_on ? 'Exceeded on' : 'Forecast run-out'}</dt>
          <dd>{budget.exceeded_on ? formatCalendarDate(budget.exceeded_on) : budget.forecast_date ? formatCalendarDate(budget.forecast_date) : '—'}</dd>
        </div>
        <div className="budget-card">
          <dt>Running timers</dt>
          <dd>
            {budget.active_timers} · {money(budget.active_timers_cost)}
          </dd>
        </div>
      </dl>
      {!budget.tracking_enabled && <FormAlert tone="info">Budget tracking is turned off in the settings: costs aren't being added up.</FormAlert>}
      {budget.cap_reached && <FormAlert>The budget is used up and locked: no more time can be tracked on this project.</FormAlert>}
    </>
  );
}

/** A project's budget (admins): settings, burn-down, cost by user and by task, alerts. */
export function ProjectBudgetPage() {
  const { projectId = '' } = useParams();
  const project = useProject(projectId);
  const pollInterval = useLiveBudgetAlerts();
  // The budget's own figures follow the stream, or polling while it is down.
  const budget = useProjectBudget(projectId, true, pollInterval);
  const statistics = useProjectStatistics(projectId);
  const alerts = useBudgetAlerts({ project_id: projectId, per_page: PAGE_SIZE_MAX }, pollInterval);
  const me = useMe();
  const timeZone = statistics.data?.time_zone ?? me.data?.timezone;
  useDocumentTitle(project.data ? `Budget · ${project.data.name}` : 'Budget');

  const full = budget.data && budget.data.view === 'full' ? budget.data : null;
  const points = useMemo(() => {
    if (!full || !statistics.data) return null;
    return burnDownSeries({
      totalBudget: full.total_budget,
      totalCost: full.total_cost,
      byDay: statistics.data.by_day,
      forecastDate: full.forecast_date,
      today: todayIn(timeZone),
    });
  }, [full, statistics.data, timeZone]);

  if (project.isError || budget.isError) {
    return (
      <section className="page">
        <FormAlert>Couldn't load the budget. {describeError(project.error ?? budget.error)}</FormAlert>
      </section>
    );
  }
  if (!project.data || budget.data === undefined) {
    return (
      <section className="page">
        <DetailsSkeleton label="budget" />
      </section>
    );
  }

  const stats = statistics.data;
  const currency = stats?.currency ?? full?.currency ?? project.data.currency;
  return (
    <section className="page page-wide" aria-labelledby="page-title">
      <header className="page-header">
        <p className="muted">
          <Link to="/budgets">Budgets</Link> · <Link to={`/projects/${projectId}`}>{project.data.key}</Link>
        </p>
        <h1 id="page-title">Budget: {project.data.name}</h1>
      </header>

      {full ? <BudgetSummary budget={full} /> : <p className="muted">This project has no budget yet.</p>}

      <section className="budget-section" aria-labelledby="budget-settings">
        <h2 id="budget-settings">{full ? 'Settings' : 'Set a budget'}</h2>
        <BudgetForm key={full?.updated_at ?? 'new'} projectId={projectId} budget={full} projectCurrency={project.data.currency} />
      </section>

      {full && (
        <section className="budget-section" aria-labelledby="budget-alerts">
          <h2 id="budget-alerts">Alerts</h2>
          {alerts.isError ? (
            <FormAlert>Couldn't load the alerts. {describeError(alerts.error)}</FormAlert>
          ) : alerts.data ? (
            <AlertList alerts={alerts.data.data} timeZone={timeZone} />
          ) : (
            <p className="muted">Loading alerts…</p>
          )}
        </section>
      )}

      {full && points && (
        <section className="budget-section" aria-labelledby="budget-burndown">
          <h2 id="budget-burndown">Burn-down</h2>
          <BurnDownChart points={points} currency={full.currency} />
        </section>
      )}

      <section className="budget-section" aria-labelledby="budget-costs">
        <h2 id="budget-costs">Cost by user and by task</h2>
        {statistics.isError ? (
          <FormAlert>Couldn't load the statistics. {describeError(statistics.error)}</FormAlert>
        ) : !stats ? (
          <p className="muted">Loading statistics…</p>
        ) : (
          <>
            <CostTable
              caption="Cost by user"
              rows={stats.by_user.map((row) => ({ key: row.user_id, name: row.full_name, hours: row.hours, cost: row.cost }))}
              totals={stats.totals}
              currency={currency}
            />
            <CostTable
              caption="Cost by task"
              rows={stats.by_task.map((row) => ({
                key: row.task_id ?? 'none',
                name: row.task_id ? `${row.task_key} ${row.task_title}` : 'No task',
                hours: row.hours,
                cost: row.cost,
              }))}
              totals={stats.totals}
              currency={currency}
            />
          </>
        )}
      </section>
    </section>
  );
}

function CostTable({
  caption,
  rows,
  totals,
  currency,
}: {
  caption: string;
  rows: { key: string; name: string; hours: number; cost: string | null }[];
  totals: { hours: number; cost: string | null };
  currency: string | null;
}) {
  const money = (amount: string | null) => (amount !== null && currency ? formatMoney(amount, currency) : '—');
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{caption.endsWith('user') ? 'User' : 'Task'}</th>
            <th scope="col" className="numeric">
              Hours
            </th>
            <th scope="col" className="numeric">
              Cost
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={3} className="muted">
                No time tracked yet.
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={row.key}>
                <td>{row.name}</td>
                <td className="numeric">{formatHours(row.hours)}</td>
                <td className="numeric">{money(row.cost)}</td>
              </tr>
            ))
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td className="numeric">{formatHours(totals.hours)}</td>
            <td className="numeric">{money(totals.cost)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
