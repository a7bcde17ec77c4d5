import { type AnyCaseEvent, type CaseEventData, type CaseEventType, type CaseLink, isLifecycleEvent } from '../../events/caseEvent.js';

/** `Pick` over each member of a union (the keys a member lacks are skipped). */
type PickEach<T, K extends PropertyKey> = T extends unknown ? Pick<T, Extract<K, keyof T>> : never;

/** The description of a lifecycle event of type `K`: its type and the fields `F` of its data. */
type Described<K extends CaseEventType, F extends PropertyKey> = { readonly type: K } & PickEach<CaseEventData<K>, F>;

/**
 * A lifecycle event as a timeline line names it: its type and the coded values of its data
 * (channels, units and levels, categories, amounts in fen, links, decisions and reason codes,
 * routing modes, tracks, outcomes, notary office and certificate number, call-back purpose and
 * answer, rules and extensions, supervision levels). Never personal data, never free text
 * (a request's summary, notes, agreement terms, routing and extension reasons): a `Submitted`
 * keeps only how many parties it names.
 */
export type LifecycleEventDescription =
  | (Described<'Submitted', 'channel' | 'receivingUnit' | 'receivingLevel' | 'category' | 'claimedAmountFen'> & { readonly parties: number; readonly links: readonly CaseLink[] })
  | Described<'Reviewed', 'decision' | 'reason'>
  | Described<'Routed', 'mode' | 'from' | 'fromLevel' | 'to' | 'toLevel'>
  | Described<'MediationStarted', 'track' | 'unit'>
  | Described<'Mediated', 'outcome' | 'form' | 'amountFen' | 'paymentTerms'>
  | Described<'Notarized', 'notaryOffice' | 'certificateNo'>
  | Described<'CallbackRecorded', 'purpose' | 'reached' | 'satisfaction'>
  | Described<'DeadlineExtended', 'rule' | 'by' | 'unit'>
  | Described<'ClockPaused', 'rule' | 'reason'>
  | Described<'ClockResumed', 'rule'>
  | Described<'SupervisionRaised', 'level'>
  | Described<'CaseLinked', 'caseId' | 'kind' | 'relation'>
  | Described<'Closed', 'outcome' | 'referredTo'>;

/**
 * An event a workflow defines, as a timeline line names it: its type, the names of the fields
 * it recorded (not their values, which may be free text or personal data) and the stage it led to.
 */
export interface WorkflowEventDescription {
  readonly type: 'workflowEvent';
  readonly event: string;
  readonly fields: readonly string[];
  readonly stage: string | null;
}

/** What stands in for the description of a line its reader may not see (see `scopeCaseTimelines`). */
export interface WithheldDescription {
  readonly type: 'withheld';
}

/**
 * A timeline line in no language: what happened, as the event type and coded values, turned
 * into words where the language is known (`eventSummary` in English; `eventSummaryText` of
 * @casefold/dashboard in zh-CN and en). Plain JSON.
 */
export type EventDescription = LifecycleEventDescription | WorkflowEventDescription | WithheldDescription;

/** The description of a line withheld from its reader. */
export const WITHHELD_DESCRIPTION: WithheldDescription = { type: 'withheld' };

/**
 * The description of an event for a case timeline: the coded values only (see
 * {@link LifecycleEventDescription}, {@link WorkflowEventDescription}).
 *
 * @example
 * describeEvent(reviewed) // { type: 'Reviewed', decision: 'rejected', reason: 'outOfArea' }
 */
export const describeEvent = (event: AnyCaseEvent): LifecycleEventDescription | WorkflowEventDescription => {
  if (!isLifecycleEvent(event)) return { type: 'workflowEvent', event: event.type, fields: Object.keys(event.data), stage: event.meta.stage ?? null };
  switch (event.type) {
    case 'Submitted': {
      const { channel, receivingUnit, receivingLevel, category, claimedAmountFen, parties, links } = event.data;
      return {
        type: event.type,
        channel,
        receivingUnit,
        receivingLevel,
        category,
        claimedAmountFen,
        parties: parties.length,
        links: (links ?? []).map(({ caseId, kind, relation }) => ({ caseId, kind, relation })),
      };
    }
    case 'Reviewed':
      return event.data.decision === 'accepted' ? { type: event.type, decision: 'accepted' } : { type: event.type, decision: 'rejected', reason: event.data.reason };
    case 'Routed': {
      const { mode, from, fromLevel, to, toLevel } = event.data;
      return { type: event.type, mode, from, fromLevel, to, toLevel };
    }
    case 'MediationStarted':
      return { type: event.type, track: event.data.track, unit: event.data.unit };
    case 'Mediated': {
      const d = event.data;
      if (d.outcome !== 'agreement') return { type: event.type, outcome: d.outcome };
      return {
        type: event.type,
        outcome: d.outcome,
        form: d.form,
        amountFen: d.amountFen,
        paymentTerms: d.paymentTerms === null ? null : { dueDate: d.paymentTerms.dueDate, instalments: d.paymentTerms.instalments },
      };
    }
    case 'Notarized':
      return { type: event.type, notaryOffice: event.data.notaryOffice, certificateNo: event.data.certificateNo };
    case 'CallbackRecorded':
      return { type: event.type, purpose: event.data.purpose, reached: event.data.reached, satisfaction: event.data.satisfaction };
    case 'DeadlineExtended':
      return { type: event.type, rule: event.data.rule, by: event.data.by, unit: event.data.unit };
    case 'ClockPaused':
      return { type: event.type, rule: event.data.rule, reason: event.data.reason };
    case 'ClockResumed':
      return { type: event.type, rule: event.data.rule };
    case 'SupervisionRaised':
      return { type: event.type, level: event.data.level };
    case 'CaseLinked':
      return { type: event.type, caseId: event.data.caseId, kind: event.data.kind, relation: event.data.relation };
    case 'Closed':
      return { type: event.type, outcome: event.data.outcome, referredTo: event.data.referredTo };
  }
};
