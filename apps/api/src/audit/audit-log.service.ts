import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditAction as ContractAuditAction, AuditSubjectType } from '@stint/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { currentRequestOrigin } from './request-context';

export type AuditAction = ContractAuditAction;

export interface AuditEvent {
  action: AuditAction;
  /** Who did it; null when anonymous (e.g. a failed sign-in for an unknown email). */
  actorUserId: string | null;
  subjectType?: AuditSubjectType;
  subjectId?: string | null;
  /** Useful before/after values. Never passwords, tokens or hashes. */
  details?: Record<string, unknown>;
}

const USER_AGENT_MAX = 512;

/** Writes security-relevant events to the append-only `audit_log` (spec: Security Specifications). */
@Injectable()
export class AuditLogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Writes inside `manager`'s transaction when given, so the event commits or rolls back with the change. */
  async record(event: AuditEvent, manager?: EntityManager): Promise<void> {
    // Outside a request (background jobs) there is no origin: ip and request id stay null.
    const origin = currentRequestOrigin();
    await (manager ?? this.dataSource.manager).query(
      `INSERT INTO audit_log (occurred_at, action, actor_user_id, subject_type, subject_id, ip, user_agent, request_id, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)`,
      [
        this.clock.now(),
        event.action,
        event.actorUserId,
        event.subjectType ?? null,
        event.subjectId ?? null,
        origin?.ip ?? null,
        origin?.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
        origin?.requestId ?? null,
        JSON.stringify(event.details ?? {}),
      ],
    );
  }
}
