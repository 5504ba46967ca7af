import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { RATE_TYPES, type RateType } from '../../common/enums';
import { User } from '../../users/entities/user.entity';

/** An effective-dated billing rate: from `effective_from` until the next one starts. */
@Entity('user_rates')
@Check('user_rate_amount_positive', 'rate_amount > 0')
@Check('user_rate_currency_format', `currency ~ '^[A-Z]{3}$'`)
@Check('user_rate_period', 'effective_until IS NULL OR effective_until > effective_from')
@Unique('uq_user_rates_user_from', ['userId', 'effectiveFrom'])
export class UserRate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_user_rates_user_id')
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ name: 'rate_type', type: 'enum', enum: RATE_TYPES, enumName: 'rate_type' })
  rateType: RateType;

  @Column({ name: 'rate_amount', type: 'decimal', precision: 10, scale: 4 })
  rateAmount: string;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom: string;

  /** Exclusive end; null while current. */
  @Column({ name: 'effective_until', type: 'date', nullable: true })
  effectiveUntil: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: User;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
