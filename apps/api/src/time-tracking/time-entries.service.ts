import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EntryWarning, TimeEntryWriteResponse, TimeLogPage, TimeLogResponse } from '@stint/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { BudgetLedger, type EntryCostState } from '../budgets/budget-ledger';
import { Clock } from '../common/clock';
import { authorizationError, conflictError, notFoundError, validationError } from '../common/errors/app-error';
import { Money, storedCost } from '../common/money';
import { pageWindow, paginated } from '../common/pagination';
import { isAdmin } from '../projects/project-access';
import { taskVisibleTo } from '../tasks/task-sql';
import { RatesService } from '../rates/rates.service';
import { totalsByCurrency } from '../rates/rerate';
import type { RateSnapshot } from '../rates/rate-resolution';
import { SettingsReader } from '../settings/settings-reader';
import { SqlParams } from './sql-params';
import { costSoFar, elapsedSoFar, TIME_LOG_SELECT, toTimeLogResponse, type TimeLogRow } from './time-log-view';
import { WorkTargets, type WorkTarget } from './work-target';
import { lockUserTimers } from '../common/locks/user-timer-lock';
import type { TimeEntryCreateDto, TimeEntryListQueryDto, TimeEntryUpdateDto, TimeLogListQueryDto } from './dto/time-entry.dto';
import { DomainEvents } from '../events/domain-events';

/** Whose entries a list shows, and on which task. */
interface ListScope {
  /** null: every user (an admin on a task). */
  userId: string | null;
  taskId?: string;
}

/** What the budget counts of an entry row (BudgetLedger.recordEntryChange). */
const costState = (row: { project_id: string | null; status: TimeLogRow['status']; total_cost: string }): EntryCostState => ({
  projectId: row.project_id,
  status: row.status,
  totalCost: row.total_cost,
});

/**
 * Manual time entries (the platform spec's TimeEntryCreate/TimeEntryUpdate) and the entry
 * lists. Only the owner reads or changes an entry; admins read everyone's but change only
 * their own (an admin correcting someone's hours silently would falsify their record).
 *
 * Budgets (issue 5): every create, edit and delete changes the project budget's total_cost
 * in its own transaction (BudgetLedger); time is refused (409) on a project whose locked
 * budget is used up, and a rate in another currency than the project's and its budget's.
 */
