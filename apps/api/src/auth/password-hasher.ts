import { Injectable } from '@nestjs/common';
import * as bcrypt from 'bcrypt';

/** Spec: bcrypt, cost factor 12. The async API runs on libuv's pool, never on the event loop. */
export const BCRYPT_COST = 12;

@Injectable()
export class PasswordHasher {
  /** A real hash to compare against for unknown emails, so they take as long as known ones. */
  private readonly dummyHash: Promise<string>;

  constructor() {
    this.dummyHash = bcrypt.hash('stint-timing-equaliser', BCRYPT_COST);
  }

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, BCRYPT_COST);
  }

  verify(password: string, hash: string): Promise<boolean> {
    return bcrypt.compare(password, hash);
  }

  /** Spends the same time as `verify` and always fails. */
  async verifyAgainstNothing(password: string): Promise<false> {
    await bcrypt.compare(password, await this.dummyHash);
    return false;
  }
}
