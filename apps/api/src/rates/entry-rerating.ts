import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RateSnapshot } from './rate-resolution';

/** Re-rate a user's stopped entries that started (in their time zone) in [from, until). */
export interface RerateRequest {
  userId: string;
  rate: RateSnapshot;
  from: string;
  /** Exclusive; null: open-ended. */
  until: string | null;
}

/** What a re-rate changed: each re-rated entry's old currency and cost, and its new cost (in the rate's currency); entries left alone for their project's currency. */
export interface RerateOutcome {
  rerated: Array<{ currencyBefore: string; costBefore: string; costAfter: string }>;
  skippedCurrency: number;
}

export type EntryRerater = (tx: EntityManager, request: RerateRequest) => Promise<RerateOutcome>;

/**
 * The seam between rates and time tracking: applying a rate rewrites time entries, which
 * time tracking owns (and time tracking depends on rates for the rate a timer starts at,
 * not the other way round). Time tracking registers its re-rater here at start; the rates
 * service calls `rerate` inside the apply's transaction.
 */
@Injectable()
export class EntryRerating {
  private rerater: EntryRerater | null = null;

  register(rerater: EntryRerater): void {
    this.rerater = rerater;
  }

  rerate(tx: EntityManager, request: RerateRequest): Promise<RerateOutcome> {
    if (!this.rerater) throw new Error('No entry re-rater is registered (is the time-tracking module loaded?)');
    return this.rerater(tx, request);
  }
}
