/**
 * Prints review times by channel for a casefold database:
 * `pnpm --filter @casefold/example-custom-projection start path/to/casefold.db`
 * (make one with `npm run demo`). A relative path is taken from the directory pnpm was
 * run in (`INIT_CWD`), not from the example's folder.
 */
import { resolve } from 'node:path';
import { openStore } from '@casefold/cli';
import { reviewTimes } from './reviewTimes.js';
import { runReviewTimes } from './runReviewTimes.js';

const cwd = process.env['INIT_CWD'] ?? process.cwd();
const fileName = resolve(cwd, process.argv[2] ?? 'casefold.db');
const opened = await openStore({ kind: 'sqlite', fileName }, { cwd }).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
try {
  const { state, resumedFrom, position } = await runReviewTimes(opened);
  console.log(`Review times by channel (events ${resumedFrom + 1n}..${position} folded this run)`);
  for (const row of reviewTimes(state)) {
    console.log(
      `${row.channel.padEnd(20)} ${String(row.submitted).padStart(6)} submitted  ${String(row.reviewed).padStart(6)} reviewed  ` +
        `${row.meanHours === null ? '    –' : row.meanHours.toFixed(1).padStart(5)} h mean  ${row.withinADayShare === null ? '  –' : `${Math.round(row.withinADayShare * 100)}%`} within a day`,
    );
  }
} finally {
  await opened.close();
}
