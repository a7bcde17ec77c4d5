import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { type EventStore, caseEventCodec, caseIdOfStream, eventHash } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import { BadInputError } from '../cli/cliErrors.js';
import { CHANGED_CONTENT, type ChainHead, linkProblem } from './chainLink.js';
import { EXPORT_FORMAT, EXPORT_VERSION, type HeaderLine } from './exportFormat.js';
import { type ParsedEvent, parseEventLine } from './parseEventLine.js';

/** A whole export file, read and checked on its own (before the store is looked at). */
export interface ExportFile {
  readonly header: HeaderLine;
  /** Every event, in file order; each stream's events form an unbroken hash chain. */
  readonly events: readonly ParsedEvent[];
  readonly streams: number;
}

/**
 * What to do about a broken chain in a file. An export holds the events as the database
 * stores them (`casefold export` warns, and exits with 1, when they do not check), so
 * exporting again cannot mend it: the database has to be looked at.
 */
const BROKEN_CHAIN_HINT =
  'Nothing was imported. If the file came unchanged from `casefold export`, the source database itself was changed: run `casefold verify` on the database it was exported from, and export again from a verified backup';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads an NDJSON export (a file, or stdin for `-`; `label` names it in errors) and checks everything that does not
 * depend on the target store: JSON syntax, the header and trailer, each event line's
 * fields, every event's hash against its content, each stream's chain (revisions
 * 0, 1, 2… linked by prevHash), and for case streams that the event fits its schema.
 *
 * @throws BadInputError naming the line and the reason, for the first problem found.
 */
export const readExportFile = async (path: string, label: string = path === '-' ? 'stdin' : path, input: Readable = path === '-' ? process.stdin : createReadStream(path)): Promise<ExportFile> => {
  const where = label;
  const fail = (line: number, reason: string, hint: string | null = null): never => {
    throw new BadInputError(reason, { source: where, line }, hint ?? 'Nothing was imported; fix or re-export the file');
  };
  const codec = caseEventCodec();
  let header: HeaderLine | null = null;
  let end: { readonly events: number; readonly streams: number; readonly line: number } | null = null;
  const events: ParsedEvent[] = [];
  const heads = new Map<string, ChainHead>();
  let lineNumber = 0;
  try {
    for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
      lineNumber += 1;
      if (end !== null) fail(lineNumber, 'there is more after the end line');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        fail(lineNumber, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      }
      if (!isObject(value)) fail(lineNumber, 'expected a JSON object');
      const line = value as Record<string, unknown>;
      if (lineNumber === 1) {
        if (line['kind'] !== 'header' || line['format'] !== EXPORT_FORMAT) fail(1, `the first line must be the header {"kind":"header","format":"${EXPORT_FORMAT}",…}`, 'Is this a casefold export (`casefold export`)?');
        if (line['version'] !== EXPORT_VERSION) fail(1, `format version ${JSON.stringify(line['version'])} is not supported; this casefold reads version ${EXPORT_VERSION}`, 'Use the casefold version that wrote the file');
        header = { kind: 'header', format: EXPORT_FORMAT, version: EXPORT_VERSION, directory: (line['directory'] ?? null) as HeaderLine['directory'] };
        continue;
      }
      if (line['kind'] === 'end') {
        if (typeof line['events'] !== 'number' || typeof line['streams'] !== 'number') fail(lineNumber, 'the end line needs "events" and "streams" counts');
        end = { events: line['events'] as number, streams: line['streams'] as number, line: lineNumber };
        continue;
      }
      if (line['kind'] !== 'event') fail(lineNumber, `unknown line kind ${JSON.stringify(line['kind'])}; expected "event" or "end"`);
      const parsed = parseEventLine(line, lineNumber);
      if (typeof parsed === 'string') return fail(lineNumber, parsed);
      const where = `stream '${parsed.streamId}' revision ${parsed.revision}`;
      const broken = eventHash(parsed.prevHash, parsed) === parsed.hash ? linkProblem(heads.get(parsed.streamId), parsed, true) : CHANGED_CONTENT;
      if (broken !== null) fail(lineNumber, `${where}: ${broken}`, BROKEN_CHAIN_HINT);
      if (caseIdOfStream(parsed.streamId) !== null) {
        const decoded = codec.decode({ ...parsed, position: 0n });
        if (E.isLeft(decoded)) fail(lineNumber, `${where}: not a valid ${parsed.type} event (${decoded.left.path === '' ? '' : `field ${decoded.left.path}: `}${decoded.left.reason})`);
      }
      heads.set(parsed.streamId, { revision: parsed.revision, hash: parsed.hash });
      events.push(parsed);
    }
  } catch (error) {
    if (error instanceof BadInputError) throw error;
    throw new BadInputError(`cannot read the file (${error instanceof Error ? error.message : String(error)})`, { source: where }, 'Check the path and permissions');
  }
  if (header === null) return fail(1, 'the file is empty');
  if (end === null) return fail(lineNumber + 1, 'the end line {"kind":"end",…} is missing: the file is cut off', 'Export again; nothing was imported');
  if (end.events !== events.length || end.streams !== heads.size) {
    return fail(end.line, `the end line counts ${end.events} events in ${end.streams} streams but the file has ${events.length} in ${heads.size}`);
  }
  return { header, events, streams: heads.size };
};

