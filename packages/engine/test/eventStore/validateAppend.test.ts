import { newEvent } from '@casefold/engine/testing';
import { describe, expect, it } from 'vitest';
import { isInvalidAppendError, validateAppend, type ExpectedRevision } from '../../src/index.js';

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
