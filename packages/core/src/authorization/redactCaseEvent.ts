import type { AnyCaseEvent } from '../events/caseEvent.js';
import type { CasePart } from './casePart.js';

/** A field's value withheld from the reader. */
export const WITHHELD_VALUE = { withheld: true } as const;

/** The lifecycle fields that hold what the requester or staff typed, shown with the `summary` part. */
const FREE_TEXT: ReadonlySet<string> = new Set(['summary', 'note', 'reason', 'terms', 'explanation']);

/**
 * The lifecycle events whose data says where the case stands (seen with the `case`); the
 * data of every other event (an agreement, a notarization, a call-back, a workflow's own
 * events: letters, findings) is a `document`.
 */
const WHERE_IT_STANDS: ReadonlySet<string> = new Set([
  'Submitted',
  'Reviewed',
  'Routed',
  'MediationStarted',
  'DeadlineExtended',
  'ClockPaused',
  'ClockResumed',
  'SupervisionRaised',
  'CaseLinked',
  'Closed',
]);

/**
 * A case event as a reader who sees `parts` of its case may read it, for exports and
 * scoped histories (a view: its hash no longer matches the stored event, so it is not
 * evidence): the submission's summary and other free text only with `summary`, its parties
 * only with `parties` (their `pii` only with `personalData`), a workflow's own events' data
 * only with `documents`; each withheld value reads {@link WITHHELD_VALUE}. `null` when the
 * reader may not see the case at all. Pure; the event is not changed.
 */
export const redactCaseEvent = (event: AnyCaseEvent, parts: ReadonlySet<CasePart>): Readonly<Record<string, unknown>> | null => {
  if (!parts.has('case')) return null;
  const dataPart: CasePart = WHERE_IT_STANDS.has(event.type) ? 'case' : 'documents';
  if (!parts.has(dataPart)) return { ...event, data: WITHHELD_VALUE };
  const data: Record<string, unknown> = { ...(event.data as Record<string, unknown>) };
  for (const field of Object.keys(data)) if (FREE_TEXT.has(field) && !parts.has('summary')) data[field] = WITHHELD_VALUE;
  if (Array.isArray(data['parties'])) {
    data['parties'] = parts.has('parties')
      ? (data['parties'] as readonly Record<string, unknown>[]).map((party) => (parts.has('personalData') ? party : { ...party, pii: WITHHELD_VALUE }))
      : WITHHELD_VALUE;
  }
  return { ...event, data };
};
