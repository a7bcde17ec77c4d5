/**
 * Benchmarks of issue 16 (who may act and see): the command path on a SQLite file with
 * personal data sealed per data subject (`protectPersonalData`, AES-256-GCM, keys in a
 * SQLite keystore) and every command authorized against the shipped policy for an
 * authenticated principal, beside the same commands on a plain handler over the same kind
 * of file, in the same run (rounds alternate). Target: ≥ 0.8×. And the CPU cost of each
 * protection apart, on the in-memory store (see commandPathInMemory.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Authorization, createAuthorization, shippedAuthorizationPolicies } from '@casefold/core';
import { sampleDirectory } from '@casefold/core/testing';
import { caseCommandHandler, localMasterKey, protectPersonalData } from '@casefold/engine';
import { getSqliteEventStore, openSqliteKeystore } from '@casefold/sqlite';
import * as E from 'fp-ts/lib/Either.js';
import { type BenchmarkSuite, type Measurement, rateSideBySide } from '../harness/benchHarness.js';
import { commandPathInMemory } from './commandPathInMemory.js';
import { interleavedCases, runCommands } from '../workload/caseCommands.js';
import { benchClock, benchWorkflow } from '../workload/lifecycleCommands.js';

const CASES = 400;
const IN_FLIGHT = 16;
const REPEATS = 5;
const directory = sampleDirectory();

/** The shipped policy of the bench workflow. */
const benchAuthorization = (): Authorization => {
  const authorization = createAuthorization({ workflows: [benchWorkflow], directory, policies: shippedAuthorizationPolicies.filter((p) => p.workflow === benchWorkflow.id) });
  if (E.isLeft(authorization)) throw new Error(`the shipped policy does not fit the bench workflow: ${JSON.stringify(authorization.left)}`);
  return authorization.right;
};

/** The pair on files with `synchronous` FULL (fsync per commit, as shipped) or OFF (what the sealing and the checks cost in CPU, no fsync to hide it). */
const commandPathPair = async (synchronous: 'FULL' | 'OFF'): Promise<Measurement> => {
  const dir = mkdtempSync(join(tmpdir(), 'casefold-bench-security-'));
  const authorization = benchAuthorization();
  const plainStore = getSqliteEventStore({ fileName: join(dir, 'plain.db'), synchronous });
  const sealedStore = getSqliteEventStore({ fileName: join(dir, 'sealed.db'), synchronous });
  const keystore = await openSqliteKeystore({ fileName: join(dir, 'keys.db'), create: true });
  const protectedStore = protectPersonalData(sealedStore, { keystore, kms: localMasterKey({ masterKey: randomBytes(32) }) });
  const plain = caseCommandHandler({ store: plainStore, directory, workflow: benchWorkflow, clock: benchClock });
  const secured = caseCommandHandler({ store: protectedStore, directory, workflow: benchWorkflow, clock: benchClock, authorization });
  let nextCase = 0;
  const fresh = () => interleavedCases((nextCase += CASES) - CASES, CASES).commands;
  try {
    const result = await rateSideBySide(
      CASES * 7,
      () =>
        runCommands(
          (command, { actor, occurredAt }) => {
            // The principal the embedding system authenticated: the bench actor's one role in its unit.
            const { id, role, unit } = actor!;
            return secured(command, { principal: { id, assignments: [{ role, unit }] }, ...(occurredAt === undefined ? {} : { occurredAt }) });
          },
          fresh(),
          IN_FLIGHT,
        ),
      () => runCommands(plain, fresh(), IN_FLIGHT),
      REPEATS,
    );
    return {
      name: `commands, synchronous ${synchronous}, sealed personal data + authorization (vs plain)`,
      value: result.rate,
      unit: 'commands/s',
      baseline: result.baselineRate,
      ratio: result.ratio,
    };
  } finally {
    await Promise.all([plainStore.close(), sealedStore.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
};

export const benchmarks: BenchmarkSuite[] = [
  {
    id: 'security-command-path-sqlite',
    name: `security — command path with sealed personal data and authorization vs plain, SQLite (temp files, WAL; ${CASES} cases × 7, ${IN_FLIGHT} in flight)`,
    run: async () => [await commandPathPair('FULL'), await commandPathPair('OFF')],
  },
  {
    id: 'security-command-path-memory',
    name: 'security — the CPU cost of authorization and of sealing personal data on the command path, in memory, each apart and both, vs plain (per CPU second)',
    run: async () => commandPathInMemory(benchAuthorization()),
  },
];
