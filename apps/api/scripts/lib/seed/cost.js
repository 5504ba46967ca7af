// Entry costs as the app stores them (src/common/money.ts storedCost): seconds × rate /
// seconds-per-unit, rounded half-up to 4 decimals. Ten million decimal.js computations
// would dominate the seed, so amounts are integers of 1/10,000 ("units") here and the
// rounding is done in exact integer arithmetic; the seed checks this function against the
// app's own storedCost before it uses it (see selfCheck).

const SECONDS_PER_UNIT = { hourly: 3600, minutely: 60, secondly: 1 };
const UNITS = 10_000;

/** Stored cost in units (1/10,000) of `seconds` at `rateUnits` per hour/minute/second. */
function storedCostUnits(seconds, rateType, rateUnits) {
  const divisor = SECONDS_PER_UNIT[rateType];
  const product = rateUnits * seconds;
  if (!Number.isSafeInteger(product)) {
    const big = BigInt(rateUnits) * BigInt(seconds);
    const d = BigInt(divisor);
    const q = big / d;
    return Number(2n * (big - q * d) >= d ? q + 1n : q);
  }
  const remainder = product % divisor;
  const quotient = (product - remainder) / divisor;
  return 2 * remainder >= divisor ? quotient + 1 : quotient;
}

/** Units as a decimal string with 4 places ("37.5000"). */
function unitsText(units) {
  const negative = units < 0;
  const abs = negative ? -units : units;
  const whole = Math.floor(abs / UNITS);
  const fraction = String(abs - whole * UNITS).padStart(4, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/**
 * Compares storedCostUnits with the app's storedCost (dist/common/money.js) on `count`
 * random cases, including the rates and durations that stress rounding. Throws on the
 * first difference.
 */
function selfCheck(appStoredCost, random, count = 20_000) {
  const types = Object.keys(SECONDS_PER_UNIT);
  for (let i = 0; i < count; i++) {
    const rateType = types[i % types.length];
    const rateUnits = random.int(1, i % 7 === 0 ? 9_999_999_999 : 2_500_000);
    const seconds = random.int(0, i % 5 === 0 ? 604_800 : 86_400);
    const ours = unitsText(storedCostUnits(seconds, rateType, rateUnits));
    const theirs = appStoredCost(seconds, rateType, unitsText(rateUnits));
    if (ours !== theirs) throw new Error(`Cost mismatch for ${seconds}s at ${unitsText(rateUnits)} ${rateType}: seed ${ours}, app ${theirs}`);
  }
}

module.exports = { SECONDS_PER_UNIT, UNITS, storedCostUnits, unitsText, selfCheck };
