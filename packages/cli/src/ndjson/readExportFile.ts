import { createReadStream } from 'node:fs';
import { createDirectory, decodeErrorsMessage } from '@casefold/core';
import { caseIdOfStream, eventHash } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import { BadInputError } from '../cli/cliErrors.js';
import { CHANGED_CONTENT, type ChainHead, linkProblem } from './chainLink.js';
import { EXPORT_FORMAT, EXPORT_VERSION, type HeaderLine } from './exportFormat.js';
import { type ParsedEvent, parseEventLine } from './parseEventLine.js';
import { readLines } from './readLines.js';
import { storeEventCodec } from '../store/storeEventCodec.js';

/** Where one stream's events begin and end in an export file (its chain was checked in between). */
export interface StreamSpan {
  readonly first: { readonly revision: bigint; readonly prevHash: string; readonly line: number };
  last: { revision: bigint; hash: string; line: number };
}

/**
 * An export file checked on its own (before the store is looked at). Only a summary is kept,
 * one entry per stream, so a file of any length is checked in bounded memory; its events are
 * read again from the file by {@link exportEvents}.
 */
export interface ExportSummary {
  /** The file to read the events from again. */
  readonly path: string;
  /** The file as messages name it. */
  readonly label: string;
  readonly header: HeaderLine;
  readonly events: number;
  /** Each stream's span, in order of first appearance. */
  readonly streams: ReadonlyMap<string, StreamSpan>;
}

/**
 * What to do about a broken chain in a file. An export holds the events as the database
 * stores them (`casefold export` warns, and exits with 1, when they do not check), so
 * exporting again cannot mend it: the database has to be looked at.
 */
const BROKEN_CHAIN_HINT =
  'Nothing was imported. If the file came unchanged from `casefold export`, the source database itself was changed: run `casefold verify` on the database it was exported from, and export again from a verified backup';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why a line is not JSON, without the snippet of the line V8 quotes (it may hold personal data). */
const jsonProblem = (error: unknown): string => (error instanceof Error ? error.message : String(error)).replace(/, ".*" is not valid JSON$/s, '');

/**
 * Reads an NDJSON export (a file; `label` names it in errors) line by line and checks
 * everything that does not depend on the target store: JSON syntax, the header (with its
 * jurisdiction directory) and trailer, each event line's fields, every event's hash against
 * its content, each stream's chain (revisions 0, 1, 2… linked by prevHash), and for case
 * streams that the event fits its schema. A byte-order mark and blank lines are accepted.
 *
 * @throws BadInputError naming the line and the reason, for the first problem found.
 */
export const checkExportFile = async (path: string, label: string): Promise<ExportSummary> => {
  const fail = (line: number, reason: string, hint: string | null = null): never => {
    throw new BadInputError(reason, { source: label, line }, hint ?? 'Nothing was imported; fix or re-export the file');
  };
  const codec = storeEventCodec;
  let header: HeaderLine | null = null;
  let end: { readonly events: number; readonly streams: number; readonly line: number } | null = null;
  let events = 0;
  let lastLine = 0;
  const streams = new Map<string, StreamSpan>();
  try {
    for await (const { number, text } of readLines(createReadStream(path), label)) {
      lastLine = number;
      if (end !== null) fail(number, 'there is more after the end line');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        fail(number, `not valid JSON (${jsonProblem(error)})`);
      }
      if (!isObject(value)) fail(number, 'expected a JSON object');
      const line = value as Record<string, unknown>;
      if (header === null) {
        if (line['kind'] !== 'header' || line['format'] !== EXPORT_FORMAT)
          fail(number, `the first line must be the header {"kind":"header","format":"${EXPORT_FORMAT}",…}`, 'Is this a casefold export (`casefold export`)?');
        if (line['version'] !== EXPORT_VERSION)
          fail(number, `format version ${JSON.stringify(line['version'])} is not supported; this casefold reads version ${EXPORT_VERSION}`, 'Use the casefold version that wrote the file');
        const directory = (line['directory'] ?? null) as HeaderLine['directory'];
        const built = directory === null ? null : createDirectory(directory);
        if (built !== null && E.isLeft(built))
          fail(number, `the header's jurisdiction directory is invalid: ${decodeErrorsMessage(built.left)}`, 'Nothing was imported; fix the directory in the header, or export again');
        header = { kind: 'header', format: EXPORT_FORMAT, version: EXPORT_VERSION, directory };
        continue;
      }
      if (line['kind'] === 'end') {
        if (typeof line['events'] !== 'number' || typeof line['streams'] !== 'number') fail(number, 'the end line needs "events" and "streams" counts');
        end = { events: line['events'] as number, streams: line['streams'] as number, line: number };
        continue;
      }
      if (line['kind'] !== 'event') fail(number, `unknown line kind ${JSON.stringify(line['kind'])}; expected "event" or "end"`);
      const parsed = parseEventLine(line, number);
      if (typeof parsed === 'string') return fail(number, parsed);
      const where = `stream '${parsed.streamId}' revision ${parsed.revision}`;
      const span = streams.get(parsed.streamId);
      const head: ChainHead | undefined = span === undefined ? undefined : { revision: span.last.revision, hash: span.last.hash };
      const broken = eventHash(parsed.prevHash, parsed) === parsed.hash ? linkProblem(head, parsed, true) : CHANGED_CONTENT;
      if (broken !== null) fail(number, `${where}: ${broken}`, BROKEN_CHAIN_HINT);
      if (caseIdOfStream(parsed.streamId) !== null) {
        const decoded = codec.decode({ ...parsed, position: 0n });
        if (E.isLeft(decoded)) fail(number, `${where}: not a valid ${parsed.type} event (${decoded.left.path === '' ? '' : `field ${decoded.left.path}: `}${decoded.left.reason})`);
      }
      const last = { revision: parsed.revision, hash: parsed.hash, line: number };
      if (span === undefined) streams.set(parsed.streamId, { first: { revision: parsed.revision, prevHash: parsed.prevHash, line: number }, last });
      else span.last = last;
      events += 1;
    }
  } catch (error) {
    if (error instanceof BadInputError) throw error;
    throw new BadInputError(`cannot read the file (${error instanceof Error ? error.message : String(error)})`, { source: label }, 'Check the path and permissions; nothing was imported');
  }
  if (header === null) return fail(1, 'the file is empty');
  if (end === null) return fail(lastLine + 1, 'the end line {"kind":"end",…} is missing: the file is cut off', 'Export again; nothing was imported');
  if (end.events !== events || end.streams !== streams.size) {
    return fail(end.line, `the end line counts ${end.events} events in ${end.streams} streams but the file has ${events} in ${streams.size}`);
  }
  return { path, label, header, events, streams };
};

/**
 * The event lines of an export file that {@link checkExportFile} has checked, read again line
 * by line, in file order.
 */
export async function* exportEvents(file: ExportSummary): AsyncGenerator<ParsedEvent> {
  for await (const { number, text } of readLines(createReadStream(file.path), file.label)) {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (value['kind'] !== 'event') continue;
    const parsed = parseEventLine(value, number);
    if (typeof parsed === 'string') throw new BadInputError(`${parsed} (the file changed while it was imported)`, { source: file.label, line: number }, 'Import it again once nothing writes to it');
    yield parsed;
  }
}
