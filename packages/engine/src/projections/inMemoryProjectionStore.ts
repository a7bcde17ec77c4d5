import { projectionRecordOf, projectionStateJsonOf } from './projectionRecord.js';
import { ProjectionConflictError, type ProjectionStore, type StoredProjection } from './projectionStore.js';

/**
 * A {@link ProjectionStore} in process memory. Like a database adapter it keeps states as
 * JSON text, so a state that does not survive `JSON.stringify` fails here too (a bigint
 * throws a TypeError at commit), and loads return fresh copies.
 */
export const getInMemoryProjectionStore = (): ProjectionStore => {
  const records = new Map<string, { readonly version: number; readonly position: bigint; readonly state: string }>();
  return {
    load: (name) => {
      const record = records.get(name);
      return Promise.resolve(record === undefined ? null : projectionRecordOf(name, record.version, record.position, record.state));
    },
    commit: (stored: StoredProjection, expectedPosition) => {
      try {
        const actual = records.get(stored.name)?.position ?? null;
        if (actual !== expectedPosition) throw new ProjectionConflictError(stored.name, expectedPosition, actual);
        records.set(stored.name, { version: stored.version, position: stored.position, state: projectionStateJsonOf(stored) });
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error);
      }
    },
    delete: (name) => {
      records.delete(name);
      return Promise.resolve();
    },
  };
};
