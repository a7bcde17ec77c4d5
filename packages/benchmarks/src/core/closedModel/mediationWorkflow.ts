// FROZEN BASELINE COPY of packages/core/src/workflow/mediationWorkflow.ts at 19d41f0 (unchanged): see ./index.ts.
import type { Stage, Workflow } from './workflow.js';

const OPEN: readonly Stage[] = ['submitted', 'rejected', 'accepted', 'routed', 'inMediation', 'agreement', 'noAgreement', 'withdrawn', 'notarized'];
const STAFF = ['intakeClerk', 'dispatcher', 'mediator', 'leaderInCharge'] as const;

/**
 * The default workflow: a citizen's dispute-mediation request at a one-stop mediation
 * centre, as the Kunming source describes it (docs/domain.md §3a). Version 1.
 */
export const mediationWorkflow: Workflow = {
  id: 'mediation',
  version: 1,
  title: 'Dispute-mediation request (一站式矛盾纠纷调解)',
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
  deadlines: [
    {
      id: 'review',
      label: 'Review an online or window request (未审核 → 审核)',
      basis: 'Kunming practice: unreviewed requests handled within 3 days (source article; local rule, configurable)',
      amount: 3,
      unit: 'calendarDays',
      startsOn: { type: 'Submitted' },
      stopsOn: [{ type: 'Reviewed' }, { type: 'Closed' }],
      maxExtension: 0,
    },
    {
      id: 'rejectionCallback',
      label: 'Call back a rejected requester and explain other routes',
      basis: 'Local practice (assumption, configurable); analogue: 信访工作条例 Art 23 (tell the person where to go)',
      amount: 2,
      unit: 'workingDays',
      startsOn: { type: 'Reviewed', field: 'decision', equals: 'rejected' },
      stopsOn: [{ type: 'CallbackRecorded', field: 'purpose', equals: 'rejectionExplained' }, { type: 'Closed' }],
      maxExtension: 2,
    },
    {
      id: 'mediation.labour',
      label: 'Labour-dispute mediation (then arbitration may be sought)',
      basis: '劳动争议调解仲裁法 Art 14: no agreement within 15 days of the application → arbitration',
      amount: 15,
      unit: 'calendarDays',
      startsOn: { type: 'Reviewed', field: 'decision', equals: 'accepted' },
      stopsOn: [{ type: 'Mediated' }, { type: 'Closed' }],
      categories: ['labour'],
      maxExtension: 0,
    },
    {
      id: 'mediation',
      label: 'Mediation (generally within one month)',
      basis: '人民调解工作若干规定 Art 33 (one month); Shenzhen regulation Art 25 (30 days)',
      amount: 30,
      unit: 'calendarDays',
      startsOn: { type: 'Reviewed', field: 'decision', equals: 'accepted' },
      stopsOn: [{ type: 'Mediated' }, { type: 'Closed' }],
      excludeCategories: ['labour'],
      maxExtension: 30,
    },
  ],
  closeRequiresCallback: {
    rejected: 'rejectionExplained',
    agreement: 'followUp',
    noAgreement: 'followUp',
    notarized: 'followUp',
  },
};
