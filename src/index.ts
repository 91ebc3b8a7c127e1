/**
 * @module sealtable
 * Package root: the embedded encrypted table store (`Store`), the local KMS at the root of its
 * key hierarchy (`LocalKms`), the clocks, and the error classes.
 */
export { Store } from './table/store.js';
export type {
  StoreOptions,
  CreateTableOptions,
  WriteOptions,
  Restriction,
  QueryOptions,
  Page,
  BatchWrite,
  KeyHierarchy,
  TableRecord,
  KeyspaceRecord,
  TableStatus,
  CurrentRow,
  BackupRecord,
  BatchOptions,
} from './table/store.js';
export type { Row } from './table/rows.js';
export { Session, PreparedStatement, CqlSyntaxError, errorCodeOf, CQL_ERROR_CODES } from './cql/index.js';
export { JsonLinesSink } from './lifecycle/notifications.js';
export type { Notification, NotificationType, NotificationSink } from './lifecycle/notifications.js';
export type { ExecuteOptions, ResultSet, ColumnSpec, SchemaChange, Params } from './cql/index.js';
export type { TableDefinition, TableSchema, ColumnDef } from './table/schema.js';
export type { EncryptionSpecification, EncryptionType } from './keys/index.js';
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
  DataIntegrityException,
} from './common/index.js';
