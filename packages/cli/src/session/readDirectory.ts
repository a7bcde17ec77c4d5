import * as E from 'fp-ts/lib/Either.js';
import { type JurisdictionDirectory, createDirectory, decodeErrorsMessage } from '@casefold/core';
import type { OpenedStore } from '../store/openStore.js';

/** The name of the setting that keeps the jurisdiction directory beside the events. */
export const DIRECTORY_SETTING = 'directory';

/** The directory kept in the store (written by `demo` and `import`); an empty one when there is none. */
export const readDirectory = async (store: OpenedStore): Promise<{ readonly directory: JurisdictionDirectory; readonly found: boolean }> => {
  const units = await store.readSetting(DIRECTORY_SETTING);
  const built = createDirectory(units ?? []);
  if (E.isLeft(built)) throw new Error(`the jurisdiction directory kept in ${store.description} is invalid: ${decodeErrorsMessage(built.left)}`);
  return { directory: built.right, found: units !== null };
};
