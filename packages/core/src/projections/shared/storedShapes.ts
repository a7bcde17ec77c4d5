import { CaseLink, Satisfaction } from '../../events/caseEvent.js';
import { aNumber, aString, aStringOrNull, accepted, anInstant, anInstantOrNull, arrayOf, fastShape, isInstantText, objectOf, optional, recordOf, type StoredShape } from '../rows/storedJson.js';

/**
 * The shapes the built-in row projections write into their JSON columns, checked when a row is
 * read (`storedJson`): the fields their readers use, by type, and the instants their readers compute
 * with (a clock's times and pauses, a path's arrivals) by format too: a stopped clock whose stop is
 * not an instant would otherwise be judged silently, wrongly, in the figures. Other values are not
 * checked further (a code's spelling): the reports show them as stored.
 */

/** `Counts`: numbers by key. */
export const countsShape: StoredShape = recordOf(aNumber);

const pausedSpanShape = objectOf({ from: anInstant, to: anInstant });

/** Whether `value` is a `ClockFacts` (as `clockFactsShape` checks it, written out: it runs for every clock of every row read). */
const isClockFacts = (value: unknown): boolean => {
  if (typeof value !== 'object' || value === null) return false;
  const clock = value as Readonly<Record<string, unknown>>;
  const { pauses, pausedSince, stoppedAt, stopRecordedAt } = clock;
  if (typeof clock['amount'] !== 'number' || typeof clock['unit'] !== 'string' || !isInstantText(clock['startedAt']) || typeof clock['extendedBy'] !== 'number') return false;
  if ((pausedSince !== null && !isInstantText(pausedSince)) || (stoppedAt !== null && !isInstantText(stoppedAt)) || (stopRecordedAt !== undefined && !isInstantText(stopRecordedAt))) return false;
  if (!Array.isArray(pauses)) return false;
  for (const pause of pauses as readonly unknown[]) {
    if (typeof pause !== 'object' || pause === null) return false;
    const { from, to } = pause as Readonly<Record<string, unknown>>;
    if (!isInstantText(from) || !isInstantText(to)) return false;
  }
  return true;
};

/** `ClockFacts`. */
export const clockFactsShape: StoredShape = fastShape(
  objectOf({
    amount: aNumber,
    unit: aString,
    startedAt: anInstant,
    pauses: arrayOf(pausedSpanShape),
    pausedSince: anInstantOrNull,
    extendedBy: aNumber,
    stoppedAt: anInstantOrNull,
    stopRecordedAt: optional(anInstant),
  }),
  isClockFacts,
);

/** `ClockBook`: clocks by rule id. */
export const clockBookShape: StoredShape = recordOf(clockFactsShape);

/** `RuleLibrary`: rules by workflow, then rule id. */
export const ruleLibraryShape: StoredShape = recordOf(recordOf(objectOf({ label: aString, basis: aString, maxExtension: aNumber })));

/** `LateStoppedClocks`. */
export const lateStoppedClocksShape: StoredShape = objectOf({ caseId: aString, kind: aString, workflowVersion: aNumber, unit: aString, clocks: clockBookShape });

/** `Satisfaction[]` (the event codec's values). */
export const satisfactionsShape: StoredShape = arrayOf(accepted('a satisfaction level', Satisfaction.is));

/** Whether `value` is a `ClockChange` (as `clockChangeShape` checks it, written out: it runs for every event row of a timeline read). */
const isClockChange = (value: unknown): boolean => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { started, stopped, extended, paused, resumed } = value as Readonly<Record<string, unknown>>;
  if ((paused !== undefined && typeof paused !== 'string') || (resumed !== undefined && typeof resumed !== 'string')) return false;
  if (started !== undefined) {
    if (!Array.isArray(started)) return false;
    for (const clock of started as readonly unknown[]) {
      if (typeof clock !== 'object' || clock === null) return false;
      const { rule, amount, unit } = clock as Readonly<Record<string, unknown>>;
      if (typeof rule !== 'string' || typeof amount !== 'number' || typeof unit !== 'string') return false;
    }
  }
  if (stopped !== undefined) {
    if (!Array.isArray(stopped)) return false;
    for (const rule of stopped as readonly unknown[]) if (typeof rule !== 'string') return false;
  }
  if (extended !== undefined) {
    if (typeof extended !== 'object' || extended === null) return false;
    const { rule, by } = extended as Readonly<Record<string, unknown>>;
    if (typeof rule !== 'string' || typeof by !== 'number') return false;
  }
  return true;
};

/** `ClockChange`: what one event did to a case's clocks. */
export const clockChangeShape: StoredShape = fastShape(
  objectOf({
    started: optional(arrayOf(objectOf({ rule: aString, amount: aNumber, unit: aString }))),
    stopped: optional(arrayOf(aString)),
    extended: optional(objectOf({ rule: aString, by: aNumber })),
    paused: optional(aString),
    resumed: optional(aString),
  }),
  isClockChange,
);

/** `EventDescription`: an object with its `type` (the rest is passed on as it is). */
export const eventDescriptionShape: StoredShape = fastShape(
  objectOf({ type: aString }),
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { readonly type?: unknown }).type === 'string',
);

/** `PathStop[]`. */
export const pathStopsShape: StoredShape = arrayOf(objectOf({ unit: aString, level: aString, arrivedAt: anInstant, via: aString, from: aStringOrNull, reason: aStringOrNull }));

/** `CaseLink[]` (the event codec's). */
export const caseLinksShape: StoredShape = arrayOf(accepted('a case link ({ caseId, kind, relation })', CaseLink.is));

/** `ResolutionTotals` by sub-district. */
export const resolutionTotalsByGroupShape: StoredShape = recordOf(
  objectOf({
    cases: aNumber,
    closed: aNumber,
    converted: aNumber,
    settled: aNumber,
    settledByLevel: countsShape,
    casesEscalated: aNumber,
    escalations: aNumber,
    escalationsByStep: countsShape,
  }),
);
