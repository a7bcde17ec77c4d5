/**
 * TEST FIXTURE, NOT A PRODUCT: an EventStoreDB / KurrentDB protocol double. A gRPC server
 * (@grpc/grpc-js) on the service definitions `@eventstore/db-client` ships
 * (`generated/streams_grpc_pb.js`), implementing the calls casefold's adapter makes, with
 * the real server's semantics, so that the adapter's tests run where no server can be
 * installed. It keeps everything in memory, has one node, no TLS, no users, no ACLs, no
 * persistent subscriptions, no projections, no deletes, no scavenging. See
 * docs/eventstoredb.md for what it covers and what it does not.
 *
 * Implemented, after the server's gRPC layer (EventStore/EventStore,
 * src/EventStore.Core/Services/Transport/Grpc/):
 * - `Streams.Append` (Streams.Append.cs): the options message first, then the proposed
 *   messages; `type` and `content-type` metadata are required; the expected revision (any,
 *   no_stream, stream_exists, a revision) is checked by {@link DoubleLog.append}; a wrong
 *   expected version is a *response* (`wrong_expected_version` with the current revision or
 *   `current_no_stream`, and the expectation echoed), not a gRPC error; success carries the
 *   last event's revision and position.
 * - `Streams.Read` (Streams.Read.cs, Enumerators/): a stream forwards from a revision
 *   (inclusive) or backwards from a revision or the end; a missing stream answers
 *   `stream_not_found`; events read from a stream carry `no_position` on the read event and
 *   their own commit/prepare position on the record (self-committed events, ResolvedEvent.cs).
 *   `$all` forwards from a position, inclusive (AllReader.cs keeps `TFPos >= pos`), and
 *   backwards from the end or before a position.
 *   Subscriptions to `$all` (Enumerator.AllSubscription.cs): a confirmation, then the events
 *   after the position (exclusive: the enumerator skips `position <= checkpoint`), then
 *   `caught_up`, then live events; a server-side filter on stream-name or event-type
 *   prefixes or a regex (Enumerator.AllSubscriptionFiltered.cs).
 * - Access denied answers PERMISSION_DENIED with the `exception: access-denied` trailer, and
 *   a node that is not ready UNAVAILABLE "Server Is Not Ready" (RpcExceptions.cs), when a
 *   test sets the {@link DoubleFault}.
 *
 * Not implemented: `ServerFeatures` (it answers UNIMPLEMENTED, as servers before 21.10 did;
 * the client then appends with `Streams.Append` rather than `Streams.BatchAppend`), stream
 * subscriptions, checkpoints of filtered subscriptions, link resolution,
 * gossip and clusters, deadlines sent by the client (the double answers at once).
 */
import { createRequire } from 'node:module';
import { Metadata, Server, ServerCredentials, status } from '@grpc/grpc-js';
import type { ServerReadableStream, ServerWritableStream, UntypedServiceImplementation, sendUnaryData } from '@grpc/grpc-js';
import type * as streamsPb from '@eventstore/db-client/generated/streams_pb.js';
import type * as sharedPb from '@eventstore/db-client/generated/shared_pb.js';
import type * as streamsGrpcPb from '@eventstore/db-client/generated/streams_grpc_pb.js';
import { DoubleLog, type Expected, type LogEvent, type ProposedEvent } from './doubleLog.js';

// The client's generated modules are CommonJS without an `exports` map: required by path, as the client itself does.
const require = createRequire(import.meta.url);
const pb = require('@eventstore/db-client/generated/streams_pb.js') as typeof streamsPb;
const shared = require('@eventstore/db-client/generated/shared_pb.js') as typeof sharedPb;
const { StreamsService } = require('@eventstore/db-client/generated/streams_grpc_pb.js') as typeof streamsGrpcPb;

/**
 * A failure a test makes the double answer every later call with: access denied, a node
 * that is not ready, or `'silent'`: the call is received (and counted) and never answered,
 * as a server that stopped working without closing its connections.
 */
