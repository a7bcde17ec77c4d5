import { randomBytes } from 'node:crypto';
import { type PersonalData, decide, initialState, mediationWorkflow } from '@casefold/core';
import { personalDataArbitrary, sampleDirectory, sampleSubmit } from '@casefold/core/testing';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { type NewEvent, caseCommandHandler, caseEventCodec, getInMemoryEventStore, inMemoryKeystore, isCasefoldError, localMasterKey, protectPersonalData } from '../../src/index.js';

const NOW = '2026-06-01T08:00:00.000Z';
const clerk = { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' };
const meta = { occurredAt: NOW, recordedAt: NOW, commandId: 'c', correlationId: 'c', causationId: null, schemaVersion: 1 };

const submit = (caseId: string, overrides: Record<string, unknown>) => sampleSubmit(caseId, { claimedAmountFen: null, ...overrides });

/** Everything a caller could print or log of an outcome: messages, details, stacks, causes. */
const shown = (value: unknown): string => {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown): void => {
    if (v === null || v === undefined || seen.has(v)) return;
    if (typeof v === 'string') parts.push(v);
    else if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') parts.push(String(v));
    else if (typeof v === 'object') {
      seen.add(v);
      if (v instanceof Error) {
        parts.push(String(v), v.stack ?? '');
        walk(v.cause);
      }
      for (const inner of Object.values(v)) walk(inner);
    }
  };
  walk(value);
  return parts.join('\n');
};

const failure = async (run: () => Promise<unknown>): Promise<unknown> => {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
};

/**
 * Every error path reachable with personal data in the input, each with generated personal
 * data: the outcome of each (a rejection, a decode error, a store error).
 */
const errorPaths = async (pii: PersonalData, other: PersonalData): Promise<readonly [string, unknown][]> => {
  const party = { subjectId: 'p-1', side: 'applicant', pii };
  const context = { now: NOW, actor: clerk, directory: sampleDirectory(), workflow: mediationWorkflow };
  const number = pii.idNumber ?? pii.phone ?? '13900000000';
  const outcomes: [string, unknown][] = [
    ['a party with a bad side', decide(submit('A', { parties: [{ ...party, side: 'witness' }] }) as never, initialState, context)],
    ['parties as an object', decide(submit('A', { parties: party }) as never, initialState, context)],
    [
      'numbers in the wrong fields',
      decide(submit('A', { parties: [{ ...party, pii: { name: pii.name, phone: pii.idNumber ?? pii.name, idNumber: pii.phone ?? pii.name } }] }) as never, initialState, context),
    ],
    ['a number in the summary', decide(submit('A', { summary: `${pii.name} ${number}`, parties: [party] }) as never, initialState, context)],
    ['a bad amount beside the parties', decide(submit('A', { claimedAmountFen: -1, parties: [party] }) as never, initialState, context)],
  ];
  // Through the engine's command handler, on a protected store.
  const inner = getInMemoryEventStore();
  const keystore = inMemoryKeystore();
  const masterKey = randomBytes(32);
  const store = protectPersonalData(inner, { keystore, kms: localMasterKey({ masterKey }), clock: () => NOW });
  const execute = caseCommandHandler({ store, directory: sampleDirectory(), clock: () => NOW });
  outcomes.push(['the handler: a number in the summary', await execute(submit('B', { summary: `${number} ${pii.name}`, parties: [party] }), { actor: clerk, occurredAt: NOW })]);
  outcomes.push(['the handler: a bad party', await execute(submit('B', { parties: [{ ...party, subjectId: '' }] }), { actor: clerk, occurredAt: NOW })]);
  expect(E.isRight(await execute(submit('C', { parties: [party, { subjectId: 'p-2', side: 'respondent', pii: other }] }), { actor: clerk, occurredAt: NOW }))).toBe(true);
  const event = (data: unknown): NewEvent => ({ eventId: 'e-1', type: 'Note', data: data as never, metadata: meta });
  outcomes.push(['pii without a subject', await failure(() => store.appendToStream('s', [event({ pii })]))]);
  outcomes.push(['pii holding a Date', await failure(() => store.appendToStream('s', [event({ subjectId: 'p-9', pii: { ...pii, at: new Date() } })]))]);
  outcomes.push(['pii holding NaN, unprotected', await failure(() => getInMemoryEventStore().appendToStream('s', [event({ subjectId: 'p-9', pii: { ...pii, score: Number.NaN } })]))]);
  await store.forget('p-2', { legalBasis: 'PIPL Art 47' });
  outcomes.push(['a forgotten subject', await failure(() => store.appendToStream('s', [event({ subjectId: 'p-2', pii: other })]))]);
  const read = async (reader: typeof store) => {
    for await (const _ of reader.readAll()) void _;
  };
  outcomes.push(['another master key', await failure(() => read(protectPersonalData(inner, { keystore, kms: localMasterKey({ masterKey: randomBytes(32) }) })))]);
  outcomes.push(['a lost keystore', await failure(() => read(protectPersonalData(inner, { keystore: inMemoryKeystore(), kms: localMasterKey({ masterKey }) })))]);
  // A stored event whose personal data does not decode.
  const [submitted] = (await store.appendToStream('case-D', [event({ parties: [{ subjectId: 'p-3', side: 'applicant', pii }] })])).events;
  const malformed = {
    ...submitted!,
    type: 'Submitted',
    data: { ...(submitted!.data as object), parties: [{ subjectId: 'p-3', side: 'applicant', pii: { name: [pii.name], phone: pii.phone, idNumber: 7 } }] },
  };
  outcomes.push(['a stored event that does not decode', caseEventCodec().decode(malformed as never)]);
  return outcomes;
};

describe('personal data never appears in error messages or anything an error carries', () => {
  it('for all generated personal data, over every error path: decode errors, rejections, store errors (1,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(personalDataArbitrary(), personalDataArbitrary(), async (pii, other) => {
        for (const [path, outcome] of await errorPaths(pii, other)) {
          if (!(outcome instanceof Error)) expect(E.isLeft(outcome as E.Either<unknown, unknown>), path).toBe(true);
          else expect(isCasefoldError(outcome), path).toBe(true);
          const text = shown(outcome);
          expect(text.length, path).toBeGreaterThan(20);
          for (const secret of [pii.name, pii.phone, pii.idNumber, other.name, other.phone, other.idNumber]) {
            if (secret === null) continue;
            expect(text.includes(secret), `${path} shows personal data`).toBe(false);
            expect(text.includes(JSON.stringify(secret).slice(1, -1)), `${path} shows personal data`).toBe(false);
          }
        }
      }),
      { numRuns: 1000 },
    );
  }, 120_000);
});
