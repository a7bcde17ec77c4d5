import type { ShardedRecord } from '../projections/shared/shardedRecord.js';
import type { StreamIndex } from '../projections/shared/streamIndex.js';

/** The entries of a record by case id whose case passes `keep` (shards left empty are dropped). */
export const keepCases = <T>(record: ShardedRecord<T>, keep: (caseId: string) => boolean): ShardedRecord<T> => {
  const kept: Record<string, Record<string, T>> = {};
  for (const [shard, entries] of Object.entries(record)) {
    for (const [caseId, value] of Object.entries(entries)) if (keep(caseId)) (kept[shard] ??= {})[caseId] = value;
  }
  return kept;
};

/** The stream index's streams whose case passes `keep`: another case's stream id would tell that it exists. */
export const keepStreams = (streams: StreamIndex, keep: (caseId: string) => boolean): StreamIndex => {
  const kept: Record<string, Record<string, string>> = {};
  for (const [shard, entries] of Object.entries(streams)) {
    for (const [streamId, caseId] of Object.entries(entries)) if (keep(caseId)) (kept[shard] ??= {})[streamId] = caseId;
  }
  return kept;
};
