import * as t from 'io-ts';
import { Id, Text, oneOf, refine } from '../values/values.js';
import { type DeadlineRule, type EventMatch, defineWorkflow } from './workflow.js';

/** The classes of grid event with a time limit of their own (the digital-city-management event-class table). */
const CLASSES = ['illegalConstruction', 'exposedRubbish', 'constructionWaste', 'spoilHeap', 'roadNotCleaned', 'standingWater', 'greenSpaceLitter', 'deadVegetation'] as const;
/**
 * A dispute between residents that a grid worker finds (矛盾纠纷排查): resolved on the spot, or
 * converted to a mediation case (访调对接); it has no disposal class limit of its own.
 */
const DISPUTE = 'civilDispute';

/** Where the per-class limits come from (docs/domain.md §3c; a local standard, configured per city). */
const CLASS_TABLE = 'digital-city-management event-class table (renrendoc 191493937; local standard, configurable)';

/** What stops a disposal clock: the unit reports the event disposed, the centre approves a park, or the unit returns it. */
const DISPOSAL_STOPS: readonly EventMatch[] = [{ type: 'EventDisposed' }, { type: 'ParkDecided', field: 'decision', equals: 'approved' }, { type: 'Routed', field: 'mode', equals: 'return' }];

/** The centre's clock starts when it dispatches the event to a unit (G3). */
const DISPATCHED: EventMatch = { type: 'Routed', field: 'mode', equals: 'dispatch' };

/**
 * The time limit of one event class, counted from dispatch until the unit reports it
 * disposed. Extensions are approved by the centre, at most the limit again (an assumption:
 * the sources leave the cap to local rules).
 */
const classLimit = (
  category: (typeof CLASSES)[number],
  amount: number,
  unit: 'workingHours' | 'workingDays',
  what: string,
  extra: { readonly id?: string; readonly stopsOn?: EventMatch; readonly maxExtension?: number } = {},
): DeadlineRule => ({
  id: extra.id ?? `disposal.${category}`,
  label: what,
  basis: `${CLASS_TABLE}: ${what}, ${amount} ${unit === 'workingHours' ? 'working hours' : 'working days'}`,
  amount,
  unit,
  startsOn: DISPATCHED,
  stopsOn: extra.stopsOn === undefined ? DISPOSAL_STOPS : [extra.stopsOn, ...DISPOSAL_STOPS],
  categories: [category],
  maxExtension: extra.maxExtension ?? amount,
});

/** The per-class time limits (docs/domain.md §3c, "Example per-class time limits"). */
const CLASS_LIMITS: readonly DeadlineRule[] = [
  classLimit('illegalConstruction', 4, 'workingHours', 'Illegal construction (私搭乱建): stop the work', {
    id: 'disposal.illegalConstruction.stopWork',
    stopsOn: { type: 'InterimMeasureRecorded', field: 'measure', equals: 'workStopped' },
    maxExtension: 0,
  }),
  classLimit('illegalConstruction', 7, 'workingDays', 'Illegal construction (私搭乱建): issue the penalty', {
    id: 'disposal.illegalConstruction.penalty',
    stopsOn: { type: 'InterimMeasureRecorded', field: 'measure', equals: 'penaltyIssued' },
  }),
  classLimit('illegalConstruction', 20, 'workingDays', 'Illegal construction (私搭乱建): demolished'),
  classLimit('exposedRubbish', 4, 'workingHours', 'Exposed rubbish (暴露垃圾): cleared'),
  classLimit('constructionWaste', 4, 'workingHours', 'Construction waste (建筑垃圾): cleared'),
  classLimit('spoilHeap', 2, 'workingDays', 'Spoil heap (渣土堆放): cleared'),
  classLimit('roadNotCleaned', 2, 'workingHours', 'Road not cleaned after 08:00 (道路不洁): clean'),
  classLimit('standingWater', 4, 'workingHours', 'Standing water on the road (道路积水): cleared'),
  classLimit('greenSpaceLitter', 4, 'workingHours', 'Litter in green space (绿地脏乱): cleared'),
  classLimit('deadVegetation', 5, 'workingDays', 'Dead or missing vegetation (绿化缺损): replanted'),
];

/**
 * The five fixes of grid work (五定), recorded when the centre files an event: the matter
 * (定事), the grid it belongs to (定格), the person in charge of it (定人), the unit
 * responsible (定责) and the condition that closes it (定结).
 */
