import { routes, type ReportFigures, type ReportResponse } from '@stint/contracts';
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { AnalyticsCache } from '../../cache/analytics-cache';
import type { RateType } from '../../common/enums';
import { createTestContext, type TestContext, type TestUser } from '../../../test/support/test-app';
import { parseCsv, setTimeZone } from '../../../test/support/helpers';
import type { EntrySpec } from '../../../test/support/factories';

/** Zones with whole-hour, half-hour and 45-minute offsets, and DST shifts of 1 h and of 30 min (Lord Howe). */
const ZONES = ['UTC', 'Europe/Berlin', 'America/Los_Angeles', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/St_Johns'];
const DAY_MS = 86_400_000;
const YEAR_START = Date.parse('2025-01-02T00:00:00Z');
const NOW = new Date('2025-12-30T12:00:00Z');

interface RandomEntry {
  startMinute: number;
  wallSeconds: number;
  pausedShare: number;
  rateType: RateType;
  rateTenThousandths: number;
  currency: 'EUR' | 'USD';
  billable: boolean;
  project: number;
  task: number;
}

const entryArbitrary: fc.Arbitrary<RandomEntry> = fc.record({
  // Starts between 2025-01-02 and 2025-12-28, so every entry lies inside 2025 in every zone.
  startMinute: fc.integer({ min: 0, max: 360 * 24 * 60 }),
  wallSeconds: fc.integer({ min: 1, max: 30 * 3600 }),
  pausedShare: fc.constantFrom(0, 0, 0.1, 0.37, 0.5),
  rateType: fc.constantFrom<RateType>('hourly', 'minutely', 'secondly'),
  rateTenThousandths: fc.integer({ min: 1, max: 2_000_000 }),
  currency: fc.constantFrom('EUR', 'USD'),
  billable: fc.boolean(),
  project: fc.integer({ min: 0, max: 2 }),
  task: fc.integer({ min: 0, max: 2 }),
});

const rangeArbitrary = fc.record({ startDay: fc.integer({ min: 0, max: 364 }), days: fc.integer({ min: 1, max: 60 }) });

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Adds up a field over rows. */
const total = <T>(rows: T[], pick: (row: T) => number) => rows.reduce((sum, row) => sum + pick(row), 0);

/** Exact money per currency over rows (amount, billable amount). */
function moneyOf(rows: ReportFigures[]): Record<string, [string, string]> {
  const sums: Record<string, [Decimal, Decimal]> = {};
  for (const row of rows) {
    for (const line of row.cost ?? []) {
      const [amount, billable] = sums[line.currency] ?? [new Decimal(0), new Decimal(0)];
      sums[line.currency] = [amount.plus(line.amount_exact), billable.plus(line.billable_amount_exact)];
    }
  }
  return Object.fromEntries(Object.entries(sums).map(([currency, [a, b]]) => [currency, [a.toFixed(4), b.toFixed(4)]]));
}

/** Every grouping of a report adds up to its totals: seconds, billable seconds and exact money per currency. */
function expectRowsAddUp(report: ReportResponse): void {
  const totals = report.totals;
  expect(totals.billable_seconds + totals.non_billable_seconds).toBe(totals.seconds);
  for (const rows of [report.by_day, report.by_task, report.by_user, report.by_project] as ReportFigures[][]) {
    expect(total(rows, (r) => r.seconds)).toBe(totals.seconds);
    expect(total(rows, (r) => r.billable_seconds)).toBe(totals.billable_seconds);
    expect(moneyOf(rows)).toEqual(moneyOf([totals]));
  }
  // An entry belongs to one task, user and project, but may count on several days.
  expect(total(report.by_task, (r) => r.entries)).toBe(totals.entries);
  expect(total(report.by_day, (r) => r.entries)).toBeGreaterThanOrEqual(totals.entries);
}

describe('analytics and reports add up (property-based, random entries, zones and ranges)', () => {
  let ctx: TestContext;
  let admin: TestUser;
  let projects: Array<{ id: string } | null>;
  let tasks: Array<{ id: string } | null>;
  let cache: AnalyticsCache;

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.newUser({ full_name: 'Property Admin' });
    cache = ctx.app.get(AnalyticsCache);
    const first = await ctx.newProject(admin, { name: 'First' });
    const second = await ctx.newProject(admin, { name: 'Second' });
    projects = [null, first, second];
    tasks = [
      null,
      await ctx.newTask(admin, { title: 'Tagged', project_id: first.id, tags: ['a', 'b'] }, { createdAt: '2025-01-01T00:00:00Z' }),
      await ctx.newTask(admin, { title: 'Plain' }, { createdAt: '2025-01-01T00:00:00Z' }),
    ];
    ctx.clock.set(NOW);
  });
  afterAll(() => ctx.close());

  async function load(entries: RandomEntry[], zone: string, active: boolean): Promise<Array<{ duration: number; cost: string }>> {
    await ctx.sql('DELETE FROM time_entries WHERE user_id = $1', [admin.id]);
    await setTimeZone(admin, zone);
    const stored: Array<{ duration: number; cost: string }> = [];
    for (const entry of entries) {
      const start = YEAR_START + entry.startMinute * 60_000;
      const spec: EntrySpec = {
        userId: admin.id,
        projectId: projects[entry.project]?.id ?? null,
        taskId: tasks[entry.task]?.id ?? null,
        start: new Date(start).toISOString(),
        end: new Date(start + entry.wallSeconds * 1000).toISOString(),
        pausedSeconds: Math.floor(entry.wallSeconds * entry.pausedShare),
        rateType: entry.rateType,
        rateAmount: new Decimal(entry.rateTenThousandths).dividedBy(10_000).toFixed(4),
        currency: entry.currency,
        billable: entry.billable,
        description: 'random, "quoted"',
      };
      const id = await ctx.insertEntry(spec);
      const [row] = await ctx.sql<{ duration_seconds: number; total_cost: string }>('SELECT duration_seconds, total_cost FROM time_entries WHERE id = $1', [id]);
      stored.push({ duration: row.duration_seconds, cost: row.total_cost });
    }
    // A running timer (counted by analytics up to now, left out of reports until it stops).
    if (active) await ctx.insertEntry({ userId: admin.id, status: 'running', start: '2025-12-29T20:00:00Z', pausedSeconds: 100, rateAmount: '60', currency: 'EUR' });
    await cache.invalidateUser(admin.id);
    return stored;
  }

  it('report totals equal the sum of their rows, CSV included; daily hours add up to the total', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(entryArbitrary, { minLength: 0, maxLength: 12 }),
        fc.constantFrom(...ZONES),
        rangeArbitrary,
        fc.boolean(),
        async (entries, zone, { startDay, days }, active) => {
          const stored = await load(entries, zone, active);
          const range = { start: isoDay(Date.parse('2025-01-01T00:00:00Z') + startDay * DAY_MS), end: '' };
          range.end = isoDay(Date.parse(`${range.start}T00:00:00Z`) + (days - 1) * DAY_MS);

          const report = await admin.api.call(routes.reports.user, { params: { id: admin.id }, query: range });
          expectRowsAddUp(report);

          const csv = await ctx.fastify.inject({
            method: 'GET',
            url: `/api/v1/reports/users/${admin.id}?start=${range.start}&end=${range.end}&format=csv`,
            headers: { authorization: `Bearer ${admin.token}` },
          });
          const records = parseCsv(csv.body).slice(1);
          const rows = records.filter((r) => !['Total', 'Billable', 'Non-billable'].includes(r[0]));
          const totals = records.filter((r) => r[0] === 'Total');
          expect(rows).toHaveLength(report.totals.entries);
          expect(total(rows, (r) => Number(r[8]))).toBe(report.totals.seconds);
          expect(total(totals, (r) => Number(r[8]))).toBe(report.totals.seconds);
          for (const line of report.totals.cost ?? []) {
            const rowSum = rows.filter((r) => r[13] === line.currency).reduce((sum, r) => sum.plus(r[12]), new Decimal(0));
            expect(rowSum.toFixed(4)).toBe(line.amount_exact);
            expect(totals.find((r) => r[13] === line.currency)?.[12]).toBe(line.amount_exact);
          }

          const dashboard = await admin.api.call(routes.analytics.dashboard, { query: range });
          expect(total(dashboard.daily_breakdown, (d) => d.time_tracked_seconds)).toBe(dashboard.total_time_tracked_seconds);
          expect(dashboard.daily_breakdown).toHaveLength(days);
          const distribution = await admin.api.call(routes.analytics.timeDistribution, { query: { ...range, group_by: 'project' } });
          expect(distribution.total_seconds).toBe(dashboard.total_time_tracked_seconds);
          expect(total(distribution.hourly, (h) => h.seconds)).toBe(distribution.total_seconds);
          expect(total(distribution.distribution, (d) => d.seconds)).toBe(distribution.total_seconds);
          if (active) expect(dashboard.total_time_tracked_seconds).toBeGreaterThanOrEqual(report.totals.seconds);
          else expect(dashboard.total_time_tracked_seconds).toBe(report.totals.seconds);

          // Over the whole year every entry is inside the range: nothing is lost or invented in the cutting.
          const year = await admin.api.call(routes.reports.user, { params: { id: admin.id }, query: { start: '2025-01-01', end: '2025-12-31' } });
          expectRowsAddUp(year);
          const withTime = stored.filter((entry) => entry.duration > 0 || Number(entry.cost) > 0);
          expect(year.totals.seconds).toBe(total(stored, (e) => e.duration));
          expect(year.totals.entries).toBe(withTime.length);
          const exact = stored.reduce((sum, e) => sum.plus(e.cost), new Decimal(0));
          const reported = Object.values(moneyOf([year.totals])).reduce((sum, [amount]) => sum.plus(amount), new Decimal(0));
          expect(reported.toFixed(4)).toBe(exact.toFixed(4));
        },
      ),
      { numRuns: 30 },
    );
  }, 120_000);
});
