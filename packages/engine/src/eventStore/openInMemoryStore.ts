import { getInMemoryProjectionStore } from '../projections/inMemoryProjectionStore.js';
import type { CasefoldStore } from './casefoldStore.js';
import { getInMemoryEventStore } from './inMemoryEventStore.js';
import type { SettingsStore } from './settingsStore.js';
import { settingJsonOf } from './settingsStore.js';
import type { Json } from './eventStore.js';

/** Settings in process memory, kept as JSON text like a database's (a read returns a fresh copy). */
const inMemorySettings = (): SettingsStore => {
  const values = new Map<string, string>();
  return {
    read: async (name) => {
      const text = values.get(name);
      return text === undefined ? null : (JSON.parse(text) as Json);
    },
    write: async (name, value) => {
      values.set(name, settingJsonOf(name, value));
    },
  };
};

/**
 * The in-memory store in the shape every adapter's opener returns ({@link CasefoldStore}):
 * events, read models and settings in process memory, gone with the process. For tests,
 * examples and single-process tools.
 */
export const openInMemoryStore = async (): Promise<CasefoldStore> => {
  const events = getInMemoryEventStore();
  return {
    events,
    projections: getInMemoryProjectionStore(),
    settings: inMemorySettings(),
    readLastPosition: (options) => events.readLastPosition(options),
    close: () => events.close(),
  };
};
