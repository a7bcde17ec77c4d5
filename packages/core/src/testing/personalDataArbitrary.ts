import fc from 'fast-check';
import type { PersonalData } from '../events/caseEvent.js';
import { residentIdCheckCharacter } from '../values/personalNumbers.js';

/** A valid mainland mobile number made from `n` (`139` and eight digits of `n`): distinct for distinct `n` below 10^8. */
export const mobileNumberOf = (n: number): string => `139${String(Math.abs(Math.trunc(n)) % 100_000_000).padStart(8, '0')}`;

/**
 * A valid resident ID number made from `n`: address code 530102 (Kunming, Wuhua), a birth date
 * between 1950 and 2005 and a sequence code from `n`, and its GB 11643-1999 check character.
 */
export const residentIdNumberOf = (n: number): string => {
  const k = Math.abs(Math.trunc(n));
  const birth = new Date(Date.UTC(1950, 0, 1) + (k % 20_000) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `530102${birth}${String(Math.floor(k / 20_000) % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
};

/**
 * Valid personal data with a distinct name (a Chinese or Latin name and a unique suffix), a
 * valid mobile number or none, and a valid resident ID number or none. Names, phones and ID
 * numbers are long enough to search for byte-wise in a store or an export.
 */
export const personalDataArbitrary = (): fc.Arbitrary<PersonalData> =>
  fc.record({
    name: fc
      .tuple(fc.constantFrom('张', '王', '李', '赵', '钱', 'Zhang ', 'Ma '), fc.constantFrom('伟', '芳', '秀英', 'Li', 'Wei'), fc.uuid())
      .map(([family, given, id]) => `${family}${given}-${id.slice(0, 13)}`),
    phone: fc.option(fc.integer({ min: 0, max: 99_999_999 }).map(mobileNumberOf), { nil: null }),
    idNumber: fc.option(fc.integer({ min: 0, max: 19_999_999 }).map(residentIdNumberOf), { nil: null }),
  });
