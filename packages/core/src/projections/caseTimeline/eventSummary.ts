import type { CaseEvent, CaseLink } from '../../events/caseEvent.js';
import { type EventDescription, describeEvent } from './eventDescription.js';
import { formatFen } from './formatFen.js';

/**
 * One language's words for timeline lines: a line per kind of {@link EventDescription}, typed
 * over every kind, so that a lifecycle event type the core adds is a type error in each
 * catalogue until it has its line.
 */
export type EventSummaryCatalogue = { readonly [K in EventDescription['type']]: (description: Extract<EventDescription, { readonly type: K }>) => string };

const ROUTING_VERB = { dispatch: 'Dispatched', escalate: 'Escalated', return: 'Returned' } as const;

const LINK_PHRASE = { convertedTo: 'converted to', convertedFrom: 'converted from', sameRequest: 'opened from the same request as' } as const;

/** A link as words, e.g. `converted to mediation case M-2`. */
const linkPhrase = (link: CaseLink): string => `${LINK_PHRASE[link.relation]} ${link.kind} case ${link.caseId}`;

const capitalised = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** The English timeline lines. */
export const ENGLISH_EVENT_SUMMARIES: EventSummaryCatalogue = {
  Submitted: (d) => {
    const claim = d.claimedAmountFen === null ? '' : `, claimed ${formatFen(d.claimedAmountFen)}`;
    const links = d.links.map((link) => `; ${linkPhrase(link)}`).join('');
    return `Submitted through ${d.channel} to ${d.receivingUnit} (${d.receivingLevel}): ${d.category}, ${d.parties} part${d.parties === 1 ? 'y' : 'ies'}${claim}${links}`;
  },
  Reviewed: (d) => (d.decision === 'accepted' ? 'Accepted' : `Rejected: ${d.reason}`),
  Routed: (d) => `${ROUTING_VERB[d.mode]} from ${d.from} (${d.fromLevel}) to ${d.to} (${d.toLevel})`,
  MediationStarted: (d) => `Mediation started on the ${d.track} track at ${d.unit}`,
  Mediated: (d) => {
    if (d.outcome === 'agreement') {
      return `Agreement reached (${d.form}, ${formatFen(d.amountFen)}${d.paymentTerms === null ? '' : `, ${d.paymentTerms.instalments} instalment(s) due ${d.paymentTerms.dueDate}`})`;
    }
    return d.outcome === 'noAgreement' ? 'Mediation ended without agreement' : 'Withdrawn during mediation';
  },
  Notarized: (d) => `Agreement notarized with enforcement effect by ${d.notaryOffice}, certificate ${d.certificateNo}`,
  CallbackRecorded: (d) => {
    const purpose = d.purpose === 'followUp' ? 'Follow-up call-back' : 'Call-back explaining other routes';
    return `${purpose}: ${d.reached ? `reached${d.satisfaction === null ? '' : `, ${d.satisfaction}`}` : 'not reached'}`;
  },
  DeadlineExtended: (d) => `Deadline ${d.rule} extended by ${d.by} ${d.unit}`,
  ClockPaused: (d) => `Deadline ${d.rule} paused (${d.reason})`,
  ClockResumed: (d) => `Deadline ${d.rule} resumed`,
  SupervisionRaised: (d) => `Supervision raised to ${d.level}`,
  CaseLinked: (d) => capitalised(linkPhrase(d)),
  Closed: (d) => `Closed: ${d.outcome}${d.referredTo === null ? '' : `, referred to ${d.referredTo}`}`,
  workflowEvent: (d) => `${d.event}${d.fields.length === 0 ? '' : ` (${d.fields.join(', ')})`}${d.stage === null ? '' : ` → ${d.stage}`}`,
  withheld: () => '(withheld)',
};

/**
 * A timeline line in a catalogue's language.
 *
 * @example
 * summaryIn(ENGLISH_EVENT_SUMMARIES, { type: 'ClockResumed', rule: 'mediation' }) // 'Deadline mediation resumed'
 */
export const summaryIn = (catalogue: EventSummaryCatalogue, description: EventDescription): string => (catalogue[description.type] as (d: EventDescription) => string)(description);

/** A timeline line in English (the lines stored as `summary`). */
export const englishSummary = (description: EventDescription): string => summaryIn(ENGLISH_EVENT_SUMMARIES, description);

/**
 * A one-line English summary of an event for a case timeline. Built from coded values
 * only (channels, units, reasons from the workflow's lists, amounts; see `describeEvent`):
 * never from personal data, and never from free text someone typed (summaries, notes, terms),
 * which may hold names.
 */
export const eventSummary = (event: CaseEvent): string => englishSummary(describeEvent(event));
