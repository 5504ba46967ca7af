import { useProjectBudget } from '@/api/budgets';
import { BudgetProgress } from '@/features/budgets/BudgetProgress';

/**
 * For the project page: how much of the project's budget is used, for admins and members
 * alike (members get the `progress` view, never the money). Renders nothing while loading
 * or when the project has no budget.
 */
export function ProjectBudgetBadge({ projectId }: { projectId: string }) {
  const budget = useProjectBudget(projectId);
  if (!budget.data) return null;
  return (
    <div className="budget-badge" role="group" aria-label="Budget">
      <span className="budget-badge-title">Budget</span>
      <BudgetProgress budget={{ alert_threshold: 80, critical_threshold: 90, ...budget.data }} label="Budget used" />
      {budget.data.cap_reached && <span className="budget-alert-badge">Locked: budget used up</span>}
    </div>
  );
}
