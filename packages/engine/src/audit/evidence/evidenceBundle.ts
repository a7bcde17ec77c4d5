import type { Checkpoint } from '../checkpoints/checkpoint.js';
import type { InclusionProof } from './inclusionProof.js';

/** The `format` of every evidence bundle. */
export const EVIDENCE_BUNDLE_FORMAT = 'casefold-evidence-bundle';
/** The `version` of the bundle format this library writes (see docs/evidence-bundle.md). */
export const EVIDENCE_BUNDLE_VERSION = 1;

/**
 * An event as the store holds it: `data` and `metadata` are the stored JSON texts, so that
 * its `hash` recomputes from them (SHA-256 over `prevHash` and the RFC 8785 canonical JSON
 * of `{ streamId, revision, eventId, type, data, metadata }`).
 */
export interface EvidenceEvent {
  readonly revision: string;
  /** The store position (not hashed: for reference only). */
  readonly position: string;
  readonly eventId: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * An event whose content is withheld because it holds personal data (`--redact`): only its
 * `hash` is evidence (its place in the chain is proven by the events after it). `view` is
 * the exporter's account of its content with each `pii` object replaced by
 * `{ "commitment": hex(SHA-256(salt ‖ canonical JSON of the pii)) }`: not proven by the
 * bundle, binding on the exporter once the full event is disclosed.
 */
export interface RedactedEvidenceEvent {
  readonly revision: string;
  readonly position: string;
  readonly prevHash: string;
  readonly hash: string;
  readonly redacted: {
    readonly eventId: string;
    readonly type: string;
    readonly data: unknown;
    readonly metadata: unknown;
  };
}

/** An event of the case after the checkpoint's commitment: listed, not covered by the proof. */
export interface UncoveredEvent {
  readonly revision: string;
  readonly position: string;
  readonly eventId: string;
  readonly type: string;
  readonly hash: string;
}

/**
 * A deadline met on time only by the date of an event recorded after its due time ("met on
 * time, recorded late", as the timeline says): the event at `revision` stopped the clock of
 * `rule`, dated `stoppedAt` (its `occurredAt`, not after `dueAt`) and recorded `recordedAt`
 * (its `recordedAt`, after `dueAt`). `dueAt` is the exporter's computation on its calendar.
 */
export interface OnTimeRecordedLate {
  readonly rule: string;
  readonly label: string;
  readonly startedAt: string;
  readonly dueAt: string;
  readonly revision: string;
  readonly stoppedAt: string;
  readonly recordedAt: string;
}

/** One case of a bundle: its stream's events up to the committed head, and the head's proof. */
export interface EvidenceCase {
  /** The case id (`null` for a stream that is not a case's). */
  readonly caseId: string | null;
  readonly streamId: string;
  /** The stream's head the checkpoint committed to: its leaf is `{ hash, revision, streamId }`. */
  readonly committed: { readonly revision: string; readonly hash: string };
  /** The leaf's audit path to the checkpoint's root. */
  readonly proof: InclusionProof;
  /** Revisions 0 … `committed.revision`, in order. */
  readonly events: readonly (EvidenceEvent | RedactedEvidenceEvent)[];
  /** Events recorded after the checkpoint committed to the stream: not proven by this bundle. */
  readonly notCovered: readonly UncoveredEvent[];
  /** The `id@version` of each workflow that decided an event of the case (keys of the bundle's `workflows`). */
  readonly workflows: readonly string[];
  /**
   * The deadlines of the covered events met on time only by an event recorded late, in the
   * order they were stopped; `null` when the exporter could not judge them (an event its
   * workflows cannot read, a stream that is not a case's).
   */
  readonly onTimeRecordedLate: readonly OnTimeRecordedLate[] | null;
}

/** How a bundle's personal data was withheld (`null`: not redacted). */
export interface EvidenceRedaction {
  readonly scheme: 'withheld-with-commitments';
  /** The commitment's hash: `sha256`. */
  readonly commitment: string;
  /** Events withheld in the whole bundle. */
  readonly events: number;
}

/**
 * A portable evidence bundle (docs/evidence-bundle.md): some cases' events as stored, each
 * case's head proven against a signed checkpoint by a Merkle audit path, the checkpoint, the
 * workflow definitions that decided the events (as data) and a readable summary. Checkable
 * offline by `verify-evidence.mjs`, with the signer's public key.
 */
export interface EvidenceBundle {
  readonly format: typeof EVIDENCE_BUNDLE_FORMAT;
  readonly version: typeof EVIDENCE_BUNDLE_VERSION;
  /** When the bundle was made (ISO-8601 UTC, the exporter's clock). */
  readonly createdAt: string;
  /** The store it was exported from, as the exporter named it. */
  readonly store: string;
  /** The signed checkpoint, exactly as its file holds it. */
  readonly checkpoint: Checkpoint;
  readonly redaction: EvidenceRedaction | null;
  readonly cases: readonly EvidenceCase[];
  /** Workflow definitions by `id@version` (io-ts codecs rendered as their names); `null` for one this casefold does not know. */
  readonly workflows: Readonly<Record<string, unknown>>;
  /** The human-readable summary: the cases' timelines, one line each (not evidence). */
  readonly summary: readonly string[];
}

/** One opening of a commitment (kept by the exporter, never in the bundle): reveals one `pii` object to whoever should see it. */
export interface PersonalDataOpening {
  readonly streamId: string;
  readonly revision: string;
  /** Where the `pii` object was, e.g. `data.parties.0.pii`. */
  readonly path: string;
  readonly salt: string;
  readonly pii: unknown;
  readonly commitment: string;
}
