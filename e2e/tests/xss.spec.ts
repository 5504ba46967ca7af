import type { Page } from '@playwright/test';
import { routes } from '@stint/contracts';
import { NO_SESSION } from '../support/accounts';
import { randomLetters, Seed, signInThroughApi, uniqueKey } from '../support/seed';
import { expect, test } from '../support/test';

/**
 * Stored XSS (OWASP ASVS 5.0 V1.2 output encoding, V3.4 CSP): hostile text saved through the
 * API in every field the SPA shows — names, titles, descriptions, tags, timer and entry
 * descriptions — must come back as visible text on every page, never as markup; and the
 * served CSP must refuse inline script even if something did slip through.
 */

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

test.describe('stored XSS', () => {
  test.describe.configure({ mode: 'serial' });

  const suffix = randomLetters(6);
  const memberName = `${SVG} Mallory ${suffix}`;
  let member = { email: '', password: '' };
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
    const seed = new Seed(baseURL!);
    const mallory = await seed.newMember('mallory', { fullName: memberName });
    member = mallory.account;
    const project = await seed.newProject({ name: text.projectName, key: uniqueKey('X', 5), description: text.projectDescription, members: [mallory.user.id] });
    projectId = project.id;
    const admin = await seed.asAdmin();

    const task = await mallory.api.call(routes.tasks.create, {
      body: { title: text.taskTitle, description: text.taskDescription, tags: text.tags, project_id: projectId, priority: 'high' },
    });
    taskId = task.id;
    await mallory.api.call(routes.tasks.create, { body: { title: text.otherTaskTitle, project_id: projectId, tags: [SCRIPT.slice(0, 40)] } });
    const end = new Date(Date.now() - 3_600_000);
    await mallory.api.call(routes.timeEntries.create, {
      body: { task_id: taskId, description: text.entryDescription, start_time: new Date(end.getTime() - 5_400_000).toISOString(), end_time: end.toISOString() },
    });
    await admin.call(routes.budgets.set, { params: { id: projectId }, body: { total_budget: '1000.00' } });
    await mallory.api.call(routes.timeTracking.start, { body: { task_id: taskId, description: text.timerDescription } });
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

  test.describe('as the member', () => {
    test.use({ storageState: NO_SESSION });

    test('a member sees every hostile text literally on every page, and nothing runs', async ({ page, shell, timer: widget }) => {
      // Seven full page loads: more than the default 30 s on a busy machine.
      test.setTimeout(120_000);
      const state = await guard(page);
      await signInThroughApi(page, member);
      await shell.open('/');
      const timer = widget.root;
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
      await visit(`/projects/${projectId}`, [text.projectName, text.projectDescription, memberName, text.taskTitle, text.otherTaskTitle]);
      await visit('/reports', [memberName, text.projectName, text.taskTitle]);
    });
  });

  test('an admin sees the hostile texts on the admin pages, and nothing runs', async ({ page }) => {
    test.setTimeout(120_000);
    const state = await guard(page);
    const visit = async (path: string, literals: string[]) => {
      await page.goto(path);
      for (const literal of literals) await expect(page.locator('main'), `${path} shows ${literal}`).toContainText(literal);
      await expectNothingRan(page, state, path);
    };
    await visit(`/projects/${projectId}`, [text.projectName, memberName, text.taskTitle, text.otherTaskTitle]);
    await visit('/admin/rates', [memberName]);
    await visit('/admin/team', [memberName, text.projectName, text.taskTitle]);
    await visit('/admin/audit', [memberName]);
    await visit('/budgets', [text.projectName]);
    await visit(`/budgets/${projectId}`, [text.projectName]);
    await visit('/reports', [memberName, text.projectName, text.taskTitle]);
  });
});
