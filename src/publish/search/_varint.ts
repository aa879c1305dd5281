/** Last (or only) 5-bit digit of a number: 32 characters that need no escaping in a JSON string. */
export const FINAL_DIGITS = '0123456789abcdefghijklmnopqrstuv';
/** Any earlier 5-bit digit (most significant first). */
export const MORE_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz_.';

/**
 * Non-negative integers as base-32 digits, most significant first, the last digit from another
 * alphabet so numbers need no separator: postings take ~4 characters each instead of JSON's ~7.
 * @example encodeNumbers([0, 31, 32]) // '0v' + 'B0'
 */
export function encodeNumbers(numbers: readonly number[]): string {
  let out = '';
  for (let n of numbers) {
    if (!Number.isSafeInteger(n) || n < 0)
      throw new RangeError(`Cannot encode ${n}: not a non-negative integer`);
    let s = FINAL_DIGITS[n % 32] as string;
    n = Math.floor(n / 32);
    while (n > 0) {
      s = (MORE_DIGITS[n % 32] as string) + s;
      n = Math.floor(n / 32);
    }
    out += s;
  }
  return out;
}

const DIGIT: ReadonlyMap<string, number> = new Map([
  ...[...MORE_DIGITS].map((c, i): [string, number] => [c, i]),
  ...[...FINAL_DIGITS].map((c, i): [string, number] => [c, i + 32]),
]);

/**
 * The numbers `encodeNumbers` wrote (the search page reads postings with it).
 * @example decodeNumbers('0vB0') // [0, 31, 32]
 */
export function decodeNumbers(s: string): number[] {
  const out: number[] = [];
  let v = 0;
  for (const c of s) {
    const d = DIGIT.get(c);
    if (d === undefined)
      throw new Error('The search index has a malformed posting list; rebuild the site with currents build.');
    if (d >= 32) {
      out.push(v * 32 + d - 32);
      v = 0;
    } else v = v * 32 + d;
  }
  return out;
}
