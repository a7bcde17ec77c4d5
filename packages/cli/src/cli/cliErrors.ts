import { CasefoldError, isCasefoldError } from '@casefold/engine';
import type { Language } from '@casefold/dashboard';
import { type LocalizedText, localized } from '../i18n/localizedText.js';

/**
 * The CLI's own error kinds, one class each, with guards that also work across package
 * copies. Each maps to one exit code (see {@link exitCodeOf} in `exitCodes.ts`).
 */

/** The command line itself is wrong: unknown command or option, missing or malformed argument. Exit code 2. */
export class UsageError extends CasefoldError {
  override readonly name = 'UsageError';
  /** The message in every language, when it came from the catalogues (`message` is the English). */
  readonly texts: LocalizedText | null;
  constructor(
    message: string | LocalizedText,
    /** The command whose usage to show, if known. */
    readonly command: string | null = null,
  ) {
    super(typeof message === 'string' ? message : message.en);
    this.texts = typeof message === 'string' ? null : message;
  }
}

/** Guard for {@link UsageError}. */
export const isUsageError = (e: unknown): e is UsageError => isCasefoldError(e, 'UsageError');

/** A text in a language: itself when it has only its English. */
const inLanguage = (text: string | LocalizedText, language: Language): string => (typeof text === 'string' ? text : text[language]);

/** Where in the input a problem was found. */
export interface InputLocation {
  /** The file or source, e.g. `export.ndjson` or `stdin`. */
  readonly source: string;
  /** 1-based line number, when the input is line-based. */
  readonly line?: number;
}

/**
 * The data given is unusable: a malformed NDJSON line, an unknown case id, an import that
 * would break a hash chain. Nothing was changed. Exit code 3.
 */
export class BadInputError extends CasefoldError {
  override readonly name = 'BadInputError';
  /** What was wrong (English). */
  readonly reason: string;
  /** What to do (English), if anything. */
  readonly hint: string | null;
  /** The message in every language (`message` is the English). */
  readonly texts: LocalizedText;
  constructor(
    reason: string | LocalizedText,
    readonly location: InputLocation | null = null,
    hint: string | LocalizedText | null = null,
  ) {
    const texts = localized((m) => m.errors.badInput(location, inLanguage(reason, m.language), hint === null ? null : inLanguage(hint, m.language)));
    super(texts.en);
    this.reason = inLanguage(reason, 'en');
    this.hint = hint === null ? null : inLanguage(hint, 'en');
    this.texts = texts;
  }
}

/** Guard for {@link BadInputError}. */
export const isBadInputError = (e: unknown): e is BadInputError => isCasefoldError(e, 'BadInputError');

/**
 * The store cannot be used as asked: the database file is missing, locked by another
 * process, written by a newer casefold, not a casefold database, or of a kind this CLI
 * cannot open yet. Exit code 4.
 */
export class StoreAccessError extends CasefoldError {
  override readonly name = 'StoreAccessError';
  /** What was wrong (English). */
  readonly reason: string;
  /** What to do (English). */
  readonly hint: string;
  /** The message in every language (`message` is the English). */
  readonly texts: LocalizedText;
  constructor(
    /** The store location as given (a file name or URL, credentials removed). */
    readonly location: string,
    reason: string | LocalizedText,
    hint: string | LocalizedText,
    options?: { readonly cause?: unknown },
  ) {
    const texts = localized((m) => m.store.cannotUse(location, inLanguage(reason, m.language), inLanguage(hint, m.language)));
    super(texts.en, options);
    this.reason = inLanguage(reason, 'en');
    this.hint = inLanguage(hint, 'en');
    this.texts = texts;
  }
}

/** Guard for {@link StoreAccessError}. */
export const isStoreAccessError = (e: unknown): e is StoreAccessError => isCasefoldError(e, 'StoreAccessError');

/**
 * An export cannot be written where it was asked to go: `--out` names a directory, a
 * device or a place that does not exist or is not writable, or writing (to the file or to
 * stdout) failed on the way, as on a full disk. No partial file is left behind, and the
 * file's name never holds a half-written export. Exit code 2.
 */
export class OutputFileError extends CasefoldError {
  override readonly name = 'OutputFileError';
  /** What was wrong (English). */
  readonly reason: string;
  /** What to do (English). */
  readonly hint: string;
  /** The message in every language (`message` is the English). */
  readonly texts: LocalizedText;
  constructor(
    /** The output as given: the `--out` path, or `stdout`. */
    readonly target: string,
    reason: string | LocalizedText,
    hint: string | LocalizedText,
    options?: { readonly cause?: unknown },
  ) {
    const texts = localized((m) => m.output.cannotWrite(target, inLanguage(reason, m.language), inLanguage(hint, m.language)));
    super(texts.en, options);
    this.reason = inLanguage(reason, 'en');
    this.hint = inLanguage(hint, 'en');
    this.texts = texts;
  }
}

/** Guard for {@link OutputFileError}. */
export const isOutputFileError = (e: unknown): e is OutputFileError => isCasefoldError(e, 'OutputFileError');

/**
 * A command that writes events (`demo`, `import`) stopped part-way: the store failed after
 * some of its events were committed. Those events stay (each append is atomic, so none is
 * half-written); the message says how many there are, why it stopped and how to finish.
 * Exit code 6.
 */
export class WriteInterruptedError extends CasefoldError {
  override readonly name = 'WriteInterruptedError';
  /** Why it stopped, e.g. `the disk is full` (English). */
  readonly reason: string;
  /** What to do, e.g. how to complete the import (English). */
  readonly hint: string;
  /** The message in every language (`message` is the English). */
  readonly texts: LocalizedText;
  constructor(
    /** The command, e.g. `import`. */
    readonly command: string,
    /** Events committed before the failure. */
    readonly written: number,
    reason: string | LocalizedText,
    hint: string | LocalizedText,
    options?: { readonly cause?: unknown },
  ) {
    const texts = localized((m) => m.output.stopped(command, written, inLanguage(reason, m.language), inLanguage(hint, m.language)));
    super(texts.en, options);
    this.reason = inLanguage(reason, 'en');
    this.hint = inLanguage(hint, 'en');
    this.texts = texts;
  }
}

/** Guard for {@link WriteInterruptedError}. */
export const isWriteInterruptedError = (e: unknown): e is WriteInterruptedError => isCasefoldError(e, 'WriteInterruptedError');

/** An error's message in a language: from the catalogues when the error carries them, else its own (English) message. */
export const messageIn = (error: Error, language: Language): string => {
  const texts = (isUsageError(error) || isBadInputError(error) || isStoreAccessError(error) || isOutputFileError(error) || isWriteInterruptedError(error)) && error.texts !== null ? error.texts : null;
  return texts === null ? error.message : texts[language];
};

declare module '@casefold/engine' {
  interface CasefoldErrorKinds {
    UsageError: UsageError;
    BadInputError: BadInputError;
    StoreAccessError: StoreAccessError;
    OutputFileError: OutputFileError;
    WriteInterruptedError: WriteInterruptedError;
  }
}
