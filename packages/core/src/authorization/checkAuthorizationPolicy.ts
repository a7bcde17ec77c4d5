import * as E from 'fp-ts/lib/Either.js';
import { type FieldError, formatDecodeErrors } from '../values/decodeErrors.js';
import type { RoleScope, Workflow } from '../workflow/workflow.js';
import { workflowCodecs } from '../workflow/workflowCodecs.js';
import { AuthorizationPolicy, type Grant, RELATIONS_BY_SCOPE } from './authorizationPolicy.js';
import { CASE_PARTS } from './casePart.js';
import { policyUnknownKeys } from './policyUnknownKeys.js';

/** What is wrong with each grant of a list: roles the workflow does not declare, relations a role's scope cannot stand in. */
const grantProblems = (grants: readonly Grant[], path: string, scopes: ReadonlyMap<string, RoleScope>): FieldError[] =>
  grants.flatMap((grant, i) =>
    grant.roles.flatMap((role): FieldError[] => {
      const scope = scopes.get(role);
      if (scope === undefined) return [{ path: `${path}.${i}.roles`, message: `"${role}" is not a role of the workflow (${[...scopes.keys()].join(', ')})` }];
      const allowed = RELATIONS_BY_SCOPE[scope];
      return grant.relations
        .filter((relation) => !allowed.includes(relation))
        .map((relation) => ({ path: `${path}.${i}.relations`, message: `"${relation}" does not fit the ${scope} role "${role}"; a ${scope} role stands to a case as ${allowed.join(' or ')}` }));
    }),
  );

/**
 * Every problem with a policy for the versions of one workflow, by field path (empty when it
 * is usable): the shape (the codec's errors), every key at any level that a policy does not
 * have (`unknown key; known: …`: a misspelt `accusation` must not silently switch off the
 * accusation rule), a workflow id that is not theirs, parts that are not parts of a case,
 * roles none of the versions declares, relations a role's scope cannot stand in (a citizen is only ever an `applicant`, an external role a `participant`,
 * staff `holder`, `owner` or `supervisor`), commands and categories the workflow does not
 * know. Pure and total.
 */
export const checkAuthorizationPolicy = (policy: unknown, versions: readonly Workflow[]): readonly FieldError[] => {
  const unknownKeys = policyUnknownKeys(policy);
  const decoded = AuthorizationPolicy.decode(policy);
  if (E.isLeft(decoded)) return [...formatDecodeErrors(decoded.left).map(({ path, message }) => ({ path: `policy.${path}`, message })), ...unknownKeys];
  const p = decoded.right;
  if (versions.length === 0 || versions.some((w) => w.id !== p.workflow)) {
    return [
      { path: 'policy.workflow', message: `the policy governs "${p.workflow}"; check it against the versions of that workflow (given: ${versions.map((w) => w.id).join(', ') || 'none'})` },
      ...unknownKeys,
    ];
  }
  const scopes = new Map(versions.flatMap((w) => w.roles.map((role) => [role.id, role.scope] as const)));
  const commands = new Set(versions.flatMap((w) => Object.keys(workflowCodecs(w).commands)));
  const categories = new Set(versions.flatMap((w) => w.categories));
  const problems: FieldError[] = [...unknownKeys, ...grantProblems(p.act, 'policy.act', scopes)];
  for (const part of CASE_PARTS) problems.push(...grantProblems(p.see[part] ?? [], `policy.see.${part}`, scopes));
  for (const [command, grants] of Object.entries(p.commands ?? {})) {
    if (!commands.has(command)) problems.push({ path: `policy.commands.${command}`, message: `"${command}" is not a command of the workflow` });
    problems.push(...grantProblems(grants, `policy.commands.${command}`, scopes));
  }
  for (const category of p.accusation?.categories ?? []) {
    if (!categories.has(category)) problems.push({ path: 'policy.accusation.categories', message: `"${category}" is not a category of the workflow (${[...categories].join(', ')})` });
  }
  return problems;
};
