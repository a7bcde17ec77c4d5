import { type Authorization, type Principal, createAuthorization, decodePrincipal, shippedAuthorizationPolicies, shippedWorkflows } from '@casefold/core';
import { BadInputError, UsageError } from '../cli/cliErrors.js';
import type { CommandContext, OptionSpec } from '../cli/command.js';
import { localized } from '../i18n/localizedText.js';
import type { OpenedStore } from '../store/openStore.js';
import { readDirectory } from '../session/readDirectory.js';
import { readInput } from '../cli/commandFiles.js';

/**
 * `--principal FILE` and `--policy FILE`: how the embedding system tells a command who it runs
 * for (`serve`, `export --with-personal-data`). The CLI authenticates no one: the file holds the
 * principal the embedding system verified (docs/security.md), and the CLI checks it against the
 * authorization policies as the library's scoped reads do.
 */
export const PRINCIPAL_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'principal',
    type: 'string',
    placeholder: 'FILE',
    description: 'who the command runs for: a principal as JSON, { "id", "assignments": [{ "role", "unit" }, …], "subjectId"?, "accusedIn"? } (docs/security.md)',
  },
  { name: 'policy', type: 'string', placeholder: 'FILE', description: 'the authorization policies as a JSON array, one per case kind (default: the shipped policies); needs --principal' },
];

/** Who a command runs for, and the checked policies that say what they may see. */
export interface CommandPrincipal {
  readonly principal: Principal;
  readonly authorization: Authorization;
  /** Where the policies came from, for notices: the `--policy` file, or `null` for the shipped policies. */
  readonly policyFile: string | null;
}

/** A JSON file the command line names. @throws BadInputError */
const readJson = (context: CommandContext, argument: string, file: string): unknown => {
  const text = readInput(context, argument, file);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BadInputError(
      localized((m) => m.principal.notJson(argument, (error as Error).message)),
      { source: file },
    );
  }
};

/**
 * The principal of `--principal FILE`, decoded with the core's `decodePrincipal`, and the
 * policies of `--policy FILE` (or the shipped ones) checked with `createAuthorization` against
 * the shipped workflows and the store's directory; `null` when no `--principal` is given.
 *
 * @throws UsageError for `--policy` without `--principal`; BadInputError for a file that cannot
 *   be read, is not JSON, or holds no principal or unusable policies (each problem by path).
 */
export const commandPrincipalOf = async (context: CommandContext, store: OpenedStore, command: string): Promise<CommandPrincipal | null> => {
  const principalFile = context.strings['principal'];
  const policyFile = context.strings['policy'];
  if (principalFile === undefined) {
    if (policyFile !== undefined)
      throw new UsageError(
        localized((m) => m.principal.policyWithoutPrincipal),
        command,
      );
    return null;
  }
  const decoded = decodePrincipal(readJson(context, '--principal', principalFile));
  if (decoded._tag === 'Left') {
    throw new BadInputError(
      localized((m) => m.principal.noPrincipal(decoded.left)),
      { source: principalFile },
      localized((m) => m.principal.noPrincipalHint),
    );
  }
  const policies = policyFile === undefined ? shippedAuthorizationPolicies : readJson(context, '--policy', policyFile);
  if (!Array.isArray(policies))
    throw new BadInputError(
      localized((m) => m.principal.policiesNotArray),
      { source: policyFile ?? '--policy' },
    );
  const { directory } = await readDirectory(store);
  const authorization = createAuthorization({ policies, workflows: shippedWorkflows, directory });
  if (authorization._tag === 'Left') {
    throw new BadInputError(
      localized((m) => m.principal.unusablePolicies(authorization.left)),
      { source: policyFile ?? 'the shipped policies' },
      localized((m) => m.principal.unusablePoliciesHint),
    );
  }
  return { principal: decoded.right, authorization: authorization.right, policyFile: policyFile ?? null };
};
