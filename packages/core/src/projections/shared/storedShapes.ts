import { CaseLink, Satisfaction } from '../../events/caseEvent.js';
import { aNumber, aString, aStringOrNull, accepted, arrayOf, objectOf, optional, recordOf, type StoredShape } from '../rows/storedJson.js';

/**
 * The shapes the built-in row projections write into their JSON columns, checked when a row is
 * read (`storedJson`): the fields their readers use, by type. Values are not checked further
 * (an instant's format, a code's spelling): the calendar and the reports refuse those themselves.
 */

/** `Counts`: numbers by key. */
export const countsShape: StoredShape = recordOf(aNumber);

const pausedSpanShape = objectOf({ from: aString, to: aString });

/** `ClockFacts`. */
export const clockFactsShape: StoredShape = objectOf({
  amount: aNumber,
  unit: aString,
  startedAt: aString,
  pauses: arrayOf(pausedSpanShape),
  pausedSince: aStringOrNull,
  extendedBy: aNumber,
  stoppedAt: aStringOrNull,
  stopRecordedAt: optional(aString),
});

/** `ClockBook`: clocks by rule id. */
export const clockBookShape: StoredShape = recordOf(clockFactsShape);

/** `RuleLibrary`: rules by workflow, then rule id. */
export const ruleLibraryShape: StoredShape = recordOf(recordOf(objectOf({ label: aString, basis: aString, maxExtension: aNumber })));

/** `LateStoppedClocks`. */
export const lateStoppedClocksShape: StoredShape = objectOf({ caseId: aString, kind: aString, workflowVersion: aNumber, unit: aString, clocks: clockBookShape });

/** `Satisfaction[]` (the event codec's values). */
export const satisfactionsShape: StoredShape = arrayOf(accepted('a satisfaction level', Satisfaction.is));

/** `ClockChange`: what one event did to a case's clocks. */
export const clockChangeShape: StoredShape = objectOf({
  started: optional(arrayOf(objectOf({ rule: aString, amount: aNumber, unit: aString }))),
  stopped: optional(arrayOf(aString)),
  extended: optional(objectOf({ rule: aString, by: aNumber })),
  paused: optional(aString),
  resumed: optional(aString),
});

/** `EventDescription`: an object with its `type` (the rest is passed on as it is). */
export const eventDescriptionShape: StoredShape = objectOf({ type: aString });

/** `PathStop[]`. */
export const pathStopsShape: StoredShape = arrayOf(objectOf({ unit: aString, level: aString, arrivedAt: aString, via: aString, from: aStringOrNull, reason: aStringOrNull }));

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
