import type { Authorization } from './authorization.js';
import type { CasePart } from './casePart.js';
import { type CaseScopesState, caseScopeIn } from './caseScopesProjection.js';
import { canSee } from './canSee.js';
import type { Principal } from './principal.js';

/**
 * What one principal may see, by case id and part: the predicate every scoped read takes
 * (and, later, a query's predicate). A case with no scope row is seen by no one.
 */
export type CaseSight = (caseId: string, part: CasePart) => boolean;

/** The {@link CaseSight} of a decoded principal (see `decodePrincipal`), over the case scopes read model; each case's answers are computed once. */
export const caseSight = (principal: Principal, authorization: Authorization, scopes: CaseScopesState): CaseSight => {
  const known = new Map<string, Map<CasePart, boolean>>();
  return (caseId, part) => {
    let parts = known.get(caseId);
    if (parts === undefined) known.set(caseId, (parts = new Map()));
    let seen = parts.get(part);
    if (seen === undefined) {
      const scope = caseScopeIn(scopes, caseId);
      seen = scope !== undefined && canSee(principal, scope, part, authorization);
      parts.set(part, seen);
    }
    return seen;
  };
};
