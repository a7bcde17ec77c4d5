import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collectGarbage: (() => void) | null = null;

/**
 * Runs a full garbage collection. Turns on `--expose-gc` at run time if the process did not
 * start with it (a documented V8 flag; the `gc` function then appears in new contexts).
 */
export const fullGc = (): void => {
  if (collectGarbage === null) {
    const existing = (globalThis as { gc?: () => void }).gc;
    if (existing !== undefined) collectGarbage = existing;
    else {
      setFlagsFromString('--expose-gc');
      collectGarbage = runInNewContext('gc') as () => void;
    }
  }
  collectGarbage();
};

/** Live heap bytes after a full collection. */
export const liveHeapBytes = (): number => {
  fullGc();
  return process.memoryUsage().heapUsed;
};
