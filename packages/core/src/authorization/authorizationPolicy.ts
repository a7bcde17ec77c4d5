import * as t from 'io-ts';
import { Id, oneOf } from '../values/values.js';
import { CASE_PARTS, type CasePart } from './casePart.js';

/**
 * How a principal stands to a case, through one of their role assignments:
 * - `holder`: the assignment's unit holds the case now;
 * - `owner`: the assignment's unit received it first (首问首办);
 * - `supervisor`: the assignment's unit is above the holder or the owner in the jurisdiction
 *   directory (a functional department's parent counts as above it);
 * - `applicant`: the principal's `subjectId` is one of the case's applicants (citizen roles);
 * - `participant`: the principal's `id` is one of the case's participants (external roles: a notary).
 */
export const RELATIONS = ['holder', 'owner', 'supervisor', 'applicant', 'participant'] as const;
export type Relation = (typeof RELATIONS)[number];

/** The relations a role of each scope may be granted in (checked by `checkAuthorizationPolicy`). */
export const RELATIONS_BY_SCOPE: Readonly<Record<'staff' | 'citizen' | 'external', readonly Relation[]>> = {
  staff: ['holder', 'owner', 'supervisor'],
  citizen: ['applicant'],
  external: ['participant'],
};

/** Roles that, standing to the case in one of the relations, are granted something. */
export const Grant = t.type({ roles: t.readonlyArray(Id), relations: t.readonlyArray(oneOf(RELATIONS, 'Relation')) }, 'Grant');
export type Grant = t.TypeOf<typeof Grant>;

const Grants = t.readonlyArray(Grant);

/**
 * Who may act on and see the cases of one workflow (every version of it), as data. A
 * principal may run a command when one of their role assignments matches a grant of
 * `commands[type]` (of `act` when the command is not listed); they may see a part of a case
 * when one matches a grant of `see[part]`. Anything not granted is refused: a part left out
 * of `see` is seen by no one. `Submit` has no case yet: only its grants' roles count.
 * `accusation` names the categories whose cases are accusations: their summary, parties,
 * personal data and documents are accusation material too, seen only by who also sees
 * `accusationMaterial`, and never by the accused (a respondent of the case, or a principal
 * whose `accusedIn` names it).
 */
export const AuthorizationPolicy = t.intersection(
  [
    t.type({
      /** The id of the workflow whose cases this policy governs. */
      workflow: Id,
      act: Grants,
      see: t.partial(Object.fromEntries(CASE_PARTS.map((part) => [part, Grants])) as Record<CasePart, typeof Grants>),
    }),
    t.partial({
      commands: t.record(t.string, Grants),
      accusation: t.type({ categories: t.readonlyArray(Id) }, 'Accusation'),
    }),
  ],
  'AuthorizationPolicy',
);

/**
 * The keys a policy may have at each level (the codec's own: it lets unknown keys through, so
 * `checkAuthorizationPolicy` names each one). The parts under `see` are `CASE_PARTS`.
 */
export const POLICY_KEYS = {
  policy: AuthorizationPolicy.types.flatMap((part) => Object.keys(part.props)),
  grant: Object.keys(Grant.props),
  accusation: Object.keys(AuthorizationPolicy.types[1].props.accusation.props),
} as const;
export type AuthorizationPolicy = t.TypeOf<typeof AuthorizationPolicy>;

/** Returns its argument: a typed way to write a policy. */
export const defineAuthorizationPolicy = <const P extends AuthorizationPolicy>(policy: P): P => policy;
