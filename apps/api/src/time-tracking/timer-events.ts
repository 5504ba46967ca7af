import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { StopReason, TimerStreamEventType } from '@stint/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { NotifyChannel, notifyOnCommit } from '../database/notify-channel';

/** What changed, as published: small (NOTIFY payloads are capped at 8000 bytes); each process reads the status itself. */
export interface TimerChange {
  userId: string;
  type: Exclude<TimerStreamEventType, 'snapshot'>;
  timeLogId: string | null;
  stopReason: StopReason | null;
}

export type TimerChangeListener = (change: TimerChange) => void;

const CHANNEL = 'stint_timer_events';

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
  private readonly listeners = new Map<string, Set<TimerChangeListener>>();
  private readonly channel: NotifyChannel;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.channel = new NotifyChannel(dataSource, {
      channel: CHANNEL,
      applicationName: 'stint-api-listen',
      logger: new Logger('TimerEvents'),
      onMessage: (message) => {
        const change = message as TimerChange;
        for (const listener of this.listeners.get(change?.userId) ?? []) listener(change);
      },
      // Changes sent while the connection was down are lost: every subscriber re-reads its status.
      onResync: () => {
        for (const [userId, set] of this.listeners) for (const listener of set) listener({ userId, type: 'updated', timeLogId: null, stopReason: null });
      },
      hasListeners: () => this.listeners.size > 0,
    });
  }

  /** Publishes inside `manager`'s transaction: delivered on commit, dropped on rollback. */
  async publish(manager: EntityManager, change: TimerChange): Promise<void> {
    await notifyOnCommit(manager, CHANNEL, change);
  }

  /** Calls `listener` for every change of `userId`'s timers, from any process; returns the unsubscribe. */
  async subscribe(userId: string, listener: TimerChangeListener): Promise<() => void> {
    await this.channel.listen();
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

  async onModuleDestroy(): Promise<void> {
    this.listeners.clear();
    await this.channel.close();
  }
}
