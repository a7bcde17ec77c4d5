import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

/** Runs dependency-cruiser (the rules of .dependency-cruiser.cjs) over `paths` in `cwd`, as `pnpm lint` does. */
const lint = (cwd: string, paths: readonly string[]): { status: number | null; output: string } => {
  const result = spawnSync(process.execPath, [DEPCRUISE, ...paths, '--config', CONFIG, '--output-type', 'err'], { cwd, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
};

describe('pnpm lint (dependency-cruiser: import circles, relative imports out of a package, the package rules)', () => {
  it('finds no violation in packages/, examples/ and scripts/', () => {
    const { status, output } = lint(ROOT, ['packages', 'examples', 'scripts']);
    expect(output).toMatch(/no dependency violations found/);
    expect(status).toBe(0);
  });

  describe('catches what it must', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'casefold-lint-'));
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));
    const write = (path: string, text: string): void => {
      mkdirSync(dirname(join(scratch, path)), { recursive: true });
      writeFileSync(join(scratch, path), text);
    };
    write('packages/a/src/state.ts', "import type { Codec } from './runner.js';\nexport const encode = (codec: Codec): string => String(codec);\n");
    write('packages/a/src/runner.ts', "import { encode } from './state.js';\nexport interface Codec { readonly name: string }\nexport const run = (): string => encode({ name: 'x' });\n");
    write('packages/b/src/uses.ts', "import { run } from '../../a/src/runner.js';\nexport const uses = run;\n");
    const { status, output } = lint(scratch, ['packages']);

    it('a circle, also through a type-only import', () => {
      expect(output).toMatch(/no-circular: packages\/a\/src\/(state|runner)\.ts/);
    });

    it('a relative import into another package', () => {
      expect(output).toMatch(/no-relative-import-out-of-package: packages\/b\/src\/uses\.ts → packages\/a\/src\/runner\.ts/);
      expect(status).not.toBe(0);
    });
  });
});
