const loneSurrogate = (): TypeError => new TypeError('canonicalJson: a string contains a lone surrogate, which RFC 8785 (I-JSON) forbids');

/**
 * A string as a JSON string literal, refusing lone surrogates (RFC 8785 builds on I-JSON,
 * which forbids them, and a hash over them would differ between tools). Text with nothing
 * to escape (no control character, quote or backslash: nearly all text) is quoted as it
 * is; anything else goes through `JSON.stringify`, which escapes exactly as RFC 8785 asks
 * (and writes well-formed surrogate pairs as they are).
 *
 * @throws TypeError on a lone surrogate.
 */
const quote = (text: string): string => {
  let plain = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92) plain = false;
    else if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) throw loneSurrogate();
      i += 1;
    }
  }
  return plain ? `"${text}"` : JSON.stringify(text);
};

/** Quoted keys with their colon, by key: events repeat the same few keys, so each is quoted once. */
const prefixes = new Map<string, string>();
/** Bounds {@link prefixes}; keys beyond it are quoted every time. */
const MAX_CACHED_KEYS = 4096;

/** `"key":` for an object member. */
const memberPrefix = (key: string): string => {
  let prefix = prefixes.get(key);
  if (prefix === undefined) {
    prefix = `${quote(key)}:`;
    if (prefixes.size < MAX_CACHED_KEYS) prefixes.set(key, prefix);
  }
  return prefix;
};

/**
 * Sorts object keys in place by UTF-16 code units (RFC 8785 §3.2.3), as `Array#sort` with
 * no comparator does. Objects have few keys, usually almost in order: an insertion sort
 * beats the builtin there.
 */
const sortKeys = (keys: string[]): string[] => {
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j -= 1;
    }
    keys[j + 1] = key;
  }
  return keys;
};

/**
 * RFC 8785 (JSON Canonicalization Scheme) serialization, so that any third-party tool can
 * recompute an event's hash. Object keys are sorted by UTF-16 code units, no whitespace,
 * numbers in ECMAScript shortest form, strings escaped as `JSON.stringify` does.
 * `undefined` object members are omitted. Strings (values and keys) must be well-formed
 * UTF-16: RFC 8785 builds on I-JSON, which forbids lone surrogates, and a hash over them
 * would differ between tools. Only plain data is accepted: a value that would not read
 * back from JSON as it was (a bigint, a `Date`, a `Map`, any object whose prototype is not
 * `Object.prototype` or `null`) is refused rather than hashed as something else.
 *
 * @throws TypeError on values JSON cannot represent as they are (non-finite numbers,
 * functions, symbols, bigints, objects that are not plain, strings with lone surrogates);
 * {@link jsonProblem} tells where such a value lies.
 */
export const canonicalJson = (value: unknown): string => {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not representable in JSON`);
      // ECMAScript's Number::toString is RFC 8785's number form (and writes -0 as 0).
      return `${value}`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          out += (i === 0 ? '' : ',') + (item === undefined ? 'null' : canonicalJson(item));
        }
        return `${out}]`;
      }
      if (!isPlain(value)) throw new TypeError(`canonicalJson: ${describeObject(value)} is not plain JSON data`);
      const record = value as Record<string, unknown>;
      const keys = sortKeys(Object.keys(record));
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        const member = record[key];
        if (member === undefined) continue;
        out += (out.length === 1 ? '' : ',') + memberPrefix(key) + canonicalJson(member);
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} is not representable in JSON`);
  }
};

const isPlain = (value: object): boolean => {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

const describeObject = (value: object): string => {
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name.length > 0 ? `a ${name}` : 'an object with a prototype of its own';
};

const HINT: Readonly<Record<string, string>> = {
  bigint: ' (write it as a string)',
  object: ' (turn it into plain data first, e.g. a Date into its ISO string)',
};

const problemAt = (value: unknown, path: string, seen: Set<object>): string | null => {
  switch (typeof value) {
    case 'string':
      try {
        quote(value);
        return null;
      } catch {
        return `a string with a lone surrogate at ${path}`;
      }
    case 'number':
      return Number.isFinite(value) ? null : `${value} at ${path}`;
    case 'boolean':
      return null;
    case 'object': {
      if (value === null) return null;
      if (seen.has(value)) return `a reference to an enclosing value at ${path}`;
      if (!Array.isArray(value) && !isPlain(value)) return `${describeObject(value)} at ${path}${HINT['object']}`;
      seen.add(value);
      try {
        if (Array.isArray(value)) {
          for (let i = 0; i < value.length; i++) {
            const found = value[i] === undefined ? null : problemAt(value[i], `${path}[${i}]`, seen);
            if (found !== null) return found;
          }
          return null;
        }
        for (const key of Object.keys(value)) {
          if (problemAt(key, '', seen) !== null) return `a key with a lone surrogate in ${path}`;
          const member = (value as Record<string, unknown>)[key];
          const found = member === undefined ? null : problemAt(member, `${path}.${key}`, seen);
          if (found !== null) return found;
        }
        return null;
      } finally {
        seen.delete(value);
      }
    }
    default:
      return `a ${typeof value} at ${path}${HINT[typeof value] ?? ''}`;
  }
};

/**
 * What in `value` {@link canonicalJson} refuses, and where (a path starting with `at`), or
 * `null` when it accepts all of it: for error messages, so it walks the value only after a
 * serialization failed. A value nested too deeply to walk is reported as such.
 *
 * @example
 * jsonProblem({ when: new Date() }, 'data'); // 'a Date at data.when (turn it into plain data first, …)'
 */
export const jsonProblem = (value: unknown, at: string): string | null => {
  if (value === undefined) return `nothing (undefined) at ${at}`;
  try {
    return problemAt(value, at, new Set());
  } catch (error) {
    if (error instanceof RangeError) return `a value nested too deeply to serialize at ${at}`;
    throw error;
  }
};
