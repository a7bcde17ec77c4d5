import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnyCaseEvent, CASE_EVENT_TYPES, type CaseEvent, type Envelope, type WorkflowEvent, describeEvent, englishSummary, eventSummary, isLifecycleEvent } from '@casefold/core';
import { PII_MARKER, personalDataOf } from '@casefold/core/testing';
import { caseTimelineProjection, formatFen } from '../../src/projections/index.js';
import { entriesIn } from '../../src/projections/shared/shardedRecord.js';
import { fourCentres } from './fourCentres.js';
import { mixedStores } from './mixedStores.js';
import { project, storeOf } from './project.js';

/*
 * The released summaries (eventSummary and workflowEventSummary of caseTimeline version 3, as
 * they were before the lines had descriptions), kept verbatim as the oracle: the English line
 * of a description must stay the same bytes.
 */
const ROUTING_VERB = { dispatch: 'Dispatched', escalate: 'Escalated', return: 'Returned' } as const;
const LINK_PHRASE = { convertedTo: 'converted to', convertedFrom: 'converted from', sameRequest: 'opened from the same request as' } as const;
const linkPhrase = (link: Omit<Extract<CaseEvent, { type: 'CaseLinked' }>['data'], 'note'>): string => `${LINK_PHRASE[link.relation]} ${link.kind} case ${link.caseId}`;
const capitalised = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
const releasedEventSummary = (event: CaseEvent): string => {
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
const releasedWorkflowEventSummary = (event: WorkflowEvent): string => {
  const fields = Object.keys(event.data);
  return `${event.type}${fields.length === 0 ? '' : ` (${fields.join(', ')})`}${event.meta.stage === undefined ? '' : ` → ${event.meta.stage}`}`;
};
const releasedSummary = (event: AnyCaseEvent): string => (isLifecycleEvent(event) ? releasedEventSummary(event) : releasedWorkflowEventSummary(event));

describe('timeline lines: a description in no language, and its English words', () => {
  it('for all events of every shipped kind: the English line of its description is the released summary, byte for byte, and is what the timeline stores beside it', () => {
    const seen = new Set<string>();
    const check = (envelopes: readonly Envelope<AnyCaseEvent>[], personal: readonly string[]) => {
      const state = project(caseTimelineProjection, envelopes);
      const entries = entriesIn(state.cases).flatMap(([, record]) => record.entries);
      expect(entries).toHaveLength(envelopes.length);
      for (const { event } of envelopes) {
        seen.add(isLifecycleEvent(event) ? event.type : 'workflowEvent');
        // When the event is described and the description said in English
        const description = describeEvent(event);
        // Then it reads as the released summary did
        expect(englishSummary(description), event.type).toBe(releasedSummary(event));
        if (isLifecycleEvent(event)) expect(eventSummary(event)).toBe(releasedEventSummary(event));
        // and holds no personal data
        const json = JSON.stringify(description);
        expect(json.includes(PII_MARKER)).toBe(false);
        expect(personal.filter((value) => json.includes(value))).toEqual([]);
      }
      // and each stored line is its description's English line
      for (const entry of entries) expect(entry.summary).toBe(englishSummary(entry.description));
    };
    // Given the four centres (a conversion, a kind's own events) and random stores of every shipped kind
    check(storeOf(...fourCentres), []);
    fc.assert(
      fc.property(mixedStores, (store) => check(store.envelopes, personalDataOf(store))),
      { numRuns: 300 },
    );
    // Every lifecycle event type, and a workflow's own events, were among them
    expect([...seen].sort()).toEqual([...CASE_EVENT_TYPES, 'workflowEvent'].sort());
  });
});
