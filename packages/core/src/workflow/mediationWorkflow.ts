import type { DeadlineRule, RoleDefinition, StageDefinition, Workflow } from './workflow.js';

const OPEN = ['submitted', 'rejected', 'accepted', 'routed', 'inMediation', 'agreement', 'noAgreement', 'withdrawn', 'notarized'];
const STAFF = ['intakeClerk', 'dispatcher', 'mediator', 'leaderInCharge'] as const;

/** The stages of a mediation request and what the citizen sees in each (未审核/待办理/已处理/已拒绝). */
const STAGES: readonly StageDefinition[] = [
  { id: 'submitted', label: '未审核', status: 'unreviewed' },
  { id: 'rejected', label: '不予受理', status: 'rejected' },
  { id: 'accepted', label: '已受理', status: 'pending' },
  { id: 'routed', label: '已分发', status: 'pending' },
  { id: 'inMediation', label: '调解中', status: 'pending' },
  { id: 'agreement', label: '达成协议', status: 'handled' },
  { id: 'noAgreement', label: '调解不成', status: 'handled' },
  { id: 'withdrawn', label: '撤回', status: 'handled' },
  { id: 'notarized', label: '已赋强公证', status: 'handled' },
  { id: 'closed', label: '结案', status: { byOutcome: { rejected: 'rejected' }, otherwise: 'handled' }, terminal: true },
];

/** Staff and citizen roles (docs/domain.md §4). */
const ROLES: readonly RoleDefinition[] = [
  { id: 'requester', label: '申请人', scope: 'citizen' },
  { id: 'intakeClerk', label: '受理员', scope: 'staff' },
  { id: 'dispatcher', label: '派遣员', scope: 'staff' },
  { id: 'gridWorker', label: '网格员', scope: 'staff' },
  { id: 'mediator', label: '人民调解员', scope: 'staff' },
  { id: 'notary', label: '公证员', scope: 'external' },
  { id: 'leaderInCharge', label: '分管领导', scope: 'staff' },
  { id: 'followUpAgent', label: '回访员', scope: 'staff' },
];

/**
 * The default workflow as it was first released: a citizen's dispute-mediation request at a
 * one-stop mediation centre, as the Kunming source describes it (docs/domain.md §3a).
 * Version 1, kept so that histories it decided replay and can be decided further exactly as
 * before; new cases use {@link mediationWorkflow}.
 */
const REVIEW: DeadlineRule = {
  id: 'review',
  label: 'Review an online or window request (未审核 → 审核)',
  basis: 'Kunming practice: unreviewed requests handled within 3 days (source article; local rule, configurable)',
  amount: 3,
  unit: 'calendarDays',
  startsOn: { type: 'Submitted' },
  stopsOn: [{ type: 'Reviewed' }, { type: 'Closed' }],
  maxExtension: 0,
};

const REJECTION_CALLBACK: DeadlineRule = {
  id: 'rejectionCallback',
  label: 'Call back a rejected requester and explain other routes',
  basis: 'Local practice (assumption, configurable); analogue: 信访工作条例 Art 23 (tell the person where to go)',
  amount: 2,
  unit: 'workingDays',
  startsOn: { type: 'Reviewed', field: 'decision', equals: 'rejected' },
  stopsOn: [{ type: 'CallbackRecorded', field: 'purpose', equals: 'rejectionExplained' }, { type: 'Closed' }],
  maxExtension: 2,
};

const LABOUR_MEDIATION_V1: DeadlineRule = {
  id: 'mediation.labour',
  label: 'Labour-dispute mediation (then arbitration may be sought)',
  basis: '劳动争议调解仲裁法 Art 14: no agreement within 15 days of the application → arbitration',
  amount: 15,
  unit: 'calendarDays',
  startsOn: { type: 'Reviewed', field: 'decision', equals: 'accepted' },
  stopsOn: [{ type: 'Mediated' }, { type: 'Closed' }],
  categories: ['labour'],
  maxExtension: 0,
};

const MEDIATION: DeadlineRule = {
  id: 'mediation',
  label: 'Mediation (generally within one month)',
  basis: '人民调解工作若干规定 Art 33 (one month); Shenzhen regulation Art 25 (30 days)',
  amount: 30,
  unit: 'calendarDays',
  startsOn: { type: 'Reviewed', field: 'decision', equals: 'accepted' },
  stopsOn: [{ type: 'Mediated' }, { type: 'Closed' }],
  excludeCategories: ['labour'],
  maxExtension: 30,
};

/**
 * The default workflow as it was first released: a citizen's dispute-mediation request at a
 * one-stop mediation centre, as the Kunming source describes it (docs/domain.md §3a).
 * Version 1, kept so that the histories it decided replay, and can be decided further,
 * exactly as before; new cases use {@link mediationWorkflow}.
 */
