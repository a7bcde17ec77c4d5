import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { decodeFast } from '../internal/decodeFast.js';
import { type FieldError, formatDecodeErrors } from './decodeErrors.js';

/**
 * Decodes a value tagged by its `type` field with the codec registered for that type, so
 * errors name the fields of the intended type rather than every member of a union.
 */
export const decodeTagged = <C extends Readonly<Record<string, t.Mixed>>>(codecs: C, kind: string, input: unknown): E.Either<readonly FieldError[], t.TypeOf<C[keyof C]>> => {
  const type = typeof input === 'object' && input !== null ? (input as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !Object.hasOwn(codecs, type)) {
    const known = Object.keys(codecs).join(', ');
    return E.left([{ path: 'type', message: `unknown ${kind} type ${JSON.stringify(type) ?? '(missing)'}; known: ${known}` }]);
  }
  const result = decodeFast(codecs[type] as t.Mixed, input);
  // A Right carries no errors: hand it on as it is rather than wrapping its value again.
  return E.isLeft(result) ? E.left(formatDecodeErrors(result.left)) : (result as E.Right<t.TypeOf<C[keyof C]>>);
};
