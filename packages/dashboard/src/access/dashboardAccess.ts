import { type Authorization, type FieldError, decodePrincipal } from '@casefold/core';
import type { DashboardViewer } from '../source/dashboardSource.js';

/**
 * The dashboard's access hook: the checked policies (`createAuthorization`), and who asks.
 * With it, every page shows only what the policy lets the principal see: the board, the
 * deadlines, the escalation paths and the statistics count their cases alone, a case's
 * timeline withholds the lines whose summary they may not see, and a case they may not see is
 * answered exactly as a missing one (404). Without it, everyone sees every case and the
 * dashboard serves loopback addresses only (`startDashboard` refuses another host).
 */
export interface DashboardAccess {
  readonly authorization: Authorization;
  /**
   * The principal asking, as the embedding system authenticated the request (a signed token or
   * a session it verifies from the request's headers, never a value the request merely
   * names), as claims the dashboard decodes with the core's `decodePrincipal`; `null` or
   * `undefined` when the request is not signed in (answered 401). `casefold serve --principal`
   * gives the same principal to every request.
   */
  readonly principalOf: (request: Request) => unknown;
}

/**
 * Who a request is, under the access hook: a viewer, or why there is none — not signed in, or
 * the hook gave claims that are not a principal (each failing field by path).
 */
export type RequestViewer =
  { readonly kind: 'viewer'; readonly viewer: DashboardViewer } | { readonly kind: 'notSignedIn' } | { readonly kind: 'malformedPrincipal'; readonly problems: readonly FieldError[] };

/** The viewer of a request: the principal the hook gives, decoded, with the policies. */
export const viewerOf = async (access: DashboardAccess, request: Request): Promise<RequestViewer> => {
  const claims: unknown = await access.principalOf(request);
  if (claims === null || claims === undefined) return { kind: 'notSignedIn' };
  const decoded = decodePrincipal(claims);
  return decoded._tag === 'Left' ? { kind: 'malformedPrincipal', problems: decoded.left } : { kind: 'viewer', viewer: { principal: decoded.right, authorization: access.authorization } };
};
