import { Text, oneOf } from '../values/values.js';
import * as t from 'io-ts';
import { defineWorkflow } from './workflow.js';

/**
 * Where a consultation that is not answered on the spot is sent: another desk of the one-stop
 * centre (mediation, legal aid, notarization) or a procedure outside it.
 */
export const CONSULTATION_REFERRAL_ROUTES = ['mediation', 'legalAid', 'notarization', 'arbitration', 'litigation', 'adminAuthority', 'petition'] as const;

/**
 * A legal consultation at the one-stop mediation centre (法律咨询, docs/legal-services-workflows.md):
 * a citizen asks at the service desk, where a stationed lawyer answers (驻点律师), or online
 * (云南法网 12348, the provincial app, the WeChat mini-program); the question is answered on
 * the spot, or the citizen is referred to the desk or procedure that can take the matter
 * (首问首办: the first-contact owner sends it on). A light case kind, so that the centre's
 * consultation figures (21,082 consultations, 17,818 online in the source) come from events.
 * No statutory time limit applies; version 1 sets none.
 */
export const legalConsultationWorkflow = defineWorkflow({
  id: 'legalConsultation',
  version: 1,
  title: 'Legal consultation (法律咨询)',
  stages: [
    { id: 'submitted', label: '待解答', status: 'unreviewed' },
    { id: 'answered', label: '已解答', status: 'handled' },
    { id: 'referred', label: '已引导', status: 'handled' },
    { id: 'closed', label: '已办结', status: 'handled', terminal: true },
  ],
  roles: [
    { id: 'requester', label: '咨询人', scope: 'citizen' },
    { id: 'intakeClerk', label: '受理员', scope: 'staff' },
    { id: 'lawyer', label: '驻点律师', scope: 'staff' },
  ],
  commands: {
    AnswerConsultation: { payload: { answer: Text }, emits: 'ConsultationAnswered', label: '当场解答' },
    ReferConsultation: {
      payload: { route: oneOf(CONSULTATION_REFERRAL_ROUTES, 'ConsultationRoute'), note: t.union([Text, t.null]) },
      emits: 'ConsultationReferred',
      label: '引导分流',
    },
  },
  channels: ['window', 'legalHotline12348', 'govApp', 'wechatMiniProgram'],
  onlineChannels: ['legalHotline12348', 'govApp', 'wechatMiniProgram'],
  categories: ['labour', 'family', 'tenancy', 'contract', 'property', 'traffic', 'administrative', 'criminal', 'other'],
  rejectionReasons: [],
  tracks: [],
  pauseReasons: [],
  referralRoutes: CONSULTATION_REFERRAL_ROUTES,
  transitions: [
    { command: 'Submit', from: ['new'], to: 'submitted', roles: ['requester', 'intakeClerk', 'lawyer'] },
    { command: 'AnswerConsultation', from: ['submitted'], to: 'answered', roles: ['lawyer'] },
    { command: 'ReferConsultation', from: ['submitted'], to: 'referred', roles: ['lawyer', 'intakeClerk'] },
    { command: 'Withdraw', from: ['submitted'], to: 'closed', roles: ['requester', 'intakeClerk'] },
    { command: 'Close', from: ['answered', 'referred'], to: 'closed', roles: ['lawyer', 'intakeClerk'] },
  ],
  deadlines: [],
  closeRequiresCallback: {},
  closingOutcomes: { answered: 'settled', referred: 'settled' },
  // A lawyer at an outreach session (村居法律顾问) enters the day's consultations afterwards;
  // no deadline runs here, so a day back costs no figure its honesty (docs/writing-workflows.md).
  backdating: { maxMs: 24 * 60 * 60_000, roles: ['lawyer'] },
});