export type DoubleFault = 'access_denied' | 'not_ready' | 'silent';

/** A running double. */
export interface EventStoreDouble {
  /** `esdb://localhost:PORT?tls=false`. */
  readonly connectionString: string;
  readonly port: number;
  /** The double's log: tests read it to check what was written, and damage events through it. */
  readonly log: DoubleLog;
  /** How many appends and reads the double has received (a fault's answers included). */
  readonly calls: { readonly appends: number; readonly reads: number };
  /** How many subscriptions to `$all` are confirmed and open now (none after `stop()`). */
  readonly subscribers: number;
  /** Makes every later call fail as `fault` says; `null` heals. */
  setFault(fault: DoubleFault | null): void;
  /** Stops the server at once (open calls end with UNAVAILABLE/CANCELLED), keeping the log. */
  stop(): Promise<void>;
  /** Starts the server again on the same port, with the same log. */
  restart(): Promise<void>;
}

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

/** An error answer: a gRPC status with the trailer the server adds for typed errors. */
const rpcError = (code: status, details: string, exception?: string): { code: status; details: string; metadata: Metadata } => {
  const metadata = new Metadata();
  if (exception !== undefined) metadata.set('exception', exception);
  return { code, details, metadata };
};

const faultError = (fault: Exclude<DoubleFault, 'silent'>) =>
  fault === 'access_denied' ? rpcError(status.PERMISSION_DENIED, 'Access Denied', 'access-denied') : rpcError(status.UNAVAILABLE, 'Server Is Not Ready');

const streamNameOf = (identifier: sharedPb.StreamIdentifier | undefined): string => Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');

const identifierOf = (streamName: string): sharedPb.StreamIdentifier => new shared.StreamIdentifier().setStreamName(Uint8Array.from(Buffer.from(streamName, 'utf8')));

const expectedOf = (options: streamsPb.AppendReq.Options): Expected | undefined => {
  if (options.hasAny()) return { kind: 'any' };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  if (options.hasRevision()) return { kind: 'revision', revision: BigInt(options.getRevision()) };
  return undefined;
};

/** A recorded event as Streams.Read sends it (ConvertToRecordedEvent). */
const recordedOf = (event: LogEvent): streamsPb.ReadResp.ReadEvent.RecordedEvent => {
  const recorded = new pb.ReadResp.ReadEvent.RecordedEvent()
    .setId(new shared.UUID().setString(event.id))
    .setStreamIdentifier(identifierOf(event.streamName))
    .setStreamRevision(event.revision.toString())
    .setCommitPosition(event.position.toString())
    .setPreparePosition(event.position.toString())
    .setData(event.data)
    .setCustomMetadata(event.customMetadata);
  recorded.getMetadataMap().set('type', event.type).set('content-type', event.contentType).set('created', event.created.toString());
  return recorded;
};

const readEventOf = (event: LogEvent, fromAll: boolean): streamsPb.ReadResp => {
  const readEvent = new pb.ReadResp.ReadEvent().setEvent(recordedOf(event));
  if (fromAll) readEvent.setCommitPosition(event.position.toString());
  else readEvent.setNoPosition(new shared.Empty());
  return new pb.ReadResp().setEvent(readEvent);
};

/** Whether a subscription's filter lets `event` through (EventFilter: prefixes or a regex, on the stream name or the event type). */
const filterOf = (options: streamsPb.ReadReq.Options): ((event: LogEvent) => boolean) => {
  if (!options.hasFilter()) return () => true;
  const filter = options.getFilter()!;
  const onStream = filter.hasStreamIdentifier();
  const expression = onStream ? filter.getStreamIdentifier()! : filter.getEventType()!;
  const prefixes = expression.getPrefixList();
  const regex = expression.getRegex() === '' ? null : new RegExp(expression.getRegex(), 'u');
  return (event) => {
    const subject = onStream ? event.streamName : event.type;
    return prefixes.some((prefix) => subject.startsWith(prefix)) || (regex !== null && regex.test(subject));
  };
};

