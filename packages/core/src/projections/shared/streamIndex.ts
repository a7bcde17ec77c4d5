import type { Draft } from 'immer';
import { type AnyCaseEvent, isLifecycleEvent } from '../../events/caseEvent.js';
import type { Envelope } from '../projection.js';
import { type ShardedRecord, getIn, setIn } from './shardedRecord.js';

/**
 * Which case each event stream holds: stream id → case id (sharded, see {@link ShardedRecord}). Every built-in projection keys
 * its per-case records by case id and learns the stream's case from its `Submitted` event
 * (the only event that names the case). Case ids are assumed unique across the store.
 */
export type StreamIndex = ShardedRecord<string>;

/**
 * The case id of an envelope's event, registering the stream on `Submitted`; `undefined`
 * for an event of a stream that never had a `Submitted` (the decider writes none such).
 */
export const caseIdOf = (streams: Draft<StreamIndex>, envelope: Envelope<AnyCaseEvent>): string | undefined => {
  const { event, streamId } = envelope;
  if (isLifecycleEvent(event) && event.type === 'Submitted') {
    setIn(streams, streamId, event.data.caseId);
    return event.data.caseId;
  }
  return getIn(streams, streamId);
};
