import { type Authorization, type Principal, createAuthorization, decodePrincipal, shippedAuthorizationPolicies, shippedWorkflows } from '@casefold/core';
import { BadInputError, UsageError } from '../cli/cliErrors.js';
import type { CommandContext, OptionSpec } from '../cli/command.js';
import type { OpenedStore } from '../store/openStore.js';
import { readDirectory } from '../session/readDirectory.js';
import { readInput } from './checkpoint.js';

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
  /** Where the policies came from, for notices: the `--policy` file, or `the shipped policies`. */
  readonly policySource: string;
}

/** A JSON file the command line names. @throws BadInputError */
const readJson = (context: CommandContext, argument: string, file: string): unknown => {
  const text = readInput(context, argument, file);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BadInputError(`the file given as ${argument} is not JSON (${(error as Error).message})`, { source: file });
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
    if (policyFile !== undefined) throw new UsageError('--policy says what a principal may see: give --principal FILE too', command);
    return null;
  }
  const decoded = decodePrincipal(readJson(context, '--principal', principalFile));
  if (decoded._tag === 'Left') {
    const problems = decoded.left.map(({ path, message }) => `${path}: ${message}`).join('; ');
    throw new BadInputError(
      `the file given as --principal holds no principal (${problems})`,
      { source: principalFile },
      'Give { "id": …, "assignments": [{ "role": …, "unit": … }] } as the embedding system authenticated them',
    );
  }
  const policies = policyFile === undefined ? shippedAuthorizationPolicies : readJson(context, '--policy', policyFile);
  if (!Array.isArray(policies)) throw new BadInputError('the file given as --policy is not a JSON array of policies, one per case kind', { source: policyFile ?? '--policy' });
  const { directory } = await readDirectory(store);
  const authorization = createAuthorization({ policies, workflows: shippedWorkflows, directory });
  if (authorization._tag === 'Left') {
    const problems = authorization.left.map(({ path, message }) => `${path}: ${message}`).join('; ');
    throw new BadInputError(
      `the authorization policies cannot be used (${problems})`,
      { source: policyFile ?? 'the shipped policies' },
      'Fix them (docs/writing-workflows.md), or leave out --policy for the shipped policies',
    );
  }
  return { principal: decoded.right, authorization: authorization.right, policySource: policyFile ?? 'the shipped policies' };
};
