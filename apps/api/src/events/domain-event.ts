import type { StopReason } from '@stint/contracts';

/**
 * What happened, as a write records it inside its transaction (DomainEvents.record). Small on
 * purpose: ids and the facts a consumer can't read back later (a previous name, a stop
 * reason); a consumer that needs more reads the current state. Field names are snake_case:
 * the same JSON goes to the outbox and, from the integrations issue on, to webhooks.
 */
export type DomainEvent =
  | { type: 'time_entry.started'; user_id: string; entry_id: string; project_id: string | null }
  | { type: 'time_entry.paused'; user_id: string; entry_id: string }
  | { type: 'time_entry.resumed'; user_id: string; entry_id: string }
  | { type: 'time_entry.stopped'; user_id: string; entry_id: string; stop_reason: StopReason | null }
  | { type: 'time_entry.changed'; user_id: string; entry_id: string; change: 'created' | 'updated' | 'deleted' }
  | { type: 'project.renamed'; project_id: string; name: string; previous_name: string }
  | { type: 'project.changed'; project_id: string; change: 'created' | 'updated' | 'deleted' | 'members' }
  | { type: 'task.changed'; task_id: string; project_id: string | null; change: 'created' | 'updated' | 'deleted' }
  | { type: 'budget.crossed'; project_id: string; alert_id: string; level: string; threshold_percent: string; actual_percent: string }
  | { type: 'rate.changed'; user_id: string }
  | { type: 'settings.changed' };

export type DomainEventType = DomainEvent['type'];

/** A recorded event: the event and its identity. `id` is the key idempotent consumers dedupe on. */
export type RecordedEvent<T extends DomainEventType = DomainEventType> = Extract<DomainEvent, { type: T }> & {
  id: string;
  /** ISO 8601, the business clock at record time. */
  occurred_at: string;
};

export const DOMAIN_EVENT_TYPES: readonly DomainEventType[] = [
  'time_entry.started',
  'time_entry.paused',
  'time_entry.resumed',
  'time_entry.stopped',
  'time_entry.changed',
  'project.renamed',
  'project.changed',
  'task.changed',
  'budget.crossed',
  'rate.changed',
  'settings.changed',
];
