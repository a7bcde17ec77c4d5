import { caseBoardProjection, mediationWorkflow } from '@casefold/core';
import { sampleDirectory, sampleSubmit } from '@casefold/core/testing';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import {
  type EventStore,
  type RecordedEvent,
  applyEnvelopes,
  caseCommandHandler,
  caseEventCodec,
  getInMemoryEventStore,
  inMemoryKeystore,
  localMasterKey,
  protectPersonalData,
  replayVerified,
  tenantEventStore,
} from '../src/index.js';
import { newEvent } from '../src/testing/conformance/counterDomain.js';
import { envelopeOf } from '../src/projections/applyEnvelopes.js';
import { collect } from '../src/testing/conformance/fixture.js';

/*
 * Tenant isolation as a property: several tenants share one store, each through its own view,
 * and use the same case ids. For all interleavings of their commands, every tenant sees
 * exactly what it would see alone in a store of its own (same outcomes, same events, same
 * read model), and nothing of the others.
 */

const TENANTS = ['xishan', 'guandu', 'wuhua'] as const;
type Tenant = (typeof TENANTS)[number];
const CASE_IDS = ['C-1', 'C-2'];
const directory = sampleDirectory();
const clerk = { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' };
const NOW = '2026-06-01T08:00:00.000Z';

/** The commands a clerk may send for a case (many refused in most stages, alike in both worlds). */
const commandFor = (caseId: string, step: number, which: number): Record<string, unknown> => {
  const commandId = `${caseId}/${step}`;
  switch (which) {
    case 0:
      return { ...sampleSubmit(caseId), commandId };
    case 1:
      return { type: 'Review', commandId, caseId, decision: { outcome: 'accepted', note: null } };
    case 2:
      return { type: 'Dispatch', commandId, caseId, to: 'majie-north', reason: null };
    default:
      return { type: 'Withdraw', commandId, caseId, reason: 'settled between the parties' };
  }
};

interface Step {
  readonly tenant: Tenant;
  readonly caseId: string;
  readonly which: number;
  /** Sent twice (a retry): idempotent in both worlds. */
  readonly retried: boolean;
}
const step: fc.Arbitrary<Step> = fc.record({ tenant: fc.constantFrom(...TENANTS), caseId: fc.constantFrom(...CASE_IDS), which: fc.nat(3), retried: fc.boolean() });

/** One of each per tenant. */
const perTenant = <T>(make: (tenant: Tenant) => T): Record<Tenant, T> => Object.fromEntries(TENANTS.map((tenant) => [tenant, make(tenant)])) as Record<Tenant, T>;

/** A command handler with event ids counted per handler, so two worlds give the same ids. */
const handlerOn = (store: EventStore) => {
  let ids = 0;
  return caseCommandHandler({ store, directory, workflow: mediationWorkflow, clock: () => NOW, newEventId: () => `event-${(ids += 1)}` });
};

/** What a tenant sees of an event: everything but the shared store's position. */
const seen = ({ streamId, revision, eventId, type, data, metadata, prevHash, hash }: RecordedEvent) => ({ streamId, revision, eventId, type, data, metadata, prevHash, hash });

const codec = caseEventCodec({ workflows: [mediationWorkflow] });
/** The case board folded from a tenant's events, positions aside. */
const boardOf = (events: readonly RecordedEvent[]) =>
  applyEnvelopes(
    caseBoardProjection,
    caseBoardProjection.initialState,
    events.map((recorded) => {
      const decoded = codec.decode(recorded);
      if (E.isLeft(decoded)) throw decoded.left;
      return { ...envelopeOf(recorded, decoded.right), position: 0n };
    }),
  );

describe('tenants of one store', () => {
  it('for all interleavings of commands of three tenants using the same case ids, each tenant sees exactly what it would alone in a store of its own, and nothing of the others (1,000 runs)', async () => {
    let crossed = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 24 }), async (steps) => {
        const shared = getInMemoryEventStore();
        const views = perTenant((tenant): EventStore => tenantEventStore(shared, tenant));
        const alone = perTenant((): EventStore => getInMemoryEventStore());
        const inShared = perTenant((tenant) => handlerOn(views[tenant]));
        const inOwn = perTenant((tenant) => handlerOn(alone[tenant]));
        for (const [i, { tenant, caseId, which, retried }] of steps.entries()) {
          const command = commandFor(caseId, i, which);
          for (let send = 0; send < (retried ? 2 : 1); send++) {
            const shared = await inShared[tenant](command, { actor: clerk });
            const own = await inOwn[tenant](command, { actor: clerk });
            // The same outcome: accepted with the same events, or refused for the same reason.
            expect(E.isRight(shared)).toBe(E.isRight(own));
            if (E.isLeft(shared) && E.isLeft(own)) expect(shared.left).toEqual(own.left);
            if (E.isRight(shared) && E.isRight(own)) expect(shared.right.events).toEqual(own.right.events);
          }
        }
        const stored = await collect(shared.readAll());
        for (const tenant of TENANTS) {
          const mine = await collect(views[tenant].readAll());
          const own = await collect(alone[tenant].readAll());
          // The tenant's events, as it would have them alone (positions aside: the store is shared).
          expect(mine.map(seen)).toEqual(own.map(seen).map((event) => ({ ...event, prevHash: expect.any(String), hash: expect.any(String) })));
          // Only its own: every one stored under its prefix, and every one of those read.
          expect(stored.filter((event) => event.streamId.startsWith(`${tenant}/`)).map((event) => event.eventId)).toEqual(mine.map((event) => event.eventId));
          for (const caseId of CASE_IDS) expect((await collect(views[tenant].readStream(`case-${caseId}`))).map(seen)).toEqual(mine.filter((e) => e.streamId === `case-${caseId}`).map(seen));
          expect(await views[tenant].readLastPosition()).toBe(mine.at(-1)?.position ?? 0n);
          // Its read model is the one it would have alone.
          expect(boardOf(mine)).toEqual(boardOf(own));
        }
        // Every stored event belongs to a tenant.
        expect(stored.every((event) => TENANTS.some((tenant) => event.streamId.startsWith(`${tenant}/`)))).toBe(true);
        // Not vacuous: the same case id lived in two tenants at once.
        const casesOf = (tenant: Tenant) => new Set(stored.filter((e) => e.streamId.startsWith(`${tenant}/`)).map((e) => e.streamId.slice(tenant.length + 1)));
        if (TENANTS.some((a) => TENANTS.some((b) => a < b && [...casesOf(a)].some((id) => casesOf(b).has(id))))) crossed += 1;
      }),
      { numRuns: 1_000 },
    );
    expect(crossed).toBeGreaterThan(100);
  });
});

describe("a tenant's view in the audit", () => {
  it('replayVerified over a view hands its visitor the tenant’s stream ids, as readAll does, while it checks the hashes over the stored ids; a protected view keeps the same prefix', async () => {
    const shared = getInMemoryEventStore();
    const xishan = tenantEventStore(shared, 'xishan');
    await tenantEventStore(shared, 'guandu').appendToStream('case-1', [newEvent()]);
    await xishan.appendToStream('case-1', [newEvent(), newEvent()]);
    const visited: string[] = [];
    const result = await replayVerified(xishan, (event) => visited.push(event.streamId));
    expect(E.isRight(result)).toBe(true);
    expect(visited).toEqual(['case-1', 'case-1']);
    expect((await collect(xishan.readAll())).map((event) => event.streamId)).toEqual(visited);
    if (E.isRight(result)) expect([...result.right.heads.keys()]).toEqual(['xishan/case-1']);
    expect(protectPersonalData(xishan, { keystore: inMemoryKeystore(), kms: localMasterKey({ masterKey: randomBytes(32) }) }).storedStreamPrefix).toBe('xishan/');
  });
});
