import * as E from 'fp-ts/lib/Either.js';
import type { Actor } from '../events/eventMeta.js';
import type { Authorization } from './authorization.js';
import { canSee } from './canSee.js';
import type { CaseScope } from './caseScope.js';
import { grantedActor } from './grants.js';
import type { Principal } from './principal.js';

/**
 * Why a principal may not run a command: the case is out of their sight (`hidden`: they must
 * learn nothing of it, not even that it exists), they see it but no grant of the policy
 * lets one of their roles run the command in the relation they stand in (`notGranted`), or
 * a citizen submits a case that does not name them (their subject id) as an applicant
 * (`notAnApplicant`: a citizen acts only as themself).
 */
export type ActingDenial =
  | { readonly kind: 'hidden' }
  | { readonly kind: 'notGranted'; readonly command: string; readonly allowedRoles: readonly string[]; readonly heldRoles: readonly string[] }
  | { readonly kind: 'notAnApplicant'; readonly subjectId: string };

/** Options of {@link actingAs}. */
export interface ActingAsOptions {
  /** A decoded principal (see `decodePrincipal`). */
  readonly principal: Principal;
  /** The command's type. */
  readonly command: string;
  /** The case, or `null` when it does not exist yet (a `Submit`). */
  readonly scope: CaseScope | null;
  /** The case kind: the scope's kind, or for a `Submit` the kind it opens. */
  readonly kind: string;
  /** For a `Submit`: the subject ids of the applicants it names (a citizen submits only as one of them). Ignored for an existing case. */
  readonly applicants?: readonly string[];
  readonly authorization: Authorization;
}

/**
 * The actor a principal acts as for one command, under the kind's policy: the first of their
 * assignments that a grant of `commands[command]` (of `act` when the command is not listed)
 * admits in the relation it stands to the case (for a `Submit`, by role, and a citizen only
 * when `applicants` names them). A case out of the principal's sight is `hidden` before any
 * grant is looked at. Pure and total for a decoded principal.
 */
export const actingAs = (options: ActingAsOptions): E.Either<ActingDenial, Actor> => {
  const { principal, command, scope, kind, applicants, authorization } = options;
  if (scope !== null && !canSee(principal, scope, 'case', authorization)) return E.left({ kind: 'hidden' });
  const policy = authorization.policies.get(kind);
  const grants = policy === undefined ? [] : ((policy.commands !== undefined && Object.hasOwn(policy.commands, command) ? policy.commands[command] : undefined) ?? policy.act);
  const actor = grantedActor(principal, grants, scope, authorization.directory, applicants);
  if (actor !== null) return E.right(actor);
  const asCitizen = grants.some((g) => g.relations.includes('applicant') && principal.assignments.some((a) => g.roles.includes(a.role)));
  if (scope === null && asCitizen && principal.subjectId !== undefined) return E.left({ kind: 'notAnApplicant', subjectId: principal.subjectId });
  return E.left({ kind: 'notGranted', command, allowedRoles: [...new Set(grants.flatMap((g) => g.roles))], heldRoles: principal.assignments.map((a) => `${a.role}@${a.unit}`) });
};
