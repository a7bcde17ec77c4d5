import type { CaseEvent, CaseLink, WorkflowEvent } from '../../events/caseEvent.js';
import { formatFen } from './formatFen.js';

const ROUTING_VERB = { dispatch: 'Dispatched', escalate: 'Escalated', return: 'Returned' } as const;

const LINK_PHRASE = { convertedTo: 'converted to', convertedFrom: 'converted from', sameRequest: 'opened from the same request as' } as const;

/** A link as words, e.g. `converted to mediation case M-2`. */
const linkPhrase = (link: CaseLink): string => `${LINK_PHRASE[link.relation]} ${link.kind} case ${link.caseId}`;

const capitalised = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/**
 * A one-line English summary of an event for a case timeline. Built from coded values
 * only (channels, units, reasons from the workflow's lists, amounts): never from personal
 * data, and never from free text someone typed (summaries, notes, terms), which may hold
 * names.
 */
export const eventSummary = (event: CaseEvent): string => {
  switch (event.type) {
    case 'Submitted': {
      const d = event.data;
      const claim = d.claimedAmountFen === null ? '' : `, claimed ${formatFen(d.claimedAmountFen)}`;
      const links = (d.links ?? []).map((link) => `; ${linkPhrase(link)}`).join('');
      return `Submitted through ${d.channel} to ${d.receivingUnit} (${d.receivingLevel}): ${d.category}, ${d.parties.length} part${d.parties.length === 1 ? 'y' : 'ies'}${claim}${links}`;
    }
    case 'Reviewed':
      return event.data.decision === 'accepted' ? 'Accepted' : `Rejected: ${event.data.reason}`;
    case 'Routed': {
      const d = event.data;
      return `${ROUTING_VERB[d.mode]} from ${d.from} (${d.fromLevel}) to ${d.to} (${d.toLevel})`;
    }
    case 'MediationStarted':
      return `Mediation started on the ${event.data.track} track at ${event.data.unit}`;
    case 'Mediated': {
      const d = event.data;
      if (d.outcome === 'agreement') {
        return `Agreement reached (${d.form}, ${formatFen(d.amountFen)}${d.paymentTerms === null ? '' : `, ${d.paymentTerms.instalments} instalment(s) due ${d.paymentTerms.dueDate}`})`;
      }
      return d.outcome === 'noAgreement' ? 'Mediation ended without agreement' : 'Withdrawn during mediation';
    }
    case 'Notarized':
      return `Agreement notarized with enforcement effect by ${event.data.notaryOffice}, certificate ${event.data.certificateNo}`;
    case 'CallbackRecorded': {
      const d = event.data;
      const purpose = d.purpose === 'followUp' ? 'Follow-up call-back' : 'Call-back explaining other routes';
      return `${purpose}: ${d.reached ? `reached${d.satisfaction === null ? '' : `, ${d.satisfaction}`}` : 'not reached'}`;
    }
    case 'DeadlineExtended':
      return `Deadline ${event.data.rule} extended by ${event.data.by} ${event.data.unit}`;
    case 'ClockPaused':
      return `Deadline ${event.data.rule} paused (${event.data.reason})`;
    case 'ClockResumed':
      return `Deadline ${event.data.rule} resumed`;
    case 'SupervisionRaised':
      return `Supervision raised to ${event.data.level}`;
    case 'CaseLinked':
      return capitalised(linkPhrase(event.data));
    case 'Closed': {
      const d = event.data;
      return `Closed: ${d.outcome}${d.referredTo === null ? '' : `, referred to ${d.referredTo}`}`;
    }
  }
};

/**
 * A one-line summary of an event a workflow defines: its type, the fields it recorded (by
 * name only: their values may be free text or personal data) and the stage it led to.
 */
export const workflowEventSummary = (event: WorkflowEvent): string => {
  const fields = Object.keys(event.data);
  return `${event.type}${fields.length === 0 ? '' : ` (${fields.join(', ')})`}${event.meta.stage === undefined ? '' : ` → ${event.meta.stage}`}`;
};
