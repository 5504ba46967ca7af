/**
 * The budget alerts the person acknowledged, for the personal data export (privacy/): `$1` is their id, one `doc` (JSON text) per row, ordered.
 */
export const acknowledgedAlertsExportSql = (iso: (column: string) => string): string => `
      SELECT json_build_object(
               'id', a.id, 'project_id', a.project_id, 'alert_type', a.alert_type,
               'threshold_percentage', a.threshold_percentage::text, 'actual_percentage', a.actual_percentage::text,
               'cost_at_alert', a.cost_at_alert::text, 'created_at', ${iso('a.created_at')}, 'acknowledged_at', ${iso('a.acknowledged_at')})::text AS doc
        FROM budget_alerts a WHERE a.acknowledged_by_user_id = $1 ORDER BY a.acknowledged_at, a.id`;
