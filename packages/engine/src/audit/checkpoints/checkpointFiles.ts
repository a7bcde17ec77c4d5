import * as E from 'fp-ts/lib/Either.js';
import { jsonAmbiguity } from '../jsonAmbiguity.js';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, type Checkpoint } from './checkpoint.js';
import { compareLeaves, leafJson, type StreamLeaf } from './storeHeads.js';

const DECIMAL = /^(0|[1-9][0-9]*)$/;
const HEX = /^([0-9a-f]{2})*$/;

/** The JSON text of `text` as one value, or why it is not (unparseable, or read differently by other readers). */
const parseJson = (text: string): E.Either<string, unknown> => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return E.left(`it is not JSON (${(error as Error).message})`);
  }
  const ambiguity = jsonAmbiguity(text);
  return ambiguity === null ? E.right(value) : E.left(`other readers would read it differently: ${ambiguity}`);
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const CHECKPOINT_KEYS = ['algorithms', 'events', 'format', 'position', 'previous', 'publicKey', 'root', 'signature', 'store', 'streams', 'takenAt', 'version'];

/** What is wrong with a parsed checkpoint document's fields, or `null`. */
const checkpointProblem = (value: unknown): string | null => {
  if (!isRecord(value)) return 'it is not a JSON object';
  if (value['format'] !== CHECKPOINT_FORMAT) return `its format is ${JSON.stringify(value['format'])}, not "${CHECKPOINT_FORMAT}"`;
  if (value['version'] !== CHECKPOINT_VERSION) return `its version is ${JSON.stringify(value['version'])}; this release reads version ${CHECKPOINT_VERSION}`;
  const extra = Object.keys(value).filter((key) => !CHECKPOINT_KEYS.includes(key));
  if (extra.length > 0) return `it has fields the format does not define: ${extra.join(', ')}`;
  const { algorithms } = value;
  const checks: [boolean, string][] = [
    [typeof value['store'] === 'string', 'store is not a string'],
    [typeof value['position'] === 'string' && DECIMAL.test(value['position']), 'position is not a decimal string'],
    [Number.isSafeInteger(value['streams']) && (value['streams'] as number) >= 0, 'streams is not a count'],
    [Number.isSafeInteger(value['events']) && (value['events'] as number) >= 0, 'events is not a count'],
    [typeof value['root'] === 'string' && value['root'].length > 0 && HEX.test(value['root']), 'root is not lowercase hex'],
    [isRecord(algorithms) && Object.keys(algorithms).length === 2 && typeof algorithms['hash'] === 'string' && typeof algorithms['signature'] === 'string', 'algorithms is not { hash, signature }'],
    [typeof value['takenAt'] === 'string', 'takenAt is not a string'],
    [value['previous'] === null || (typeof value['previous'] === 'string' && HEX.test(value['previous'])), 'previous is neither null nor lowercase hex'],
    [typeof value['publicKey'] === 'string', 'publicKey is not a string'],
    [typeof value['signature'] === 'string' && HEX.test(value['signature']), 'signature is not lowercase hex'],
  ];
  return checks.find(([ok]) => !ok)?.[1] ?? null;
};

/**
 * Reads a checkpoint file's text (see docs/checkpoint-format.md). `Left` with what is wrong
 * when it is not a checkpoint of this format and version, or is JSON that other readers
 * would read differently (a duplicated key). Whether it is authentic is
 * {@link verifyCheckpoint}'s question.
 */
export const parseCheckpoint = (text: string): E.Either<string, Checkpoint> => {
  const parsed = parseJson(text);
  if (E.isLeft(parsed)) return parsed;
  const problem = checkpointProblem(parsed.right);
  return problem === null ? E.right(parsed.right as Checkpoint) : E.left(`The file is not a casefold checkpoint: ${problem}.`);
};

/** A checkpoint's leaves as its leaves file holds them: one {@link leafJson} per line, sorted by stream id, each line ending in a newline. */
export const leavesText = (leaves: readonly StreamLeaf[]): string => leaves.map((leaf) => `${leafJson(leaf)}\n`).join('');

/**
 * Reads a leaves file's text. `Left` naming the line when a line is not a leaf in its
 * canonical form, or the leaves are not sorted by stream id without repeats. Whether they
 * are the checkpoint's is {@link verifyCheckpoint}'s question (their Merkle root).
 */
export const parseLeaves = (text: string): E.Either<string, StreamLeaf[]> => {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const leaves: StreamLeaf[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const parsed = parseJson(line);
    const value = E.isRight(parsed) ? parsed.right : null;
    const leaf =
      isRecord(value) && typeof value['streamId'] === 'string' && typeof value['revision'] === 'string' && DECIMAL.test(value['revision']) && typeof value['hash'] === 'string'
        ? { streamId: value['streamId'], revision: BigInt(value['revision']), hash: value['hash'] }
        : null;
    if (leaf === null || leafJson(leaf) !== line) return E.left(`The leaves file's line ${i + 1} is not a leaf in canonical form ({"hash":…,"revision":"…","streamId":…}).`);
    if (leaves.length > 0 && compareLeaves(leaves[leaves.length - 1]!, leaf) >= 0)
      return E.left(`The leaves file's line ${i + 1} (stream ${JSON.stringify(leaf.streamId)}) is out of order or repeated: leaves are sorted by stream id.`);
    leaves.push(leaf);
  }
  return E.right(leaves);
};
