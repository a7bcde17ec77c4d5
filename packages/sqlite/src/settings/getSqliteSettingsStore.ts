import type { Database } from 'better-sqlite3';
import { settingJsonOf } from '@casefold/engine/adapter';
import type { Json, SettingsStore } from '@casefold/engine';
import { runOn } from '../database/sqliteErrors.js';

/**
 * The {@link SettingsStore} on a migrated casefold SQLite database: one row of the
 * `app_settings` table per name, the value as JSON text.
 *
 * @param checkFile Called before and after every write, as for the projection store.
 */
export const getSqliteSettingsStore = (db: Database, checkFile: () => void = () => {}): SettingsStore => {
  const select = db.prepare<[string], string>('SELECT value FROM app_settings WHERE key = ?').pluck(true);
  const upsert = db.prepare<[string, string]>('INSERT INTO app_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const run = <T>(operation: string, work: () => T): T => runOn(db, operation, work);
  return {
    read: async (name) =>
      run(`read setting '${name}'`, () => {
        const text = select.get(name);
        return text === undefined ? null : (JSON.parse(text) as Json);
      }),
    write: async (name, value) => {
      const text = settingJsonOf(name, value);
      run(`write setting '${name}'`, () => {
        checkFile();
        upsert.run(name, text);
        checkFile();
      });
    },
  };
};
