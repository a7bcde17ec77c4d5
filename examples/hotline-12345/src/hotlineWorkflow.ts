import { Id, Text, defineWorkflow, oneOf } from '@casefold/core';
import * as t from 'io-ts';

/** The caller's verdict at the call-back (满意/基本满意/不满意). */
const Verdict = oneOf(['satisfied', 'basicallySatisfied', 'dissatisfied'], 'Verdict');

/**
 * A 12345 hotline work order (接诉即办, docs/domain.md §3c; Beijing Regulation 2021 and
 * Jinan 2018): the operator records a call, answers a consultation on the spot or
 * dispatches the order by catalogue to a competent unit; the first receiver owns it
 * (首接负责制); the unit replies within 5 working days; the caller is called back, and an
 * order the caller is unhappy with goes back for re-handling; a supervisor grades slow
 * orders. Built only from `@casefold/core`'s public API: core has never heard of its roles,
 * commands, events, guards or rejection codes.
 */
export const hotlineWorkflow = defineWorkflow({
  id: 'hotline12345',
  version: 1,
  title: '12345 hotline work order (接诉即办)',
  stages: [
    { id: 'submitted', label: '待派单', status: 'unreviewed' },
    { id: 'accepted', label: '已受理', status: 'pending' },
    { id: 'routed', label: '已派单', status: 'pending' },
    { id: 'replied', label: '已答复', status: 'handled' },
    { id: 'answered', label: '即时办结', status: 'handled' },
    { id: 'rejected', label: '不予受理', status: 'rejected' },
    { id: 'closed', label: '已办结', status: { byOutcome: { rejected: 'rejected' }, otherwise: 'handled' }, terminal: true },
  ],
  roles: [
    { id: 'caller', label: '来电人', scope: 'citizen' },
    { id: 'operator', label: '话务员', scope: 'staff' },
    { id: 'dispatcher', label: '派单员', scope: 'staff' },
    { id: 'unitHandler', label: '承办人', scope: 'staff' },
    { id: 'callbackAgent', label: '回访员', scope: 'staff' },
    { id: 'supervisor', label: '督办员', scope: 'staff' },
    { id: 'director', label: '中心主任', scope: 'staff' },
  ],
  commands: {
    AnswerOnTheSpot: { payload: { workOrderNo: Id, answer: Text }, emits: 'AnsweredOnTheSpot', label: '即时答复' },
    Reply: { payload: { workOrderNo: Id, reply: Text, resolved: t.boolean }, emits: 'Replied', label: '承办单位答复' },
    RecordVerdict: { payload: { verdict: Verdict }, emits: 'VerdictRecorded', outcome: 'verdict', label: '回访评价' },
  },
  channels: ['hotline12345', 'webPortal', 'miniProgram'],
  onlineChannels: ['webPortal', 'miniProgram'],
  categories: ['consultation', 'cityManagement', 'housing', 'labour', 'environment'],
  rejectionReasons: ['notGovernmentMatter', 'duplicate', 'litigationRelated'],
  tracks: [],
  pauseReasons: ['awaitingCaller'],
  referralRoutes: ['court', 'arbitration'],
  transitions: [
    { command: 'Submit', from: ['new'], to: 'submitted', roles: ['operator', 'caller'] },
    { command: 'AnswerOnTheSpot', from: ['submitted'], to: 'answered', roles: ['operator'] },
    { command: 'Review', outcome: 'accepted', from: ['submitted'], to: 'accepted', roles: ['operator', 'dispatcher'] },
    { command: 'Review', outcome: 'rejected', from: ['submitted'], to: 'rejected', roles: ['operator', 'dispatcher'] },
    { command: 'Dispatch', from: ['accepted', 'routed'], to: 'routed', roles: ['dispatcher'] },
    { command: 'Reply', from: ['routed'], to: 'replied', roles: ['unitHandler'] },
    { command: 'RecordCallback', from: ['replied', 'answered', 'rejected'], to: 'same', roles: ['callbackAgent'] },
    { command: 'RecordVerdict', outcome: 'dissatisfied', from: ['replied'], to: 'routed', roles: ['callbackAgent'] },
    { command: 'RecordVerdict', outcome: 'satisfied', from: ['replied', 'answered'], to: 'same', roles: ['callbackAgent'] },
    { command: 'RecordVerdict', outcome: 'basicallySatisfied', from: ['replied', 'answered'], to: 'same', roles: ['callbackAgent'] },
    { command: 'Close', from: ['replied', 'answered', 'rejected'], to: 'closed', roles: ['operator', 'director'] },
    { command: 'ExtendDeadline', from: ['routed'], to: 'same', roles: ['supervisor', 'director'] },
    { command: 'RaiseSupervision', from: ['accepted', 'routed', 'replied'], to: 'same', roles: ['supervisor', 'director'] },
  ],
  guards: [
    // #region guard
    {
      id: 'longExtensionNeedsDirector',
      commands: ['ExtendDeadline'],
      when: { compare: [{ sum: [{ path: 'state.clocks.{command.rule}.extendedBy' }, { path: 'command.by' }] }, '>=', { value: 5 }] },
      require: { actorRole: ['director'] },
      rejection: { code: 'DirectorApprovalRequired', message: 'An extension that brings the total to 5 working days or more needs the centre director; ask the director to extend it.' },
    },
    // #endregion guard
    {
      id: 'closeAfterVerdict',
      commands: ['Close'],
      when: { oneOf: [{ path: 'state.stage' }, ['replied', 'answered']] },
      require: { compare: [{ path: 'state.facts.VerdictRecorded.count' }, '>=', { value: 1 }] },
      rejection: { code: 'VerdictRequired', message: 'A work order closes only after the caller gave a verdict at the call-back (回访); record it first.' },
    },
  ],
  deadlines: [
    {
      id: 'unitReply',
      label: 'The responsible unit replies (承办单位答复)',
      basis: '济南市12345市民服务热线条例 (2018); Beijing 接诉即办条例 Art 19 (local limits, configurable)',
      amount: 5,
      unit: 'workingDays',
      startsOn: { type: 'Routed' },
      stopsOn: [{ type: 'Replied' }, { type: 'Closed' }],
      maxExtension: 10,
    },
    {
      id: 'reHandling',
      label: 'Re-handle an order the caller was not satisfied with (重办)',
      basis: 'Beijing 接诉即办条例 Art 23 (call-back; unsatisfied orders handled again; local limit, configurable)',
      amount: 5,
      unit: 'workingDays',
      startsOn: { type: 'VerdictRecorded', field: 'verdict', equals: 'dissatisfied' },
      stopsOn: [{ type: 'Replied' }, { type: 'Closed' }],
      maxExtension: 5,
    },
  ],
  closeRequiresCallback: {
    replied: { purpose: 'followUp', attemptsSuffice: 3 },
    rejected: { purpose: 'rejectionExplained', attemptsSuffice: 3 },
  },
  closingOutcomes: { replied: 'settled', answered: 'settled', rejected: 'rejected' },
  competence: { laborBureau: ['labour'] },
  escalationCeiling: 'district',
});
