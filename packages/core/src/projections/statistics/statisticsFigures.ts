import type { JurisdictionDirectory } from '../../jurisdictions/directory.js';
import type { Workflow } from '../../workflow/workflow.js';
import type { Counts } from '../shared/counts.js';

/** Options of {@link statisticsReport}. */
export interface StatisticsReportOptions {
  /** Only cases submitted at or after this: an ISO-8601 UTC instant, or a `YYYY-MM-DD` date (local midnight on the calendar). */
  readonly from?: string;
  /** Only cases submitted before this (exclusive); same forms as `from`, and after `from` when both are given. */
  readonly to?: string;
  /**
   * Channels counted as online, for every kind. Default: each kind's own `onlineChannels`
   * (from `workflows`; the mediation workflow's for a kind not among them).
   */
  readonly onlineChannels?: readonly string[];
  /** The workflows whose `onlineChannels` say what is online for their kind (every version of an id together). Default: `shippedWorkflows`. */
  readonly workflows?: readonly Workflow[];
  /** Only cases of this kind (a workflow id, e.g. `mediation` or `legalAid`); all kinds when absent. */
  readonly workflow?: string;
  /** The category counted as labour disputes. Default: `labour`. */
  readonly labourCategory?: string;
  /**
   * Only cases handled at this unit or below it: mediated there, or (not mediated) held there
   * now — e.g. a sub-district's figures, or the labour bureau's beside the centre's. Needs
   * `directory`.
   */
  readonly unit?: string;
  /** The jurisdiction directory, to tell which units lie below `unit`. */
  readonly directory?: JurisdictionDirectory;
}

/** The figures of one case kind (a workflow id). */
export interface KindFigures {
  /** Cases of the kind submitted in the period. */
  readonly received: number;
  readonly byChannel: Counts;
  /** Submitted through one of the kind's online channels. */
  readonly online: number;
  readonly onlineShare: number | null;
  /** Cases by the public status they show now (未审核/待办理/已处理/已拒绝). */
  readonly byStatus: Counts;
  /** Cases that show 已处理 (handled) now, closed or not. */
  readonly handled: number;
  readonly closed: number;
  readonly closedByOutcome: Counts;
  /** Cases that recorded each of the kind's own events (not the shared lifecycle's) at least once, by event type. */
  readonly ownEvents: Counts;
}

/** The published figures of one unit or department: of the cases handled there (mediated there, or, never mediated, held there now). */
export interface UnitFigures {
  /** Cases handled at the unit, by kind (workflow id). */
  readonly byKind: Counts;
  /** Mediations that ended there. */
  readonly mediated: number;
  /** Of which the case came in online. */
  readonly mediatedOnline: number;
  /** Claimed amounts of the cases mediated there, integer fen. */
  readonly amountInvolvedFen: number;
  /** Labour-dispute mediations that ended there. */
  readonly labourMediated: number;
  /** Amounts agreed in those labour mediations, integer fen. */
  readonly labourAgreedFen: number;
  readonly consultations: number;
  readonly onlineConsultations: number;
  /** Legal-aid applications granted there (legal-aid cases). */
  readonly legalAidCases: number;
}

