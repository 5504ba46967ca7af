import { taskKeySql } from './task-key';

/**
 * The person's tasks for the personal data export (privacy/): `$1` is their id, one `doc` (JSON text) per row, ordered.
 */
export const taskExportSql = (iso: (column: string) => string): string => `
      SELECT json_build_object(
               'id', t.id, 'project_id', t.project_id,
               'key', ${taskKeySql('t', 'p')},
               'title', t.title, 'description', t.description, 'status', t.status, 'priority', t.priority,
               'due_date', ${iso('t.due_date')}, 'tags', t.tags, 'estimated_hours', t.estimated_hours::text,
               'created_at', ${iso('t.created_at')}, 'updated_at', ${iso('t.updated_at')}, 'completed_at', ${iso('t.completed_at')})::text AS doc
        FROM tasks t LEFT JOIN projects p ON p.id = t.project_id
       WHERE t.user_id = $1 ORDER BY t.created_at, t.id`;
