/**
 * A cross-tab mutex on localStorage, for browsers without Web Locks: navigator.locks exists
 * only in secure contexts, and Stint may be reached over plain HTTP on a LAN address.
 * It is a lease (a crashed tab's lock expires) and best-effort, which is enough to stop
 * tabs restored together after a browser restart from refreshing at the same moment.
 */

interface Lease {
  owner: string;
  until: number;
}

export interface StorageLockOptions {
  storage?: Storage;
  /** How long a holder may keep the lock before others may take it. */
  leaseMs?: number;
  /** How long to wait for the lock before running anyway (better than hanging forever). */
  waitMs?: number;
}

// Not crypto.randomUUID: that, too, is missing outside secure contexts.
const TAB_ID = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
/** Time for a racing tab's write to become visible before checking who won. */
const SETTLE_MS = 30;
const POLL_MS = 100;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function readLease(storage: Storage, key: string): Lease | null {
  try {
    const value = JSON.parse(storage.getItem(key) ?? 'null') as Lease | null;
    return value && typeof value.owner === 'string' && typeof value.until === 'number' ? value : null;
  } catch {
    return null;
  }
}

export async function withStorageLock<T>(name: string, task: () => Promise<T>, options: StorageLockOptions = {}): Promise<T> {
  const storage = options.storage ?? window.localStorage;
  const leaseMs = options.leaseMs ?? 20_000;
  const key = `lock:${name}`;
  const deadline = Date.now() + (options.waitMs ?? 20_000);
  let held = false;

  try {
    while (!held && Date.now() < deadline) {
      const lease = readLease(storage, key);
      if (!lease || lease.until <= Date.now()) {
        storage.setItem(key, JSON.stringify({ owner: TAB_ID, until: Date.now() + leaseMs } satisfies Lease));
        await sleep(SETTLE_MS);
        held = readLease(storage, key)?.owner === TAB_ID;
      }
      if (!held) await sleep(POLL_MS + Math.random() * POLL_MS);
    }
  } catch {
    // Storage disabled or full: run without the lock rather than not at all.
  }

  try {
    return await task();
  } finally {
    if (held && readLease(storage, key)?.owner === TAB_ID) storage.removeItem(key);
  }
}
