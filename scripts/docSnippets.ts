/**
 * Code blocks in the docs taken from tested files. A marker line right before a fenced
 * block, `<!-- snippet: examples/hotline-12345/src/hotlineWorkflow.ts#guard -->`, names a
 * file (from the repository root) and a region in it, delimited by `// #region guard` and
 * `// #endregion guard`. The block is the region's lines, without region markers nested in
 * it and without their common indentation. `pnpm docs:snippets` rewrites the blocks; the
 * workspace test `scripts/test/docSnippets.test.ts` fails when one differs, and when a
 * TypeScript block of a doc in {@link SNIPPET_DOCS} has no marker.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The docs, from the repository root, whose every TypeScript block must carry a snippet marker. */
export const SNIPPET_DOCS: readonly string[] = [
  'README.md',
  'docs/getting-started.md',
  'docs/concepts.md',
  'docs/writing-workflows.md',
  'docs/writing-projections.md',
  'docs/writing-workflow-rules.md',
  'docs/projections.md',
  'docs/row-projections.md',
  'docs/command-handling.md',
  'docs/calendars.md',
  'docs/mediation-workflow.md',
  'docs/one-window.md',
  'docs/retention.md',
  'docs/tenancy.md',
];

const MARKER = /^<!-- snippet: (\S+)#([\w.-]+) -->$/;
const FENCE = /^(`{3,})(\S*)/;
const REGION_LINE = /^\s*\/\/ #(?:end)?region [\w.-]+\s*$/;
const TYPESCRIPT = new Set(['ts', 'typescript', 'tsx', 'mts', 'cts']);

/** A fenced code block of a doc, with the snippet marker on the line before it, if any. */
export interface DocBlock {
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly language: string;
  readonly snippet: { readonly file: string; readonly region: string } | null;
  readonly code: string;
  /** 0-based indexes into the doc's lines: the first and last line of the code (last < first when empty). */
  readonly codeLines: { readonly first: number; readonly last: number };
}

/** The fenced code blocks of a markdown text, in order. An unclosed fence runs to the end of the text. */
export const docBlocks = (text: string): DocBlock[] => {
  const lines = text.split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const open = FENCE.exec(lines[i] ?? '');
    if (open === null) continue;
    const fence = open[1] ?? '```';
    let close = i + 1;
    while (close < lines.length && (lines[close] ?? '').trimEnd() !== fence) close += 1;
    const marker = i > 0 ? MARKER.exec(lines[i - 1] ?? '') : null;
    blocks.push({
      line: i + 1,
      language: open[2] ?? '',
      snippet: marker === null ? null : { file: marker[1] ?? '', region: marker[2] ?? '' },
      code: lines.slice(i + 1, close).join('\n'),
      codeLines: { first: i + 1, last: close - 1 },
    });
    i = close;
  }
  return blocks;
};

/** Whether a fenced block's language is TypeScript (`ts`, `typescript`, `tsx`, `mts`, `cts`). */
export const isTypeScript = (block: DocBlock): boolean => TYPESCRIPT.has(block.language);

/**
 * The text of `// #region name` … `// #endregion name` in `source`: the lines between, without
 * nested region markers and without their common indentation; or a sentence saying what is
 * wrong (no such region, or more than one).
 */
export const regionText = (source: string, region: string): { readonly text: string } | { readonly problem: string } => {
  const lines = source.split('\n');
  const at = (marker: string): number[] => lines.flatMap((line, index) => (line.trim() === `// ${marker} ${region}` ? [index] : []));
  const starts = at('#region');
  const ends = at('#endregion');
  if (starts.length !== 1 || ends.length !== 1) {
    return { problem: `needs exactly one "// #region ${region}" and one "// #endregion ${region}" line (found ${starts.length} and ${ends.length})` };
  }
  const [start = 0] = starts;
  const [end = 0] = ends;
  if (end < start) return { problem: `"// #endregion ${region}" comes before "// #region ${region}"` };
  const body = lines.slice(start + 1, end).filter((line) => !REGION_LINE.test(line));
  const indents = body.filter((line) => line.trim() !== '').map((line) => line.length - line.trimStart().length);
  const common = indents.length === 0 ? 0 : Math.min(...indents);
  const text = body.map((line) => line.slice(common).trimEnd()).join('\n');
  if (text.trim() === '') return { problem: `region "${region}" is empty` };
  return { text };
};

/** What a marked block should read: its region's text, or why it cannot be had. */
const snippetOf = (root: string, snippet: { readonly file: string; readonly region: string }): { readonly text: string } | { readonly problem: string } => {
  const path = join(root, snippet.file);
  if (!existsSync(path)) return { problem: `names ${snippet.file}, which does not exist (paths are from the repository root)` };
  const found = regionText(readFileSync(path, 'utf8'), snippet.region);
  return 'problem' in found ? { problem: `${snippet.file}: ${found.problem}` } : found;
};

/**
 * Every problem with the snippets of `docs` (paths from `root`), one line each, naming the doc
 * and line and saying what to do: a marked block that differs from its region, a marker whose
 * file or region is missing, a TypeScript block without a marker. Empty when all is well.
 */
export const snippetProblems = (root: string, docs: readonly string[] = SNIPPET_DOCS): string[] =>
  docs.flatMap((doc) =>
    docBlocks(readFileSync(join(root, doc), 'utf8')).flatMap((block): string[] => {
      const where = `${doc}:${block.line}`;
      if (block.snippet === null) {
        return isTypeScript(block)
          ? [
              `${where}: a \`\`\`${block.language} block without a snippet marker; take it from a tested file (<!-- snippet: path#region --> on the line before), or make it a \`\`\`text block if it is not code`,
            ]
          : [];
      }
      const wanted = snippetOf(root, block.snippet);
      if ('problem' in wanted) return [`${where}: the snippet marker ${wanted.problem}`];
      return wanted.text === block.code ? [] : [`${where}: the block differs from ${block.snippet.file}#${block.snippet.region}; run \`pnpm docs:snippets\` (or change the region, not the doc)`];
    }),
  );

/** A doc's text with every marked block replaced by its region, and the problems that stopped some blocks from being taken. */
export const withSnippets = (root: string, text: string): { readonly text: string; readonly problems: readonly string[] } => {
  const lines = text.split('\n');
  const problems: string[] = [];
  // From the last block back, so earlier line indexes stay valid while blocks change length.
  for (const block of docBlocks(text).reverse()) {
    if (block.snippet === null) continue;
    const wanted = snippetOf(root, block.snippet);
    if ('problem' in wanted) problems.unshift(`line ${block.line}: the snippet marker ${wanted.problem}`);
    else lines.splice(block.codeLines.first, block.codeLines.last - block.codeLines.first + 1, ...wanted.text.split('\n'));
  }
  return { text: lines.join('\n'), problems };
};
