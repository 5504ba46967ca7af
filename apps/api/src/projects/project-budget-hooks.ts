import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Whether the project has a budget, read in the caller's transaction. */
export type ProjectBudgetCheck = (tx: EntityManager, projectId: string) => Promise<boolean>;

/**
 * The seam between projects and budgets: a project's currency can't change while it has a
 * budget (amounts are never converted), but budgets owns project_budgets and depends on
 * projects, not the other way round. The budgets module registers its check here at start;
 * the projects service asks `hasBudget` inside the update's transaction.
 */
@Injectable()
export class ProjectBudgetHooks {
  private budgetCheck: ProjectBudgetCheck | null = null;

  onBudgetCheck(check: ProjectBudgetCheck): void {
    this.budgetCheck = check;
  }

  /** Whether the project has a budget, in the caller's transaction. */
  hasBudget(tx: EntityManager, projectId: string): Promise<boolean> {
    if (!this.budgetCheck) throw new Error('No project budget check is registered (is the budgets module loaded?)');
    return this.budgetCheck(tx, projectId);
  }
}
