import type { StartedDeadline } from '../events/eventMeta.js';

/** Distinct deadline records seen, by rule id. */
const records = new Map<string, StartedDeadline[]>();
let recordCount = 0;
/** Bounds {@link records}: when full it starts afresh (a workflow has a handful of rules; only a flood of distinct records fills it). */
const MAX_RECORDS = 1024;

const sameRecord = (a: StartedDeadline, b: StartedDeadline): boolean =>
  a.rule === b.rule && a.unit === b.unit && a.amount === b.amount && a.maxExtension === b.maxExtension && a.label === b.label && a.basis === b.basis;

/**
 * One shared object per distinct deadline record. Every event that starts a clock carries
 * its rule's record (label and legal basis: hundreds of bytes), and a case state keeps it
 * as long as the clock exists. Events read from a store each bring their own copy, so a
 * replay of many cases would hold as many copies as clocks; sharing equal records makes
 * a replayed state about a third smaller. Observably pure: the record returned is equal,
 * field by field, to the one given (and records are read-only).
 */
export const internedDeadline = (record: StartedDeadline): StartedDeadline => {
  const known = records.get(record.rule);
  if (known !== undefined) for (const candidate of known) if (candidate === record || sameRecord(candidate, record)) return candidate;
  if (recordCount >= MAX_RECORDS) {
    records.clear();
    recordCount = 0;
  }
  recordCount += 1;
  const list = records.get(record.rule);
  if (list === undefined) records.set(record.rule, [record]);
  else list.push(record);
  return record;
};
