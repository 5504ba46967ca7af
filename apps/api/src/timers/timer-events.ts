import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { StopReason, TimerStreamEventType } from '@stint/contracts';
import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

/** What changed, as published: small (NOTIFY payloads are capped at 8000 bytes); each process reads the status itself. */
export interface TimerChange {
  userId: string;
  type: Exclude<TimerStreamEventType, 'snapshot'>;
  timeLogId: string | null;
  stopReason: StopReason | null;
}

export type TimerChangeListener = (change: TimerChange) => void;

const CHANNEL = 'stint_timer_events';
const RECONNECT_MS = 1_000;

/**
 * Fan-out of timer changes to every API process through PostgreSQL LISTEN/NOTIFY.
 *
 * Why PostgreSQL and not Redis pub/sub: every deployment has the database, and NOTIFY
 * issued inside the change's transaction is delivered exactly when it commits — never for
 * a rolled-back change, never lost between commit and publish. One LISTEN connection per
 * process (opened when the first stream subscribes), not one per stream.
 */
@Injectable()
export class TimerEventHub implements OnModuleDestroy {
  private readonly logger = new Logger('TimerEvents');
  private readonly listeners = new Map<string, Set<TimerChangeListener>>();
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Publishes inside `manager`'s transaction: delivered on commit, dropped on rollback. */
  async publish(manager: EntityManager, change: TimerChange): Promise<void> {
    await manager.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(change)]);
  }

  /** Calls `listener` for every change of `userId`'s timers, from any process; returns the unsubscribe. */
  async subscribe(userId: string, listener: TimerChangeListener): Promise<() => void> {
    await this.connect();
    const set = this.listeners.get(userId) ?? new Set<TimerChangeListener>();
    set.add(listener);
    this.listeners.set(userId, set);
    return () => {
      set.delete(listener);
      if (!set.size && this.listeners.get(userId) === set) this.listeners.delete(userId);
    };
  }

  /** Streams open in this process (for tests and metrics). */
  get subscriberCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  private connect(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.openClient().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async openClient(): Promise<void> {
    const options = this.dataSource.options as { url?: string };
    const client = new Client({ connectionString: options.url, application_name: 'stint-api-listen' });
    client.on('notification', (message) => this.dispatch(message.payload));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
  }

  private dispatch(payload: string | undefined): void {
    if (!payload) return;
    let change: TimerChange;
    try {
      change = JSON.parse(payload) as TimerChange;
    } catch {
      return;
    }
    for (const listener of this.listeners.get(change.userId) ?? []) listener(change);
  }

  /**
   * The LISTEN connection dropped: notifications sent meanwhile are lost, so once it is back
   * every subscriber gets an `updated` change and re-reads the status.
   */
  private lost(client: Client, error: Error): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    this.logger.warn(`Timer event connection lost (${error.message}); reconnecting`);
    client.end().catch(() => undefined);
    const retry = () => {
      this.reconnectTimer = null;
      if (this.closed || !this.listeners.size) return;
      this.connect()
        .then(() => {
          for (const [userId, set] of this.listeners) for (const listener of set) listener({ userId, type: 'updated', timeLogId: null, stopReason: null });
        })
        .catch(() => (this.reconnectTimer = setTimeout(retry, RECONNECT_MS).unref()));
    };
    this.reconnectTimer = setTimeout(retry, RECONNECT_MS).unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.listeners.clear();
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
