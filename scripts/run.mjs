#!/usr/bin/env node
// One entry point for the quick start: installs the workspace on first use (or when the
// lockfile changed), then runs a task. Works with nothing but Node on the PATH.
//   node scripts/run.mjs demo [args…]       → casefold demo on the embedded SQLite default
//   node scripts/run.mjs casefold [args…]   → any casefold command
//   node scripts/run.mjs test [args…]       → the whole test suite
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];

// What a task's tools print goes to stderr: stdout is the command's own (`casefold demo --json`, `export`).
const run = (cmd, args, env = process.env) => {
  const result = spawnSync(cmd, args, { cwd: root, stdio: ['inherit', process.stderr, 'inherit'], env, shell: process.platform === 'win32' });
  if (result.error) throw result.error;
  return result.status ?? 1;
};

const pnpmCommand = () => {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
  return probe.status === 0 && probe.stdout.trim() === PNPM_VERSION ? ['pnpm', []] : ['npx', ['-y', `pnpm@${PNPM_VERSION}`]];
};

/** Where the lockfile's hash is kept after an install that succeeded with it. */
const installStamp = join(root, 'node_modules', '.casefold-installed-lockfile');
const lockfileHash = () =>
  createHash('sha256')
    .update(readFileSync(join(root, 'pnpm-lock.yaml')))
    .digest('hex');

// By content, not by time: an install that rewrites the lockfile leaves it newer than pnpm's own marker.
const needsInstall = () => !existsSync(join(root, 'node_modules', '.modules.yaml')) || !existsSync(installStamp) || readFileSync(installStamp, 'utf8') !== lockfileHash();

const [task = 'test', ...rest] = process.argv.slice(2);

// npm and pnpm run a script in the project root and say in INIT_CWD where the user ran
// them: relative paths the user gives (--db, --out, import FILE) mean that directory, as
// they do when this script is run directly. (`npm run demo` in the root: casefold.db there.)
const userDir = (() => {
  const initCwd = process.env.INIT_CWD;
  const inRoot = realpathSync(process.cwd()) === realpathSync(root);
  return inRoot && initCwd !== undefined && existsSync(initCwd) ? initCwd : process.cwd();
})();

if (needsInstall() || process.env.CI) {
  const [pnpm, pnpmArgs] = pnpmCommand();
  // better-sqlite3 compiles from source where its prebuilt binary cannot be downloaded;
  // node-gyp then needs Node's headers, which Debian's nodejs package ships in /usr/include/node.
  const env = { ...process.env };
  if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
  const status = run(pnpm, [...pnpmArgs, 'install', ...(process.env.CI ? ['--frozen-lockfile'] : [])], env);
  if (status !== 0) process.exit(status);
  writeFileSync(installStamp, lockfileHash());
}

// The casefold command runs from a bundle of the TypeScript sources (esbuild, which tsx
// brings along), rebuilt whenever a source file changes: Node then loads one plain
// JavaScript file instead of transpiling some 200 modules through tsx's loader on every
// run (about a second). Native and database drivers
// stay outside the bundle; if esbuild cannot be loaded, the sources run through tsx.
const BUNDLE_FORMAT = 2;
const packages = join(root, 'packages');

/** Every file the bundle is made from, as `path size mtime` lines: the bundle's cache key. */
const bundleInputs = () => {
  const lines = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const { size, mtimeMs } = statSync(path);
        lines.push(`${path} ${size} ${mtimeMs}`);
      }
    }
  };
  for (const name of readdirSync(packages)) {
    const src = join(packages, name, 'src');
    if (existsSync(src)) walk(src);
    const manifest = join(packages, name, 'package.json');
    if (existsSync(manifest)) lines.push(`${manifest} ${statSync(manifest).mtimeMs}`);
  }
  lines.push(`lockfile ${statSync(join(root, 'pnpm-lock.yaml')).mtimeMs}`, `format ${BUNDLE_FORMAT}`, `node ${process.version}`);
  return lines.join('\n');
};

