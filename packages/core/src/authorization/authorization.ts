import * as E from 'fp-ts/lib/Either.js';
import type { JurisdictionDirectory } from '../jurisdictions/directory.js';
import type { FieldError } from '../values/decodeErrors.js';
import type { Workflow } from '../workflow/workflow.js';
import type { AuthorizationPolicy } from './authorizationPolicy.js';
import { checkAuthorizationPolicy } from './checkAuthorizationPolicy.js';

/** The checked policies of every case kind, by workflow id, and the directory that places units above others. */
export interface Authorization {
  readonly policies: ReadonlyMap<string, AuthorizationPolicy>;
  readonly directory: JurisdictionDirectory;
}

/** Options of {@link createAuthorization}. */
export interface CreateAuthorizationOptions {
  /** One policy per case kind (e.g. `shippedAuthorizationPolicies`, or your own). */
  readonly policies: readonly unknown[];
  /** Every workflow version whose cases are decided or read: each kind needs a policy, each policy is checked against its kind's versions. */
  readonly workflows: readonly Workflow[];
  readonly directory: JurisdictionDirectory;
}

/**
 * Checks the policies against the workflows and returns them ready for `canSee`,
 * `actingAs` and the scoped reads, or every problem by path (`policies.<i>.…`): a policy
 * with problems (see `checkAuthorizationPolicy`), a kind with two policies, a policy for a
 * kind no workflow defines, a workflow with no policy (its cases would be seen by no one).
 */
export const createAuthorization = (options: CreateAuthorizationOptions): E.Either<readonly FieldError[], Authorization> => {
  const problems: FieldError[] = [];
  const policies = new Map<string, AuthorizationPolicy>();
  const given = new Set<unknown>();
  options.policies.forEach((policy, i) => {
    const kind = typeof policy === 'object' && policy !== null ? (policy as { workflow?: unknown }).workflow : undefined;
    const versions = options.workflows.filter((w) => w.id === kind);
    if (versions.length === 0) return void problems.push({ path: `policies.${i}.workflow`, message: `no workflow has the id ${JSON.stringify(kind)}; give a policy per case kind` });
    if (given.has(kind)) return void problems.push({ path: `policies.${i}.workflow`, message: `"${String(kind)}" has a policy already; give one policy per case kind` });
    given.add(kind);
    const found = checkAuthorizationPolicy(policy, versions);
    problems.push(...found.map(({ path, message }) => ({ path: `policies.${i}.${path.replace(/^policy\./, '')}`, message })));
    if (found.length === 0) policies.set(kind as string, policy as AuthorizationPolicy);
  });
  for (const id of new Set(options.workflows.map((w) => w.id))) {
    if (!given.has(id))
      problems.push({ path: 'policies', message: `workflow "${id}" has no policy; its cases would be seen and acted on by no one (shippedAuthorizationPolicies has one for each shipped kind)` });
  }
  return problems.length > 0 ? E.left(problems) : E.right({ policies, directory: options.directory });
};