/** The events of an export file that the store does not have yet, after checking they continue its chains. */
export interface ImportPlan {
  readonly toAppend: readonly ParsedEvent[];
  /** Events already in the store (an earlier import of the same file). */
  readonly alreadyStored: number;
}

/**
 * Checks an export file against the target store: each stream either is new (the file
 * starts it at revision 0) or the store's events are the same as the file's (same hashes)
 * up to the store's last revision, and the file continues from there.
 *
 * @throws BadInputError when importing would break a chain of the store.
 */
export const planImport = async (file: ExportFile, store: EventStore, source: string): Promise<ImportPlan> => {
  const firstOf = new Map<string, ParsedEvent>();
  const byStream = new Map<string, ParsedEvent[]>();
  for (const event of file.events) {
    if (!firstOf.has(event.streamId)) firstOf.set(event.streamId, event);
    const list = byStream.get(event.streamId);
    if (list === undefined) byStream.set(event.streamId, [event]);
    else list.push(event);
  }
  const skip = new Set<ParsedEvent>();
  for (const [streamId, first] of firstOf) {
    const fail = (line: number, reason: string): never => {
      throw new BadInputError(`stream '${streamId}': ${reason}`, { source, line }, 'Importing would break the database\'s hash chain, so nothing was imported');
    };
    let storedHead: bigint | null = null;
    for await (const event of store.readStream(streamId, { direction: 'backwards', maxCount: 1 })) storedHead = event.revision;
    if (storedHead === null) {
      if (first.revision !== 0n) fail(first.line, `the file continues it from revision ${first.revision}, but the database has no such stream`);
      continue;
    }
    if (first.revision > storedHead + 1n) fail(first.line, `the file continues it from revision ${first.revision}, but the database ends at revision ${storedHead}`);
    const stored = new Map<bigint, string>();
    for await (const event of store.readStream(streamId, { fromRevision: first.revision === 0n ? 0n : first.revision - 1n })) stored.set(event.revision, event.hash);
    for (const event of byStream.get(streamId) ?? []) {
      if (event.revision > storedHead) {
        if (event.revision === storedHead + 1n && event.prevHash !== stored.get(storedHead)) fail(event.line, `revision ${event.revision} does not link to the database's revision ${storedHead}`);
        break;
      }
      if (stored.get(event.revision) !== event.hash) fail(event.line, `revision ${event.revision} in the file differs from the one in the database`);
      skip.add(event);
    }
  }
  return { toAppend: file.events.filter((event) => !skip.has(event)), alreadyStored: skip.size };
};