/** The published figures of a period (DOMAIN.md §6 identifiers in brackets). */
export interface StatisticsReport {
  /** The resolved period as UTC instants; `null` for an open end. */
  readonly period: { readonly from: string | null; readonly to: string | null };
  /** The unit the figures are for (with every unit below it); `null` for the whole store. */
  readonly unit: string | null;
  /** The kind the figures are for (a workflow id); `null` for every kind. */
  readonly workflow: string | null;
  /** The figures of each case kind, by workflow id. */
  readonly byKind: Readonly<Record<string, KindFigures>>;
  /** The figures of each unit and department where cases were handled, by unit id. */
  readonly byUnit: Readonly<Record<string, UnitFigures>>;
  /** The one-stop centre's legal services (the `legalConsultation` and `legalAid` kinds). */
  readonly legalServices: {
    readonly consultations: {
      /** Consultations received [`legalConsultationCount`]. */
      readonly total: number;
      /** Received through an online channel (网上咨询). */
      readonly online: number;
      /** Received on site (at a window). */
      readonly onSite: number;
      readonly answered: number;
      readonly referred: number;
    };
    readonly legalAid: {
      readonly applications: number;
      readonly online: number;
      /** Applications granted: the legal-aid cases [`legalAidCaseCount`]. */
      readonly granted: number;
      readonly refused: number;
      /** Granted applications a provider was assigned to. */
      readonly assigned: number;
    };
  };
  readonly intake: {
    /** Cases submitted in the period [`intakeCount`]. */
    readonly total: number;
    readonly byChannel: Counts;
    /** Submitted through an online channel [`onlineCaseCount`]. */
    readonly online: number;
    readonly onlineShare: number | null;
    readonly byCategory: Counts;
    readonly labour: number;
    /** Labour disputes ÷ intake (the source: over 60%). */
    readonly labourShare: number | null;
  };
  readonly review: {
    /** Accepted [`filedCount`]. */
    readonly accepted: number;
    readonly rejected: number;
    readonly rejectedByReason: Counts;
    /** Neither accepted nor rejected (still unreviewed, or withdrawn before review). */
    readonly notReviewed: number;
  };
  readonly mediation: {
    readonly started: number;
    /** Mediations that ended (`Mediated`): agreement, no agreement or withdrawn — the cases mediated. */
    readonly ended: number;
    /** Ended mediations of cases that came in online (网上案件). */
    readonly online: number;
    /** Claimed amounts of the cases whose mediation ended, integer fen [`amountInvolvedCny`, ×100: the money at stake in mediated cases]. */
    readonly amountInvolvedFen: number;
    readonly byOutcome: Counts;
    /** Ended mediations by track [`peopleMediationCount` / `administrativeMediationCount` / `judicialMediationCount`]. */
    readonly byTrack: Counts;
    /** Agreements ÷ mediations ended [`mediationSuccessRate`]. */
    readonly successRate: number | null;
    /** Ended mediations by the unit that mediated them. */
    readonly byUnit: Counts;
    /**
     * Labour-dispute mediations (the labour bureau's figure; the category given as `labourCategory`),
     * with the amounts agreed in them (`agreedFen`, integer fen: the nearest recorded figure to the
     * amounts recovered, which no event records).
     */
    readonly labour: { readonly started: number; readonly ended: number; readonly agreements: number; readonly successRate: number | null; readonly agreedFen: number };
  };
  readonly amounts: {
    /** Sum of agreed amounts, integer fen. */
    readonly agreedFen: number;
    readonly agreements: number;
    /** Sum of claimed amounts of every request submitted, rejected ones included, integer fen (what citizens brought). */
    readonly claimedFen: number;
    /** Requests that stated a claimed amount. */
    readonly claims: number;
    /** Sum of claimed amounts of accepted cases only, integer fen [`amountInvolvedCny`, ×100]: the amount involved in the centre's work. */
    readonly acceptedClaimedFen: number;
    readonly acceptedClaims: number;
    /** Sum of claimed amounts of rejected requests, integer fen (kept apart from the amount involved). */
    readonly rejectedClaimedFen: number;
    readonly rejectedClaims: number;
  };
  /** Agreements notarized with enforcement effect (赋强公证). */
  readonly notarized: number;
  readonly closure: {
    readonly closed: number;
    readonly byOutcome: Counts;
    /** Accepted cases settled ÷ accepted [`settlementRate`]. */
    readonly settlementRate: number | null;
    /** Closed cases every deadline of which stopped by its due time. */
    readonly onTime: number;
    /** `onTime ÷ closed` [`onTimeClosureRate`, with closed cases as the denominator]. */
    readonly onTimeClosureRate: number | null;
    /**
     * Of the on-time closures, those on time only by the date of a fact recorded after a due
     * time: a deadline whose stop is dated by its due time but was recorded after it ("on time,
     * recorded late"). Still counted in `onTime`: the date is the fact's, the policy allowed it.
     */
    readonly onTimeRecordedLate: number;
    /** Stopped deadlines by rule, how many stopped by their due time, and of those how many only by a fact recorded after it. */
    readonly deadlinesByRule: Readonly<Record<string, { readonly stopped: number; readonly metOnTime: number; readonly metOnTimeRecordedLate: number }>>;
  };
  /** Events recorded more than an hour after they happened (`RECORDED_LATE_AFTER_MS`), and the cases with any. */
  readonly recordedLate: { readonly events: number; readonly cases: number };
  readonly callbacks: {
    readonly made: number;
    readonly reached: number;
    /** Call-backs with a satisfaction answer. */
    readonly answered: number;
    readonly bySatisfaction: Counts;
    /** (very satisfied + satisfied) ÷ answered [`satisfactionRate`]. */
    readonly satisfactionRate: number | null;
    /** (very satisfied + satisfied + basically satisfied) ÷ answered; whether "basically" counts is unverified. */
    readonly satisfactionRateWithBasic: number | null;
  };
  readonly escalation: {
    readonly escalations: number;
    readonly casesEscalated: number;
  };
}

/** What a report states besides its figures: its period, unit and kind. */
export type ReportHeading = Pick<StatisticsReport, 'period' | 'unit' | 'workflow'>;
