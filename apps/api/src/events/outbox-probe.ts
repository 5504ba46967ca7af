import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { RecordedEvent } from './domain-event';
import { Outbox } from './outbox';

/**
 * A test-only outbox consumer (STINT_OUTBOX_PROBE=on): its "external effect" is one row per
 * event in `outbox_probe_effects`, keyed by the event id, so it is idempotent the way a real
 * consumer must be (a repeated delivery only counts `deliveries`). The fault script and the
 * integration tests count effects against the events the writes recorded.
 *
 * STINT_OUTBOX_PROBE_DELAY_MS waits before and after the effect (a slow webhook: a kill then
 * lands before an effect or between an effect and the job's completion);
 * STINT_OUTBOX_PROBE_FAIL_ATTEMPTS makes the first N attempts of every event fail.
 */
@Injectable()
export class OutboxProbe {
  constructor(@Inject(APP_CONFIG) config: AppConfig, @InjectDataSource() dataSource: DataSource, outbox: Outbox) {
    const { probe, probeDelayMs, probeFailAttempts } = config.outbox;
    if (!probe) return;
    outbox.register({
      name: 'probe',
      types: '*',
      async deliver(event: RecordedEvent, attempt: number) {
        if (probeDelayMs) await sleep(probeDelayMs);
        if (attempt <= probeFailAttempts) throw new Error(`probe: attempt ${attempt} of ${event.id} fails on purpose`);
        await dataSource.query(
          `INSERT INTO outbox_probe_effects (event_id, event_type, subject_id, attempts, deliveries)
           VALUES ($1, $2, $3, $4, 1)
           ON CONFLICT (event_id) DO UPDATE SET deliveries = outbox_probe_effects.deliveries + 1, attempts = excluded.attempts`,
          [event.id, event.type, subjectOf(event), attempt],
        );
        if (probeDelayMs) await sleep(probeDelayMs);
      },
    });
  }
}

function subjectOf(event: RecordedEvent): string | null {
  const e = event as { entry_id?: string; project_id?: string; user_id?: string; task_id?: string };
  return e.entry_id ?? e.task_id ?? e.project_id ?? e.user_id ?? null;
}
