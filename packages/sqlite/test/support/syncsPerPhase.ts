import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * Runs a worker of `test/workers` under strace and counts its disk syncs (fsync, fdatasync) per
 * phase: the worker writes `phase:NAME` to stdout with one synchronous write(2) before each
 * phase, and every sync after it counts for that phase (`open` before the first). The test
 * fails, saying how to install it, when strace is missing.
 */
export const syncsPerPhase = (worker: string, input: unknown, traceFile: string): Record<string, number> => {
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
      join(import.meta.dirname, '..', 'workers', worker),
      JSON.stringify(input),
    ],
    { encoding: 'utf8' },
  );
  expect(traced.error, 'this test runs the worker under strace: install it (apt-get install strace)').toBeUndefined();
  expect(traced.status, traced.stderr).toBe(0);
  const counts: Record<string, number> = {};
  let current = 'open';
  for (const line of readFileSync(traceFile, 'utf8').split('\n')) {
    const phase = /write\(1, "phase:(\w+)\\n"/.exec(line);
    if (phase !== null) current = phase[1]!;
    else if (/\b(fsync|fdatasync)\(/.test(line)) counts[current] = (counts[current] ?? 0) + 1;
  }
  return counts;
};
