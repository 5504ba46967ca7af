import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ProjectBudgetHooks } from '../projects/project-budget-hooks';

/** The budget read projects asks for (ProjectBudgetHooks), answered by the owner of project_budgets. */
@Injectable()
export class ProjectBudgetReads implements OnModuleInit {
  constructor(private readonly projects: ProjectBudgetHooks) {}

  onModuleInit(): void {
    this.projects.onBudgetCheck(projectHasBudget);
  }
}

export async function projectHasBudget(manager: EntityManager, projectId: string): Promise<boolean> {
  const [{ budgeted }] = await manager.query<Array<{ budgeted: boolean }>>('SELECT EXISTS (SELECT 1 FROM project_budgets WHERE project_id = $1) AS budgeted', [projectId]);
  return budgeted;
}
