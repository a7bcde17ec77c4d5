import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SNIPPET_DOCS, docBlocks, isTypeScript, regionText, snippetProblems, withSnippets } from '../docSnippets.js';

const ROOT = join(import.meta.dirname, '..', '..');
/** TypeScript blocks taken from files in the listed docs when they were converted; fewer means blocks were dropped or unmarked. */
const MARKED_AT_LEAST = 26;

describe('doc snippets: code blocks taken from tested files', () => {
  it('every marked block of the listed docs equals its region, and every TypeScript block there is marked (run `pnpm docs:snippets`)', () => {
    expect(snippetProblems(ROOT)).toEqual([]);
  });

  it('the listed docs do take their TypeScript from files (the check is not vacuous)', () => {
    const blocks = SNIPPET_DOCS.flatMap((doc) => docBlocks(readFileSync(join(ROOT, doc), 'utf8')));
    expect(blocks.filter((block) => block.snippet !== null && isTypeScript(block)).length).toBeGreaterThanOrEqual(MARKED_AT_LEAST);
  });

  describe('catches what it must', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'casefold-snippets-'));
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));
    const write = (path: string, text: string): void => {
      mkdirSync(dirname(join(scratch, path)), { recursive: true });
      writeFileSync(join(scratch, path), text);
    };
    write(
      'src/example.ts',
      [
        "import { x } from 'y';",
        '// #region outer',
        'export const run = () => {',
        '  // #region inner',
        '  const a = 1;',
        '',
        '  return a;',
        '  // #endregion inner',
        '};',
        '// #endregion outer',
        '// #region twice',
        '// #region twice',
        '// #endregion twice',
      ].join('\n'),
    );
    const doc = (body: string): string => `# Doc\n\nText.\n\n${body}\n\nMore text.\n`;

    it('a region: its lines without nested markers, its common indentation removed', () => {
      const source = '// #region outer\nexport const run = () => {\n  // #region inner\n  const a = 1;\n\n  return a;\n  // #endregion inner\n};\n// #endregion outer';
      expect(regionText(source, 'inner')).toEqual({ text: 'const a = 1;\n\nreturn a;' });
      expect(regionText(source, 'outer')).toEqual({ text: 'export const run = () => {\n  const a = 1;\n\n  return a;\n};' });
    });

    it('a marked block equal to its region passes; a changed one is named, and `withSnippets` restores it', () => {
      const good = doc('<!-- snippet: src/example.ts#inner -->\n```ts\nconst a = 1;\n\nreturn a;\n```');
      write('good.md', good);
      expect(snippetProblems(scratch, ['good.md'])).toEqual([]);
      const stale = good.replace('const a = 1;', 'const a = 2;');
      write('stale.md', stale);
      expect(snippetProblems(scratch, ['stale.md'])).toEqual(['stale.md:6: the block differs from src/example.ts#inner; run `pnpm docs:snippets` (or change the region, not the doc)']);
      expect(withSnippets(scratch, stale)).toEqual({ text: good, problems: [] });
    });

    it('rewriting replaces blocks of any length, each from its own region, and leaves the rest of the doc alone', () => {
      const stale = doc('<!-- snippet: src/example.ts#outer -->\n```ts\nold\n```\n\nBetween.\n\n<!-- snippet: src/example.ts#inner -->\n```ts\n```');
      const { text } = withSnippets(scratch, stale);
      expect(text).toBe(
        doc(
          '<!-- snippet: src/example.ts#outer -->\n```ts\nexport const run = () => {\n  const a = 1;\n\n  return a;\n};\n```\n\nBetween.\n\n<!-- snippet: src/example.ts#inner -->\n```ts\nconst a = 1;\n\nreturn a;\n```',
        ),
      );
    });

    it('a TypeScript block without a marker; other languages need none', () => {
      write('unmarked.md', doc('```ts\nconst typedByHand = 1;\n```\n\n```text\npseudo-code\n```\n\n```sh\npnpm demo\n```'));
      expect(snippetProblems(scratch, ['unmarked.md'])).toEqual([
        'unmarked.md:5: a ```ts block without a snippet marker; take it from a tested file (<!-- snippet: path#region --> on the line before), or make it a ```text block if it is not code',
      ]);
    });

    it('a marker naming a missing file, a missing region or a region found twice', () => {
      write('broken.md', doc('<!-- snippet: src/nothing.ts#a -->\n```ts\n```\n\n<!-- snippet: src/example.ts#absent -->\n```ts\n```\n\n<!-- snippet: src/example.ts#twice -->\n```ts\n```'));
      expect(snippetProblems(scratch, ['broken.md'])).toEqual([
        'broken.md:6: the snippet marker names src/nothing.ts, which does not exist (paths are from the repository root)',
        'broken.md:10: the snippet marker src/example.ts: needs exactly one "// #region absent" and one "// #endregion absent" line (found 0 and 0)',
        'broken.md:14: the snippet marker src/example.ts: needs exactly one "// #region twice" and one "// #endregion twice" line (found 2 and 1)',
      ]);
    });
  });
});
