import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandContext } from './command.js';
import { BadInputError, UsageError } from './cliErrors.js';
import { fileNameArgument } from './typedValue.js';
import { localized } from '../i18n/localizedText.js';

/** A file the command line names, read as UTF-8. @throws BadInputError */
export const readInput = (context: CommandContext, argument: string, file: string): string => {
  try {
    return readFileSync(resolve(context.cwd, fileNameArgument(argument, file)), 'utf8');
  } catch (error) {
    throw new BadInputError(
      localized((m) => m.checkpoint.cannotRead(argument, (error as Error).message)),
      { source: file },
      localized((m) => m.checkpoint.checkPath),
    );
  }
};

/** Writes `text` to `file` through `file.partial` and a rename, so a cut-off write never looks complete. @throws UsageError */
export const writeFileWhole = (context: CommandContext, file: string, text: string, mode = 0o644): void => {
  const target = resolve(context.cwd, file);
  try {
    writeFileSync(`${target}.partial`, text, { mode });
    renameSync(`${target}.partial`, target);
  } catch (error) {
    throw new UsageError(localized((m) => m.checkpoint.cannotWrite(file, (error as Error).message)));
  }
};
