/**
 * The dashboard's access hook over the real data access of `casefold serve` (serveSource) on a
 * copy of the demo database: a scope limited to one sub-district lists only its cases, refuses
 * another unit's case and the whole-store figure pages; without a scope no remote host is served.
 */
import { ancestry } from '@casefold/core';
import { type RunningDashboard, isUnscopedRemoteAccessError, startDashboard } from '@casefold/dashboard';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardSourceOf } from '../src/commands/serveSource.js';
import { createOutput, openStore, parseStoreLocation } from '../src/index.js';
import type { OpenedStore } from '../src/store/openStore.js';
import { demoCopy } from './support/demoDatabase.js';

const quiet = { write: () => true };
const quietOutput = () => createOutput({ stdout: quiet, stderr: quiet, json: false });

/** A case of the board, and whether the scope's sub-district holds it (itself or a unit under it). */
interface BoardCase {
  readonly caseId: string;
  readonly unit: string;
  readonly inside: boolean;
}

let store: OpenedStore;
let dashboard: RunningDashboard;
let cases: readonly BoardCase[];

beforeAll(async () => {
  const { dir, db } = demoCopy();
  store = await openStore(parseStoreLocation({ db }), { cwd: dir });
  const source = dashboardSourceOf(store, quietOutput());
  const models = await source.readModels();
  const subDistrict = [...models.directory.units.values()].find((unit) => unit.level === 'subDistrict')!.id;
  cases = models.board({ page: 1, pageSize: 1_000_000 }).cases.map((entry) => ({
    caseId: entry.caseId,
    unit: entry.unit,
    inside: ancestry(models.directory, entry.unit).some((unit) => unit.id === subDistrict),
  }));
  dashboard = await startDashboard({ source, language: 'en', port: 0, scope: () => ({ every: false, withinUnits: [subDistrict] }) });
});

afterAll(async () => {
  await dashboard?.close();
  await store?.close();
});

const get = (path: string) => fetch(new URL(path, dashboard.url));

describe('the dashboard with a scope (the access hook)', () => {
  it('lists only the cases held within the scope, and refuses a unit outside it', async () => {
    const inside = cases.filter((c) => c.inside);
    expect(inside.length).toBeGreaterThan(0);
    expect(inside.length).toBeLessThan(cases.length);
    expect(await (await get('/board')).text()).toContain(`(${inside.length} cases)`);
    const otherUnit = cases.find((c) => !c.inside)!.unit;
    expect((await get(`/board?unit=${encodeURIComponent(otherUnit)}`)).status).toBe(403);
  });

  it("serves a case within the scope and refuses another unit's case", async () => {
    expect((await get(`/cases/${cases.find((c) => c.inside)!.caseId}`)).status).toBe(200);
    const refused = await get(`/cases/${cases.find((c) => !c.inside)!.caseId}`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('You may not see this page');
  });

  it('refuses the whole-store figure pages to a principal who may not see every case', async () => {
    for (const path of ['/deadlines', '/escalation', '/statistics']) expect((await get(path)).status, path).toBe(403);
  });

  it('refuses, without a scope, an address other computers can reach, starting nothing', async () => {
    const refused = await startDashboard({ source: dashboardSourceOf(store, quietOutput()), language: 'en', host: '0.0.0.0', port: 0 }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isUnscopedRemoteAccessError(refused)).toBe(true);
  });
});
