import type { CasefoldStore, Json } from '@casefold/engine';

/**
 * Where releases before the settings table kept a setting: a projection record of this
 * prefix. Read (never written) so that a database written by such a release keeps its
 * settings, e.g. the jurisdiction directory (see docs/cli.md).
 */
const LEGACY_PREFIX = 'casefold-cli.setting.';

/** What {@link storeSettings} returns: the settings half of an opened store. */
export interface StoreSettingsResult {
  readonly readSetting: (name: string) => Promise<Json | null>;
  readonly writeSetting: (name: string, value: Json) => Promise<void>;
}

/**
 * The CLI's settings on the store's settings table (each adapter's `settings`), with the
 * records of older releases read as a fallback; `mapError` turns the store's failures into
 * the CLI's messages.
 */
export const storeSettings = (store: Pick<CasefoldStore, 'settings' | 'projections'>, mapError: (error: unknown) => unknown): StoreSettingsResult => {
  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw mapError(error);
    }
  };
  return {
    readSetting: (name) => guarded(async () => (await store.settings.read(name)) ?? (await store.projections.load(LEGACY_PREFIX + name))?.state ?? null),
    writeSetting: (name, value) => guarded(() => store.settings.write(name, value)),
  };
};
