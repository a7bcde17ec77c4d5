import type { StartedDeadline } from '../events/eventMeta.js';

/** Distinct deadline records seen, by rule id. */
const records = new Map<string, StartedDeadline[]>();
let recordCount = 0;
/** Bounds {@link records}: when full it starts afresh (a workflow has a handful of rules; only a flood of distinct records fills it). */
const MAX_RECORDS = 1024;

/**
 * The records most recently given that were shared as they were, checked by identity before
 * the table: events decided in this process carry their workflow's own record objects, so a
 * fold of them finds each here without a lookup by rule id (2–8 % of a fold).
 */
const recent: StartedDeadline[] = [];
let recentNext = 0;
const RECENT = 8;

/** `record`, remembered among the recent ones (it is the shared object for its value). */
const remembered = (record: StartedDeadline): StartedDeadline => {
  recent[recentNext] = record;
  recentNext = (recentNext + 1) % RECENT;
  return record;
};

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
  for (let i = 0; i < recent.length; i++) if (recent[i] === record) return record;
  return internedFromTable(record);
};

/** {@link internedDeadline} by the table: a small function of its own, so the check of the recent records can be inlined where it is called. */
const internedFromTable = (record: StartedDeadline): StartedDeadline => {
  const known = records.get(record.rule);
  if (known !== undefined)
    for (const candidate of known) {
      if (candidate === record) return remembered(record);
      if (sameRecord(candidate, record)) return candidate;
    }
  if (recordCount >= MAX_RECORDS) {
    records.clear();
    recordCount = 0;
  }
  recordCount += 1;
  const list = records.get(record.rule);
  if (list === undefined) records.set(record.rule, [record]);
  else list.push(record);
  return remembered(record);
};
