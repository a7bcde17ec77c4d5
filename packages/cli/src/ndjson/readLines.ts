import type { Readable } from 'node:stream';
import { BadInputError } from '../cli/cliErrors.js';
import { localized } from '../i18n/localizedText.js';

/**
 * The longest line an export may hold, in bytes: one event with its data. A line longer
 * than this (or a stream with no line end at all, such as `/dev/zero`) is refused rather
 * than gathered into one string without end.
 */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;

/** One line of a file, without its line end. */
export interface TextLine {
  /** 1-based line number in the file (blank lines count). */
  readonly number: number;
  readonly text: string;
}

const NEWLINE = 0x0a;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The non-blank lines of a UTF-8 input, read chunk by chunk in bounded memory: at most one
 * line and one chunk are held at a time. A byte-order mark before the first line, `\r\n`
 * line ends and blank lines (only spaces, tabs or `\r`) are accepted and skipped.
 *
 * @throws BadInputError naming the source and line for a line longer than {@link MAX_LINE_BYTES}
 *   or one that is not valid UTF-8.
 */
export async function* readLines(input: Readable, source: string, maxLineBytes: number = MAX_LINE_BYTES): AsyncGenerator<TextLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let number = 0;
  const tooLong = (): never => {
    throw new BadInputError(
      localized((m) => m.importFile.tooLong(number + 1, maxLineBytes / (1024 * 1024))),
      { source, line: number + 1 },
      localized((m) => m.importFile.tooLongHint),
    );
  };
  const decode = (bytes: Buffer): TextLine | null => {
    number += 1;
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      throw new BadInputError(
        localized((m) => m.importFile.notUtf8),
        { source, line: number },
        localized((m) => m.importFile.utf8Hint),
      );
    }
    if (number === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    return /^[ \t\r]*$/.test(text) ? null : { number, text };
  };
  for await (const chunk of input as AsyncIterable<Buffer>) {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      if (pendingBytes + end - start > maxLineBytes) tooLong();
      const piece = chunk.subarray(start, end);
      const line = decode(pending.length === 0 ? piece : Buffer.concat([...pending, piece]));
      pending = [];
      pendingBytes = 0;
      start = end + 1;
      if (line !== null) yield line;
    }
    if (start < chunk.length) {
      pendingBytes += chunk.length - start;
      if (pendingBytes > maxLineBytes) tooLong();
      pending.push(chunk.subarray(start));
    }
  }
  if (pendingBytes > 0) {
    const line = decode(Buffer.concat(pending));
    if (line !== null) yield line;
  }
}
