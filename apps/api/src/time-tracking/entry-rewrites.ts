import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BudgetLedger } from '../budgets/budget-ledger';
import { Clock } from '../common/clock';
import type { RateType } from '../common/enums';
import { lockUserTimers } from '../common/locks/user-timer-lock';
import { Money } from '../common/money';
import { EntryRerating, type RerateOutcome, type RerateRequest } from '../rates/entry-rerating';
import { entryDate, zoneOfUser } from '../rates/rate-resolution';
import { rerate } from '../rates/rerate';
import { stopAllActiveOfUser } from './entry-stops';

/** What an erasure did to the user's entries. */
export interface ErasedEntries {
  timersStopped: number;
  entriesRemoved: number;
  entriesAnonymised: number;
}

/**
 * The changes to time entries that other features start — applying a rate, erasing an
 * account — written here, by the owner of `time_entries`, in the caller's transaction.
 */
@Injectable()
export class TimeEntryRewrites implements OnModuleInit {
  constructor(
    private readonly ledger: BudgetLedger,
    private readonly clock: Clock,
    private readonly rerating: EntryRerating,
  ) {}

  onModuleInit(): void {
    this.rerating.register((tx, request) => this.rerateStopped(tx, request));
  }

  /**
   * Re-rates the user's stopped entries whose start day (in the user's time zone) falls in
   * [from, until): new snapshot and cost, under the user's timer lock (so a stop can't slip
   * in between). Entries on a project in another currency are left alone and counted —
   * amounts are never converted. Active timers keep their snapshot. Each project budget's
   * total_cost changes by exactly its entries' difference, in the same transaction; a
   * re-rate that raises cost may not take a locked budget past 100 % (issue 12, item 6).
   */
  async rerateStopped(tx: EntityManager, { userId, rate, from, until }: RerateRequest): Promise<RerateOutcome> {
    await lockUserTimers(tx, userId);
    const entries = await tx.query<
      Array<{
        id: string;
        project_id: string | null;
        duration_seconds: number;
        total_cost: string;
        currency: string;
        rate_type: RateType;
        rate_amount: string;
        project_currency: string | null;
      }>
    >(
      `SELECT te.id, te.project_id, te.duration_seconds, te.total_cost, te.currency, te.rate_type, te.rate_amount, p.currency AS project_currency
         FROM time_entries te
         JOIN users u ON u.id = te.user_id
         LEFT JOIN projects p ON p.id = te.project_id
        WHERE te.user_id = $1 AND te.status = 'stopped'
          AND ${entryDate('te.start_time', zoneOfUser('$1'))} >= $2::date
          AND ($3::date IS NULL OR ${entryDate('te.start_time', zoneOfUser('$1'))} < $3::date)
        FOR UPDATE OF te`,
      [userId, from, until],
    );
    const applicable = entries.filter((e) => e.project_currency === null || e.project_currency === rate.currency);
    const rerated = applicable.map((e) =>
      rerate({ id: e.id, durationSeconds: e.duration_seconds, totalCost: e.total_cost, rateType: e.rate_type, rateAmount: e.rate_amount, currency: e.currency }, rate),
    );
    if (rerated.length) {
      // One statement for every entry: ids and costs travel as parallel arrays.
      await tx.query(
        `UPDATE time_entries te SET rate_type = $2, rate_amount = $3, currency = $4, total_cost = c.cost
           FROM unnest($1::uuid[], $5::numeric[]) AS c(id, cost)
          WHERE te.id = c.id`,
        [rerated.map((e) => e.id), rate.rateType, rate.rateAmount, rate.currency, rerated.map((e) => e.totalCost)],
      );
      await this.ledger.recordCostChanges(
        tx,
        applicable.map((e, i) => ({ projectId: e.project_id, deltaCost: new Money(rerated[i].totalCost).minus(e.total_cost) })),
        { refuseBeyondCap: true, rate: { rateType: rate.rateType, rateAmount: rate.rateAmount } },
      );
    }
    return {
      rerated: applicable.map((e, i) => ({ currencyBefore: e.currency, costBefore: e.total_cost, costAfter: rerated[i].totalCost })),
      skippedCurrency: entries.length - applicable.length,
    };
  }

  /**
   * An account's erasure (spec: Data Protection), in its transaction: active timers are
   * stopped and booked like any stop (stop_reason `logout`: the person has left for good);
   * entries on a project keep their cost (budget totals and others' reports don't move) but
   * lose their description; entries without a project — which no budget counts — are removed;
   * so are the stored Idempotency-Key answers.
   */
  async eraseUserEntries(tx: EntityManager, userId: string): Promise<ErasedEntries> {
    const stopped = await stopAllActiveOfUser(tx, this.ledger, userId, 'logout', this.clock.now());
    const [, entriesRemoved] = await tx.query<[unknown, number]>('DELETE FROM time_entries WHERE user_id = $1 AND project_id IS NULL', [userId]);
    const [, entriesAnonymised] = await tx.query<[unknown, number]>('UPDATE time_entries SET description = NULL WHERE user_id = $1', [userId]);
    await tx.query('DELETE FROM idempotency_keys WHERE user_id = $1', [userId]);
    return { timersStopped: stopped.length, entriesRemoved, entriesAnonymised };
  }
}
