import * as t from 'io-ts';
import { formatInstant, instantMillisOrNaN } from '../calendar/instant.js';
import { personalNumberIn, personalNumberInTextMessage } from './personalNumbers.js';

/** Milliseconds since the epoch of an ISO-8601 UTC instant, or NaN when it is malformed or impossible. */
export const instantMillis = (value: string): number => instantMillisOrNaN(value);

/**
 * A codec that accepts what `base` accepts and `predicate` holds for, reporting `name` as
 * the expected type (`explain`, when given, may say what was wrong instead, e.g. without
 * echoing a value that must not be shown). Types stay plain (no brands): values the decider builds need no casts,
 * and every decided event is checked against its codec before it leaves the decider. It is
 * an io-ts `RefinementType`, so {@link fastIs} compiles its check.
 */
export const refine = <A, O>(base: t.Type<A, O, unknown>, predicate: (value: A) => boolean, name: string, explain?: (value: A) => string | undefined): t.Type<A, O, unknown> =>
  new t.RefinementType<t.Type<A, O, unknown>>(
    name,
    (u): u is A => base.is(u) && predicate(u),
    (u, c) => {
      const decoded = base.validate(u, c);
      return decoded._tag === 'Right' && !predicate(decoded.right) ? t.failure(u, c, explain?.(decoded.right)) : decoded;
    },
    base.encode,
    base,
    predicate,
  );

/** ISO-8601 UTC instant, e.g. `2026-05-05T02:30:00.000Z`; impossible dates are refused. */
export const Instant = refine(t.string, (s) => !Number.isNaN(instantMillis(s)), 'Instant (ISO-8601 UTC, e.g. 2026-05-05T02:30:00.000Z)');
export type Instant = string;

/** An instant from epoch milliseconds (always valid). */
export const instantFromMillis = (millis: number): string => formatInstant(millis);

/** A money amount in fen (1/100 CNY): a non-negative safe integer, never a float. */
export const Fen = refine(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'Fen (a non-negative whole number of fen)');

/**
 * Whether a UTF-16 code unit is white space or a line terminator: exactly what
 * `String#trim` removes. Checked by code unit so the id and text checks, which run on
 * every field of every command, neither copy nor flatten the string.
 */
const isSpace = (code: number): boolean =>
  code <= 32
    ? code === 32 || (code >= 9 && code <= 13)
    : code >= 160 && (code === 160 || code === 5760 || (code >= 8192 && code <= 8202) || code === 8232 || code === 8233 || code === 8239 || code === 8287 || code === 12288 || code === 65279);

/**
 * Whether `s` is well-formed UTF-16, without a lone surrogate: `"\ud800"` is valid JSON,
 * but no UTF-8 store can hold it, and the engine refuses it on append (`invalid_append`).
 * `String#isWellFormed` (ES2024, Node ≥ 20; not in the ES2023 lib compiled against)
 * answers one-byte strings at once and scans the others natively, faster than a regular
 * expression test.
 */
const isWellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

/** Any text a store can hold, empty included: a string without a lone surrogate. */
export const WellFormedString = refine(t.string, isWellFormed, 'string (well-formed: no lone surrogate)');

/** A non-empty id or code without surrounding spaces or lone surrogates, at most 200 characters. */
export const Id = refine(
  t.string,
  (s) => s.length > 0 && s.length <= 200 && !isSpace(s.charCodeAt(0)) && !isSpace(s.charCodeAt(s.length - 1)) && isWellFormed(s),
  'Id (non-empty, no surrounding spaces, no lone surrogate)',
);

/** Whether `s` holds a character other than white space (`s.trim() !== ''`, without the copy). */
const isNotBlank = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) if (!isSpace(s.charCodeAt(i))) return true;
  return false;
};

/**
 * Free text a person wrote (a reason, a summary, a note): not blank, at most 4,000
 * characters, no lone surrogate, and no personal number in it — no run of digits shaped like
 * a resident ID number or a mainland mobile number (see {@link personalNumberIn}). Personal
 * data belongs in a party's `pii`, which is encrypted per person and can be erased; a number
 * in free text could be neither. A refused text's message names what it holds, never the value.
 */
export const Text = refine(
  t.string,
  (s) => s.length <= 4000 && isNotBlank(s) && isWellFormed(s) && personalNumberIn(s) === undefined,
  'Text (not blank, at most 4000 characters, no lone surrogate, no ID or phone number)',
  (s) => {
    const found = personalNumberIn(s);
    return found === undefined ? undefined : personalNumberInTextMessage(found);
  },
);

/** A positive whole number (e.g. an extension amount). */
export const PositiveInt = refine(t.number, (n) => Number.isSafeInteger(n) && n > 0, 'PositiveInt');

/** A keyof codec over a readonly list of string literals. */
export const oneOf = <const K extends string>(values: readonly K[], name: string): t.KeyofC<{ [P in K]: null }> =>
  t.keyof(Object.fromEntries(values.map((v) => [v, null])) as { [P in K]: null }, name);
