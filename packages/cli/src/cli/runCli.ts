import { parseArgs } from 'node:util';
import { isReportInputError } from '@casefold/core';
import { isEventDecodeError, isProjectionApplyError, isProjectionConflictError, isProjectionRecordCorruptError, isStoreClosedError, isStoreUnavailableError } from '@casefold/engine';
import { isDatabaseCorruptError, isDatabaseReadOnlyError, isDatabaseReplacedError } from '@casefold/sqlite';
import { type Language, isLanguage } from '@casefold/dashboard';
import { type LanguageEnvironment, languageOfArguments } from '../i18n/languageOfArguments.js';
import type { CliMessages } from '../i18n/cliMessages.js';
import { cliMessagesOf, localized } from '../i18n/localizedText.js';
import { UsageError, isBadInputError, isOutputFileError, isStoreAccessError, isUsageError, isWriteInterruptedError, messageIn } from './cliErrors.js';
import type { CliCommand } from './command.js';
import { EXIT, exitCodeOf, isDamagedRowTableError, isRowStoreStateError } from './exitCodes.js';
import { GLOBAL_OPTIONS } from './globalOptions.js';
import { commandHelp, mainHelp } from './help.js';
import { type TextSink, createOutput, toJson } from './output.js';
import { unavailableFailure } from './storeFailure.js';
import { shownValue, withoutTypedCredentials } from './typedValue.js';

/** Where `casefold` runs: its streams and working directory. */
export interface CliEnvironment {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly cwd: string;
  /** The environment variables the language is read from when `--lang` is not given (`LC_ALL`, `LC_MESSAGES`, `LANG`); none: English. */
  readonly variables?: LanguageEnvironment;
}

