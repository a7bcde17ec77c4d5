import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ProjectionControls } from '@casefold/engine';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

/** A worker process running one of test/workers/*.ts. */
export interface Worker {
  readonly child: ChildProcess;
  /** Unique name, given to the worker as `WORKER_NAME` (workers use it as their connections' application_name). */
  readonly name: string;
  /** Every stdout line so far (grows while the worker runs). */
  readonly lines: readonly string[];
  /** SIGKILLs the worker's process group: tsx runs the script in a child process of its own. */
  readonly kill: () => void;
  /** Resolves with the first stdout line that `match` accepts (rejects if the worker exits first). */
  readonly line: (match: (line: string) => boolean) => Promise<string>;
  /** Resolves when the worker exits, with its exit code (or signal) and every stdout line. */
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly lines: readonly string[]; readonly stderr: string }>;
}

/** Starts `test/workers/<name>.ts` under tsx with the workspace's source condition. */
let started = 0;
export const startWorker = (name: string, args: readonly string[]): Worker => {
  const workerName = `casefold-worker-${process.pid}-${started++}`;
  const child = spawn(tsx, ['--conditions=@casefold/source', join(import.meta.dirname, '..', 'workers', `${name}.ts`), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, WORKER_NAME: workerName },
  });
  const lines: string[] = [];
  let stderr = '';
  let buffer = '';
  const watchers = new Set<{ match: (line: string) => boolean; resolve: (line: string) => void }>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      lines.push(line);
      for (const watcher of watchers) {
        if (watcher.match(line)) {
          watchers.delete(watcher);
          watcher.resolve(line);
        }
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; lines: readonly string[]; stderr: string }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, lines, stderr }));
  });
  const line = (match: (line: string) => boolean): Promise<string> => {
    const found = lines.find(match);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      watchers.add({ match, resolve });
      void exited.then(({ code, signal }) => reject(new Error(`worker ${name} exited (${code ?? signal}) before the expected line; stderr: ${stderr.slice(-2000)}`)));
    });
  };
  const kill = (): void => {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  };
  return { child, name: workerName, lines, kill, line, exited };
};

/** The JSON object a worker printed last (workers report their results as one JSON line). */
export const resultOf = async <T>(worker: Worker): Promise<T> => {
  const { code, lines, stderr } = await worker.exited;
  if (code !== 0) throw new Error(`worker failed with ${code}: ${stderr.slice(-3000)}`);
  const last = [...lines].reverse().find((l) => l.startsWith('{'));
  if (last === undefined) throw new Error(`worker printed no result: ${lines.join('\n')}`);
  return JSON.parse(last) as T;
};

/**
 * In a projection worker: prints `started <position>`, then `committed <position>` at each new
 * checkpoint (looked at every 5 ms) until `runner` has committed `until` (60 s at most); then
 * stops the runner and closes the store.
 */
export const printCommitsUntil = async (runner: ProjectionControls, close: () => Promise<void>, until: string): Promise<void> => {
  console.log(`started ${runner.position()}`);
  let last = runner.position();
  const timer = setInterval(() => {
    if (runner.position() !== last) {
      last = runner.position();
      console.log(`committed ${last}`);
    }
  }, 5);
  await runner.waitFor(BigInt(until), { timeoutMs: 60_000 });
  clearInterval(timer);
  await runner.stop();
  await close();
};
