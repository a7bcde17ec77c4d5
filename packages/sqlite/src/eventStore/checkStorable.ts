import { InvalidAppendError } from '@casefold/engine';
import type { NewEvent } from '@casefold/engine';

/**
 * Where in `value` (a path from `at`) lies something its canonical JSON would store as a
 * different value than was appended, and what; `null` when there is nothing of the kind.
 */
const unstorable = (value: unknown, at: string): string | null => {
  if (typeof value === 'bigint') return `a bigint at ${at} (canonical JSON would store it as a string)`;
  if (typeof value !== 'object' || value === null) return null;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return `an object with a toJSON method at ${at}, such as a Date (convert it to a string or number first)`;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorable(value[i], `${at}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const found = unstorable(record[key], `${at}.${key}`);
    if (found !== null) return found;
  }
  return null;
};

const check = (streamId: string, index: number, field: 'data' | 'metadata', value: unknown): void => {
  if (value === undefined) throw new InvalidAppendError(streamId, `event ${index} has no ${field} (undefined)`);
  let found: string | null;
  try {
    found = unstorable(value, field);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    found = `${field} that nests too deeply or refers to itself`;
  }
  if (found !== null) throw new InvalidAppendError(streamId, `event ${index} has ${found}`);
};

/**
 * Refuses, before the write transaction, event data and metadata that would not read back
 * as appended once stored as the canonical JSON the hash covers (which is what the store
 * writes, see the engine's `chainAppendJson`): `undefined` data, bigints, objects with a
 * `toJSON` method (Dates) and cycles. Values JSON cannot represent at all (non-finite
 * numbers, functions, lone surrogates) are refused by `chainAppendJson` itself.
 *
 * @throws InvalidAppendError naming the event and where in it the value lies.
 */
export const checkStorable = (streamId: string, events: readonly NewEvent[]): void => {
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    check(streamId, i, 'data', event.data);
    check(streamId, i, 'metadata', event.metadata);
  }
};
