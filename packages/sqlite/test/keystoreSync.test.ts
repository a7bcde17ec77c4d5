import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './support/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());

const SUBJECTS = 20;
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Disk syncs (fsync, fdatasync) per phase of the keystoreSyncPhases worker, read from an strace of it. */
const syncsPerPhase = (traceFile: string): Record<string, number> => {
  const counts: Record<string, number> = {};
  let current = 'open';
  for (const line of readFileSync(traceFile, 'utf8').split('\n')) {
    const phase = /write\(1, "phase:(\w+)\\n"/.exec(line);
    if (phase !== null) current = phase[1]!;
    else if (/\b(fsync|fdatasync)\(/.test(line)) counts[current] = (counts[current] ?? 0) + 1;
  }
  return counts;
};

describe('the SQLite keystore creates a batch of subject keys in one commit', () => {
  it('syncs the disk once for a batch of new subjects, once for an append naming that many, and once for that many appends at once each naming one, where one key per create syncs once per key', () => {
    const fileName = dir.file('keys.db');
    const traceFile = dir.file('keys.trace');
    const worker = join(import.meta.dirname, 'workers', 'keystoreSyncPhases.ts');
    const traced = spawnSync(
      'strace',
      [
        '-f',
        '-qq',
        '-o',
        traceFile,
        '-e',
        'trace=fsync,fdatasync,write',
        '-s',
        '64',
        process.execPath,
        '--conditions=@casefold/source',
        '--import',
        tsxLoader,
        worker,
        JSON.stringify({ fileName, subjects: SUBJECTS }),
      ],
      { encoding: 'utf8' },
    );
    expect(traced.error, 'this test runs the worker under strace: install it (apt-get install strace)').toBeUndefined();
    expect(traced.status, traced.stderr).toBe(0);
    const syncs = syncsPerPhase(traceFile);
    // Syncs are counted at all: one key per create syncs per key.
    expect(syncs['oneByOne']).toBeGreaterThanOrEqual(SUBJECTS);
    expect(syncs['batch']).toBe(1);
    expect(syncs['protectedAppend']).toBe(1);
    // Concurrent appends' keys are grouped into one keystore commit (the events go to an in-memory store: no other sync).
    expect(syncs['concurrentAppends']).toBe(1);
  });
});
