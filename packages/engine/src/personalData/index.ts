/** Personal-data protection: envelope encryption per data subject, keystores, crypto-shredding (docs/personal-data.md). */
export { type PersonalDataCipher, type SealedBytes, aes256Gcm, sm4CtrHmacSm3 } from './personalDataCipher.js';
export { type KeyManagement, type LocalMasterKeyOptions, localMasterKey, newDataKey } from './keyManagement.js';
export { type SubjectKeyRecord, type NewSubjectKey, type SubjectErasure, type SubjectKeystore, type KeystoreIdentity, inMemoryKeystore } from './subjectKeystore.js';
export { type SealedPersonalData, isSealedPersonalData } from './sealedPersonalData.js';
export { type PersonalDataSite, personalDataSites, replacePersonalData } from './personalDataPaths.js';
export { type ProtectPersonalDataOptions, type ForgetOptions, type ForgetResult, type ProtectedEventStore, protectPersonalData } from './protectPersonalData.js';
export { PERSONAL_DATA_ERASED, erasureStreamOf } from './erasureStream.js';
export { KEYSTORE_BINDING_STREAM, KEYSTORE_BOUND } from './keystoreBinding.js';
export {
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
} from './personalDataErrors.js';
