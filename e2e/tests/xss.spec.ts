import { expect, test, type Page } from '@playwright/test';
import { createApiClient, routes, type ApiClient } from '@stint/contracts';
import { ADMIN, signIn } from '../support/accounts';

/**
 * Stored XSS (OWASP ASVS 5.0 V1.2 output encoding, V3.4 CSP): hostile text saved through the
 * API in every field the SPA shows — names, titles, descriptions, tags, timer and entry
 * descriptions — must come back as visible text on every page, never as markup; and the
 * served CSP must refuse inline script even if something did slip through.
 */

function randomLetters(length: number): string {
  return Array.from({ length }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
}

const IMG = '<img src=x onerror="window.__xss=1;alert(1)">';
const SCRIPT = '<script>window.__xss=1;alert(2)</script>';
const JS_LINK = 'javascript:window.__xss=1;alert(3)//';
const SVG = '"><svg onload="window.__xss=1;alert(4)">';

interface Guard {
  dialogs: string[];
}

/**
 * Records, from before any page script runs, every CSP violation and every dialog: a payload
 * rendered as markup would either run (window.__xss, a dialog) or be blocked by the CSP
 * (a violation), and both are failures of output encoding.
 */
async function guard(page: Page): Promise<Guard> {
  const state: Guard = { dialogs: [] };
  page.on('dialog', (dialog) => {
    state.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      w.__cspViolations.push(`${event.effectiveDirective}: ${event.blockedURI} ${event.sample}`);
    });
  });
  return state;
}

