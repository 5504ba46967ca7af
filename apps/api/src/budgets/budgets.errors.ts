import { conflictError, notFoundError, validationError } from '../common/errors/app-error';

/** The hard cap (issue 5): a locked budget that is exceeded takes no more time. */
export const budgetCapError = (projectKey: string, currency: string, totalBudget: string) =>
  conflictError(
    `Project ${projectKey} has used up its locked budget of ${totalBudget} ${currency}: no more time can be tracked on it until an admin raises or unlocks the budget`,
    { project_id: ['budget exceeded and locked'] },
  );

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
