import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EventMetadata, GENESIS_HASH, type Json, eventHash } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from '../src/commands/allCommands.js';
import { runCli } from '../src/cli/runCli.js';
import { demoDatabase, tempDir } from './support/demoDatabase.js';
import { runCasefold } from './support/runCasefold.js';

/** A name, phone or id number: long enough that it cannot turn up in a message by chance. */
const personal = fc.string({ unit: 'grapheme', minLength: 6, maxLength: 20 }).filter((s) => s.trim().length >= 6);

const party = (name: string, phone: string) => ({ subjectId: 'p-1', side: 'applicant', pii: { name, phone, idNumber: null } });

/** Submitted data of another shape, failing above (or at) the pii path. */
const malformedParties: readonly ((name: string, phone: string) => Json)[] = [
  (name, phone) => party(name, phone), // an object where a list belongs
  (name, phone) => [[party(name, phone)]],
  (name, phone) => [{ ...party(name, phone), side: 'witness' }],
  (name, phone) => [{ applicant: party(name, phone) }],
  (name, phone) => [{ subjectId: 'p-1', side: 'applicant', pii: [name, phone] }],
  (name, phone) => [{ subjectId: 'p-1', side: 'applicant', pii: { name: { full: name }, phone, idNumber: null } }],
];

interface SubmittedLine {
  readonly streamId: string;
  readonly eventId: string;
  readonly type: string;
  readonly data: Record<string, Json>;
  readonly metadata: EventMetadata;
}

/** Runs `casefold` in this process; returns everything it printed. */
const printed = async (args: readonly string[], cwd: string): Promise<{ readonly code: number; readonly text: string }> => {
  let text = '';
  const sink = { write: (chunk: string) => (text += chunk) };
  const code = await runCli(ALL_COMMANDS, args, { stdout: sink, stderr: sink, cwd });
  return { code, text };
};

describe('no personal data in the errors about a malformed case event', () => {
  let submitted: SubmittedLine;
  beforeAll(async () => {
    const dir = tempDir();
    const run = await runCasefold(['export', '--out', 'demo.ndjson', '--db', demoDatabase()], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const line = readFileSync(join(dir, 'demo.ndjson'), 'utf8')
      .split('\n')
      .find((text) => text.includes('"type":"Submitted"'))!;
    submitted = JSON.parse(line) as SubmittedLine;
  });

  /** The demo's first Submitted event with other parties, in a case of its own. */
  const eventWith = (parties: Json) => ({
    streamId: 'case-PII-1',
    revision: 0n,
    eventId: 'pii-event-1',
    type: 'Submitted',
    data: { ...submitted.data, caseId: 'PII-1', parties },
    metadata: submitted.metadata,
  });

  it('stored (timeline, replay, dashboards) or in an import file: exit 4 or 3 naming the field, never the name or phone', async () => {
    await fc.assert(
      fc.asyncProperty(personal, personal, fc.integer({ min: 0, max: malformedParties.length - 1 }), async (name, phone, shape) => {
        const dir = tempDir();
        const event = eventWith(malformedParties[shape]!(name, phone));
        const store = getSqliteEventStore({ fileName: join(dir, 'stored.db') });
        await store.appendToStream(event.streamId, [{ eventId: event.eventId, type: event.type, data: event.data, metadata: event.metadata }], { expectedRevision: 'no_stream' });
        await store.close();
        const hash = eventHash(GENESIS_HASH, event);
        writeFileSync(
          join(dir, 'file.ndjson'),
          [
            JSON.stringify({ kind: 'header', format: 'casefold-events', version: 1, directory: null }),
            JSON.stringify({ kind: 'event', ...event, revision: '0', position: '1', prevHash: GENESIS_HASH, hash }),
            JSON.stringify({ kind: 'end', events: 1, streams: 1 }),
          ].join('\n'),
        );
        const runs = [
          [await printed(['timeline', 'PII-1', '--db', 'stored.db'], dir), 4],
          [await printed(['replay', '--db', 'stored.db'], dir), 4],
          [await printed(['dashboards', '--db', 'stored.db', '--json'], dir), 4],
          [await printed(['import', 'file.ndjson', '--db', 'new.db'], dir), 3],
        ] as const;
        for (const [run, code] of runs) {
          expect(run.code, run.text).toBe(code);
          expect(run.text).toMatch(/parties/);
          for (const secret of [name, phone]) {
            expect(run.text).not.toContain(secret);
            expect(run.text).not.toContain(JSON.stringify(secret).slice(1, -1));
          }
        }
      }),
      { numRuns: 25 },
    );
  }, 300_000);

  it('as a real process: timeline of a stored Submitted whose parties is an object shows the field, not the person', async () => {
    const dir = tempDir();
    const event = eventWith(party('王秀英', '13987654321'));
    const store = getSqliteEventStore({ fileName: join(dir, 'stored.db') });
    await store.appendToStream(event.streamId, [{ eventId: event.eventId, type: event.type, data: event.data, metadata: event.metadata }], { expectedRevision: 'no_stream' });
    await store.close();
    const run = await runCasefold(['timeline', 'PII-1', '--db', 'stored.db'], { cwd: dir });
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain("Cannot decode event 'Submitted' at stream 'case-PII-1' revision 0, field 'data.parties'");
    expect(run.stderr).toContain('(personal data)');
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/王秀英|13987654321/);
  }, 60_000);
});
