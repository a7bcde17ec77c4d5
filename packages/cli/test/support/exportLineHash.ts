import { type Json, eventHash } from '@casefold/engine';

/** The hash of an export file's event line after `prevHash` (as stored under `streamId`, by default the line's own): what a forger re-hashing a changed line computes. */
export const exportLineHash = (prevHash: string, line: Readonly<Record<string, unknown>>, streamId = line['streamId'] as string): string =>
  eventHash(prevHash, {
    streamId,
    revision: BigInt(line['revision'] as string),
    eventId: line['eventId'] as string,
    type: line['type'] as string,
    data: line['data'] as Json,
    metadata: line['metadata'] as never,
  });
