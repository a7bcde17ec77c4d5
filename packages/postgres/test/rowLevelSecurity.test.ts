import { tenantStore } from '@casefold/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPostgresPermissionError, openPostgresStore } from '../src/index.js';
import { createTenantRole, dropTenantSchema, urlAs } from './support/tenantRoles.js';
import { TEST_VISIBILITY_WAIT_MS, databaseUrl, newEvent, sql, uniqueSchema } from './support/testStore.js';

/*
 * The PostgreSQL option of row-level security (docs/tenancy.md): one database role per
 * tenant, named as the tenant, and a policy on the events table that lets a role see and
 * write only the streams under its own name. Then even code that bypasses the tenant's view
 * (a bug, a hand-written query) cannot read or write another tenant's events.
 */

const schema = uniqueSchema('rls');
const ROLES = ['xishan', 'guandu'].map((tenant) => ({ tenant, role: `${schema}_${tenant}`.slice(0, 63) }));

beforeAll(async () => {
  // The schema made by the adapter's own migrations, as an administrator would at install.
  const admin = await openPostgresStore({ connectionString: databaseUrl(), schema });
  await admin.close();
  for (const { role } of ROLES) await createTenantRole(schema, role);
  await sql(`ALTER TABLE "${schema}".events ENABLE ROW LEVEL SECURITY`);
  // The tenant of a role: its name after the schema's prefix (here), or simply the role's name.
  await sql(
    `CREATE POLICY tenant_streams ON "${schema}".events
       USING (starts_with(stream_id, substr(current_user, ${schema.length + 2}) || '/'))
       WITH CHECK (starts_with(stream_id, substr(current_user, ${schema.length + 2}) || '/'))`,
  );
});

afterAll(() =>
  dropTenantSchema(
    schema,
    ROLES.map(({ role }) => role),
  ),
);

describe('row-level security per tenant on PostgreSQL', () => {
  it('a tenant’s role reads and writes its own streams through its view; bypassing the view it still sees none of another tenant’s events and cannot write into them', async () => {
    const stores = await Promise.all(ROLES.map(({ role }) => openPostgresStore({ connectionString: urlAs(role), schema, visibilityWaitMs: TEST_VISIBILITY_WAIT_MS })));
    try {
      const [xishan, guandu] = stores.map((store, i) => tenantStore(store, ROLES[i]!.tenant));
      await xishan!.events.appendToStream('case-1', [newEvent('Submitted', { n: 1 })]);
      await guandu!.events.appendToStream('case-1', [newEvent('Submitted', { n: 2 })]);
      await guandu!.events.appendToStream('case-2', [newEvent('Submitted', { n: 3 })]);

      const all = async (store: (typeof stores)[number]) => {
        const seen: string[] = [];
        for await (const event of store.events.readAll()) seen.push(event.streamId);
        return seen;
      };
      // Bypassing the view (the raw store of each role): only its own rows.
      expect(await all(stores[0]!)).toEqual(['xishan/case-1']);
      expect(await all(stores[1]!)).toEqual(['guandu/case-1', 'guandu/case-2']);
      expect(await stores[0]!.events.readLastPosition()).toBe(await xishan!.events.readLastPosition());
      // Writing into another tenant's streams is refused by the server, and nothing is written.
      const refused: unknown = await stores[0]!.events.appendToStream('guandu/case-9', [newEvent()]).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isPostgresPermissionError(refused), String(refused)).toBe(true);
      expect((refused as Error).message).toMatch(/row-level security policy/);
      expect((refused as Error).message).toMatch(/docs\/tenancy\.md/);
      expect(await sql(`SELECT stream_id FROM "${schema}".events ORDER BY position`)).toEqual([{ stream_id: 'xishan/case-1' }, { stream_id: 'guandu/case-1' }, { stream_id: 'guandu/case-2' }]);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });
});
