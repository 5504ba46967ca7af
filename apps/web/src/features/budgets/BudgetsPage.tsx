import { BUDGET_STATUSES, type BudgetListQuery, type BudgetSort, type BudgetStatus } from '@stint/contracts';
import { Link } from 'react-router';
import { useUrlFilters } from '@/lib/url-filters';
import { useBudgets } from '@/api/budgets';
import { describeError } from '@/api/errors';
import { FormAlert } from '@/components/FormAlert';
import { Pagination } from '@/components/Pagination';
import { TableSkeleton } from '@/components/Skeleton';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { formatCalendarDate } from '@/lib/dates';
import { formatMoney } from '@/lib/money';
import { BudgetProgress } from '@/features/budgets/BudgetProgress';
import { useLiveBudgetAlerts } from '@/features/budgets/useAlertToasts';
import './budgets.css';

const STATUS_LABELS: Record<BudgetStatus, string> = { planning: 'Planning', active: 'Active', exceeded: 'Exceeded' };
const SORT_LABELS: Record<BudgetSort, string> = { percent_used: 'Percent used', forecast: 'Forecast', name: 'Name', status: 'Status' };

function readQuery(params: URLSearchParams): BudgetListQuery {
  const query: BudgetListQuery = {};
  const status = params.get('status');
  if (status && (BUDGET_STATUSES as readonly string[]).includes(status)) query.status = status as BudgetStatus;
  const over = params.get('over');
  if (over === 'true' || over === 'false') query.over_threshold = over === 'true';
  const sort = params.get('sort');
  if (sort && sort in SORT_LABELS) query.sort = sort as BudgetSort;
  const order = params.get('order');
  if (order === 'asc' || order === 'desc') query.order = order;
  const page = Number(params.get('page'));
  if (Number.isInteger(page) && page > 1) query.page = page;
  return query;
}

/** The admin budget dashboard: every project with a budget, how far along, when it runs out, open alerts. */
export function BudgetsPage() {
  useDocumentTitle('Budgets');
  const { params, update } = useUrlFilters();
  const query = readQuery(params);
  const pollInterval = useLiveBudgetAlerts();
  const budgets = useBudgets(query, pollInterval);
  const data = budgets.data;

  function sortBy(sort: BudgetSort) {
    const current = query.sort ?? 'percent_used';
    const currentOrder = query.order ?? (current === 'percent_used' ? 'desc' : 'asc');
    const order = current === sort ? (currentOrder === 'asc' ? 'desc' : 'asc') : sort === 'percent_used' ? 'desc' : 'asc';
    update({ sort, order });
  }

  function sortHeader(sort: BudgetSort, label: string, numeric = false) {
    const active = (query.sort ?? 'percent_used') === sort;
    const order = query.order ?? ((query.sort ?? 'percent_used') === 'percent_used' ? 'desc' : 'asc');
    return (
      <th scope="col" className={numeric ? 'numeric' : undefined} aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : undefined}>
        <button type="button" className="budget-sort-button" onClick={() => sortBy(sort)}>
          {label}
          {active ? (order === 'asc' ? ' ▲' : ' ▼') : ''}
        </button>
      </th>
    );
  }

  return (
    <section className="page page-wide" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Budgets</h1>
        <p className="muted">
          Every project with a budget: how much is used, when it runs out at the current pace, and open alerts.{' '}
          <span className="budget-live">{pollInterval === false ? 'Live.' : 'Refreshing every 10 s.'}</span>
        </p>
      </header>

      <div className="filter-bar filter-bar-inline">
        <label className="field">
          <span className="field-label">Status</span>
          <select className="field-input" value={query.status ?? ''} onChange={(event) => update({ status: event.target.value || null })}>
            <option value="">All</option>
            {BUDGET_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Alert threshold</span>
          <select
            className="field-input"
            value={query.over_threshold === undefined ? '' : String(query.over_threshold)}
            onChange={(event) => update({ over: event.target.value || null })}
          >
            <option value="">Any</option>
            <option value="true">Over the threshold</option>
            <option value="false">Below the threshold</option>
          </select>
        </label>
      </div>

      {budgets.isError && !data ? (
        <FormAlert>
          Couldn't load the budgets. {describeError(budgets.error)}{' '}
          <button type="button" className="link-button" onClick={() => void budgets.refetch()}>
            Try again
          </button>
        </FormAlert>
      ) : data && data.meta.total === 0 ? (
        <div className="empty-state">
          <p className="empty-state-title">No budgets</p>
          <p className="muted">Open a project's budget page to set one: Projects → a project → Budget, or /budgets/&lt;project id&gt;.</p>
        </div>
      ) : (
        <div className="table-scroll" role="region" aria-label="Budgets table" tabIndex={0}>
          <table className="table" aria-busy={budgets.isFetching && budgets.isPlaceholderData ? true : undefined}>
            <caption className="visually-hidden">Project budgets</caption>
            <thead>
              <tr>
                {sortHeader('name', 'Project')}
                {sortHeader('status', 'Status')}
                {sortHeader('percent_used', 'Used')}
                <th scope="col" className="numeric">
                  Cost / budget
                </th>
                <th scope="col" className="numeric">
                  Burn rate
                </th>
                {sortHeader('forecast', 'Forecast')}
                <th scope="col">Alerts</th>
              </tr>
            </thead>
            <tbody className={budgets.isPlaceholderData ? 'is-stale' : undefined}>
              {!data ? (
                <TableSkeleton columns={7} label="budgets" />
              ) : (
                data.data.map((row) => (
                  <tr key={row.budget_id}>
                    <td>
                      <Link to={`/budgets/${row.project_id}`} className="task-title-link">
                        {row.project_name}
                      </Link>{' '}
                      <span className="cell-key">{row.project_key}</span>
                      {row.is_locked && <span className="badge badge-muted">Locked</span>}
                      {row.project_archived && <span className="badge badge-muted">Archived</span>}
                    </td>
                    <td>{STATUS_LABELS[row.status]}</td>
                    <td>
                      <BudgetProgress budget={row} label={`Budget used by ${row.project_name}`} />
                    </td>
                    <td className="numeric">
                      {formatMoney(row.total_cost, row.currency)} / {formatMoney(row.total_budget, row.currency)}
                    </td>
                    <td className="numeric">{formatMoney(row.burn_rate_per_day, row.currency)}/day</td>
                    <td>
                      {row.exceeded_on ? (
                        <>Exceeded {formatCalendarDate(row.exceeded_on)}</>
                      ) : row.forecast_date ? (
                        <time dateTime={row.forecast_date}>{formatCalendarDate(row.forecast_date)}</time>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td>
                      {row.open_alerts > 0 ? (
                        <span className="budget-alert-badge">{row.open_alerts === 1 ? '1 open alert' : `${row.open_alerts} open alerts`}</span>
                      ) : (
                        <span className="muted">None</span>
                      )}
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      )}

      {data && data.meta.total > 0 && <Pagination meta={data.meta} noun="budgets" onPageChange={(next) => update({ page: String(next) })} />}
    </section>
  );
}
