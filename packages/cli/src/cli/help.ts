import type { CliCommand, OptionSpec } from './command.js';
import { GLOBAL_OPTIONS } from './globalOptions.js';

const optionLine = (option: OptionSpec): string => {
  const flag = `${option.short === undefined ? '    ' : `-${option.short}, `}--${option.name}${option.placeholder === undefined ? '' : ` ${option.placeholder}`}`;
  return `  ${flag.padEnd(28)} ${option.description}${option.multiple === true ? ' (may be repeated)' : ''}`;
};

/** The exit codes as help text (the same list as docs/cli.md). */
export const EXIT_CODE_HELP: readonly string[] = [
  'Exit codes:',
  '  0  ok',
  '  1  a check failed (verify, replay --verify or export found a broken hash chain)',
  '  2  usage error (unknown command or option, bad argument, an --out file that cannot be written)',
  '  3  bad input data (malformed NDJSON, unknown case id, an import that would break a chain)',
  '  4  store error (database missing, locked, full, unreachable, too new, not a casefold database, damaged, unreadable event); no event written',
  '  5  internal error (a bug: please report it)',
  '  6  stopped part-way (demo, import): the message says how many events were written and how to finish',
];

/** `casefold <command> --help`. */
export const commandHelp = (command: CliCommand): string[] => [
  `Usage: casefold ${command.usage}`,
  '',
  command.summary,
  '',
  ...command.description.split('\n').map((line) => (line === '' ? '' : `  ${line}`)),
  '',
  ...(command.options.length > 0 ? ['Options:', ...command.options.map(optionLine), ''] : []),
  'Common options:',
  ...GLOBAL_OPTIONS.map(optionLine),
  '',
  ...EXIT_CODE_HELP,
];

/** `casefold --help`. */
export const mainHelp = (commands: readonly CliCommand[]): string[] => [
  'Usage: casefold <command> [options]',
  '',
  'casefold — event-sourced case lifecycles for grassroots dispute mediation (SQLite file by default).',
  '',
  'Commands:',
  ...commands.map((c) => `  ${c.name.padEnd(12)} ${c.summary}`),
  '',
  "Run `casefold <command> --help` for a command's options. Quick start: `casefold demo`.",
  '',
  'Common options:',
  ...GLOBAL_OPTIONS.map(optionLine),
  '',
  ...EXIT_CODE_HELP,
];
