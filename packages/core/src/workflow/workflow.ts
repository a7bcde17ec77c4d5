/**
 * A workflow is the whole definition of a case kind, as versioned, typed data: its stages
 * (each shown to the citizen as one of four public statuses), its roles, the commands it
 * allows on top of the shared lifecycle (each with an io-ts payload codec and the event it
 * records), transitions (command × outcome × from-stages × roles → stage), guards (declarative
 * conditions with the rejection code and message the workflow declares), deadlines that start
 * and stop on events, closing requirements, the competence of departments by category and
 * the escalation ceiling. A user adds a case kind by writing one such value, without
 * touching core; `checkWorkflow` says what is wrong with one. Every event records the
 * workflow id and version that decided it, and the stage and status it led to.
 */
import type * as t from 'io-ts';
import type { TerritorialLevel } from '../jurisdictions/unit.js';
import type { PublicStatus } from '../status/publicStatusLabels.js';
import type { Condition } from './condition.js';

/** The stage of every case before its first event. */
export const NEW_STAGE = 'new';

/** What a stage shows the citizen: one of the four statuses, or one chosen by the closing outcome. */
export type StageStatus = PublicStatus | { readonly byOutcome: Readonly<Record<string, PublicStatus>>; readonly otherwise: PublicStatus };

/** One stage of a case kind. */
export interface StageDefinition {
  readonly id: string;
  readonly label?: string;
  readonly status: StageStatus;
  /** A terminal stage is never left: no transition may start from it. */
  readonly terminal?: boolean;
}

/**
 * Who acts in a role, which decides how the actor is checked: `staff` act for a unit of the
 * jurisdiction directory that holds, owns or supervises the case; a `citizen` acts only on
 * cases where they are a party (their actor id is the party's subject id) and submits only
 * online; an `external` actor (a notary office) acts for a body outside the directory.
 */
export type RoleScope = 'staff' | 'citizen' | 'external';

/** One role of a case kind. */
export interface RoleDefinition {
  readonly id: string;
  readonly label?: string;
  readonly scope: RoleScope;
}

/**
 * A command a workflow adds to the shared lifecycle: its payload (io-ts props; the command is
 * `{ type, commandId, caseId, ...payload }`) and the event it records, whose data is the
 * decoded payload. With `outcome`, the value of that payload field selects the transition row.
 */
export interface WorkflowCommand {
  readonly payload: t.Props;
  readonly emits: string;
  readonly outcome?: string;
  readonly label?: string;
}

/** A test on an event: its type, and optionally one data field's value. */
export interface EventMatch {
  readonly type: string;
  readonly field?: string;
  readonly equals?: string | boolean | number;
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
  readonly from: readonly string[];
  /** The stage after the command; `same` for commands that keep the stage. */
  readonly to: string;
  readonly roles: readonly string[];
}

/**
 * A rule the core checks before a command is decided: for the listed commands, when `when`
 * holds (always, if absent), `require` must hold, or the command is refused with the
 * workflow's own rejection code and message.
 */
export interface Guard {
  readonly id: string;
  readonly commands: readonly string[];
  readonly when?: Condition;
  readonly require: Condition;
  readonly rejection: { readonly code: string; readonly message: string };
}

/** What a closing call-back must be: its purpose, and how many unanswered attempts count as done. */
export interface CallbackRequirement {
  readonly purpose: string;
  /**
   * A call-back that reached the citizen satisfies the requirement; this many attempts that
   * did not reach them satisfy it too (absent: only a reached call-back counts).
   */
  readonly attemptsSuffice?: number;
}

/**
 * How far in the past a fact may be dated: a command's time (`now`, the events' `occurredAt`)
 * against the time it is recorded (`DecisionContext.recordedAt`, the command handler's clock).
 * Anyone may date a fact up to `toleranceMs` back (a form filled in before it is sent); only
 * the listed roles (those who record, after the fact, what happened away from a screen: a
 * mediation session in a village, a patrol, a call-back) may date it further back, and never
 * more than `maxMs`. A backdated fact decides on-time figures, so a late review dated back
 * would count as met: the core refuses what the policy does not allow (`BackdatingNotAllowed`).
 */
