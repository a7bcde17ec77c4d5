/**
 * `@casefold/engine/adapter` — what a store writer needs beside the ports of
 * `@casefold/engine`: the mechanics every adapter shares, written once here. Row → stored
 * event, read-range normalisation, append validation and chaining inside the append
 * transaction, the subscription wake-up, option checks, schema migrations, the JSON of
 * projection records and settings, and the rows of a SQL keystore. Applications never need
 * it: they open a store (`openSqliteStore`, `openPostgresStore`, `openInMemoryStore`) and use
 * the port. The errors an adapter raises (`DatabaseOpenError`, `SchemaTooNewError`,
 * `StoreUnavailableError`, …) are in `@casefold/engine`, since applications test for them too.
 */
export { EVENT_COLUMNS, type EventRow, type EventRowOf, storedEventOfRow, recordedEventOfRow } from '../eventStore/eventRow.js';
export { MAX_STORED_INTEGER, maxCountOf, type StreamRange, streamRangeOf, type AllRange, allRangeOf, streamPrefixOf, underPrefix } from '../eventStore/readRange.js';
export { type AppendWaiter, appendWaiter } from '../eventStore/appendWaiter.js';
export { idProblem, validateAppend, checkExpectedRevision, chainAppend, chainAppendJson } from '../eventStore/validateAppend.js';
export { MAX_TIMER_MS, integerOption, booleanOption, choiceOption, optionsObject, stringOption } from '../eventStore/storeOptions.js';
export type { Migration } from '../eventStore/migration.js';
export { settingJsonOf } from '../eventStore/settingsStore.js';
export { projectionRecordOf, projectionStateJsonOf } from '../projections/projectionRecord.js';
export { type CheckedRowQuery, checkKeys, checkRow, checkRowCheckpoint, checkRowCommit, checkRowModel, checkRowQuery, nextCursor } from '../projections/rows/rowModel.js';
export { MAX_ROW_INTEGER, missingRowTableError, sameIgnoringCase, sameNameIgnoringCaseError, unsafeStoredIntegerError } from '../projections/rows/rowModelError.js';
export { rowProjectionMarkerOf, takenByDocumentProjectionError, takenByRowProjectionError } from './rowStoreRecords.js';
export { type StoredRowKeyAndIndexes, rowKeyAndIndexesDifferences, otherRowColumnsError, otherRowKeyOrIndexesError } from './rowTableShape.js';
export { type RowSql, type RowSqlDialect, type RowStatement, rowSql } from '../projections/rows/rowSql.js';
export { type StreamHead, type ChainedEvent, recordedEvent, type ChainedEventJson, chainEvents, chainEventsJson } from '../hashing/chainEvents.js';
export type { HeadEvent, HeadEventReader, HeadEventSource } from '../eventStore/headEventReader.js';
export { type SubjectKeyRow, type KeystoreIdentityRow, subjectKeyRecordOf, keystoreIdentityOf } from '../personalData/keystoreRows.js';
