import { existsSync, readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '@casefold/sqlite';
import { isStoreAccessError } from '../src/cli/cliErrors.js';
import { loadPostgresAdapter } from '../src/store/openPostgresStore.js';
import { openStore } from '../src/store/openStore.js';

const dir = mkdtempSync(join(tmpdir(), 'casefold-cli-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const failureOf = async (work: () => Promise<unknown>): Promise<unknown> => {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
};

describe('the PostgreSQL adapter, an optional peer dependency', () => {
  it('missing: a StoreAccessError saying to install @casefold/postgres, the location shown, nothing contacted', async () => {
    const notFound = Object.assign(new Error("Cannot find package '@casefold/postgres' imported from /app/node_modules/@casefold/cli/dist/store/openPostgresStore.js"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const error = await failureOf(() => loadPostgresAdapter("'postgres://db.example:5432/cases'", () => Promise.reject(notFound)));
    expect(isStoreAccessError(error)).toBe(true);
    expect((error as Error).message).toContain('install @casefold/postgres to use a PostgreSQL store');
    expect((error as Error).message).toContain("'postgres://db.example:5432/cases'");
  });

  it('a module it imports missing (say pg) is not taken for the adapter missing: that error passes unchanged', async () => {
    const pgMissing = Object.assign(new Error("Cannot find package 'pg' imported from /app/node_modules/@casefold/postgres/dist/database/openDatabase.js"), { code: 'ERR_MODULE_NOT_FOUND' });
    expect(await failureOf(() => loadPostgresAdapter('x', () => Promise.reject(pgMissing)))).toBe(pgMissing);
  });

  it('installed (as in this workspace): loads it', async () => {
    expect(typeof (await loadPostgresAdapter('x')).openPostgresStore).toBe('function');
  });
});

describe('settings live in the settings table', () => {
  it('writeSetting goes to the store’s settings, not to a projection record; a setting an older release kept as one still reads', async () => {
    const fileName = join(dir, 'settings.db');
    const opened = await openStore({ kind: 'sqlite', fileName }, { cwd: dir, create: true });
    await opened.writeSetting('directory', { units: ['A'] });
    expect(await opened.projections.load('casefold-cli.setting.directory')).toBeNull();
    await opened.close();
    const adapter = await openSqliteStore({ fileName });
    expect(await adapter.settings.read('directory')).toEqual({ units: ['A'] });
    // A database written by a release that kept settings as projection records.
    await adapter.projections.commit({ name: 'casefold-cli.setting.legacy', version: 1, position: 0n, state: { kept: true } }, null);
    await adapter.close();
    const again = await openStore({ kind: 'sqlite', fileName }, { cwd: dir });
    expect(await again.readSetting('legacy')).toEqual({ kept: true });
    expect(await again.readSetting('directory')).toEqual({ units: ['A'] });
    expect(await again.readSetting('none')).toBeNull();
    await again.close();
    expect(existsSync(fileName) && readFileSync(fileName).length > 0).toBe(true);
  });
});
