import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, OneToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { BUDGET_STATUSES, type BudgetStatus } from '../../common/enums';
import { Project } from '../../projects/entities/project.entity';

@Entity('project_budgets')
@Check('budget_total_non_negative', 'total_budget >= 0')
@Check('budget_allocated_non_negative', 'allocated_budget IS NULL OR allocated_budget >= 0')
@Check('budget_cost_non_negative', 'total_cost >= 0')
@Check('budget_thresholds', 'alert_threshold > 0 AND alert_threshold <= critical_threshold AND critical_threshold <= 100')
@Check('budget_period', 'end_date IS NULL OR start_date IS NULL OR end_date >= start_date')
@Check('budget_currency_format', `currency ~ '^[A-Z]{3}$'`)
export class ProjectBudget {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_project_budgets_project_unique', { unique: true })
  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @OneToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: Project;

  @Column({ name: 'total_budget', type: 'decimal', precision: 12, scale: 2 })
  totalBudget: string;

  @Column({ name: 'allocated_budget', type: 'decimal', precision: 12, scale: 2, nullable: true })
  allocatedBudget: string | null;

  /** Exact sum of the project's stopped entries' total_cost, kept in the same transaction. */
  @Column({ name: 'total_cost', type: 'decimal', precision: 14, scale: 4, default: 0 })
  totalCost: string;

  @Index('idx_project_budgets_status')
  @Column({ type: 'enum', enum: BUDGET_STATUSES, enumName: 'budget_status', default: 'planning' })
  status: BudgetStatus;

  @Column({ name: 'alert_threshold', type: 'decimal', precision: 5, scale: 2, default: 80 })
  alertThreshold: string;

  @Column({ name: 'critical_threshold', type: 'decimal', precision: 5, scale: 2, default: 90 })
  criticalThreshold: string;

  @Column({ name: 'is_locked', type: 'boolean', default: false })
  isLocked: boolean;

  @Column({ name: 'start_date', type: 'date', nullable: true })
  startDate: string | null;

  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate: string | null;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
