import type pg from 'pg';
import type { Database } from '../database/openDatabase.js';

/** Wakes subscribers when any process appends (LISTEN on the store's channel). */
export interface AppendListener {
  /** Calls `wake` on every notification and whenever the listening connection breaks; returns the unsubscribe. */
  readonly listen: (wake: () => void) => () => void;
  readonly close: () => Promise<void>;
}

/**
 * One dedicated connection (outside the pool) LISTENing on `channel`, opened when the first
 * subscriber arrives and closed with the last. If it breaks (server restart), subscribers are
 * woken (they re-read and fall back to polling) and it reconnects with a growing delay.
 */
export const createAppendListener = (db: Database, channel: string, maxReconnectDelayMs: number): AppendListener => {
  const wakers = new Set<() => void>();
  let client: pg.Client | null = null;
  let connecting = false;
  let closed = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let delay = 50;

  const wakeAll = (): void => {
    for (const wake of wakers) wake();
  };

  const drop = (broken: pg.Client): void => {
    if (client !== broken) return;
    client = null;
    void broken.end().catch(() => undefined);
    wakeAll();
    schedule();
  };

  const schedule = (): void => {
    if (closed || wakers.size === 0 || retryTimer !== null || client !== null || connecting) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, delay);
    retryTimer.unref();
    delay = Math.min(delay * 2, maxReconnectDelayMs);
  };

  const connect = async (): Promise<void> => {
    if (closed || connecting || client !== null || wakers.size === 0) return;
    connecting = true;
    try {
      const next = await db.connect('listen for appends');
      next.on('notification', wakeAll);
      next.on('error', () => drop(next));
      next.on('end', () => drop(next));
      await next.query(`LISTEN "${channel}"`);
      if (closed || wakers.size === 0) {
        await next.end().catch(() => undefined);
        return;
      }
      client = next;
      delay = 50;
      // Appends may have happened while no connection listened.
      wakeAll();
    } catch {
      // Server down or restarting: subscribers poll meanwhile.
    } finally {
      connecting = false;
      schedule();
    }
  };

  const stop = async (): Promise<void> => {
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
    const current = client;
    client = null;
    if (current !== null) await current.end().catch(() => undefined);
  };

  return {
    listen: (wake) => {
      wakers.add(wake);
      void connect();
      return () => {
        wakers.delete(wake);
        if (wakers.size === 0) void stop();
      };
    },
    close: async () => {
      closed = true;
      wakers.clear();
      await stop();
    },
  };
};
