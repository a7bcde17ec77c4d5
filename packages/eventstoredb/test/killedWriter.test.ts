import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { type RecordedEvent, verifyAll } from '@casefold/engine';
import { startEventStoreDouble, type EventStoreDouble } from './double/eventStoreDouble.js';
import { openTestStore, uniquePrefix } from './support/testStore.js';
import { collect } from './support/collect.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WRITER = fileURLToPath(new URL('./support/batchWriter.ts', import.meta.url));

/** What a writer acknowledged, line by line. */
interface Acknowledged {
  readonly batch: string;
  readonly streamId: string;
  readonly size: number;
}

/** A writer process (support/batchWriter.ts), its acknowledgements as they come, and its end (once its output is read to the last line). */
const startWriter = (connectionString: string, prefix: string, tag: string, limit?: number) => {
  // Node itself with tsx's loader, not the tsx command: that runs the script in a child of its own, which a kill would miss.
  const args = ['--conditions=@casefold/source', '--import', `${REPO_ROOT}node_modules/tsx/dist/esm/index.mjs`, WRITER, connectionString, prefix, tag, ...(limit === undefined ? [] : [String(limit)])];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const acknowledged: Acknowledged[] = [];
  let done = false;
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  createInterface({ input: child.stdout! }).on('line', (line) => (line === 'done' ? (done = true) : acknowledged.push(JSON.parse(line) as Acknowledged)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, acknowledged, exited, isDone: () => done, stderr: () => stderr };
};

/** Waits until `condition` holds, failing after `ms`. */
const until = async (condition: () => boolean, ms: number, what: string): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/**
 * Checks the store as a reader after a crash must find it: every chain verifies, positions
 * strictly increase, and every batch is whole (all its events, in order, at consecutive
 * revisions of one stream) or absent. Returns the batches found.
 */
const expectConsistent = async (events: RecordedEvent[]): Promise<Set<string>> => {
  for (let i = 1; i < events.length; i++) expect(events[i]!.position, `position after ${events[i - 1]!.position}`).toBeGreaterThan(events[i - 1]!.position);
  const batches = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    const { batch } = event.data as { batch: string };
    batches.set(batch, [...(batches.get(batch) ?? []), event]);
  }
  for (const [batch, members] of batches) {
    const { size } = members[0]!.data as { size: number };
    expect(members.length, `batch ${batch}: ${members.length} of its ${size} events`).toBe(size);
    expect(members.map((event) => (event.data as { index: number }).index)).toEqual([...Array(size).keys()]);
    expect(new Set(members.map((event) => event.streamId)).size).toBe(1);
    expect(members.map((event) => event.revision - members[0]!.revision)).toEqual([...Array(size).keys()].map(BigInt));
  }
  return new Set(batches.keys());
};

let double: EventStoreDouble;
afterEach(() => double.stop());

describe('a writer process killed mid-run', () => {
  it('leaves every chain intact, no partial multi-event append, positions strictly increasing; a new writer continues the same streams', async () => {
    // The writer to kill inside its next multi-event append, once the double has its first event and not the rest.
    let killInside: ChildProcess | null = null;
    let killedInside = 0;
    double = await startEventStoreDouble({
      onProposed: (_, event) => {
        const { index, size } = JSON.parse(Buffer.from(event.data).toString('utf8')) as { index: number; size: number };
        if (killInside === null || index !== 0 || size < 2) return;
        killInside.kill('SIGKILL');
        killInside = null;
        killedInside++;
      },
    });
    const prefix = uniquePrefix();
    const acknowledged: Acknowledged[] = [];
    // Writers in turn, each killed (SIGKILL: no cleanup): after 20 and 37 acknowledged appends, wherever it then is; then twice inside an append.
    const kills: readonly (number | 'inside')[] = [20, 37, 'inside', 'inside'];
    for (const [round, killAt] of kills.entries()) {
      const writer = startWriter(double.connectionString, prefix, `killed${round}`);
      await until(() => writer.acknowledged.length >= 10, 60_000, `writer ${round}: 10 acknowledged appends (stderr: ${writer.stderr()})`);
      if (killAt === 'inside') killInside = writer.child;
      else {
        const count = killAt;
        await until(() => writer.acknowledged.length >= count, 60_000, `writer ${round}: ${killAt} acknowledged appends`);
        writer.child.kill('SIGKILL');
      }
      expect((await writer.exited).signal).toBe('SIGKILL');
      acknowledged.push(...writer.acknowledged);
    }
    expect(killedInside).toBe(2);

    const store = await openTestStore(double.connectionString, { streamPrefix: prefix });
    const found = await expectConsistent(await collect(store.events.readAll()));
    for (const { batch } of acknowledged) expect(found.has(batch), `acknowledged batch ${batch}`).toBe(true);
    // At most the append in flight at each kill is there without its acknowledgement.
    expect(found.size - acknowledged.length).toBeLessThanOrEqual(4);
    const verified = await verifyAll(store.events);
    expect(
      verified,
      JSON.stringify(verified, (_, value: unknown) => (typeof value === 'bigint' ? String(value) : value)),
    ).toMatchObject({ _tag: 'Right' });

    // A new writer continues the same seven streams, from their heads.
    const next = startWriter(double.connectionString, prefix, 'next', 30);
    expect((await next.exited).code, next.stderr()).toBe(0);
    expect(next.isDone()).toBe(true);
    const after = await expectConsistent(await collect(store.events.readAll()));
    for (const { batch } of next.acknowledged) expect(after.has(batch)).toBe(true);
    expect(after.size).toBe(found.size + 30);
    expect(await verifyAll(store.events)).toMatchObject({ _tag: 'Right', right: { streams: 7, events: (await collect(store.events.readAll())).length } });
    await store.close();
  });
});
