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
}

/** An {@link Output} over two sinks. */
export const createOutput = (options: CreateOutputOptions): Output => {
  const { stdout, stderr, json } = options;
  return {
    json,
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