/** Writes with back-pressure: waits for `drain` when grpc-js's buffer is full; false once the call is gone. */
const send = async (call: ServerWritableStream<streamsPb.ReadReq, streamsPb.ReadResp>, response: streamsPb.ReadResp): Promise<boolean> => {
  if (call.cancelled || call.destroyed) return false;
  if (!call.write(response))
    await new Promise<void>((resolve) => {
      const done = (): void => {
        call.off('drain', done);
        call.off('close', done);
        resolve();
      };
      call.on('drain', done);
      call.on('close', done);
    });
  return !(call.cancelled || call.destroyed);
};

/** Options of {@link startEventStoreDouble}. */
export interface EventStoreDoubleOptions {
  /** The port (default 0: a free one). */
  readonly port?: number;
  /**
   * Called with each proposed event of an append as it arrives, before the append is
   * complete (the server writes an append only once its last message came): tests use it
   * to kill a writer inside an append.
   */
  readonly onProposed?: (streamName: string, event: ProposedEvent) => void;
  /**
   * The server's `MaxAppendSize` (bytes of the proposed events' data and custom metadata in one
   * append; default none): a larger append is refused as the server refuses it, INVALID_ARGUMENT
   * with the `exception: maximum-append-size-exceeded` and `maximum-append-size` trailers.
   */
  readonly maxAppendSize?: number;
}

