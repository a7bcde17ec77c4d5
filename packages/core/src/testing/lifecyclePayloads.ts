import { type CaseState, type JurisdictionDirectory, type RoleScope, type Workflow, escalationTarget, isWithinReach } from '../index.js';

/** What a default payload is chosen from: the command row, the case, and one random number. */
export interface PayloadSituation {
  readonly type: string;
  /** The outcome of the transition row the step picked, if it names one. */
  readonly outcome: string | undefined;
  /** The scope of the acting role (a citizen submits through an online channel). */
  readonly scope: RoleScope | undefined;
  readonly state: CaseState;
  readonly workflow: Workflow;
  readonly directory: JurisdictionDirectory;
  readonly caseId: string;
  /** The step's random number: every choice below is read from its bits. */
  readonly alt: number;
  /** A wild step names any unit, not one within reach or one level up. */
  readonly wild: boolean;
}

const choose = <T>(items: readonly T[], n: number): T => items[n % items.length] as T;

const SATISFACTION = ['verySatisfied', 'satisfied', 'basicallySatisfied', 'dissatisfied', 'veryDissatisfied'];

/** The subject id of the applicant of every generated case (a citizen acts under this id). */
export const applicantOf = (caseId: string): string => `${caseId}-a`;

/**
 * A payload for a command of the shared lifecycle (`Submit`, `Review`, … `RaiseSupervision`, `LinkCase`),
 * chosen from the workflow's own lists (channels, categories, reasons, tracks, routes) and
 * from the state and directory (a unit within reach, the unit one level up, a running
 * clock), so that most are valid; `undefined` for a command that is not the lifecycle's.
 */
export const lifecyclePayload = (s: PayloadSituation): Record<string, unknown> | undefined => {
  const { workflow, directory, state, caseId, alt: a } = s;
  const units = [...directory.units.keys()];
  const here = state.handlingUnit ?? '';
  switch (s.type) {
    case 'Submit': {
      const territorial = units.filter((u) => directory.units.get(u)?.level !== 'department');
      const receivingUnit = choose(territorial, a);
      const channels = s.scope === 'citizen' && workflow.onlineChannels.length > 0 ? workflow.onlineChannels : workflow.channels;
      return {
        channel: choose(channels, a >> 2),
        category: choose(workflow.categories, a >> 3),
        summary: `Generated request ${caseId}`,
        receivingUnit,
        area: receivingUnit,
        claimedAmountFen: a % 4 === 0 ? null : (a % 97) * 100_000,
        parties: [{ subjectId: applicantOf(caseId), side: 'applicant', pii: { name: `Applicant ${caseId}`, phone: '13800000000', idNumber: null } }],
      };
    }
    case 'Review':
      return s.outcome === 'rejected'
        ? { decision: { outcome: 'rejected', reason: choose(workflow.rejectionReasons, a), note: 'Generated rejection' } }
        : { decision: { outcome: 'accepted', note: null } };
    case 'Dispatch': {
      const reachable = units.filter((u) => isWithinReach(directory, here, u));
      return { to: s.wild || reachable.length === 0 ? choose(units, a) : choose(reachable, a), reason: null };
    }
    case 'Escalate':
      return { to: s.wild ? choose(units, a) : (escalationTarget(directory, here)?.id ?? choose(units, a)), reason: 'Generated escalation' };
    case 'ReturnToSender':
      return { reason: 'Generated return' };
    case 'StartMediation':
      return { track: choose(workflow.tracks, a) };
    case 'RecordMediation':
      // Half the agreements are written with payment terms, so they can be notarized.
      return s.outcome === 'agreement'
        ? {
            result: {
              outcome: 'agreement',
              form: a % 4 === 0 ? 'oral' : 'written',
              terms: 'Generated terms',
              amountFen: (a % 50) * 100_000,
              paymentTerms: a % 4 === 1 ? null : { dueDate: '2027-01-31', instalments: 1 + (a % 6) },
            },
          }
        : { result: { outcome: s.outcome ?? 'noAgreement', reason: 'Generated end' } };
    case 'Notarize':
      return { notaryOffice: 'notary-1', certificateNo: `cert-${caseId}` };
    case 'RecordCallback': {
      const reached = a % 5 !== 0;
      return { purpose: state.stage === 'rejected' ? 'rejectionExplained' : 'followUp', reached, satisfaction: reached ? choose(SATISFACTION, a >> 1) : null, note: null };
    }
    case 'Close':
      return { referredTo: state.stage === 'noAgreement' && a % 2 === 0 ? choose(workflow.referralRoutes, a) : null, note: null };
    case 'Withdraw':
      return { reason: 'Generated withdrawal' };
    case 'ExtendDeadline':
    case 'PauseClock':
    case 'ResumeClock': {
      const running = Object.keys(state.clocks).filter((r) => state.clocks[r]?.stoppedAt === null);
      const rule = running.length > 0 ? choose(running, a) : (workflow.deadlines[0]?.id ?? 'review');
      if (s.type === 'ExtendDeadline') return { rule, by: 1 + (a % 5), reason: 'Generated extension' };
      return s.type === 'PauseClock' ? { rule, reason: choose(workflow.pauseReasons, a) } : { rule };
    }
    case 'RaiseSupervision':
      return { level: a % 2 === 0 ? 'yellow' : 'red', reason: 'Generated supervision' };
    case 'LinkCase':
      // The relation is the transition's outcome (`convertedTo` when it names none); the other case is made up.
      return { linkedCaseId: `${caseId}-linked-${a % 5}`, kind: 'mediation', relation: s.outcome ?? 'convertedTo', note: a % 2 === 0 ? null : 'Generated link' };
    default:
      return undefined;
  }
};
