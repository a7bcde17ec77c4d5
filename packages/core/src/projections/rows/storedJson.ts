import { StoredRowError } from './storedRowError.js';

/**
 * A check of a parsed JSON value's shape: the first problem found, naming where (`path`, e.g.
 * `clocks.review.pauses is not an array`), or `undefined` when the value has the shape.
 */
export type StoredShape = (value: unknown, path: string) => string | undefined;

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
  const problem = shape(value, column);
  if (problem !== undefined) throw new StoredRowError(projection, key, column, problem);
  return value as T;
};

const describe = (value: unknown): string =>
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

const fieldPath = (path: string, key: string): string => `${path}.${key}`;

/** A problem of a field that should be a string (or, with `nullable`, `null`). */
const stringProblem = (value: unknown, path: string, nullable = false): string | undefined =>
  typeof value === 'string' || (nullable && value === null) ? undefined : `${path} should be a string${nullable ? ' or null' : ''}, got ${describe(value)}`;

const numberProblem = (value: unknown, path: string): string | undefined => (typeof value === 'number' && Number.isFinite(value) ? undefined : `${path} should be a number, got ${describe(value)}`);

/** An object whose values all have `shape`. */
export const recordOf =
  (shape: StoredShape): StoredShape =>
  (value, path) => {
    if (!isPlainObject(value)) return `${path} should be an object, got ${describe(value)}`;
    for (const key in value) {
      const problem = shape(value[key], fieldPath(path, key));
      if (problem !== undefined) return problem;
    }
    return undefined;
  };

/** An array whose items all have `shape`. */
export const arrayOf =
  (shape: StoredShape): StoredShape =>
  (value, path) => {
    if (!Array.isArray(value)) return `${path} should be an array, got ${describe(value)}`;
    for (let i = 0; i < value.length; i += 1) {
      const problem = shape(value[i], `${path}[${i}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };

/** A value of type `name` that `is` accepts (an io-ts codec's `is`). */
export const accepted =
  (name: string, is: (value: unknown) => boolean): StoredShape =>
  (value, path) =>
    is(value) ? undefined : `${path} should be ${name}, got ${describe(value)}`;

/** Any string. */
export const aString: StoredShape = (value, path) => stringProblem(value, path);
/** A string or `null`. */
export const aStringOrNull: StoredShape = (value, path) => stringProblem(value, path, true);
/** A finite number. */
export const aNumber: StoredShape = numberProblem;

/**
 * An object with these fields (each checked by its shape; a field absent is `undefined` to its
 * shape). Other fields are not looked at.
 */
export const objectOf = (fields: Readonly<Record<string, StoredShape>>): StoredShape => {
  const entries = Object.entries(fields);
  return (value, path) => {
    if (!isPlainObject(value)) return `${path} should be an object, got ${describe(value)}`;
    for (const [name, shape] of entries) {
      const problem = shape(value[name], fieldPath(path, name));
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
};

/** `shape`, or absent (`undefined`). */
export const optional =
  (shape: StoredShape): StoredShape =>
  (value, path) =>
    value === undefined ? undefined : shape(value, path);
