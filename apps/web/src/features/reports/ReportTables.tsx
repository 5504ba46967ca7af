import type { ReportFigures, ReportMoney, ReportResponse } from '@stint/contracts';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatCalendarDate } from '@/lib/dates';
import { formatMoney } from '@/lib/money';
import { formatRange } from '@/features/dashboard/date-range';
import { formatCount, formatHours } from '@/features/dashboard/format';

/** Amounts per currency, never added across currencies: "€120.00 + $4.00"; "—" for none. */
export function formatCost(cost: ReportMoney[] | null, field: 'amount' | 'billable_amount'): string {
  if (!cost || cost.length === 0) return '—';
  return cost.map((line) => formatMoney(line[field], line.currency)).join(' + ');
}

interface FiguresTableProps<Row extends ReportFigures> {
  caption: string;
  /** Heading of the first column ("Day", "Task"…). */
  heading: string;
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  rowLabel: (row: Row) => ReactNode;
  totals: ReportFigures;
  /** Money columns only when the API sent money (admins). */
  money: boolean;
}

/** One breakdown of a report: a row per group, the billable split, and the report's totals. */
function FiguresTable<Row extends ReportFigures>({ caption, heading, rows, rowKey, rowLabel, totals, money }: FiguresTableProps<Row>) {
  const cells = (figures: ReportFigures) => (
    <>
      <td className="numeric">{formatCount(figures.entries)}</td>
      <td className="numeric">{formatHours(figures.hours)}</td>
      <td className="numeric">{formatHours(figures.billable_hours)}</td>
      <td className="numeric">{formatHours(figures.non_billable_hours)}</td>
      {money && <td className="numeric">{formatCost(figures.cost, 'amount')}</td>}
      {money && <td className="numeric">{formatCost(figures.cost, 'billable_amount')}</td>}
    </>
  );
  return (
    <div className="table-scroll">
      <table className="table analytics-table report-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{heading}</th>
            <th scope="col" className="numeric">
              Entries
            </th>
            <th scope="col" className="numeric">
              Hours
            </th>
            <th scope="col" className="numeric">
              Billable
            </th>
            <th scope="col" className="numeric">
              Non-billable
            </th>
            {money && (
              <th scope="col" className="numeric">
                Cost
              </th>
            )}
            {money && (
              <th scope="col" className="numeric">
                Billable cost
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              <th scope="row">{rowLabel(row)}</th>
              {cells(row)}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            {cells(totals)}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** A report's headline figures, then its breakdowns by day, by task and by user (or project). */
export function ReportView({ report }: { report: ReportResponse }) {
  const money = report.money_visible;
  const period = formatRange(report.date_range);
  const name = report.subject.name;
  const { totals } = report;
  return (
    <>
      <dl className="details report-totals" aria-label="Totals">
        <div className="detail">
          <dt>Hours</dt>
          <dd>{formatHours(totals.hours)}</dd>
        </div>
        <div className="detail">
          <dt>Billable</dt>
          <dd>{formatHours(totals.billable_hours)}</dd>
        </div>
        <div className="detail">
          <dt>Non-billable</dt>
          <dd>{formatHours(totals.non_billable_hours)}</dd>
        </div>
        <div className="detail">
          <dt>Entries</dt>
          <dd>{formatCount(totals.entries)}</dd>
        </div>
        {money && (
          <div className="detail">
            <dt>Cost</dt>
            <dd>{formatCost(totals.cost, 'amount')}</dd>
          </div>
        )}
        {money && (
          <div className="detail">
            <dt>Billable cost</dt>
            <dd>{formatCost(totals.cost, 'billable_amount')}</dd>
          </div>
        )}
      </dl>

      <section className="report-section" aria-labelledby="report-by-day">
        <h2 id="report-by-day">By day</h2>
        <FiguresTable
          caption={`${name}: time by day, ${period}`}
          heading="Day"
          rows={report.by_day}
          rowKey={(row) => row.date}
          rowLabel={(row) => <time dateTime={row.date}>{formatCalendarDate(row.date)}</time>}
          totals={totals}
          money={money}
        />
      </section>

      <section className="report-section" aria-labelledby="report-by-task">
        <h2 id="report-by-task">By task</h2>
        <FiguresTable
          caption={`${name}: time by task, ${period}`}
          heading="Task"
          rows={report.by_task}
          rowKey={(row) => row.task_id ?? 'none'}
          rowLabel={(row) =>
            row.task_id ? (
              <Link to={`/tasks/${row.task_id}`}>
                {row.task_key && <span className="cell-key">{row.task_key} </span>}
                {row.task_title}
              </Link>
            ) : (
              <span className="muted">No task</span>
            )
          }
          totals={totals}
          money={money}
        />
      </section>

      {report.subject.type === 'project' ? (
        <section className="report-section" aria-labelledby="report-by-user">
          <h2 id="report-by-user">By user</h2>
          <FiguresTable
            caption={`${name}: time by user, ${period}`}
            heading="User"
            rows={report.by_user}
            rowKey={(row) => row.user_id}
            rowLabel={(row) => row.full_name}
            totals={totals}
            money={money}
          />
        </section>
      ) : (
        <section className="report-section" aria-labelledby="report-by-project">
          <h2 id="report-by-project">By project</h2>
          <FiguresTable
            caption={`${name}: time by project, ${period}`}
            heading="Project"
            rows={report.by_project}
            rowKey={(row) => row.project_id ?? 'none'}
            rowLabel={(row) => (row.project_id ? <Link to={`/projects/${row.project_id}`}>{row.project_name}</Link> : <span className="muted">No project</span>)}
            totals={totals}
            money={money}
          />
        </section>
      )}
    </>
  );
}
