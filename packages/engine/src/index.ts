/**
 * @casefold/engine — ports and orchestration: the event-store port and its errors, the
 * in-memory store, the hash-chained audit and its verification, event codecs and
 * upcasting, command handling, and the projection runner. What only a store writer needs
 * (event rows, read ranges, append validation and chaining, option checks, migrations) is
 * at `@casefold/engine/adapter`; the conformance suites and the in-memory store's tampering
 * hook at `@casefold/engine/testing` (docs/packages.md, "Public surface").
 */
export type {
  Json,
  ExpectedRevision,
  EventMetadata,
  NewEvent,
  RecordedEvent,
  StoredEvent,
  AppendOptions,
  AppendResult,
  Direction,
  ReadStreamOptions,
  StreamFilter,
  ReadAllOptions,
  SubscribeOptions,
  LastPositionOptions,
  PagedAsyncIterator,
  Subscription,
  EventStore,
} from './eventStore/eventStore.js';
export { forEachEvent } from './eventStore/forEachEvent.js';
export { parseStoredEvent } from './eventStore/parseStoredEvent.js';
export { isCasefoldError, type CasefoldErrorKinds, CasefoldError } from './eventStore/casefoldError.js';
export {
  type ActualRevision,
  WrongExpectedRevisionError,
  isWrongExpectedRevisionError,
  type EventDecodeErrorDetails,
  EventDecodeError,
  isEventDecodeError,
  StoreUnavailableError,
  isStoreUnavailableError,
  StoreClosedError,
  isStoreClosedError,
  InvalidAppendError,
  isInvalidAppendError,
  InvalidStreamFilterError,
  isInvalidStreamFilterError,
} from './eventStore/errors.js';
export {
  InvalidStoreOptionError,
  isInvalidStoreOptionError,
  DatabaseOpenError,
  isDatabaseOpenError,
  IncompatibleDatabaseError,
  isIncompatibleDatabaseError,
  SchemaTooNewError,
  isSchemaTooNewError,
  ProjectionRecordCorruptError,
  isProjectionRecordCorruptError,
} from './eventStore/storeErrors.js';
export type { SettingsStore } from './eventStore/settingsStore.js';
export type { CasefoldStore } from './eventStore/casefoldStore.js';
export { type AggregateStreamOptions, type AggregateStreamResult, aggregateStream } from './eventStore/aggregateStream.js';
export { openInMemoryStore } from './eventStore/openInMemoryStore.js';
export { MAX_ID_BYTES, MAX_APPEND_BYTES } from './eventStore/validateAppend.js';
export { getInMemoryEventStore } from './eventStore/inMemoryEventStore.js';
export { canonicalJson } from './hashing/canonicalJson.js';
export { GENESIS_HASH, hashedContent, eventHash, type HashedEventJson, eventHashOfJson } from './hashing/chainEvents.js';
export {
  type ChainBreakKind,
  type BrokenLinkKind,
  type ChainBreak,
  type HeadRecordBreak,
  type BrokenLink,
  type VerifySummary,
  type VerifyResult,
  type VerifyOptions,
  PROGRESS_INTERVAL,
  DEFAULT_MAX_BROKEN_LINKS,
  type FindBrokenLinksOptions,
  type BrokenLinks,
  findBrokenLinks,
  storedEventMatchesHash,
  verifyStream,
  verifyAll,
  replayVerified,
} from './audit/verify.js';
export { jsonAmbiguity } from './audit/jsonAmbiguity.js';
export { type HeadRecordDifference, type HeadRecordSource, hasHeadRecords } from './audit/headRecords.js';
export { type ReadModelPositions, type ReadModelPositionSource, type ReadModelsAhead, hasReadModelPositions, findReadModelsAhead } from './audit/readModelsAhead.js';
export { type HashProvider, type SignatureProvider, sha256, sm3, ed25519, generateEd25519KeyPair } from './audit/checkpoints/providers.js';
export { CheckpointKeyError, isCheckpointKeyError } from './audit/checkpoints/checkpointErrors.js';
export type { HeadEvent } from './eventStore/headEventReader.js';
export { type StreamLeaf, leafJson, merkleRoot, compareLeaves, type StoreHeads, readStoreHeads, type StoreHeadsCollector, collectStoreHeads } from './audit/checkpoints/storeHeads.js';
export {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  type Checkpoint,
  signedMessage,
  checkpointText,
  checkpointDigest,
  type TakeCheckpointOptions,
  type TakeCheckpointResult,
  takeCheckpoint,
  type SignCheckpointOptions,
  signCheckpoint,
} from './audit/checkpoints/checkpoint.js';
export { parseCheckpoint, leavesText, parseLeaves } from './audit/checkpoints/checkpointFiles.js';
export { type CheckpointEvery, type StartCheckpointingOptions, type Checkpointing, startCheckpointing } from './audit/checkpoints/periodicCheckpoints.js';
export {
  type CheckpointChainBreak,
  type VerifyCheckpointChainOptions,
  type CheckpointChainVerified,
  type VerifyCheckpointChainResult,
  verifyCheckpointChain,
} from './audit/checkpoints/verifyCheckpointChain.js';
export { type InclusionProof, inclusionProof, rootOfInclusionProof } from './audit/evidence/inclusionProof.js';
export {
  EVIDENCE_BUNDLE_FORMAT,
  EVIDENCE_BUNDLE_VERSION,
  type EvidenceBundle,
  type EvidenceCase,
  type EvidenceEvent,
  type RedactedEvidenceEvent,
  type UncoveredEvent,
  type OnTimeRecordedLate,
  type EvidenceRedaction,
  type PersonalDataOpening,
} from './audit/evidence/evidenceBundle.js';
export { personalDataCommitment, redactPersonalData, type RedactedPersonalData, type RedactPersonalDataResult } from './audit/evidence/redactPersonalData.js';
export { workflowData } from './audit/evidence/workflowData.js';
export {
  type BuildEvidenceBundleOptions,
  type EvidenceBundleResult,
  type EvidenceRefusal,
  type BuildEvidenceBundleResult,
  buildEvidenceBundle,
  evidenceBundleText,
} from './audit/evidence/buildEvidenceBundle.js';
export {
  type CheckpointDifference,
  type CheckpointDifferenceKind,
  type VerifyCheckpointOptions,
  type CheckpointDifferencesOptions,
  checkpointDifferences,
  type CheckpointVerified,
  type VerifyCheckpointResult,
  verifyCheckpoint,
} from './audit/checkpoints/verifyCheckpoint.js';
export { type DomainMetadata, type EncodedEvent, type EventCodec, ENGINE_METADATA_KEYS, domainMetadataOf } from './serialization/eventCodec.js';
export { type Upcaster, type UpcasterRegistry, schemaVersionOf, upcasterRegistry, withUpcasters } from './serialization/upcasterRegistry.js';
export { type TaggedEventJson, type IoTsEventCodecOptions, ioTsEventCodec } from './serialization/ioTsEventCodec.js';
export type { Decider } from './commandHandling/decider.js';
export { type RetryOptions, type RetryPolicy, retryPolicy } from './commandHandling/retryPolicy.js';
export { type CachedStream, type StreamStateCache, streamStateCache } from './commandHandling/streamStateCache.js';
export { type CommandEnvelope, type HandleCommandOptions, type CommandResult, type CommandFailure, type HandleCommandResult, handleCommand } from './commandHandling/handleCommand.js';
export { type StoredProjection, type ProjectionStore, ProjectionConflictError, isProjectionConflictError } from './projections/projectionStore.js';
export { projectStream } from './projections/projectStream.js';
export { getInMemoryProjectionStore } from './projections/inMemoryProjectionStore.js';
export { envelopeOf, applyEnvelopes } from './projections/applyEnvelopes.js';
export {
  ProjectionWaitTimeoutError,
  isProjectionWaitTimeoutError,
  ProjectionStoppedError,
  isProjectionStoppedError,
  ProjectionApplyError,
  isProjectionApplyError,
  ProjectionStateError,
  isProjectionStateError,
} from './projections/projectionRunnerErrors.js';
export { type StateCodec, type StartProjectionOptions, type ProjectionStatus, type ProjectionControls, type ProjectionRunner, startProjection } from './projections/startProjection.js';
export { type RebuildVerifiedOptions, type RebuildVerifiedResult, rebuildVerified } from './projections/rebuildVerified.js';
export type { RowCheckpoint, RowCommit, RowModel, RowProjectionStore } from './projections/rows/rowProjectionStore.js';
export { RowModelError, type StoredRowsProblem, isRowModelError } from './projections/rows/rowModelError.js';
export { MAX_ROW_PAGE } from './projections/rows/rowModel.js';
export { getInMemoryRowProjectionStore } from './projections/rows/inMemoryRowProjectionStore.js';
export { type StartRowProjectionOptions, type RowProjectionRunner, startRowProjection } from './projections/rows/startRowProjection.js';
export {
  CHINA_WORKING_HOURS,
  chinaCalendar,
  chinaHolidayYears,
  type ChinaCalendarOptions,
  HolidayDataFormatError,
  isHolidayDataFormatError,
  HolidayDataMissingError,
  isHolidayDataMissingError,
} from './calendars/index.js';
export {
  caseEventCodec,
  type CaseEventCodecOptions,
  caseDecider,
  caseStreamId,
  caseIdOfStream,
  type CaseCommandHandlerOptions,
  type ExecuteCaseCommandOptions,
  DEFAULT_CLOCK_SKEW_TOLERANCE_MS,
  type ExecuteCaseCommand,
  caseCommandHandler,
  type CaseConversion,
  type ConvertCaseFailure,
  type ConvertCaseResult,
  type ConvertedCaseSubmission,
  conversionCommandIds,
  convertCase,
  type ReceiveAtWindowFailure,
  type ReceiveAtWindowResult,
  receiveAtWindow,
} from './cases/index.js';
export {
  type PersonalDataCipher,
  type SealedBytes,
  aes256Gcm,
  sm4CtrHmacSm3,
  type KeyManagement,
  type LocalMasterKeyOptions,
  localMasterKey,
  newDataKey,
  type SubjectKeyRecord,
  type NewSubjectKey,
  type SubjectErasure,
  type SubjectKeystore,
  type KeystoreIdentity,
  inMemoryKeystore,
  type SealedPersonalData,
  isSealedPersonalData,
  type PersonalDataSite,
  personalDataSites,
  replacePersonalData,
  type ProtectPersonalDataOptions,
  type ForgetOptions,
  type ForgetResult,
  type ProtectedEventStore,
  PERSONAL_DATA_ERASED,
  erasureStreamOf,
  protectPersonalData,
  KEYSTORE_BINDING_STREAM,
  KEYSTORE_BOUND,
  PersonalDataKeyMissingError,
  PersonalDataUnreadableError,
  PersonalDataRefusedError,
  InvalidForgetError,
  UnsupportedCipherError,
  isPersonalDataKeyMissingError,
  isPersonalDataUnreadableError,
  isPersonalDataRefusedError,
  isInvalidForgetError,
  isUnsupportedCipherError,
  KeystoreNotFoundError,
  KeystoreMismatchError,
  KeyManagementMismatchError,
  UnknownSubjectError,
  InvalidMasterKeyError,
  isKeystoreNotFoundError,
  isKeystoreMismatchError,
  isKeyManagementMismatchError,
  isUnknownSubjectError,
  isInvalidMasterKeyError,
} from './personalData/index.js';
export {
  recordsStreamId,
  recordsEventCodec,
  type RecordsCommandHandlerOptions,
  type ExecuteRecordsCommandOptions,
  type ExecuteRecordsCommand,
  readCaseRecord,
  recordsCommandHandler,
} from './records/recordsCommandHandler.js';
export { type DisposeExpiredOptions, type DisposedCase, type DisposeExpiredResult, disposeExpired } from './records/disposeExpired.js';
export { TENANT_ID_PATTERN, TENANT_STREAM_SEPARATOR, TENANT_NAME_SEPARATOR, InvalidTenantError, isInvalidTenantError, checkTenantId, tenantStreamPrefix, tenantOfStream } from './tenancy/tenantId.js';
export { type TenantEventStore, tenantEventStore } from './tenancy/tenantEventStore.js';
export { type TenantStore, type TenantPartOptions, tenantName, tenantProjectionStore, tenantRowProjectionStore, tenantSettingsStore, tenantStore } from './tenancy/tenantStore.js';
