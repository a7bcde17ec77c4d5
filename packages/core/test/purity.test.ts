import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []));

const ALLOWED_PACKAGES = /^(fp-ts|io-ts|immer)(\/|$)/;
/**
 * The test kit (`@casefold/core/testing`, its own subpath) is fenced off: it may also import
 * fast-check, an optional peer dependency, and nothing of the pure core may import it.
 */
const TEST_KIT = /^testing[\\/]/;
const TEST_KIT_PACKAGES = /^(fp-ts|fast-check)(\/|$)/;
/** Module specifiers of a file's import and export statements (at line starts, so not those in TSDoc examples). */
const importsOf = (text: string): string[] => [...text.matchAll(/^(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? '');
const FORBIDDEN = [
  { pattern: /\bDate\.now\s*\(/, what: 'reads the clock (Date.now)' },
  { pattern: /new Date\(\s*\)/, what: 'reads the clock (new Date())' },
  { pattern: /\bMath\.random\s*\(/, what: 'uses randomness (Math.random)' },
  { pattern: /\bperformance\.now\s*\(/, what: 'reads the clock (performance.now)' },
  { pattern: /\bprocess\./, what: 'touches the process' },
  { pattern: /\bcrypto\./, what: 'uses crypto' },
  { pattern: /\brequire\s*\(/, what: 'uses require' },
  { pattern: /\b(setTimeout|setInterval|fetch)\s*\(/, what: 'does I/O or timing' },
];

describe('@casefold/core is pure', () => {
  const all = files(SRC).map((file) => ({ file: file.slice(SRC.length + 1), text: readFileSync(file, 'utf8') }));
  const sources = all.filter(({ file }) => !TEST_KIT.test(file));
  const testKit = all.filter(({ file }) => TEST_KIT.test(file));

  it('has sources to check', () => {
    expect(sources.length).toBeGreaterThan(20);
  });

  it('imports only relative modules, fp-ts, io-ts and immer (no node:*, no adapter, no engine)', () => {
    const offending = sources.flatMap(({ file, text }) =>
      importsOf(text)
        .filter((spec) => !spec.startsWith('.') && !ALLOWED_PACKAGES.test(spec))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it('keeps the test kit (src/testing, fast-check) out of the pure core: no core module imports it, and it imports only core, fp-ts and fast-check', () => {
    expect(testKit.length).toBeGreaterThan(0);
    const intoKit = sources.flatMap(({ file, text }) => importsOf(text).filter((spec) => /(^|\/)testing(\/|$)/.test(spec)).map((spec) => `${file} imports ${spec}`));
    expect(intoKit).toEqual([]);
    const fromKit = testKit.flatMap(({ file, text }) =>
      importsOf(text)
        .filter((spec) => !spec.startsWith('.') && !TEST_KIT_PACKAGES.test(spec))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(fromKit).toEqual([]);
  });

  it('never reads the clock, randomness or the process', () => {
    const offending = sources.flatMap(({ file, text }) => FORBIDDEN.filter(({ pattern }) => pattern.test(text)).map(({ what }) => `${file} ${what}`));
    expect(offending).toEqual([]);
  });

  it('the check itself catches a forbidden line', () => {
    expect(FORBIDDEN.some(({ pattern }) => pattern.test('const t = Date.now();'))).toBe(true);
    expect(ALLOWED_PACKAGES.test('node:fs')).toBe(false);
  });
});
