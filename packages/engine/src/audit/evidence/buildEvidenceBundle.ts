import { randomBytes } from 'node:crypto';
import { type Calendar, type Workflow, workflowLabel } from '@casefold/core';
import * as E from 'fp-ts/lib/Either.js';
import { chinaCalendar } from '../../calendars/chinaCalendar.js';
import { caseIdOfStream } from '../../cases/caseDecider.js';
import type { EventStore, StoredEvent } from '../../eventStore/eventStore.js';
import { forEachEvent } from '../../eventStore/forEachEvent.js';
import { canonicalJson } from '../../hashing/canonicalJson.js';
import { verifyStream } from '../verify.js';
import type { Checkpoint } from '../checkpoints/checkpoint.js';
import { sha256, type HashProvider } from '../checkpoints/providers.js';
import { merkleRoot, type StreamLeaf } from '../checkpoints/storeHeads.js';
import { EVIDENCE_BUNDLE_FORMAT, EVIDENCE_BUNDLE_VERSION, type EvidenceBundle, type EvidenceCase, type EvidenceEvent, type PersonalDataOpening, type RedactedEvidenceEvent } from './evidenceBundle.js';
import { evidenceSummary } from './evidenceSummary.js';
import { inclusionProof } from './inclusionProof.js';
import { type RecordedTimesResult, recordedTimes } from './recordedTimes.js';
import { redactPersonalData } from './redactPersonalData.js';
import { workflowData } from './workflowData.js';

/** Options of {@link buildEvidenceBundle}. */
export interface BuildEvidenceBundleOptions {
  /** The signed checkpoint the cases are proven against (read with `parseCheckpoint`). */
  readonly checkpoint: Checkpoint;
  /** Its leaves (read with `parseLeaves`): they must produce its root. */
  readonly leaves: readonly StreamLeaf[];
  /** The streams to put in the bundle (`caseStreamId(caseId)` for a case), in this order; repeats are ignored. */
  readonly streamIds: readonly string[];
  /** What identifies the store in the bundle (a label, a file name). */
  readonly storeId: string;
  /** The workflow definitions the bundle may carry: each event's `workflow` metadata is looked up by id and version. */
  readonly workflows: readonly Workflow[];
  /** Withhold every event holding personal data (a `pii` field), leaving its hash and a view with commitments. */
  readonly redact?: boolean;
  /** Defaults to {@link sha256}; must be the hash the checkpoint names. */
  readonly hash?: HashProvider;
  /** The calendar of the deadlines' due times (which ones were met only by an event recorded late); defaults to `chinaCalendar()`. */
  readonly calendar?: Calendar;
  /** Defaults to the current time. */
  readonly now?: Date;
  /** The salt of each commitment; defaults to 16 random bytes in hex. */
  readonly salt?: () => string;
}

/** What {@link buildEvidenceBundle} made: the bundle, and the openings of its commitments (personal data: keep them apart). */
export interface EvidenceBundleResult {
  readonly bundle: EvidenceBundle;
  readonly openings: readonly PersonalDataOpening[];
}

/**
 * Why no bundle was made: the checkpoint does not fit the leaves or the hash given
 * (`leavesDiffer`, `algorithmUnsupported`), a stream was not committed to
 * (`streamNotCommitted`: no such case, or created after the checkpoint), or the store no
 * longer holds what the checkpoint committed to for a stream, or its chain is broken
 * (`streamDiffers`). Evidence is only ever made from a stream that verifies.
 */
export interface EvidenceRefusal {
  readonly kind: 'leavesDiffer' | 'algorithmUnsupported' | 'streamNotCommitted' | 'streamDiffers';
  readonly streamId: string | null;
  readonly message: string;
}

/** `Right` with the bundle, or `Left` with why none could be made. */
export type BuildEvidenceBundleResult = E.Either<EvidenceRefusal, EvidenceBundleResult>;

const refusal = (kind: EvidenceRefusal['kind'], streamId: string | null, message: string): BuildEvidenceBundleResult => E.left({ kind, streamId, message });

/** A stream's events as stored (stores without stored reads: their canonical texts, which the hash covers). */
const storedStream = async (store: EventStore, streamId: string): Promise<StoredEvent[]> => {
  const events: StoredEvent[] = [];
  if (store.readStoredStream !== undefined) {
    await forEachEvent(store.readStoredStream(streamId), (event) => events.push(event) > 0);
    return events;
  }
  await forEachEvent(store.readStream(streamId), ({ data, metadata, ...event }) => events.push({ ...event, dataJson: canonicalJson(data), metadataJson: canonicalJson(metadata) }) > 0);
  return events;
};

const workflowOf = (metadata: unknown): string | null => {
  const workflow = (metadata as { workflow?: { id?: unknown; version?: unknown } } | null)?.workflow;
  return typeof workflow?.id === 'string' && typeof workflow.version === 'number' ? `${workflow.id}@${workflow.version}` : null;
};

const holdsPersonalData = (value: unknown): boolean => typeof value === 'object' && value !== null && Object.entries(value).some(([key, inner]) => key === 'pii' || holdsPersonalData(inner));

/**
 * Makes a portable evidence bundle of some streams (docs/evidence-bundle.md): for each, it
 * verifies the stream's chain up to the head the checkpoint committed to (which must still be
 * in the store, at its revision, with its hash), and takes the events up to that head as
 * stored, the head's Merkle audit path to the checkpoint's root, and lists the events after
 * it as not covered. With `redact`, events holding personal data are withheld (see
 * {@link RedactedEvidenceEvent}); the openings of their commitments come back apart. Reads
 * each stream twice; never writes. Never throws for tampered data: a stream that does not
 * verify is a `Left`.
 *
 * @example
 * const made = await buildEvidenceBundle(store, { checkpoint, leaves, streamIds: [caseStreamId('PL-2025-00001')], storeId: 'cases.db', workflows: shippedWorkflows });
 * if (E.isRight(made)) writeFileSync('case.evidence.json', evidenceBundleText(made.right.bundle));
 */
