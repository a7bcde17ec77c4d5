import { LANGUAGES, type Language } from '@casefold/dashboard';
import type { CliMessages } from './cliMessages.js';
import { en } from './en.js';
import { zhCN } from './zhCN.js';

const CATALOGUES: Readonly<Record<Language, CliMessages>> = { en, 'zh-CN': zhCN };

/** The CLI's catalogue of a language. */
export const cliMessagesOf = (language: Language): CliMessages => CATALOGUES[language];

/** A message in every language the CLI speaks, e.g. an error's, chosen when it is printed. */
export type LocalizedText = Readonly<Record<Language, string>>;

/** A message from the catalogues, in every language. */
export const localized = (text: (messages: CliMessages) => string): LocalizedText =>
  Object.fromEntries(LANGUAGES.map((language) => [language, text(CATALOGUES[language])])) as Record<Language, string>;
