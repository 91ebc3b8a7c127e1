/** @module common — errors and preconditions shared by every layer. */
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
  DataIntegrityException,
  EXCEPTIONS,
} from './errors.js';
export type { ExceptionOptions, ExceptionName } from './errors.js';
export { needs } from './needs.js';
export { CopyArena } from './copy-arena.js';
export { isBytes, describeType } from './arguments.js';
export type { ErrorClass } from './needs.js';