export const buildEvidenceBundle = async (store: EventStore, options: BuildEvidenceBundleOptions): Promise<BuildEvidenceBundleResult> => {
  const { checkpoint, leaves } = options;
  const hash = options.hash ?? sha256;
  if (checkpoint.algorithms.hash !== hash.name)
    return refusal('algorithmUnsupported', null, `The checkpoint's tree uses ${checkpoint.algorithms.hash}, not ${hash.name}: pass the hash provider it names.`);
  if (merkleRoot(leaves, hash) !== checkpoint.root || leaves.length !== checkpoint.streams)
    return refusal('leavesDiffer', null, "The leaves given do not produce the checkpoint's root: give the leaves file written with the checkpoint.");
  const salt = options.salt ?? ((): string => randomBytes(16).toString('hex'));
  const known = new Map(options.workflows.map((workflow) => [workflowLabel(workflow), workflow]));
  const cases: EvidenceCase[] = [];
  const openings: PersonalDataOpening[] = [];
  const workflows: Record<string, unknown> = {};
  const times: RecordedTimesResult[] = [];
  const calendar = options.calendar ?? chinaCalendar();
  for (const streamId of new Set(options.streamIds)) {
    const leafIndex = leaves.findIndex((leaf) => leaf.streamId === streamId);
    if (leafIndex === -1) {
      return refusal(
        'streamNotCommitted',
        streamId,
        `The checkpoint (position ${checkpoint.position}) does not commit to stream '${streamId}': there is no such case, or it was created after the checkpoint; take a newer checkpoint.`,
      );
    }
    const leaf = leaves[leafIndex]!;
    const verified = await verifyStream(store, streamId, { anchor: { revision: leaf.revision, hash: leaf.hash } });
    if (E.isLeft(verified))
      return refusal('streamDiffers', streamId, `Stream '${streamId}' does not hold what the checkpoint committed to (revision ${leaf.revision}, hash ${leaf.hash}): ${verified.left.message}.`);
    const stored = await storedStream(store, streamId);
    const covered = stored.filter((e) => e.revision <= leaf.revision);
    const caseId = caseIdOfStream(streamId);
    const caseTimes = caseId === null ? E.left(`stream ${streamId} is not a case's`) : recordedTimes(caseId, covered, options.workflows, calendar);
    times.push(caseTimes);
    const events: (EvidenceEvent | RedactedEvidenceEvent)[] = [];
    const labels = new Set<string>();
    for (const event of covered) {
      const data: unknown = JSON.parse(event.dataJson);
      const metadata: unknown = JSON.parse(event.metadataJson);
      const label = workflowOf(metadata);
      if (label !== null) labels.add(label);
      const common = { revision: event.revision.toString(), position: event.position.toString() };
      if (options.redact === true && (holdsPersonalData(data) || holdsPersonalData(metadata))) {
        const redactedData = redactPersonalData(data, salt, hash, 'data');
        const redactedMetadata = redactPersonalData(metadata, salt, hash, 'metadata');
        for (const r of [...redactedData.redacted, ...redactedMetadata.redacted]) openings.push({ streamId, revision: common.revision, ...r });
        events.push({ ...common, prevHash: event.prevHash, hash: event.hash, redacted: { eventId: event.eventId, type: event.type, data: redactedData.value, metadata: redactedMetadata.value } });
      } else events.push({ ...common, eventId: event.eventId, type: event.type, data: event.dataJson, metadata: event.metadataJson, prevHash: event.prevHash, hash: event.hash });
    }
    const notCovered = stored
      .filter((e) => e.revision > leaf.revision)
      .map((e) => ({ revision: e.revision.toString(), position: e.position.toString(), eventId: e.eventId, type: e.type, hash: e.hash }));
    for (const label of labels) {
      const workflow = known.get(label);
      workflows[label] = workflow === undefined ? null : workflowData(workflow);
    }
    const proof = inclusionProof(leaves, leafIndex, hash)!;
    cases.push({
      caseId,
      streamId,
      committed: { revision: leaf.revision.toString(), hash: leaf.hash },
      proof,
      events,
      notCovered,
      workflows: [...labels].sort(),
      onTimeRecordedLate: E.isRight(caseTimes) ? caseTimes.right.onTimeRecordedLate : null,
    });
  }
  const withheld = cases.reduce((n, c) => n + c.events.filter((e) => 'redacted' in e).length, 0);
  const bundle: EvidenceBundle = {
    format: EVIDENCE_BUNDLE_FORMAT,
    version: EVIDENCE_BUNDLE_VERSION,
    createdAt: (options.now ?? new Date()).toISOString(),
    store: options.storeId,
    checkpoint,
    redaction: options.redact === true ? { scheme: 'withheld-with-commitments', commitment: hash.name, events: withheld } : null,
    cases,
    workflows,
    summary: evidenceSummary(checkpoint, cases, times),
  };
  return E.right({ bundle, openings });
};

/** A bundle as its file holds it: JSON, indented for people to read, and a newline (what is hashed inside it is recomputed canonically by the verifier). */
export const evidenceBundleText = (bundle: EvidenceBundle): string => `${JSON.stringify(bundle, null, 2)}\n`;
