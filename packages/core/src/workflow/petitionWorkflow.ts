import * as t from 'io-ts';
import { Id, PositiveInt, Text, oneOf } from '../values/values.js';
import { type DeadlineRule, type EventMatch, type Guard, defineWorkflow } from './workflow.js';

/*
 * The petition matter (信访事项) under the 信访工作条例 (2022), docs/domain.md §3b, rules P1–P16;
 * docs/petition-workflow.md says how each rule is implemented and which are left out.
 */

/** The open stages, where supervision (督办, P16) may be raised. */
const OPEN = [
  'received',
  'registered',
  'routed',
  'objected',
  'accepted',
  'underHandling',
  'rejected',
  'redirected',
  'routedToProcedure',
  'opinionIssued',
  'reviewRequested',
  'reviewDecided',
  'reReviewRequested',
  'answered',
  'accusationConcluded',
  'final',
];

/** The legal procedures a grievance is sent into (Art 31(1)–(5)). */
const PROCEDURES = ['litigation', 'arbitration', 'partyAppeal', 'adminReview', 'adminDecision', 'enforcementDuty'] as const;

/** The name of the set of matter keys that reached finality, which the embedding system looks up (`DecisionContext.known`). */
export const FINAL_PETITION_MATTERS = 'finalPetitionMatters';
/** The name of the set of matter keys being handled by some organ right now. */
export const OPEN_PETITION_MATTERS = 'openPetitionMatters';

const closed: EventMatch = { type: 'Closed' };
const dispatched: EventMatch = { type: 'Routed', field: 'mode', equals: 'dispatch' };
const returned: EventMatch = { type: 'Routed', field: 'mode', equals: 'return' };

/** A 信访工作条例 deadline in calendar days (the regulation says 日; whether holidays are skipped is configurable, docs/domain.md §2). */
const days = (rule: Omit<DeadlineRule, 'unit' | 'maxExtension'> & { readonly maxExtension?: number }): DeadlineRule => ({ unit: 'calendarDays', maxExtension: 0, ...rule });

/** The deadlines of a petition, each with its article. */
const DEADLINES: readonly DeadlineRule[] = [
  days({
    id: 'transfer',
    label: 'Transfer or assign the registered matter to the competent organ (转送、交办)',
    basis: '信访工作条例 Art 22: within 15 days of receipt',
    amount: 15,
    startsOn: { type: 'PetitionRegistered' },
    stopsOn: [dispatched, { type: 'Reviewed' }, { type: 'PetitionerRedirected' }, closed],
  }),
  days({
    id: 'receiptNotice.direct',
    label: 'Tell the petitioner in writing whether the matter is accepted (direct petition)',
    basis: '信访工作条例 Art 23 para 2: on the spot, or in writing within 15 days',
    amount: 15,
    startsOn: { type: 'PetitionRegistered' },
    stopsOn: [{ type: 'ReceiptNoticeSent' }, dispatched, { type: 'PetitionerRedirected' }, closed],
  }),
  days({
    id: 'receiptNotice.transferred',
    label: 'Tell the petitioner in writing whether the transferred matter is accepted',
    basis: '信访工作条例 Art 23 para 3: within 15 days of receiving a transferred or assigned matter',
    amount: 15,
    startsOn: dispatched,
    stopsOn: [{ type: 'ReceiptNoticeSent' }, { type: 'JurisdictionObjected' }, { type: 'PetitionerRedirected' }, returned, closed],
  }),
  {
    id: 'objection',
    label: 'Object to a transferred matter outside the organ’s remit',
    basis: '信访工作条例 Art 23 para 3: within 5 working days of receipt',
    amount: 5,
    unit: 'workingDays',
    startsOn: dispatched,
    stopsOn: [{ type: 'JurisdictionObjected' }, { type: 'Reviewed' }, { type: 'PetitionerRedirected' }, returned, closed],
    maxExtension: 0,
  },
  days({
    id: 'handling',
    label: 'Handle the grievance and serve the written opinion (办理期限)',
    basis: '信访工作条例 Art 34: 60 days from acceptance; up to 30 more with the approval of the head of the organ, the reason told to the petitioner',
    amount: 60,
    startsOn: { type: 'Reviewed', field: 'decision', equals: 'accepted' },
    stopsOn: [{ type: 'DecisionLetterServed' }, { type: 'RoutedToProcedure' }, closed],
    categories: ['grievance'],
    maxExtension: 30,
  }),
  days({
    id: 'reviewWindow',
    label: 'The petitioner may ask for a review (the opinion stands after this window)',
    basis: '信访工作条例 Art 35: within 30 days of receiving the written opinion',
    amount: 30,
    startsOn: { type: 'DecisionLetterServed' },
    stopsOn: [{ type: 'ReviewRequested' }, { type: 'AppealWindowExpired' }, closed],
  }),
  days({
    id: 'review',
    label: 'The organ one level up decides the review (复查)',
    basis: '信访工作条例 Art 35: within 30 days of receiving the request',
    amount: 30,
    startsOn: { type: 'ReviewRequested' },
    stopsOn: [{ type: 'ReviewDecided' }, closed],
  }),
  days({
    id: 'reReviewWindow',
    label: 'The petitioner may ask for a re-review (the review stands after this window)',
    basis: '信访工作条例 Art 36: within 30 days of receiving the review opinion',
    amount: 30,
    startsOn: { type: 'ReviewDecided' },
    stopsOn: [{ type: 'ReReviewRequested' }, { type: 'AppealWindowExpired' }, closed],
  }),
  days({
    id: 'reReview',
    label: 'The organ above the reviewing organ decides the re-review (复核); hearing time excluded',
    basis: '信访工作条例 Art 36: within 30 days of receiving the request; time spent on a hearing is not counted',
    amount: 30,
    startsOn: { type: 'ReReviewRequested' },
    stopsOn: [{ type: 'ReReviewDecided' }, closed],
  }),
];

