import { Buffer } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { createDirectory, decodeErrorsMessage } from '@casefold/core';
import {
  type Checkpoint,
  type CheckpointDifference,
  type HashProvider,
  type SignatureProvider,
  type StreamLeaf,
  caseIdOfStream,
  checkpointDifferences,
  collectStoreHeads,
  compareLeaves,
  eventHash,
  jsonAmbiguity,
  merkleRoot,
  parseCheckpoint,
  sha256,
} from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import { BadInputError } from '../cli/cliErrors.js';
import type { CliMessages } from '../i18n/cliMessages.js';
import { localized } from '../i18n/localizedText.js';
import { type ChainHead, linkProblem } from './chainLink.js';
import { holdsWithheldPersonalData } from './withheldPersonalData.js';
import { EXPORT_FORMAT, EXPORT_VERSION, READABLE_EXPORT_VERSIONS, type HeaderLine } from './exportFormat.js';
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
  /** What vouches for the file beyond its chains: nothing (version 1), its own root, or also a checkpoint (checked with a key, or not). */
  readonly commitment: 'none' | 'root' | 'checkpoint' | 'signedCheckpoint';
}

/** Options of {@link checkExportFile}. */
export interface CheckExportFileOptions {
  /** The public key the file's checkpoint must be signed with (PEM); the file must then carry a checkpoint. */
  readonly publicKey?: string;
  /** The hash and signature of the algorithms a checkpoint names (default SHA-256 and Ed25519). */
  readonly providersOf?: (checkpoint: Checkpoint) => Promise<{ readonly hash: HashProvider; readonly signature: SignatureProvider }>;
}

/**
 * A message of the file checks, from the catalogues. A broken chain's hint sends the user to the
 * source database: an export holds the events as the database stores them (`casefold export`
 * warns, and exits with 1, when they do not check), so exporting again cannot mend it.
 */
type Text = (m: CliMessages['importFile']) => string;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why a line is not JSON, without the snippet of the line V8 quotes (it may hold personal data). */
const jsonProblem = (error: unknown): string => (error instanceof Error ? error.message : String(error)).replace(/, ".*" is not valid JSON$/s, '');

/**
 * Reads an NDJSON export (a file; `label` names it in errors) line by line and checks
 * everything that does not depend on the target store: JSON syntax (and JSON that other
 * readers read differently, see `jsonAmbiguity`), the header (with its
 * jurisdiction directory) and trailer, each event line's fields, every event's hash against
 * its content, each stream's chain (revisions 0, 1, 2… linked by prevHash), and for case
 * streams that the event fits its schema. A byte-order mark and blank lines are accepted.
 *
 * @throws BadInputError naming the line and the reason, for the first problem found.
 */