const parse = (command: CliCommand, args: readonly string[]) => {
  const specs = [...command.options, ...GLOBAL_OPTIONS];
  try {
    return parseArgs({
      args: [...args],
      options: Object.fromEntries(specs.map((o) => [o.name, { type: o.type, multiple: o.multiple === true, ...(o.short === undefined ? {} : { short: o.short }) }])),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const nodeMessage = error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '') : String(error);
    throw new UsageError(
      localized((m) => m.errors.badOption(nodeMessage)),
      command.name,
    );
  }
};

/** The message printed for a failure, in the catalogue's language: what went wrong and what to do. */
const describeFailure = (error: unknown, messages: CliMessages): string => {
  if (isStoreUnavailableError(error)) {
    // Commands that write events report a failure after their first write as WriteInterruptedError.
    const { reason, hint } = unavailableFailure(error, messages);
    return messages.errors.storeUnavailable(reason, hint);
  }
  if (isProjectionConflictError(error)) return messages.errors.projectionConflict(error.projection);
  if (isReportInputError(error)) return messages.errors.reportInput(error);
  if (isEventDecodeError(error)) return messages.errors.undecodableEvent(error.message);
  // The row store's advice (its delete) is not a step a CLI user can take; replay is.
  const damagedTable = isProjectionApplyError(error) && isDamagedRowTableError(error.cause) ? error.cause : error;
  if (isDamagedRowTableError(damagedTable)) return messages.errors.rowTableDamaged(`${damagedTable.name}: Row projection '${damagedTable.model}': ${damagedTable.problem}`);
  if (
    isDatabaseCorruptError(error) ||
    isDatabaseReadOnlyError(error) ||
    isDatabaseReplacedError(error) ||
    isProjectionRecordCorruptError(error) ||
    isStoreClosedError(error) ||
    isRowStoreStateError(error)
  )
    return messages.errors.storeFault(error.message);
  if (error instanceof Error)
    return isUsageError(error) || isBadInputError(error) || isStoreAccessError(error) || isOutputFileError(error) || isWriteInterruptedError(error)
      ? messageIn(error, messages.language)
      : `${error.name}: ${error.message}`;
  return String(error);
};

/** `--lang`, checked: a language, or the environment's when absent. @throws UsageError naming the accepted values */
const languageOption = (value: string | undefined, fallback: Language, command: string): Language => {
  if (value === undefined) return fallback;
  if (isLanguage(value)) return value;
  throw new UsageError(
    localized((m) => m.errors.languageOption(shownValue(value))),
    command,
  );
};

/**
 * Runs `casefold` with the given arguments (without `node` and the script) and returns the
 * exit code. Never throws: every failure is printed to stderr (or as `{ "error": … }` on
 * stdout with `--json`) with what to do, and mapped to an exit code (see {@link EXIT}). No
 * message shows an argument that looks like it holds a password (see `typedValue.ts`).
 */
export const runCli = async (commands: readonly CliCommand[], args: readonly string[], env: CliEnvironment): Promise<number> => {
  const wantsJson = args.includes('--json');
  const language = languageOfArguments(args, env.variables ?? {});
  const messages = cliMessagesOf(language);
  const fail = (error: unknown, command: CliCommand | null): number => {
    const code = exitCodeOf(error);
    const message = withoutTypedCredentials(describeFailure(error, messages), args);
    // The JSON document is for programs: its message is the English one, whatever the language.
    const english = withoutTypedCredentials(describeFailure(error, cliMessagesOf('en')), args);
    if (wantsJson) env.stdout.write(`${toJson({ error: { code, kind: error instanceof Error ? error.name : 'Error', message: english } })}\n`);
    env.stderr.write(`casefold: ${message}\n`);
    if (code === EXIT.usage && !isOutputFileError(error)) env.stderr.write(`${command === null ? messages.errors.seeMainHelp : messages.errors.seeCommandHelp(command.name)}\n`);
    if (code === EXIT.internal && error instanceof Error && error.stack !== undefined) env.stderr.write(`${error.stack}\n`);
    return code;
  };
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    env.stdout.write(`${(topic === undefined ? mainHelp(commands, messages) : commandHelp(topic, messages)).join('\n')}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version') {
    env.stdout.write('casefold 0.1.0\n');
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined && name.startsWith('-')) return fail(new UsageError(localized((m) => m.errors.optionBeforeCommand(shownValue(name)))), null);
  if (command === undefined) return fail(new UsageError(localized((m) => m.errors.unknownCommand(shownValue(name), commands.map((c) => c.name).join(', ')))), null);
  try {
    const parsed = parse(command, rest);
    const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
    if (values['help'] === true) {
      env.stdout.write(`${commandHelp(command, messages).join('\n')}\n`);
      return EXIT.ok;
    }
    const required = command.positionals.filter((p) => !p.endsWith('?')).length;
    if (parsed.positionals.length < required)
      throw new UsageError(
        localized((m) =>
          m.errors.needs(
            command.name,
            command.positionals
              .filter((p) => !p.endsWith('?'))
              .map((p) => `<${p}>`)
              .join(' '),
          ),
        ),
        command.name,
      );
    if (parsed.positionals.length > command.positionals.length)
      throw new UsageError(
        localized((m) => m.errors.unexpectedArgument(shownValue(parsed.positionals[command.positionals.length]!))),
        command.name,
      );
    const strings: Record<string, string | undefined> = {};
    const lists: Record<string, readonly string[]> = {};
    const flags: Record<string, boolean> = {};
    for (const spec of [...command.options, ...GLOBAL_OPTIONS]) {
      const value = values[spec.name];
      if (spec.multiple === true) lists[spec.name] = Array.isArray(value) ? value : [];
      else if (spec.type === 'string') strings[spec.name] = typeof value === 'string' ? value : undefined;
      else flags[spec.name] = value === true;
    }
    const output = createOutput({ stdout: env.stdout, stderr: env.stderr, json: flags['json'] === true, language: languageOption(strings['lang'], language, command.name) });
    return await command.run({ strings, lists, flags, positionals: parsed.positionals, output, cwd: env.cwd });
  } catch (error) {
    return fail(error, command);
  }
};
