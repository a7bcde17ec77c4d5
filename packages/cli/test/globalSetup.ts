import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { runCasefold } from './support/runCasefold.js';

/** Cases in the shared demo database (the default of 5,000 is measured by hand; see docs/cli.md). */
export const DEMO_CASES = 800;
export const DEMO_SEED = 'cli-tests';

declare module 'vitest' {
  export interface ProvidedContext {
    demoDatabase: string;
    demoStdout: string;
  }
}

/** Generates one demo database with the real CLI for every test file to read (or copy). */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'casefold-cli-demo-'));
  const run = await runCasefold(['demo', '--db', 'demo.db', '--cases', String(DEMO_CASES), '--seed', DEMO_SEED], { cwd: dir });
  if (run.code !== 0) throw new Error(`casefold demo failed (exit ${run.code}): ${run.stderr}`);
  project.provide('demoDatabase', join(dir, 'demo.db'));
  project.provide('demoStdout', run.stdout);
  return () => rmSync(dir, { recursive: true, force: true });
}
