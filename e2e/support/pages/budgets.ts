import { expect, type Locator, type Page } from '@playwright/test';

/** The budgets overview (admins). */
export class BudgetsPage {
  constructor(readonly page: Page) {}

  /** A project's row, found by its name link. */
  row(projectName: string): Locator {
    return this.page.getByRole('row').filter({ has: this.page.getByRole('link', { name: projectName, exact: true }) });
  }
}

/** One project's budget: the settings form, progress and alerts. */
export class ProjectBudgetPage {
  readonly form: Locator;
  readonly progress: Locator;
  readonly alerts: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByRole('form', { name: 'Budget settings' });
    this.progress = page.getByRole('progressbar', { name: 'Budget used' });
    this.alerts = page.getByRole('region', { name: 'Alerts table' });
  }

  async goto(projectId: string, projectName: string): Promise<void> {
    await this.page.goto(`/budgets/${projectId}`);
    await expect(this.page.getByRole('heading', { level: 1, name: `Budget: ${projectName}` })).toBeVisible();
  }

  async setBudget(values: { total: string; warningAt: string; criticalAt: string }): Promise<void> {
    await this.form.getByLabel('Total budget').fill(values.total);
    await this.form.getByLabel('Warning at (%)').fill(values.warningAt);
    await this.form.getByLabel('Critical at (%)').fill(values.criticalAt);
    await this.form.getByRole('button', { name: 'Set budget' }).click();
  }
}
