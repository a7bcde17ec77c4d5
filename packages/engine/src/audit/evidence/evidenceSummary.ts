import type { Checkpoint } from '../checkpoints/checkpoint.js';
import type { EvidenceCase } from './evidenceBundle.js';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : '?');

/** What one event's metadata says, as one line of a timeline (never personal data: data is not shown). */
const timelineLine = (revision: string, type: string, metadata: unknown, redacted: boolean): string => {
  const meta = isRecord(metadata) ? metadata : {};
  const actor = isRecord(meta['actor']) ? meta['actor'] : {};
  const workflow = isRecord(meta['workflow']) ? `${text(meta['workflow']['id'])}@${String(meta['workflow']['version'])}` : 'no workflow recorded';
  const stage = typeof meta['stage'] === 'string' ? ` → ${meta['stage']}${typeof meta['status'] === 'string' ? ` (${meta['status']})` : ''}` : '';
  return `  #${revision.padStart(3)}  ${text(meta['occurredAt'])}  ${type} by ${text(actor['role'])} ${text(actor['id'])}${stage}  [${workflow}]${redacted ? '  (content withheld: personal data)' : ''}`;
};

/** The bundle's readable summary: the checkpoint, then per case what the proof covers and its timeline, one line per event. */
export const evidenceSummary = (checkpoint: Checkpoint, cases: readonly EvidenceCase[]): string[] => [
  `Evidence from store ${checkpoint.store}, proven against the checkpoint taken ${checkpoint.takenAt} (position ${checkpoint.position}, ${checkpoint.streams} streams, root ${checkpoint.root}, signed by key ${checkpoint.publicKey}).`,
  ...cases.flatMap((c) => [
    `Case ${c.caseId ?? '(none)'} (stream ${c.streamId}): revisions 0..${c.committed.revision} covered by the checkpoint${
      c.notCovered.length === 0
        ? ''
        : `; ${c.notCovered.length} later event${c.notCovered.length === 1 ? '' : 's'} (revisions ${c.notCovered[0]!.revision}..${c.notCovered[c.notCovered.length - 1]!.revision}) recorded after it, not covered`
    }.`,
    ...c.events.map((e) => ('redacted' in e ? timelineLine(e.revision, e.redacted.type, e.redacted.metadata, true) : timelineLine(e.revision, e.type, JSON.parse(e.metadata), false))),
    ...c.notCovered.map((e) => `  #${e.revision.padStart(3)}  ${e.type}  (not covered by the checkpoint)`),
  ]),
];
