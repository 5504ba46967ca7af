import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CurrentRateResponse, RateApplyResponse, UserRateResponse } from '@stint/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { BudgetLedger } from '../budgets/budget-ledger';
import { Clock } from '../common/clock';
import type { RateType } from '../common/enums';
import { notFoundError } from '../common/errors/app-error';
import { isErased } from '../users/erased-account';
import { Money } from '../common/money';
import { SettingsService } from '../settings/settings.service';
import { lockUserTimers } from '../time-tracking/entry-locks';
import { decimalColumnText } from '../common/validators/decimal-amount';
import { dateIn, entryDate, zoneOfUser, type ResolvedRate } from './rate-resolution';
import { rerate, totalsByCurrency } from './rerate';
import type { RateSetDto } from './dto/rate.dto';
import { AnalyticsCache } from '../cache/analytics-cache';
import { AuditLogService } from '../audit/audit-log.service';

interface RateRow {
  id: string;
  user_id: string;
  rate_type: RateType;
  rate_amount: string;
  currency: string;
  effective_from: string;
  effective_until: string | null;
  created_by: string | null;
  created_at: Date;
  is_current: boolean;
}

// Dates as text: node-pg would turn a DATE into a local-midnight Date and shift it by the server's offset.
const RATE_COLUMNS = `r.id, r.user_id, r.rate_type, r.rate_amount, r.currency, r.effective_from::text AS effective_from,
  r.effective_until::text AS effective_until, r.created_by, r.created_at`;

function toRateResponse(row: RateRow): UserRateResponse {
  return {
    id: row.id,
    user_id: row.user_id,
    rate_type: row.rate_type,
    rate_amount: row.rate_amount,
    currency: row.currency,
    effective_from: row.effective_from,
    effective_until: row.effective_until,
    is_current: row.is_current,
    created_by: row.created_by,
    created_at: row.created_at.toISOString(),
  };
}

/**
 * Effective-dated user rates. A user's rates form contiguous periods: each runs from its
 * `effective_from` until the next one's (`effective_until`, exclusive); the last is open.
 */