async function expectNothingRan(page: Page, state: Guard, where: string): Promise<void> {
  const found = await page.evaluate(() => ({
    xss: (window as unknown as { __xss?: unknown }).__xss,
    violations: (window as unknown as { __cspViolations: string[] }).__cspViolations,
    // Elements a payload would have created if parsed as HTML.
    injected: document.querySelectorAll('[onerror], [onload], img[src="x"], script:not([src])').length,
    javascriptLinks: [...document.querySelectorAll('a[href], [src], form[action]')].filter((e) =>
      /^\s*javascript:/i.test(e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action') ?? ''),
    ).length,
  }));
  expect({ where, ...found, dialogs: state.dialogs }).toEqual({ where, xss: undefined, violations: [], injected: 0, javascriptLinks: 0, dialogs: [] });
}

/** An API client signed in as `account`, for seeding the hostile data. */
async function apiAs(baseURL: string, account: { email: string; password: string }): Promise<ApiClient> {
  const { token } = await createApiClient({ baseUrl: baseURL }).call(routes.auth.login, { body: { email: account.email, password: account.password } });
  return createApiClient({ baseUrl: baseURL, getToken: () => token });
}

test.describe('stored XSS', () => {
  test.describe.configure({ mode: 'serial' });

  const suffix = randomLetters(6);
  const member = { email: `mallory.${suffix}@e2e.stint.test`, password: 'Mallory-Pass-2026!', fullName: `${SVG} Mallory ${suffix}` };
  const text = {
    projectName: `${IMG} Ledger ${suffix}`,
    projectDescription: `${SCRIPT} ${JS_LINK} about ${suffix}`,
    taskTitle: `${SCRIPT} Reconcile ${suffix}`,
    taskDescription: `${IMG} ${SVG} ${JS_LINK} notes ${suffix}`,
    otherTaskTitle: `${SVG} Audit ${suffix}`,
    tags: [IMG, SVG, JS_LINK],
    entryDescription: `${SVG} booked ${suffix}`,
    timerDescription: `${IMG} running ${suffix}`,
  };
  let projectId = '';
  let taskId = '';

  test.beforeAll(async ({ baseURL }) => {
    const anonymous = createApiClient({ baseUrl: baseURL! });
    const registered = await anonymous.call(routes.auth.register, { body: { email: member.email, password: member.password, full_name: member.fullName } });
    const admin = await apiAs(baseURL!, ADMIN);
    const project = await admin.call(routes.projects.create, {
      body: { name: text.projectName, key: `X${randomLetters(5)}`.toUpperCase(), description: text.projectDescription },
    });
    projectId = project.id;
    await admin.call(routes.projects.addMember, { params: { id: projectId }, body: { user_id: registered.user.id } });

    const mallory = createApiClient({ baseUrl: baseURL!, getToken: () => registered.token });
    const task = await mallory.call(routes.tasks.create, {
      body: { title: text.taskTitle, description: text.taskDescription, tags: text.tags, project_id: projectId, priority: 'high' },
    });
    taskId = task.id;
    await mallory.call(routes.tasks.create, { body: { title: text.otherTaskTitle, project_id: projectId, tags: [SCRIPT.slice(0, 40)] } });
    const end = new Date(Date.now() - 3_600_000);
    await mallory.call(routes.timeEntries.create, {
      body: { task_id: taskId, description: text.entryDescription, start_time: new Date(end.getTime() - 5_400_000).toISOString(), end_time: end.toISOString() },
    });
    await admin.call(routes.budgets.set, { params: { id: projectId }, body: { total_budget: '1000.00' } });
    await mallory.call(routes.timeTracking.start, { body: { task_id: taskId, description: text.timerDescription } });
  });

  test('the served CSP refuses inline script', async ({ page }) => {
    const state = await guard(page);
    const response = await page.goto('/sign-in');
    const csp = response!.headers()['content-security-policy'];
    const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1] ?? '';
    expect(scriptSrc.split(/\s+/)).toEqual(["'self'"]);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);

    // An inline <script> and an inline event handler, as a successful injection would add them.
    await page.addScriptTag({ content: 'window.__inline = 1;' }).catch(() => undefined);
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.setAttribute('onerror', 'window.__handler = 1');
      img.src = 'data:,not-an-image';
      document.body.append(img);
    });
    await expect.poll(() => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations.length)).toBeGreaterThanOrEqual(2);
    const after = await page.evaluate(() => ({
      inline: (window as unknown as { __inline?: number }).__inline,
      handler: (window as unknown as { __handler?: number }).__handler,
      violations: (window as unknown as { __cspViolations: string[] }).__cspViolations,
    }));
    expect(after.inline).toBeUndefined();
    expect(after.handler).toBeUndefined();
    expect(after.violations).toEqual(expect.arrayContaining([expect.stringMatching(/^script-src-elem: inline/), expect.stringMatching(/^script-src-attr: inline/)]));
    expect(state.dialogs).toEqual([]);
  });

  test('a member sees every hostile text literally on every page, and nothing runs', async ({ page }) => {
    // Seven full page loads: more than the default 30 s on a busy machine.
    test.setTimeout(120_000);
    const state = await guard(page);
    await signIn(page, member);
    const timer = page.getByRole('complementary', { name: 'Timer' });
    const visit = async (path: string, literals: string[]) => {
      await page.goto(path);
      for (const literal of literals) await expect(page.locator('main'), `${path} shows ${literal}`).toContainText(literal);
      // The floating timer on every page names the running task.
      await expect(timer).toContainText(text.taskTitle);
      await expectNothingRan(page, state, path);
    };

    await visit('/', [text.projectName]);
    // Tags: the javascript: one only shows up as a tag here.
    await visit('/tasks', [text.taskTitle, text.otherTaskTitle, text.projectName, JS_LINK]);
    await visit(`/tasks/${taskId}`, [text.taskTitle, text.taskDescription, text.entryDescription, text.timerDescription, text.projectName]);
    await visit('/time', [text.entryDescription, text.timerDescription, text.taskTitle, text.otherTaskTitle, text.projectName]);
    await visit('/projects', [text.projectName]);
    await visit(`/projects/${projectId}`, [text.projectName, text.projectDescription, member.fullName, text.taskTitle, text.otherTaskTitle]);
    await visit('/reports', [member.fullName, text.projectName, text.taskTitle]);
  });

  test('an admin sees the hostile texts on the admin pages, and nothing runs', async ({ page }) => {
    test.setTimeout(120_000);
    const state = await guard(page);
    await signIn(page, ADMIN);
    const visit = async (path: string, literals: string[]) => {
      await page.goto(path);
      for (const literal of literals) await expect(page.locator('main'), `${path} shows ${literal}`).toContainText(literal);
      await expectNothingRan(page, state, path);
    };
    await visit(`/projects/${projectId}`, [text.projectName, member.fullName, text.taskTitle, text.otherTaskTitle]);
    await visit('/admin/rates', [member.fullName]);
    await visit('/admin/team', [member.fullName, text.projectName, text.taskTitle]);
    await visit('/admin/audit', [member.fullName]);
    await visit('/budgets', [text.projectName]);
    await visit(`/budgets/${projectId}`, [text.projectName]);
    await visit('/reports', [member.fullName, text.projectName, text.taskTitle]);
  });
});
