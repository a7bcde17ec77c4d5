import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ProjectionControls } from '@casefold/engine';

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** A worker process and the JSON lines it has printed so far. */
export interface Worker {
  readonly child: ChildProcess;
  readonly lines: unknown[];
  /** Resolves with the exit code (or the signal) once the process has ended. */
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
  /** Resolves once a printed line satisfies `test`. */
  readonly waitForLine: (test: (line: unknown) => boolean) => Promise<unknown>;
  /** Everything the worker wrote to stderr. */
  readonly stderr: () => string;
  /** Releases a worker waiting in {@link waitForGo}. */
  readonly go: () => void;
}

/** Options of {@link startWorker}. */
export interface StartWorkerOptions {
  /** Run the worker as this user id (and the same group id); the test process must be root to ask for it. */
  readonly uid?: number;
}

/**
 * Starts `test/workers/<name>.ts` in a real Node process (tsx's loader, workspace sources),
 * passing `args` as JSON. One process, no wrapper: a SIGKILL hits the worker itself.
 */
export const startWorker = (name: string, args: unknown, options: StartWorkerOptions = {}): Worker => {
  const child = spawn(process.execPath, ['--conditions=@casefold/source', '--import', tsxLoader, join(import.meta.dirname, '..', 'workers', `${name}.ts`), JSON.stringify(args)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
  });
  const lines: unknown[] = [];
  const watchers: Array<{ test: (line: unknown) => boolean; resolve: (line: unknown) => void }> = [];
  let buffer = '';
  let errors = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = JSON.parse(buffer.slice(0, newline)) as unknown;
      buffer = buffer.slice(newline + 1);
      lines.push(line);
      for (const watcher of watchers.splice(0)) {
        if (watcher.test(line)) watcher.resolve(line);
        else watchers.push(watcher);
      }
      newline = buffer.indexOf('\n');
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    errors += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    lines,
    exited,
    stderr: () => errors,
    go: () => {
      child.stdin!.end('go\n');
    },
    waitForLine: (test) => {
      const found = lines.find(test);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        watchers.push({ test, resolve });
        void exited.then(({ code, signal }) => reject(new Error(`worker ${name} ended (${code ?? signal}) before the line awaited; stderr:\n${errors}`)));
      });
    },
  };
};

/** Prints one JSON line to stdout (bigints as decimal strings), for the parent test to read. */
export const report = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}\n`);
};

/** In a worker: resolves once the parent calls `go()`, so that several workers start at the same moment. */
export const waitForGo = (): Promise<void> =>
  new Promise((resolve) => {
    process.stdin.once('data', () => {
      process.stdin.pause();
      resolve();
    });
  });

/**
 * In a projection worker: reports where `runner` resumed and then its committed position every
 * 5 ms; with `until`, waits for that position, stops the runner, closes the store and reports `done`.
 */
export const reportProjectionProgress = async (runner: ProjectionControls, close: () => Promise<void>, until: string | undefined): Promise<void> => {
  report({ resumedFrom: runner.position() });
  const progress = setInterval(() => report({ position: runner.position() }), 5);
  if (until === undefined) return;
  await runner.waitFor(BigInt(until));
  clearInterval(progress);
  await runner.stop();
  await close();
  report({ done: runner.position() });
};
