import type { Logger } from '@nestjs/common';
import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

const RECONNECT_MS = 1_000;

/** NOTIFY is sent on the primary, so LISTEN must be there too (never on a read replica). */
function primaryUrl(dataSource: DataSource): string | undefined {
  const options = dataSource.options as { url?: string; replication?: { master: { url?: string } } };
  return options.replication?.master.url ?? options.url;
}

/** Sends on `channel` inside `manager`'s transaction: delivered when it commits, never if it rolls back. */
export async function notifyOnCommit(manager: EntityManager, channel: string, payload: unknown): Promise<void> {
  await manager.query('SELECT pg_notify($1, $2)', [channel, JSON.stringify(payload)]);
}

export interface NotifyChannelOptions {
  channel: string;
  applicationName: string;
  logger: Logger;
  /** Each notification's JSON payload, parsed; malformed ones are dropped. */
  onMessage(message: unknown): void;
  /** The connection came back after a loss: notifications sent meanwhile are gone. */
  onResync(): void;
  /** Whether anyone still listens; reconnecting stops when nobody does. */
  hasListeners(): boolean;
  /** The connection was lost (notifications may be missed until `onResync`). */
  onLost?(): void;
}

/**
 * One process's LISTEN connection to a PostgreSQL channel: opened on first use, reopened
 * after a loss (then `onResync`), closed on shutdown. Every deployment has the database, and
 * NOTIFY issued inside a change's transaction reaches every API process exactly on commit,
 * so it is Stint's fan-out for live streams.
 */
export class NotifyChannel {
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: NotifyChannelOptions,
  ) {}

  listen(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.open().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async open(): Promise<void> {
    const client = new Client({ connectionString: primaryUrl(this.dataSource), application_name: this.options.applicationName });
    client.on('notification', (message) => this.dispatch(message.payload));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    await client.connect();
    await client.query(`LISTEN ${this.options.channel}`);
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
  }

  private dispatch(payload: string | undefined): void {
    if (!payload) return;
    let message: unknown;
    try {
      message = JSON.parse(payload);
    } catch {
      return;
    }
    this.options.onMessage(message);
  }

  private lost(client: Client, error: Error): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    this.options.onLost?.();
    this.options.logger.warn(`LISTEN ${this.options.channel} connection lost (${error.message}); reconnecting`);
    client.end().catch(() => undefined);
    const retry = () => {
      this.reconnectTimer = null;
      if (this.closed || !this.options.hasListeners()) return;
      this.listen()
        .then(() => this.options.onResync())
        .catch(() => (this.reconnectTimer = setTimeout(retry, RECONNECT_MS).unref()));
    };
    this.reconnectTimer = setTimeout(retry, RECONNECT_MS).unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
