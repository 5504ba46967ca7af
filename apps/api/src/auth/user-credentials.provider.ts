import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UserCredentials } from '../users/user-credentials';
import { PasswordHasher } from './password-hasher';
import { SessionsService } from './sessions.service';
import { SignInThrottles } from './sign-in-throttle';

/** auth's side of users/user-credentials.ts. */
@Injectable()
export class AuthUserCredentials extends UserCredentials {
  constructor(
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly throttles: SignInThrottles,
  ) {
    super();
  }

  verifyPassword(password: string, hash: string): Promise<boolean> {
    return this.hasher.verify(password, hash);
  }

  hashPassword(password: string): Promise<string> {
    return this.hasher.hash(password);
  }

  revokeAllSessions(userId: string, reason: 'password_change' | 'deactivated', keepSessionId: string | undefined, manager: EntityManager): Promise<number> {
    return this.sessions.revokeAllOfUser(userId, reason, keepSessionId, manager);
  }

  clearSignInThrottles(tx: EntityManager, userId: string): Promise<{ addresses_locked: number; account_failures: number }> {
    return this.throttles.clearAll(tx, userId);
  }
}
