/**
 * `casefold dashboards` and `casefold stats` read the row read models kept in the store's own
 * database (rowDashboardsOf, rowStatisticsOf): the first run builds them from the first event,
 * with figures equal to the document read models' (`dashboardsOf` over `currentDashboards`) for
 * every shipped kind; a later run folds only the events after their checkpoints; rows at another
 * version are built again, and so are all five by `casefold replay`.
 */
import * as E from 'fp-ts/lib/Either.js';
import { caseBoardRows, createDirectory, shippedWorkflows, statisticsReport } from '@casefold/core';
import { caseCommandHandler, chinaCalendar } from '@casefold/engine';
import { sampleSubmit } from '@casefold/core/testing';
import { describe, expect, it } from 'vitest';
import { type Dashboards, dashboardsOf } from '../src/dashboards/dashboards.js';
import { createOutput, openStore, parseStoreLocation } from '../src/index.js';
import { currentDashboards } from '../src/session/currentDashboards.js';
import { readDirectory } from '../src/session/readDirectory.js';
import { demoCopy, onDatabase } from './support/demoDatabase.js';
import { runCasefold } from './support/runCasefold.js';

const KINDS = [...new Set(shippedWorkflows.map((workflow) => workflow.id))];
const ROW_PROJECTIONS = ['caseBoardRows', 'caseTimelineRows', 'escalationPathsRows', 'statisticsRows', 'deadlinesRows'];
const quiet = { write: () => true };

/** The figures of the document read models, computed in this process as `casefold dashboards` computed them before it read rows. */
const documentFigures = async (dir: string, db: string, options: { readonly kind?: string; readonly asOf?: string } = {}) => {
  const store = await openStore(parseStoreLocation({ db }), { cwd: dir });
  try {
    const current = await currentDashboards(store, createOutput({ stdout: quiet, stderr: quiet, json: false }));
    const { directory } = await readDirectory(store);
    return { state: current.state, dashboards: dashboardsOf(current.state, { calendar: chinaCalendar(), directory, ...options }) };
  } finally {
    await store.close();
  }
};

/** `casefold dashboards --json` with these arguments: exit 0, its dashboards. */
const dashboardsJson = async (dir: string, db: string, ...args: string[]): Promise<{ readonly position: string; readonly dashboards: Dashboards }> => {
  const run = await runCasefold(['dashboards', '--db', db, '--json', ...args], { cwd: dir });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { position: string; dashboards: Dashboards };
};

/** The row projections' checkpoints: name → [version, position]. */
const rowCheckpoints = (db: string): Record<string, [number, number]> =>
  onDatabase(db, (handle) =>
    Object.fromEntries(
      (
        handle.prepare(`SELECT name, version, position FROM projections WHERE name IN (${ROW_PROJECTIONS.map(() => '?').join(', ')})`).all(...ROW_PROJECTIONS) as {
          name: string;
          version: number;
          position: number;
        }[]
      ).map((row) => [row.name, [row.version, row.position]]),
    ),
  );

const lastPosition = (db: string): number => onDatabase(db, (handle) => handle.prepare('SELECT max(position) FROM events').pluck().get() as number);

/** Changes one closed case's board row by hand (its stage becomes `tampered`), as no fold would: shows whether a later run folded it again. */
const tamperWithOneBoardRow = (db: string): void =>
  onDatabase(db, (handle) => {
    const changed = handle.prepare("UPDATE rows_caseBoardRows SET stage = 'tampered' WHERE streamId = (SELECT min(streamId) FROM rows_caseBoardRows WHERE open = 0)").run();
    expect(changed.changes).toBe(1);
  });

