import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { NotifyChannel, notifyOnCommit } from '../database/notify-channel';

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

/**
 * The alert publisher: fan-out of budget alerts to every API process through PostgreSQL
 * LISTEN/NOTIFY, the same mechanism as the timer stream. The NOTIFY is issued inside the
 * transaction that raised the alert, so callers of the ledger have nothing to publish after
 * commit.
 */
@Injectable()
export class BudgetAlertEvents implements OnModuleDestroy {
  private readonly listeners = new Set<BudgetAlertListener>();
  private readonly channel: NotifyChannel;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.channel = new NotifyChannel(dataSource, {
      channel: CHANNEL,
      applicationName: 'stint-api-budget-alerts',
      logger: new Logger('BudgetAlertEvents'),
      onMessage: (message) => {
        const signal = message as BudgetAlertSignal;
        if (!Array.isArray(signal?.alertIds)) return;
        for (const listener of this.listeners) listener(signal);
      },
      onResync: () => {
        for (const listener of this.listeners) listener({ type: 'resync', alertIds: [] });
      },
      hasListeners: () => this.listeners.size > 0,
    });
  }

  /** Publishes inside `manager`'s transaction: delivered on commit, dropped on rollback. */
  async publish(manager: EntityManager, signal: Omit<BudgetAlertSignal, 'type'> & { type: 'raised' | 'acknowledged' }): Promise<void> {
    if (!signal.alertIds.length) return;
    await notifyOnCommit(manager, CHANNEL, { type: signal.type, alertIds: signal.alertIds });
  }

  /** Calls `listener` for every alert raised or acknowledged in any process; returns the unsubscribe. */
  async subscribe(listener: BudgetAlertListener): Promise<() => void> {
    await this.channel.listen();
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  async onModuleDestroy(): Promise<void> {
    this.listeners.clear();
    await this.channel.close();
  }
}
