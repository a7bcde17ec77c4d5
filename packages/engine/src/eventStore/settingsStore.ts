import type { Json } from './eventStore.js';

/**
 * Small JSON values an application keeps beside its events, by name (e.g. the CLI's
 * jurisdiction directory): each adapter keeps them in a table of their own, apart from the
 * events and the projection records.
 */
export interface SettingsStore {
  /** The value stored under `name`, or `null` when there is none. */
  read(name: string): Promise<Json | null>;
  /** Stores `value` under `name`, replacing what was there. @throws TypeError for a value JSON cannot represent. */
  write(name: string, value: Json): Promise<void>;
}

/** The stored text of a setting's value: its JSON. @throws TypeError for a value JSON cannot represent (e.g. `undefined`). */
export const settingJsonOf = (name: string, value: Json): string => {
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) throw new TypeError(`setting '${name}': the value must be a JSON value, got ${typeof value}`);
  return text;
};