export const mediationWorkflowV1: Workflow = {
  id: 'mediation',
  version: 1,
  title: 'Dispute-mediation request (一站式矛盾纠纷调解)',
  stages: STAGES,
  roles: ROLES,
  channels: ['window', 'legalHotline12348', 'govApp', 'wechatMiniProgram', 'gridPatrol', 'referral'],
  onlineChannels: ['legalHotline12348', 'govApp', 'wechatMiniProgram'],
  categories: ['labour', 'tenancy', 'neighbour', 'family', 'consumer', 'property', 'traffic', 'other'],
  rejectionReasons: ['outOfArea', 'notSuitableForMediation', 'beforeCourtOrOtherOrgan', 'partyRefuses', 'duplicate', 'incomplete'],
  tracks: ['people', 'administrative', 'judicial'],
  pauseReasons: ['hearing', 'appraisal', 'supplementingEvidence', 'partyUnavailable'],
  referralRoutes: ['arbitration', 'litigation', 'adminAuthority', 'legalAid'],
  transitions: [
    { command: 'Submit', from: ['new'], to: 'submitted', roles: ['requester', 'intakeClerk', 'gridWorker'] },
    { command: 'Review', outcome: 'accepted', from: ['submitted'], to: 'accepted', roles: ['intakeClerk', 'leaderInCharge'] },
    { command: 'Review', outcome: 'rejected', from: ['submitted'], to: 'rejected', roles: ['intakeClerk', 'leaderInCharge'] },
    { command: 'Dispatch', from: ['accepted', 'routed'], to: 'routed', roles: ['dispatcher', 'intakeClerk', 'leaderInCharge'] },
    { command: 'Escalate', from: ['accepted', 'routed', 'inMediation'], to: 'routed', roles: ['dispatcher', 'mediator', 'leaderInCharge', 'gridWorker'] },
    { command: 'ReturnToSender', outcome: 'toOwner', from: ['routed'], to: 'accepted', roles: ['dispatcher', 'mediator', 'leaderInCharge'] },
    { command: 'ReturnToSender', outcome: 'toUnit', from: ['routed'], to: 'routed', roles: ['dispatcher', 'mediator', 'leaderInCharge'] },
    { command: 'StartMediation', from: ['accepted', 'routed'], to: 'inMediation', roles: ['mediator'] },
    { command: 'RecordMediation', outcome: 'agreement', from: ['inMediation'], to: 'agreement', roles: ['mediator'] },
    { command: 'RecordMediation', outcome: 'noAgreement', from: ['inMediation'], to: 'noAgreement', roles: ['mediator'] },
    { command: 'RecordMediation', outcome: 'withdrawn', from: ['inMediation'], to: 'withdrawn', roles: ['mediator'] },
    { command: 'Notarize', from: ['agreement'], to: 'notarized', roles: ['notary'] },
    { command: 'RecordCallback', from: ['rejected', 'agreement', 'noAgreement', 'notarized', 'withdrawn'], to: 'same', roles: ['followUpAgent', 'intakeClerk'] },
    { command: 'Close', from: ['rejected', 'agreement', 'noAgreement', 'notarized', 'withdrawn'], to: 'closed', roles: ['intakeClerk', 'followUpAgent', 'leaderInCharge'] },
    { command: 'Withdraw', from: ['submitted', 'accepted', 'routed'], to: 'closed', roles: ['requester', ...STAFF] },
    { command: 'ExtendDeadline', from: OPEN, to: 'same', roles: ['leaderInCharge'] },
    { command: 'PauseClock', from: OPEN, to: 'same', roles: ['mediator', 'notary', 'leaderInCharge'] },
    { command: 'ResumeClock', from: OPEN, to: 'same', roles: ['mediator', 'notary', 'leaderInCharge'] },
    { command: 'RaiseSupervision', from: OPEN, to: 'same', roles: ['leaderInCharge'] },
  ],
  deadlines: [REVIEW, REJECTION_CALLBACK, LABOUR_MEDIATION_V1, MEDIATION],
  closeRequiresCallback: {
    rejected: 'rejectionExplained',
    agreement: 'followUp',
    noAgreement: 'followUp',
    notarized: 'followUp',
  },
};

/**
 * The labour-mediation clock of version 2: 劳动争议调解仲裁法 Art 14 counts the 15 days from
 * the day the mediation organisation receives the application, so it starts on `Submitted`
 * (version 1 started it at acceptance).
 */
const LABOUR_MEDIATION: DeadlineRule = {
  ...LABOUR_MEDIATION_V1,
  basis: '劳动争议调解仲裁法 Art 14: no agreement within 15 days of the day the application is received → arbitration',
  startsOn: { type: 'Submitted' },
  stopsOn: [{ type: 'Mediated' }, { type: 'Reviewed', field: 'decision', equals: 'rejected' }, { type: 'Closed' }],
};

/** A closing call-back: one that reached the citizen, or three recorded attempts that did not. */
const callback = (purpose: string) => ({ purpose, attemptsSuffice: 3 });

/**
 * The default workflow: a citizen's dispute-mediation request at a one-stop mediation centre,
 * as the Kunming source describes it (docs/domain.md §3a). Version 2 differs from
 * {@link mediationWorkflowV1} in: the labour clock starting on receipt (Art 14); a closing
 * call-back that must reach the citizen (or three attempts); the labour bureau taking labour
 * cases only; mediations recording their co-mediators, lawyers and notaries; citizens bound
 * to their own cases (a core rule of every version since).
 */
export const mediationWorkflow: Workflow = {
  ...mediationWorkflowV1,
  version: 2,
  deadlines: [REVIEW, REJECTION_CALLBACK, LABOUR_MEDIATION, MEDIATION],
  closeRequiresCallback: {
    rejected: callback('rejectionExplained'),
    agreement: callback('followUp'),
    noAgreement: callback('followUp'),
    notarized: callback('followUp'),
  },
  competence: { laborBureau: ['labour'] },
  // Mediations in a village, patrols and call-backs are often entered after the fact (over a
  // weekend, 72 hours at most); reviews, routing and closure are decided at a screen (docs/writing-workflows.md).
  // #region backdating
  backdating: { maxMs: 72 * 60 * 60_000, roles: ['mediator', 'gridWorker', 'followUpAgent', 'notary'] },
  // #endregion backdating
};
