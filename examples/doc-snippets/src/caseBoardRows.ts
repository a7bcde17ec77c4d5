import { type CaseBoardRow, type JurisdictionDirectory, type RowPage, caseBoardQuery, caseBoardRows } from '@casefold/core';
import { type ExecuteCaseCommandOptions, caseCommandHandler, caseEventCodec, getInMemoryEventStore, getInMemoryRowProjectionStore, startRowProjection } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';

/** The first page of a sub-district's open cases after the command, the page after it, and the same first page after a rebuild. */
export interface CaseBoardRowsResult {
  readonly page: RowPage<CaseBoardRow>;
  readonly next: RowPage<CaseBoardRow> | null;
  readonly rebuilt: RowPage<CaseBoardRow>;
}

/**
 * Runs the case board as rows beside a command handler on in-memory stores (an SQLite or
 * PostgreSQL store's `rowProjections` in production): the commands, the runner waited for
 * (read-your-writes), a query for the open cases of `unit`'s subtree, page by page, and a
 * rebuild (docs/row-projections.md).
 */
export const caseBoardRowsExample = async (
  directory: JurisdictionDirectory,
  unit: string,
  commands: readonly { readonly command: unknown; readonly options: ExecuteCaseCommandOptions }[],
): Promise<CaseBoardRowsResult> => {
  const store = getInMemoryEventStore();
  const rowStore = getInMemoryRowProjectionStore();
  const execute = caseCommandHandler({ store, directory });
  // #region rows
  const runner = await startRowProjection({
    store,
    rowStore, // store.rowProjections of an SQLite or PostgreSQL store: rows and checkpoint in one database
    projection: caseBoardRows(directory), // one row per case; the directory gives each holding unit's subtree
    decode: caseEventCodec().decode,
  });
  let last = 0n;
  for (const { command, options } of commands) {
    const result = await execute(command, options);
    if (E.isLeft(result)) throw new Error(`command not recorded: ${result.left.kind}`);
    last = result.right.lastPosition ?? last;
  }
  await runner.waitFor(last); // read-your-writes: the rows now include those events
  const query = { unit, open: true, limit: 2 } as const; // the subtree of `unit`, cases not closed, two per page
  const page = await runner.query(caseBoardQuery(directory, query)); // oldest submission first, from an index
  const next = page.next === null ? null : await runner.query(caseBoardQuery(directory, { ...query, after: page.next }));
  // #endregion rows
  await runner.rebuild(); // drop the table, fold everything again from position 0
  await runner.waitFor(last);
  const rebuilt = await runner.query(caseBoardQuery(directory, query));
  await runner.stop();
  return { page, next, rebuilt };
};
