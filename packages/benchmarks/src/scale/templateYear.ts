import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Unit } from '@casefold/core';
import type { NewEvent } from '@casefold/engine';
import { openSqliteStore } from '@casefold/sqlite';

/** The quick start's entry in this checkout. */
const RUN_MJS = fileURLToPath(new URL('../../../../scripts/run.mjs', import.meta.url));

/** One stream of the template year, its events in revision order, as they would be appended. */
export interface TemplateStream {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
}

/** A district's year of the four centres, as the demo decides it, ready to be copied. */
export interface TemplateYear {
  readonly streams: readonly TemplateStream[];
  readonly units: readonly Unit[];
  readonly events: number;
  /** Case ids of the year (the values that name a case inside events). */
  readonly caseIds: ReadonlySet<string>;
}

/**
 * Runs `casefold demo` (`scripts/run.mjs demo`, the quick start) into `dir/template-SEED.db`:
 * a year of a district's four centres decided through the real command handler, then reads
 * back its streams and its jurisdiction directory. The scale run copies this year once per
 * district of the city.
 */
export const templateYear = async (dir: string, seed: string, requests: number): Promise<TemplateYear> => {
  const fileName = join(dir, `template-${seed}.db`);
  const run = spawnSync(process.execPath, [RUN_MJS, 'demo', '--db', fileName, '--cases', String(requests), '--seed', seed, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`casefold demo (seed ${seed}) failed with exit code ${run.status}: ${run.stderr.slice(-2000)}`);
  const store = await openSqliteStore({ fileName });
  try {
    const byStream = new Map<string, NewEvent[]>();
    for await (const { eventId, type, data, metadata, streamId } of store.events.readAll()) {
      let events = byStream.get(streamId);
      if (events === undefined) byStream.set(streamId, (events = []));
      events.push({ eventId, type, data, metadata });
    }
    const units = (await store.settings.read('directory')) as unknown as Unit[] | null;
    if (units === null) throw new Error(`the demo store ${fileName} has no directory setting`);
    const caseIds = new Set<string>();
    for (const events of byStream.values()) {
      const caseId = (events[0]?.data as { caseId?: unknown } | undefined)?.caseId;
      if (typeof caseId === 'string') caseIds.add(caseId);
    }
    const streams = [...byStream].map(([streamId, events]) => ({ streamId, events }));
    return { streams, units, events: streams.reduce((n, s) => n + s.events.length, 0), caseIds };
  } finally {
    await store.close();
  }
};
