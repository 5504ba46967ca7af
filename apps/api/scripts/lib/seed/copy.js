// COPY helpers: text format for the small tables, binary format for time_entries (the
// server parses binary timestamps, UUIDs and numerics several times faster than text,
// which matters at ten million rows).
const { Readable } = require('node:stream');
const { pipeline } = require('node:stream/promises');
const { from: copyFrom } = require('pg-copy-streams');

/* ------------------------------------------------------------------ text */

/** One value in COPY text format (null → \N; tabs, newlines and backslashes escaped). */
function textValue(value) {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text = String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : text;
}

/** COPYs `rows` (arrays in `columns` order) into `table` in text format; returns the count. */
async function copyRows(client, table, columns, rows) {
  const chunkRows = 5000;
  function* chunks() {
    for (let i = 0; i < rows.length; i += chunkRows) {
      let chunk = '';
      for (const row of rows.slice(i, i + chunkRows)) chunk += `${row.map(textValue).join('\t')}\n`;
      yield chunk;
    }
  }
  const quoted = columns.map((c) => `"${c}"`).join(', ');
  await pipeline(Readable.from(chunks()), client.query(copyFrom(`COPY "${table}" (${quoted}) FROM STDIN`)));
  return rows.length;
}

/* ------------------------------------------------------------------ binary */

const BINARY_HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
const BINARY_TRAILER = Buffer.from([0xff, 0xff]);
/** Microseconds between the Unix epoch and PostgreSQL's (2000-01-01). */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const TWO_32 = 4294967296;

/**
 * Writes binary COPY rows into fixed-size buffers and hands each full buffer to `flush`.
 * Every method writes one field at the cursor; `row(n)` starts a row of n fields.
 */
class BinaryRowWriter {
  constructor(flush, size = 1 << 20) {
    this.flush = flush;
    this.size = size;
    this.buffer = Buffer.allocUnsafe(size);
    this.offset = 0;
    /** Scratch space of numeric4(): base-10000 digits, least and most significant first. */
    this.digits = new Array(8);
    this.ordered = new Array(9);
  }

  /** Starts a row; flushes first if fewer than `room` bytes are left. */
  row(fields, room = 1024) {
    if (this.offset + room > this.size) this.emit();
    this.buffer.writeInt16BE(fields, this.offset);
    this.offset += 2;
  }

  emit() {
    if (this.offset === 0) return;
    this.flush(this.buffer.subarray(0, this.offset));
    this.buffer = Buffer.allocUnsafe(this.size);
    this.offset = 0;
  }

  null() {
    this.buffer.writeInt32BE(-1, this.offset);
    this.offset += 4;
  }

  /** A UUID from 16 bytes of `source` at `at`. */
  uuid(source, at) {
    this.buffer.writeInt32BE(16, this.offset);
    source.copy(this.buffer, this.offset + 4, at, at + 16);
    this.offset += 20;
  }

  /** Text, varchar, char(n) and enum values (binary form = the UTF-8 bytes). */
  bytes(encoded) {
    this.buffer.writeInt32BE(encoded.length, this.offset);
    encoded.copy(this.buffer, this.offset + 4);
    this.offset += 4 + encoded.length;
  }

  int4(value) {
    this.buffer.writeInt32BE(4, this.offset);
    this.buffer.writeInt32BE(value, this.offset + 4);
    this.offset += 8;
  }

  int2(value) {
    this.buffer.writeInt32BE(2, this.offset);
    this.buffer.writeInt16BE(value, this.offset + 4);
    this.offset += 6;
  }

  bool(value) {
    this.buffer.writeInt32BE(1, this.offset);
    this.buffer[this.offset + 4] = value ? 1 : 0;
    this.offset += 5;
  }

  /** timestamptz from Unix milliseconds (int64 microseconds since 2000-01-01). */
  timestamp(ms) {
    const micros = (ms - PG_EPOCH_MS) * 1000;
    const high = Math.floor(micros / TWO_32);
    this.buffer.writeInt32BE(8, this.offset);
    this.buffer.writeInt32BE(high, this.offset + 4);
    this.buffer.writeUInt32BE(micros - high * TWO_32, this.offset + 8);
    this.offset += 12;
  }

  /**
   * numeric with 4 decimals from a non-negative integer of 1/10,000 units: base-10000
   * digits (the last one is the fraction), leading and trailing zero digits dropped.
   */
  numeric4(units) {
    const digits = this.digits;
    let count = 0;
    let whole = Math.floor(units / 10000);
    const fraction = units - whole * 10000;
    // Integer digits, least significant first.
    while (whole > 0) {
      const next = Math.floor(whole / 10000);
      digits[count++] = whole - next * 10000;
      whole = next;
    }
    const integerDigits = count;
    let weight = integerDigits - 1;
    // Most significant first: integer digits reversed, then the fraction digit.
    const ordered = this.ordered;
    let n = 0;
    for (let i = integerDigits - 1; i >= 0; i--) ordered[n++] = digits[i];
    ordered[n++] = fraction;
    let start = 0;
    while (start < n && ordered[start] === 0) {
      start++;
      weight--;
    }
    let end = n;
    while (end > start && ordered[end - 1] === 0) end--;
    const ndigits = end - start;
    if (ndigits === 0) weight = 0;
    const o = this.offset;
    this.buffer.writeInt32BE(8 + 2 * ndigits, o);
    this.buffer.writeInt16BE(ndigits, o + 4);
    this.buffer.writeInt16BE(weight, o + 6);
    this.buffer.writeUInt16BE(0, o + 8);
    this.buffer.writeInt16BE(4, o + 10);
    let p = o + 12;
    for (let i = start; i < end; i++) {
      this.buffer.writeInt16BE(ordered[i], p);
      p += 2;
    }
    this.offset = p;
  }
}

/**
 * A COPY … FROM STDIN (FORMAT binary) stream on `client`: `write(buffer)` applies
 * backpressure (resolves when the socket can take more), `end()` finishes the COPY.
 */
function binaryCopy(client, sql) {
  const stream = client.query(copyFrom(sql));
  const done = new Promise((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  // Surface a server error immediately; `end` rejects with it too.
  done.catch(() => undefined);
  stream.write(BINARY_HEADER);
  return {
    write(buffer) {
      return stream.write(buffer) ? null : new Promise((resolve) => stream.once('drain', resolve));
    },
    async end() {
      stream.end(BINARY_TRAILER);
      await done;
    },
    done,
  };
}

module.exports = { textValue, copyRows, BinaryRowWriter, binaryCopy };
