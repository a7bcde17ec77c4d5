import { type AnyCaseEvent, type CaseEvent, type Workflow, caseEventCodecs, workflowCodecs } from '@casefold/core';
import type * as t from 'io-ts';
import type { EventCodec } from '../serialization/eventCodec.js';
import { ioTsEventCodec } from '../serialization/ioTsEventCodec.js';
import type { UpcasterRegistry } from '../serialization/upcasterRegistry.js';

/** Options of {@link caseEventCodec}. */
export interface CaseEventCodecOptions {
  /** The workflows whose own events the store holds besides the shared lifecycle's. */
  readonly workflows?: readonly Workflow[];
  /** Upcasters, once an event type's schema version moves on. */
  readonly upcasters?: UpcasterRegistry;
}

/**
 * The store codec of case events: core's io-ts codecs of the shared lifecycle and of the
 * events the given workflows define, `meta` stored as the event's domain metadata. Without
 * workflows it reads the shared lifecycle's events only (every event of the mediation
 * workflow), and an event a workflow defined is an `EventDecodeError`.
 */
export function caseEventCodec(options?: { readonly upcasters?: UpcasterRegistry }): EventCodec<CaseEvent>;
export function caseEventCodec(options: CaseEventCodecOptions): EventCodec<AnyCaseEvent>;
export function caseEventCodec(options: CaseEventCodecOptions = {}): EventCodec<AnyCaseEvent> | EventCodec<CaseEvent> {
  const events: Record<string, t.Mixed> = { ...caseEventCodecs };
  for (const workflow of options.workflows ?? []) Object.assign(events, workflowCodecs(workflow).events);
  return ioTsEventCodec(options.upcasters === undefined ? { events } : { events, upcasters: options.upcasters }) as EventCodec<AnyCaseEvent>;
}
