import type { NewSubjectKey, SubjectKeyRecord, SubjectKeystore } from './subjectKeystore.js';

/** Creates subjects' keys as {@link SubjectKeystore.create} does, the keys of concurrent calls together. */
export type CreateKeys = (keys: ReadonlyMap<string, NewSubjectKey>) => Promise<ReadonlyMap<string, SubjectKeyRecord>>;

interface Waiting {
  readonly ids: readonly string[];
  readonly resolve: (records: ReadonlyMap<string, SubjectKeyRecord>) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit for a keystore: the keys asked for by appends running at the same time (within
 * one turn of the event loop) are created in one `create`, so in one keystore commit and one
 * disk sync, as the event store's own group commit does for the events. Each caller gets the
 * records of its own subjects; a subject two callers both create gets the first key, and the
 * other caller reads it as another writer's. A failed commit fails every caller of its group.
 */
export const groupedKeyCreation = (keystore: SubjectKeystore): CreateKeys => {
  let pending: Map<string, NewSubjectKey> | null = null;
  let waiting: Waiting[] = [];

  const flush = async (): Promise<void> => {
    const keys = pending!;
    const callers = waiting;
    pending = null;
    waiting = [];
    try {
      const stored = await keystore.create(keys);
      for (const { ids, resolve } of callers) resolve(new Map(ids.map((id) => [id, stored.get(id)!])));
    } catch (error) {
      for (const { reject } of callers) reject(error);
    }
  };

  return (keys) =>
    new Promise((resolve, reject) => {
      if (pending === null) {
        pending = new Map();
        setImmediate(() => void flush());
      }
      for (const [id, key] of keys) if (!pending.has(id)) pending.set(id, key);
      waiting.push({ ids: [...keys.keys()], resolve, reject });
    });
};
