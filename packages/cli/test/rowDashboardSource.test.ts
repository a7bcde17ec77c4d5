/**
 * The dashboard's data access over the row read models (rowDashboardSourceOf) answers every page
 * as the document one (serveSource, the figures of `casefold dashboards`) does, on a copy of the
 * demo database: every figure of every kind, board listings (filters, pages, totals), case
 * entries, periods' statistics, timelines, and the same for a viewer under the shipped
 * policies; then both follow a new event. On SQLite (the CLI tests' demo database) and on
 * PostgreSQL (a 300-request demo stored there by the real CLI).
 */
import * as E from 'fp-ts/lib/Either.js';
import { type Authorization, type Principal, createAuthorization, shippedAuthorizationPolicies, shippedWorkflows } from '@casefold/core';
import type { BoardQuery, DashboardReadModels, DashboardSource, DashboardViewer } from '@casefold/dashboard';
import { caseCommandHandler } from '@casefold/engine';
import { sampleSubmit } from '@casefold/core/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dashboardSourceOf } from '../src/commands/serveSource.js';
import { type RowDashboardSource, rowDashboardSourceOf } from '../src/dashboards/rows/rowDashboardSource.js';
import { createOutput, openStore, parseStoreLocation } from '../src/index.js';
import type { OpenedStore } from '../src/store/openStore.js';
import { demoCopy, tempDir } from './support/demoDatabase.js';
import { sql } from './support/postgresServer.js';
import { runCasefold } from './support/runCasefold.js';

const quiet = { write: () => true };

const KINDS = [undefined, ...new Set(shippedWorkflows.map((workflow) => workflow.id))];

/** The board queries the pages make: no filter, each filter, pages forward and past the end. */
const boardQueries = (models: DashboardReadModels): BoardQuery[] => {
  const units = [...models.directory.units.values()];
  const someOf = (level: string) =>
    units
      .filter((unit) => unit.level === level)
      .slice(0, 2)
      .map((unit) => unit.id);
  const counts = models.figures(undefined).caseBoard;
  const filters = [
    {},
    ...['city', 'district', 'subDistrict', 'community', 'grid', 'department'].flatMap(someOf).map((unit) => ({ unit })),
    ...Object.keys(counts.byKind).map((kind) => ({ kind })),
    ...Object.keys(counts.byStatus).map((status) => ({ status: status as BoardQuery['status'] & string })),
    ...Object.keys(counts.byStage)
      .slice(0, 4)
      .map((stage) => ({ stage })),
    { kind: 'mediation', status: 'pending' as const, unit: someOf('subDistrict')[0]! },
  ];
  return filters.flatMap((filter) => [1, 2, 7, 400].map((page) => ({ ...filter, page, pageSize: 50 })));
};

/** Both sources' read models agree on everything a page reads: figures, listings, entries, periods' statistics. */
const expectSameModels = async (byRows: DashboardReadModels, byDocuments: DashboardReadModels, caseIds: readonly string[]): Promise<void> => {
  expect(byRows.position).toBe(byDocuments.position);
  for (const kind of KINDS) expect(byRows.figures(kind), `figures of ${kind ?? 'every kind'}`).toEqual(byDocuments.figures(kind));
  for (const query of boardQueries(byDocuments)) expect(await byRows.board(query), JSON.stringify(query)).toEqual(await byDocuments.board(query));
  for (const caseId of [...caseIds, 'NO-SUCH-CASE']) expect(await byRows.caseEntry(caseId), caseId).toEqual(await byDocuments.caseEntry(caseId));
  const subDistrict = [...byDocuments.directory.units.values()].find((unit) => unit.level === 'subDistrict')!.id;
  for (const query of [{ from: '2026-01-01', to: '2026-04-01' }, { from: '2026-03-01' }, { to: '2026-02-15', unit: subDistrict }, { unit: subDistrict, kind: 'mediation' }, { kind: 'petition' }]) {
    expect(await byRows.statistics(query), JSON.stringify(query)).toEqual(await byDocuments.statistics(query));
  }
};

/** Some cases of the board: the first of each page of 40. */
const someCases = async (models: DashboardReadModels): Promise<string[]> => (await models.board({ page: 1, pageSize: 2_000 })).cases.filter((_, i) => i % 40 === 0).map((entry) => entry.caseId);

