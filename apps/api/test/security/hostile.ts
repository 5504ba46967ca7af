/** fast-check generators of invalid and hostile input, driven by the OpenAPI schemas. */
import fc from 'fast-check';
import type { SchemaObject } from './support';

/** Injection and parser payloads every string field and parameter should survive. */
export const HOSTILE_STRINGS: string[] = [
  "' OR 1=1--",
  "'; DROP TABLE tasks;--",
  "%' ||",
  '$1',
  '\\',
  '\\\\',
  '‘quoted’ “twice” ′prime′',
  "admin'--",
  '" OR ""="',
  '1; SELECT pg_sleep(5)',
  "') UNION SELECT password_hash FROM users--",
  '%',
  '_',
  '%%',
  '{"$gt":""}',
  '{"$where":"sleep(1000)"}',
  '[$ne]=1',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, literally.
  '${7*7}',
  '../../../../etc/passwd',
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u0003\u001f\u007f',
  '\r\nSet-Cookie: x=1',
  '\u001b[31mred',
  '\ud800',
  '\udfff\ud800',
  '\u202eevil',
  '\ufeff',
  '𝕊𝕥𝕚𝕟𝕥 🕒',
  'Ω≈ç√∫',
  '',
  ' ',
  '\t',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'NaN',
  'Infinity',
  '-Infinity',
  '-1',
  '0',
  '1e309',
  '9'.repeat(400),
  '0x7fffffff',
  'true',
  'null',
  'undefined',
  '[]',
  '{}',
  '2024-13-45',
  '2024-02-30',
  '0000-00-00',
  '2024-02-30T25:61:61Z',
  '+275760-09-13T00:00:00.001Z',
  '-271821-04-20T00:00:00.000Z',
  '10000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '1970-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '2024-06-01T12:00:00+99:99',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '123e4567-e89b-12d3-a456-426614174000',
  'not-a-uuid',
  'A'.repeat(5_000),
  'é'.repeat(3_000),
];

export const HOSTILE_NUMBERS: number[] = [
  -1,
  0,
  -0,
  1.5,
  1e308,
  -1e308,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_SAFE_INTEGER,
  5e-324,
  1e21,
  99999999999.999,
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS).chain((payload) => fc.string({ maxLength: 8 }).map((prefix) => `${prefix}${payload}`)) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 70_000 }).map((n) => 'x'.repeat(n)) },
);

/** `{"__proto__": …}` as an own key (JSON.parse makes one; an object literal would set the prototype). */
const pollution = (key: string): unknown => JSON.parse(`{"${key}": {"isAdmin": true, "role": "admin", "polluted": "yes"}}`);

export function nested(depth: number, leaf: unknown = 1): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { a: value };
  return value;
}

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileString },
  { weight: 3, arbitrary: fc.constantFrom<unknown>(...HOSTILE_NUMBERS) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(true, false, null, [], {}, [null], ['a', 1, null]) },
  { weight: 1, arbitrary: fc.constantFrom(pollution('__proto__'), pollution('constructor'), { constructor: { prototype: { isAdmin: true } } }) },
  { weight: 1, arbitrary: fc.constantFrom(8, 64, 300).map((depth) => nested(depth)) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.array(fc.constant('t'), { minLength: 200, maxLength: 2_000 }) },
);

/** Values that fit the schema, so requests also reach the services and the database. */
export function plausible(schema: SchemaObject, ids: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  if (schema.oneOf?.length || schema.anyOf?.length) return plausible((schema.oneOf ?? schema.anyOf)![0], ids);
  switch (schema.type) {
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 0, max: Math.min(schema.maximum ?? 100, 100) });
    case 'number':
      return fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true }));
    case 'array':
      return fc.array(plausible(schema.items ?? { type: 'string' }, ids), { maxLength: 4 });
    case 'object':
      return fc.constant({});
    default:
      if (schema.format === 'uuid') return ids;
      if (schema.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.format === 'date') return fc.date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      if (schema.format === 'email') return fc.emailAddress();
      return fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('10.50', '0', 'USD', 'EUR', 'hourly', 'Europe/Paris', 'csv', 'json', 'name', 'desc', 'asc'));
  }
}

const OMIT = Symbol('omit');

/** A JSON body for `schema`: each field omitted, plausible or hostile, plus unknown and polluting keys. */
export function hostileObject(schema: SchemaObject, ids: fc.Arbitrary<string>): fc.Arbitrary<Record<string, unknown>> {
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    fields[name] = fc.oneof({ weight: 2, arbitrary: fc.constant(OMIT) }, { weight: 2, arbitrary: plausible(property, ids) }, { weight: 3, arbitrary: hostileValue });
  }
  const extra = fc.oneof(
    { weight: 4, arbitrary: fc.constant<Array<[string, unknown]>>([]) },
    {
      weight: 1,
      arbitrary: fc.array(
        fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype', 'role', 'is_admin', 'id', 'user_id', 'created_at', '$where', 'a.b', ''), hostileValue),
        { minLength: 1, maxLength: 3 },
      ),
    },
  );
  return fc.tuple(fc.record(fields), extra).map(([record, extras]) => {
    // Built from JSON text so `__proto__` stays an own key on the wire.
    const entries = Object.entries(record).filter(([, value]) => value !== OMIT);
    for (const [key, value] of extras) entries.push([key, value]);
    const text = `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`).join(',')}}`;
    return JSON.parse(text) as Record<string, unknown>;
  });
}

/** JSON text nested `depth` levels deep, written directly (JSON.stringify would overflow the stack). */
export const deepJson = (depth: number) => `${'{"title":['.repeat(depth)}1${']}'.repeat(depth)}`;

/** Percent-encodes anything, lone surrogates included (encodeURIComponent throws on those). */
export function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...Buffer.from(value, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`).join('');
  }
}

/** Path segments and query values written raw: broken escapes, traversal, separators. */
export const RAW_URL_PIECES = ['%', '%E0%A4%A', '%00', '%2e%2e', '..', '.', '%2F', ';', '%0d%0a', '%ff', '%C0%AE'];
