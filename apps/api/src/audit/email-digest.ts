import { createHmac } from 'node:crypto';

/**
 * How a failed sign-in for an email with no account is recorded: never the address in
 * clear (it is often a user's password typed into the wrong field, or a third party's
 * address), but a keyed hash of it, so an admin can see repeated attempts against one
 * address. Keyed with a key derived from the instance's JWT secret, so the digest can't be
 * reversed by hashing a list of known addresses without that secret. Rotating the secret
 * starts new digests.
 */
export function emailDigest(instanceSecret: string, email: string): string {
  const key = createHmac('sha256', instanceSecret).update('stint:audit:email-digest').digest();
  return createHmac('sha256', key).update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
}
