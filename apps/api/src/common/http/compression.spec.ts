import { randomBytes } from 'node:crypto';
import { brotliDecompressSync, constants, createBrotliCompress, type BrotliCompress } from 'node:zlib';
import { COMPRESSIBLE_TYPES, DYNAMIC_BROTLI_QUALITY, flushingBrotliCompress } from './compression';

/** CSV-like text that compresses but not to nothing: ~600 KB of rows with random ids. */
function csvRows(): Buffer {
  const rows = ['date,project,task,user,description,hours,cost'];
  for (let i = 0; i < 6000; i++)
    rows.push(
      `2026-03-${String((i % 28) + 1).padStart(2, '0')},Website,WEB-${i % 97},${randomBytes(6).toString('hex')},"Work item ${i}",${(i % 8) + 0.25},${((i % 8) * 50).toFixed(2)}`,
    );
  return Buffer.from(`${rows.join('\n')}\n`);
}

/** Writes `input` in 16 KB chunks honouring back-pressure; returns how much was written when output first came out. */
async function firstOutputAfter(stream: BrotliCompress, input: Buffer): Promise<{ firstOutputAt: number | null; output: Buffer }> {
  let written = 0;
  let firstOutputAt: number | null = null;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => {
    firstOutputAt ??= written;
    chunks.push(chunk);
  });
  const ended = new Promise((resolve) => stream.on('end', resolve));
  for (let i = 0; i < input.length; i += 16_384) {
    written = Math.min(input.length, i + 16_384);
    if (!stream.write(input.subarray(i, i + 16_384))) await new Promise((resolve) => stream.once('drain', resolve));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  stream.end();
  await ended;
  return { firstOutputAt, output: Buffer.concat(chunks) };
}

describe('response compression', () => {
  const options = { params: { [constants.BROTLI_PARAM_QUALITY]: DYNAMIC_BROTLI_QUALITY } };

  it('streams brotli output while a download is still being written (flushes every 64 KB)', async () => {
    const input = csvRows();
    const flushing = await firstOutputAfter(flushingBrotliCompress(options), input);
    expect(flushing.firstOutputAt).not.toBeNull();
    expect(flushing.firstOutputAt!).toBeLessThanOrEqual(128 * 1024);
    expect(brotliDecompressSync(flushing.output).equals(input)).toBe(true);
    // Without the flushes brotli holds everything of this size until the end.
    const plain = await firstOutputAfter(createBrotliCompress(options), input);
    expect(plain.firstOutputAt).toBe(input.length);
    expect(flushing.output.length).toBeLessThan(plain.output.length * 1.05);
  });

  it('compresses JSON, CSV and text, never an event stream', () => {
    for (const type of [
      'application/json; charset=utf-8',
      'application/problem+json',
      'text/csv; charset=utf-8',
      'text/plain; version=0.0.4; charset=utf-8',
      'application/javascript; charset=utf-8',
      'text/html; charset=utf-8',
    ]) {
      expect([type, COMPRESSIBLE_TYPES.test(type)]).toEqual([type, true]);
    }
    for (const type of ['text/event-stream', 'text/event-stream; charset=utf-8', 'image/png', 'application/octet-stream', 'application/zip']) {
      expect([type, COMPRESSIBLE_TYPES.test(type)]).toEqual([type, false]);
    }
  });
});
