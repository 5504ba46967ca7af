import type { BudgetAlertResponse } from '@stint/contracts';
import { useBudgetAlertSync } from '@/api/budgets';
import { showToast } from '@/components/toast-store';

const TYPE_LABELS = { warning: 'Warning', critical: 'Critical', exceeded: 'Exceeded' } as const;

export function describeAlert(alert: Pick<BudgetAlertResponse, 'alert_type' | 'project_name' | 'actual_percentage' | 'threshold_percentage'>): string {
  return `${TYPE_LABELS[alert.alert_type]}: ${alert.project_name} has used ${alert.actual_percentage.toFixed(2)}% of its budget (threshold ${alert.threshold_percentage}%)`;
}

/** Live alerts on the budget pages: a toast per raised alert; returns the polling interval (10 s while the stream is down). */
export function useLiveBudgetAlerts(): number | false {
  return useBudgetAlertSync((alert) => showToast(describeAlert(alert)));
}
