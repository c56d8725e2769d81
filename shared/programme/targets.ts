/**
 * Target arithmetic in integers. A rate target says "more than 65%" (超过, strictly
 * greater), and 12 × 0.65 in floating point is 7.800000000000001, so rates are turned
 * into exact fractions of one million before comparing.
 */

const scale = 1_000_000;

function checkCount(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${n}`);
  }
}

/** `rateAbove` as an exact numerator over one million (rates have at most 6 decimals). */
function rateNumerator(rateAbove: number): number {
  const numerator = Math.round(rateAbove * scale);
  if (!Number.isFinite(rateAbove) || rateAbove < 0 || numerator >= scale) {
    throw new RangeError(`rateAbove must be in [0, 1) with at most 6 decimals, got ${rateAbove}`);
  }
  return numerator;
}

/**
 * The smallest number n of standardized units with n / total > rateAbove
 * (12 units: 8 for 0.65, 9 for 0.68 and 0.70; 100 units at 0.70: 71).
 * A township without units needs none (0) — it has no rate, see `meetsTarget`.
 */
export function requiredStandardized(total: number, rateAbove: number): number {
  checkCount('total', total);
  const numerator = rateNumerator(rateAbove);
  if (total === 0) return 0;
  // n / total > p / scale  ⇔  n · scale > p · total  ⇔  n > ⌊p · total / scale⌋ (BigInt: no overflow)
  return Number((BigInt(numerator) * BigInt(total)) / BigInt(scale)) + 1;
}

/**
 * Whether `standardized` of `total` units exceed the rate strictly. A township without
 * units has no rate and cannot meet a target (false).
 */
export function meetsTarget(standardized: number, total: number, rateAbove: number): boolean {
  checkCount('standardized', standardized);
  checkCount('total', total);
  if (standardized > total) throw new RangeError(`standardized (${standardized}) exceeds total (${total})`);
  return total > 0 && standardized >= requiredStandardized(total, rateAbove);
}

/** How many more units must be standardized to meet the target (0 when met). */
export function shortfall(standardized: number, total: number, rateAbove: number): number {
  checkCount('standardized', standardized);
  return Math.max(0, requiredStandardized(total, rateAbove) - standardized);
}
