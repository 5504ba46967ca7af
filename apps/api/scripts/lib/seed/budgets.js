// Project budgets and their alerts, from the costs the entries phase summed per project and
// UTC day. A budget's total_cost is the exact sum of its project's stopped entries (the
// BudgetLedger invariant); its size is drawn so usage spreads over every band (under the
// warning threshold, warning, critical, exceeded, and a few still in planning). Each level
// reached has fired once, when the running total first reached it (as the ledger's upward
// crossings do when costs only grow), and older alerts are often acknowledged.
const { Random } = require('./random');
const { DAY_MS } = require('./zones');
const { unitsText } = require('./cost');

const PERCENT_MAX_HUNDREDTHS = 999_999_999n; // DECIMAL(9,2) 9999999.99
const THRESHOLDS = [
  [8000, 9000, 0.7], // 80 / 90 %, the default
  [7500, 9000, 0.15],
  [8500, 9500, 0.15],
];

const centsText = (cents) => `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
const hundredthsText = (h) => `${h / 100n}.${String(h % 100n).padStart(2, '0')}`;
const dateText = (ms) => new Date(ms).toISOString().slice(0, 10);

/** cost (units, 1/10,000) × 100 ≥ percent (hundredths) × budget (cents): budget-math's hasReached, in integers. */
const reached = (costUnits, budgetCents, percentHundredths) => costUnits * 100n >= percentHundredths * budgetCents;
/** Percent used, 2 decimals rounded down (budget-math's shownPercent), in hundredths. */
const percentHundredths = (costUnits, budgetCents) => {
  if (budgetCents <= 0n) return costUnits > 0n ? PERCENT_MAX_HUNDREDTHS : 10_000n;
  const h = (costUnits * 100n) / budgetCents;
  return h > PERCENT_MAX_HUNDREDTHS ? PERCENT_MAX_HUNDREDTHS : h;
};

/**
 * Budget and alert rows. `projectDayCost`: Float64Array of cost units per project and UTC
 * day (row-major, `days` per project, day 0 = `firstUtcDay`); `activeTimerProjects`:
 * projects with a running or paused timer (their budgets are never locked and exceeded,
 * which the cap job would stop).
 */
function buildBudgets(model, projectDayCost, firstUtcDay, days, activeTimerProjects, adminId) {
  const random = new Random(model.seed, 'budgets');
  const nowMs = model.nowMs;
  const todayUtc = dateText(nowMs);
  const budgets = [];
  const alerts = [];
  const withTimers = new Set(activeTimerProjects);
  for (const project of model.projects) {
    if (!random.chance(0.85)) continue;
    // Exact running total per day (BigInt: ten million costs must not round).
    const daily = [];
    let total = 0n;
    for (let d = 0; d < days; d++) {
      const units = projectDayCost[project.index * days + d];
      if (units) total += BigInt(units);
      daily.push(total);
    }
    const band = random.weightedIndex([45, 15, 15, 15, 10]);
    const [alertThreshold, criticalThreshold] = THRESHOLDS[random.weightedIndex(THRESHOLDS.map((t) => t[2]))];
    const usage =
      band === 0
        ? random.range(0.2, alertThreshold / 10_000 - 0.01)
        : band === 1
          ? random.range(alertThreshold / 10_000, criticalThreshold / 10_000 - 0.002)
          : band === 2
            ? random.range(criticalThreshold / 10_000, 0.995)
            : band === 3
              ? random.range(1.0, 1.3)
              : random.range(0.1, 0.6);
    // Budget in cents; a project without costs yet gets a round figure.
    const budgetCents = total > 0n ? (total * 10_000n) / BigInt(Math.round(usage * 10_000)) / 100n + 1n : BigInt(random.int(50, 500)) * 100_000n;
    const planning = band === 4;
    const createdAtMs = Math.min(nowMs - 3_600_000, Math.max(project.createdAtMs, model.windowStartMs - 30 * DAY_MS) + random.int(0, 20) * DAY_MS);
    const startDate = planning ? dateText(nowMs + random.int(10, 60) * DAY_MS) : dateText(Math.max(project.createdAtMs, createdAtMs - 5 * DAY_MS));
    const exceeded = reached(total, budgetCents, 10_000n);
    const status = exceeded ? 'exceeded' : startDate > todayUtc ? 'planning' : 'active';
    const locked = !planning && random.chance(0.15) && !(exceeded && withTimers.has(project.index));
    const budget = {
      id: random.uuid(),
      projectId: project.id,
      totalBudget: centsText(budgetCents),
      allocatedBudget: random.chance(0.4) ? centsText((budgetCents * BigInt(random.int(50, 100))) / 100n) : null,
      totalCost: unitsText(Number(total)),
      totalCostUnits: total,
      status,
      alertThreshold: hundredthsText(BigInt(alertThreshold)),
      criticalThreshold: hundredthsText(BigInt(criticalThreshold)),
      isLocked: locked,
      startDate,
      endDate: random.chance(0.6) ? dateText(Date.parse(startDate) + random.int(180, 730) * DAY_MS) : null,
      currency: project.currency,
      createdAtMs,
      updatedAtMs: createdAtMs,
    };
    const budgetDay = Math.floor(createdAtMs / DAY_MS) - firstUtcDay;
    for (const [type, percent] of [
      ['warning', BigInt(alertThreshold)],
      ['critical', BigInt(criticalThreshold)],
      ['exceeded', 10_000n],
    ]) {
      if (!reached(total, budgetCents, percent)) continue;
      // The day the running total first reached the level, or the budget's creation if later.
      let day = daily.findIndex((cost) => reached(cost, budgetCents, percent));
      day = Math.max(day, Math.min(budgetDay, days - 1));
      const costAtAlert = daily[Math.max(0, day)];
      const alertAtMs = Math.min(nowMs - 60_000, Math.max(createdAtMs, (firstUtcDay + day + 1) * DAY_MS - 1000));
      const acknowledged = alertAtMs < nowMs - 3 * DAY_MS && random.chance(0.55);
      alerts.push({
        id: random.uuid(),
        budgetId: budget.id,
        projectId: project.id,
        type,
        thresholdPercentage: hundredthsText(percent),
        actualPercentage: hundredthsText(percentHundredths(costAtAlert, budgetCents)),
        costAtAlert: unitsText(Number(costAtAlert)),
        isAcknowledged: acknowledged,
        acknowledgedBy: acknowledged ? adminId : null,
        acknowledgedAtMs: acknowledged ? Math.min(nowMs - 60_000, alertAtMs + random.int(3600, 72 * 3600) * 1000) : null,
        createdAtMs: alertAtMs,
      });
      budget.updatedAtMs = Math.max(budget.updatedAtMs, alertAtMs);
    }
    budgets.push(budget);
  }
  return { budgets, alerts };
}

module.exports = { buildBudgets };
