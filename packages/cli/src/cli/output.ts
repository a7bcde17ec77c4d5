import type { Language } from '@casefold/dashboard';
import type { CliMessages } from '../i18n/cliMessages.js';
import { cliMessagesOf } from '../i18n/localizedText.js';

/** A text sink: process.stdout / process.stderr, or a test double. */
export interface TextSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Where a command writes: results to stdout (text or one JSON document), progress and notes to stderr. */
export interface Output {
  /** `--json`: print one JSON document on stdout instead of text. */
  readonly json: boolean;
  /** The language of the text, notes and messages (`--lang`); the JSON document has none. */
  readonly language: Language;
  /** The catalogue of {@link language}. */
  readonly messages: CliMessages;
  /** Progress bars are drawn only when stderr is a terminal. */
  readonly interactive: boolean;
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  /** Prints lines of text (ignored in `--json` mode). */
  readonly text: (...lines: readonly string[]) => void;
  /** Prints a note to stderr (ignored in `--json` mode). */
  readonly note: (line: string) => void;
  /** Prints the JSON document (bigints as decimal strings); only in `--json` mode. */
  readonly result: (value: unknown) => void;
}

/** JSON with bigints written as decimal strings. */
export const toJson = (value: unknown): string => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);

/** Options of {@link createOutput}. */
export interface CreateOutputOptions {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly json: boolean;
  /** By default English. */
  readonly language?: Language;
}

/** An {@link Output} over two sinks. */
export const createOutput = (options: CreateOutputOptions): Output => {
  const { stdout, stderr, json } = options;
  const language = options.language ?? 'en';
  return {
    json,
    language,
    messages: cliMessagesOf(language),
    interactive: stderr.isTTY === true,
    stdout,
    stderr,
    text: (...lines) => {
      if (!json) stdout.write(lines.map((line) => `${line}\n`).join(''));
    },
    note: (line) => {
      if (!json) stderr.write(`${line}\n`);
    },
    result: (value) => {
      if (json) stdout.write(`${toJson(value)}\n`);
    },
  };
};
