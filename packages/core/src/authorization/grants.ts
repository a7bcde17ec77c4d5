import { isSelfOrAbove, type JurisdictionDirectory } from '../jurisdictions/directory.js';
import type { Actor } from '../events/eventMeta.js';
import type { Grant, Relation } from './authorizationPolicy.js';
import type { CaseScope } from './caseScope.js';
import type { Principal, RoleAssignment } from './principal.js';

/** Whether `unit` lies strictly above `below` in the directory. */
const strictlyAbove = (directory: JurisdictionDirectory, below: string, unit: string): boolean => unit !== below && isSelfOrAbove(directory, below, unit);

/** Whether the principal, through one assignment, stands to the case in `relation`. */
const standsAs = (principal: Principal, assignment: RoleAssignment, scope: CaseScope, relation: Relation, directory: JurisdictionDirectory): boolean => {
  switch (relation) {
    case 'holder':
      return assignment.unit === scope.holder;
    case 'owner':
      return assignment.unit === scope.owner;
    case 'supervisor':
      return strictlyAbove(directory, scope.holder, assignment.unit) || strictlyAbove(directory, scope.owner, assignment.unit);
    case 'applicant':
      return principal.subjectId !== undefined && scope.applicants.includes(principal.subjectId);
    case 'participant':
      return scope.participants.includes(principal.id);
  }
};

/** The actor a principal acts as through one assignment: a citizen (a grant in the `applicant` relation) by their subject id. */
const actorOf = (principal: Principal, assignment: RoleAssignment, grant: Grant): Actor | null => {
  const asCitizen = grant.relations.includes('applicant');
  const id = asCitizen ? principal.subjectId : principal.id;
  return id === undefined ? null : { id, role: assignment.role, unit: assignment.unit };
};

/** Whether a grant admits the principal on a case that does not exist yet: by role only, and a citizen only as one of the applicants it will have. */
const standsToNewCase = (principal: Principal, grant: Grant, applicants: readonly string[]): boolean =>
  !grant.relations.includes('applicant') || (principal.subjectId !== undefined && applicants.includes(principal.subjectId));

/**
 * The first of the principal's assignments (in their order) that one of the grants admits
 * on this case, as the actor it makes; `null` when none does. Without a case (`Submit`),
 * only the roles count, and a citizen (a grant in the `applicant` relation) counts only when
 * their subject id is one of `applicants`, those the `Submit` names (none given: none counts).
 */
export const grantedActor = (principal: Principal, grants: readonly Grant[], scope: CaseScope | null, directory: JurisdictionDirectory, applicants: readonly string[] = []): Actor | null => {
  for (const assignment of principal.assignments) {
    for (const grant of grants) {
      if (!grant.roles.includes(assignment.role)) continue;
      if (scope === null ? !standsToNewCase(principal, grant, applicants) : !grant.relations.some((relation) => standsAs(principal, assignment, scope, relation, directory))) continue;
      const actor = actorOf(principal, assignment, grant);
      if (actor !== null) return actor;
    }
  }
  return null;
};
