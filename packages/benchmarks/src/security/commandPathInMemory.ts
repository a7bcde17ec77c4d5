/**
 * The CPU cost of issue 16's two protections on the command path, apart from any disk: the
 * same commands on the in-memory store through a plain handler, with authorization only,
 * with sealing only (`protectPersonalData`, in-memory keystore) and with both; a fresh store
 * per round, the four rounds alternating, rates per CPU second of this process (the machine
 * is shared: the wall clock swings with the load, the CPU time of in-process work holds).
 */
import { randomBytes } from 'node:crypto';
import { type Authorization, type Principal } from '@casefold/core';
import { sampleDirectory } from '@casefold/core/testing';
import { caseCommandHandler, getInMemoryEventStore, inMemoryKeystore, localMasterKey, protectPersonalData } from '@casefold/engine';
import { type Measurement, mark, median, ratesSince } from '../harness/benchHarness.js';
import { type ExecuteCaseCommand, interleavedCases, runCommands } from '../workload/caseCommands.js';
import { benchClock, benchWorkflow } from '../workload/lifecycleCommands.js';

const CASES = 400;
const IN_FLIGHT = 16;
const ROUNDS = 9;
const directory = sampleDirectory();

/** What a variant turns on. */
interface Variant {
  readonly name: string;
  readonly authorize: boolean;
  readonly seal: boolean;
}

const VARIANTS: readonly Variant[] = [
  { name: 'plain', authorize: false, seal: false },
  { name: 'authorization only', authorize: true, seal: false },
  { name: 'sealing only', authorize: false, seal: true },
  { name: 'sealing + authorization', authorize: true, seal: true },
];

/** A fresh handler of the variant; with authorization, the bench actor comes as the principal the embedding system authenticated (its one role in its unit). */
const handlerOf = (variant: Variant, authorization: Authorization): ExecuteCaseCommand => {
  const inner = getInMemoryEventStore();
  const store = variant.seal ? protectPersonalData(inner, { keystore: inMemoryKeystore(), kms: localMasterKey({ masterKey: randomBytes(32) }) }) : inner;
  const execute = caseCommandHandler({ store, directory, workflow: benchWorkflow, clock: benchClock, ...(variant.authorize ? { authorization } : {}) });
  if (!variant.authorize) return execute;
  return (command, { actor, occurredAt }) => {
    const principal: Principal = { id: actor!.id, assignments: [{ role: actor!.role, unit: actor!.unit }] };
    return execute(command, { principal, ...(occurredAt === undefined ? {} : { occurredAt }) });
  };
};

/** Per variant but the plain one: its median rate per CPU second, beside the plain handler's (the baseline). */
export const commandPathInMemory = async (authorization: Authorization): Promise<Measurement[]> => {
  const rates = new Map(VARIANTS.map((v) => [v, [] as number[]]));
  let nextCase = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const variant of VARIANTS) {
      const execute = handlerOf(variant, authorization);
      const { commands } = interleavedCases((nextCase += CASES) - CASES, CASES);
      const start = mark();
      await runCommands(execute, commands, IN_FLIGHT);
      rates.get(variant)!.push(ratesSince(commands.length, start).cpu);
    }
  }
  const baseline = median(rates.get(VARIANTS[0]!)!);
  return VARIANTS.slice(1).map((variant) => {
    const value = median(rates.get(variant)!);
    return { name: `commands in memory, ${variant.name} (vs plain), per CPU second`, value, unit: 'commands/CPU s', baseline, ratio: value / baseline };
  });
};
