import type * as t from 'io-ts';

/** One failing field of a decode: a dotted path from the root and what was wrong there. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** Stands in for the value of a `pii` key wherever a value is shown. */
const PERSONAL_DATA = '(personal data)';

/** True when a `pii` key occurs anywhere inside the value (cycles and depth are bounded). */
const holdsPersonalData = (value: unknown, depth = 0): boolean => {
  if (typeof value !== 'object' || value === null || depth > 32) return false;
  return Object.entries(value).some(([key, inner]) => key === 'pii' || holdsPersonalData(inner, depth + 1));
};

/** The value as short JSON, each `pii` subtree at any depth replaced by {@link PERSONAL_DATA}. */
const show = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value, (key: string, v: unknown) => (key === 'pii' ? PERSONAL_DATA : typeof v === 'bigint' ? `${v}` : v)) ?? String(value);
  } catch {
    text = kindOf(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/** What kind of value it was, without the value: for fields that hold personal data. */
const kindOf = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
};

/** Paths inside a `pii` record hold personal data: their values never go into a message. */
const PERSONAL = /(^|\.)pii(\.|$)/;

const isBranchKey = (parent: t.ContextEntry | undefined): boolean => {
  const tag = (parent?.type as { _tag?: string } | undefined)?._tag;
  return tag === 'UnionType' || tag === 'IntersectionType';
};

/**
 * Turns io-ts validation errors into one entry per failing field path, e.g.
 * `{ path: 'claimedAmountFen', message: 'expected NonNegativeFen, got -5' }`.
 * Keys that only name a union branch are left out of the path. Personal data never goes
 * into a message: a value inside a `pii` record is shown only by its kind (`got a number`),
 * a value above one (e.g. `parties` given as an object) with each `pii` subtree replaced by
 * `"(personal data)"`, and a codec's own message about such a value is replaced by that form.
 */
export const formatDecodeErrors = (errors: t.Errors): readonly FieldError[] => {
  const seen = new Set<string>();
  const result: FieldError[] = [];
  for (const error of errors) {
    const path = error.context
      .map((entry, index) => (index === 0 || isBranchKey(error.context[index - 1]) ? '' : entry.key))
      .filter((key) => key !== '')
      .join('.');
    const expected = error.context[error.context.length - 1]?.type.name ?? 'a value';
    const personal = PERSONAL.test(path);
    const ownMessage = personal || holdsPersonalData(error.value) ? undefined : error.message;
    const message = ownMessage ?? `expected ${expected}, got ${personal ? kindOf(error.value) : show(error.value)}`;
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({ path: path === '' ? '(root)' : path, message });
  }
  return result;
};

/** The field errors as one readable sentence. */
export const decodeErrorsMessage = (errors: readonly FieldError[]): string => errors.map((e) => `${e.path}: ${e.message}`).join('; ');
