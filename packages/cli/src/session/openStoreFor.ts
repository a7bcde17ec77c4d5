import { StoreAccessError } from '../cli/cliErrors.js';
import type { CommandContext } from '../cli/command.js';
import { localized } from '../i18n/localizedText.js';
import { integerOption } from '../cli/optionValues.js';
import { type OpenStoreOptions, type OpenedStore, openStore } from '../store/openStore.js';
import { type StoreLocation, parseStoreLocation } from '../store/storeLocation.js';
import { tenantOpenedStore, tenantOption } from '../store/tenantOpenedStore.js';

/** The `--lock-timeout` option, in ms (default 5,000). @throws UsageError */
export const lockTimeoutOf = (context: CommandContext): number => integerOption('lock-timeout', context.strings['lock-timeout'], 5_000, { min: 0, max: 3_600_000 });

/** The store a command's `--db` / `--store` (and for EventStoreDB `--projections` / `--stream-prefix`) options name. @throws UsageError */
export const storeLocationOf = (context: CommandContext): StoreLocation =>
  parseStoreLocation({ db: context.strings['db'], store: context.strings['store'], projections: context.strings['projections'], streamPrefix: context.strings['stream-prefix'] });

/**
 * Opens the store a command's `--db` / `--store` / `--projections` / `--stream-prefix` /
 * `--lock-timeout` options name; with `--tenant`, that tenant's part of it.
 *
 * @throws StoreAccessError (besides {@link openStore}'s) for a tenant the store holds no events
 *   of, unless `create`: a command that reads answers for a tenant that is there, not for a
 *   misspelt one as for an empty store (as a missing file or an EventStoreDB prefix without events).
 */
export const openStoreFor = async (context: CommandContext, options: Omit<OpenStoreOptions, 'cwd' | 'lockTimeoutMs'> = {}): Promise<OpenedStore> => {
  const tenantId = tenantOption(context.strings['tenant']);
  const opened = await openStore(storeLocationOf(context), {
    ...options,
    cwd: context.cwd,
    lockTimeoutMs: lockTimeoutOf(context),
  });
  if (tenantId === undefined) return opened;
  const tenant = tenantOpenedStore(opened, tenantId);
  if (options.create === true) return tenant;
  const hasEvents = await tenant.lastPosition().then(
    (position) => position > 0n,
    async (error: unknown) => {
      await tenant.close();
      throw error;
    },
  );
  if (hasEvents) return tenant;
  await tenant.close();
  throw new StoreAccessError(
    opened.description,
    localized((m) => m.store.noTenantEvents(tenantId)),
    localized((m) => m.store.noTenantEventsHint),
  );
};

/** Runs `work` with the store open, closing it afterwards whatever happens. */
export const withStore = async <T>(opened: OpenedStore, work: (store: OpenedStore) => Promise<T>): Promise<T> => {
  try {
    return await work(opened);
  } finally {
    await opened.close();
  }
};
