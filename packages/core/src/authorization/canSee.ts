import { ACCUSATION_BEARING_PARTS, CASE_PARTS, type CasePart } from './casePart.js';
import type { Authorization } from './authorization.js';
import type { CaseScope } from './caseScope.js';
import { grantedActor } from './grants.js';
import type { Principal } from './principal.js';

/** Whether the case is an accusation under its policy, and the principal one of the accused (a respondent, or named by `accusedIn`). */
const accusedIn = (principal: Principal, scope: CaseScope): boolean =>
  (principal.accusedIn?.includes(scope.caseId) ?? false) || (principal.subjectId !== undefined && scope.respondents.includes(principal.subjectId));

/**
 * Whether the principal may see this part of the case under its kind's policy. Seeing any
 * part needs seeing the `case`; in an accusation case (a category the policy names under
 * `accusation`), the summary, parties, personal data and documents need `accusationMaterial`
 * too. The accused never see accusation material, and never see an accusation case at all.
 * A case whose kind has no policy is seen by no one. Pure and total for a decoded principal
 * (see `decodePrincipal`; anything else is a programming error).
 */
export const canSee = (principal: Principal, scope: CaseScope, part: CasePart, authorization: Authorization): boolean => {
  const policy = authorization.policies.get(scope.kind);
  if (policy === undefined) return false;
  const granted = (p: CasePart): boolean => grantedActor(principal, policy.see[p] ?? [], scope, authorization.directory) !== null;
  const accusation = policy.accusation?.categories.includes(scope.category) ?? false;
  const accused = accusedIn(principal, scope);
  if (accused && (accusation || part === 'accusationMaterial')) return false;
  if (!granted('case')) return false;
  if (part === 'case') return true;
  if (accusation && ACCUSATION_BEARING_PARTS.includes(part) && !granted('accusationMaterial')) return false;
  return granted(part);
};

/** Every part of the case the (decoded) principal may see (empty: the case is hidden from them). */
export const visibleParts = (principal: Principal, scope: CaseScope, authorization: Authorization): ReadonlySet<CasePart> =>
  new Set(CASE_PARTS.filter((part) => canSee(principal, scope, part, authorization)));
