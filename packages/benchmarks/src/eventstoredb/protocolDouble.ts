import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The repository root. */
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** A running protocol double: its connection string, and how to stop it. */
export interface ProtocolDouble {
  readonly connectionString: string;
  readonly stop: () => Promise<void>;
}

/**
 * Starts the EventStoreDB protocol double (`packages/eventstoredb/test/double`, a test
 * fixture in memory, not a server) in a process of its own, through its `serveDouble.ts`:
 * the bench's client and the double then use a core each, as a client and a server would.
 */
export const startProtocolDouble = async (): Promise<ProtocolDouble> => {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=@casefold/source', '--import', `${REPO_ROOT}node_modules/tsx/dist/esm/index.mjs`, `${REPO_ROOT}packages/eventstoredb/test/double/serveDouble.ts`],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const first = await Promise.race([
    createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next(),
    exited.then(() => {
      throw new Error('the EventStoreDB protocol double exited before it listened');
    }),
  ]);
  const { connectionString } = JSON.parse(String(first.value)) as { connectionString: string };
  return {
    connectionString,
    stop: async () => {
      child.stdin!.end();
      await exited;
    },
  };
};
