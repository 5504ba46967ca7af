import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { BUDGET_ALERT_TYPES, type BudgetAlertType } from '../../common/enums';
import { Project } from '../../projects/entities/project.entity';
import { User } from '../../users/entities/user.entity';
import { ProjectBudget } from './project-budget.entity';

@Entity('budget_alerts')
@Index('idx_budget_alerts_project_ack', ['projectId', 'isAcknowledged'])
export class BudgetAlert {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_budget_alerts_budget_id')
  @Column({ name: 'project_budget_id', type: 'uuid' })
  projectBudgetId: string;

  @ManyToOne(() => ProjectBudget, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_budget_id' })
  budget?: ProjectBudget;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @ManyToOne(() => Project, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: Project;

  @Column({ name: 'alert_type', type: 'enum', enum: BUDGET_ALERT_TYPES, enumName: 'budget_alert_type' })
  alertType: BudgetAlertType;

  @Column({ name: 'threshold_percentage', type: 'decimal', precision: 5, scale: 2 })
  thresholdPercentage: string;

  /** Can pass 100 when one change overshoots the budget. */
  @Column({ name: 'actual_percentage', type: 'decimal', precision: 9, scale: 2 })
  actualPercentage: string;

  @Column({ name: 'cost_at_alert', type: 'decimal', precision: 14, scale: 4 })
  costAtAlert: string;

  @Column({ name: 'is_acknowledged', type: 'boolean', default: false })
  isAcknowledged: boolean;

  @Column({ name: 'acknowledged_by_user_id', type: 'uuid', nullable: true })
  acknowledgedByUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'acknowledged_by_user_id' })
  acknowledgedBy?: User;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
