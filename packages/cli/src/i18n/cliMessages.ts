import type { FieldError, ReportInputError } from '@casefold/core';
import type { Language } from '@casefold/dashboard';
import type { BrokenLink, BrokenLinkKind, CheckpointDifference, CheckpointKeyError, EvidenceRefusal } from '@casefold/engine';

/** What a command's `--help` says, in one language: the summary line, the paragraph and each option's line. */
export interface CommandHelpText {
  readonly summary: string;
  readonly description: string;
  /** By option name (without `--`). */
  readonly options: Readonly<Record<string, string>>;
}

/** What personal data was disclosed in: a whole-store export (to a file, or stdout) or an evidence bundle. */
export type DisclosedIn = { readonly kind: 'export'; readonly out: string | undefined } | { readonly kind: 'evidenceBundle'; readonly out: string };

/**
 * One language's catalogue of the CLI's human-readable words: help, headings and labels of
 * the commands' text output, and the error messages the CLI composes. Both catalogues have
 * this type, so a message missing in one is a type error. Machine output (`--json`, NDJSON,
 * exit codes) never goes through it.
 */
export interface CliMessages {
  readonly language: Language;
  readonly help: {
    readonly usage: (usage: string) => string;
    /** `casefold --help`'s usage line. */
    readonly mainUsage: string;
    readonly options: string;
    readonly commonOptions: string;
    readonly mayBeRepeated: string;
    readonly exitCodes: readonly string[];
    readonly tagline: string;
    readonly commands: string;
    readonly more: string;
    /**
     * A command's help texts; `english` is the command's own (its definition is the English
     * text), which the Chinese catalogue replaces by command name.
     */
    readonly command: (name: string, english: CommandHelpText) => CommandHelpText;
    /** The common options' lines, by option name. */
    readonly globalOption: (name: string, english: string) => string;
  };
  readonly errors: {
    readonly unknownCommand: (shown: string, commands: string) => string;
    /** An option given before the command (`casefold --lang en verify`). */
    readonly optionBeforeCommand: (shown: string) => string;
    readonly needs: (command: string, positionals: string) => string;
    readonly unexpectedArgument: (shown: string) => string;
    /** Node's `parseArgs` complaint (an unknown option, a missing value), in this language. */
    readonly badOption: (nodeMessage: string) => string;
    readonly seeMainHelp: string;
    readonly seeCommandHelp: (command: string) => string;
    readonly languageOption: (shown: string) => string;
    readonly wholeNumber: (name: string, min: number, max: number, shown: string) => string;
    readonly date: (name: string, shown: string) => string;
    readonly instant: (name: string, shown: string) => string;
    readonly kind: (name: string, kinds: string, shown: string) => string;
    readonly tenant: (shown: string) => string;
    readonly tenantForce: string;
    readonly tenantImport: string;
    /** A {@link BadInputError}'s sentence: where, what, and what to do. */
    readonly badInput: (where: { readonly source: string; readonly line?: number } | null, reason: string, hint: string | null) => string;
    readonly noSuchCase: (shown: string, store: string) => string;
    readonly caseIdHint: string;
    /** The cases whose ids are the one given followed by `-…` (a request id given for its case's): what was meant. */
    readonly didYouMean: (caseIds: readonly string[]) => string;
    readonly storeUnavailable: (reason: string, hint: string) => string;
    readonly projectionConflict: (projection: string) => string;
    /** A report's refusal of its arguments (a `stats` period that holds no instant, …), by the argument the error names. */
    readonly reportInput: (error: ReportInputError) => string;
    /** A stored event that does not decode (the engine's message, English): and that `verify` tells whether it was changed after it was written. */
    readonly undecodableEvent: (message: string) => string;
    /** A fault of the store's file or connection the adapter describes (damaged, read-only, replaced, closed; the adapter's English message). */
    readonly storeFault: (message: string) => string;
    /** A built-in row table (a read model) missing or altered behind the store's back (`RowModelError.inStore`): the store's refusal (English) and that `casefold replay` rebuilds it. */
    readonly rowTableDamaged: (refusal: string) => string;
  };
  readonly store: {
    /** A {@link StoreAccessError}'s sentence. */
    readonly cannotUse: (location: string, reason: string, hint: string) => string;
    readonly missing: string;
    readonly missingHint: string;
    /** `--tenant` names a tenant the store holds no events of (a command that does not create them). */
    readonly noTenantEvents: (tenantId: string) => string;
    readonly noTenantEventsHint: string;
    readonly locked: string;
    readonly lockedHint: string;
    readonly tooNew: (found: number, known: number) => string;
    readonly tooNewHint: string;
    readonly badDirectory: (problems: string) => string;
    readonly badDirectoryHint: string;
    readonly forceRefused: string;
    readonly forceRefusedHint: string;
    /** Why a store became unavailable (`detail`: the driver's words, in parentheses), and what to do. */
    readonly lockHeld: (detail: string) => string;
    readonly lockHeldHint: string;
    readonly diskFull: (detail: string) => string;
    readonly diskFullHint: string;
    readonly diskFailed: (detail: string) => string;
    readonly diskFailedHint: string;
    readonly sqliteFailed: (detail: string) => string;
    readonly sqliteFailedHint: string;
    readonly serverGone: (detail: string) => string;
    readonly serverGoneHint: string;
  };
  /** Why a SQLite file, a PostgreSQL database or an EventStoreDB server cannot be used as a store, and what to do. */
  readonly servers: {
    readonly notCasefoldHint: string;
    readonly openFailedHint: (advice: string) => string;
    readonly adapterMissing: (kind: string, specifier: string) => string;
    readonly adapterMissingHint: (kind: string, specifier: string) => string;
    readonly malformedPostgres: (reason: string) => string;
    readonly postgresForm: string;
    readonly noDatabase: (target: string) => string;
    readonly noDatabaseHint: string;
    readonly loginRefused: (target: string, code: string) => string;
    readonly loginRefusedHint: string;
    readonly postgresTooNew: (target: string, found: number, known: number) => string;
    readonly postgresTooNewHint: string;
    readonly postgresDown: string;
    readonly postgresDownHint: string;
    readonly noPostgresStore: (schema: string) => string;
    readonly noPostgresStoreHint: string;
    readonly malformedEventStoreDb: (reason: string) => string;
    readonly eventStoreDbForm: string;
    readonly badPrefix: (reason: string) => string;
    readonly badPrefixHint: string;
    readonly accessDenied: (target: string, operation: string) => string;
    readonly accessDeniedHint: string;
    readonly eventStoreDbDown: string;
    readonly eventStoreDbDownHint: string;
    readonly pairedHoldsEvents: (paired: string) => string;
    readonly pairedHoldsEventsHint: string;
    readonly pairedElsewhere: (paired: string, hosts: string, prefix: string) => string;
    readonly pairedElsewhereHint: string;
    readonly noEvents: (prefix: string) => string;
    readonly noEventsHint: string;
  };
  /** Usage errors about `--db`, `--store`, `--projections` and `--stream-prefix`. */
  readonly location: {
    readonly both: string;
    readonly esdbOnly: (option: string) => string;
    readonly memory: string;
    readonly dbConnectionString: string;
    readonly notEventStoreDb: (argument: string) => string;
    readonly eventStoreDbForm: (argument: string) => string;
    readonly postgresForm: (argument: string) => string;
    readonly sqliteNeedsFile: (argument: string) => string;
    readonly keywordValue: (argument: string) => string;
    readonly unknownScheme: (argument: string, scheme: string) => string;
    readonly fileNameCredential: (argument: string, notShown: string) => string;
    readonly noEventStoreDbHost: string;
  };
  /** Where a command writes: an export's `--out` or stdout, and a write that stopped part-way. */
  readonly output: {
    /** An {@link OutputFileError}'s sentence. */
    readonly cannotWrite: (target: string, reason: string, hint: string) => string;
    /** A {@link WriteInterruptedError}'s sentence. */
    readonly stopped: (command: string, written: number, reason: string, hint: string) => string;
    readonly writingFailed: (why: string) => string;
    readonly checkStdout: string;
    readonly cannotLookAt: (target: string, why: string) => string;
    readonly isDirectory: string;
    readonly nameInDirectory: (example: string) => string;
    readonly notRegularFile: string;
    readonly giveFileName: string;
    readonly cannotCreate: (partial: string, why: string) => string;
    readonly hintNoDirectory: (directory: string) => string;
    readonly hintNotDirectory: string;
    readonly hintNoPermission: string;
    readonly hintDiskFull: string;
    readonly hintOther: string;
    readonly notKept: string;
    readonly maybeStored: string;
    readonly storedWhole: (written: number) => string;
    readonly resume: (stored: string, hint: string, resume: string) => string;
    readonly importAgain: string;
    readonly fixWhatItNames: string;
  };
  readonly dashboards: {
    readonly noDirectory: string;
    /** The progress bars' labels: catching the read models up, replaying, replaying with verification. */
    readonly catchingUp: string;
    readonly replaying: string;
    readonly replayingVerifying: string;
    readonly ofKind: (kind: string) => string;
    readonly beijingTime: (time: string) => string;
    readonly caseBoard: {
      readonly heading: (kind: string, total: string, open: string) => string;
      readonly byKindAndStatus: string;
      readonly kind: string;
      readonly cases: string;
      /** A public status as a column or row label: its citizen-facing word (and its id in English). */
      readonly status: (status: string, word: string) => string;
      readonly byStatus: string;
      readonly statusHeader: string;
      readonly share: string;
      readonly byStageAll: string;
      readonly byStage: string;
      readonly stage: string;
      readonly byLevel: string;
      readonly level: string;
    };
    readonly level: (level: string) => string;
    readonly escalation: {
      readonly heading: (kind: string) => string;
      readonly summary: (settled: string, grid: string, community: string, subDistrict: string, escalations: string, escalated: string, converted: string) => string;
      readonly byKind: string;
      readonly byKindColumns: readonly string[];
      readonly settledByLevel: string;
      readonly settled: string;
      readonly byStep: string;
      readonly step: string;
      readonly escalations: string;
      readonly bySubDistrict: string;
      readonly bySubDistrictColumns: readonly string[];
      readonly noSubDistrict: string;
    };
    readonly deadlines: {
      readonly heading: (kind: string, asOf: string, open: string, dueSoonUntil: string | null) => string;
      readonly byRule: string;
      readonly byRuleColumns: readonly string[];
      readonly allRules: string;
      readonly byKind: string;
      readonly byKindColumns: readonly string[];
      readonly supervision: (normal: string, yellow: string, red: string) => string;
      readonly mostOverdue: string;
      readonly mostOverdueColumns: readonly string[];
      readonly overdueDays: (days: string) => string;
      readonly onTimeRecordedLate: string;
      readonly onTimeRecordedLateColumns: readonly string[];
    };
    readonly statistics: {
      readonly heading: string;
      readonly statsHeading: string;
      readonly period: (from: string | null, to: string | null) => string;
      readonly keyFigures: string;
      readonly keyFiguresColumns: readonly string[];
      readonly figure: {
        readonly received: string;
        readonly online: string;
        readonly labour: string;
        readonly accepted: string;
        readonly rejected: string;
        readonly mediationsStarted: string;
        readonly mediationsEnded: string;
        readonly casesMediated: string;
        readonly mediatedOnline: string;
        readonly amountInvolved: string;
        readonly claimedInMediated: string;
        readonly labourMediations: string;
        readonly agreed: (amount: string) => string;
        readonly successRate: string;
        readonly successRateNote: string;
        readonly amountAgreed: string;
        readonly agreements: (n: string) => string;
        readonly amountClaimed: string;
        readonly claims: (n: string) => string;
        readonly notarized: string;
        readonly notarizedNote: string;
        readonly closed: string;
        readonly settlementRate: string;
        readonly settlementRateNote: string;
        readonly onTimeRate: string;
        readonly onTimeRateNote: string;
        readonly ofWhichRecordedLate: string;
        readonly ofWhichRecordedLateNote: string;
        readonly eventsRecordedLate: string;
        readonly eventsRecordedLateNote: (cases: string) => string;
        readonly callbacksMade: string;
        readonly reached: (n: string) => string;
        readonly satisfactionRate: string;
        readonly satisfactionRateNote: string;
        readonly satisfactionWithBasic: string;
        readonly satisfactionWithBasicNote: string;
        readonly escalations: string;
        readonly cases: (n: string) => string;
        readonly consultations: string;
        readonly consultationsNote: (online: string, onSite: string) => string;
        readonly legalAid: string;
        readonly legalAidNote: (applications: string, refused: string) => string;
      };
      readonly byKind: string;
      readonly byKindColumns: readonly string[];
      readonly byUnit: string;
      readonly byUnitColumns: readonly string[];
      readonly byChannel: string;
      readonly channel: string;
      readonly byCategory: string;
      readonly category: string;
      readonly byTrack: string;
      readonly track: string;
      readonly ended: string;
      readonly byReason: string;
      readonly reason: string;
      readonly byOutcome: string;
      readonly outcome: string;
      readonly cases: string;
      readonly share: string;
    };
  };
  readonly demo: {
    readonly progress: string;
    readonly title: (year: number, seed: string) => string;
    readonly totals: (requests: string, cases: string, commands: string, events: string, store: string) => string;
    readonly next: string;
    readonly elapsed: (simulated: string, total: string) => string;
    readonly seconds: (seconds: string) => string;
    /** A demo into a store that holds events: the SQLite file, the PostgreSQL schema, or the EventStoreDB prefix. */
    readonly notEmptyFile: (fileName: string, events: string) => string;
    readonly notEmptySchema: (events: string) => string;
    readonly notEmptyPrefix: (prefix: string) => string;
    /** How to finish a demo that stopped part-way, by the kind of store. */
    readonly restart: { readonly sqlite: string; readonly postgres: string; readonly eventStoreDb: string };
    readonly year: {
      readonly heading: (requests: string, cases: string, kinds: number) => string;
      readonly byKind: string;
      readonly columns: readonly string[];
      /** How a case came in (`window`, `online`, `patrol`, …), as a column heading. */
      readonly route: (route: string) => string;
      readonly linked: (requests: string) => string;
      readonly conversions: (cases: string, from: string) => string;
      readonly conversionFrom: (n: string, kind: string) => string;
      readonly none: string;
      readonly onTheSpot: (settled: string, share: string, grids: string, microGrids: string) => string;
      readonly finalMatters: (petitions: string) => string;
    };
  };
  readonly serve: {
    readonly remoteHost: (shown: string) => string;
    readonly cannotListen: (host: string, port: number, code: string) => string;
    readonly localOnly: (host: string) => string;
    /** Said before the read models are brought up to date and read, which at 500,000 cases takes about a minute of silence otherwise. */
    readonly opening: (store: string) => string;
    /** Every page scoped to `principal` (shown), by the `--policy` file or (`null`) the shipped policies. */
    readonly scoped: (policyFile: string | null, principal: string, host: string) => string;
    readonly serving: (store: string, language: string, url: string) => string;
  };
  /** `--principal FILE` and `--policy FILE` (of `serve` and `export`): why their files cannot be used. */
  readonly principal: {
    readonly notJson: (argument: string, problem: string) => string;
    readonly policyWithoutPrincipal: string;
    /** The decoder's problems, by path. */
    readonly noPrincipal: (problems: readonly FieldError[]) => string;
    readonly noPrincipalHint: string;
    readonly policiesNotArray: string;
    readonly unusablePolicies: (problems: readonly FieldError[]) => string;
    readonly unusablePoliciesHint: string;
  };
  /** `export --with-personal-data`: its refusals, and the notice of the disclosure on stderr. */
  readonly personalData: {
    readonly principalWithout: string;
    readonly needsPrincipal: string;
    /** `principal` (its id) may not see the personal data of `refused` of the `exported` cases; `ids`: the first few. */
    readonly refused: (principal: string, refused: number, exported: number, policyFile: string | null, ids: string) => string;
    /** The notice: personal data of `cases` (or, `everyCase`, of every case of the store) in `disclosedIn`, disclosed to `principal` at `at`. */
    readonly notice: (disclosedIn: DisclosedIn, cases: readonly string[], everyCase: boolean, principal: string, policyFile: string | null, at: string) => string;
  };
  /** `export --case`: evidence bundles. */
  readonly evidence: {
    readonly needsCheckpointAndOut: string;
    readonly needsLeaves: string;
    readonly needsLeavesHint: string;
    readonly redactOrPersonalData: string;
    /** Why no bundle could be made (the engine's refusal; `revision`: what the checkpoint committed to of its stream, if known). */
    readonly refusal: (refusal: EvidenceRefusal, position: string, revision: string | null) => string;
    readonly notCommittedHint: string;
    readonly leavesHint: string;
    readonly notWritten: (checkpointFile: string) => string;
    readonly notWrittenAdvice: string;
    readonly written: (cases: number, events: number, out: string, checkpointFile: string, position: string) => string;
    readonly notCovered: (events: number) => string;
    readonly withheld: (events: number, openingsFile: string) => string;
    readonly checkAnywhere: string;
  };
  readonly checkpoint: {
    readonly cannotRead: (argument: string, why: string) => string;
    readonly checkPath: string;
    readonly cannotWrite: (file: string, why: string) => string;
    readonly needs: (command: string, option: string) => string;
    readonly keyExists: (file: string) => string;
    readonly algorithm: (algorithms: readonly string[], name: string) => string;
    readonly wroteKeys: (algorithm: string, file: string) => string;
    readonly keepKey: string;
    readonly written: (events: string, streams: string, position: string, out: string, leaves: string, seconds: string) => string;
    readonly root: (root: string, hash: string, signature: string, key: string) => string;
    /** A file given as a checkpoint that is not one (`problem`: the engine's words, which the English prints). */
    readonly notCheckpoint: (problem: string) => string;
    readonly giveCheckpoint: string;
    /** A leaves file that is not one (`problem`: the engine's words, which the English prints). */
    readonly notLeaves: (problem: string) => string;
    readonly giveLeaves: string;
    /** A key file the engine cannot use (not PEM, not a key, a key of another algorithm or the other half of the pair). */
    readonly unusableKey: (error: CheckpointKeyError) => string;
    readonly differs: (file: string, count: number) => string;
    /** One difference from a checkpoint, as an indented line (`caseId`: the case of its stream, if any). */
    readonly difference: (difference: CheckpointDifference, caseId: string | null) => string;
    readonly restore: string;
    readonly holds: (file: string, events: string, streams: string, position: string, takenAt: string) => string;
    readonly intact: (events: string, streams: string) => string;
  };
  readonly export: {
    readonly progress: string;
    readonly exported: (events: string, streams: string, out: string) => string;
    readonly redactWithoutCase: string;
    /** What an export cut short by a write in progress left: stdout without its end line, or no file. */
    readonly cutShort: (toStdout: boolean, hint: string) => string;
    readonly broken: (streamId: string, caseId: string | null, revision: string, position: string, reason: string, brokenEvents: number) => string;
    readonly brokenAdvice: string;
    readonly differs: (checkpointFile: string) => string;
    readonly differsAdvice: string;
  };
  readonly import: {
    readonly progress: string;
    readonly differentDirectory: string;
    readonly imported: (events: string, store: string, streams: string, already: string | null, checked: string) => string;
    /** What was checked beyond the chains, by the file's commitment. */
    readonly commitment: { readonly none: string; readonly root: string; readonly checkpoint: string; readonly signedCheckpoint: string };
    /** Another process appended to a stream after this import compared the file with the database: the revision the import expected and the stream's, `null` for no stream. */
    readonly streamWrittenMeanwhile: (streamId: string, expected: bigint | null, actual: bigint | null) => string;
    readonly streamWrittenMeanwhileHint: string;
  };
  /** The checks of an export file on `import`: what is wrong with a line (the place is the error's), and what to do. */
  readonly importFile: {
    readonly nothingImported: string;
    readonly moreAfterEnd: string;
    readonly notJson: (problem: string) => string;
    readonly notObject: string;
    readonly notHeader: (format: string) => string;
    readonly isThisAnExport: string;
    readonly unsupportedVersion: (version: string, readable: readonly number[]) => string;
    readonly useWriterVersion: string;
    readonly badCheckpoint: (problem: string) => string;
    readonly noCheckpointInVersion1: string;
    readonly badDirectory: (problems: string) => string;
    readonly fixDirectory: string;
    readonly leafPlacement: string;
    readonly leafFields: string;
    readonly endCounts: string;
    readonly endRoot: (version: number) => string;
    readonly unknownKind: (kind: string) => string;
    /** A problem of one event of the file. */
    readonly at: (streamId: string, revision: string, problem: string) => string;
    readonly invalidEvent: (type: string, field: string | null, reason: string) => string;
    readonly cannotRead: (why: string) => string;
    readonly checkPath: string;
    readonly empty: string;
    readonly cutOff: string;
    readonly exportAgain: string;
    readonly noCheckpointForKey: string;
    readonly exportWithCheckpoint: string;
    readonly countsDiffer: (endEvents: number, endStreams: number, events: number, streams: number) => string;
    readonly rootDiffers: (streams: number, root: string, endRoot: string) => string;
    /** A difference from the file's checkpoint, naming its stream's case (`caseId`, when a case stream). */
    readonly differsFromCheckpoint: (difference: CheckpointDifference, caseId: string | null) => string;
    /** Every problem found at the end of the file, in one sentence. */
    readonly problems: (problems: readonly string[]) => string;
    readonly changedWhileImported: (problem: string) => string;
    readonly importAgain: string;
    readonly brokenChainHint: string;
    readonly tamperedHint: string;
    readonly changedContent: string;
    readonly withheldContent: string;
    readonly withheldHint: string;
    readonly expectedRevision: (revision: string) => string;
    readonly prevHashUnlinked: (revision: string) => string;
    readonly genesis: string;
    readonly startsLate: (revision: string, before: string) => string;
    readonly tooLong: (line: number, mib: number) => string;
    readonly notUtf8: string;
    readonly utf8Hint: string;
    readonly tooLongHint: string;
    readonly wouldBreak: string;
    readonly streamProblem: (streamId: string, problem: string) => string;
    readonly differsFromDatabase: (revision: string) => string;
    readonly noSuchStream: (revision: string) => string;
    readonly databaseEndsBefore: (revision: string, head: string) => string;
    readonly doesNotLink: (revision: string, head: string) => string;
  };
  readonly verify: {
    readonly progress: string;
    readonly ok: (events: string, streams: string) => string;
    readonly incomplete: (why: string) => string;
    readonly incompleteDetail: (events: string, hint: string) => string;
    readonly incompleteRead: (reached: string, until: string) => string;
    readonly incompleteReadHint: string;
    /** The first line of a failed check, by how the chain (or the stream's head) was broken. */
    readonly broken: (kind: BrokenLinkKind) => string;
    readonly stream: (stream: string, caseId: string | null) => string;
    readonly revision: (revision: string) => string;
    /** The line naming how the chain was broken. */
    readonly kind: (kind: BrokenLinkKind) => string;
    /** The line saying what is wrong, from the link's stream, revision and position. */
    readonly detail: (link: BrokenLink) => string;
    readonly brokenAdvice: string;
    /** The first line when the read models' checkpoints are past the store's last event (SQLite): the furthest checkpoint and the last position. */
    readonly readModelsAhead: (position: string, lastPosition: string) => string;
    /** The line naming the furthest read model (`others`: how many more are past the last position). */
    readonly readModel: (name: string, others: number) => string;
    /** What read models past the last event mean, and what to do. */
    readonly readModelsAheadAdvice: string;
  };
  readonly replay: {
    readonly partly: (why: string) => string;
    readonly partlyDetail: (position: string, hint: string) => string;
    readonly done: (position: string, cases: string, store: string, projections: string, seconds: string, verified: boolean) => string;
  };
  readonly timeline: {
    readonly title: (caseId: string, events: number, kind: string, version: number) => string;
    readonly columns: readonly string[];
    readonly recordedLate: (occurred: string, recorded: string) => string;
    readonly deadlinesTitle: string;
    readonly deadlineColumns: readonly string[];
    readonly unknownDue: (years: string) => string;
    readonly metRecordedLate: (at: string) => string;
    readonly met: string;
    readonly missed: string;
    readonly breached: string;
    readonly paused: string;
    readonly running: string;
  };
}
