import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { TASK_PRIORITIES, TASK_STATUSES, type TaskPriority, type TaskStatus } from '../../common/enums';
import { User } from '../../users/entities/user.entity';
import { Project } from '../../projects/entities/project.entity';

/** The stored search document: exactly the expression the spec's search index was built on. */
export const SEARCH_DOCUMENT_SQL = `to_tsvector('english', coalesce(title, '') || ' ' || coalesce(description, ''))`;
/** The stored ranking document: the title weighs A, the description B. */
export const SEARCH_WEIGHTED_SQL = `setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(description, '')), 'B')`;

@Entity('tasks')
@Check('title_length', 'length(title) >= 1')
@Check('estimated_hours_positive', 'estimated_hours IS NULL OR estimated_hours > 0')
@Check('tags_is_array', `jsonb_typeof(tags) = 'array'`)
@Check('task_number_with_project', '(project_id IS NULL AND number IS NULL) OR (project_id IS NOT NULL AND number IS NOT NULL)')
@Unique('uq_tasks_project_number', ['projectId', 'number'])
// Spec indexes that TypeORM can't describe (GIN, expressions) live in the hand-written migration.
@Index('idx_tasks_tags', { synchronize: false })
@Index('idx_tasks_search', { synchronize: false })
export class Task {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_tasks_user_id')
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Index('idx_tasks_project_id')
  @Column({ name: 'project_id', type: 'uuid', nullable: true })
  projectId: string | null;

  @ManyToOne(() => Project, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'project_id' })
  project?: Project;

  /** N of the key `PROJECTKEY-N`; unique per project. */
  @Column({ type: 'integer', nullable: true })
  number: number | null;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Index('idx_tasks_status')
  @Column({ type: 'enum', enum: TASK_STATUSES, enumName: 'task_status', default: 'todo' })
  status: TaskStatus;

  @Index('idx_tasks_priority')
  @Column({ type: 'enum', enum: TASK_PRIORITIES, enumName: 'task_priority', default: 'medium' })
  priority: TaskPriority;

  @Index('idx_tasks_due_date')
  @Column({ name: 'due_date', type: 'timestamptz', nullable: true })
  dueDate: Date | null;

  @Index('idx_tasks_created_at')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** Set when the status becomes done, cleared when reopened. */
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  tags: string[];

  @Column({ name: 'estimated_hours', type: 'decimal', precision: 10, scale: 2, nullable: true })
  estimatedHours: string | null;

  /**
   * What the full-text search matches (GIN index `idx_tasks_search`): title and description
   * as one document, stored so no statement rebuilds it per row. Never selected.
   */
  @Column({ name: 'search_document', type: 'tsvector', select: false, insert: false, update: false, generatedType: 'STORED', asExpression: SEARCH_DOCUMENT_SQL })
  searchDocument?: string;

  /** What search results are ranked by: title lexemes weigh A, description lexemes B. Never selected. */
  @Column({ name: 'search_weighted', type: 'tsvector', select: false, insert: false, update: false, generatedType: 'STORED', asExpression: SEARCH_WEIGHTED_SQL })
  searchWeighted?: string;
}
