import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, initialState } from '@casefold/core';
import { context, submit } from '../support/fixtures.js';

/** A name, phone or id number: long enough that it cannot turn up in a message by chance. */
const personal = fc.string({ unit: 'binary', minLength: 6, maxLength: 24 }).filter((s) => s.trim().length >= 6);

/** Every string inside a value, joined: what a caller could print of it. */
const textsOf = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'object' && value !== null ? Object.values(value).map(textsOf).join('\n') : '');

const party = (name: string, phone: string, idNumber: string) => ({ subjectId: 'p-1', side: 'applicant', pii: { name, phone, idNumber } });

/**
 * Ways to put personal data into a Submit that fails to decode above its `pii` path: the
 * error then sits on a value that holds the personal data inside it.
 */
const malformed: readonly ((pii: ReturnType<typeof party>) => Record<string, unknown>)[] = [
  (p) => ({ parties: p }), // an object where an array belongs
  (p) => ({ parties: [{ ...p, side: 'witness' }] }), // a bad side beside the pii
  (p) => ({ parties: [{ ...p, subjectId: 7 }] }),
  (p) => ({ parties: [{ applicant: p }] }), // the party one level too deep
  (p) => ({ parties: [[p]] }),
  (p) => ({ parties: [{ subjectId: 'p-1', side: 'applicant', pii: [p.pii.name, p.pii.phone] }] }), // pii of the wrong shape
  (p) => ({ parties: [{ subjectId: 'p-1', side: 'applicant', pii: { ...p.pii, name: { first: p.pii.name } } }] }),
  (p) => ({ claimedAmountFen: { pii: p.pii } }),
];

describe('decode errors never show personal data', () => {
  it('a malformed Submit: the rejection message and details hold none of the parties’ personal data', () => {
    fc.assert(
      fc.property(personal, personal, personal, fc.integer({ min: 0, max: malformed.length - 1 }), (name, phone, idNumber, shape) => {
        const command = { ...submit('PII-1'), ...malformed[shape]!(party(name, phone, idNumber)) };
        const result = decide(command as never, initialState, context('2026-05-05T01:00:00.000Z', 'intakeClerk', 'majie'));
        expect(E.isLeft(result)).toBe(true);
        const shown = textsOf(E.isLeft(result) ? result.left : null);
        for (const secret of [name, phone, idNumber]) {
          expect(shown).not.toContain(secret);
          expect(shown).not.toContain(JSON.stringify(secret).slice(1, -1));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the value above the pii path is still described, with its personal data replaced', () => {
    const command = { ...submit('PII-2'), parties: party('王小明', '13912345678', '530102199001011234') };
    const result = decide(command as never, initialState, context('2026-05-05T01:00:00.000Z', 'intakeClerk', 'majie'));
    expect(E.isLeft(result) && result.left.message).toMatch(/parties: expected .*got \{"subjectId":"p-1","side":"applicant","pii":"\(personal da/);
  });
});
