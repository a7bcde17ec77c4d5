import { type Json, personalDataSites } from '@casefold/engine';
import { en } from '../i18n/en.js';

/** What stands in an export for a party's personal data that the export withholds. */
export const WITHHELD = { withheld: true } as const;

/** Whether an event's data holds personal data an export withheld ({@link WITHHELD} where a `pii` was). */
export const holdsWithheldPersonalData = (data: Json): boolean =>
  personalDataSites(data).some(({ pii }) => typeof pii === 'object' && pii !== null && !Array.isArray(pii) && (pii as { withheld?: unknown }).withheld === true);

/** Why an event whose personal data was withheld does not match its hash (English; the catalogues' `importFile.withheldContent`). */
export const WITHHELD_CONTENT = en.importFile.withheldContent;

/** The hint for such a file (English; the catalogues' `importFile.withheldHint`). */
export const WITHHELD_HINT = en.importFile.withheldHint;
