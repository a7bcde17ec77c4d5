import { type Stats, closeSync, createWriteStream, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { OutputFileError } from '../cli/cliErrors.js';
import { type LocalizedText, localized } from '../i18n/localizedText.js';

/**
 * Where an export goes: stdout, or a file written as `FILE.partial` and renamed to `FILE`
 * once complete, so `FILE` never holds a half-written export.
 */
export interface ExportSink {
  /**
   * Writes a chunk, waiting while the stream's buffer is full. Resolves `false` once the
   * reader has gone (stdout closed early, as by `| head`: EPIPE): stop exporting then.
   *
   * @throws OutputFileError when writing failed (a full disk, an I/O error).
   */
  readonly write: (text: string) => Promise<boolean>;
  /**
   * Writes the last chunk and waits until everything is written; a file is then flushed to
   * disk and renamed to its name. Resolves `false` as {@link ExportSink.write} does.
   *
   * @throws OutputFileError when writing, flushing or renaming failed.
   */
  readonly finish: (text: string) => Promise<boolean>;
  /** After a failure: removes `FILE.partial` (nothing to do for stdout). Never throws. */
  readonly discard: () => void;
}

type SystemError = Error & { readonly code?: string; readonly path?: string };

const codeOf = (error: unknown): string | undefined => (error as SystemError | null)?.code;

/** The operating system's reason, e.g. `no such file or directory (ENOENT)`. */
const osReason = (error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error);
  const code = codeOf(error);
  const reason = /^[A-Z]+: ([^,]+)/.exec(message)?.[1] ?? message;
  return code === undefined ? reason : `${reason} (${code})`;
};

/** What to do about a failed write or open, in each language. */
const hintFor = (error: unknown, target: string): LocalizedText =>
  localized((m) => {
    switch (codeOf(error)) {
      case 'ENOENT':
        return m.output.hintNoDirectory(dirname(target));
      case 'ENOTDIR':
        return m.output.hintNotDirectory;
      case 'EACCES':
      case 'EPERM':
      case 'EROFS':
        return m.output.hintNoPermission;
      case 'ENOSPC':
      case 'EDQUOT':
        return m.output.hintDiskFull;
      default:
        return m.output.hintOther;
    }
  });

/**
 * Writes to a stream and keeps its first error: every error is listened to (an unheard
 * 'error' event would end the process), and a write that fails at once is caught too.
 */
const guardedWriter = (stream: Writable) => {
  let failure: unknown = null;
  stream.on('error', (error) => {
    failure ??= error;
  });
  const write = async (text: string): Promise<unknown> => {
    if (failure !== null) return failure;
    try {
      if (!stream.write(text)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            stream.off('drain', done);
            stream.off('error', done);
            resolve();
          };
          stream.on('drain', done);
          stream.on('error', done);
        });
      }
    } catch (error) {
      // A synchronous stream (stdout redirected to a file) throws from write() itself.
      failure ??= error;
    }
    return failure;
  };
  /** Writes the last chunk and waits for its callback: every earlier write has then ended too. */
  const writeLast = async (text: string): Promise<unknown> => {
    if (failure !== null) return failure;
    try {
      await new Promise<void>((resolve) => stream.write(text, (error) => resolve(void (failure ??= error ?? null))));
    } catch (error) {
      failure ??= error;
    }
    return failure;
  };
  return { write, writeLast };
};

/**
 * The export on stdout. A reader that goes away (EPIPE) ends the export quietly; any other
 * write error is an {@link OutputFileError}.
 */
export const stdoutSink = (stream: Writable): ExportSink => {
  const writer = guardedWriter(stream);
  const outcome = (error: unknown): boolean => {
    if (error === null) return true;
    if (codeOf(error) === 'EPIPE') return false;
    throw new OutputFileError(
      'stdout',
      localized((m) => m.output.writingFailed(osReason(error))),
      localized((m) => m.output.checkStdout),
      { cause: error },
    );
  };
  return {
    write: async (text) => outcome(await writer.write(text)),
    finish: async (text) => outcome(await writer.writeLast(text)),
    discard: () => undefined,
  };
};

/**
 * Opens `FILE.partial` for an export to `target` (an absolute path; `shown` names it in
 * messages), checking first that `target` is not a directory or a special file and that
 * `FILE.partial` can be created: so a bad `--out` is refused before any event is read.
 *
 * @throws OutputFileError naming the path, the operating system's reason and what to do.
 */
export const openExportFile = (target: string, shown: string): ExportSink => {
  const refuse = (reason: LocalizedText, hint: LocalizedText, cause?: unknown): never => {
    throw new OutputFileError(shown, reason, hint, cause === undefined ? undefined : { cause });
  };
  let existing: Stats | undefined;
  try {
    existing = statSync(target, { throwIfNoEntry: false });
  } catch (error) {
    refuse(
      localized((m) => m.output.cannotLookAt(target, osReason(error))),
      hintFor(error, target),
      error,
    );
  }
  if (existing?.isDirectory())
    refuse(
      localized((m) => m.output.isDirectory),
      localized((m) => m.output.nameInDirectory(`${shown.replace(/[\\/]+$/, '')}/events.ndjson`)),
    );
  if (existing !== undefined && !existing.isFile())
    refuse(
      localized((m) => m.output.notRegularFile),
      localized((m) => m.output.giveFileName),
    );
  const partial = `${target}.partial`;
  let fd = -1;
  try {
    fd = openSync(partial, 'w');
  } catch (error) {
    refuse(
      localized((m) => m.output.cannotCreate(partial, osReason(error))),
      hintFor(error, target),
      error,
    );
  }
  const stream = createWriteStream(partial, { fd, autoClose: false });
  const writer = guardedWriter(stream);
  let open = true;
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  const check = (error: unknown): true => {
    if (error !== null)
      refuse(
        localized((m) => m.output.writingFailed(osReason(error))),
        hintFor(error, target),
        error,
      );
    return true;
  };
  return {
    write: async (text) => check(await writer.write(text)),
    finish: async (text) => {
      check(await writer.writeLast(text));
      stream.end();
      try {
        await finished(stream);
        // On disk before it gets its name: a crash then leaves the old file or the whole new one.
        fsyncSync(fd);
        close();
        renameSync(partial, target);
      } catch (error) {
        check(error);
      }
      return true;
    },
    discard: () => {
      stream.destroy();
      try {
        close();
      } catch {
        // Already closed by the failure: nothing more to release.
      }
      rmSync(partial, { force: true });
    },
  };
};
