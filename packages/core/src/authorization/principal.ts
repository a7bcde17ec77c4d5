import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { type FieldError, formatDecodeErrors } from '../values/decodeErrors.js';
import { Id } from '../values/values.js';

/** One role a principal holds, and the unit they hold it for (for a citizen: the unit their requests are made to). */
export const RoleAssignment = t.type({ role: Id, unit: Id }, 'RoleAssignment');
export type RoleAssignment = t.TypeOf<typeof RoleAssignment>;

/**
 * Who is acting or reading, as the embedding system authenticated them: casefold never takes
 * this from a command's body. `id` is the person's account id (a staff member's id becomes the
 * events' `actor.id`); `assignments` are the roles they hold, each for one unit (a clerk of
 * two windows holds two); `subjectId` is a citizen's data-subject id, which binds them to the
 * cases they applied in (it becomes `actor.id` when they act in a citizen role); `accusedIn`
 * lists the cases in which the embedding system's conflict register names this person (or the
 * unit they act for) as accused: they never see those cases' accusation material, whatever a
 * policy says (信访工作条例 Art 30).
 */
export const Principal = t.intersection([t.type({ id: Id, assignments: t.readonlyArray(RoleAssignment) }), t.partial({ subjectId: Id, accusedIn: t.readonlyArray(Id) })], 'Principal');
export type Principal = t.TypeOf<typeof Principal>;

/**
 * A principal decoded from what the embedding system verified (a token's claims, a session),
 * or each failing field by path (`principal`, `principal.assignments.0.unit`, …). `canSee`,
 * `visibleParts`, `actingAs` and `caseSight` take a principal decoded so (a value of the
 * `Principal` type): decode anything built at run time with this first. The command handler
 * with authorization decodes the principal it is given itself.
 */
export const decodePrincipal = (input: unknown): E.Either<readonly FieldError[], Principal> => {
  if (Principal.is(input)) return E.right(input);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    const got = input === null ? 'null' : Array.isArray(input) ? 'an array' : `a ${typeof input}`;
    return E.left([{ path: 'principal', message: `expected an object { id, assignments: [{ role, unit }, …], subjectId?, accusedIn? }, got ${got}` }]);
  }
  const decoded = Principal.decode(input);
  return E.isRight(decoded) ? decoded : E.left(formatDecodeErrors(decoded.left).map(({ path, message }) => ({ path: path === '(root)' ? 'principal' : `principal.${path}`, message })));
};
