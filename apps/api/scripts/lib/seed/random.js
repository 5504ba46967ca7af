// Seeded pseudo-random numbers for the bulk seed: the same --seed gives the same data.
// sfc32 is small, fast and good enough for test data; each stream (the model, one user's
// entries) gets its own generator derived from the seed and a label, so the result doesn't
// depend on how the work is split between threads.

/** 32-bit hash of a string (FNV-1a followed by a murmur-style finaliser). */
function hash32(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

class Random {
  /** A generator for `seed` and a label naming the stream (e.g. "entries:17"). */
  constructor(seed, label) {
    this.a = hash32(`${seed}|${label}|a`);
    this.b = hash32(`${seed}|${label}|b`);
    this.c = hash32(`${seed}|${label}|c`);
    this.d = hash32(`${seed}|${label}|d`) | 1;
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** Next unsigned 32-bit integer (sfc32). */
  uint32() {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next() {
    return this.uint32() / 4294967296;
  }

  /** Integer in [min, max] (inclusive). */
  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform in [min, max). */
  range(min, max) {
    return min + this.next() * (max - min);
  }

  chance(p) {
    return this.next() < p;
  }

  pick(items) {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Index drawn with probability proportional to `weights[i]`. */
  weightedIndex(weights, total = weights.reduce((sum, w) => sum + w, 0)) {
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** Roughly normal (sum of three uniforms), mean 0, standard deviation ≈ 1. */
  gaussian() {
    return (this.next() + this.next() + this.next() - 1.5) * 2;
  }

  /** `count` distinct items of `items`, in random order. */
  sample(items, count) {
    const copy = items.slice();
    const n = Math.min(count, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, n);
  }

  /** A version-4 UUID's 16 bytes written into `target` at `offset`. */
  uuidInto(target, offset) {
    for (let i = 0; i < 16; i += 4) {
      const v = this.uint32();
      target[offset + i] = v >>> 24;
      target[offset + i + 1] = (v >>> 16) & 0xff;
      target[offset + i + 2] = (v >>> 8) & 0xff;
      target[offset + i + 3] = v & 0xff;
    }
    target[offset + 6] = (target[offset + 6] & 0x0f) | 0x40;
    target[offset + 8] = (target[offset + 8] & 0x3f) | 0x80;
  }

  /** A version-4 UUID as text. */
  uuid() {
    const bytes = Buffer.alloc(16);
    this.uuidInto(bytes, 0);
    return uuidText(bytes, 0);
  }
}

function uuidText(bytes, offset) {
  const hex = Buffer.from(bytes.subarray(offset, offset + 16)).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

module.exports = { Random, hash32, uuidText };
