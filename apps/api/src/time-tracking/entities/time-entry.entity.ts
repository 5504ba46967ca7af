import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { RATE_TYPES, TIME_ENTRY_STATUSES, type RateType, type TimeEntryStatus } from '../../common/enums';
import { User } from '../../users/entities/user.entity';
import { Task } from '../../tasks/entities/task.entity';
import { Project } from '../../projects/entities/project.entity';

/**
 * The platform spec's time_entries merged with the timer module's issue_time_logs and
 * active_timers: a running or paused row *is* the active timer.
 */
@Entity('time_entries')
@Check('end_after_start', 'end_time IS NULL OR end_time > start_time')
@Check('duration_non_negative', 'duration_seconds IS NULL OR duration_seconds >= 0')
@Check('paused_seconds_non_negative', 'paused_seconds >= 0')
@Check('total_cost_non_negative', 'total_cost >= 0')
@Check('rate_amount_positive', 'rate_amount > 0')
@Check('entry_currency_format', `currency ~ '^[A-Z]{3}$'`)
@Check('description_length', 'description IS NULL OR length(description) <= 500')
// Stopped rows have an end and a duration; active rows have neither (spec: active_has_no_end).
@Check(
  'active_has_no_end',
  `(status = 'stopped' AND end_time IS NOT NULL AND duration_seconds IS NOT NULL AND paused_at IS NULL)
   OR (status <> 'stopped' AND end_time IS NULL AND duration_seconds IS NULL)`,
)
@Check('paused_has_paused_at', `(status = 'paused') = (paused_at IS NOT NULL)`)
@Check('active_has_slot', `(status = 'stopped') = (timer_slot IS NULL)`)
@Check('timer_slot_range', 'timer_slot IS NULL OR timer_slot BETWEEN 0 AND 19')
// Active timers per user (spec: idx_one_active_per_user): each takes a slot below
// max_concurrent_timers_per_user, and the database refuses two in one slot. With the
// default of 1 every timer needs slot 0, so a user has one active timer, whatever races.
@Index('idx_one_active_per_user', ['userId', 'timerSlot'], { unique: true, where: `status <> 'stopped'` })
@Index('idx_time_entries_user_start', ['userId', 'startTime'])
@Index('idx_time_entries_project_start', ['projectId', 'startTime'])
@Index('idx_time_entries_user_task', ['userId', 'taskId'])
@Index('idx_time_entries_billable_status', ['isBillable', 'status'])
@Index('idx_time_entries_heartbeat', ['lastHeartbeat'], { where: `status <> 'stopped'` })
// The budget figures, per project: the burn window's cost (an end_time range) and the exceeded-at
// walk (ordered by end_time, id); total_cost in the key lets both be index-only scans.
@Index('idx_time_entries_project_end_stopped', ['projectId', 'endTime', 'id', 'totalCost'], { where: `status = 'stopped'` })
// Timer status's "last stopped with a reason": the newest such entry of the user, one index step.
@Index('idx_time_entries_user_last_stop', ['userId', 'startTime'], { where: `status = 'stopped' AND stop_reason IS NOT NULL` })
// One user's entries by start, with the columns the time-entry list's totals and the analytics
// spans read (INCLUDE, so index-only): hand-written in migration ProjectRollups.
@Index('idx_time_entries_user_start_cover', { synchronize: false })
// The task list's tracked hours per task of the page, index-only (INCLUDE duration_seconds):
// hand-written in migration TaskTrackedTimeIndex.
@Index('idx_time_entries_task_stopped', { synchronize: false })
export class TimeEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Index('idx_time_entries_task_id')
  @Column({ name: 'task_id', type: 'uuid', nullable: true })
  taskId: string | null;

  @ManyToOne(() => Task, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'task_id' })
  task?: Task;

  @Column({ name: 'project_id', type: 'uuid', nullable: true })
  projectId: string | null;

  @ManyToOne(() => Project, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'project_id' })
  project?: Project;

  @Index('idx_time_entries_status')
  @Column({ type: 'enum', enum: TIME_ENTRY_STATUSES, enumName: 'time_entry_status', default: 'stopped' })
  status: TimeEntryStatus;

  @Index('idx_time_entries_start_time')
  @Column({ name: 'start_time', type: 'timestamptz' })
  startTime: Date;

  @Column({ name: 'end_time', type: 'timestamptz', nullable: true })
  endTime: Date | null;

  @Column({ name: 'paused_at', type: 'timestamptz', nullable: true })
  pausedAt: Date | null;

  /** Paused time accumulated over every pause; never counted or charged. */
  @Column({ name: 'paused_seconds', type: 'integer', default: 0 })
  pausedSeconds: number;

  /** Running time only: (end − start) − paused_seconds. The server computes it. */
  @Column({ name: 'duration_seconds', type: 'integer', nullable: true })
  durationSeconds: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description: string | null;

  /** Snapshot of the rate effective at start_time. */
  @Column({ name: 'rate_type', type: 'enum', enum: RATE_TYPES, enumName: 'rate_type' })
  rateType: RateType;

  @Column({ name: 'rate_amount', type: 'decimal', precision: 10, scale: 4 })
  rateAmount: string;

  @Column({ type: 'char', length: 3 })
  currency: string;

  /** Exact cost of the running time at the snapshot rate (server-side truth). */
  @Column({ name: 'total_cost', type: 'decimal', precision: 12, scale: 4, default: 0 })
  totalCost: string;

  @Column({ name: 'is_billable', type: 'boolean', default: true })
  isBillable: boolean;

  @Column({ name: 'last_heartbeat', type: 'timestamptz', nullable: true })
  lastHeartbeat: Date | null;

  /** Which of the user's concurrent-timer slots an active entry holds; null once stopped. */
  @Column({ name: 'timer_slot', type: 'smallint', nullable: true })
  timerSlot: number | null;

  /** How an entry came to stop: user, switched (another timer started), cap, budget, logout; null for manual entries. */
  @Column({ name: 'stop_reason', type: 'varchar', length: 16, nullable: true })
  stopReason: string | null;

  @Index('idx_time_entries_created_at')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