export const FiveFixes = t.type({ matter: Text, grid: Id, person: Id, responsibility: Id, closure: Text }, 'FiveFixes');

/** A performance score given to a closed-out event (0–100). */
const Score = refine(t.number, (n) => Number.isSafeInteger(n) && n >= 0 && n <= 100, 'Score (a whole number from 0 to 100)');

/** Evidence of work on the spot: ids of photos or documents kept beside the case. */
const Evidence = t.readonlyArray(Id);

/** The stages of a grid event while it is open (everything but `closed` and `cancelled`). */
const IN_PROGRESS = ['filed', 'dispatched', 'inHandling', 'parkRequested', 'parked', 'disposed', 'rework'];

/** The units a guard compares: the actor's and the one holding the event. */
const ACTOR_UNIT = { path: 'actor.unit' } as const;
const HOLDING_UNIT = { path: 'state.handlingUnit' } as const;

/**
 * A grid event (网格事件, docs/domain.md §3c; docs/grid-event-workflow.md): a matter in
 * public space reported by a grid worker's or inspector's patrol, a citizen, video, a
 * superior, the hotline or the media (G1); verified on site when the source is not an
 * inspector's (G2); filed with the five fixes, or cancelled; dispatched to a responsible
 * unit, which starts the class's time limit in working hours or days (G3); accepted by that
 * unit (G4) or returned with reasons (G5); extended (G6) or parked after the centre's check
 * (G7); disposed with evidence (G8); checked on site, then closed or reworked (G9, G10);
 * supervised (G11) and scored (G12). A grid worker may resolve a small matter on the spot
 * and file it for the record (小事不出网格).
 */
