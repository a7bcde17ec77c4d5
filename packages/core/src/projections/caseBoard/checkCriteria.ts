import { PUBLIC_STATUSES, type PublicStatus } from '../../status/publicStatus.js';
import { ReportInputError } from '../shared/reportInputError.js';
import { shownValue } from '../../values/shownValue.js';

/** What one option of a query builder must be, and what leaving it out means. */
export interface CriterionRule {
  /** Whether `value` (never `undefined`) is acceptable. */
  readonly fits: (value: unknown) => boolean;
  /** What the value must be, for the refusal: `text (a unit id)`. */
  readonly expected: string;
  /** What leaving the option out does (`select every unit`), or `null` when it must be given. */
  readonly absent: string | null;
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Text (an id, a kind, a stage); `absent` says what leaving it out does. */
export const textRule = (what: string, absent: string | null): CriterionRule => ({ fits: (value) => typeof value === 'string', expected: `text (${what})`, absent });

/** `true` or `false`, not the text `"false"`. */
export const booleanRule = (absent: string): CriterionRule => ({ fits: (value) => typeof value === 'boolean', expected: 'true or false (a boolean, not text)', absent });

/** One of the public statuses. */
export const statusRule: CriterionRule = {
  fits: (value) => PUBLIC_STATUSES.includes(value as PublicStatus),
  expected: `one of the public statuses ${PUBLIC_STATUSES.map((s) => JSON.stringify(s)).join(', ')}`,
  absent: 'select every status',
};

/** A page size: a whole number of 1 or more (the row store refuses more than its largest page). */
export const limitRule = (absent: string | null): CriterionRule => ({ fits: (value) => Number.isSafeInteger(value) && (value as number) >= 1, expected: 'a whole number of rows, 1 or more', absent });

/** `'asc'` or `'desc'`. */
export const directionRule: CriterionRule = { fits: (value) => value === 'asc' || value === 'desc', expected: "'asc' or 'desc'", absent: "sort ascending ('asc')" };

/** A page's `next`: a list of values. */
export const cursorRule: CriterionRule = { fits: Array.isArray, expected: "the 'next' of a page of the same query (a list of values)", absent: 'start at the first page' };

/**
 * Checks a query builder's options against its rules: an object; every option present has a value
 * that fits (an option given `undefined` is refused, not read as absent: `{ unit: request.unit }`
 * with no unit in the request would otherwise select every unit); a required option is present.
 * Options the rules do not name are left alone.
 *
 * @param builder The builder's name, for the refusal (`caseBoardQuery`).
 * @throws ReportInputError naming the builder and option, what it must be and what was given.
 */
export const checkCriteria = (builder: string, options: unknown, rules: Readonly<Record<string, CriterionRule>>): void => {
  if (!isRecord(options)) throw new ReportInputError(builder, `its options must be an object, got ${Array.isArray(options) ? 'a list' : shownValue(options)}`);
  for (const [name, rule] of Object.entries(rules)) {
    const field = `${builder}: ${name}`;
    if (!Object.hasOwn(options, name)) {
      if (rule.absent === null) throw new ReportInputError(field, `is missing; give ${rule.expected}`);
      continue;
    }
    const value = options[name];
    if (value === undefined) {
      throw new ReportInputError(field, `is undefined; give ${rule.expected}${rule.absent === null ? '' : `, or leave ${name} out to ${rule.absent}`}`);
    }
    if (!rule.fits(value)) throw new ReportInputError(field, `must be ${rule.expected}, got ${shownValue(value)}`);
  }
};

/** Checks one positional argument of a query builder (a case id, a kind): present and fitting its rule. */
export const checkArgument = (builder: string, name: string, value: unknown, rule: CriterionRule): void => checkCriteria(builder, { [name]: value }, { [name]: { ...rule, absent: null } });
