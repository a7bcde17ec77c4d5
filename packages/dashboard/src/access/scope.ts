/** Who asks for a page. Until sign-in exists, every request is the anonymous principal. */
export interface Principal {
  /** The user's id; `null` for the anonymous principal of a dashboard without sign-in. */
  readonly id: string | null;
}

/** The cases a principal may see: every case, or those held by the given units or units under them. */
export type VisibleCases = { readonly every: true } | { readonly every: false; readonly withinUnits: readonly string[] };

/**
 * The access hook: which cases a principal may see. Without a policy it is {@link everyCase},
 * and the dashboard then serves loopback addresses only (`startDashboard` refuses another
 * host). An authorization policy plugs in here: the board lists, and the timeline serves,
 * only cases held within the units it returns; the figure pages (deadlines, escalation,
 * statistics) are whole-store figures and are refused to a principal who may not see every case.
 */
export type DashboardScope = (principal: Principal) => VisibleCases;

/** No policy: everyone sees every case. */
export const everyCase: DashboardScope = () => ({ every: true });

/** The anonymous principal of a dashboard without sign-in. */
export const ANONYMOUS: Principal = { id: null };
