import Decimal from 'decimal.js';
import type { RateType } from '../common/enums';
import { conflictError, notFoundError, validationError } from '../common/errors/app-error';
import { Money, shownMoney, storedCost } from '../common/money';

/** The hard cap (issue 5): a locked budget that is exceeded takes no more time. */
export const budgetCapError = (projectKey: string, currency: string, totalBudget: string) =>
  conflictError(
    `Project ${projectKey} has used up its locked budget of ${totalBudget} ${currency}: no more time can be tracked on it until an admin raises or unlocks the budget`,
    { project_id: ['budget exceeded and locked'] },
  );

const SECONDS_PER_UNIT: Record<RateType, number> = { hourly: 3600, minutely: 60, secondly: 1 };

/** The whole seconds at a rate whose stored cost still fits in `room` (never negative). */
export function secondsThatFit(room: Decimal.Value, rate: { rateType: RateType; rateAmount: string }): number {
  const left = new Money(room);
  // Even with no room left, seconds whose stored cost rounds to 0.0000 still fit (a tiny rate).
  if (left.lt(0) || !new Money(rate.rateAmount).gt(0)) return 0;
  let seconds = left.times(SECONDS_PER_UNIT[rate.rateType]).dividedBy(rate.rateAmount).floor().toNumber();
  // The stored cost is rounded half-up to 4 decimals, so the exact quotient can be off by one either way.
  const fits = (n: number) => new Money(storedCost(n, rate.rateType, rate.rateAmount)).lte(left);
  while (seconds > 0 && !fits(seconds)) seconds -= 1;
  while (fits(seconds + 1)) seconds += 1;
  return seconds;
}

const hoursAndMinutes = (seconds: number) => `${Math.floor(seconds / 3600)} h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')} min`;

/**
 * The hard cap for writes that add cost (manual entries, edits, re-rates): the change would
 * take a locked budget past 100 %. 409 (the request is well-formed, the budget has no room),
 * naming the room left in money and, at the entry's rate, in time.
 */
export function budgetRoomError(input: {
  projectKey: string;
  currency: string;
  totalBudget: string;
  costBefore: Decimal.Value;
  cost: Decimal.Value;
  rate?: { rateType: RateType; rateAmount: string };
}) {
  const room = Decimal.max(0, new Money(input.totalBudget).minus(input.costBefore));
  // Shown rounded down: what is left must never read as more than there is.
  const roomShown = room.toDecimalPlaces(2, Decimal.ROUND_DOWN).toFixed(2);
  const seconds = input.rate ? secondsThatFit(room, input.rate) : null;
  const inTime = seconds === null ? '' : ` (${hoursAndMinutes(seconds)} at this entry's rate)`;
  return conflictError(
    `Project ${input.projectKey} has a locked budget of ${shownMoney(input.totalBudget)} ${input.currency}: this change would add ${shownMoney(new Money(input.cost))} ${input.currency}, ` +
      `but only ${roomShown} ${input.currency} is left${inTime}. Shorten the entry or ask an admin to raise or unlock the budget.`,
    {
      project_id: ['locked budget would be exceeded'],
      remaining: roomShown,
      currency: input.currency,
      ...(seconds === null ? {} : { remaining_seconds: seconds }),
    },
  );
}

/** A budget set in another currency than its project's: the request itself is wrong (422). */
export const budgetCurrencyError = (projectKey: string, projectCurrency: string, given: string) =>
  validationError(`Project ${projectKey} is billed in ${projectCurrency}, not ${given}; its budget must be in ${projectCurrency} too (amounts are never converted)`, {
    currency: [`must be ${projectCurrency}, the project's currency`],
  });

/**
 * An entry whose rate is in another currency than its project (and budget): refused, never
 * converted. 409: the request is fine, the user's rate doesn't fit the project. The one
 * currency refusal of time tracking (timer start, manual entries), via BudgetLedger.assertCurrency.
 */
export const entryCurrencyError = (projectKey: string, projectCurrency: string, given: string, hasBudget = true) =>
  conflictError(
    `This time would cost ${given} but project ${projectKey}${hasBudget ? ' and its budget are' : ' is billed'} in ${projectCurrency}; amounts are never converted. ` +
      `An admin can set a ${projectCurrency} rate.`,
    { currency: [`rate currency ${given} differs from project currency ${projectCurrency}`] },
  );

export const noBudgetError = (projectId: string) => notFoundError('Budget of project', projectId);
