import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

/**
 * A codec of strings that `parse` accepts; decoding returns the string unchanged and a
 * refusal carries `parse`'s reason as the error message. Never throws. `accepts`, when
 * given, must agree with `parse` and serves the `is` check without building an `Either`.
 * It is an io-ts `RefinementType` of `t.string`, so `fastIs` compiles its check.
 */
export const parsedStringCodec = (
  name: string,
  expected: string,
  parse: (value: string) => E.Either<string, unknown>,
  accepts: (value: string) => boolean = (value) => E.isRight(parse(value)),
): t.Type<string, string, unknown> =>
  new t.RefinementType<t.StringC>(
    name,
    (u): u is string => typeof u === 'string' && accepts(u),
    (u, c) => {
      if (typeof u !== 'string') return t.failure(u, c, `expected ${expected}, got ${u === null ? 'null' : typeof u}`);
      const parsed = parse(u);
      return E.isRight(parsed) ? t.success(u) : t.failure(u, c, parsed.left);
    },
    t.identity,
    t.string,
    accepts,
  );

/** The number a parser produced, or `NaN` for a refusal: for strings a codec has already accepted. */
export const parsedOrNaN = (parsed: E.Either<string, number>): number => (E.isRight(parsed) ? parsed.right : Number.NaN);
