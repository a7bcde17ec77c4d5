import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './support/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());

const COMMITS = 20;
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Disk syncs (fsync, fdatasync) per phase of the syncPhases worker, read from an strace of it. */
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

describe('read-model commits at synchronous FULL (WAL)', () => {
  it('sync no disk per commit of the rows or the document, while each event append still syncs, also after a refused commit', () => {
    const fileName = dir.file('sync.db');
    const traceFile = dir.file('sync.trace');
    const worker = join(import.meta.dirname, 'workers', 'syncPhases.ts');
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
        JSON.stringify({ fileName, commits: COMMITS }),
      ],
      { encoding: 'utf8' },
    );
    expect(traced.error, 'this test runs the worker under strace: install it (apt-get install strace)').toBeUndefined();
    expect(traced.status, traced.stderr).toBe(0);
    const syncs = syncsPerPhase(traceFile);
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
