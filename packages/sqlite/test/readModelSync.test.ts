import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './support/fixtures.js';
import { syncsPerPhase } from './support/syncsPerPhase.js';

const dir = tempDir();
afterAll(() => dir.remove());

const COMMITS = 20;

describe('read-model commits at synchronous FULL (WAL)', () => {
  it('sync no disk per commit of the rows or the document, while each event append still syncs, also after a refused commit', () => {
    const fileName = dir.file('sync.db');
    const traceFile = dir.file('sync.trace');
    const syncs = syncsPerPhase('syncPhases.ts', { fileName, commits: COMMITS }, traceFile);
    // The phases were seen (else every count below would be trivially undefined).
    expect(Object.keys(syncs)).toEqual(expect.arrayContaining(['appends', 'appendsAgain']));
    expect(syncs['appends']).toBeGreaterThanOrEqual(COMMITS);
    expect(syncs['rows'] ?? 0).toBe(0);
    expect(syncs['documents'] ?? 0).toBe(0);
    expect(syncs['refused'] ?? 0).toBe(0);
    // The level is back at FULL after the projection commits, the refused one included.
    expect(syncs['appendsAgain']).toBeGreaterThanOrEqual(COMMITS);
  });
});
