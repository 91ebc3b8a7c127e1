/**
 * @module sealtable
 * Package root. The table store (`Store`) arrives with the engine; today the root exports the
 * local KMS, the clocks, the crypto core and the error classes.
 */
export { LocalKms } from './kms/index.js';
export type { LocalKmsOptions, CallAsOptions, KmsClient } from './kms/index.js';
export type * from './kms/types.js';
export { ManualClock, SystemClock, systemClock } from './clock/index.js';
export type { Clock, Timer } from './clock/index.js';
export {
  StoreServiceException,
  NotFoundException,
  DisabledException,
  KMSInvalidStateException,
  InvalidCiphertextException,
  IncorrectKeyException,
  InvalidKeyUsageException,
  InvalidGrantTokenException,
  InvalidGrantIdException,
  AlreadyExistsException,
  InvalidAliasNameException,
  InvalidArnException,
  InvalidMarkerException,
  LimitExceededException,
  UnsupportedOperationException,
  TagException,
  MalformedPolicyDocumentException,
  ConflictException,
  DryRunOperationException,
  CustomKeyStoreNotFoundException,
  KMSInvalidMacException,
  AccessDeniedException,
  ThrottlingException,
  ValidationException,
  KMSInternalException,
  KeyUnavailableException,
  ResourceNotFoundException,
  ResourceInUseException,
  ConditionalCheckFailedException,
  TransactionConflictException,
} from './common/index.js';
