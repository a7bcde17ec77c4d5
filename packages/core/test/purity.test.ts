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
/**
 * The one folder that may generate code at run time or keep module-level mutable state
 * (src/internal: `fastIs`'s compiled checks, `internedDeadline`'s table), each justified by a
 * benchmark in its TSDoc; the rest of the core may not.
 */
const INTERNAL = /^internal[\\/]/;
/**
 * Forbidden outside src/internal. A `WeakMap` keyed by an immutable value (a workflow, a
 * calendar, a codec) is memoisation, not state: what a call returns depends only on its
 * arguments, and the cache dies with its key. A module-level `Map` or `Set` must be typed
 * read-only (a constant lookup table); a module-level `let` or `var` is state.
 */
const INTERNAL_ONLY = [
  { pattern: /\bnew Function\s*\(/, what: 'generates code at run time (new Function)' },
  { pattern: /\beval\s*\(/, what: 'generates code at run time (eval)' },
  { pattern: /^(?:export\s+)?(?:let|var)\s/m, what: 'keeps module-level mutable state (a module-level let or var)' },
  {
    pattern: /^(?:export\s+)?const\s+\w+(?:\s*:\s*(?!Readonly)\S[^=]*)?\s*=\s*new\s+(?:Map|Set)\b/m,
    what: 'keeps module-level mutable state (a module-level Map or Set not typed ReadonlyMap or ReadonlySet)',
  },
];
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
    const intoKit = sources.flatMap(({ file, text }) =>
      importsOf(text)
        .filter((spec) => /(^|\/)testing(\/|$)/.test(spec))
        .map((spec) => `${file} imports ${spec}`),
    );
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

  it('generates code and keeps module-level mutable state only in src/internal, which does both', () => {
    const offending = sources.filter(({ file }) => !INTERNAL.test(file)).flatMap(({ file, text }) => INTERNAL_ONLY.filter(({ pattern }) => pattern.test(text)).map(({ what }) => `${file} ${what}`));
    expect(offending).toEqual([]);
    const fenced = sources.filter(({ file }) => INTERNAL.test(file));
    const kinds = new Set(fenced.flatMap(({ text }) => INTERNAL_ONLY.filter(({ pattern }) => pattern.test(text)).map(({ what }) => what)));
    expect([...kinds].sort()).toEqual([INTERNAL_ONLY[0]!.what, INTERNAL_ONLY[2]!.what, INTERNAL_ONLY[3]!.what].sort());
  });

  it('the check itself catches a forbidden line', () => {
    expect(FORBIDDEN.some(({ pattern }) => pattern.test('const t = Date.now();'))).toBe(true);
    expect(ALLOWED_PACKAGES.test('node:fs')).toBe(false);
    const caught = (line: string): boolean => INTERNAL_ONLY.some(({ pattern }) => pattern.test(line));
    expect(['const f = new Function("return 1");', 'let count = 0;', 'const seen = new Map<string, number>();', 'export const ids: Set<string> = new Set();'].map(caught)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['const CODES: ReadonlySet<string> = new Set(["a"]);', 'const memo = new WeakMap<object, number>();', '  let local = 0;'].map(caught)).toEqual([false, false, false]);
  });
});
