import { closeSync, existsSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoDatabase, tempDir } from './support/demoDatabase.js';
import { type CasefoldRun, jsonOf, runCasefold } from './support/runCasefold.js';

/** No raw Node failure: no stack trace, no unhandled 'error' event. */
const expectNoCrash = (run: CasefoldRun) => {
  expect(run.stderr).not.toMatch(/\n\s+at |Unhandled 'error' event|node:events/);
};

describe('casefold export: where the export cannot be written', () => {
  it('stdout closed early (| head): stops quietly with exit 0, no stack trace', async () => {
    const run = await runCasefold(['export', '--db', demoDatabase()], { cwd: tempDir(), closeStdoutAfter: 1 });
    expectNoCrash(run);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\{"kind":"header"/);
  });

  it('--out in a directory that does not exist: exit 2 naming the path and the OS reason, nothing left behind', async () => {
    const dir = tempDir();
    const run = await runCasefold(['export', '--out', 'missing/dir/x.ndjson', '--db', demoDatabase(), '--json'], { cwd: dir });
    expectNoCrash(run);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Cannot write the export to 'missing/dir/x.ndjson'");
    expect(run.stderr).toContain('no such file or directory (ENOENT)');
    expect(run.stderr).toContain(`create the directory ${join(dir, 'missing', 'dir')}`);
    expect(jsonOf<{ error: { code: number; kind: string } }>(run).error).toMatchObject({ code: 2, kind: 'OutputFileError' });
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('--out naming a directory: refused up front with exit 2, no FILE.partial written next to it', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'exports'));
    const run = await runCasefold(['export', '--out', 'exports', '--db', demoDatabase()], { cwd: dir });
    expectNoCrash(run);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Cannot write the export to 'exports': it is a directory");
    expect(run.stderr).toContain('--out exports/events.ndjson');
    expect(existsSync(join(dir, 'exports.partial'))).toBe(false);
  });

  it('a write error mid-export (disk full): exit 2 with the reason, FILE.partial removed, the old FILE untouched', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x.ndjson'), 'the previous export\n');
    // The kernel's full disk: every write to /dev/full fails with ENOSPC.
    symlinkSync('/dev/full', join(dir, 'x.ndjson.partial'));
    const run = await runCasefold(['export', '--out', 'x.ndjson', '--db', demoDatabase()], { cwd: dir });
    expectNoCrash(run);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Cannot write the export to 'x.ndjson': writing failed: no space left on device (ENOSPC)");
    expect(run.stderr).toContain('Free some disk space');
    expect(existsSync(join(dir, 'x.ndjson.partial'))).toBe(false);
    expect(readFileSync(join(dir, 'x.ndjson'), 'utf8')).toBe('the previous export\n');
  });

  it('stdout on a full disk: exit 2 naming stdout and the reason, no stack trace', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const run = await runCasefold(['export', '--db', demoDatabase()], { cwd: tempDir(), stdoutFd: full });
      expectNoCrash(run);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("Cannot write the export to 'stdout': writing failed: no space left on device (ENOSPC)");
    } finally {
      closeSync(full);
    }
  });
});
