/**
 * Authorization as data: who may act on and see which cases, by role and by how they stand
 * to each case (holder, owner, supervisor, applicant, participant), per case kind.
 */
export { Principal, RoleAssignment, decodePrincipal } from './principal.js';
export { CASE_PARTS, type CasePart } from './casePart.js';
export { type CaseScope, caseScopeOf } from './caseScope.js';
export { AuthorizationPolicy, Grant, RELATIONS, RELATIONS_BY_SCOPE, type Relation, defineAuthorizationPolicy } from './authorizationPolicy.js';
export { checkAuthorizationPolicy } from './checkAuthorizationPolicy.js';
export { type Authorization, type CreateAuthorizationOptions, createAuthorization } from './authorization.js';
export { canSee, visibleParts } from './canSee.js';
export { type ActingAsOptions, type ActingDenial, actingAs } from './actingAs.js';
export {
  gridEventAuthorizationPolicy,
  legalAidAuthorizationPolicy,
  legalConsultationAuthorizationPolicy,
  mediationAuthorizationPolicy,
  petitionAuthorizationPolicy,
  shippedAuthorizationPolicies,
} from './shippedAuthorizationPolicies.js';
export { type CaseScopesState, caseScopeIn, caseScopesProjection } from './caseScopesProjection.js';
export { type CaseSight, caseSight } from './caseSight.js';
export { WITHHELD, scopeCaseBoard, scopeCaseTimelines, scopeDeadlines, scopeEscalationPaths, scopeStatistics } from './scopeReadModels.js';
export { WITHHELD_VALUE, redactCaseEvent } from './redactCaseEvent.js';
