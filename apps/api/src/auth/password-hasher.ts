import { Injectable } from '@nestjs/common';
import { PASSWORD_MAX_BYTES, passwordBytes } from '@stint/contracts';
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

  /** Validation refuses longer passwords first (422); this is the last guard, never a silent truncation. */
  hash(password: string): Promise<string> {
    if (passwordBytes(password) > PASSWORD_MAX_BYTES) throw new Error(`A password over ${PASSWORD_MAX_BYTES} bytes reached the hasher`);
    return bcrypt.hash(password, BCRYPT_COST);
  }

  /**
   * bcrypt would compare only the first 72 bytes, so a longer password would match a hash of
   * its prefix (any tail signs in). No password over the limit can be right: it fails, in
   * the same time as a real comparison.
   */
  async verify(password: string, hash: string): Promise<boolean> {
    if (passwordBytes(password) > PASSWORD_MAX_BYTES) return this.verifyAgainstNothing(password);
    return bcrypt.compare(password, hash);
  }

  /** Spends the same time as `verify` and always fails. */
  async verifyAgainstNothing(password: string): Promise<false> {
    await bcrypt.compare(password, await this.dummyHash);
    return false;
  }
}
