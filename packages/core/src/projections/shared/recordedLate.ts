import type { AnyCaseEvent } from '../../events/caseEvent.js';
import { instantMillis } from '../../values/values.js';
import type { Envelope } from '../projection.js';

/**
 * How long after a fact's `occurredAt` it may be recorded (the envelope's `recordedAt`, the
 * command handler's clock) before the read models call it **recorded late**: one hour. Fixed,
 * so that a replay marks exactly the same events.
 */
export const RECORDED_LATE_AFTER_MS = 60 * 60_000;

/**
 * When an event was recorded, if that was more than {@link RECORDED_LATE_AFTER_MS} after the
 * fact it records happened; `null` for an event recorded on time (or whose times do not parse).
 */
export const recordedLateAt = (envelope: Envelope<AnyCaseEvent>): string | null =>
  instantMillis(envelope.recordedAt) - instantMillis(envelope.event.meta.occurredAt) > RECORDED_LATE_AFTER_MS ? envelope.recordedAt : null;
