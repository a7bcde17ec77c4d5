import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { formatDecodeErrors, type FieldError } from '../values/decodeErrors.js';
import { Id, Instant, PositiveInt, WellFormedString, instantFromMillis, instantMillis, oneOf } from '../values/values.js';

/**
 * Retention classes of government records (National Archives Administration Order No. 8,
 * 2006: permanent, 30 years, 10 years), and `local`: a period the organ's own approved
 * schedule sets (档案法实施条例 Art 19), e.g. for mediation files, which have no national period.
 */
export const RetentionClass = oneOf(['permanent', 'y30', 'y10', 'local'], 'RetentionClass');
export type RetentionClass = t.TypeOf<typeof RetentionClass>;

/** How long a case kind's files are kept after the case closed, and on what basis. */
export const RetentionRule = t.type({ class: RetentionClass, years: t.union([PositiveInt, t.null]), basis: WellFormedString }, 'RetentionRule');
export type RetentionRule = t.TypeOf<typeof RetentionRule>;

/** The retention rule of each case kind, by workflow id. */
export type RetentionSchedule = Readonly<Record<string, RetentionRule>>;

const YEARS_OF_CLASS: Readonly<Record<RetentionClass, number | null | 'given'>> = { permanent: null, y30: 30, y10: 10, local: 'given' };

/** The problems of one rule: the years must be those of its class (none for `permanent`, given for `local`). */
export const retentionRuleProblems = (kind: string, rule: RetentionRule): FieldError[] => {
  const years = YEARS_OF_CLASS[rule.class];
  const path = `${kind}.years`;
  if (years === 'given') return rule.years === null ? [{ path, message: `a 'local' retention rule needs the years the organ's approved schedule sets, got null` }] : [];
  if (rule.years !== years)
    return [{ path, message: `class '${rule.class}' keeps files ${years === null ? 'for ever: years must be null' : `${years} years: years must be ${years}`}, got ${rule.years}` }];
  return [];
};

/**
 * Checks a retention schedule given as data: each key a case kind (a workflow id), each
 * value a {@link RetentionRule} whose years fit its class. Every problem is named.
 */
export const checkRetentionSchedule = (input: unknown): E.Either<readonly FieldError[], RetentionSchedule> => {
  const decoded = t.record(Id, RetentionRule).decode(input);
  if (E.isLeft(decoded)) return E.left(formatDecodeErrors(decoded.left));
  const problems = Object.entries(decoded.right).flatMap(([kind, rule]) => retentionRuleProblems(kind, rule));
  return problems.length === 0 ? E.right(decoded.right) : E.left(problems);
};

/**
 * Defaults for the shipped case kinds, each with its basis. No national retention period
 * exists for mediation or petition files (DOMAIN.md §8.2): these are starting points to be
 * replaced by the organ's approved schedule (档案法实施条例 Art 19).
 */
export const shippedRetentionSchedule: RetentionSchedule = {
  mediation: { class: 'local', years: 10, basis: '人民调解法 Art 27 (a case file is kept; no national period): 10 years until the local schedule says otherwise' },
  petition: { class: 'y30', years: 30, basis: 'No petition-specific period found: National Archives Administration Order No. 8 (2006), class 30 years, until the approved schedule says otherwise' },
  gridEvent: { class: 'y10', years: 10, basis: 'National Archives Administration Order No. 8 (2006), class 10 years: routine grid events' },
  legalConsultation: { class: 'y10', years: 10, basis: 'National Archives Administration Order No. 8 (2006), class 10 years: consultation records' },
  legalAid: { class: 'y30', years: 30, basis: 'National Archives Administration Order No. 8 (2006), class 30 years: legal-aid case files' },
};

/**
 * When files closed at `closedAt` may be disposed of under `rule`: the same instant `years`
 * later (a 29 February closing ends on 1 March of a common year); `null` when kept for ever
 * (class `permanent`, whatever its years say: check rules with {@link checkRetentionSchedule}).
 */
export const retentionExpiresAt = (rule: RetentionRule, closedAt: Instant): Instant | null => {
  if (rule.class === 'permanent' || rule.years === null) return null;
  const closed = new Date(instantMillis(closedAt));
  closed.setUTCFullYear(closed.getUTCFullYear() + rule.years);
  return instantFromMillis(closed.getTime());
};
