import { newEvent } from '@casefold/engine/testing';
import { describe, expect, it } from 'vitest';
import { MAX_ID_BYTES, isInvalidAppendError, type ExpectedRevision } from '../../src/index.js';
import { validateAppend } from '../../src/adapter/index.js';

const refusal = (expectedRevision: unknown): string => {
  try {
    validateAppend('case-1', [newEvent()], { expectedRevision: expectedRevision as ExpectedRevision });
  } catch (error) {
    expect(isInvalidAppendError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error(`${String(expectedRevision)} was accepted`);
};

describe('validateAppend: the expected revision', () => {
  it('given a number, refuses it and says to write a bigint', () => {
    expect(refusal(0)).toMatch(/expected revision 0 \(a number\) is neither a bigint revision nor 'any', 'no_stream' or 'stream_exists'; write 0n for revision 0/);
  });

  it('given a misspelled keyword, refuses it naming the three keywords', () => {
    expect(refusal('nostream')).toMatch(/expected revision 'nostream' is neither a bigint revision nor 'any', 'no_stream' or 'stream_exists'/);
  });

  it('given a negative bigint, refuses it', () => {
    expect(refusal(-2n)).toMatch(/expected revision -2 is negative; use 'no_stream' for a new stream/);
  });

  it('accepts the three keywords, any revision from 0n, and defaults to any', () => {
    for (const expected of ['any', 'no_stream', 'stream_exists', 0n, 41n] as const) expect(validateAppend('case-1', [newEvent()], { expectedRevision: expected })).toBe(expected);
    expect(validateAppend('case-1', [newEvent()], undefined)).toBe('any');
  });
});

describe('validateAppend: ids and types', () => {
  const message = (streamId: string, event = newEvent()): string => {
    try {
      validateAppend(streamId, [event], undefined);
    } catch (error) {
      expect(isInvalidAppendError(error)).toBe(true);
      return (error as Error).message;
    }
    throw new Error('accepted');
  };

  it('says which value breaks the rule and why, showing the id escaped and cut (no raw NUL, no 3,000-character line)', () => {
    expect(message('case\u0000-1')).toBe(
      "Invalid append to stream 'case\\u0000-1': the stream id contains U+0000 (NUL), which no store accepts (PostgreSQL text cannot hold it). Nothing was appended.",
    );
    expect(message('case-\ud800')).toContain("stream 'case-\\ud800': the stream id contains a lone surrogate");
    const long = message('中'.repeat(1_000));
    expect(long).toContain(`stream '${'中'.repeat(80)}…' (1000 characters): the stream id is 3000 bytes in UTF-8; the limit is ${MAX_ID_BYTES} (MAX_ID_BYTES)`);
    expect(long.length).toBeLessThan(300);
    expect(message('case-1', { ...newEvent(), eventId: 'e-1', type: 'T'.repeat(MAX_ID_BYTES + 1) })).toContain("event 0 ('e-1') has a type that is 1001 bytes in UTF-8");
  });

  it('counts UTF-8 bytes, not UTF-16 units: 250 four-byte characters (500 units) is the limit', () => {
    const emoji = '😀'.repeat(250);
    expect(new TextEncoder().encode(emoji).length).toBe(MAX_ID_BYTES);
    expect(validateAppend(emoji, [newEvent()], undefined)).toBe('any');
    expect(message(`${emoji}a`)).toContain('is 1001 bytes in UTF-8');
  });
});
