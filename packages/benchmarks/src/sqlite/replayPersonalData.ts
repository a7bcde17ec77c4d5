/**
 * Replay with decryption of personal data (issue 16): the same cases appended to two SQLite
 * files, one plain and one through `protectPersonalData` (AES-256-GCM, keys in a SQLite
 * keystore of their own), then every event read back, decoded and folded into case states,
 * the plain store as the baseline, in the same run (rounds alternate). Each protected replay
 * starts with an empty key cache, as a replay after a restart does: one keystore read and one
 * unwrap per data subject, one decryption per party.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CaseState, evolve, initialState, mediationWorkflow } from '@casefold/core';
import { type EventStore, caseEventCodec, forEachEvent, localMasterKey, protectPersonalData } from '@casefold/engine';
import { getSqliteEventStore, openSqliteKeystore } from '@casefold/sqlite';
import * as E from 'fp-ts/lib/Either.js';
import { type BenchmarkSuite, type Measurement, rateSideBySide } from '../harness/benchHarness.js';
import { CASE_STEPS, lifecycleEvents } from '../workload/caseCommands.js';

const CASES = 5_000;
const codec = caseEventCodec({ workflows: [mediationWorkflow] });

/** Reads every event of `store` (in pages where the read offers them), decodes it and folds each case's state; the count of events. */
const replay = async (store: EventStore): Promise<number> => {
  const states = new Map<string, CaseState>();
  let events = 0;
  await forEachEvent(store.readAll(), (recorded) => {
    const decoded = codec.decode(recorded);
    if (E.isLeft(decoded)) throw decoded.left;
    states.set(recorded.streamId, evolve(states.get(recorded.streamId) ?? initialState, decoded.right as never));
    events += 1;
    return true;
  });
  return events;
};

const replayWithDecryption: BenchmarkSuite = {
  id: 'sqlite-replay-personal-data',
  name: `sqlite — replay (read, decode, fold) with personal data decrypted per subject vs plain (${CASES} cases × ${CASE_STEPS} events, a party each, temp files)`,
  run: async (): Promise<Measurement[]> => {
    const dir = mkdtempSync(join(tmpdir(), 'casefold-bench-replay-pii-'));
    const plain = getSqliteEventStore({ fileName: join(dir, 'plain.db') });
    const sealed = getSqliteEventStore({ fileName: join(dir, 'sealed.db') });
    const keystore = await openSqliteKeystore({ fileName: join(dir, 'keys.db'), create: true });
    const kms = localMasterKey({ masterKey: randomBytes(32) });
    try {
      const writer = protectPersonalData(sealed, { keystore, kms });
      for (let i = 0; i < CASES; i++) {
        const events = lifecycleEvents(i);
        await plain.appendToStream(`case-${i}`, events, { expectedRevision: 'no_stream' });
        await writer.appendToStream(`case-${i}`, events, { expectedRevision: 'no_stream' });
      }
      const count = CASES * CASE_STEPS;
      let checked = 0;
      const { rate, baselineRate, ratio } = await rateSideBySide(
        count,
        async () => {
          checked = await replay(protectPersonalData(sealed, { keystore, kms })); // a fresh reader: its key cache starts empty
        },
        () => replay(plain),
        5,
      );
      if (checked !== count) throw new Error(`the protected replay read ${checked} events, expected ${count}`);
      const warmReader = protectPersonalData(sealed, { keystore, kms });
      await replay(warmReader);
      const warm = await rateSideBySide(
        count,
        () => replay(warmReader),
        () => replay(plain),
        5,
      );
      return [
        { name: 'replay with personal data decrypted (cold key cache)', value: rate, unit: 'events/s', baseline: baselineRate, ratio },
        { name: 'replay with personal data decrypted (keys cached)', value: warm.rate, unit: 'events/s', baseline: warm.baselineRate, ratio: warm.ratio },
      ];
    } finally {
      await keystore.close();
      await sealed.close();
      await plain.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** The suites of this file. */
export const replayPersonalDataBenchmarks: BenchmarkSuite[] = [replayWithDecryption];