/** Starts a double, with the server's own system events already written. */
export const startEventStoreDouble = async (options: EventStoreDoubleOptions = {}): Promise<EventStoreDouble> => {
  const { onProposed, maxAppendSize } = options;
  const log = new DoubleLog();
  log.writeSystemEvents();
  let fault: DoubleFault | null = null;
  let server: Server | null = null;
  const calls = { appends: 0, reads: 0 };
  const subscribers = new Set<object>();

  const append = (call: ServerReadableStream<streamsPb.AppendReq, streamsPb.AppendResp>, callback: sendUnaryData<streamsPb.AppendResp>): void => {
    calls.appends += 1;
    let options: streamsPb.AppendReq.Options | undefined;
    const proposed: ProposedEvent[] = [];
    let failed = false;
    let size = 0;
    const fail = (error: ReturnType<typeof rpcError>): void => {
      if (failed) return;
      failed = true;
      callback(error);
    };
    call.on('data', (request: streamsPb.AppendReq) => {
      if (options === undefined) {
        if (!request.hasOptions()) return fail(rpcError(status.INVALID_ARGUMENT, 'The first message of an append must be its options'));
        options = request.getOptions();
        return;
      }
      const message = request.getProposedMessage();
      if (message === undefined) return fail(rpcError(status.INVALID_ARGUMENT, 'Expected a proposed message'));
      const metadata = message.getMetadataMap();
      const type = metadata.get('type');
      const contentType = metadata.get('content-type');
      if (type === undefined) return fail(rpcError(status.INVALID_ARGUMENT, "Required Metadata Property 'type' is missing", 'missing-required-metadata-property'));
      if (contentType === undefined) return fail(rpcError(status.INVALID_ARGUMENT, "Required Metadata Property 'content-type' is missing", 'missing-required-metadata-property'));
      const id = message.getId()?.getString() ?? '';
      if (!UUID_TEXT.test(id)) return fail(rpcError(status.INVALID_ARGUMENT, `Invalid event id '${id}'`));
      const event: ProposedEvent = { id: id.toLowerCase(), type, contentType, data: message.getData_asU8(), customMetadata: message.getCustomMetadata_asU8() };
      proposed.push(event);
      onProposed?.(streamNameOf(options.getStreamIdentifier()), event);
      size += event.data.length + event.customMetadata.length;
      if (maxAppendSize !== undefined && size > maxAppendSize) {
        const tooLarge = rpcError(status.INVALID_ARGUMENT, `Maximum Append Size of ${maxAppendSize} Exceeded.`, 'maximum-append-size-exceeded');
        tooLarge.metadata.set('maximum-append-size', String(maxAppendSize));
        return fail(tooLarge);
      }
    });
    call.on('error', () => fail(rpcError(status.CANCELLED, 'The append was cancelled')));
    call.on('end', () => {
      if (failed || fault === 'silent') return;
      if (fault !== null) return fail(faultError(fault));
      const expected = options === undefined ? undefined : expectedOf(options);
      if (options === undefined || expected === undefined) return fail(rpcError(status.INVALID_ARGUMENT, 'An append needs options with an expected revision'));
      const streamName = streamNameOf(options.getStreamIdentifier());
      const outcome = log.append(streamName, expected, proposed);
      const response = new pb.AppendResp();
      if (outcome.kind === 'success') {
        const position = new pb.AppendResp.Position().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString());
        const success = new pb.AppendResp.Success().setPosition(position);
        if (outcome.revision < 0n) success.setNoStream(new shared.Empty());
        else success.setCurrentRevision(outcome.revision.toString());
        response.setSuccess(success);
      } else {
        const wrong = new pb.AppendResp.WrongExpectedVersion();
        if (expected.kind === 'any') wrong.setExpectedAny(new shared.Empty());
        else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new shared.Empty());
        else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new shared.Empty());
        else wrong.setExpectedRevision(expected.revision.toString());
        if (outcome.current === 'no_stream') wrong.setCurrentNoStream(new shared.Empty());
        else wrong.setCurrentRevision(outcome.current.toString());
        response.setWrongExpectedVersion(wrong);
      }
      callback(null, response);
    });
  };

  const readStream = async (call: ServerWritableStream<streamsPb.ReadReq, streamsPb.ReadResp>, options: streamsPb.ReadReq.Options): Promise<void> => {
    const streamOptions = options.getStream()!;
    const streamName = streamNameOf(streamOptions.getStreamIdentifier());
    const events = log.stream(streamName);
    if (events === undefined) {
      await send(call, new pb.ReadResp().setStreamNotFound(new pb.ReadResp.StreamNotFound().setStreamIdentifier(identifierOf(streamName))));
      call.end();
      return;
    }
    const count = options.hasCount() ? BigInt(options.getCount()) : BigInt(Number.MAX_SAFE_INTEGER);
    const backwards = options.getReadDirection() === pb.ReadReq.Options.ReadDirection.BACKWARDS;
    const last = BigInt(events.length - 1);
    const from = streamOptions.hasRevision() ? BigInt(streamOptions.getRevision()) : streamOptions.hasEnd() ? (backwards ? last : last + 1n) : 0n;
    let sent = 0n;
    if (backwards) {
      for (let revision = from > last ? last : from; revision >= 0n && sent < count; revision--, sent++) {
        if (!(await send(call, readEventOf(events[Number(revision)]!, false)))) return;
      }
    } else {
      for (let revision = from; revision <= last && sent < count; revision++, sent++) {
        if (!(await send(call, readEventOf(events[Number(revision)]!, false)))) return;
      }
    }
    call.end();
  };

  const allFrom = (allOptions: streamsPb.ReadReq.Options.AllOptions): bigint | 'end' =>
    allOptions.hasPosition() ? BigInt(allOptions.getPosition()!.getCommitPosition()) : allOptions.hasEnd() ? 'end' : -1n;

  const readAll = async (call: ServerWritableStream<streamsPb.ReadReq, streamsPb.ReadResp>, options: streamsPb.ReadReq.Options): Promise<void> => {
    const from = allFrom(options.getAll()!);
    const count = options.hasCount() ? BigInt(options.getCount()) : BigInt(Number.MAX_SAFE_INTEGER);
    const allowed = filterOf(options);
    const backwards = options.getReadDirection() === pb.ReadReq.Options.ReadDirection.BACKWARDS;
    let sent = 0n;
    // Forwards is inclusive: AllReader keeps events with TFPos(commit, prepare) >= the position.
    // Backwards is exclusive: it keeps events whose record ends at or before the position.
    const start = backwards ? (from === 'end' ? log.all.length : log.indexAtOrAfter(from)) - 1 : from === 'end' ? log.all.length : log.indexAtOrAfter(from);
    for (let i = start; i >= 0 && i < log.all.length && sent < count; i += backwards ? -1 : 1) {
      const event = log.all[i]!;
      if (!allowed(event)) continue;
      sent += 1n;
      if (!(await send(call, readEventOf(event, true)))) return;
    }
    call.end();
  };

  const subscribeToAll = async (call: ServerWritableStream<streamsPb.ReadReq, streamsPb.ReadResp>, options: streamsPb.ReadReq.Options): Promise<void> => {
    const from = allFrom(options.getAll()!);
    const allowed = filterOf(options);
    // Events written while catching up queue here and go out after `caught_up`, in order.
    const live: LogEvent[] = [];
    let wake: (() => void) | null = null;
    const unlisten = log.listen((events) => {
      live.push(...events);
      wake?.();
    });
    call.on('close', () => {
      unlisten();
      wake?.();
    });
    try {
      if (!(await send(call, new pb.ReadResp().setConfirmation(new pb.ReadResp.SubscriptionConfirmation().setSubscriptionId(crypto.randomUUID()))))) return;
      subscribers.add(call);
      let checkpoint = from === 'end' ? (log.all.at(-1)?.position ?? -1n) : from;
      const caughtUpAt = log.all.length;
      live.length = 0;
      // Exclusive: the subscription enumerator skips events at or before its checkpoint.
      for (let i = log.indexAtOrAfter(checkpoint + 1n); i < caughtUpAt; i++) {
        const event = log.all[i]!;
        checkpoint = event.position;
        if (allowed(event) && !(await send(call, readEventOf(event, true)))) return;
      }
      if (!(await send(call, new pb.ReadResp().setCaughtUp(new pb.ReadResp.CaughtUp())))) return;
      for (;;) {
        const event = live.shift();
        if (event === undefined) {
          if (call.cancelled || call.destroyed) return;
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          continue;
        }
        if (event.position <= checkpoint) continue;
        checkpoint = event.position;
        if (allowed(event) && !(await send(call, readEventOf(event, true)))) return;
      }
    } finally {
      subscribers.delete(call);
      unlisten();
    }
  };

  const read = (call: ServerWritableStream<streamsPb.ReadReq, streamsPb.ReadResp>): void => {
    calls.reads += 1;
    if (fault === 'silent') return;
    if (fault !== null) {
      call.emit('error', faultError(fault));
      return;
    }
    const options = call.request.getOptions();
    const work = options === undefined ? null : options.hasStream() ? (options.hasSubscription() ? null : readStream) : options.hasSubscription() ? subscribeToAll : readAll;
    if (options === undefined || work === null) {
      call.emit('error', rpcError(status.UNIMPLEMENTED, 'The protocol double does not implement this read'));
      return;
    }
    void work(call, options).catch((error: unknown) => call.emit('error', rpcError(status.INTERNAL, String(error))));
  };

  const implementation: UntypedServiceImplementation = { append, read };

  let port = options.port ?? 0;
  const listen = async (): Promise<void> => {
    const next = new Server();
    next.addService(StreamsService, implementation);
    port = await new Promise<number>((resolve, reject) => next.bindAsync(`localhost:${port}`, ServerCredentials.createInsecure(), (error, bound) => (error === null ? resolve(bound) : reject(error))));
    server = next;
  };
  await listen();

  return {
    get connectionString() {
      return `esdb://localhost:${port}?tls=false`;
    },
    get port() {
      return port;
    },
    log,
    calls,
    get subscribers() {
      return subscribers.size;
    },
    setFault: (next) => {
      fault = next;
    },
    stop: async () => {
      server?.forceShutdown();
      server = null;
      subscribers.clear();
    },
    restart: listen,
  };
};
