import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withStorageLock } from '@/api/storage-lock';

beforeEach(() => {
  vi.useFakeTimers();
  localStorage.clear();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('withStorageLock', () => {
  it('runs tasks one at a time and releases the lock afterwards', async () => {
    const events: string[] = [];
    const task = (name: string) => async () => {
      events.push(`${name} start`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      events.push(`${name} end`);
      return name;
    };

    const both = Promise.all([withStorageLock('refresh', task('a')), withStorageLock('refresh', task('b'))]);
    await vi.advanceTimersByTimeAsync(5_000);

    await expect(both).resolves.toEqual(['a', 'b']);
    expect(events).toEqual(['a start', 'a end', 'b start', 'b end']);
    expect(localStorage.getItem('lock:refresh')).toBeNull();
  });

  it('waits for a lock held by another tab, and takes it once the holder releases it', async () => {
    localStorage.setItem('lock:refresh', JSON.stringify({ owner: 'other-tab', until: Date.now() + 20_000 }));
    const task = vi.fn(async () => 'done');

    const result = withStorageLock('refresh', task);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(task).not.toHaveBeenCalled();

    localStorage.removeItem('lock:refresh');
    await vi.advanceTimersByTimeAsync(500);
    await expect(result).resolves.toBe('done');
  });

  it("takes over a crashed tab's lock once its lease has run out", async () => {
    localStorage.setItem('lock:refresh', JSON.stringify({ owner: 'crashed-tab', until: Date.now() + 2_000 }));
    const task = vi.fn(async () => 'done');

    const result = withStorageLock('refresh', task, { waitMs: 60_000 });
    await vi.advanceTimersByTimeAsync(1_900);
    expect(task).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(500);
    await expect(result).resolves.toBe('done');
  });

  it('runs anyway when storage is unusable', async () => {
    const broken = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    } as unknown as Storage;
    await expect(withStorageLock('refresh', async () => 'ran', { storage: broken })).resolves.toBe('ran');
  });
});
