import * as E from 'fp-ts/lib/Either.js';
import { type JurisdictionDirectory, createDirectory, decodeErrorsMessage } from '@casefold/core';
import { StoreAccessError } from '../cli/cliErrors.js';
import { localized } from '../i18n/localizedText.js';
import type { OpenedStore } from '../store/openStore.js';

/** The name of the setting that keeps the jurisdiction directory beside the events. */
export const DIRECTORY_SETTING = 'directory';

/**
 * The directory kept in the store (written by `demo` and `import`); an empty one when there is none.
 *
 * @throws StoreAccessError when the kept directory is invalid (e.g. written before `import` checked it).
 */
export const readDirectory = async (store: OpenedStore): Promise<{ readonly directory: JurisdictionDirectory; readonly found: boolean }> => {
  const units = await store.readSetting(DIRECTORY_SETTING);
  const built = createDirectory(units ?? []);
  if (E.isLeft(built)) {
    throw new StoreAccessError(
      store.description,
      localized((m) => m.store.badDirectory(decodeErrorsMessage(built.left))),
      localized((m) => m.store.badDirectoryHint),
    );
  }
  return { directory: built.right, found: units !== null };
};
