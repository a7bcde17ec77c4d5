import type { Json, ProjectionStore } from '@casefold/engine';

/** Settings are kept as records of the projection store under this prefix (see docs/cli.md). */
const SETTING_PREFIX = 'casefold-cli.setting.';

/** What {@link storeSettings} returns: the settings half of an opened store. */
export interface StoreSettingsResult {
  readonly readSetting: (name: string) => Promise<Json | null>;
  readonly writeSetting: (name: string, value: Json) => Promise<void>;
}

/**
 * Small JSON settings kept beside the events as projection records, whatever the kind of
 * store; `mapError` turns the store's failures into the CLI's messages.
 */
export const storeSettings = (projections: ProjectionStore, mapError: (error: unknown) => unknown): StoreSettingsResult => {
  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw mapError(error);
    }
  };
  return {
    readSetting: async (name) => (await guarded(() => projections.load(SETTING_PREFIX + name)))?.state ?? null,
    writeSetting: async (name, value) => {
      const key = SETTING_PREFIX + name;
      await guarded(async () => {
        const existing = await projections.load(key);
        await projections.commit({ name: key, version: 1, position: 0n, state: value }, existing?.position ?? null);
      });
    },
  };
};
