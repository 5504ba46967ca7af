import { routes } from '@stint/contracts';
import { describe, expect, it, vi } from 'vitest';
import { downloadReportCsv, filenameFromDisposition } from '@/api/analytics';
import { api } from '@/api/client';

/** jsdom's Blob has no text(); FileReader it is. */
function readBlob(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

describe('filenameFromDisposition', () => {
  it('reads the plain and the RFC 6266 extended forms, the extended one first', () => {
    expect(filenameFromDisposition('attachment; filename="stint-project-bp-2026-03-01_2026-03-31.csv"')).toBe('stint-project-bp-2026-03-01_2026-03-31.csv');
    expect(filenameFromDisposition('attachment; filename=report.csv')).toBe('report.csv');
    expect(filenameFromDisposition(`attachment; filename="fallback.csv"; filename*=UTF-8''Bj%C3%B6rk%20report.csv`)).toBe('Björk report.csv');
  });

  it('keeps only a file name, never a path, and gives up on nothing usable', () => {
    expect(filenameFromDisposition('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(filenameFromDisposition('attachment')).toBeNull();
    expect(filenameFromDisposition(null)).toBeNull();
  });
});

describe('downloadReportCsv', () => {
  it('fetches through the client’s raw with format=csv and streams the body into a Blob with progress', async () => {
    const body = 'date,start,end\r\nTotal,,\r\n';
    const raw = vi
      .spyOn(api, 'raw')
      .mockResolvedValue(new Response(body, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="stint-user-ada.csv"' } }));
    const progress = vi.fn();
    const file = await downloadReportCsv('user', 'u-1', { start: '2026-03-01', end: '2026-03-31' }, { fallbackName: 'fallback.csv', onProgress: progress });

    expect(raw).toHaveBeenCalledWith(routes.reports.user, expect.objectContaining({ params: { id: 'u-1' }, query: { start: '2026-03-01', end: '2026-03-31', format: 'csv' } }));
    expect(file.filename).toBe('stint-user-ada.csv');
    expect(await readBlob(file.blob)).toBe(body);
    expect(progress).toHaveBeenLastCalledWith({ receivedBytes: body.length, totalBytes: null });
  });

  it('falls back to the given name when the server sends none', async () => {
    vi.spyOn(api, 'raw').mockResolvedValue(new Response('x'));
    const file = await downloadReportCsv('project', 'p-1', {}, { fallbackName: 'fallback.csv' });
    expect(file.filename).toBe('fallback.csv');
  });
});
