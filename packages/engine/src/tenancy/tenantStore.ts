import type { CasefoldStore } from '../eventStore/casefoldStore.js';
import type { SettingsStore } from '../eventStore/settingsStore.js';
import { type ProjectionStore, ProjectionConflictError, isProjectionConflictError } from '../projections/projectionStore.js';
import { RowModelError, isRowModelError } from '../projections/rows/rowModelError.js';
import type { RowProjectionStore } from '../projections/rows/rowProjectionStore.js';
import { StoreClosedError } from '../eventStore/errors.js';
import { type TenantEventStore, tenantEventStore } from './tenantEventStore.js';
import { TENANT_NAME_SEPARATOR, checkTenantId } from './tenantId.js';

/** The name a tenant's read model or setting is kept under in the shared store: `xishan__caseBoard`. */
export const tenantName = (tenantId: string, name: string): string => `${checkTenantId(tenantId)}${TENANT_NAME_SEPARATOR}${name}`;

/**
 * Runs `operation` on the shared store under the tenant's name; its errors name the read model
 * as the tenant does (a conflict, a table that does not fit, a name taken by the other kind of read model).
 */
const asTenant = async <T>(tenantId: string, name: string, operation: () => Promise<T>): Promise<T> => {
  try {
    return await operation();
  } catch (error) {
    if (isProjectionConflictError(error)) throw new ProjectionConflictError(name, error.expectedPosition, error.actualPosition, error.versions);
    if (isRowModelError(error)) throw new RowModelError(name, `${error.problem} (the tenant's row read model is kept as '${tenantName(tenantId, name)}')`, error.advice, error.inStore);
    throw error;
  }
};

/** Options of the tenant's stores beside its events. */
export interface TenantPartOptions {
  /** Throws `StoreClosedError` once the tenant's view is closed (see {@link tenantStore}); by default the part never closes. */
  readonly ensureOpen?: (operation: string) => void;
}

const alwaysOpen = (): void => undefined;

/** A tenant's read models (documents): the shared store's, under {@link tenantName}. */
export const tenantProjectionStore = (projections: ProjectionStore, tenantId: string, { ensureOpen = alwaysOpen }: TenantPartOptions = {}): ProjectionStore => {
  const named = (name: string): string => tenantName(tenantId, name);
  return {
    load: async (name) => {
      ensureOpen(`load read model '${name}'`);
      const stored = await asTenant(tenantId, name, () => projections.load(named(name)));
      return stored === null ? null : { ...stored, name };
    },
    commit: async (stored, expectedPosition) => {
      ensureOpen(`commit read model '${stored.name}'`);
      await asTenant(tenantId, stored.name, () => projections.commit({ ...stored, name: named(stored.name) }, expectedPosition));
    },
    delete: async (name) => {
      ensureOpen(`delete read model '${name}'`);
      await asTenant(tenantId, name, () => projections.delete(named(name)));
    },
  };
};

/**
 * A tenant's row read models: the shared store's, each in a table of its own under
 * {@link tenantName} (`rows_xishan__caseBoard`). The row stores take names of up to 48
 * characters: a tenant id of up to 16 leaves a projection name 30.
 */
export const tenantRowProjectionStore = (rows: RowProjectionStore, tenantId: string, { ensureOpen = alwaysOpen }: TenantPartOptions = {}): RowProjectionStore => {
  const named = (name: string): string => tenantName(tenantId, name);
  const modelOf = <M extends { readonly name: string }>(model: M): M => ({ ...model, name: named(model.name) });
  /** `operation` on the row table of `model`, refused once the view is closed. */
  const onTable = async <T>(verb: string, model: { readonly name: string }, operation: () => Promise<T>): Promise<T> => {
    ensureOpen(`${verb} row read model '${model.name}'`);
    return asTenant(tenantId, model.name, operation);
  };
  return {
    load: async (name) => {
      ensureOpen(`load row read model '${name}'`);
      const checkpoint = await asTenant(tenantId, name, () => rows.load(named(name)));
      return checkpoint === null ? null : { ...checkpoint, name };
    },
    reset: (model, version, expectedPosition) => onTable('reset', model, () => rows.reset(modelOf(model), version, expectedPosition)),
    commit: (model, commit, expectedPosition) => onTable('commit', model, () => rows.commit(modelOf(model), commit, expectedPosition)),
    get: (model, keys) => onTable('read', model, () => rows.get(modelOf(model), keys)),
    query: (model, query) => onTable('query', model, () => rows.query(modelOf(model), query)),
    count: (model, query) => onTable('count', model, () => rows.count(modelOf(model), query)),
    delete: async (name) => {
      ensureOpen(`delete row read model '${name}'`);
      await asTenant(tenantId, name, () => rows.delete(named(name)));
    },
  };
};

/** A tenant's settings (its jurisdiction directory, its workflows): the shared store's, under {@link tenantName}. */
export const tenantSettingsStore = (settings: SettingsStore, tenantId: string, { ensureOpen = alwaysOpen }: TenantPartOptions = {}): SettingsStore => ({
  read: async (name) => {
    ensureOpen(`read setting '${name}'`);
    return settings.read(tenantName(tenantId, name));
  },
  write: async (name, value) => {
    ensureOpen(`write setting '${name}'`);
    await settings.write(tenantName(tenantId, name), value);
  },
});

/** A {@link CasefoldStore} seen by one tenant, row read models included when the store has them. */
export type TenantStore<S extends CasefoldStore> = Omit<S, 'events' | 'projections' | 'settings' | 'readLastPosition' | 'close'> &
  CasefoldStore & {
    readonly events: TenantEventStore;
    readonly tenantId: string;
  };

/**
 * One tenant's view of a store that several tenants share: its events ({@link tenantEventStore}:
 * the streams under `<tenantId>/`), its read models, row read models and settings (under
 * `<tenantId>__<name>`). Everything built on a `CasefoldStore` (the case command handler,
 * projection runners, the records handler) runs on it unchanged and stays within the tenant.
 * `close()` closes the view (its events, read models and settings refuse later calls with
 * `StoreClosedError`), not the shared store. See docs/tenancy.md.
 *
 * @example
 * const shared = await openSqliteStore({ fileName: 'city.db' });
 * const xishan = tenantStore(shared, 'xishan');
 * const guandu = tenantStore(shared, 'guandu');
 * // Both may have a case 'C-1'; neither ever reads or changes the other's.
 *
 * @throws InvalidTenantError for a tenant id that is not a lowercase letter and up to 15 lowercase letters and digits.
 */
export const tenantStore = <S extends CasefoldStore & { readonly rowProjections?: RowProjectionStore }>(store: S, tenantId: string): TenantStore<S> => {
  const events = tenantEventStore(store.events, tenantId);
  let closed = false;
  const part: TenantPartOptions = {
    ensureOpen: (operation) => {
      if (closed) throw new StoreClosedError(`${operation} (tenant '${tenantId}')`);
    },
  };
  return {
    ...store,
    tenantId,
    events,
    projections: tenantProjectionStore(store.projections, tenantId, part),
    settings: tenantSettingsStore(store.settings, tenantId, part),
    ...(store.rowProjections === undefined ? {} : { rowProjections: tenantRowProjectionStore(store.rowProjections, tenantId, part) }),
    readLastPosition: (options) => events.readLastPosition(options),
    close: async () => {
      closed = true;
      await events.close();
    },
  } as TenantStore<S>;
};
