import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CurrentRateResponse, RateApplyResponse, UserRateResponse } from '@stint/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { Clock } from '../common/clock';
import type { RateType } from '../common/enums';
import { notFoundError } from '../common/errors/app-error';
import { isErased } from '../users/erased-account';
import { accountStatus } from '../users/accounts';
import { SettingsReader } from '../settings/settings-reader';
import { decimalColumnText } from '../common/validators/decimal-amount';
import { dateIn, entryDate, type ResolvedRate } from './rate-resolution';
import { totalsByCurrency } from './rerate';
import { EntryRerating } from './entry-rerating';
import type { RateSetDto } from './dto/rate.dto';
import { AuditLogService } from '../audit/audit-log.service';
import { DomainEvents } from '../events/domain-events';

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
    private readonly settings: SettingsReader,
    private readonly clock: Clock,
    private readonly rerating: EntryRerating,
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
      const recordSet = async (rateId: string, replaced: object | null) => {
        await DomainEvents.record(tx, { type: 'rate.changed', user_id: userId });
        await this.audit.record(
          {
            action: 'rate.set',
            actorUserId: auth.id,
            subjectType: 'rate',
            subjectId: rateId,
            details: { user_id: userId, rate_type: dto.rate_type, rate_amount: amount, currency: dto.currency, effective_from: from, replaced },
          },
          tx,
        );
      };
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
   * the rate's period, in one transaction with the audit record: time tracking rewrites the
   * entries and their budgets (TimeEntryRewrites.rerateStopped, through EntryRerating).
   */
  async apply(auth: AuthUser, userId: string, rateId: string): Promise<RateApplyResponse> {
    const applied = await this.dataSource.transaction(async (tx) => {
      await this.requireUser(tx, userId);
      const [rate] = await tx.query<RateRow[]>(`SELECT ${RATE_COLUMNS}, false AS is_current FROM user_rates r WHERE r.id = $1 AND r.user_id = $2`, [rateId, userId]);
      if (!rate) throw notFoundError('Rate', rateId);
      const { rerated, skippedCurrency } = await this.rerating.rerate(tx, {
        userId,
        rate: { rateType: rate.rate_type, rateAmount: rate.rate_amount, currency: rate.currency },
        from: rate.effective_from,
        until: rate.effective_until,
      });
      const result: RateApplyResponse = {
        rate_id: rate.id,
        user_id: userId,
        effective_from: rate.effective_from,
        effective_until: rate.effective_until,
        entries_updated: rerated.length,
        entries_skipped_currency: skippedCurrency,
        totals_before: totalsByCurrency(rerated.map((e) => ({ currency: e.currencyBefore, amount: e.costBefore }))),
        totals_after: totalsByCurrency(rerated.map((e) => ({ currency: rate.currency, amount: e.costAfter }))),
      };
      const { rate_id: _, ...outcome } = result;
      const details = { ...outcome, rate_type: rate.rate_type, rate_amount: rate.rate_amount, currency: rate.currency };
      await this.audit.record({ action: 'rate.applied', actorUserId: auth.id, subjectType: 'rate', subjectId: rate.id, details }, tx);
      await DomainEvents.record(tx, { type: 'rate.changed', user_id: userId });
      return result;
    });
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
    const user = await accountStatus(manager, userId);
    if (!user || isErased(user)) throw notFoundError('User', userId);
  }
}

/** An account's erasure: its rates go (personal; the entries keep their snapshots). In the erasure's transaction. */
export async function deleteUserRates(tx: EntityManager, userId: string): Promise<void> {
  await tx.query('DELETE FROM user_rates WHERE user_id = $1', [userId]);
}
