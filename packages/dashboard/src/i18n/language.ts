import { LANGUAGES, type Language, type Messages } from './messages.js';
import { en } from './en.js';
import { zhCN } from './zhCN.js';

const CATALOGUES: Readonly<Record<Language, Messages>> = { 'zh-CN': zhCN, en };

/** The catalogue of a language. */
export const messagesOf = (language: Language): Messages => CATALOGUES[language];

/** Whether a text names a language the dashboard speaks (`zh-CN` or `en`, exactly). */
export const isLanguage = (value: string): value is Language => (LANGUAGES as readonly string[]).includes(value);

/**
 * The language the environment asks for, as POSIX programs read it: the first of `LC_ALL`,
 * `LC_MESSAGES` and `LANG` that is set; Chinese (`zh…`) gives `zh-CN`, anything else `en`.
 */
export const languageFromEnvironment = (env: Readonly<Record<string, string | undefined>>): Language => {
  const setting = [env['LC_ALL'], env['LC_MESSAGES'], env['LANG']].find((value) => value !== undefined && value !== '');
  return setting !== undefined && /^zh/i.test(setting) ? 'zh-CN' : 'en';
};
