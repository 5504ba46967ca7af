import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/*
 * Pre-aggregated sums of a project's stopped entries, for the budget figures and the project
 * statistics (docs/performance.md says why each exists). Kept exact by the statement-level
 * triggers on time_entries (migration ProjectRollups): each write statement appends one
 * delta row per touched key and folds in the key's rows no other transaction holds, so a
 * key has one row, or a few while writers of it are in flight — readers always sum by key.
 * No writer ever waits on another here (SKIP LOCKED), so the rollups add no lock to the
 * ledger's order (project, then budget). No foreign keys: these are derived from
 * time_entries, whose own keys decide what exists. `id` only gives TypeORM a primary key.
 */

/** Per project and UTC day of end_time: the budget's burn window and exceeded-at walk. */
@Entity('project_cost_days')
@Index('idx_project_cost_days_project_day', ['projectId', 'day', 'cost', 'entries'])
export class ProjectCostDay {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @Column({ type: 'date' })
  day: string;

  @Column({ type: 'decimal', precision: 16, scale: 4 })
  cost: string;

  @Column({ type: 'int' })
  entries: number;
}

/** Per project and UTC hour of start_time: the statistics' days in any whole-hour time zone. */
@Entity('project_hour_totals')
@Index('idx_project_hour_totals_project_hour', ['projectId', 'hour', 'entries', 'seconds', 'cost'])
export class ProjectHourTotal {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @Column({ type: 'timestamptz' })
  hour: Date;

  @Column({ type: 'int' })
  entries: number;

  @Column({ type: 'bigint' })
  seconds: string;

  @Column({ type: 'decimal', precision: 16, scale: 4 })
  cost: string;
}

/** Per project, user and UTC day of start_time: the statistics' users, totals and billable split. */
@Entity('project_user_days')
@Index('idx_project_user_days_project_day', ['projectId', 'day', 'userId'])
export class ProjectUserDay {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'date' })
  day: string;

  @Column({ type: 'int' })
  entries: number;

  @Column({ type: 'bigint' })
  seconds: string;

  @Column({ type: 'decimal', precision: 16, scale: 4 })
  cost: string;

  @Column({ name: 'billable_entries', type: 'int' })
  billableEntries: number;

  @Column({ name: 'billable_seconds', type: 'bigint' })
  billableSeconds: string;

  @Column({ name: 'billable_cost', type: 'decimal', precision: 16, scale: 4 })
  billableCost: string;
}

/** Per project, task (null: none) and UTC day of start_time: the statistics' tasks. */
@Entity('project_task_days')
@Index('idx_project_task_days_project_day', ['projectId', 'day', 'taskId'])
export class ProjectTaskDay {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @Column({ name: 'task_id', type: 'uuid', nullable: true })
  taskId: string | null;

  @Column({ type: 'date' })
  day: string;

  @Column({ type: 'int' })
  entries: number;

  @Column({ type: 'bigint' })
  seconds: string;

  @Column({ type: 'decimal', precision: 16, scale: 4 })
  cost: string;
}
