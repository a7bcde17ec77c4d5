import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const PRETTIER = join(ROOT, 'node_modules', 'prettier', 'bin', 'prettier.cjs');
/** The files `pnpm format` formats and `pnpm lint` checks (.prettierrc.json, .prettierignore). */
const FORMATTED = ['packages/**/*.ts', 'examples/**/*.ts', 'scripts/**/*.ts', 'scripts/**/*.mjs', '*.ts'];

const check = (cwd: string, patterns: readonly string[]): { status: number | null; output: string } => {
  const result = spawnSync(process.execPath, [PRETTIER, '--check', '--config', join(ROOT, '.prettierrc.json'), ...patterns], { cwd, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
};

describe('pnpm lint (prettier: one format for the code base)', () => {
  it('finds every TypeScript file formatted (run `pnpm format` after editing)', () => {
    const { status, output } = check(ROOT, FORMATTED);
    expect(output).toMatch(/All matched files use Prettier code style/);
    expect(status).toBe(0);
  });

  describe('catches what it must', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'casefold-format-'));
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    it('a file not in the format', () => {
      writeFileSync(join(scratch, 'messy.ts'), 'export const  x = {a:1,b:"two"}\n');
      const { status, output } = check(scratch, ['*.ts']);
      expect(output).toMatch(/messy\.ts/);
      expect(status).not.toBe(0);
    });
  });
});
