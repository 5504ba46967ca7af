import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * What happened to which alerts, as published: ids only (NOTIFY payloads are capped at
 * 8000 bytes); each process reads the alerts once and fans them out to its streams.
 * `resync` is local: the LISTEN connection was lost, so streams should tell clients to refetch.
 */
export interface BudgetAlertSignal {
  type: 'raised' | 'acknowledged' | 'resync';
  alertIds: string[];
}

export type BudgetAlertListener = (signal: BudgetAlertSignal) => void;

const CHANNEL = 'stint_budget_alerts';
const RECONNECT_MS = 1_000;

/**
 * The alert publisher: fan-out of budget alerts to every API process through PostgreSQL
 * LISTEN/NOTIFY, the same mechanism as the timer stream. Every deployment has the database,
 * and a NOTIFY issued inside the transaction that raised the alert is delivered exactly when
 * it commits — never for a rolled-back change, never lost between commit and publish. So
 * callers of the ledger have nothing to publish after commit. One LISTEN connection per
 * process, opened when the first stream subscribes.
 */
@Injectable()
export class BudgetAlertEvents implements OnModuleDestroy {
  private readonly logger = new Logger('BudgetAlertEvents');
  private readonly listeners = new Set<BudgetAlertListener>();
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Publishes inside `manager`'s transaction: delivered on commit, dropped on rollback. */
  async publish(manager: EntityManager, signal: Omit<BudgetAlertSignal, 'type'> & { type: 'raised' | 'acknowledged' }): Promise<void> {
    if (!signal.alertIds.length) return;
    await manager.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ type: signal.type, alertIds: signal.alertIds })]);
  }

  /** Calls `listener` for every alert raised or acknowledged in any process; returns the unsubscribe. */
  async subscribe(listener: BudgetAlertListener): Promise<() => void> {
    await this.connect();
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  private connect(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.openClient().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async openClient(): Promise<void> {
    const options = this.dataSource.options as { url?: string };
    const client = new Client({ connectionString: options.url, application_name: 'stint-api-budget-alerts' });
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
    let signal: BudgetAlertSignal;
    try {
      signal = JSON.parse(payload) as BudgetAlertSignal;
    } catch {
      return;
    }
    if (!Array.isArray(signal.alertIds)) return;
    for (const listener of this.listeners) listener(signal);
  }

  /** Notifications sent while the connection was down are lost: once back, listeners are told to resync. */
  private lost(client: Client, error: Error): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    this.logger.warn(`Budget alert connection lost (${error.message}); reconnecting`);
    client.end().catch(() => undefined);
    const retry = () => {
      this.reconnectTimer = null;
      if (this.closed || !this.listeners.size) return;
      this.connect()
        .then(() => {
          for (const listener of this.listeners) listener({ type: 'resync', alertIds: [] });
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
