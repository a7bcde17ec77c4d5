import * as t from 'io-ts';
import { Id, Text, oneOf } from '../values/values.js';
import { DEFAULT_BACKDATING_TOLERANCE_MS, type DeadlineRule, defineWorkflow } from './workflow.js';

const CATEGORIES = ['labour', 'maintenance', 'socialBenefits', 'injuryCompensation', 'family', 'criminalDefence', 'other'];

/**
 * The legal-aid office decides within 7 days of receiving the application (法律援助法 Art 43).
 * Assumptions, configurable per locality: the one-stop centre's legal-aid window receives
 * for the office (a 法律援助工作站), so the clock starts when the application is submitted
 * there, not when it reaches the office; the days are calendar days (the statute says 日;
 * 民法典 Arts 200–204 count them); the time the applicant takes to supplement materials is
 * not counted (司法部《办理法律援助案件程序规定》, as a pause).
 */
const DECISION: DeadlineRule = {
  id: 'legalAid.decision',
  label: 'Decide whether to grant legal aid (审查决定)',
  basis: '法律援助法 Art 43: decide within 7 days of receiving the application (start at the centre’s window and calendar days are local assumptions, configurable)',
  amount: 7,
  unit: 'calendarDays',
  startsOn: { type: 'Submitted' },
  stopsOn: [{ type: 'LegalAidGranted' }, { type: 'LegalAidRefused' }, { type: 'Closed' }],
  maxExtension: 0,
};

/** Once aid is granted, the office assigns a legal-aid provider within 3 days (法律援助法 Art 43). */
const ASSIGNMENT: DeadlineRule = {
  id: 'legalAid.assignment',
  label: 'Assign a legal-aid provider (指派)',
  basis: '法律援助法 Art 43: assign within 3 days of the decision to grant (calendar days: local assumption, configurable)',
  amount: 3,
  unit: 'calendarDays',
  startsOn: { type: 'LegalAidGranted' },
  stopsOn: [{ type: 'LegalAidAssigned' }, { type: 'Closed' }],
  maxExtension: 0,
};

/**
 * A legal-aid application at the one-stop centre (法律援助, 法律援助法 2021,
 * docs/legal-services-workflows.md): received at the centre's legal-aid window or online,
 * referred (分发) to the legal-aid office, which decides within 7 days to grant or refuse
 * it (a refusal in writing with its reasons), assigns a provider within 3 days of granting
 * it (Art 43), and closes the case when the aid ends. An applicant who does not supplement
 * missing materials is taken to have withdrawn (Art 43). A light case kind, so that the
 * centre's legal-aid figure (2,558 cases in the source) comes from events.
 */
export const legalAidWorkflow = defineWorkflow({
  id: 'legalAid',
  version: 1,
  title: 'Legal-aid application (法律援助)',
  stages: [
    { id: 'submitted', label: '已申请', status: 'unreviewed' },
    { id: 'referred', label: '已转法律援助机构', status: 'pending' },
    { id: 'granted', label: '决定给予法律援助', status: 'pending' },
    { id: 'refused', label: '决定不予法律援助', status: 'rejected' },
    { id: 'assigned', label: '已指派', status: 'pending' },
    { id: 'closed', label: '已结案', status: { byOutcome: { rejected: 'rejected' }, otherwise: 'handled' }, terminal: true },
  ],
  roles: [
    { id: 'applicant', label: '申请人', scope: 'citizen' },
    { id: 'intakeClerk', label: '受理员', scope: 'staff' },
    { id: 'legalAidOfficer', label: '法律援助机构工作人员', scope: 'staff' },
    { id: 'leaderInCharge', label: '分管领导', scope: 'staff' },
  ],
  commands: {
    GrantLegalAid: {
      // Art 44: aid may be given in advance (先行提供) when a limitation period runs out within 7 days, or preservation is urgent.
      payload: { advance: t.boolean, note: t.union([Text, t.null]) },
      emits: 'LegalAidGranted',
      label: '决定给予法律援助',
    },
    RefuseLegalAid: {
      // Art 43: a refusal is told to the applicant in writing, with its reasons.
      payload: { reason: oneOf(['notFinanciallyEligible', 'matterNotCovered', 'other'], 'LegalAidRefusalReason'), explanation: Text },
      emits: 'LegalAidRefused',
      label: '决定不予法律援助',
    },
    AssignLegalAid: {
      // The provider: a legal-aid lawyer or staff member (an id, no personal data) and the body they come from.
      payload: { provider: Id, organisation: t.union([Id, t.null]) },
      emits: 'LegalAidAssigned',
      label: '指派法律援助人员',
    },
  },
  channels: ['window', 'legalHotline12348', 'govApp', 'wechatMiniProgram', 'referral'],
  onlineChannels: ['legalHotline12348', 'govApp', 'wechatMiniProgram'],
  categories: CATEGORIES,
  rejectionReasons: [],
  tracks: [],
  pauseReasons: ['supplementingMaterials'],
  referralRoutes: [],
  transitions: [
    { command: 'Submit', from: ['new'], to: 'submitted', roles: ['applicant', 'intakeClerk', 'legalAidOfficer'] },
    { command: 'Dispatch', from: ['submitted', 'referred'], to: 'referred', roles: ['intakeClerk', 'legalAidOfficer'] },
    { command: 'GrantLegalAid', from: ['submitted', 'referred'], to: 'granted', roles: ['legalAidOfficer'] },
    { command: 'RefuseLegalAid', from: ['submitted', 'referred'], to: 'refused', roles: ['legalAidOfficer'] },
    { command: 'AssignLegalAid', from: ['granted'], to: 'assigned', roles: ['legalAidOfficer'] },
    { command: 'Withdraw', from: ['submitted', 'referred', 'granted'], to: 'closed', roles: ['applicant', 'intakeClerk', 'legalAidOfficer'] },
    { command: 'Close', from: ['refused', 'assigned'], to: 'closed', roles: ['legalAidOfficer', 'leaderInCharge'] },
    { command: 'PauseClock', from: ['submitted', 'referred'], to: 'same', roles: ['legalAidOfficer'] },
    { command: 'ResumeClock', from: ['submitted', 'referred'], to: 'same', roles: ['legalAidOfficer'] },
    { command: 'RaiseSupervision', from: ['submitted', 'referred', 'granted'], to: 'same', roles: ['leaderInCharge'] },
  ],
  deadlines: [DECISION, ASSIGNMENT],
  closeRequiresCallback: {},
  closingOutcomes: { refused: 'rejected', assigned: 'settled' },
  // The labour bureau takes no legal-aid applications; a legal-aid office takes every kind.
  competence: { laborBureau: [], legalAidOffice: CATEGORIES },
  // Applications and decisions are administrative acts made at a screen: nobody dates them back.
  backdating: { maxMs: DEFAULT_BACKDATING_TOLERANCE_MS, roles: [] },
});
