import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** What a finished `casefold` run printed. */
export interface CasefoldRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const command = (args: readonly string[]): [string, string[]] => [`${REPO_ROOT}node_modules/.bin/tsx`, ['--conditions=@casefold/source', `${REPO_ROOT}packages/cli/src/main.ts`, ...args]];

/** The environment of a child: the parent's, without the locale (the tests choose the language), with `NO_COLOR`. */
const childEnv = (env: Readonly<Record<string, string>>): NodeJS.ProcessEnv => {
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of ['LANG', 'LC_ALL', 'LC_MESSAGES']) delete base[name];
  return { ...base, ...env };
};

/** Runs the real CLI to its end, as `pnpm casefold` does (tsx over the sources), in `cwd`. */
export const runCasefold = (args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}): Promise<CasefoldRun> =>
  new Promise((resolve, reject) => {
    const [file, argv] = command(args);
    const child = spawn(file, argv, { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

/** A running `casefold serve`. */
export interface ServeProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** What it printed on stderr so far. */
  readonly stderr: () => string;
  /** Sends SIGTERM and resolves with the exit code. */
  readonly stop: () => Promise<number | null>;
}

/** Starts `casefold serve … --port 0` and resolves once it printed its address. */
export const startServe = (args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}): Promise<ServeProcess> =>
  new Promise((resolve, reject) => {
    const [file, argv] = command(['serve', '--port', '0', ...args]);
    const child = spawn(file, argv, { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const url = /(http:\/\/\S+\/)/.exec(stdout)?.[1];
      if (url !== undefined)
        resolve({
          url,
          child,
          stderr: () => stderr,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
    });
    child.on('error', reject);
    void exited.then((code) => reject(new Error(`casefold serve exited with ${code} before serving; stdout: ${stdout} stderr: ${stderr}`)));
  });