/** A guard that lets a command through only for one petition class (the case's category). */
const onlyFor = (id: string, commands: readonly string[], category: string, code: string, message: string): Guard => ({
  id,
  commands,
  require: { compare: [{ path: 'state.category' }, '==', { value: category }] },
  rejection: { code, message },
});

/**
 * A petition matter (信访事项) under the 信访工作条例 (2022), docs/domain.md §3b: received
 * through the web, a letter, a phone call, a fax or a visit and registered with its matter key
 * (a group visit sends at most 5 representatives); transferred or assigned within 15 days;
 * accepted or not with a written notice within 15 days, objected to within 5 working days, or
 * the petitioner redirected; a grievance handled within 60 days (+30 with the head of the
 * organ's approval, the reason told) into a decision letter (support, explain, not support) or
 * sent into a legal procedure; review and re-review, each asked within 30 days and decided
 * within 30 (a re-review's hearing time excluded); finality, after which no organ accepts the
 * same matter again (a guard across cases, on `known.finalPetitionMatters`); aftercare;
 * supervision. The petition's class is its category: `grievance` (申诉求决), `suggestion`
 * (建议意见, answered) or `accusation` (检举控告, whose material is recorded as never to be shown
 * to the person accused).
 */
export const petitionWorkflow = defineWorkflow({
  id: 'petition',
  version: 1,
  title: 'Petition matter (信访事项, 信访工作条例 2022)',
  stages: [
    { id: 'received', label: '来信来访', status: 'unreviewed' },
    { id: 'registered', label: '已登记', status: 'unreviewed' },
    { id: 'routed', label: '已转送/交办', status: 'unreviewed' },
    { id: 'objected', label: '有异议', status: 'unreviewed' },
    { id: 'redirected', label: '告知向有权机关提出', status: 'rejected' },
    { id: 'rejected', label: '不予受理', status: 'rejected' },
    { id: 'accepted', label: '已受理', status: 'pending' },
    { id: 'underHandling', label: '办理中', status: 'pending' },
    { id: 'routedToProcedure', label: '导入法定程序', status: 'handled' },
    { id: 'opinionIssued', label: '已出具处理意见', status: 'handled' },
    { id: 'reviewRequested', label: '复查中', status: 'pending' },
    { id: 'reviewDecided', label: '已复查', status: 'handled' },
    { id: 'reReviewRequested', label: '复核中', status: 'pending' },
    { id: 'answered', label: '建议已答复', status: 'handled' },
    { id: 'accusationConcluded', label: '检举控告已办结', status: 'handled' },
    { id: 'final', label: '终结', status: 'handled' },
    { id: 'convertedToMediation', label: '转人民调解（访调对接）', status: 'handled' },
    { id: 'closed', label: '结案', status: { byOutcome: { rejected: 'rejected' }, otherwise: 'handled' }, terminal: true },
  ],
  roles: [
    { id: 'petitioner', label: '信访人', scope: 'citizen' },
    { id: 'petitionOfficer', label: '信访工作人员', scope: 'staff' },
    { id: 'handlingOfficer', label: '承办人', scope: 'staff' },
    { id: 'headOfOrgan', label: '机关负责人', scope: 'staff' },
    { id: 'reviewOfficer', label: '复查复核人员', scope: 'staff' },
    { id: 'communityWorker', label: '社区工作者', scope: 'staff' },
    { id: 'intakeClerk', label: '综治中心受理员（一窗受理）', scope: 'staff' },
  ],
  commands: {
    RegisterPetition: {
      payload: {
        /** The matter's identity across cases and organs (same facts and reasons, same key): finality is checked on it. */
        matterKey: Id,
        /** How many people present the matter in person (a group visit sends at most 5, Art 20). */
        representatives: PositiveInt,
        /** Whether the material is marked never to be shown to the person accused (required for accusations, Art 30). */
        materialWithheldFromAccused: t.boolean,
      },
      emits: 'PetitionRegistered',
      label: '登记',
    },
    SendReceiptNotice: { payload: { form: oneOf(['onTheSpot', 'written'], 'NoticeForm') }, emits: 'ReceiptNoticeSent', label: '告知受理情况' },
    ObjectToJurisdiction: { payload: { reason: Text }, emits: 'JurisdictionObjected', label: '提出异议' },
    RedirectPetitioner: { payload: { route: oneOf(['competentOrgan', ...PROCEDURES], 'RedirectRoute'), explanation: Text }, emits: 'PetitionerRedirected', label: '告知' },
    RouteToProcedure: { payload: { procedure: oneOf(PROCEDURES, 'LegalProcedure'), note: Text }, emits: 'RoutedToProcedure', label: '导入法定程序' },
    StartInvestigation: { payload: { hearingPlanned: t.boolean }, emits: 'InvestigationStarted', label: '调查核实' },
    NotifyExtension: { payload: { reason: Text }, emits: 'ExtensionNoticeSent', label: '告知延期理由' },
    ServeDecisionLetter: {
      payload: { outcome: oneOf(['support', 'explain', 'notSupport'], 'PetitionOpinion'), letterNo: Id, basis: Text },
      emits: 'DecisionLetterServed',
      label: '出具信访处理意见书',
    },
    AnswerSuggestion: { payload: { adopted: t.boolean, answer: Text }, emits: 'SuggestionAnswered', label: '答复建议意见' },
    ConcludeAccusation: { payload: { finding: Text }, emits: 'AccusationConcluded', label: '检举控告办结' },
    RequestReview: { payload: { reason: Text }, emits: 'ReviewRequested', label: '请求复查' },
    DecideReview: { payload: { result: oneOf(['upheld', 'changed'], 'ReviewResult'), letterNo: Id }, emits: 'ReviewDecided', label: '复查意见' },
    RequestReReview: { payload: { reason: Text }, emits: 'ReReviewRequested', label: '请求复核' },
    DecideReReview: { payload: { result: oneOf(['upheld', 'changed'], 'ReviewResult'), letterNo: Id, published: t.boolean }, emits: 'ReReviewDecided', label: '复核意见' },
    RecordAppealWindowExpired: { payload: { note: t.union([Text, t.null]) }, emits: 'AppealWindowExpired', label: '期满未请求复查复核' },
    RecordAftercare: {
      payload: { kind: oneOf(['counselling', 'disputeResolution', 'assistance', 'socialAid', 'judicialAid'], 'AftercareKind'), note: Text },
      emits: 'AftercareRecorded',
      label: '终结后教育疏导、帮扶救助',
    },
  },
  channels: ['web', 'letter', 'phone', 'fax', 'visit'],
  onlineChannels: ['web'],
  categories: ['grievance', 'suggestion', 'accusation'],
  rejectionReasons: ['outsideScope', 'litigationRelated', 'alreadyBeingHandled', 'incomplete'],
  tracks: [],
  pauseReasons: ['hearing'],
  referralRoutes: [...PROCEDURES],
  transitions: [
    { command: 'Submit', from: ['new'], to: 'received', roles: ['petitioner', 'petitionOfficer', 'handlingOfficer', 'intakeClerk'] },
    { command: 'RegisterPetition', from: ['received'], to: 'registered', roles: ['petitionOfficer', 'handlingOfficer', 'intakeClerk'] },
    {
      command: 'LinkCase',
      outcome: 'convertedTo',
      from: ['registered', 'routed', 'accepted', 'underHandling'],
      to: 'convertedToMediation',
      roles: ['petitionOfficer', 'handlingOfficer', 'intakeClerk'],
    },
    { command: 'Dispatch', from: ['registered'], to: 'routed', roles: ['petitionOfficer'] },
    { command: 'ObjectToJurisdiction', from: ['routed'], to: 'objected', roles: ['handlingOfficer'] },
    { command: 'ReturnToSender', outcome: 'toOwner', from: ['objected'], to: 'registered', roles: ['petitionOfficer'] },
    { command: 'ReturnToSender', outcome: 'toUnit', from: ['objected'], to: 'registered', roles: ['petitionOfficer'] },
    { command: 'RedirectPetitioner', from: ['registered', 'routed'], to: 'redirected', roles: ['petitionOfficer', 'handlingOfficer'] },
    { command: 'Review', outcome: 'accepted', from: ['registered', 'routed'], to: 'accepted', roles: ['handlingOfficer', 'headOfOrgan'] },
    { command: 'Review', outcome: 'rejected', from: ['registered', 'routed'], to: 'rejected', roles: ['handlingOfficer', 'headOfOrgan'] },
    { command: 'SendReceiptNotice', from: ['accepted', 'rejected'], to: 'same', roles: ['handlingOfficer'] },
    { command: 'RouteToProcedure', from: ['accepted'], to: 'routedToProcedure', roles: ['handlingOfficer'] },
    { command: 'StartInvestigation', from: ['accepted'], to: 'underHandling', roles: ['handlingOfficer'] },
    { command: 'NotifyExtension', from: ['underHandling'], to: 'same', roles: ['handlingOfficer', 'headOfOrgan'] },
    { command: 'ServeDecisionLetter', from: ['underHandling'], to: 'opinionIssued', roles: ['handlingOfficer'] },
    { command: 'AnswerSuggestion', from: ['accepted', 'underHandling'], to: 'answered', roles: ['handlingOfficer'] },
    { command: 'ConcludeAccusation', from: ['accepted', 'underHandling'], to: 'accusationConcluded', roles: ['handlingOfficer'] },
    { command: 'RequestReview', from: ['opinionIssued'], to: 'reviewRequested', roles: ['petitioner', 'petitionOfficer'] },
    { command: 'DecideReview', from: ['reviewRequested'], to: 'reviewDecided', roles: ['reviewOfficer'] },
    { command: 'RequestReReview', from: ['reviewDecided'], to: 'reReviewRequested', roles: ['petitioner', 'petitionOfficer'] },
    { command: 'DecideReReview', from: ['reReviewRequested'], to: 'final', roles: ['reviewOfficer'] },
    { command: 'RecordAppealWindowExpired', from: ['opinionIssued', 'reviewDecided'], to: 'final', roles: ['petitionOfficer'] },
    { command: 'RecordAftercare', from: ['final'], to: 'same', roles: ['communityWorker', 'handlingOfficer'] },
    { command: 'RecordCallback', from: ['answered', 'accusationConcluded', 'final'], to: 'same', roles: ['petitionOfficer'] },
    {
      command: 'Close',
      from: ['rejected', 'redirected', 'routedToProcedure', 'answered', 'accusationConcluded', 'final', 'convertedToMediation'],
      to: 'closed',
      roles: ['petitionOfficer', 'handlingOfficer'],
    },
    { command: 'Withdraw', from: ['received', 'registered', 'routed', 'accepted', 'underHandling'], to: 'closed', roles: ['petitioner', 'petitionOfficer'] },
    { command: 'ExtendDeadline', from: ['underHandling'], to: 'same', roles: ['headOfOrgan'] },
    { command: 'PauseClock', from: ['reReviewRequested'], to: 'same', roles: ['reviewOfficer'] },
    { command: 'ResumeClock', from: ['reReviewRequested'], to: 'same', roles: ['reviewOfficer'] },
    { command: 'RaiseSupervision', from: OPEN, to: 'same', roles: ['petitionOfficer'] },
  ],
  guards: [
    // #region finality
    {
      id: 'finalMatterNotAcceptedAgain',
      commands: ['RegisterPetition'],
      require: { not: { known: [FINAL_PETITION_MATTERS, { path: 'command.matterKey' }] } },
      rejection: {
        code: 'MatterAlreadyFinal',
        message:
          'This matter reached finality after re-review (or its appeal window ran out); the same facts and reasons are not accepted again by any organ (信访工作条例 Art 36 para 3). Tell the petitioner so.',
      },
    },
    // #endregion finality
    {
      id: 'matterNotAlreadyBeingHandled',
      commands: ['RegisterPetition'],
      require: { not: { known: [OPEN_PETITION_MATTERS, { path: 'command.matterKey' }] } },
      rejection: {
        code: 'MatterAlreadyBeingHandled',
        message: 'The same matter is being handled by an organ already; it is not accepted again while that runs (信访工作条例 Art 19). Tell the petitioner where it is handled.',
      },
    },
    {
      id: 'groupVisitRepresentatives',
      commands: ['RegisterPetition'],
      when: { compare: [{ path: 'state.channel' }, '==', { value: 'visit' }] },
      require: { compare: [{ path: 'command.representatives' }, '<=', { value: 5 }] },
      rejection: { code: 'TooManyRepresentatives', message: 'A group visit sends at most 5 representatives (信访工作条例 Art 20); ask the group to choose its representatives.' },
    },
    {
      id: 'accusationMaterialWithheld',
      commands: ['RegisterPetition'],
      when: { compare: [{ path: 'state.category' }, '==', { value: 'accusation' }] },
      require: { compare: [{ path: 'command.materialWithheldFromAccused' }, '==', { value: true }] },
      rejection: {
        code: 'AccusationMaterialNotWithheld',
        message: 'Accusation material must never reach the person accused (信访工作条例 Art 30); register it with materialWithheldFromAccused: true.',
      },
    },
    onlyFor(
      'grievanceOnlyProcedures',
      ['RouteToProcedure', 'ServeDecisionLetter'],
      'grievance',
      'NotAGrievance',
      'Only a grievance (申诉求决类) is sent into a legal procedure or answered with a decision letter (信访工作条例 Arts 31–32); answer a suggestion or conclude an accusation instead.',
    ),
    onlyFor('suggestionsAnswered', ['AnswerSuggestion'], 'suggestion', 'NotASuggestion', 'Only a suggestion (建议意见类) is answered this way (信访工作条例 Art 29).'),
    onlyFor('accusationsConcluded', ['ConcludeAccusation'], 'accusation', 'NotAnAccusation', 'Only an accusation (检举控告类) is concluded this way (信访工作条例 Art 30).'),
    {
      id: 'extensionReasonTold',
      commands: ['ServeDecisionLetter'],
      when: { compare: [{ path: 'state.clocks.handling.extendedBy' }, '>', { value: 0 }] },
      require: { compare: [{ path: 'state.facts.ExtensionNoticeSent.count' }, '>=', { value: 1 }] },
      rejection: { code: 'ExtensionReasonNotTold', message: 'The handling time was extended: tell the petitioner the reason (信访工作条例 Art 34) before serving the decision letter.' },
    },
    {
      id: 'extensionToNotify',
      commands: ['NotifyExtension'],
      require: { compare: [{ path: 'state.clocks.handling.extendedBy' }, '>', { value: 0 }] },
      rejection: { code: 'NoExtensionToNotify', message: 'The handling time has not been extended; there is no extension to tell the petitioner about.' },
    },
    {
      id: 'reviewedByAnotherOrgan',
      commands: ['DecideReview', 'DecideReReview'],
      require: { compare: [{ path: 'actor.unit' }, '!=', { path: 'state.handlingUnit' }] },
      rejection: {
        code: 'ReviewByOrganAbove',
        message: 'A review or re-review is decided by an organ above the one that handled the matter (信访工作条例 Arts 35–36), not by that organ itself.',
      },
    },
    {
      id: 'onlyReReviewHearingExcluded',
      commands: ['PauseClock'],
      require: { compare: [{ path: 'command.rule' }, '==', { value: 'reReview' }] },
      rejection: { code: 'OnlyReReviewHearingExcluded', message: 'Only the re-review’s time limit excludes hearing time (信访工作条例 Art 36); other clocks do not pause.' },
    },
    {
      id: 'nonAcceptanceNotified',
      commands: ['Close'],
      when: { compare: [{ path: 'state.stage' }, '==', { value: 'rejected' }] },
      require: { compare: [{ path: 'state.facts.ReceiptNoticeSent.count' }, '>=', { value: 1 }] },
      rejection: { code: 'NoticeRequired', message: 'Tell the petitioner that the matter is not accepted (信访工作条例 Art 23) before closing it; record the notice first.' },
    },
  ],
  deadlines: DEADLINES,
  closeRequiresCallback: {},
  closingOutcomes: {
    rejected: 'rejected',
    redirected: 'rejected',
    routedToProcedure: 'notSettled',
    answered: 'settled',
    accusationConcluded: 'settled',
    final: 'settled',
    // Like a matter sent into a legal procedure: handled by another body, not settled here.
    convertedToMediation: 'notSettled',
  },
  competence: { disciplineInspection: ['accusation'] },
  // Only aftercare visits are entered after the fact; every statutory step (信访工作条例's 15 and
  // 60 days) is dated when it is recorded (docs/writing-workflows.md).
  backdating: { maxMs: 72 * 60 * 60_000, roles: ['communityWorker'] },
});
