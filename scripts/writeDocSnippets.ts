/** `pnpm docs:snippets`: rewrites each marked code block of the docs in SNIPPET_DOCS from the region it names (see docSnippets.ts). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SNIPPET_DOCS, withSnippets } from './docSnippets.js';

const root = join(import.meta.dirname, '..');
let failed = false;
for (const doc of SNIPPET_DOCS) {
  const file = join(root, doc);
  const before = readFileSync(file, 'utf8');
  const { text, problems } = withSnippets(root, before);
  for (const problem of problems) console.error(`${doc}: ${problem}`);
  failed ||= problems.length > 0;
  if (text !== before) {
    writeFileSync(file, text);
    console.log(`updated ${doc}`);
  }
}
if (failed) process.exitCode = 1;
