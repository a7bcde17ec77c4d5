import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []));

const ALLOWED_PACKAGES = /^(fp-ts|io-ts|immer)(\/|$)/;
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
  const sources = files(SRC).map((file) => ({ file: file.slice(SRC.length + 1), text: readFileSync(file, 'utf8') }));

  it('has sources to check', () => {
    expect(sources.length).toBeGreaterThan(20);
  });

  it('imports only relative modules, fp-ts, io-ts and immer (no node:*, no adapter, no engine)', () => {
    const offending = sources.flatMap(({ file, text }) =>
      [...text.matchAll(/(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/g)]
        .map((m) => m[1] ?? '')
        .filter((spec) => !spec.startsWith('.') && !ALLOWED_PACKAGES.test(spec))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offending).toEqual([]);
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
