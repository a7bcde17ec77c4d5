import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

/**
 * A codec of strings that `parse` accepts; decoding returns the string unchanged and a
 * refusal carries `parse`'s reason as the error message. Never throws.
 */
export const parsedStringCodec = (
  name: string,
  expected: string,
  parse: (value: string) => E.Either<string, unknown>,
): t.Type<string, string, unknown> =>
  new t.Type<string, string, unknown>(
    name,
    (u): u is string => typeof u === 'string' && E.isRight(parse(u)),
    (u, c) => {
      if (typeof u !== 'string') return t.failure(u, c, `expected ${expected}, got ${u === null ? 'null' : typeof u}`);
      const parsed = parse(u);
      return E.isRight(parsed) ? t.success(u) : t.failure(u, c, parsed.left);
    },
    t.identity,
  );

/** The number a parser produced, or `NaN` for a refusal: for strings a codec has already accepted. */
export const parsedOrNaN = (parsed: E.Either<string, number>): number => (E.isRight(parsed) ? parsed.right : Number.NaN);
