import { type Language, isLanguage, languageFromEnvironment } from '@casefold/dashboard';

/** The environment variables the CLI reads its language from (`LC_ALL`, `LC_MESSAGES`, `LANG`). */
export type LanguageEnvironment = Readonly<Record<string, string | undefined>>;

/**
 * The language a command line asks for, before it is parsed (so that a usage error is in it
 * too): the value of `--lang` (or `--lang=…`) when it is `zh-CN` or `en`, else the
 * environment's (see `languageFromEnvironment`). Parsing then refuses any other `--lang` value.
 */
export const languageOfArguments = (args: readonly string[], environment: LanguageEnvironment): Language => {
  const index = args.findIndex((arg) => arg === '--lang' || arg.startsWith('--lang='));
  const given = index === -1 ? undefined : args[index]!.startsWith('--lang=') ? args[index]!.slice('--lang='.length) : args[index + 1];
  return given !== undefined && isLanguage(given) ? given : languageFromEnvironment(environment);
};
