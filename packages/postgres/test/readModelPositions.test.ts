import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Projection } from '@casefold/core';
import { findReadModelsAhead, startProjection } from '@casefold/engine';
import { openPostgresStore } from '../src/index.js';
import { createTenantRole, dropTenantSchema, urlAs } from './support/tenantRoles.js';
import { type TestStore, databaseUrl, newEvent, openTestStore, sql, uniqueSchema } from './support/testStore.js';
import { startWorker } from './support/workers.js';

// The read models' checkpoints (the `projections` table) live in the same schema as the events.
// Events deleted from the end of the store leave every chain intact but the checkpoints past the
// last position: findReadModelsAhead names them; appends and read-model commits running meanwhile
// never look like it (one statement: one snapshot, compared with every committed event).

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const testStore = async (): Promise<TestStore> => {
  const store = await openTestStore();
  cleanups.push(store.dispose);
  return store;
};

const commitAt = (store: TestStore, name: string, position: bigint): Promise<void> => store.projections.commit({ name, version: 1, position, state: {} }, null);

const appendSix = async (store: TestStore): Promise<bigint[]> => {
  const positions: bigint[] = [];
  for (let i = 0; i < 6; i++) positions.push((await store.events.appendToStream(`case-${i % 2}`, [newEvent()])).lastPosition);
  return positions;
};

describe('findReadModelsAhead on PostgreSQL', () => {
  it('reads the furthest checkpoint and the last position; nothing is ahead on an intact store, or one without read models', async () => {
    const store = await testStore();
    expect(await store.events.readReadModelPositions()).toBeNull();
    const positions = await appendSix(store);
    const last = positions.at(-1)!;
    await commitAt(store, 'behind', positions[3]!);
    await commitAt(store, 'current', last);
    expect(await store.events.readReadModelPositions()).toEqual({ readModel: 'current', position: last, ahead: 0, lastPosition: last });
    expect(await findReadModelsAhead(store.events)).toBeNull();
  });

  it('names the furthest read model, how many are ahead and both positions when the last events were deleted behind the store', async () => {
    const store = await testStore();
    const positions = await appendSix(store);
    const last = positions.at(-1)!;
    await commitAt(store, 'behind', positions[1]!);
    await commitAt(store, 'b-current', last);
    await commitAt(store, 'a-current', last);
    await sql(`DELETE FROM "${store.schema}".events WHERE position > $1`, [positions[2]!.toString()]);
    const ahead = await findReadModelsAhead(store.events);
    expect(ahead).toMatchObject({ readModel: 'a-current', position: last, ahead: 2, lastPosition: positions[2] });
    expect(ahead?.message).toContain(`built up to position ${last} (read model 'a-current' and 1 more), but the store ends at position ${positions[2]}`);
    await sql(`DELETE FROM "${store.schema}".events`);
    expect(await findReadModelsAhead(store.events)).toMatchObject({ ahead: 3, lastPosition: 0n });
  });

  it('finds nothing while another process appends in concurrent transactions and a projection runner commits its checkpoints', { timeout: 90_000 }, async () => {
    const store = await testStore();
    const seeded = await store.events.appendToStream('seed', [newEvent()]);
    // Four writers in another process, each append its own transaction, committing in any order.
    const appender = startWorker('appendWorker', [databaseUrl(), store.schema, 'busy', '4', '150', 'busy-0,busy-1,busy-2,busy-3,busy-4,busy-5']);
    cleanups.push(async () => {
      if (appender.child.exitCode === null && appender.child.signalCode === null) appender.kill();
    });
    const counted: Projection<{ count: number }, unknown> = {
      name: 'counted',
      version: 1,
      initialState: { count: 0 },
      apply: (draft) => {
        draft.count += 1;
      },
    };
    const runner = await startProjection({ store: store.events, projectionStore: store.projections, projection: counted, decode: (recorded) => E.right(recorded.data), batchSize: 5 });
    cleanups.push(() => runner.stop());
    await runner.waitFor(seeded.lastPosition, { timeoutMs: 20_000 });
    const seen = new Set<bigint>();
    let done = false;
    void appender.exited.then(() => (done = true));
    while (!done) {
      const positions = await store.events.readReadModelPositions();
      if (positions !== null) seen.add(positions.position);
      expect(await findReadModelsAhead(store.events)).toBeNull();
    }
    expect((await appender.exited).code, (await appender.exited).stderr).toBe(0);
    // The runner committed while the checks ran: many checkpoints were seen, each at or below the last position.
    expect(seen.size).toBeGreaterThan(10);
  });

  it('compares nothing for a role that row-level security hides events from (its tenant’s events only; other tenants’ read models seen)', async () => {
    const schema = uniqueSchema('rlsahead');
    const role = `${schema}_xishan`.slice(0, 63);
    const admin = await openPostgresStore({ connectionString: databaseUrl(), schema });
    cleanups.push(() => dropTenantSchema(schema, [role]));
    cleanups.push(() => admin.close());
    await createTenantRole(schema, role);
    await sql(`ALTER TABLE "${schema}".events ENABLE ROW LEVEL SECURITY`);
    await sql(`CREATE POLICY tenant_streams ON "${schema}".events USING (starts_with(stream_id, 'xishan/')) WITH CHECK (starts_with(stream_id, 'xishan/'))`);
    await admin.events.appendToStream('xishan/case-1', [newEvent()]);
    const guandu = await admin.events.appendToStream('guandu/case-1', [newEvent()]);
    await admin.projections.commit({ name: 'guandu__board', version: 1, position: guandu.lastPosition, state: {} }, null);
    // The owner sees every event: nothing ahead.
    expect(await findReadModelsAhead(admin.events)).toBeNull();
    const tenant = await openPostgresStore({ connectionString: urlAs(role), schema });
    cleanups.push(() => tenant.close());
    // The role sees guandu's read model past its own last event, which is no finding: not compared.
    expect(await tenant.events.readReadModelPositions()).toBeNull();
    expect(await findReadModelsAhead(tenant.events)).toBeNull();
  });
});
