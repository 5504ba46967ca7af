import { expect, type Locator, type Page } from '@playwright/test';

/** The dashboard, and the range picker it shares with the reports page. */
export class DashboardPage {
  readonly range: Locator;

  constructor(readonly page: Page) {
    this.range = page.getByLabel('Range', { exact: true });
  }

  metric(name: string): Locator {
    return this.page.getByRole('group', { name, exact: true });
  }

  /** A metric card reads "<label><value>…" as text: the value right after the label, nothing else. */
  async expectMetric(name: string, value: string): Promise<void> {
    await expect(this.metric(name)).toHaveText(new RegExp(`^${name}${value.replace('.', '\\.')}(\\D|$)`));
  }

  region(name: string): Locator {
    return this.page.getByRole('region', { name });
  }

  async customRange(from: string, to: string): Promise<void> {
    await this.range.selectOption({ label: 'Custom range' });
    await this.page.getByLabel('From', { exact: true }).fill(from);
    await this.page.getByLabel('To', { exact: true }).fill(to);
    await this.page.getByRole('button', { name: 'Apply' }).click();
  }
}

/** The reports page: a project's figures by day, and its CSV download. */
export class ReportsPage extends DashboardPage {
  readonly project: Locator;

  constructor(page: Page) {
    super(page);
    this.project = page.getByLabel('Project', { exact: true });
  }
}
