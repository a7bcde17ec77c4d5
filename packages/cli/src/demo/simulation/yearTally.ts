/** How a case came in: at the one window, online by the citizen, from the field (a grid patrol), by transfer (a hotline, a court), by letter, or by conversion of another case. */
export type IntakeRoute = 'window' | 'online' | 'patrol' | 'transfer' | 'letter' | 'conversion';

/** The intake routes in the order the demo prints them. */
export const INTAKE_ROUTES: readonly IntakeRoute[] = ['window', 'online', 'patrol', 'transfer', 'letter', 'conversion'];

/** What a simulated year held, by the scripts' own count (the dashboards count the events; these say how the year was made). */
export interface YearFigures {
  /** Requests that arrived over the year (each opens one case, or two linked ones). */
  readonly requests: number;
  /** Cases opened, by kind, then by intake route. */
  readonly cases: Readonly<Record<string, Readonly<Partial<Record<IntakeRoute, number>>>>>;
  /** Requests the window triaged into two linked cases (`sameRequest`). */
  readonly linkedRequests: number;
  /** Cases converted into mediation cases (访调对接), by the kind converted. */
  readonly conversions: Readonly<Record<string, number>>;
  /** Grid events resolved on the spot (小事不出网格), by the level of the unit that resolved them. */
  readonly resolvedOnTheSpot: Readonly<Record<string, number>>;
  /** Petitions on a matter already final, refused at registration (`MatterAlreadyFinal`, through the handler's lookup). */
  readonly finalMatterRefusals: number;
}

/** The running count behind {@link YearFigures}. */
export interface YearTally {
  readonly request: () => void;
  readonly opened: (kind: string, route: IntakeRoute) => void;
  readonly linked: () => void;
  readonly converted: (fromKind: string) => void;
  readonly resolvedOnTheSpot: (level: string) => void;
  readonly finalMatterRefused: () => void;
  readonly figures: () => YearFigures;
}

const bump = (record: Record<string, number>, key: string): void => {
  record[key] = (record[key] ?? 0) + 1;
};

/** A new, empty tally. */
export const yearTally = (): YearTally => {
  let requests = 0;
  let linkedRequests = 0;
  let finalMatterRefusals = 0;
  const cases: Record<string, Partial<Record<IntakeRoute, number>>> = {};
  const conversions: Record<string, number> = {};
  const resolvedOnTheSpot: Record<string, number> = {};
  return {
    request: () => void (requests += 1),
    opened: (kind, route) => bump((cases[kind] ??= {}) as Record<string, number>, route),
    linked: () => void (linkedRequests += 1),
    converted: (fromKind) => bump(conversions, fromKind),
    resolvedOnTheSpot: (level) => bump(resolvedOnTheSpot, level),
    finalMatterRefused: () => void (finalMatterRefusals += 1),
    figures: () => ({ requests, cases, linkedRequests, conversions, resolvedOnTheSpot, finalMatterRefusals }),
  };
};
