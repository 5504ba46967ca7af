import { inputProblem, MAX_INPUT_DEPTH } from './validation';
import { isDecimalNumber } from './validators/is-decimal-number';
import { isEmailAddress } from './validators/is-email-address';

/** Deep nesting written as text: building it with JSON.stringify would overflow the stack first. */
const nestedJson = (depth: number) => JSON.parse(`${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`);

describe('inputProblem (checked before class-transformer sees a request)', () => {
  it('accepts ordinary bodies', () => {
    expect(inputProblem({ title: 'Plan', tags: ['a', 'b'], nested: { deep: [1, { x: 'y' }] } })).toBeNull();
    expect(inputProblem('text')).toBeNull();
    expect(inputProblem(undefined)).toBeNull();
  });

  it('names the top-level field that nests too deeply, without overflowing the stack itself', () => {
    expect(inputProblem({ title: nestedJson(100_000) })).toEqual({ field: 'title', message: `nests deeper than ${MAX_INPUT_DEPTH} levels` });
    expect(inputProblem({ ok: nestedJson(MAX_INPUT_DEPTH / 2 - 1) })).toBeNull();
  });

  it('refuses NUL characters in strings and keys, naming where', () => {
    expect(inputProblem({ description: 'a\u0000b' })).toEqual({ field: 'description', message: 'must not contain NUL (U+0000) characters' });
    expect(inputProblem({ tags: ['ok', '\u0000'] })).toEqual({ field: 'tags.1', message: 'must not contain NUL (U+0000) characters' });
    expect(inputProblem({ 'a\u0000': 1 })?.message).toMatch(/NUL/);
  });
});

describe('validators that once threw on hostile input', () => {
  it('isDecimalNumber reads exponent notation instead of throwing', () => {
    expect(isDecimalNumber(12.5, 2)).toBe(true);
    expect(isDecimalNumber(100, 2)).toBe(true);
    expect(isDecimalNumber(1.255, 2)).toBe(false);
    expect(() => isDecimalNumber(1e-323, 2)).not.toThrow();
    expect(isDecimalNumber(1e-323, 2)).toBe(false);
    expect(isDecimalNumber(1e-7, 2)).toBe(false);
    expect(isDecimalNumber(1e21, 2)).toBe(true);
    expect(isDecimalNumber(Number.NaN, 2)).toBe(false);
    expect(isDecimalNumber('1.5', 2)).toBe(false);
  });

  it('isEmailAddress answers false for ill-formed Unicode instead of throwing', () => {
    expect(isEmailAddress('ada@example.com')).toBe(true);
    expect(() => isEmailAddress('a\ud800@example.com')).not.toThrow();
    expect(isEmailAddress('a\ud800@example.com')).toBe(false);
    expect(isEmailAddress('\udfff\ud800')).toBe(false);
    expect(isEmailAddress(42)).toBe(false);
  });
});