describe('casefold dashboards and stats over the row read models', () => {
  it("builds the five row read models in the store's database on the first run; --json equals the document read models' figures, byte for byte, for every kind, --as-of, and stats", async () => {
    const { dir, db } = demoCopy();
    expect(rowCheckpoints(db)).toEqual({});

    const all = await dashboardsJson(dir, db);
    const last = lastPosition(db);
    expect(all.position).toBe(String(last));
    const checkpoints = rowCheckpoints(db);
    expect(Object.keys(checkpoints).sort()).toEqual([...ROW_PROJECTIONS].sort());
    for (const [name, [, position]] of Object.entries(checkpoints)) expect(position, name).toBe(last);

    const documents = await documentFigures(dir, db);
    // Every shipped kind has cases in the store, so each --kind below compares real figures.
    for (const kind of KINDS) expect(documents.dashboards.caseBoard.byKind[kind], kind).toBeGreaterThan(0);
    expect(JSON.stringify(all.dashboards)).toBe(JSON.stringify(documents.dashboards));
    for (const kind of KINDS) {
      const byRows = await dashboardsJson(dir, db, '--kind', kind);
      expect(JSON.stringify(byRows.dashboards), kind).toBe(JSON.stringify((await documentFigures(dir, db, { kind })).dashboards));
    }
    const asOf = '2025-07-01T00:00:00.000Z';
    const judged = await dashboardsJson(dir, db, '--as-of', asOf, '--kind', 'mediation');
    expect(judged.dashboards.asOf).toBe(asOf);
    expect(JSON.stringify(judged.dashboards)).toBe(JSON.stringify((await documentFigures(dir, db, { asOf, kind: 'mediation' })).dashboards));

    for (const period of [{}, { from: '2025-03-01', to: '2025-06-01' }, { from: '2025-07-01T05:00:00Z' }]) {
      const run = await runCasefold(['stats', '--db', db, '--json', ...Object.entries(period).flatMap(([name, value]) => [`--${name}`, value])], { cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      // The same report, its keys in the same order.
      expect(JSON.stringify(JSON.parse(run.stdout)), JSON.stringify(period)).toBe(JSON.stringify(statisticsReport(documents.state.statistics, chinaCalendar(), period)));
    }
  }, 240_000);

  it('a second run folds only the events stored since the first (the rows resume from their checkpoints)', async () => {
    const { dir, db } = demoCopy();
    const first = await dashboardsJson(dir, db);
    tamperWithOneBoardRow(db);

    // A new case, stored after the first run.
    const store = await openStore(parseStoreLocation({ db }), { cwd: dir });
    try {
      const { directory } = await readDirectory(store);
      const subDistrict = [...directory.units.values()].find((unit) => unit.level === 'subDistrict')!;
      const execute = caseCommandHandler({ store: store.events, directory, clock: () => first.dashboards.asOf });
      const submitted = await execute(sampleSubmit('ROWS-LATER-1', { receivingUnit: subDistrict.id, area: subDistrict.id, claimedAmountFen: null }), {
        actor: { id: 'clerk-rows', role: 'intakeClerk', unit: subDistrict.id },
      });
      expect(E.isRight(submitted), JSON.stringify(E.isLeft(submitted) ? submitted.left : null)).toBe(true);
    } finally {
      await store.close();
    }

    const second = await dashboardsJson(dir, db);
    expect(BigInt(second.position)).toBeGreaterThan(BigInt(first.position));
    for (const [name, [, position]] of Object.entries(rowCheckpoints(db))) expect(position, name).toBe(lastPosition(db));
    // The new case is folded in …
    expect(second.dashboards.caseBoard.total).toBe(first.dashboards.caseBoard.total + 1);
    expect(second.dashboards.caseBoard.byStage['submitted']).toBe((first.dashboards.caseBoard.byStage['submitted'] ?? 0) + 1);
    // … and the rows of the events before were not folded again: the row changed by hand stands.
    expect(second.dashboards.caseBoard.byStage['tampered']).toBe(1);
  }, 240_000);

  it('rows at an older version are built again from the first event, with the figures of the document read models', async () => {
    const { dir, db } = demoCopy();
    await dashboardsJson(dir, db);
    tamperWithOneBoardRow(db);
    const noUnits = createDirectory([]);
    if (E.isLeft(noUnits)) throw new Error('an empty directory does not check');
    const { version } = caseBoardRows(noUnits.right);
    onDatabase(db, (handle) => handle.prepare('UPDATE projections SET version = ? WHERE name = ?').run(version - 1, 'caseBoardRows'));

    const rebuilt = await dashboardsJson(dir, db);
    expect(rowCheckpoints(db)['caseBoardRows']).toEqual([version, lastPosition(db)]);
    expect(rebuilt.dashboards.caseBoard.byStage['tampered']).toBeUndefined();
    expect(JSON.stringify(rebuilt.dashboards)).toBe(JSON.stringify((await documentFigures(dir, db)).dashboards));
  }, 240_000);

  it('replay drops the row read models and builds them again from the first event: a row changed by hand is gone', async () => {
    const { dir, db } = demoCopy();
    await dashboardsJson(dir, db);
    tamperWithOneBoardRow(db);
    expect((await dashboardsJson(dir, db)).dashboards.caseBoard.byStage['tampered']).toBe(1);

    const replay = await runCasefold(['replay', '--db', db, '--json'], { cwd: dir });
    expect(replay.code, replay.stderr).toBe(0);
    expect((JSON.parse(replay.stdout) as { rowProjections: string[] }).rowProjections).toEqual(ROW_PROJECTIONS);
    for (const [name, [, position]] of Object.entries(rowCheckpoints(db))) expect(position, name).toBe(lastPosition(db));
    const after = await dashboardsJson(dir, db);
    expect(after.dashboards.caseBoard.byStage['tampered']).toBeUndefined();
    expect(JSON.stringify(after.dashboards)).toBe(JSON.stringify((await documentFigures(dir, db)).dashboards));
  }, 240_000);
});
