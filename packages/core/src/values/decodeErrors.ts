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

const isBranchKey = (parent: t.ContextEntry | undefined): boolean => {
  const tag = (parent?.type as { _tag?: string } | undefined)?._tag;
  return tag === 'UnionType' || tag === 'IntersectionType';
};

/**
 * Turns io-ts validation errors into one entry per failing field path, e.g.
 * `{ path: 'claimedAmountFen', message: 'expected NonNegativeFen, got -5' }`.
 * Keys that only name a union branch are left out of the path.
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
    const message = error.message ?? `expected ${expected}, got ${show(error.value)}`;
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