export const gridEventWorkflow = defineWorkflow({
  id: 'gridEvent',
  version: 1,
  title: 'Grid event (网格事件)',
  stages: [
    { id: 'reported', label: '已上报', status: 'unreviewed' },
    { id: 'verifying', label: '核实中', status: 'unreviewed' },
    { id: 'cancelled', label: '注销', status: 'rejected' },
    { id: 'filedForRecord', label: '备案（网格内办结）', status: 'handled' },
    { id: 'filed', label: '已立案', status: 'pending' },
    { id: 'dispatched', label: '已派遣（待受理）', status: 'pending' },
    { id: 'inHandling', label: '处理中', status: 'pending' },
    { id: 'parkRequested', label: '申请挂账', status: 'pending' },
    { id: 'parked', label: '挂账', status: 'pending' },
    { id: 'disposed', label: '已处置（待核查）', status: 'pending' },
    { id: 'rework', label: '返工', status: 'pending' },
    { id: 'checked', label: '核查通过', status: 'handled' },
    { id: 'evaluated', label: '已评价', status: 'handled' },
    { id: 'convertedToMediation', label: '已转调解（访调对接）', status: 'handled' },
    { id: 'closed', label: '结案', status: { byOutcome: { rejected: 'rejected' }, otherwise: 'handled' }, terminal: true },
  ],
  roles: [
    { id: 'citizen', label: '群众', scope: 'citizen' },
    { id: 'gridWorker', label: '网格员', scope: 'staff' },
    { id: 'gridChief', label: '网格长', scope: 'staff' },
    { id: 'inspector', label: '监督员', scope: 'staff' },
    { id: 'intakeClerk', label: '受理员', scope: 'staff' },
    { id: 'shiftLead', label: '值班长', scope: 'staff' },
    { id: 'dispatcher', label: '派遣员', scope: 'staff' },
    { id: 'unitHandler', label: '承办人', scope: 'staff' },
    { id: 'leaderInCharge', label: '分管领导', scope: 'staff' },
  ],
  commands: {
    ResolveOnTheSpot: { payload: { action: Text, evidence: Evidence }, emits: 'ResolvedOnTheSpot', label: '就地解决（备案）' },
    RequestVerification: { payload: { note: Text }, emits: 'VerificationRequested', label: '信息核实' },
    VerifyOnSite: { payload: { confirmed: t.boolean, findings: Text }, emits: 'SiteVerified', label: '现场核实' },
    FileEvent: { payload: { fiveFixes: FiveFixes }, emits: 'EventFiled', label: '立案（五定）' },
    AcceptEvent: { payload: { note: t.union([Text, t.null]) }, emits: 'EventAccepted', label: '受理' },
    RecordInterimMeasure: { payload: { measure: oneOf(['workStopped', 'penaltyIssued'], 'InterimMeasure'), note: Text }, emits: 'InterimMeasureRecorded', label: '阶段处置' },
    DisposeEvent: { payload: { result: Text, evidence: Evidence }, emits: 'EventDisposed', label: '处置反馈' },
    RecordCheck: { payload: { result: oneOf(['passed', 'failed'], 'CheckResult'), findings: Text }, emits: 'CheckRecorded', outcome: 'result', label: '核查' },
    StartRework: { payload: { note: t.union([Text, t.null]) }, emits: 'ReworkStarted', label: '返工' },
    RequestPark: { payload: { explanation: Text }, emits: 'ParkRequested', label: '申请挂账' },
    DecidePark: { payload: { decision: oneOf(['approved', 'refused'], 'ParkDecision'), note: Text }, emits: 'ParkDecided', outcome: 'decision', label: '挂账审核' },
    LiftPark: { payload: { reason: Text }, emits: 'ParkLifted', label: '解除挂账' },
    EvaluateEvent: { payload: { score: Score, note: t.union([Text, t.null]) }, emits: 'EventEvaluated', label: '综合评价' },
  },
  channels: ['patrol', 'citizen', 'video', 'superior', 'hotline', 'media'],
  onlineChannels: ['citizen'],
  categories: [...CLASSES, DISPUTE],
  rejectionReasons: ['notConfirmedOnSite', 'notInCatalogue', 'duplicate', 'outOfArea', 'alreadyResolved'],
  tracks: [],
  pauseReasons: [],
  referralRoutes: [],
  transitions: [
    { command: 'Submit', from: ['new'], to: 'reported', roles: ['gridWorker', 'inspector', 'intakeClerk', 'citizen'] },
    { command: 'Escalate', from: ['reported', 'filed'], to: 'same', roles: ['gridWorker', 'gridChief', 'intakeClerk', 'shiftLead'] },
    { command: 'ResolveOnTheSpot', from: ['reported'], to: 'filedForRecord', roles: ['gridWorker'] },
    { command: 'RequestVerification', from: ['reported'], to: 'verifying', roles: ['intakeClerk', 'shiftLead'] },
    { command: 'VerifyOnSite', from: ['verifying'], to: 'same', roles: ['inspector', 'gridWorker'] },
    { command: 'FileEvent', from: ['reported', 'verifying'], to: 'filed', roles: ['shiftLead'] },
    { command: 'Review', outcome: 'rejected', from: ['reported', 'verifying'], to: 'cancelled', roles: ['intakeClerk', 'shiftLead'] },
    { command: 'Dispatch', from: ['filed'], to: 'dispatched', roles: ['dispatcher', 'shiftLead'] },
    { command: 'AcceptEvent', from: ['dispatched'], to: 'inHandling', roles: ['unitHandler'] },
    { command: 'ReturnToSender', outcome: 'toOwner', from: ['dispatched', 'inHandling'], to: 'filed', roles: ['unitHandler'] },
    { command: 'ReturnToSender', outcome: 'toUnit', from: ['dispatched', 'inHandling'], to: 'filed', roles: ['unitHandler'] },
    { command: 'RecordInterimMeasure', from: ['inHandling'], to: 'same', roles: ['unitHandler'] },
    { command: 'ExtendDeadline', from: ['dispatched', 'inHandling', 'parkRequested'], to: 'same', roles: ['shiftLead', 'leaderInCharge'] },
    { command: 'RequestPark', from: ['inHandling'], to: 'parkRequested', roles: ['unitHandler'] },
    { command: 'DecidePark', outcome: 'approved', from: ['parkRequested'], to: 'parked', roles: ['shiftLead'] },
    { command: 'DecidePark', outcome: 'refused', from: ['parkRequested'], to: 'inHandling', roles: ['shiftLead'] },
    { command: 'LiftPark', from: ['parked'], to: 'inHandling', roles: ['shiftLead'] },
    { command: 'DisposeEvent', from: ['inHandling'], to: 'disposed', roles: ['unitHandler'] },
    { command: 'RecordCheck', outcome: 'passed', from: ['disposed'], to: 'checked', roles: ['inspector'] },
    { command: 'RecordCheck', outcome: 'failed', from: ['disposed'], to: 'rework', roles: ['inspector'] },
    { command: 'StartRework', from: ['rework'], to: 'inHandling', roles: ['unitHandler'] },
    { command: 'RaiseSupervision', from: IN_PROGRESS, to: 'same', roles: ['leaderInCharge'] },
    { command: 'EvaluateEvent', from: ['checked'], to: 'evaluated', roles: ['shiftLead'] },
    { command: 'LinkCase', outcome: 'convertedTo', from: ['reported', 'verifying', 'filed'], to: 'convertedToMediation', roles: ['gridWorker', 'intakeClerk', 'shiftLead'] },
    { command: 'Close', from: ['filedForRecord', 'convertedToMediation'], to: 'closed', roles: ['gridChief', 'shiftLead'] },
    { command: 'Close', from: ['cancelled', 'evaluated', 'parked'], to: 'closed', roles: ['shiftLead'] },
  ],
  guards: [
    {
      id: 'patrolByFieldStaff',
      commands: ['Submit'],
      when: { compare: [{ path: 'command.channel' }, '==', { value: 'patrol' }] },
      require: { actorRole: ['gridWorker', 'inspector'] },
      rejection: { code: 'PatrolNeedsFieldStaff', message: 'A patrol report (巡查上报) comes from a grid worker or an inspector; record a report from anyone else under its own source.' },
    },
    {
      id: 'verifiedBeforeFiling',
      commands: ['FileEvent'],
      when: { oneOf: [{ path: 'state.channel' }, ['citizen', 'hotline', 'media']] },
      require: { compare: [{ path: 'state.facts.SiteVerified.data.confirmed' }, '==', { value: true }] },
      rejection: {
        code: 'OnSiteVerificationRequired',
        message:
          'A report from a citizen, the hotline or the media is filed only after an inspector confirmed it on site (信息核实); request verification, or cancel the report if it was not confirmed.',
      },
    },
    {
      id: 'actorIsTheAddressedUnit',
      commands: ['AcceptEvent', 'ReturnToSender', 'RecordInterimMeasure', 'DisposeEvent', 'RequestPark', 'StartRework'],
      require: { compare: [ACTOR_UNIT, '==', HOLDING_UNIT] },
      rejection: { code: 'NotAddressedToUnit', message: 'Only the unit the event was dispatched to accepts, returns, handles or disposes of it; act as staff of the unit holding the event.' },
    },
    {
      id: 'centreDecides',
      commands: ['DecidePark', 'ExtendDeadline', 'RecordCheck'],
      require: { compare: [ACTOR_UNIT, '!=', HOLDING_UNIT] },
      rejection: {
        code: 'CentreMustDecide',
        message: 'The unit handling an event neither approves its own park or extension nor checks its own work; the centre (a unit owning or above the event) does.',
      },
    },
    {
      id: 'evidenceOfWork',
      commands: ['DisposeEvent', 'ResolveOnTheSpot'],
      require: { compare: [{ path: 'command.evidence.length' }, '>=', { value: 1 }] },
      rejection: { code: 'EvidenceRequired', message: 'A disposal or an on-the-spot resolution needs evidence (a photo or document id, 处置图片); attach at least one.' },
    },
    {
      id: 'onTheSpotInTheGrid',
      commands: ['ResolveOnTheSpot'],
      require: { all: [{ oneOf: [{ path: 'state.handlingLevel' }, ['grid', 'microGrid']] }, { compare: [ACTOR_UNIT, '==', HOLDING_UNIT] }] },
      rejection: {
        code: 'OnTheSpotOnlyInTheGrid',
        message: 'Only the grid worker of the grid or micro-grid holding the report resolves it on the spot (小事不出网格); once it left the grid, file it and dispatch it instead.',
      },
    },
  ],
  deadlines: CLASS_LIMITS,
  closeRequiresCallback: {},
  closingOutcomes: { cancelled: 'rejected', evaluated: 'settled', filedForRecord: 'settled', parked: 'notSettled', convertedToMediation: 'notSettled' },
  competence: {
    sanitation: ['exposedRubbish', 'constructionWaste', 'spoilHeap', 'roadNotCleaned', 'standingWater'],
    parks: ['greenSpaceLitter', 'deadVegetation'],
    urbanEnforcement: ['illegalConstruction', 'constructionWaste', 'spoilHeap'],
    laborBureau: [],
  },
  escalationCeiling: 'district',
  // Patrol apps work offline: reports and on-site checks reach the system within a day; the
  // time limits run in working hours, so nothing else is dated back (docs/writing-workflows.md).
  backdating: { maxMs: 24 * 60 * 60_000, roles: ['gridWorker', 'inspector'] },
});
