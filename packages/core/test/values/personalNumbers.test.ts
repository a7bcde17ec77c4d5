import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FieldError, decide, initialState, isMainlandMobile, isResidentIdNumber, personalNumberIn, residentIdCheckCharacter } from '@casefold/core';
import { mobileNumberOf, personalDataArbitrary, residentIdNumberOf } from '@casefold/core/testing';
import { context, submit } from '../support/fixtures.js';

const clerk = () => context('2026-05-05T01:00:00.000Z', 'intakeClerk', 'majie');
const submitting = (overrides: Record<string, unknown>) => decide(submit('N-1', overrides), initialState, clerk());
/** The field errors of a MalformedCommand rejection (none for any other outcome). */
const fieldErrors = (result: ReturnType<typeof submitting>): readonly FieldError[] =>
  E.isLeft(result) && result.left.code === 'MalformedCommand' && 'errors' in result.left ? result.left.errors : [];
const party = (pii: { name: string; phone: string | null; idNumber: string | null }) => [{ subjectId: 'p-1', side: 'applicant', pii }];

describe('resident ID numbers (GB 11643-1999)', () => {
  it('accepts the standard’s examples and refuses a wrong check character, an impossible birth date, a short number', () => {
    expect(isResidentIdNumber('11010519491231002X')).toBe(true);
    expect(isResidentIdNumber('440524188001010014')).toBe(true);
    expect(isResidentIdNumber('110105194912310021')).toBe(false); // check character should be X
    expect(isResidentIdNumber('11010519491231002x')).toBe(false); // X upper case only
    expect(isResidentIdNumber('110105194902300021')).toBe(false); // 30 February
    expect(isResidentIdNumber('530102200002290011'.slice(0, 17) + residentIdCheckCharacter('53010220000229001'))).toBe(true); // 29 Feb 2000
    expect(isResidentIdNumber('53010219000229001' + residentIdCheckCharacter('53010219000229001'))).toBe(false); // 1900 was no leap year
    expect(isResidentIdNumber('01010519491231002X')).toBe(false); // no address code starts with 0
    expect(isResidentIdNumber('1101051949123100')).toBe(false);
  });

  it('generated numbers are valid, and any other last character makes them invalid (1,000 runs)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.constantFrom(...'0123456789X'), (n, last) => {
        const id = residentIdNumberOf(n);
        expect(isResidentIdNumber(id)).toBe(true);
        expect(isResidentIdNumber(id.slice(0, 17) + last)).toBe(last === id[17]);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('mainland mobile numbers', () => {
  it('are 11 digits starting 13 to 19', () => {
    for (const valid of ['13800138000', '19912345678', mobileNumberOf(42)]) expect(isMainlandMobile(valid)).toBe(true);
    for (const invalid of ['12800138000', '1380013800', '138001380000', '+8613800138000', '138-0013-8000', '1380013800a']) expect(isMainlandMobile(invalid)).toBe(false);
  });
});

describe('a party’s phone and idNumber must hold valid numbers', () => {
  it('accepts valid generated personal data (1,000 runs)', () => {
    fc.assert(
      fc.property(personalDataArbitrary(), (pii) => {
        expect(E.isRight(submitting({ parties: party(pii) }))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses an invalid one as MalformedCommand naming the field, without the value', () => {
    for (const [pii, path] of [
      [{ name: '张三', phone: '12345678901', idNumber: null }, 'parties.0.pii.phone'],
      [{ name: '张三', phone: null, idNumber: '110105194912310021' }, 'parties.0.pii.idNumber'],
    ] as const) {
      const result = submitting({ parties: party(pii) });
      expect(E.isLeft(result) && result.left.code).toBe('MalformedCommand');
      const errors = fieldErrors(result);
      expect(new Set(errors.map((e) => e.path))).toEqual(new Set([path]));
      const shown = JSON.stringify(E.isLeft(result) ? result.left : null);
      expect(shown).not.toContain(pii.phone ?? pii.idNumber!);
    }
  });
});

describe('free text refuses ID and phone numbers', () => {
  const textFields = ['summary'] as const;
  it('a summary holding an ID number or a mobile number, anywhere in any text, is MalformedCommand naming the field, never echoing it (1,000 runs)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }).map((s) => s.replace(/[0-9]/g, '')),
        fc.string({ maxLength: 40 }).map((s) => s.replace(/[0-9]/g, '')),
        fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }).map(residentIdNumberOf), fc.integer({ min: 0, max: 99_999_999 }).map(mobileNumberOf)),
        fc.constantFrom(...textFields),
        (before, after, number, field) => {
          const result = submitting({ [field]: `申请人${before}${number}${after}` });
          expect(E.isLeft(result) && result.left.code).toBe('MalformedCommand');
          const errors = fieldErrors(result);
          expect(errors).toEqual([{ path: field, message: expect.stringMatching(number.length === 18 ? /resident ID number/ : /mobile phone number/) }]);
          expect(JSON.stringify(E.isLeft(result) ? result.left : null)).not.toContain(number);
          expect(JSON.stringify(E.isLeft(result) ? result.left : null)).not.toContain(number.slice(0, 8));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('other numbers in text are fine: amounts, dates, longer or shorter digit runs', () => {
    for (const text of ['拖欠工资 15000 元', '2026-05-05 10:00', 'account 6222021234567890123', 'call 12345678901', '13800138000123', '0871-12345678'])
      expect(personalNumberIn(text), text).toBeUndefined();
    expect(E.isRight(submitting({ summary: '拖欠工资 15000 元, 2026-05-05' }))).toBe(true);
  });

  it('finds a number at the start, the end, beside letters and as the whole text', () => {
    expect(personalNumberIn('13800138000')).toBe('phone');
    expect(personalNumberIn('tel13800138000.')).toBe('phone');
    expect(personalNumberIn('ID 11010519491231002x')).toBe('idNumber');
    expect(personalNumberIn('身份证110105194912310021号')).toBe('idNumber'); // a pattern: a wrong check digit is still an ID number
  });
});
