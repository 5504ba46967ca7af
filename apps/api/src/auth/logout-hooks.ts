import { Injectable } from '@nestjs/common';

/** Runs after the logout committed; must not throw (a logout never fails for it). */
export type LogoutHandler = (userId: string) => Promise<void>;

/**
 * What else happens when someone signs out (settings' auto_pause_on_logout pauses their
 * timers). Time tracking registers here at start, so auth needn't know about timers.
 */
@Injectable()
export class LogoutHooks {
  private readonly handlers: LogoutHandler[] = [];

  onLogout(handler: LogoutHandler): void {
    this.handlers.push(handler);
  }

  async loggedOut(userId: string): Promise<void> {
    for (const handler of this.handlers) await handler(userId);
  }
}
