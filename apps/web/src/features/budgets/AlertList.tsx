import type { BudgetAlertResponse } from '@stint/contracts';
import { useAcknowledgeAlert } from '@/api/budgets';
import { describeError } from '@/api/errors';
import { FormAlert } from '@/components/FormAlert';
import { formatDateTime } from '@/lib/dates';
import { formatMoney } from '@/lib/money';

const TYPE_LABELS = { warning: 'Warning', critical: 'Critical', exceeded: 'Exceeded' } as const;

/** A project's alerts, newest first, with Acknowledge on the open ones. */
export function AlertList({ alerts, timeZone }: { alerts: readonly BudgetAlertResponse[]; timeZone?: string }) {
  const acknowledge = useAcknowledgeAlert();
  if (alerts.length === 0) return <p className="muted">No alerts yet.</p>;
  return (
    <>
      {acknowledge.isError && <FormAlert>Couldn't acknowledge the alert. {describeError(acknowledge.error)}</FormAlert>}
      <div className="table-scroll" role="region" aria-label="Alerts table" tabIndex={0}>
        <table className="table">
          <caption className="visually-hidden">Budget alerts</caption>
          <thead>
            <tr>
              <th scope="col">Alert</th>
              <th scope="col" className="numeric">
                Used
              </th>
              <th scope="col" className="numeric">
                Cost then
              </th>
              <th scope="col">Raised</th>
              <th scope="col">Acknowledged</th>
            </tr>
          </thead>
          <tbody>
            {alerts.map((alert) => (
              <tr key={alert.id}>
                <td>
                  <span className={`budget-level budget-level-tag-${alert.alert_type}`}>{TYPE_LABELS[alert.alert_type]}</span> at {alert.threshold_percentage}%
                </td>
                <td className="numeric">{alert.actual_percentage.toFixed(2)}%</td>
                <td className="numeric">{formatMoney(alert.cost_at_alert, alert.currency)}</td>
                <td>{formatDateTime(alert.created_at, timeZone)}</td>
                <td>
                  {alert.is_acknowledged ? (
                    <span>
                      {alert.acknowledged_by_name ?? 'Yes'}
                      {alert.acknowledged_at ? `, ${formatDateTime(alert.acknowledged_at, timeZone)}` : ''}
                    </span>
                  ) : (
                    <button
                      type="button"
                      className="button button-small"
                      disabled={acknowledge.isPending && acknowledge.variables === alert.id}
                      onClick={() => acknowledge.mutate(alert.id)}
                      aria-label={`Acknowledge ${TYPE_LABELS[alert.alert_type]} alert at ${alert.threshold_percentage}%`}
                    >
                      Acknowledge
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