/** Registers the checks on the store `open` opens (a demo store), `cleanUp` after them. */
const sourcesAgree = (label: string, open: () => Promise<OpenedStore>, cleanUp?: () => Promise<void>): void => {
  let store: OpenedStore;
  let documents: DashboardSource;
  let rows: RowDashboardSource;
  let authorization: Authorization;

  describe(`the dashboard over the row read models: ${label}`, () => {
    beforeAll(async () => {
      store = await open();
      documents = dashboardSourceOf(store, createOutput({ stdout: quiet, stderr: quiet, json: false }));
      rows = await rowDashboardSourceOf(store, store.rowProjections!);
      const checked = createAuthorization({ policies: shippedAuthorizationPolicies, workflows: shippedWorkflows, directory: (await documents.readModels()).directory });
      if (E.isLeft(checked)) throw new Error('the shipped policies do not check');
      authorization = checked.right;
    }, 120_000);

    afterAll(async () => {
      await rows?.stop();
      await store?.close();
      await cleanUp?.();
    });

    it('answers every page as the document read models do: every figure of every kind, listings, entries, statistics, timelines', async () => {
      const [byRows, byDocuments] = [await rows.readModels(), await documents.readModels()];
      expect(byDocuments.figures(undefined).caseBoard.total).toBeGreaterThan(100);
      const caseIds = await someCases(byDocuments);
      await expectSameModels(byRows, byDocuments, caseIds);
      for (const caseId of [...caseIds, 'NO-SUCH-CASE']) expect(await rows.timeline(caseId), caseId).toEqual(await documents.timeline(caseId));
    }, 120_000);

    it("answers a viewer's pages as the document read models scoped to them (the core's scoped reads)", async () => {
      const directory = (await documents.readModels()).directory;
      const subDistricts = [...directory.units.values()].filter((unit) => unit.level === 'subDistrict').slice(0, 2);
      const principals: Principal[] = [
        ...subDistricts.map((unit) => ({ id: `clerk@${unit.id}`, assignments: [{ role: 'intakeClerk', unit: unit.id }] })),
        { id: 'officer-1', assignments: [{ role: 'petitionOfficer', unit: subDistricts[0]!.id }] },
      ];
      for (const principal of principals) {
        const viewer: DashboardViewer = { principal, authorization };
        const [byRows, byDocuments] = [await (await rows.readModels()).scopedTo(viewer), await (await documents.readModels()).scopedTo(viewer)];
        expect(byDocuments.figures(undefined).caseBoard.total, principal.id).toBeGreaterThan(0);
        const caseIds = await someCases(await documents.readModels());
        await expectSameModels(byRows, byDocuments, caseIds);
        for (const caseId of caseIds) expect(await rows.timeline(caseId, viewer), `${principal.id}: ${caseId}`).toEqual(await documents.timeline(caseId, viewer));
      }
    }, 120_000);

    it('follows a new event: both read models at the new position, still equal', async () => {
      const before = await rows.readModels();
      const { directory } = before;
      const subDistrict = [...directory.units.values()].find((unit) => unit.level === 'subDistrict')!;
      const execute = caseCommandHandler({ store: store.events, directory, clock: () => before.figures(undefined).asOf });
      const submitted = await execute(sampleSubmit('ROWS-1', { receivingUnit: subDistrict.id, area: subDistrict.id, claimedAmountFen: null }), {
        actor: { id: 'clerk-rows', role: 'intakeClerk', unit: subDistrict.id },
      });
      expect(E.isRight(submitted), JSON.stringify(E.isLeft(submitted) ? submitted.left : null)).toBe(true);
      const [byRows, byDocuments] = [await rows.readModels(), await documents.readModels()];
      expect(byRows.position).toBeGreaterThan(before.position);
      expect(byRows.figures(undefined).caseBoard.total).toBe(before.figures(undefined).caseBoard.total + 1);
      expect(await byRows.caseEntry('ROWS-1')).toMatchObject({ caseId: 'ROWS-1', unit: subDistrict.id });
      await expectSameModels(byRows, byDocuments, ['ROWS-1']);
      expect(await rows.timeline('ROWS-1')).toEqual(await documents.timeline('ROWS-1'));
      // A further event on the same case changes its kept rows: its old statistics and deadlines give way to the new ones.
      const reviewed = await execute(
        { type: 'Review', commandId: 'rows-test/review', caseId: 'ROWS-1', decision: { outcome: 'rejected', reason: 'outOfArea', note: 'Arose in another district' } },
        { actor: { id: 'clerk-rows', role: 'intakeClerk', unit: subDistrict.id } },
      );
      expect(E.isRight(reviewed), JSON.stringify(E.isLeft(reviewed) ? reviewed.left : null)).toBe(true);
      const [afterReview, documentsAfterReview] = [await rows.readModels(), await documents.readModels()];
      expect(afterReview.figures(undefined).statistics.review.rejected).toBe(byRows.figures(undefined).statistics.review.rejected + 1);
      expect(afterReview.figures(undefined).statistics.intake.total).toBe(byRows.figures(undefined).statistics.intake.total);
      await expectSameModels(afterReview, documentsAfterReview, ['ROWS-1']);
    }, 120_000);
  });
};

sourcesAgree('SQLite', async () => {
  const { dir, db } = demoCopy();
  return openStore(parseStoreLocation({ db }), { cwd: dir });
});

const serverUrl = inject('databaseUrl');
const database = `casefold_rows_${process.pid}_${Date.now().toString(36)}`;
const url = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
sourcesAgree(
  'PostgreSQL',
  async () => {
    await sql(`CREATE DATABASE "${database}"`, serverUrl);
    const dir = tempDir();
    const demo = await runCasefold(['demo', '--cases', '300', '--seed', 'rows-postgres', '--store', url], { cwd: dir });
    if (demo.code !== 0) throw new Error(`the demo on PostgreSQL failed: ${demo.stderr}`);
    return openStore(parseStoreLocation({ store: url }), { cwd: dir });
  },
  async () => {
    await sql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`, serverUrl);
  },
);
