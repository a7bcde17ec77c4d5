import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** What a `casefold` run printed and how it ended. */
export interface CasefoldRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** What {@link runProcess} may set: the working directory, the input (empty by default), environment variables to set or drop, where stdout goes. */
export interface RunProcessOptions {
  readonly cwd?: string;
  readonly stdin?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly unset?: readonly string[];
  /** A file descriptor to hand the child as its stdout (e.g. `/dev/full` opened for writing) instead of a pipe. */
  readonly stdoutFd?: number;
  /** Close the reading end of stdout after this many characters, as `| head -c N` does (the child then gets EPIPE). */
  readonly closeStdoutAfter?: number;
  /** Send SIGTERM once stdout matches this, as Ctrl+C stops a command that runs until stopped (`serve`). */
  readonly stopWhenStdout?: RegExp;
}

/** Runs `command` to its end, collecting its output; `NO_COLOR` is set. */
export const runProcess = (command: string, args: readonly string[], options: RunProcessOptions = {}): Promise<CasefoldRun> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...options.env };
    for (const name of options.unset ?? []) delete env[name];
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['pipe', options.stdoutFd ?? 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (options.closeStdoutAfter !== undefined && stdout.length >= options.closeStdoutAfter) child.stdout?.destroy();
      if (options.stopWhenStdout?.test(stdout) === true) child.kill('SIGTERM');
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
    child.stdin?.end(options.stdin ?? '');
  });

/**
 * Runs the real CLI as a child process, exactly as `pnpm casefold` does:
 * `node_modules/.bin/tsx --conditions=@casefold/source packages/cli/src/main.ts …`, in `cwd`.
 */
export const runCasefold = (args: readonly string[], options: RunProcessOptions & { readonly cwd: string }): Promise<CasefoldRun> =>
  runProcess(`${REPO_ROOT}node_modules/.bin/tsx`, ['--conditions=@casefold/source', `${REPO_ROOT}packages/cli/src/main.ts`, ...args], options);

/** Parses the JSON document a `--json` run printed, failing with the run's output if it is not JSON. */
export const jsonOf = <T = Record<string, unknown>>(run: CasefoldRun): T => {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`expected JSON on stdout (exit ${run.code}); stdout: ${run.stdout.slice(0, 500)} stderr: ${run.stderr.slice(0, 2000)}`);
  }
};
