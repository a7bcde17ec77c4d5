import { settingJsonOf } from '@casefold/engine/adapter';
import type { Json, SettingsStore } from '@casefold/engine';
import type { Statement } from '../database/openDatabase.js';
import type { StoreContext } from '../eventStore/storeContext.js';

/**
 * The {@link SettingsStore} on a casefold PostgreSQL schema: one row of the `app_settings`
 * table per name, the value as `json` (kept as written).
 */
export const getPostgresSettingsStore = (context: Pick<StoreContext, 'db' | 'quoted' | 'tag'>): SettingsStore => {
  const { db, quoted, tag } = context;
  const select: Statement = { name: `casefold_setting_read_${tag}`, text: `SELECT value FROM ${quoted}.app_settings WHERE key = $1` };
  const upsert: Statement = {
    name: `casefold_setting_write_${tag}`,
    text: `INSERT INTO ${quoted}.app_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  };
  return {
    read: async (name) => {
      const [row] = await db.query(`read setting '${name}'`, select, [name]);
      return row === undefined ? null : (JSON.parse(row[0] ?? 'null') as Json);
    },
    write: async (name, value) => {
      const text = settingJsonOf(name, value);
      await db.query(`write setting '${name}'`, upsert, [name, text]);
    },
  };
};
