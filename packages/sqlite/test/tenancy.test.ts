import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { caseBoardQuery, caseBoardRows } from '@casefold/core';
import { sampleDirectory, sampleSubmit } from '@casefold/core/testing';
import { caseCommandHandler, caseEventCodec, localMasterKey, protectPersonalData, startRowProjection, tenantStore, verifyAll } from '@casefold/engine';
import { expectNoTraceOf, shredSample } from '@casefold/engine/testing';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteKeystore, openSqliteStore } from '../src/index.js';
import { collect, tempDir } from './support/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());

/** The bytes of a database file and its write-ahead log, as one buffer. */
const fileBytes = (fileName: string): Buffer => Buffer.concat([fileName, `${fileName}-wal`].filter(existsSync).map((f) => readFileSync(f)));

const directory = sampleDirectory();
const clerk = { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' };
const NOW = '2026-06-01T08:00:00.000Z';

describe('tenants of one SQLite file', () => {
  it('per-tenant keys: a tenant forgets its subjects, leaving no trace of them in the file, while another tenant’s subject of the same id keeps its data under its own key; the whole file verifies', async () => {
    const fileName = dir.file('city-keys.db');
    // #region views
    const shared = await openSqliteStore({ fileName });
    const xishan = tenantStore(shared, 'xishan');
    const guandu = tenantStore(shared, 'guandu');
    // #endregion views
    const keysFile = { xishan: dir.file('keys-xishan.db'), guandu: dir.file('keys-guandu.db') };
    const xishanKeys = await openSqliteKeystore({ fileName: keysFile.xishan, create: true });
    const guanduKeys = await openSqliteKeystore({ fileName: keysFile.guandu, create: true });
    const guanduKms = localMasterKey({ masterKey: randomBytes(32) });
    try {
      // guandu's subject-3, the id of a subject xishan will forget, with other personal data.
      // #region keys
      const guanduEvents = protectPersonalData(guandu.events, { keystore: guanduKeys, kms: guanduKms, clock: () => NOW });
      const execute = caseCommandHandler({ store: guanduEvents, directory, clock: () => NOW });
      // #endregion keys
      const pii = { name: '关渡 张三', phone: '13912345678', idNumber: null };
      const submitted = await execute(sampleSubmit('S-3', { claimedAmountFen: null, parties: [{ subjectId: 'subject-3', side: 'applicant', pii }] }), { actor: clerk, occurredAt: NOW });
      expect(E.isRight(submitted)).toBe(true);

      const sample = await shredSample({ store: xishan.events, keystore: xishanKeys, kms: localMasterKey({ masterKey: randomBytes(32) }), keystoreBytes: async () => fileBytes(keysFile.xishan) });
      expectNoTraceOf(Buffer.concat([fileBytes(fileName), fileBytes(keysFile.xishan)]), sample);

      // guandu's subject-3 is untouched: its key is active in its own keystore and its data reads back.
      const guanduKey = (await guanduKeys.read(['subject-3'])).get('subject-3');
      expect(guanduKey?.state).toBe('active');
      const [event] = await collect(guanduEvents.readStream('case-S-3'));
      expect(JSON.stringify(event?.data)).toContain('关渡 张三');
      // Its key is in its own keystore only.
      if (guanduKey?.state === 'active') expect(fileBytes(keysFile.xishan).includes(Buffer.from(guanduKey.wrappedKey))).toBe(false);
      // Both tenants' chains, and the file's, verify.
      for (const events of [shared.events, xishan.events, guandu.events]) expect(E.isRight(await verifyAll(events))).toBe(true);
    } finally {
      await xishanKeys.close();
      await guanduKeys.close();
      await shared.close();
    }
  });

  it('per-tenant read models: two tenants’ case boards as rows in one file, each listing only its own cases, though the case ids are the same', async () => {
    const shared = await openSqliteStore({ fileName: dir.file('city-boards.db') });
    const decode = caseEventCodec().decode;
    try {
      const tenants = { xishan: ['A-1', 'A-2', 'A-3'], guandu: ['A-1'] };
      for (const [tenantId, caseIds] of Object.entries(tenants)) {
        const execute = caseCommandHandler({ store: tenantStore(shared, tenantId).events, directory, clock: () => NOW });
        for (const caseId of caseIds) expect(E.isRight(await execute(sampleSubmit(caseId), { actor: clerk, occurredAt: NOW }))).toBe(true);
      }
      for (const [tenantId, caseIds] of Object.entries(tenants)) {
        // #region boards
        const tenant = tenantStore(shared, tenantId);
        const board = await startRowProjection({ store: tenant.events, rowStore: tenant.rowProjections, projection: caseBoardRows(directory), decode });
        await board.waitFor(await tenant.readLastPosition());
        const page = await board.query(caseBoardQuery(directory, { limit: 10 }));
        // #endregion boards
        expect(page.rows.map((row) => row.caseId)).toEqual(caseIds);
        await board.stop();
      }
      // One table per tenant in the file, named after it.
      const tables = (await import('better-sqlite3')).default(dir.file('city-boards.db'), { readonly: true });
      try {
        const names = tables.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rows_%' ORDER BY name").pluck().all();
        expect(names).toEqual(['rows_guandu__caseBoardRows', 'rows_xishan__caseBoardRows']);
      } finally {
        tables.close();
      }
    } finally {
      await shared.close();
    }
  });
});
