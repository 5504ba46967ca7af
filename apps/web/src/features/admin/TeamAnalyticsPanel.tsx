import { TaskTimeSummaryTable, UserProductivityTable } from '@/features/admin/TeamAnalyticsTables';

/**
 * Admins' view of the team (issue 6): the productivity summary of every user, and every
 * task's estimate against its actual time. Tables only (no chart library), so it can sit
 * in the admin area without pulling the dashboard's charts along.
 */
export function TeamAnalyticsPanel() {
  return (
    <div className="team-analytics">
      <UserProductivityTable />
      <TaskTimeSummaryTable />
    </div>
  );
}
