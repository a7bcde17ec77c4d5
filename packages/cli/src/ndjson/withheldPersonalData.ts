import { type Json, personalDataSites } from '@casefold/engine';

/** What stands in an export for a party's personal data that the export withholds. */
export const WITHHELD = { withheld: true } as const;

/** Whether an event's data holds personal data an export withheld ({@link WITHHELD} where a `pii` was). */
export const holdsWithheldPersonalData = (data: Json): boolean =>
  personalDataSites(data).some(({ pii }) => typeof pii === 'object' && pii !== null && !Array.isArray(pii) && (pii as { withheld?: unknown }).withheld === true);

/** Why an event whose personal data was withheld does not match its hash, and what to do. */
export const WITHHELD_CONTENT =
  'the export withheld this event\'s personal data ({"withheld":true} stands where it was), so the event no longer matches its hash: ' +
  'a file exported without personal data is for sharing, not for import';

/** The hint for such a file. */
export const WITHHELD_HINT = 'Export again with `casefold export --with-personal-data` (or from a store that seals personal data, whose export imports whole); nothing was imported';
