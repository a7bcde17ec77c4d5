import { InvalidStoreOptionError } from './storeErrors.js';

/**
 * Checks of a store's option values, done before anything is opened, the same in every
 * adapter: each returns the value (or the default when it is `undefined`) or throws
 * {@link InvalidStoreOptionError} naming the option, the value and what is allowed.
 */

/** A value as a message shows it: strings quoted, `-0` and bigints as written. */
const shown = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value).replace(/^"|"$/g, "'");
  if (typeof value === 'bigint') return `${value}n`;
  if (Object.is(value, -0)) return '-0';
  if (typeof value !== 'object' || value === null) return String(value);
  try {
    return JSON.stringify(value).slice(0, 60);
  } catch {
    return Object.prototype.toString.call(value);
  }
};

/** `typeof`, except that `null` is `'null'` and an array `'array'`. */
const kindOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** The value and, unless it is `null` or `undefined`, its kind: `'yes' (a string)`. */
const shownWithKind = (value: unknown): string => {
  const kind = kindOf(value);
  if (value === null || value === undefined) return kind;
  return `${shown(value)} (${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind})`;
};

/** Throws for `value` of option `name`, showing its kind too when it is not of `kind`. */
const refuse = (name: string, value: unknown, kind: string, allowed: string): never => {
  throw new InvalidStoreOptionError(name, `must be ${allowed}, got ${kindOf(value) === kind ? shown(value) : shownWithKind(value)}`);
};

/** Longest delay a Node.js timer takes, in ms (a longer one fires after 1 ms): the bound of every interval option. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A whole-number option from `min` to `max` (no upper bound short of 2^53 by default). */
export const integerOption = (name: string, value: unknown, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
  if (value === undefined) return fallback;
  // `-0` is 0 (the driver refuses -0 as not a 32-bit integer).
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value === 0 ? 0 : value;
  return refuse(name, value, 'number', max === Number.MAX_SAFE_INTEGER ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`);
};

/** A `true`/`false` option. */
export const booleanOption = (name: string, value: unknown, fallback: boolean): boolean => {
  if (value === undefined) return fallback;
  return typeof value === 'boolean' ? value : refuse(name, value, 'boolean', 'true or false');
};

/** An option taking one of the strings `allowed`. */
export const choiceOption = <T extends string>(name: string, value: unknown, fallback: T, allowed: readonly T[]): T => {
  if (value === undefined) return fallback;
  if ((allowed as readonly unknown[]).includes(value)) return value as T;
  return refuse(name, value, 'string', `one of ${allowed.map(shown).join(', ')}`);
};

/** The options object itself, which must be an object; names the option it needs most. */
export const optionsObject = <T extends object>(options: T, example: string): T => {
  if (typeof options === 'object' && options !== null) return options;
  return refuse('options', options, 'object', `an object such as ${example}`);
};

/** A string option. */
export const stringOption = (name: string, value: unknown, allowed: string): string => (typeof value === 'string' ? value : refuse(name, value, 'string', allowed));
