import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Runs in the deactivation's transaction; returns how many timers it stopped. */
export type DeactivationHandler = (tx: EntityManager, userId: string) => Promise<number>;

/**
 * The seam between users and time tracking: deactivating an account stops and books its
 * timers in the same transaction, but time tracking depends on users, not the other way
 * round. Time tracking registers its handler here at start.
 */
@Injectable()
export class AccountDeactivationHooks {
  private readonly handlers: DeactivationHandler[] = [];

  onDeactivated(handler: DeactivationHandler): void {
    this.handlers.push(handler);
  }

  /** The timers the handlers stopped. */
  async deactivated(tx: EntityManager, userId: string): Promise<number> {
    let stopped = 0;
    for (const handler of this.handlers) stopped += await handler(tx, userId);
    return stopped;
  }
}