@Injectable()
export class TimeEntriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly rates: RatesService,
    private readonly settings: SettingsReader,
    private readonly targets: WorkTargets,
    private readonly ledger: BudgetLedger,
  ) {}

  /** GET /time-entries: the caller's entries; admins may name another user. */
  async list(auth: AuthUser, query: TimeEntryListQueryDto): Promise<TimeLogPage> {
    return this.page(this.listScope(auth, query.user_id, auth.id), query);
  }

  /** GET /time-tracking/logs: always the caller's. */
  async logs(auth: AuthUser, query: TimeLogListQueryDto): Promise<TimeLogPage> {
    return this.page({ userId: auth.id }, query);
  }

  /** GET /tasks/:id/time-logs: the caller's entries on a task they may see; admins everyone's (or `user_id`'s). */
  async taskLogs(auth: AuthUser, taskId: string, query: TimeEntryListQueryDto): Promise<TimeLogPage> {
    const [task] = await this.dataSource.query(`SELECT t.id FROM tasks t WHERE t.id = $1 AND ${taskVisibleTo('$2', '$3')}`, [taskId, auth.id, isAdmin(auth)]);
    if (!task) throw notFoundError('Task', taskId);
    return this.page({ ...this.listScope(auth, query.user_id, isAdmin(auth) ? null : auth.id), taskId }, query);
  }

  async get(auth: AuthUser, id: string): Promise<TimeLogResponse> {
    const row = await this.readRow(this.dataSource.manager, id);
    if (!row || (row.user_id !== auth.id && !isAdmin(auth))) throw notFoundError('Time entry', id);
    return toTimeLogResponse(row, this.clock.now());
  }

  async create(auth: AuthUser, dto: TimeEntryCreateDto): Promise<TimeEntryWriteResponse> {
    const now = this.clock.now();
    const start = new Date(dto.start_time);
    const end = new Date(dto.end_time);
    const { id, warnings } = await this.dataSource.transaction(async (tx) => {
      // The user's timer lock: overlap checks see every committed entry and timer of theirs, and none is written meanwhile.
      await lockUserTimers(tx, auth.id);
      await this.checkInterval(tx, start, end, now);
      const target = await this.targets.resolve(tx, auth, { taskId: dto.task_id, projectId: dto.project_id });
      const overlapWarnings = await this.overlaps(tx, auth.id, { start, end, exceptId: null, now, enforce: true });
      const rate = await this.rates.effectiveRate(tx, auth.id, start);
      await this.ledger.assertCurrency(tx, target.projectId, rate.currency);
      await this.ledger.assertCanAddTime(tx, target.projectId);
      const seconds = wholeSeconds(start, end);
      const cost = storedCost(seconds, rate.rateType, rate.rateAmount);
      const [row] = await tx.query<Array<{ id: string }>>(
        `INSERT INTO time_entries (user_id, task_id, project_id, status, start_time, end_time, paused_seconds, duration_seconds,
                                   description, rate_type, rate_amount, currency, total_cost, is_billable)
         VALUES ($1, $2, $3, 'stopped', $4, $5, 0, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          auth.id,
          target.taskId,
          target.projectId,
          start,
          end,
          seconds,
          dto.description ?? null,
          rate.rateType,
          rate.rateAmount,
          rate.currency,
          cost,
          dto.is_billable ?? target.project?.isBillable ?? true,
        ],
      );
      await this.ledger.recordCostChange(tx, target.projectId, cost, { refuseBeyondCap: true, rate });
      await DomainEvents.record(tx, { type: 'time_entry.changed', user_id: auth.id, entry_id: row.id, change: 'created' });
      return { id: row.id, warnings: overlapWarnings };
    });
    return { ...(await this.get(auth, id)), warnings };
  }

  /**
   * Edits a stopped entry. New start or end: the entry becomes the plain interval given
   * (paused time is dropped — the person states when they worked), and a new start takes
   * the rate effective then. Otherwise the snapshot (possibly re-rated) stays.
   */
  async update(auth: AuthUser, id: string, dto: TimeEntryUpdateDto): Promise<TimeEntryWriteResponse> {
    const now = this.clock.now();
    const warnings = await this.dataSource.transaction(async (tx) => {
      await lockUserTimers(tx, auth.id);
      const entry = await this.requireOwnStopped(tx, auth, id);
      const timesChanged = dto.start_time !== undefined || dto.end_time !== undefined;
      const start = dto.start_time !== undefined ? new Date(dto.start_time) : entry.start_time;
      const end = dto.end_time !== undefined ? new Date(dto.end_time) : (entry.end_time as Date);
      if (timesChanged) await this.checkInterval(tx, start, end, now);

      const targetChanged = dto.task_id !== undefined || dto.project_id !== undefined;
      let target: WorkTarget | null = null;
      if (targetChanged) {
        const taskId = dto.task_id !== undefined ? dto.task_id : entry.task_id;
        // A new task brings its project unless one is named; otherwise the project stays.
        const projectId = dto.project_id !== undefined ? dto.project_id : dto.task_id ? undefined : entry.project_id;
        target = await this.targets.resolve(tx, auth, { taskId, projectId });
      }

      let rate: RateSnapshot = { rateType: entry.rate_type, rateAmount: entry.rate_amount, currency: entry.currency };
      const startChanged = start.getTime() !== entry.start_time.getTime();
      if (startChanged) rate = await this.rates.effectiveRate(tx, auth.id, start);
      const projectId = target ? target.projectId : entry.project_id;
      if (target || startChanged) await this.ledger.assertCurrency(tx, projectId, rate.currency);

      const seconds = timesChanged ? wholeSeconds(start, end) : (entry.duration_seconds as number);
      // Its owner may still change it (a member, or an admin); an archived project's entry may not grow.
      await this.targets.requireWritable(tx, auth, entry.project_id, { addsTime: projectId === entry.project_id && seconds > (entry.duration_seconds ?? 0) });
      const cost = storedCost(seconds, rate.rateType, rate.rateAmount);
      // Adding time (cost up on the same project, or any cost moved onto another one) is refused on a used-up locked budget; taking time off never is.
      const addsTime = projectId !== entry.project_id ? new Money(cost).gt(0) : new Money(cost).gt(entry.total_cost);
      if (addsTime) await this.ledger.assertCanAddTime(tx, projectId);
      await tx.query(
        `UPDATE time_entries
            SET task_id = $2, project_id = $3, start_time = $4, end_time = $5, paused_seconds = $6, duration_seconds = $7,
                description = $8, rate_type = $9, rate_amount = $10, currency = $11, total_cost = $12, is_billable = $13
          WHERE id = $1`,
        [
          id,
          target ? target.taskId : entry.task_id,
          projectId,
          start,
          end,
          timesChanged ? 0 : entry.paused_seconds,
          seconds,
          dto.description !== undefined ? dto.description : entry.description,
          rate.rateType,
          rate.rateAmount,
          rate.currency,
          cost,
          dto.is_billable ?? entry.is_billable,
        ],
      );
      await this.ledger.recordEntryChange(tx, costState(entry), costState({ project_id: projectId, status: 'stopped', total_cost: cost }), { refuseBeyondCap: true, rate });
      await DomainEvents.record(tx, { type: 'time_entry.changed', user_id: auth.id, entry_id: id, change: 'updated' });
      // Warned on every edit of an overlapping entry; refused (when forbidden) only when its times change.
      return this.overlaps(tx, auth.id, { start, end, exceptId: id, now, enforce: timesChanged });
    });
    return { ...(await this.get(auth, id)), warnings };
  }

  async remove(auth: AuthUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const entry = await this.requireOwnStopped(tx, auth, id);
      await this.targets.requireWritable(tx, auth, entry.project_id, { addsTime: false });
      await tx.query('DELETE FROM time_entries WHERE id = $1', [id]);
      await this.ledger.recordEntryChange(tx, costState(entry), null);
      await DomainEvents.record(tx, { type: 'time_entry.changed', user_id: auth.id, entry_id: id, change: 'deleted' });
    });
  }

  private listScope(auth: AuthUser, requested: string | undefined, fallback: string | null): ListScope {
    if (requested === undefined || requested === auth.id) return { userId: requested ?? fallback };
    if (!isAdmin(auth)) throw authorizationError('Only admins can list other users’ entries');
    return { userId: requested };
  }

  /** The owner's stopped entry, locked for the change. Admins get 403 on others' entries (they can see them), others 404. */
  private async requireOwnStopped(tx: EntityManager, auth: AuthUser, id: string): Promise<TimeLogRow> {
    const [owner] = await tx.query<Array<{ user_id: string }>>('SELECT user_id FROM time_entries WHERE id = $1 FOR UPDATE', [id]);
    if (!owner || (owner.user_id !== auth.id && !isAdmin(auth))) throw notFoundError('Time entry', id);
    if (owner.user_id !== auth.id) throw authorizationError('Admins can read other users’ entries but only their owner can change them');
    const entry = (await this.readRow(tx, id)) as TimeLogRow;
    if (entry.status !== 'stopped') {
      throw conflictError('This entry is an active timer: pause, resume or stop it through the timer instead', { status: [entry.status] });
    }
    return entry;
  }

  private async readRow(manager: EntityManager, id: string): Promise<TimeLogRow | undefined> {
    const [row] = await manager.query<TimeLogRow[]>(`${TIME_LOG_SELECT} WHERE te.id = $1`, [id]);
    return row;
  }

  /**
   * The user's other entries and timers (a running or paused one lasts until now) that
   * [start, end) overlaps. Overlapping time is counted twice on the dashboard, so it is
   * warned about (OVERLAP, naming the entries); with the admin setting
   * `forbid_overlapping_entries` it is refused (409, naming them). The caller holds the
   * user's timer lock, so two concurrent writes can't both miss each other.
   */
  private async overlaps(tx: EntityManager, userId: string, interval: { start: Date; end: Date; exceptId: string | null; now: Date; enforce: boolean }): Promise<EntryWarning[]> {
    const rows = await tx.query<Array<{ id: string }>>(
      `SELECT id FROM time_entries
        WHERE user_id = $1 AND ($4::uuid IS NULL OR id <> $4::uuid)
          AND start_time < $3 AND coalesce(end_time, greatest($5::timestamptz, start_time)) > $2
        ORDER BY start_time, id
        LIMIT 100`,
      [userId, interval.start, interval.end, interval.exceptId, interval.now],
    );
    if (!rows.length) return [];
    const entries = rows.map((row) => row.id);
    const which = entries.length === 1 ? 'another of your entries or timers' : `${entries.length} other entries or timers of yours`;
    if (interval.enforce && (await this.settings.current(tx)).forbidOverlappingEntries) {
      throw conflictError(`This entry overlaps ${which}, and overlapping entries are not allowed here: change its times or the other entries first`, {
        start_time: ['overlaps another entry'],
        // The warning's shape (not a message list, so forms don't show the ids as text).
        overlap: { code: 'OVERLAP', entries },
      });
    }
    return [{ code: 'OVERLAP', message: `This entry overlaps ${which}: that time is counted more than once`, entries }];
  }

  /** End after start (spec: end_after_start), not in the future, and no longer than the timer cap. */
  private async checkInterval(tx: EntityManager, start: Date, end: Date, now: Date): Promise<void> {
    if (end <= start) throw validationError('The entry ends before it starts', { end_time: ['end_time must be after start_time'] });
    if (end > now) throw validationError('The entry ends in the future', { end_time: ['end_time must not be in the future; use the timer for ongoing work'] });
    const { maxTimerHours } = await this.settings.current(tx);
    if (end.getTime() - start.getTime() > maxTimerHours * 3_600_000) {
      throw validationError('The entry is too long', { end_time: [`an entry may last at most ${maxTimerHours} hours (the timer cap)`] });
    }
  }

  /**
   * One page plus a summary over every matching entry: stopped entries are summed in SQL
   * from their stored exact costs; active ones (a few per user) are computed to now.
   */
  private async page(scope: ListScope, query: TimeLogListQueryDto): Promise<TimeLogPage> {
    const now = this.clock.now();
    const window = pageWindow(query);
    const from = query.from ? new Date(query.from) : null;
    const to = query.to ? new Date(query.to) : null;
    if (from && to && to <= from) throw validationError('The period is empty', { to: ['to must be after from'] });

    const params = new SqlParams();
    const where: string[] = [];
    if (scope.userId) where.push(`te.user_id = ${params.add(scope.userId)}`);
    if (scope.taskId) where.push(`te.task_id = ${params.add(scope.taskId)}`);
    if (query.task_id) where.push(`te.task_id = ${params.add(query.task_id)}`);
    if (query.project_id) where.push(`te.project_id = ${params.add(query.project_id)}`);
    if (query.status) where.push(`te.status = ${params.add(query.status)}`);
    // Overlap with [from, to): an active entry extends to now.
    if (to) where.push(`te.start_time < ${params.add(to)}`);
    if (from) where.push(`coalesce(te.end_time, ${params.add(now)}) > ${params.add(from)}`);
    const condition = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const values = params.values;
    const limit = `LIMIT ${Number(window.perPage)} OFFSET ${Number(window.offset)}`;

    const [rows, [counted], stoppedTotals, active] = await Promise.all([
      this.dataSource.query<TimeLogRow[]>(`${TIME_LOG_SELECT} ${condition} ORDER BY te.start_time DESC, te.id DESC ${limit}`, values),
      this.dataSource.query<Array<{ total: number }>>(`SELECT count(*)::int AS total FROM time_entries te ${condition}`, values),
      this.dataSource.query<Array<{ currency: string; amount: string; seconds: string; billable: string }>>(
        `SELECT te.currency, sum(te.total_cost)::text AS amount, sum(te.duration_seconds)::text AS seconds,
                coalesce(sum(te.duration_seconds) FILTER (WHERE te.is_billable), 0)::text AS billable
           FROM time_entries te ${condition ? `${condition} AND` : 'WHERE'} te.status = 'stopped'
          GROUP BY te.currency`,
        values,
      ),
      this.dataSource.query<TimeLogRow[]>(`${TIME_LOG_SELECT} ${condition ? `${condition} AND` : 'WHERE'} te.status <> 'stopped'`, values),
    ]);

    let totalSeconds = 0;
    let billableSeconds = 0;
    const amounts: Array<{ currency: string; amount: string }> = [];
    for (const group of stoppedTotals) {
      totalSeconds += Number(group.seconds);
      billableSeconds += Number(group.billable);
      amounts.push({ currency: group.currency, amount: group.amount });
    }
    for (const row of active) {
      const elapsed = elapsedSoFar(row, now);
      totalSeconds += elapsed;
      if (row.is_billable) billableSeconds += elapsed;
      amounts.push({ currency: row.currency, amount: costSoFar(row, now) });
    }
    const result = paginated(
      rows.map((row) => toTimeLogResponse(row, now)),
      counted.total,
      window,
    );
    return { ...result, summary: { total_seconds: totalSeconds, billable_seconds: billableSeconds, totals: totalsByCurrency(amounts) } };
  }
}

/**
 * Whole seconds of a manual interval, counted as the timer counts them (timer-state.ts): on a
 * one-second grid anchored at the start, floor((end − start) / 1 s). The cost is computed from
 * exactly these seconds, so a sub-second remainder is neither shown nor charged, and an
 * interval under one second is a 0-second entry costing 0.00 — for a timer and a manual or
 * edited entry alike (issue 12, item 9; test/whole-seconds.int-spec.ts).
 */
function wholeSeconds(start: Date, end: Date): number {
  return Math.floor((end.getTime() - start.getTime()) / 1000);
}