export const checkExportFile = async (path: string, label: string, options: CheckExportFileOptions): Promise<ExportSummary> => {
  const fail = (line: number, reason: Text, hint: Text = (m) => m.nothingImported): never => {
    throw new BadInputError(
      localized((m) => reason(m.importFile)),
      { source: label, line },
      localized((m) => hint(m.importFile)),
    );
  };
  const codec = storeEventCodec;
  let header: HeaderLine | null = null;
  let end: { readonly events: number; readonly streams: number; readonly root: string | null; readonly line: number } | null = null;
  let checkpoint: Checkpoint | null = null;
  const committedLeaves: StreamLeaf[] = [];
  let atCheckpoint: ReturnType<typeof collectStoreHeads> | null = null;
  let events = 0;
  let lastLine = 0;
  const streams = new Map<string, StreamSpan>();
  try {
    for await (const { number, text } of readLines(createReadStream(path), label)) {
      lastLine = number;
      if (end !== null) fail(number, (m) => m.moreAfterEnd);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        fail(number, (m) => m.notJson(jsonProblem(error)));
      }
      if (!isObject(value)) fail(number, (m) => m.notObject);
      const line = value as Record<string, unknown>;
      // What JSON.parse read is what the hashes cover; a line other readers read otherwise (a key twice) is refused.
      const ambiguity = jsonAmbiguity(text);
      if (ambiguity !== null) {
        const { streamId, revision } = line;
        fail(
          number,
          (m) => (typeof streamId === 'string' && typeof revision === 'string' ? m.at(streamId, revision, ambiguity) : ambiguity),
          (m) => m.tamperedHint,
        );
      }
      if (header === null) {
        if (line['kind'] !== 'header' || line['format'] !== EXPORT_FORMAT)
          fail(
            number,
            (m) => m.notHeader(EXPORT_FORMAT),
            (m) => m.isThisAnExport,
          );
        const version = line['version'];
        if (typeof version !== 'number' || !READABLE_EXPORT_VERSIONS.includes(version))
          fail(
            number,
            (m) => m.unsupportedVersion(JSON.stringify(version), READABLE_EXPORT_VERSIONS),
            (m) => m.useWriterVersion,
          );
        if (line['checkpoint'] !== undefined) {
          const parsed = version === EXPORT_VERSION ? parseCheckpoint(JSON.stringify(line['checkpoint'])) : E.left(null);
          if (E.isLeft(parsed)) {
            const problem = parsed.left;
            return fail(number, (m) => m.badCheckpoint(problem ?? m.noCheckpointInVersion1));
          }
          checkpoint = parsed.right;
          atCheckpoint = collectStoreHeads(BigInt(checkpoint.position));
        }
        const directory = (line['directory'] ?? null) as HeaderLine['directory'];
        const built = directory === null ? null : createDirectory(directory);
        if (built !== null && E.isLeft(built))
          fail(
            number,
            (m) => m.badDirectory(decodeErrorsMessage(built.left)),
            (m) => m.fixDirectory,
          );
        header = { kind: 'header', format: EXPORT_FORMAT, version: version as number, directory, ...(checkpoint === null ? {} : { checkpoint }) };
        continue;
      }
      if (line['kind'] === 'leaf') {
        const { streamId, revision, hash } = line;
        if (checkpoint === null || events > 0) fail(number, (m) => m.leafPlacement);
        if (typeof streamId !== 'string' || typeof revision !== 'string' || !/^(0|[1-9][0-9]*)$/.test(revision) || typeof hash !== 'string') fail(number, (m) => m.leafFields);
        committedLeaves.push({ streamId: streamId as string, revision: BigInt(revision as string), hash: hash as string });
        continue;
      }
      if (line['kind'] === 'end') {
        if (typeof line['events'] !== 'number' || typeof line['streams'] !== 'number') fail(number, (m) => m.endCounts);
        if (header.version === EXPORT_VERSION && typeof line['root'] !== 'string') fail(number, (m) => m.endRoot(EXPORT_VERSION));
        end = { events: line['events'] as number, streams: line['streams'] as number, root: header.version === EXPORT_VERSION ? (line['root'] as string) : null, line: number };
        continue;
      }
      if (line['kind'] !== 'event') fail(number, (m) => m.unknownKind(JSON.stringify(line['kind'])));
      const parsed = parseEventLine(line, number, Buffer.byteLength(text));
      if (typeof parsed === 'string') return fail(number, () => parsed);
      const at =
        (problem: Text): Text =>
        (m) =>
          m.at(parsed.streamId, String(parsed.revision), problem(m));
      const span = streams.get(parsed.streamId);
      const head: ChainHead | undefined = span === undefined ? undefined : { revision: span.last.revision, hash: span.last.hash };
      const matchesHash = eventHash(parsed.prevHash, parsed) === parsed.hash;
      if (!matchesHash && holdsWithheldPersonalData(parsed.data))
        fail(
          number,
          at((m) => m.withheldContent),
          (m) => m.withheldHint,
        );
      if (!matchesHash)
        fail(
          number,
          at((m) => m.changedContent),
          (m) => m.brokenChainHint,
        );
      const broken = linkProblem(head, parsed, true);
      if (broken !== null)
        fail(
          number,
          at((m) => linkProblem(head, parsed, true, m) ?? broken),
          (m) => m.brokenChainHint,
        );
      if (caseIdOfStream(parsed.streamId) !== null) {
        const decoded = codec.decode({ ...parsed, position: 0n });
        if (E.isLeft(decoded)) {
          const { path, reason } = decoded.left;
          fail(
            number,
            at((m) => m.invalidEvent(parsed.type, path === '' ? null : path, reason)),
          );
        }
      }
      atCheckpoint?.add(parsed);
      const last = { revision: parsed.revision, hash: parsed.hash, line: number };
      if (span === undefined) streams.set(parsed.streamId, { first: { revision: parsed.revision, prevHash: parsed.prevHash, line: number }, last });
      else span.last = last;
      events += 1;
    }
  } catch (error) {
    if (error instanceof BadInputError) throw error;
    const why = error instanceof Error ? error.message : String(error);
    throw new BadInputError(
      localized((m) => m.importFile.cannotRead(why)),
      { source: label },
      localized((m) => m.importFile.checkPath),
    );
  }
  if (header === null) return fail(1, (m) => m.empty);
  if (end === null)
    return fail(
      lastLine + 1,
      (m) => m.cutOff,
      (m) => m.exportAgain,
    );
  if (options.publicKey !== undefined && checkpoint === null)
    fail(
      1,
      (m) => m.noCheckpointForKey,
      (m) => m.exportWithCheckpoint,
    );
  // Everything that differs from what the file, and its checkpoint, committed to: all of it, then refused.
  const problems: Text[] = [];
  const { events: endEvents, streams: endStreams, root: endRoot } = end;
  if (endEvents !== events || endStreams !== streams.size) problems.push((m) => m.countsDiffer(endEvents, endStreams, events, streams.size));
  if (endRoot !== null) {
    const heads = [...streams].map(([streamId, { last }]) => ({ streamId, revision: last.revision, hash: last.hash })).sort(compareLeaves);
    const root = merkleRoot(heads, sha256);
    if (root !== endRoot) problems.push((m) => m.rootDiffers(streams.size, root, endRoot));
  }
  if (checkpoint !== null && atCheckpoint !== null) {
    const differences = checkpointDifferences(checkpoint, atCheckpoint.heads(), {
      ...(options.providersOf === undefined ? {} : await options.providersOf(checkpoint)),
      ...(committedLeaves.length === 0 ? {} : { leaves: committedLeaves }),
      ...(options.publicKey === undefined ? {} : { publicKey: options.publicKey }),
    });
    problems.push(
      ...differences.map(
        (d): Text =>
          (m) =>
            m.differsFromCheckpoint(d, 'streamId' in d ? caseIdOfStream(d.streamId) : null),
      ),
    );
  }
  if (problems.length > 0)
    return fail(
      end.line,
      (m) => m.problems(problems.map((problem) => problem(m))),
      (m) => m.tamperedHint,
    );
  const commitment = checkpoint !== null ? (options.publicKey === undefined ? 'checkpoint' : 'signedCheckpoint') : end.root === null ? 'none' : 'root';
  return { path, label, header, events, streams, commitment };
};

/**
 * The event lines of an export file that {@link checkExportFile} has checked, read again line
 * by line, in file order.
 */
export async function* exportEvents(file: ExportSummary): AsyncGenerator<ParsedEvent> {
  for await (const { number, text } of readLines(createReadStream(file.path), file.label)) {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (value['kind'] !== 'event') continue;
    const parsed = parseEventLine(value, number, Buffer.byteLength(text));
    if (typeof parsed === 'string')
      throw new BadInputError(
        localized((m) => m.importFile.changedWhileImported(parsed)),
        { source: file.label, line: number },
        localized((m) => m.importFile.importAgain),
      );
    yield parsed;
  }
}
