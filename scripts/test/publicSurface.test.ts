import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * A small public surface (docs/packages.md, "Public surface"): every name a package publishes
 * is listed by name in an entry file, so nothing becomes public by being added to a module,
 * and the internals stay out of the entries.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const PACKAGES = join(ROOT, 'packages');

interface Manifest {
  readonly name: string;
  readonly exports?: Readonly<Record<string, { readonly '@casefold/source'?: string }>>;
}

const manifests = readdirSync(PACKAGES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) => {
    const dir = join(PACKAGES, entry.name);
    const files = readdirSync(dir);
    return files.includes('package.json') ? [{ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest }] : [];
  });

/** Each subpath of every package's `exports` with the source file it maps to, e.g. `@casefold/engine/adapter`. */
const entries = manifests.flatMap(({ dir, manifest }) =>
  Object.entries(manifest.exports ?? {}).flatMap(([subpath, targets]) =>
    targets['@casefold/source'] === undefined ? [] : [{ specifier: `${manifest.name}${subpath.slice(1)}`, file: join(dir, targets['@casefold/source']) }],
  ),
);

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []));

/** The entry files and every `index.ts` under a package's src (the barrels entries re-export). */
const listingFiles = [...new Set([...entries.map(({ file }) => file), ...manifests.flatMap(({ dir }) => sourceFiles(join(dir, 'src')).filter((file) => file.endsWith('/index.ts')))])];

/** Statements that publish names without listing them: `export * from …` and `export * as x from …`. */
const UNLISTED = /^\s*export\s*\*/m;

/** Internals that no entry but the one named may publish (the value names; types vanish at run time). */
const INTERNALS: Readonly<Record<string, readonly string[]>> = {
  '@casefold/core': [
    'fastIs',
    'decodeFast',
    'internedDeadline',
    'getIn',
    'valuesIn',
    'entriesIn',
    'sizeOf',
    'shardOf',
    'SHARD_COUNT',
    'clockStatuses',
    'applyClockChange',
    'clockChangeOf',
    'readPath',
    'checkContext',
  ],
  '@casefold/engine': [
    'sleep',
    'retryDelayMs',
    'draftOf',
    'finishDraftOf',
    'projectionImmer',
    'tamperWithInMemoryStore',
    'shownId',
    'jsonProblem',
    'recordedEventOfRow',
    'EVENT_COLUMNS',
    'streamRangeOf',
    'allRangeOf',
    'appendWaiter',
    'validateAppend',
    'checkExpectedRevision',
    'chainAppend',
    'integerOption',
    'chainEvents',
    'subjectKeyRecordOf',
    'keystoreIdentityOf',
  ],
  '@casefold/cli': ['prng'],
};

/**
 * The value names an entry publishes, read from its source file (this project resolves
 * packages by name to their built `dist`, which may be stale).
 */
const publishedBy = async (specifier: string): Promise<string[]> => {
  const entry = entries.find((e) => e.specifier === specifier);
  if (entry === undefined) throw new Error(`No package.json "exports" entry maps ${specifier} to a source file.`);
  return Object.keys((await import(entry.file)) as object);
};

describe('the public surface', () => {
  it('finds the entry files of every package', () => {
    expect(entries.map(({ specifier }) => specifier)).toEqual(
      expect.arrayContaining(['@casefold/core', '@casefold/core/internal', '@casefold/engine', '@casefold/engine/adapter', '@casefold/engine/testing', '@casefold/cli']),
    );
  });

  it('lists every public name explicitly: no entry file and no index.ts under packages/*/src says `export *`', () => {
    const offending = listingFiles.filter((file) => UNLISTED.test(readFileSync(file, 'utf8'))).map((file) => relative(ROOT, file));
    expect(offending).toEqual([]);
  });

  it('the check itself catches an unlisted re-export', () => {
    expect(UNLISTED.test("/** docs */\nexport * from './values.js';\n")).toBe(true);
    expect(UNLISTED.test("export * as values from './values.js';")).toBe(true);
    expect(UNLISTED.test("export { decide, type CaseState } from './decide.js';\n// not `export * from`")).toBe(false);
  });

  it.each(Object.entries(INTERNALS))('%s does not publish internals', async (specifier, names) => {
    const published = await publishedBy(specifier);
    expect(published.length).toBeGreaterThan(10);
    expect(names.filter((name) => published.includes(name))).toEqual([]);
  });

  it('store writers find their mechanics at @casefold/engine/adapter, and the in-memory tampering hook is a test tool', async () => {
    const adapter = await publishedBy('@casefold/engine/adapter');
    expect(adapter).toEqual(
      expect.arrayContaining(['recordedEventOfRow', 'EVENT_COLUMNS', 'streamRangeOf', 'allRangeOf', 'appendWaiter', 'validateAppend', 'checkExpectedRevision', 'chainEvents', 'integerOption']),
    );
    expect(await publishedBy('@casefold/engine/testing')).toContain('tamperWithInMemoryStore');
  });
});
