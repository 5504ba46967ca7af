/**
 * The one definition of a task's key (`WEB-42`): its project's key and its number; personal
 * tasks (no project) have none. `task` and `project` are the SQL aliases of the task row and
 * of its project (joined on the task's project_id).
 */
export const taskKeySql = (task: string, project: string) => `CASE WHEN ${task}.project_id IS NULL THEN NULL ELSE ${project}.key || '-' || ${task}.number END`;
