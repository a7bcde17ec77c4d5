#!/usr/bin/env node
// One entry point for the quick start: installs the workspace on first use (or when the
// lockfile changed), then runs a task. Works with nothing but Node on the PATH.
//   node scripts/run.mjs demo [args…]   → casefold demo on the embedded SQLite default
//   node scripts/run.mjs test [args…]   → the whole test suite
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];

const run = (cmd, args, env = process.env) => {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env, shell: process.platform === 'win32' });
  if (result.error) throw result.error;
  return result.status ?? 1;
};

const pnpmCommand = () => {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
  return probe.status === 0 && probe.stdout.trim() === PNPM_VERSION
    ? ['pnpm', []]
    : ['npx', ['-y', `pnpm@${PNPM_VERSION}`]];
};

const needsInstall = () => {
  const marker = join(root, 'node_modules', '.modules.yaml');
  if (!existsSync(marker)) return true;
  return statSync(join(root, 'pnpm-lock.yaml')).mtimeMs > statSync(marker).mtimeMs;
};

const [task = 'test', ...rest] = process.argv.slice(2);
const [pnpm, pnpmArgs] = pnpmCommand();

if (needsInstall() || process.env.CI) {
  // better-sqlite3 compiles from source where its prebuilt binary cannot be downloaded;
  // node-gyp then needs Node's headers, which Debian's nodejs package ships in /usr/include/node.
  const env = { ...process.env };
  if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
  const status = run(pnpm, [...pnpmArgs, 'install', ...(process.env.CI ? ['--frozen-lockfile'] : [])], env);
  if (status !== 0) process.exit(status);
}

// Tasks run the workspace's own tools with node directly: no package-manager start-up on the way.
const tsx = [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), '--conditions=@casefold/source'];
const cli = join(root, 'packages', 'cli', 'src', 'main.ts');
const tasks = {
  demo: [...tsx, cli, 'demo'],
  casefold: [...tsx, cli],
  test: [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run'],
};
if (!(task in tasks)) {
  console.error(`unknown task "${task}"; use one of: ${Object.keys(tasks).join(', ')}`);
  process.exit(2);
}
process.exit(run(process.execPath, [...tasks[task], ...rest]));
