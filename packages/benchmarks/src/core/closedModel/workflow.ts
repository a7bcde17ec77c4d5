// FROZEN BASELINE COPY of packages/core/src/workflow/workflow.ts at 19d41f0 (unchanged): see ./index.ts.
/**
 * Workflow rules as versioned data: which command may run in which stage and
 * by which role, which deadlines start, stop and may be extended, and what a case needs
 * before it closes. Every event records the workflow id and version that decided it.
 */

/** The internal stages of a case; `new` is the state before the first event. */
export const STAGES = [
  'new',
  'submitted',
  'rejected',
  'accepted',
  'routed',
  'inMediation',
  'agreement',
  'noAgreement',
  'withdrawn',
  'notarized',
  'closed',
] as const;
/** One of {@link STAGES}: where a case is in its lifecycle. */
export type Stage = (typeof STAGES)[number];

/** Staff and citizen roles (docs/domain.md §4). */
export const ROLES = [
  'requester',
  'intakeClerk',
  'dispatcher',
  'gridWorker',
  'mediator',
  'notary',
  'leaderInCharge',
  'followUpAgent',
] as const;
/** One of {@link ROLES}: who acts on a case. */
export type Role = (typeof ROLES)[number];

/** A test on an event: its type, and optionally one data field's value. */
export interface EventMatch {
  readonly type: string;
  readonly field?: string;
  readonly equals?: string;
}

/** A statutory or local deadline, as data with its legal basis. */
export interface DeadlineRule {
  readonly id: string;
  readonly label: string;
  /** Where the rule comes from, e.g. `劳动争议调解仲裁法 Art 14`. */
  readonly basis: string;
  readonly amount: number;
  readonly unit: 'calendarDays' | 'workingDays' | 'workingHours';
  readonly startsOn: EventMatch;
  readonly stopsOn: readonly EventMatch[];
  /** Only cases of these categories (all when absent). */
  readonly categories?: readonly string[];
  /** Never cases of these categories. */
  readonly excludeCategories?: readonly string[];
  /** The most an extension may add in total, in the rule's unit; 0 = not extendable. */
  readonly maxExtension: number;
}

/** One allowed move: a command (with an outcome where it has several) from some stages to one. */
export interface Transition {
  readonly command: string;
  readonly outcome?: string;
  readonly from: readonly Stage[];
  /** The stage after the command; `same` for commands that keep the stage. */
  readonly to: Stage | 'same';
  readonly roles: readonly Role[];
}

/** A versioned workflow definition. */
export interface Workflow {
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly channels: readonly string[];
  /** The channels counted as online (the centre's "online share"). */
  readonly onlineChannels: readonly string[];
  readonly categories: readonly string[];
  readonly rejectionReasons: readonly string[];
  readonly tracks: readonly string[];
  readonly pauseReasons: readonly string[];
  readonly referralRoutes: readonly string[];
  readonly transitions: readonly Transition[];
  readonly deadlines: readonly DeadlineRule[];
  /** The call-back purpose a case needs before it may close from a stage (none when absent). */
  readonly closeRequiresCallback: Readonly<Partial<Record<Stage, string>>>;
}

/** `id@version`, the provenance label written into every event. */
export const workflowLabel = (workflow: Pick<Workflow, 'id' | 'version'>): string => `${workflow.id}@${workflow.version}`;
