import { type CaseScopesState, canSee, caseScopeIn } from '@casefold/core';
import { type Json, isSealedPersonalData, replacePersonalData } from '@casefold/engine';
import { UsageError } from '../cli/cliErrors.js';
import type { CommandContext } from '../cli/command.js';
import type { Output } from '../cli/output.js';
import type { DisclosedIn } from '../i18n/cliMessages.js';
import { localized } from '../i18n/localizedText.js';
import { WITHHELD } from '../ndjson/withheldPersonalData.js';
import { currentDashboards } from '../session/currentDashboards.js';
import type { OpenedStore } from '../store/openStore.js';
import { commandPrincipalOf } from './principalOptions.js';

/**
 * Whether an export holds personal data in clear, or withholds it; in clear, with the notice
 * of the disclosure, which {@link noteDisclosure} writes once the data is on its way out.
 */
export type PersonalDataInExport = { readonly personalData: 'withheld' } | { readonly personalData: 'included'; readonly notice: string };

/** The cases an export holds: every case of the store, or those named with `--case`. */
export type ExportedCases = 'every case' | readonly string[];

/** Case ids shown in a message before `…`. */
const IDS_SHOWN = 5;

/** A list of case ids for a message, the first few of a long one. */
const idList = (ids: readonly string[]): string => `${ids.slice(0, IDS_SHOWN).join(', ')}${ids.length > IDS_SHOWN ? ', …' : ''}`;

/** Every case id the case scopes know, by their stream index and their rows (a case stream without a scope row is seen by no one), sorted. */
const everyCaseIn = (scopes: CaseScopesState): readonly string[] =>
  [...new Set([...Object.values(scopes.streams).flatMap((shard) => Object.values(shard)), ...Object.values(scopes.cases).flatMap((shard) => Object.keys(shard))])].sort();

/**
 * Whether this export may carry personal data in clear, and the record that it does.
 * Withheld unless `--with-personal-data` is given. Given, it needs `--principal FILE` (and
 * `--policy FILE` for other policies than the shipped ones): the principal the data is
 * disclosed to, whose policy grants them the `personalData` part of every case exported (the
 * whole store, or the `--case` ones), checked against the case scopes brought up to date. The
 * notice of the disclosure, in the command's language (who, which cases, when, so that the
 * operator's logs keep it: PIPL Art 51, measures; Cybersecurity Law Art 21(3), logs kept at
 * least six months), is returned for {@link noteDisclosure}: a disclosure that does not happen
 * (an `--out` that cannot be written, a bundle refused) is not noted. Called before anything is written.
 *
 * @throws UsageError for `--with-personal-data` without `--principal`, for a principal the policy
 *   does not grant the personal data of every case exported (naming how many and the first
 *   few), and for `--principal` without `--with-personal-data`; BadInputError for an unusable
 *   principal or policy file.
 */
export const personalDataInExport = async (context: CommandContext, store: OpenedStore, cases: ExportedCases, disclosedIn: DisclosedIn): Promise<PersonalDataInExport> => {
  const asked = context.flags['with-personal-data'] === true;
  if (!asked) {
    if (context.strings['principal'] !== undefined)
      throw new UsageError(
        localized((m) => m.personalData.principalWithout),
        'export',
      );
    return { personalData: 'withheld' };
  }
  const reader = await commandPrincipalOf(context, store, 'export');
  if (reader === null) {
    throw new UsageError(
      localized((m) => m.personalData.needsPrincipal),
      'export',
    );
  }
  const { caseScopes } = (await currentDashboards(store, context.output)).state;
  const ids = cases === 'every case' ? everyCaseIn(caseScopes) : cases;
  const refused = ids.filter((caseId) => {
    const scope = caseScopeIn(caseScopes, caseId);
    return scope === undefined || !canSee(reader.principal, scope, 'personalData', reader.authorization);
  });
  if (refused.length > 0) {
    throw new UsageError(
      localized((m) => m.personalData.refused(reader.principal.id, refused.length, ids.length, reader.policyFile, idList(refused))),
      'export',
    );
  }
  return { personalData: 'included', notice: context.output.messages.personalData.notice(disclosedIn, ids, cases === 'every case', reader.principal.id, reader.policyFile, new Date().toISOString()) };
};

/** Writes the notice of a disclosure to stderr (whatever the output mode), once the personal data goes out: nothing when it is withheld. */
export const noteDisclosure = (output: Output, decided: PersonalDataInExport): void => {
  if (decided.personalData === 'included') output.stderr.write(`${decided.notice}\n`);
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
