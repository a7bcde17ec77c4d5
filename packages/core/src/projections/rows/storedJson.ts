import { instantMillisOrNaN } from '../../calendar/instant.js';
import { StoredRowError } from './storedRowError.js';

/**
 * The shape of a parsed JSON value: `is`, a fast check run on every row read (no strings built),
 * and `problem`, run only when `is` fails, giving the first problem and where (`path`, e.g.
 * `clocks.review.pauses should be an array, got 5`).
 */
export interface StoredShape {
  readonly is: (value: unknown) => boolean;
  readonly problem: (value: unknown, path: string) => string | undefined;
}

/**
 * The value of a built-in row's JSON column, checked: throws a {@link StoredRowError} naming the
 * projection, the row's key and the column when `text` is not JSON or not of the `shape` the
 * projection writes, instead of computing with it.
 */
export const storedJson = <T>(projection: string, key: string, column: string, text: string, shape: StoredShape): T => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StoredRowError(projection, key, column, `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!shape.is(value)) throw new StoredRowError(projection, key, column, shape.problem(value, column) ?? `${column} is not of the shape the projection writes`);
  return value as T;
};

/** How a value that does not fit is shown in a problem. */
const shown = (value: unknown): string =>
  value === undefined
    ? 'nothing'
    : value === null
      ? 'null'
      : Array.isArray(value)
        ? 'an array'
        : typeof value === 'object'
          ? 'an object'
          : typeof value === 'string' && value.length > 60
            ? `${JSON.stringify(value.slice(0, 60))}…`
            : JSON.stringify(value);

/** A plain object (not `null`, not an array). */
export const isPlainObject = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A shape of one value checked by `is`, described as `expected` when it does not fit. */
const leaf = (expected: string, is: (value: unknown) => boolean): StoredShape => ({ is, problem: (value, path) => (is(value) ? undefined : `${path} should be ${expected}, got ${shown(value)}`) });

/** Any string. */
export const aString: StoredShape = leaf('a string', (value) => typeof value === 'string');
/** A string or `null`. */
export const aStringOrNull: StoredShape = leaf('a string or null', (value) => value === null || typeof value === 'string');
/** A finite number. */
export const aNumber: StoredShape = leaf('a number', (value) => typeof value === 'number');
/** Whether `value` is an ISO-8601 UTC instant as casefold writes them (`2026-10-01T08:30:00.000Z`: a real date and time). */
export const isInstantText = (value: unknown): boolean => typeof value === 'string' && !Number.isNaN(instantMillisOrNaN(value));
/** An ISO-8601 UTC instant (a real date and time). */
export const anInstant: StoredShape = leaf('an ISO-8601 UTC instant like 2026-10-01T08:30:00.000Z', isInstantText);
/** An instant or `null`. */
export const anInstantOrNull: StoredShape = leaf('an ISO-8601 UTC instant like 2026-10-01T08:30:00.000Z, or null', (value) => value === null || isInstantText(value));
/** A value of type `name` that `is` accepts (an io-ts codec's `is`). */
export const accepted = (name: string, is: (value: unknown) => boolean): StoredShape => leaf(name, is);

/** An object whose values all have `shape`. */
export const recordOf = (shape: StoredShape): StoredShape => {
  const item = shape.is;
  return {
    is: (value) => {
      if (!isPlainObject(value)) return false;
      for (const key in value) if (!item(value[key])) return false;
      return true;
    },
    problem: (value, path) => {
      if (!isPlainObject(value)) return `${path} should be an object, got ${shown(value)}`;
      for (const key in value) {
        const problem = shape.problem(value[key], `${path}.${key}`);
        if (problem !== undefined) return problem;
      }
      return undefined;
    },
  };
};

/** An array whose items all have `shape`. */
export const arrayOf = (shape: StoredShape): StoredShape => {
  const item = shape.is;
  return {
    is: (value) => {
      if (!Array.isArray(value)) return false;
      for (let i = 0; i < value.length; i += 1) if (!item(value[i])) return false;
      return true;
    },
    problem: (value, path) => {
      if (!Array.isArray(value)) return `${path} should be an array, got ${shown(value)}`;
      for (let i = 0; i < value.length; i += 1) {
        const problem = shape.problem(value[i], `${path}[${i}]`);
        if (problem !== undefined) return problem;
      }
      return undefined;
    },
  };
};

/**
 * An object with these fields (each checked by its shape; a field absent is `undefined` to its
 * shape). Other fields are not looked at.
 */
export const objectOf = (fields: Readonly<Record<string, StoredShape>>): StoredShape => {
  const names = Object.keys(fields);
  const checks = names.map((name) => fields[name]!.is);
  return {
    is: (value) => {
      if (!isPlainObject(value)) return false;
      for (let i = 0; i < names.length; i += 1) if (!checks[i]!(value[names[i]!])) return false;
      return true;
    },
    problem: (value, path) => {
      if (!isPlainObject(value)) return `${path} should be an object, got ${shown(value)}`;
      for (const name of names) {
        const problem = fields[name]!.problem(value[name], `${path}.${name}`);
        if (problem !== undefined) return problem;
      }
      return undefined;
    },
  };
};

/**
 * `shape` with a hand-written `is` for a shape read on every row (a clock), where the combinators'
 * calls cost more than the parse: `is` must accept exactly what `shape.is` accepts (the tests check
 * both on the rows the projections write and on broken ones); `shape` still words the problem.
 */
export const fastShape = (shape: StoredShape, is: (value: unknown) => boolean): StoredShape => ({ is, problem: shape.problem });

/** `shape`, or absent (`undefined`). */
export const optional = (shape: StoredShape): StoredShape => ({
  is: (value) => value === undefined || shape.is(value),
  problem: (value, path) => (value === undefined ? undefined : shape.problem(value, path)),
});
