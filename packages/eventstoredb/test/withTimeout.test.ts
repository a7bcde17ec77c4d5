import { describe, expect, it } from 'vitest';
import { isStoreClosedError, isStoreUnavailableError } from '@casefold/engine';
import { withTimeout } from '../src/connection/eventStoreDbErrors.js';
import { failure } from './support/failure.js';

/** grpc-js's failure of a call its channel dropped before sending it. */
const droppedBeforeSending = (): Error => Object.assign(new Error('14 UNAVAILABLE: Channel closed before call started'), { code: 14, details: 'Channel closed before call started' });

// The calls are plain functions here: which failures withTimeout sends again, and when not, cannot be timed against a real server.
describe('withTimeout: what is sent once more', () => {
  const bound = { ms: 1_000, target: 'localhost:2113', operation: "append to stream 's'" };

  it('a call the client dropped before sending it: sent once more, with the time left as its deadline', async () => {
    const sent: number[] = [];
    const result = await withTimeout(async (msLeft) => {
      sent.push(msLeft);
      if (sent.length === 1) throw droppedBeforeSending();
      return 'written';
    }, bound);
    expect(result).toBe('written');
    expect(sent.length).toBe(2);
    expect(sent[0]).toBe(1_000);
    expect(sent[1]).toBeLessThanOrEqual(1_000);
  });

  it('not when the store closed meanwhile: StoreClosedError, sent once', async () => {
    let closed = false;
    let sends = 0;
    const error = await failure(
      withTimeout(
        async () => {
          sends += 1;
          closed = true;
          throw droppedBeforeSending();
        },
        { ...bound, isClosed: () => closed },
      ),
    );
    expect(sends).toBe(1);
    expect(isStoreClosedError(error), String(error)).toBe(true);
  });

  it('not when the store closes during the turn of the event loop before it', async () => {
    let closed = false;
    let sends = 0;
    const pending = failure(
      withTimeout(
        async () => {
          sends += 1;
          setImmediate(() => (closed = true));
          throw droppedBeforeSending();
        },
        { ...bound, isClosed: () => closed },
      ),
    );
    const error = await pending;
    expect(sends).toBe(1);
    expect(isStoreClosedError(error), String(error)).toBe(true);
  });

  it('not once the time is up: StoreUnavailableError at the bound, sent once', async () => {
    let sends = 0;
    const started = performance.now();
    const error = await failure(
      withTimeout(
        async () => {
          sends += 1;
          await new Promise((resolve) => setTimeout(resolve, 80));
          throw droppedBeforeSending();
        },
        { ...bound, ms: 50 },
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sends).toBe(1);
    expect(isStoreUnavailableError(error), String(error)).toBe(true);
    expect(error.message).toContain('no answer within 50 ms');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('not a call the server may have seen (an append), whatever its failure', async () => {
    let sends = 0;
    const error = await failure(
      withTimeout(async () => {
        sends += 1;
        throw Object.assign(new Error('14 UNAVAILABLE: Server Is Not Ready'), { code: 14, details: 'Server Is Not Ready' });
      }, bound),
    );
    expect(sends).toBe(1);
    expect(isStoreUnavailableError(error), String(error)).toBe(true);
  });
});
