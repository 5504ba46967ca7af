import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';
import zlib, { constants, type BrotliOptions } from 'node:zlib';

/**
 * Content types compressed on the fly: JSON answers (and the personal-data export), CSV
 * reports, the metrics text, and the SPA's files when no precompressed copy exists (the
 * build writes .br/.gz next to them, which @fastify/static sends as they are). Not
 * `text/event-stream`: the live streams are hijacked raw responses that must reach the
 * client event by event, so they stay out of this list even though they'd never pass here.
 */
export const COMPRESSIBLE_TYPES =
  /^(?:application\/(?:[\w.-]+\+)?json|text\/csv|text\/plain|text\/html|text\/css|text\/javascript|application\/javascript|image\/svg\+xml)\s*(?:;|$)/i;

/** Answers smaller than this go out as they are: the saving is below a packet and costs CPU. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/**
 * Brotli quality of dynamic answers. 4 compresses a year's JSON report about as well as
 * gzip -6 at a fraction of quality 11's CPU (see docs/performance.md, "Transfer sizes").
 */
export const DYNAMIC_BROTLI_QUALITY = 4;

/**
 * Input bytes after which a brotli stream is flushed. Brotli's encoder otherwise holds up to
 * its 4 MB window (8 MB of CSV measured) before emitting a byte: a streamed CSV download would
 * start late and sit in memory. Flushing every 64 KB keeps the download flowing as it is
 * written for about 1.5 % more bytes (measured on a year's CSV report). gzip emits as it goes.
 */
export const BROTLI_STREAM_FLUSH_BYTES = 64 * 1024;

/** A brotli compressor that flushes every BROTLI_STREAM_FLUSH_BYTES of input. */
export function flushingBrotliCompress(options?: BrotliOptions): zlib.BrotliCompress {
  const stream = zlib.createBrotliCompress(options);
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  let sinceFlush = 0;
  stream.write = ((chunk: Buffer | string, ...rest: unknown[]) => {
    const accepted = write(chunk, ...rest);
    sinceFlush += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (sinceFlush >= BROTLI_STREAM_FLUSH_BYTES) {
      sinceFlush = 0;
      stream.flush(constants.BROTLI_OPERATION_FLUSH);
    }
    return accepted;
  }) as typeof stream.write;
  return stream;
}

/**
 * Compresses answers above 1 KB with br or gzip, chosen by Accept-Encoding (Vary is set).
 * Registered before any route: the plugin attaches its hook to each route as it is added.
 * Streams (CSV downloads) are piped through the compressor with back-pressure and flushed
 * as they go, never buffered whole. Request bodies are not decompressed (a compressed body is refused as
 * before, and no decompression bomb gets past the body limit).
 */
export async function installCompression(fastify: FastifyInstance): Promise<void> {
  await fastify.register(fastifyCompress, {
    global: true,
    globalDecompression: false,
    encodings: ['br', 'gzip'],
    threshold: COMPRESSION_THRESHOLD_BYTES,
    customTypes: COMPRESSIBLE_TYPES,
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: DYNAMIC_BROTLI_QUALITY } },
    zlibOptions: { level: 6 },
    // Streams get the flushing brotli compressor; small answers the one-shot sync one.
    zlib: { createBrotliCompress: flushingBrotliCompress, brotliCompressSync: zlib.brotliCompressSync },
  });
}
