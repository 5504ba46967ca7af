import { ErrorCode, IDEMPOTENCY_KEY_MAX_LENGTH } from '@stint/contracts';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AppError, validationError } from '../common/errors/app-error';

/** Answers are kept this long; a key older than that is new again. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

const KEY_PATTERN = /^[\x21-\x7e]+$/;

/** A stored first answer: the body of a success, or the error of a refusal. */
export type StoredAnswer = { statusCode: number; body: unknown };

export interface IdempotentRequest {
  userId: string;
  key: string;
  /** `POST /api/v1/time-tracking/stop`. */
  route: string;
  /** What the request asked, so a reused key with another body is refused instead of answered wrongly. */
  body: unknown;
}

/** Checks a header value: 1–128 visible ASCII characters (a UUID is the usual choice). */
export function checkIdempotencyKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH || !KEY_PATTERN.test(key)) {
    throw validationError('The Idempotency-Key header is malformed', {
      'Idempotency-Key': [`must be 1–${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters, e.g. a UUID`],
    });
  }
  return key;
}

/**
 * The route column holds the route and a fingerprint of the request body, so both a key
 * reused on another route and one reused with another body are recognised.
 */
function routeWithFingerprint(request: IdempotentRequest): string {
  const fingerprint = createHash('sha256')
    .update(JSON.stringify(request.body ?? {}))
    .digest('hex')
    .slice(0, 32);
  return `${request.route} ${fingerprint}`;
}

/**
 * The stored answer for the key, if any (not older than the TTL). Run it inside the action's
 * transaction, after the user's timer lock: a concurrent request with the same key waits
 * for the first to commit and then finds its answer.
 */
export async function findAnswer(tx: EntityManager, request: IdempotentRequest, now: Date): Promise<StoredAnswer | null> {
  const [row] = await tx.query<Array<{ route: string; status_code: number; response_body: unknown }>>(
    'SELECT route, status_code, response_body FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND created_at > $3',
    [request.userId, request.key, new Date(now.getTime() - IDEMPOTENCY_TTL_MS)],
  );
  if (!row) return null;
  const expected = routeWithFingerprint(request);
  if (row.route !== expected) {
    const sameRoute = row.route.split(' ').slice(0, 2).join(' ') === request.route;
    throw validationError('The Idempotency-Key was already used for another request', {
      'Idempotency-Key': [sameRoute ? 'already used on this route with a different body' : `already used for ${row.route.split(' ').slice(0, 2).join(' ')}`],
    });
  }
  return { statusCode: row.status_code, body: row.response_body };
}

/** Stores the first answer; an expired row of the same key is replaced. */
export async function storeAnswer(tx: EntityManager, request: IdempotentRequest, answer: StoredAnswer, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO idempotency_keys (user_id, key, route, status_code, response_body, created_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6)
     ON CONFLICT (user_id, key) DO UPDATE
        SET route = EXCLUDED.route, status_code = EXCLUDED.status_code, response_body = EXCLUDED.response_body, created_at = EXCLUDED.created_at
      WHERE idempotency_keys.created_at <= $7`,
    [request.userId, request.key, routeWithFingerprint(request), answer.statusCode, JSON.stringify(answer.body), now, new Date(now.getTime() - IDEMPOTENCY_TTL_MS)],
  );
}

/** A refusal as stored (code, message, details), so a replay answers the same error. */
export function errorAnswer(error: AppError): StoredAnswer {
  return { statusCode: error.status, body: { error: { code: error.code, message: error.message, details: error.details } } };
}

/** The stored refusal as an error to throw again, marked as a replay. */
export function replayedError(answer: StoredAnswer): AppError {
  const { error } = answer.body as { error: { code: ErrorCode; message: string; details: Record<string, unknown> | null } };
  return new AppError(error.code ?? ErrorCode.CONFLICT, error.message, error.details, { 'idempotent-replayed': 'true' });
}

export async function purgeExpired(manager: EntityManager, now: Date): Promise<number> {
  const [, affected] = await manager.query<[unknown, number]>('DELETE FROM idempotency_keys WHERE created_at <= $1', [new Date(now.getTime() - IDEMPOTENCY_TTL_MS)]);
  return affected ?? 0;
}
