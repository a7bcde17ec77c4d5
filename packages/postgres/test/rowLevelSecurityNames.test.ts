import { startProjection, tenantStore } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPostgresPermissionError, openPostgresStore } from '../src/index.js';
import { createTenantRole, dropTenantSchema, urlAs } from './support/tenantRoles.js';
import { TEST_VISIBILITY_WAIT_MS, databaseUrl, newEvent, sql, uniqueSchema } from './support/testStore.js';

/*
 * docs/tenancy.md, "PostgreSQL: row-level security as a second wall": the document read models
 * and settings are rows of shared tables kept apart by name (`projections.name`,
 * `app_settings.key`), and a policy on each, as the page gives it, extends the wall to them.
 * The role here is named as the tenant, as the page's SQL assumes.
 */

const schema = uniqueSchema('rlsnames');
const role = `x${Date.now().toString(36)}`;
beforeAll(async () => {
  const admin = await openPostgresStore({ connectionString: databaseUrl(), schema });
  await admin.close();
  await createTenantRole(schema, role);
  await sql(`ALTER TABLE "${schema}".events ENABLE ROW LEVEL SECURITY`);
  await sql(`CREATE POLICY tenant_streams ON "${schema}".events USING (starts_with(stream_id, current_user || '/')) WITH CHECK (starts_with(stream_id, current_user || '/'))`);
});

afterAll(() => dropTenantSchema(schema, [role]));

/** The policy docs/tenancy.md gives for a table of named rows (its name column: `name` or `key`), as written there. */
const documentedPolicy = async (table: string, column: string): Promise<string> => {
  try {
    await sql(`ALTER TABLE "${schema}".${table} ENABLE ROW LEVEL SECURITY`);
    await sql(`CREATE POLICY tenant_names ON "${schema}".${table} USING (starts_with(${column}, current_user || '__')) WITH CHECK (starts_with(${column}, current_user || '__'))`);
    return 'created';
  } catch (error) {
    return String(error);
  }
};

describe('row-level security on the read models and settings, as docs/tenancy.md gives it', () => {
  it('the documented policy can be created on both tables, and a tenant role then runs its projections and settings through its view', { timeout: 60_000 }, async () => {
    const created = { projections: await documentedPolicy('projections', 'name'), app_settings: await documentedPolicy('app_settings', 'key') };
    expect(created).toEqual({ projections: 'created', app_settings: 'created' });

    const store = await openPostgresStore({ connectionString: urlAs(role), schema, visibilityWaitMs: TEST_VISIBILITY_WAIT_MS });
    try {
      const tenant = tenantStore(store, role);
      await tenant.events.appendToStream('case-1', [newEvent()]);
      const runner = await startProjection({
        store: tenant.events,
        projectionStore: tenant.projections,
        projection: { name: 'count', version: 1, initialState: { n: 0 }, apply: (draft: { n: number }) => void (draft.n += 1) },
        decode: (event) => E.right(event),
      });
      await runner.waitFor(await tenant.readLastPosition(), { timeoutMs: 20_000 });
      await runner.stop();
      await tenant.settings.write('directory', { units: [] });
      expect(await tenant.settings.read('directory')).toEqual({ units: [] });
      // Bypassing the view: another tenant's names are refused.
      const refused: unknown = await store.settings.write('guandu__directory', { units: [] }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(isPostgresPermissionError(refused), String(refused)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