/** Bundles the CLI into `outdir`. */
const buildBundle = async (esbuild, outdir) => {
  // Packages whose code finds files at run time (native bindings, optional drivers) load from node_modules.
  const external = /^(better-sqlite3|pg|pg-[a-z-]+)(\/|$)/;
  await esbuild.build({
    entryPoints: { main: join(packages, 'cli', 'src', 'main.ts') },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@casefold/source'],
    sourcemap: 'linked',
    logLevel: 'error',
    // The ES-module builds of dependencies that ship both (io-ts, immer): bundled without CommonJS interop getters.
    mainFields: ['module', 'main'],
    // CommonJS dependencies bundled into ESM call require() for Node's built-ins.
    banner: { js: "import { createRequire as __casefoldRequire } from 'node:module'; const require = __casefoldRequire(import.meta.url);" },
    plugins: [
      {
        name: 'casefold',
        setup(build) {
          build.onResolve({ filter: external }, async (args) => {
            if (args.pluginData === 'resolving') return undefined;
            const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'resolving' });
            return resolved.errors.length > 0 ? undefined : { path: resolved.path, external: true };
          });
          // fp-ts's ES-module build, as io-ts's own ES-module build imports it (one copy, no interop getters).
          build.onResolve({ filter: /^fp-ts\/lib\// }, (args) => build.resolve(args.path.replace(/^fp-ts\/lib\//, 'fp-ts/es6/'), { kind: args.kind, resolveDir: args.resolveDir }));
          // `createRequire(import.meta.url)` finds a package's data files from its own source file.
          build.onLoad({ filter: /[\\/]packages[\\/][^\\/]+[\\/]src[\\/].*\.ts$/ }, (args) => ({
            contents: readFileSync(args.path, 'utf8').replaceAll('createRequire(import.meta.url)', `createRequire(${JSON.stringify(pathToFileURL(args.path).href)})`),
            loader: 'ts',
          }));
        },
      },
    ],
  });
  writeFileSync(join(outdir, 'package.json'), '{ "type": "module" }\n');
};

/** The bundled CLI's entry, built first if the sources changed; `null` if esbuild is not available. */
const bundledCli = async () => {
  const key = createHash('sha256').update(bundleInputs()).digest('hex').slice(0, 16);
  const cache = join(root, 'node_modules', '.cache', 'casefold-cli');
  const outdir = join(cache, key);
  if (!existsSync(join(outdir, 'main.js'))) {
    let esbuild;
    try {
      esbuild = createRequire(realpathSync(join(root, 'node_modules', 'tsx', 'package.json')))('esbuild');
    } catch {
      return null;
    }
    const building = `${outdir}.${process.pid}`;
    try {
      await buildBundle(esbuild, building);
    } catch (error) {
      rmSync(building, { recursive: true, force: true });
      console.error(`(could not bundle the CLI, running its sources through tsx: ${error instanceof Error ? error.message.split('\n')[0] : error})`);
      return null;
    }
    // Another run may have built the same bundle meanwhile; either copy will do.
    try {
      renameSync(building, outdir);
    } catch {
      rmSync(building, { recursive: true, force: true });
    }
    // Bundles of older sources, unless another run may still be using one (an hour).
    for (const old of readdirSync(cache)) {
      const path = join(cache, old);
      if (old !== key && statSync(path).mtimeMs < Date.now() - 3_600_000) rmSync(path, { recursive: true, force: true });
    }
  }
  return join(outdir, 'main.js');
};

// Tasks run the workspace's own tools with node directly: no package-manager start-up on the way.
const tsx = [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), '--conditions=@casefold/source'];
const tasks = {
  demo: ['demo'],
  casefold: [],
};
if (task === 'test') process.exit(run(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...rest]));
if (!(task in tasks)) {
  console.error(`unknown task "${task}"; use one of: ${[...Object.keys(tasks), 'test'].join(', ')}`);
  process.exit(2);
}
const args = [...tasks[task], ...rest];
const bundled = await bundledCli();
if (bundled === null) {
  const env = { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.json') };
  const result = spawnSync(process.execPath, [...tsx, join(packages, 'cli', 'src', 'main.ts'), ...args], { cwd: userDir, stdio: 'inherit', env });
  if (result.error) throw result.error;
  process.exit(result.status ?? 1);
}
// The bundle runs in this process, as if started as `node main.js …` in the user's directory (one Node start-up fewer).
process.chdir(userDir);
process.argv = [process.execPath, bundled, ...args];
await import(pathToFileURL(bundled).href);
