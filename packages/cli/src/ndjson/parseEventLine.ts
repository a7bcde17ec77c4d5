import type { EventMetadata, Json, NewEvent } from '@casefold/engine';

/** An event line that has the right shape: ready to be checked against its chain. */
export interface ParsedEvent extends NewEvent {
  readonly streamId: string;
  readonly revision: bigint;
  /** The position the source store gave it (what a checkpoint's position is compared with). */
  readonly position: bigint;
  readonly prevHash: string;
  readonly hash: string;
  /** 1-based line number in the file. */
  readonly line: number;
  /** The UTF-8 bytes of its line: more than its data and metadata take as JSON, so a bound on what it adds to an append. */
  readonly lineBytes: number;
}

const HASH = /^[0-9a-f]{64}$/;
const DECIMAL = /^(0|[1-9]\d*)$/;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/**
 * Checks the shape of one event line (already parsed from JSON; `lineBytes`: the UTF-8 bytes of
 * its text). Returns the event, or the reason it is unusable, naming the field.
 */
export const parseEventLine = (value: Record<string, unknown>, line: number, lineBytes: number): ParsedEvent | string => {
  const { streamId, revision, position, eventId, type, data, metadata, prevHash, hash } = value;
  if (!isText(streamId)) return 'field "streamId" must be a non-empty string';
  if (typeof revision !== 'string' || !DECIMAL.test(revision)) return 'field "revision" must be a whole number written as a decimal string, e.g. "0"';
  if (typeof position !== 'string' || !DECIMAL.test(position)) return 'field "position" must be a whole number written as a decimal string';
  if (!isText(eventId)) return 'field "eventId" must be a non-empty string';
  if (!isText(type)) return 'field "type" must be a non-empty string';
  if (data === undefined) return 'field "data" is missing';
  if (!isObject(metadata)) return 'field "metadata" must be an object';
  for (const key of ['occurredAt', 'recordedAt', 'commandId', 'correlationId'] as const) {
    if (typeof metadata[key] !== 'string') return `field "metadata.${key}" must be a string`;
  }
  if (metadata['causationId'] !== null && typeof metadata['causationId'] !== 'string') return 'field "metadata.causationId" must be a string or null';
  if (typeof metadata['schemaVersion'] !== 'number' || !Number.isInteger(metadata['schemaVersion'])) return 'field "metadata.schemaVersion" must be a whole number';
  if (typeof prevHash !== 'string' || !HASH.test(prevHash)) return 'field "prevHash" must be 64 lowercase hex digits';
  if (typeof hash !== 'string' || !HASH.test(hash)) return 'field "hash" must be 64 lowercase hex digits';
  return { streamId, revision: BigInt(revision), position: BigInt(position), eventId, type, data: data as Json, metadata: metadata as EventMetadata, prevHash, hash, line, lineBytes };
};
