import type { Output } from './output.js';

/** One option of a command, as `--name VALUE` (string) or `--name` (flag). */
export interface OptionSpec {
  readonly name: string;
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** Shown in help as the value's name, e.g. `FILE`. */
  readonly placeholder?: string;
  readonly description: string;
  /** A string option that may be given several times (`--case A --case B`): its values are in {@link CommandContext.lists}. */
  readonly multiple?: boolean;
}

/** What a command receives: its parsed options and positionals, and where to write. */
export interface CommandContext {
  /** String options by name (absent when not given). */
  readonly strings: Readonly<Record<string, string | undefined>>;
  /** Every value of each `multiple` option, in the order given (empty when not given). */
  readonly lists: Readonly<Record<string, readonly string[]>>;
  /** Flags by name (`false` when not given). */
  readonly flags: Readonly<Record<string, boolean>>;
  readonly positionals: readonly string[];
  readonly output: Output;
  /** The directory relative paths are resolved against. */
  readonly cwd: string;
}

/** A `casefold` command: its help text, options and behaviour. Returns the exit code. */
export interface CliCommand {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The usage line after `casefold`, e.g. `timeline <caseId> [options]`. */
  readonly usage: string;
  /** A paragraph or two for `--help`. */
  readonly description: string;
  readonly options: readonly OptionSpec[];
  /** Names of positional arguments, in order (`?` suffix: optional). */
  readonly positionals: readonly string[];
  readonly run: (context: CommandContext) => Promise<number>;
}
