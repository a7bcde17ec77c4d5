import { randomBytes } from 'node:crypto';
import { sampleDirectory, sampleSubmit } from '@casefold/core/testing';
import { caseCommandHandler, isKeystoreMismatchError, localMasterKey, protectPersonalData, tenantStore } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteKeystore, openSqliteStore } from '../src/index.js';
import { collect, tempDir } from './support/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());

const directory = sampleDirectory();
const clerk = { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' };
const NOW = '2026-06-01T08:00:00.000Z';

describe('one keystore used by mistake for two tenants of one SQLite file', () => {
  it('is refused for the second tenant (the keystore is bound to the first tenant’s streams), rather than letting a forget in one tenant silently erase the other tenant’s subject of the same id', async () => {
    const shared = await openSqliteStore({ fileName: dir.file('city.db') });
    // The mistake docs/tenancy.md warns of ("Keep each tenant's keystore apart"): one keystore for the city.
    const keystore = await openSqliteKeystore({ fileName: dir.file('keys-city.db'), create: true });
    const kms = localMasterKey({ masterKey: randomBytes(32) });
    try {
      const [xishan, guandu] = ['xishan', 'guandu'].map((tenantId) => protectPersonalData(tenantStore(shared, tenantId).events, { keystore, kms, clock: () => NOW }));
      const submit = (tenantId: string) => sampleSubmit('S-3', { parties: [{ subjectId: 'subject-3', side: 'applicant', pii: { name: `${tenantId} 张三`, phone: null, idNumber: null } }] });
      const xishanSubmitted = await caseCommandHandler({ store: xishan!, directory, clock: () => NOW })(submit('xishan'), { actor: clerk, occurredAt: NOW });
      expect(E.isRight(xishanSubmitted)).toBe(true);
      // A refusal may come back as a Left or be thrown: either counts.
      const refused = await caseCommandHandler({ store: guandu!, directory, clock: () => NOW })(submit('guandu'), { actor: clerk, occurredAt: NOW }).then(
        (outcome) => E.isLeft(outcome) && isKeystoreMismatchError((outcome.left as { error?: unknown }).error),
        (error: unknown) => isKeystoreMismatchError(error),
      );

      await xishan!.forget('subject-3', { legalBasis: 'PIPL Art 47(1)(1): purpose achieved' });
      // guandu's case as a fresh process reads it (no key cached in memory).
      const again = protectPersonalData(tenantStore(shared, 'guandu').events, { keystore, kms, clock: () => NOW });
      const guanduData = refused ? null : JSON.stringify((await collect(again.readStream('case-S-3')))[0]?.data);
      // Before the fix: guandu's Submit was accepted with xishan's key for subject-3, and xishan's forget erased guandu's
      // subject-3 too ({"erased":true,...}), with no erasure record in guandu's streams.
      expect({ refused, guanduKeepsItsData: guanduData?.includes('guandu 张三') ?? false }).toMatchObject(refused ? { refused: true } : { guanduKeepsItsData: true });
    } finally {
      await keystore.close();
      await shared.close();
    }
  });
});