@Injectable()
export class RatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
    private readonly ledger: BudgetLedger,
    private readonly analytics: AnalyticsCache,
    private readonly audit: AuditLogService,
  ) {}

  /**
   * The rate effective at `at` for a user — the one whose period holds the day of `at` in
   * the user's time zone — or the settings' default hourly rate in the default currency.
   */
  async effectiveRate(manager: EntityManager, userId: string, at: Date): Promise<ResolvedRate> {
    const [row] = await manager.query<RateRow[]>(
      `SELECT ${RATE_COLUMNS}, true AS is_current
         FROM users u JOIN user_rates r ON r.user_id = u.id
        WHERE u.id = $1 AND r.effective_from <= ${entryDate('$2')}
          AND (r.effective_until IS NULL OR r.effective_until > ${entryDate('$2')})
        ORDER BY r.effective_from DESC LIMIT 1`,
      [userId, at],
    );
    if (row) {
      return {
        source: 'user',
        rateId: row.id,
        rateType: row.rate_type,
        rateAmount: row.rate_amount,
        currency: row.currency,
        effectiveFrom: row.effective_from,
        effectiveUntil: row.effective_until,
      };
    }
    const settings = await this.settings.current(manager);
    return {
      source: 'default',
      rateId: null,
      rateType: 'hourly',
      rateAmount: settings.defaultHourlyRate,
      currency: settings.defaultCurrency,
      effectiveFrom: null,
      effectiveUntil: null,
    };
  }

  async mine(auth: AuthUser): Promise<CurrentRateResponse> {
    const rate = await this.effectiveRate(this.dataSource.manager, auth.id, this.clock.now());
    return {
      source: rate.source,
      rate_id: rate.rateId,
      user_id: auth.id,
      rate_type: rate.rateType,
      rate_amount: rate.rateAmount,
      currency: rate.currency,
      effective_from: rate.effectiveFrom,
      effective_until: rate.effectiveUntil,
    };
  }

  async history(userId: string): Promise<UserRateResponse[]> {
    await this.requireUser(this.dataSource.manager, userId);
    const rows = await this.dataSource.query<RateRow[]>(
      `SELECT ${RATE_COLUMNS},
              (r.effective_from <= ${entryDate('$2')} AND (r.effective_until IS NULL OR r.effective_until > ${entryDate('$2')})) AS is_current
         FROM user_rates r JOIN users u ON u.id = r.user_id
        WHERE r.user_id = $1
        ORDER BY r.effective_from DESC`,
      [userId, this.clock.now()],
    );
    return rows.map(toRateResponse);
  }

  /**
   * Adds a rate from `effective_from` (default: today in the admin's time zone) and keeps
   * the periods contiguous in one transaction: the rate before it now ends where it starts,
   * and it ends where the next one (if any, e.g. when back-dating) starts. A rate with the
   * same `effective_from` is replaced in place (PUT: setting the rate of that day again).
   * Existing entries keep their snapshots; re-rate them with `apply`.
   */
  async set(auth: AuthUser, userId: string, dto: RateSetDto): Promise<UserRateResponse> {
    const from = dto.effective_from ?? dateIn(auth.timezone, this.clock.now());
    const amount = decimalColumnText(dto.rate_amount, 4);
    const id = await this.dataSource.transaction(async (tx) => {
      await this.requireUser(tx, userId);
      // Two admins setting rates for the same user at once would both compute the periods.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('stint:rates'), hashtext($1))`, [userId]);
      const [same] = await tx.query<Array<{ id: string; rate_type: RateType; rate_amount: string; currency: string }>>(
        'SELECT id, rate_type, rate_amount, currency FROM user_rates WHERE user_id = $1 AND effective_from = $2',
        [userId, from],
      );
      const recordSet = (rateId: string, replaced: object | null) =>
        this.audit.record(
          {
            action: 'rate.set',
            actorUserId: auth.id,
            subjectType: 'rate',
            subjectId: rateId,
            details: { user_id: userId, rate_type: dto.rate_type, rate_amount: amount, currency: dto.currency, effective_from: from, replaced },
          },
          tx,
        );
      if (same) {
        await tx.query('UPDATE user_rates SET rate_type = $2, rate_amount = $3, currency = $4, created_by = $5 WHERE id = $1', [
          same.id,
          dto.rate_type,
          amount,
          dto.currency,
          auth.id,
        ]);
        await recordSet(same.id, { rate_type: same.rate_type, rate_amount: same.rate_amount, currency: same.currency });
        return same.id;
      }
      const [next] = await tx.query<Array<{ effective_from: string }>>(
        'SELECT effective_from::text AS effective_from FROM user_rates WHERE user_id = $1 AND effective_from > $2 ORDER BY effective_from LIMIT 1',
        [userId, from],
      );
      await tx.query(
        `UPDATE user_rates SET effective_until = $2
          WHERE id = (SELECT id FROM user_rates WHERE user_id = $1 AND effective_from < $2 ORDER BY effective_from DESC LIMIT 1)`,
        [userId, from],
      );
      const [created] = await tx.query<Array<{ id: string }>>(
        `INSERT INTO user_rates (user_id, rate_type, rate_amount, currency, effective_from, effective_until, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [userId, dto.rate_type, amount, dto.currency, from, next?.effective_from ?? null, auth.id],
      );
      await recordSet(created.id, null);
      return created.id;
    });
    return this.readRate(userId, id);
  }

  /**
   * Re-rates the user's stopped entries whose start day (in the user's time zone) falls in
   * the rate's period: new snapshot and cost, in one transaction under the user's timer
   * lock (so a stop can't slip in between). Entries on a project in another currency are
   * left alone and counted — amounts are never converted. Active timers keep their snapshot.
   * Each project budget's total_cost changes by exactly its entries' difference, in the same
   * transaction (projects in id order, see BudgetLedger.recordCostChanges).
   */
  async apply(auth: AuthUser, userId: string, rateId: string): Promise<RateApplyResponse> {
    const applied = await this.dataSource.transaction(async (tx) => {
      await this.requireUser(tx, userId);
      const [rate] = await tx.query<RateRow[]>(`SELECT ${RATE_COLUMNS}, false AS is_current FROM user_rates r WHERE r.id = $1 AND r.user_id = $2`, [rateId, userId]);
      if (!rate) throw notFoundError('Rate', rateId);
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
        [userId, rate.effective_from, rate.effective_until],
      );
      const snapshot = { rateType: rate.rate_type, rateAmount: rate.rate_amount, currency: rate.currency };
      const applicable = entries.filter((e) => e.project_currency === null || e.project_currency === rate.currency);
      const rerated = applicable.map((e) =>
        rerate({ id: e.id, durationSeconds: e.duration_seconds, totalCost: e.total_cost, rateType: e.rate_type, rateAmount: e.rate_amount, currency: e.currency }, snapshot),
      );
      if (rerated.length) {
        // One statement for every entry: ids and costs travel as parallel arrays.
        await tx.query(
          `UPDATE time_entries te SET rate_type = $2, rate_amount = $3, currency = $4, total_cost = c.cost
             FROM unnest($1::uuid[], $5::numeric[]) AS c(id, cost)
            WHERE te.id = c.id`,
          [rerated.map((e) => e.id), rate.rate_type, rate.rate_amount, rate.currency, rerated.map((e) => e.totalCost)],
        );
        await this.ledger.recordCostChanges(
          tx,
          applicable.map((e, i) => ({ projectId: e.project_id, deltaCost: new Money(rerated[i].totalCost).minus(e.total_cost) })),
          // A re-rate that raises cost may not take a locked budget past 100 % either (issue 12, item 6).
          { refuseBeyondCap: true, rate: { rateType: rate.rate_type, rateAmount: rate.rate_amount } },
        );
      }
      const result: RateApplyResponse = {
        rate_id: rate.id,
        user_id: userId,
        effective_from: rate.effective_from,
        effective_until: rate.effective_until,
        entries_updated: rerated.length,
        entries_skipped_currency: entries.length - applicable.length,
        totals_before: totalsByCurrency(applicable.map((e) => ({ currency: e.currency, amount: e.total_cost }))),
        totals_after: totalsByCurrency(rerated.map((e) => ({ currency: e.currency, amount: e.totalCost }))),
      };
      const { rate_id: _, ...outcome } = result;
      const details = { ...outcome, rate_type: rate.rate_type, rate_amount: rate.rate_amount, currency: rate.currency };
      await this.audit.record({ action: 'rate.applied', actorUserId: auth.id, subjectType: 'rate', subjectId: rate.id, details }, tx);
      return result;
    });
    await this.analytics.invalidateUser(userId);
    return applied;
  }

  private async readRate(userId: string, id: string): Promise<UserRateResponse> {
    const [row] = await this.dataSource.query<RateRow[]>(
      `SELECT ${RATE_COLUMNS},
              (r.effective_from <= ${entryDate('$2')} AND (r.effective_until IS NULL OR r.effective_until > ${entryDate('$2')})) AS is_current
         FROM user_rates r JOIN users u ON u.id = r.user_id WHERE r.id = $1`,
      [id, this.clock.now()],
    );
    if (!row || row.user_id !== userId) throw notFoundError('Rate', id);
    return toRateResponse(row);
  }

  /** The account, or 404: an erased account no longer exists for any action on it (no new rates). */
  private async requireUser(manager: EntityManager, userId: string): Promise<void> {
    const [user] = await manager.query<Array<{ id: string; email: string }>>('SELECT id, email FROM users WHERE id = $1', [userId]);
    if (!user || isErased(user)) throw notFoundError('User', userId);
  }
}
