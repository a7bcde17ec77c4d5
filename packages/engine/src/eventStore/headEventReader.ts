/** What a stream head needs of an event: which stream, its revision and position, its hash. */
export type HeadEvent = { readonly streamId: string; readonly revision: bigint; readonly position: bigint; readonly hash: string };

/**
 * A store's cheap way of reading, again and again, the events appended since the last look,
 * with only what a stream head needs (stream id, revision, position, hash): what periodic
 * checkpoints read (see `startCheckpointing`). A store offers it when its whole-store read
 * costs more than that: PostgreSQL's reads data and metadata too and, at its end, waits for
 * transactions in flight, on the connections the writers use.
 */
export interface HeadEventReader {
  /**
   * Up to `maxCount` events after `position` (exclusive), in position order: those a
   * whole-store read from `position` would hand out first, but only as far as nothing can
   * still appear before them (no wait for transactions in flight: those come at a later
   * call). A reader resuming from the last position it got never skips and never repeats an
   * event. Fewer than `maxCount` means the reader is caught up for now.
   */
  readonly readAfter: (position: bigint, maxCount: number) => Promise<readonly HeadEvent[]>;
  /** Releases what the reader holds (a connection of its own); later reads fail. */
  readonly close: () => Promise<void>;
}

/** An event store that offers {@link HeadEventReader}s (`startCheckpointing` reads through one when offered). */
export interface HeadEventSource {
  /** Opens a reader; it holds nothing until its first read. Closing the store closes it too. */
  readonly openHeadEventReader: () => HeadEventReader;
}
