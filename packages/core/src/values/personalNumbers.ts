import * as t from 'io-ts';

/**
 * Mainland China's personal numbers: the 18-character resident identity number (公民身份号码,
 * GB 11643-1999) and the 11-digit mobile number. Checked where a field claims to hold one
 * (a party's `phone` and `idNumber`), and looked for in free text, where none may be.
 */

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** The ISO 7064 MOD 11-2 weights of the first 17 digits (GB 11643-1999 §8.2). */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** The check character for each weighted sum modulo 11. */
const ID_CHECK = '10X98765432';

/** The GB 11643-1999 check character (`0`–`9` or `X`) of the first 17 digits of a resident ID number. */
export const residentIdCheckCharacter = (first17: string): string => {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
};

/** Whether `yyyymmdd` is a real calendar date from 1800-01-01 on (a birth date). */
const isBirthDate = (yyyymmdd: string): boolean => {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1800 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
};

/**
 * Whether `s` is a resident identity number (GB 11643-1999): a six-digit address code not
 * starting with 0, an eight-digit birth date that exists (1800 on), a three-digit sequence
 * code and the ISO 7064 MOD 11-2 check character (`X` upper case). Whether the birth date
 * lies in the past is not checked (that needs a clock).
 */
export const isResidentIdNumber = (s: string): boolean => {
  if (s.length !== 18 || s.charCodeAt(0) === 48) return false;
  for (let i = 0; i < 17; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return isBirthDate(s.slice(6, 14)) && s[17] === residentIdCheckCharacter(s);
};

/** Whether `s` is a mainland mobile number: 11 digits, `1` then `3`–`9` (no prefix, no separators). */
export const isMainlandMobile = (s: string): boolean => {
  if (s.length !== 11 || s[0] !== '1') return false;
  const second = s.charCodeAt(1);
  if (second < 51 || second > 57) return false;
  for (let i = 2; i < 11; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
};

/** A resident identity number, checked as {@link isResidentIdNumber} says. */
export const ResidentIdNumber = new t.RefinementType<t.StringC>(
  'ResidentIdNumber (18 characters, GB 11643-1999: a real birth date and the check character)',
  (u): u is string => typeof u === 'string' && isResidentIdNumber(u),
  (u, c) => (typeof u === 'string' && isResidentIdNumber(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
  t.string,
  isResidentIdNumber,
);

/** A mainland mobile number, checked as {@link isMainlandMobile} says. */
export const MainlandMobile = new t.RefinementType<t.StringC>(
  'MainlandMobile (11 digits starting 13–19)',
  (u): u is string => typeof u === 'string' && isMainlandMobile(u),
  (u, c) => (typeof u === 'string' && isMainlandMobile(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
  t.string,
  isMainlandMobile,
);

/** What kind of personal number a text holds. */
export type PersonalNumberKind = 'idNumber' | 'phone';

/**
 * The first personal number in a text, by kind, or `undefined`: a run of exactly 18
 * characters (17 digits and a digit or `X`/`x`) is shaped like a resident ID number, a run of
 * exactly 11 digits starting `1` then `3`–`9` like a mobile number. Runs are bounded by
 * non-digits, so longer numbers (an account, a case number) do not match. A pattern, not a
 * validation: a mistyped ID number in a summary is still an ID number. Scans the string once
 * without copying it.
 */
export const personalNumberIn = (s: string): PersonalNumberKind | undefined => {
  let i = 0;
  while (i < s.length) {
    if (!isDigit(s.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    let length = i - start;
    if (length === 17 && (s[i] === 'X' || s[i] === 'x')) {
      i++;
      length++;
    }
    if (length === 18) return 'idNumber';
    if (length === 11 && s[start] === '1') {
      const second = s.charCodeAt(start + 1);
      if (second >= 51 && second <= 57) return 'phone';
    }
  }
  return undefined;
};

/** The message for free text refused for a personal number in it: names the kind, never the value. */
export const personalNumberInTextMessage = (kind: PersonalNumberKind): string =>
  `holds what looks like a ${kind === 'idNumber' ? 'resident ID number' : 'mobile phone number'} (the value is not shown); ` +
  "free text may not carry personal numbers: put them in a party's pii (phone, idNumber), which is encrypted and can be erased";
