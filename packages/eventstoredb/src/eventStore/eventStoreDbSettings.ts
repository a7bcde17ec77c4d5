import type { EventStoreDBClient } from '@eventstore/db-client';

/** The settings of an EventStoreDB event store, checked by `openEventStoreDbStore`. */
export interface EventStoreDbSettings {
  readonly client: EventStoreDBClient;
  /** `host:port` for messages. */
  readonly target: string;
  /** Prefix of every EventStoreDB stream this store owns. */
  readonly streamPrefix: string;
  readonly pageSize: number;
  readonly operationTimeoutMs: number;
  readonly appendAttempts: number;
  readonly reconnectDelayMs: number;
  readonly reconnectAttempts: number;
}
