/** Wakes the subscriptions of every store instance in this process that shares a database file. */
export interface AppendSignal {
  /** Tells every listener that an append committed. */
  notify(): void;
  /** Registers a listener; returns the function that removes it. */
  listen(listener: () => void): () => void;
}

const signalsByFile = new Map<string, Set<() => void>>();

/**
 * The append signal of a database file (by absolute path), shared by all store instances
 * of this process on that file; `null` gives a private signal (for `:memory:`).
 * Other processes' appends are not signalled: subscriptions poll for those.
 */
export const appendSignal = (fileKey: string | null): AppendSignal => {
  let listeners: Set<() => void>;
  if (fileKey === null) listeners = new Set();
  else {
    listeners = signalsByFile.get(fileKey) ?? new Set();
    signalsByFile.set(fileKey, listeners);
  }
  return {
    notify: () => {
      for (const listener of listeners) listener();
    },
    listen: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (fileKey !== null && listeners.size === 0 && signalsByFile.get(fileKey) === listeners) signalsByFile.delete(fileKey);
      };
    },
  };
};
