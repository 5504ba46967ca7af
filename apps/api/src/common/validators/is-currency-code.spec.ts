import { isCurrencyCode } from './is-currency-code';

describe('isCurrencyCode', () => {
  it.each(['EUR', 'USD', 'JPY', 'CHF', 'GBP'])('accepts %s', (code) => expect(isCurrencyCode(code)).toBe(true));
  it.each(['XYZ', 'eur', 'EURO', 'US', '', 'E1R', 978, null])('refuses %p', (code) => expect(isCurrencyCode(code)).toBe(false));
});
