import type * as t from 'io-ts';

/** One failing field of a decode: a dotted path from the root and what was wrong there. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

const show = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
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
 * Keys that only name a union branch are left out of the path. Values inside a `pii`
 * record (personal data) are never shown, only their kind (`got a number`).
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
    const message = error.message ?? `expected ${expected}, got ${PERSONAL.test(path) ? kindOf(error.value) : show(error.value)}`;
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({ path: path === '' ? '(root)' : path, message });
  }
  return result;
};

/** The field errors as one readable sentence. */
export const decodeErrorsMessage = (errors: readonly FieldError[]): string =>
  errors.map((e) => `${e.path}: ${e.message}`).join('; ');
