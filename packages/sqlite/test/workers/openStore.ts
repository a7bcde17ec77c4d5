/**
 * Opens a store on `fileName` and closes it again; reports `{ opened: true }`, or the
 * error's name, message and `retryable` flag. Run as another user to meet permissions.
 */
import { getSqliteEventStore } from '@casefold/sqlite';
import { report } from '../support/workers.js';

const { fileName } = JSON.parse(process.argv[2]!) as { fileName: string };

try {
  await getSqliteEventStore({ fileName }).close();
  report({ opened: true });
} catch (e) {
  const { name, message, retryable } = e as Error & { retryable?: unknown };
  report({ name, message, retryable: retryable ?? null });
}
