import type { CliMessages } from '../i18n/cliMessages.js';
import type { CliCommand, OptionSpec } from './command.js';
import { GLOBAL_OPTIONS } from './globalOptions.js';

const optionLine = (option: OptionSpec, description: string, messages: CliMessages): string => {
  const flag = `${option.short === undefined ? '    ' : `-${option.short}, `}--${option.name}${option.placeholder === undefined ? '' : ` ${option.placeholder}`}`;
  return `  ${flag.padEnd(28)} ${description}${option.multiple === true ? messages.help.mayBeRepeated : ''}`;
};

const globalOptionLines = (messages: CliMessages): string[] => GLOBAL_OPTIONS.map((option) => optionLine(option, messages.help.globalOption(option.name, option.description), messages));

/** `casefold <command> --help`, in the catalogue's language (the command's definition is its English text). */
export const commandHelp = (command: CliCommand, messages: CliMessages): string[] => {
  const text = messages.help.command(command.name, {
    summary: command.summary,
    description: command.description,
    options: Object.fromEntries(command.options.map((option) => [option.name, option.description])),
  });
  return [
    messages.help.usage(command.usage),
    '',
    text.summary,
    '',
    ...text.description.split('\n').map((line) => (line === '' ? '' : `  ${line}`)),
    '',
    ...(command.options.length > 0 ? [messages.help.options, ...command.options.map((option) => optionLine(option, text.options[option.name] ?? option.description, messages)), ''] : []),
    messages.help.commonOptions,
    ...globalOptionLines(messages),
    '',
    ...messages.help.exitCodes,
  ];
};

/** `casefold --help`, in the catalogue's language. */
export const mainHelp = (commands: readonly CliCommand[], messages: CliMessages): string[] => [
  messages.help.mainUsage,
  '',
  messages.help.tagline,
  '',
  messages.help.commands,
  ...commands.map((c) => `  ${c.name.padEnd(12)} ${messages.help.command(c.name, { summary: c.summary, description: c.description, options: {} }).summary}`),
  '',
  messages.help.more,
  '',
  messages.help.commonOptions,
  ...globalOptionLines(messages),
  '',
  ...messages.help.exitCodes,
];
