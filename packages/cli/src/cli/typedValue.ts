import { localized } from '../i18n/localizedText.js';
import { UsageError } from './cliErrors.js';

/**
 * How the CLI shows what the user typed. A value that looks like it holds a credential —
 * a `user:password@` part (`postgres://u:PW@h/db`, `postgres:/u:PW@h/db`) or a secret
 * parameter (`password=PW`, `jdbc:postgresql://h/db?password=PW`, `host=h password=PW`) —
 * is never echoed, whatever argument it was given as.
 */

/** A `:` somewhere before an `@`: the user-info part of a URL, `user:password@host`. */
const USER_INFO = /:[^]*@/;

/** A parameter that carries a secret, as in URLs, JDBC strings and libpq keyword/value strings. */
const SECRET_PARAMETER = /(pass(word|wd)?|pwd|secret|token|api[-_]?key|ssl(key|password))\s*[=:]/i;

/** True when a typed value looks like it holds a credential (see the module comment). */
export const looksLikeCredential = (value: string): boolean => USER_INFO.test(value) || SECRET_PARAMETER.test(value);

/** What messages show instead of a typed value that looks like it holds a credential. */
export const NOT_SHOWN = '(not shown: it looks like it holds a password)';

/** A typed value for a message: quoted, or {@link NOT_SHOWN} when it looks like it holds a credential. */
export const shownValue = (value: string): string => (looksLikeCredential(value) ? NOT_SHOWN : `"${value}"`);

/**
 * A file name the user typed (for `--db`, `--store`, `--out`, `import FILE`), refused when
 * it looks like it holds a credential: it would be echoed in every message about the file.
 *
 * @throws UsageError naming the argument, not the value.
 */
export const fileNameArgument = (argument: string, value: string): string => {
  if (!looksLikeCredential(value)) return value;
  throw new UsageError(localized((m) => m.location.fileNameCredential(argument, NOT_SHOWN)));
};

/**
 * A message with every typed argument that looks like it holds a credential taken out (the
 * whole argument, and the value after `=` of an `--option=value`): the last guard before a
 * message is printed, for a message that quoted such an argument all the same.
 */
export const withoutTypedCredentials = (message: string, args: readonly string[]): string => {
  const secrets = args.flatMap((arg) => [arg, arg.replace(/^--?[^=]*=/, '')]).filter((arg) => arg.length > 0 && looksLikeCredential(arg));
  return secrets.sort((a, b) => b.length - a.length).reduce((text, secret) => text.split(secret).join(NOT_SHOWN), message);
};
