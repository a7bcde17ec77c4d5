import { type Json, isSealedPersonalData, replacePersonalData } from '@casefold/engine';
import type { CommandContext } from '../cli/command.js';
import { WITHHELD } from '../ndjson/withheldPersonalData.js';

/** Whether an export holds personal data in clear, or withholds it. */
export type PersonalDataInExport = 'withheld' | 'included';

/**
 * Whether this export may carry personal data in clear, and the record that it does.
 * Withheld unless `--with-personal-data` is given; when given, the disclosure is written to
 * stderr (whatever the output mode) so that the operator's logs keep it (PIPL Art 51: measures;
 * Cybersecurity Law Art 21(3): logs kept at least six months).
 *
 * The permission check of the authorization policy (issue 16, item 1) belongs here: until a
 * principal reaches the CLI, the explicit flag is the permission.
 */
export const personalDataInExport = (context: CommandContext, what: string): PersonalDataInExport => {
  if (context.flags['with-personal-data'] !== true) return 'withheld';
  context.output.stderr.write(
    `casefold: NOTICE: ${what} includes personal data in clear (names, phone and ID numbers), as asked by --with-personal-data, at ${new Date().toISOString()}. ` +
      'Keep this notice with the record of the disclosure, and the file where only those entitled may read it.\n',
  );
  return 'included';
};

/**
 * An export line with every party's personal data in clear replaced by {@link WITHHELD}.
 * Sealed personal data (of a store protected by `protectPersonalData`) is kept: it is
 * ciphertext, and its keys are never exported. Lines without a `pii` key are returned as they
 * are. A line that withholds anything no longer matches its hash: `casefold import` refuses
 * it, so an export meant for import into another store is taken `--with-personal-data` (or
 * from a protected store, whose export is ciphertext and imports whole).
 */
export const withholdPersonalData = (line: string): string => {
  if (!line.includes('"pii"')) return line;
  const parsed = JSON.parse(line) as { data: Json };
  let withheld = false;
  const data = replacePersonalData(parsed.data, (site) => {
    if (isSealedPersonalData(site.pii)) return site.pii;
    withheld = true;
    return WITHHELD;
  });
  return withheld ? JSON.stringify({ ...parsed, data }) : line;
};
