import type { DashboardSource } from '@casefold/dashboard';
import type { Output } from '../../cli/output.js';
import { dashboardSourceOf } from '../../commands/serveSource.js';
import type { OpenedStore } from '../../store/openStore.js';
import { rowDashboardSourceOf } from './rowDashboardSource.js';

/** The source `casefold serve` reads, and how to stop it before the store closes. */
export interface ServedSource {
  readonly source: DashboardSource;
  readonly stop: () => Promise<void>;
}

/**
 * The dashboard's data access for a store: the row read models where the store keeps rows in
 * its own database (SQLite, PostgreSQL: {@link rowDashboardSourceOf}), the document read models
 * of `casefold dashboards` otherwise (EventStoreDB, whose paired read-model store follows another
 * database's positions).
 */
export const servedSourceOf = async (store: OpenedStore, output: Output): Promise<ServedSource> => {
  if (store.rowProjections === undefined) return { source: dashboardSourceOf(store, output), stop: async () => {} };
  const source = await rowDashboardSourceOf(store, store.rowProjections);
  return { source, stop: source.stop };
};
