import type { PublicStatus, UnitLevel } from '@casefold/core';

/** The languages the dashboard speaks. */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * One language's message catalogue: every word a page shows. Both catalogues have this type,
 * so a message missing in one of them is a type error, not an English word on a Chinese page.
 */
export interface Messages {
  readonly language: Language;
  /** The other language's name, in itself, for the switch. */
  readonly otherLanguage: string;
  readonly title: string;
  readonly nav: { readonly board: string; readonly deadlines: string; readonly escalation: string; readonly statistics: string };
  readonly skipToContent: string;
  readonly live: string;
  readonly asOf: (instant: string, position: string) => string;
  readonly localOnly: string;
  readonly status: Readonly<Record<PublicStatus, string>>;
  readonly level: Readonly<Record<UnitLevel, string>>;
  /** Case kinds (workflow ids) by id; a kind without a name shows its id. */
  readonly kind: Readonly<Record<string, string>>;
  readonly allKinds: string;
  readonly anyStatus: string;
  readonly anyStage: string;
  readonly wholeDirectory: string;
  readonly filter: string;
  readonly count: string;
  readonly share: string;
  readonly none: string;
  readonly board: {
    readonly heading: string;
    readonly unit: string;
    readonly kind: string;
    readonly status: string;
    readonly stage: string;
    readonly total: string;
    readonly open: string;
    readonly byStatus: string;
    readonly byKind: string;
    readonly byLevel: string;
    readonly cases: string;
    readonly caseId: string;
    readonly heldBy: string;
    readonly level: string;
    readonly submitted: string;
    readonly lastEvent: string;
    readonly page: (page: number, pages: number, total: number) => string;
    readonly previous: string;
    readonly next: string;
  };
  readonly deadlines: {
    readonly heading: string;
    readonly openCases: string;
    readonly running: string;
    readonly paused: string;
    readonly dueSoon: string;
    readonly breached: string;
    readonly extended: string;
    readonly dueSoonUntil: (until: string) => string;
    readonly byRule: string;
    readonly byKind: string;
    readonly byUnit: string;
    readonly rule: string;
    readonly supervision: string;
    readonly supervisionCard: Readonly<Record<string, string>>;
    readonly mostOverdue: string;
    readonly dueSoonList: string;
    readonly due: string;
    readonly overdueBy: string;
    readonly remaining: string;
    readonly onTimeRecordedLate: string;
  };
  readonly escalation: {
    readonly heading: string;
    readonly chart: string;
    readonly settledByLevel: string;
    readonly cases: string;
    readonly closed: string;
    readonly settled: string;
    readonly converted: string;
    readonly withinGrid: string;
    readonly withinCommunity: string;
    readonly withinSubDistrict: string;
    readonly escalations: string;
    readonly casesEscalated: string;
    readonly bySubDistrict: string;
    readonly subDistrict: string;
    readonly byStep: string;
    readonly step: string;
  };
  readonly statistics: {
    readonly heading: string;
    readonly from: string;
    readonly to: string;
    readonly unit: string;
    readonly show: string;
    readonly print: string;
    readonly period: (from: string | null, to: string | null) => string;
    readonly intake: string;
    readonly received: string;
    readonly online: string;
    readonly onlineShare: string;
    readonly labourShare: string;
    readonly byChannel: string;
    readonly channel: string;
    readonly byKind: string;
    readonly review: string;
    readonly accepted: string;
    readonly rejected: string;
    readonly mediation: string;
    readonly started: string;
    readonly successRate: string;
    readonly closure: string;
    readonly closedCases: string;
    readonly onTime: string;
    readonly onTimeRate: string;
    readonly satisfactionRate: string;
    readonly callbacks: string;
    readonly figure: string;
    readonly value: string;
  };
  readonly timeline: {
    readonly heading: (caseId: string) => string;
    readonly kindLine: (kind: string, version: number) => string;
    readonly when: string;
    readonly who: string;
    readonly what: string;
    readonly clocks: string;
    readonly recordedLate: (at: string) => string;
    readonly deadlinesNow: string;
    readonly label: string;
    readonly started: string;
    readonly due: string;
    readonly state: string;
    readonly met: string;
    readonly missed: string;
    readonly running: string;
    readonly paused: string;
    readonly breachedState: string;
    readonly metRecordedLate: string;
    readonly unknownDue: string;
    readonly notFound: (caseId: string) => string;
  };
  readonly duration: (days: number, hours: number) => string;
  readonly notFound: string;
  readonly refused: string;
  readonly badRequest: string;
}
