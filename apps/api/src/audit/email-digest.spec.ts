import { emailDigest } from './email-digest';

describe('emailDigest', () => {
  const secret = 'instance-secret-that-is-long-enough-0123456789';

  it('is the same for one address however it is typed, and differs between addresses', () => {
    expect(emailDigest(secret, ' Ghost@Example.com ')).toBe(emailDigest(secret, 'ghost@example.com'));
    expect(emailDigest(secret, 'ghost@example.com')).not.toBe(emailDigest(secret, 'ghost2@example.com'));
    expect(emailDigest(secret, 'ghost@example.com')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('depends on the instance secret, so it cannot be matched against hashes of known addresses elsewhere', () => {
    expect(emailDigest(secret, 'ghost@example.com')).not.toBe(emailDigest(`${secret}-other`, 'ghost@example.com'));
  });
});
