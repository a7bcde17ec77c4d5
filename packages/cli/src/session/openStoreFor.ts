import type { CommandContext } from '../cli/command.js';
import { integerOption } from '../cli/optionValues.js';
import { type OpenStoreOptions, type OpenedStore, openStore } from '../store/openStore.js';
import { parseStoreLocation } from '../store/storeLocation.js';

/** The `--lock-timeout` option, in ms (default 5,000). @throws UsageError */
export const lockTimeoutOf = (context: CommandContext): number => integerOption('lock-timeout', context.strings['lock-timeout'], 5_000, { min: 0, max: 3_600_000 });

/** Opens the store a command's `--db` / `--store` / `--lock-timeout` options name. */
export const openStoreFor = (context: CommandContext, options: Omit<OpenStoreOptions, 'cwd' | 'lockTimeoutMs'> = {}): Promise<OpenedStore> =>
  openStore(parseStoreLocation({ db: context.strings['db'], store: context.strings['store'] }), {
    ...options,
    cwd: context.cwd,
    lockTimeoutMs: lockTimeoutOf(context),
  });

/** Runs `work` with the store open, closing it afterwards whatever happens. */
export const withStore = async <T>(opened: OpenedStore, work: (store: OpenedStore) => Promise<T>): Promise<T> => {
  try {
    return await work(opened);
  } finally {
    await opened.close();
  }
};
