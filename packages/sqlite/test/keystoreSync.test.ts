import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './support/fixtures.js';
import { syncsPerPhase } from './support/syncsPerPhase.js';

const dir = tempDir();
afterAll(() => dir.remove());

const SUBJECTS = 20;

describe('the SQLite keystore creates a batch of subject keys in one commit', () => {
  it('syncs the disk once for a batch of new subjects, once for an append naming that many, and once for that many appends at once each naming one, where one key per create syncs once per key', () => {
    const fileName = dir.file('keys.db');
    const traceFile = dir.file('keys.trace');
    const syncs = syncsPerPhase('keystoreSyncPhases.ts', { fileName, subjects: SUBJECTS }, traceFile);
    // Syncs are counted at all: one key per create syncs per key.
    expect(syncs['oneByOne']).toBeGreaterThanOrEqual(SUBJECTS);
    expect(syncs['batch']).toBe(1);
    expect(syncs['protectedAppend']).toBe(1);
    // Concurrent appends' keys are grouped into one keystore commit (the events go to an in-memory store: no other sync).
    expect(syncs['concurrentAppends']).toBe(1);
  });
});
