import type { ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';

/**
 * Bytes a live stream may have waiting in this process for a client that doesn't read.
 * Past it the stream is closed: the client reconnects (with a new ticket) and resyncs from
 * the snapshot it gets first, which is cheaper than holding an unbounded backlog for it.
 * Writes past Node's own high-water mark (16 KB) are kept only up to this.
 */
export const STREAM_BUFFER_LIMIT_BYTES = 64 * 1024;

/** Live streams (timer and budget-alert together) one user may hold per process; opening one more closes their oldest. */
export const STREAMS_PER_USER = 20;

/**
 * Writes Server-Sent Events text to a hijacked response with back-pressure: what the socket
 * hasn't taken yet (`writableLength`) may not grow past `limitBytes`; a write that would go
 * past it ends the stream instead (`onOverflow`, which must close it). Returns false once
 * the stream is over its limit.
 */
export function boundedWriter(raw: ServerResponse, onOverflow: () => void, limitBytes = STREAM_BUFFER_LIMIT_BYTES): (text: string) => boolean {
  return (text) => {
    if (raw.destroyed || raw.writableEnded) return false;
    if (raw.writableLength + Buffer.byteLength(text) > limitBytes) {
      onOverflow();
      return false;
    }
    raw.write(text);
    return true;
  };
}

/**
 * Ends a stream whose client stopped reading: `end()` would queue behind the backlog it
 * can't deliver, so the socket is destroyed and its buffers freed at once.
 */
export function dropStream(raw: ServerResponse): void {
  raw.destroy();
}

export interface LiveStream {
  close(): void;
}

/**
 * Who holds which live streams, in opening order: at most `perUser` per user, the oldest
 * closed first when one more opens (a reloaded tab's old stream is usually the one left
 * behind). One instance per process (provided by CredentialsModule) serves both stream
 * routes, so the limit is per user, not per route.
 */
@Injectable()
export class StreamSlots {
  private readonly byUser = new Map<string, Set<LiveStream>>();
  private readonly perUser = STREAMS_PER_USER;

  /** Registers `stream` for `userId`, closing that user's oldest streams beyond the limit. */
  take(userId: string, stream: LiveStream): void {
    const held = this.byUser.get(userId) ?? new Set<LiveStream>();
    this.byUser.set(userId, held);
    held.add(stream);
    // A Set iterates in insertion order: the first is the oldest.
    for (const oldest of held) {
      if (held.size <= this.perUser) break;
      held.delete(oldest);
      oldest.close();
    }
  }

  release(userId: string, stream: LiveStream): void {
    const held = this.byUser.get(userId);
    if (!held?.delete(stream)) return;
    if (!held.size) this.byUser.delete(userId);
  }

  /** Streams `userId` holds (tests, metrics). */
  held(userId: string): number {
    return this.byUser.get(userId)?.size ?? 0;
  }
}