export interface BackdatingPolicy {
  /** The most any role may date a fact before the recording time, in ms; default {@link DEFAULT_BACKDATING_TOLERANCE_MS}. */
  readonly toleranceMs?: number;
  /** The most a listed role may date a fact before the recording time, in ms (at least `toleranceMs`). */
  readonly maxMs: number;
  /** The roles that may date a fact more than `toleranceMs` back (none: nobody may). */
  readonly roles: readonly string[];
}

/** Default of {@link BackdatingPolicy.toleranceMs}: five minutes, as the command handler's tolerance for clocks ahead. */
export const DEFAULT_BACKDATING_TOLERANCE_MS = 5 * 60_000;

/** A versioned workflow definition: the whole of a case kind. */
export interface Workflow {
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly stages: readonly StageDefinition[];
  readonly roles: readonly RoleDefinition[];
  /** The commands this kind adds to the shared lifecycle, by command type. */
  readonly commands?: Readonly<Record<string, WorkflowCommand>>;
  readonly channels: readonly string[];
  /** The channels counted as online (the centre's "online share"); citizens submit only through these. */
  readonly onlineChannels: readonly string[];
  readonly categories: readonly string[];
  readonly rejectionReasons: readonly string[];
  readonly tracks: readonly string[];
  readonly pauseReasons: readonly string[];
  readonly referralRoutes: readonly string[];
  readonly transitions: readonly Transition[];
  readonly guards?: readonly Guard[];
  readonly deadlines: readonly DeadlineRule[];
  /**
   * The call-back a case needs before it may close from a stage (none when absent). A bare
   * purpose (version 1 of the mediation workflow) is satisfied by any call-back of that purpose.
   */
  readonly closeRequiresCallback: Readonly<Partial<Record<string, string | CallbackRequirement>>>;
  /** The outcome a case closes with, by the stage it closes from (the mediation outcomes when absent). */
  readonly closingOutcomes?: Readonly<Partial<Record<string, 'rejected' | 'settled' | 'notSettled' | 'withdrawn'>>>;
  /**
   * Which categories each kind of functional department takes (`departmentKind` of the
   * directory's units). A department whose kind is listed takes only those categories;
   * absent, any department takes any category.
   */
  readonly competence?: Readonly<Record<string, readonly string[]>>;
  /** The highest level a case of this kind may be escalated to (the city when absent). */
  readonly escalationCeiling?: TerritorialLevel;
  /**
   * How far in the past a fact may be dated, and by whom (see {@link BackdatingPolicy}).
   * Absent: any date before the recording time is accepted (version 1 of the mediation
   * workflow, whose histories were decided so); the gap is still recorded and reported.
   */
  readonly backdating?: BackdatingPolicy;
}

/** `id@version`, the provenance label written into every event. */
export const workflowLabel = (workflow: Pick<Workflow, 'id' | 'version'>): string => `${workflow.id}@${workflow.version}`;

/**
 * Returns its argument: a typed way to write a workflow, so TypeScript checks it as a
 * {@link Workflow} and keeps its literal command names for {@link WorkflowCommandType}.
 */
export const defineWorkflow = <const W extends Workflow>(workflow: W): W => workflow;

/** The command types a workflow adds, e.g. `'AnswerOnTheSpot'`. */
export type WorkflowCommandType<W extends Workflow> = NonNullable<W['commands']> extends Readonly<Record<infer K, WorkflowCommand>> ? K & string : never;

/** The command of type `K` that workflow `W` adds: `{ type, commandId, caseId, ...payload }`. */
export type WorkflowCommandOf<W extends Workflow, K extends WorkflowCommandType<W>> = {
  readonly type: K;
  readonly commandId: string;
  readonly caseId: string;
} & t.TypeOf<t.TypeC<NonNullable<W['commands']>[K]['payload']>>;

/** The event workflow `W` records for its command `K`: `{ type, data, meta }`. */
export type WorkflowEventOf<W extends Workflow, K extends WorkflowCommandType<W>> = {
  readonly type: NonNullable<W['commands']>[K]['emits'];
  readonly data: t.TypeOf<t.TypeC<NonNullable<W['commands']>[K]['payload']>>;
};

/** The rejection codes a workflow's guards declare. */
export type WorkflowRejectionCode<W extends Workflow> = W['guards'] extends readonly (infer G)[] ? (G extends Guard ? G['rejection']['code'] : never) : never;
