/**
 * The person's rates for the personal data export (privacy/): `$1` is their id, one `doc` (JSON text) per row, ordered.
 */
export const rateExportSql = (iso: (column: string) => string): string => `
      SELECT json_build_object(
               'id', r.id, 'rate_type', r.rate_type, 'rate_amount', r.rate_amount::text, 'currency', r.currency,
               'effective_from', to_char(r.effective_from, 'YYYY-MM-DD'), 'effective_until', to_char(r.effective_until, 'YYYY-MM-DD'),
               'created_by', r.created_by, 'created_at', ${iso('r.created_at')})::text AS doc
        FROM user_rates r WHERE r.user_id = $1 ORDER BY r.effective_from, r.id`;
