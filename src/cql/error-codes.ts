/**
 * @module cql/error-codes
 * The one table from sealtable's exception names to CQL native-protocol error codes
 * (reference/cql.md §2.4; after datastax/nodejs-driver `responseErrorCodes`). The CQL executor
 * and the wire server answer with these; anything unlisted is a Server error (0x0000).
 *
 * Choices: KMS errors met while using a table's key (disabled, pending deletion, access
 * revoked…) are Invalid (0x2200), as reference/cql.md suggests, so drivers rethrow at once
 * instead of retrying; AccessDenied on the store's own principal is Unauthorized (0x2100);
 * throttling is Overloaded (0x1001), which drivers retry only for idempotent statements.
 */
import type { ExceptionName } from '../common/errors.js';

/** CQL native-protocol error codes used by sealtable. */
export const CQL_ERROR_CODES = {
  serverError: 0x0000,
  protocolError: 0x000a,
  overloaded: 0x1001,
  syntaxError: 0x2000,
  unauthorized: 0x2100,
  invalid: 0x2200,
  configError: 0x2300,
  alreadyExists: 0x2400,
  unprepared: 0x2500,
} as const;

/** The protocol code of each named exception (plus the parser's SyntaxException). */
export const ERROR_CODE_BY_NAME: Readonly<Record<ExceptionName | 'SyntaxException', number>> = {
  SyntaxException: CQL_ERROR_CODES.syntaxError,
  ValidationException: CQL_ERROR_CODES.invalid,
  ResourceNotFoundException: CQL_ERROR_CODES.invalid,
  ResourceInUseException: CQL_ERROR_CODES.alreadyExists,
  ConditionalCheckFailedException: CQL_ERROR_CODES.invalid,
  TransactionConflictException: CQL_ERROR_CODES.invalid,
  ThrottlingException: CQL_ERROR_CODES.overloaded,
  AccessDeniedException: CQL_ERROR_CODES.unauthorized,
  DataIntegrityException: CQL_ERROR_CODES.serverError,
  NotFoundException: CQL_ERROR_CODES.invalid,
  DisabledException: CQL_ERROR_CODES.invalid,
  KMSInvalidStateException: CQL_ERROR_CODES.invalid,
  InvalidCiphertextException: CQL_ERROR_CODES.invalid,
  IncorrectKeyException: CQL_ERROR_CODES.invalid,
  InvalidKeyUsageException: CQL_ERROR_CODES.invalid,
  InvalidGrantTokenException: CQL_ERROR_CODES.invalid,
  InvalidGrantIdException: CQL_ERROR_CODES.invalid,
  AlreadyExistsException: CQL_ERROR_CODES.invalid,
  InvalidAliasNameException: CQL_ERROR_CODES.invalid,
  InvalidArnException: CQL_ERROR_CODES.invalid,
  InvalidMarkerException: CQL_ERROR_CODES.invalid,
  LimitExceededException: CQL_ERROR_CODES.invalid,
  UnsupportedOperationException: CQL_ERROR_CODES.invalid,
  TagException: CQL_ERROR_CODES.invalid,
  MalformedPolicyDocumentException: CQL_ERROR_CODES.invalid,
  ConflictException: CQL_ERROR_CODES.invalid,
  DryRunOperationException: CQL_ERROR_CODES.invalid,
  CustomKeyStoreNotFoundException: CQL_ERROR_CODES.invalid,
  KMSInvalidMacException: CQL_ERROR_CODES.invalid,
  KMSInternalException: CQL_ERROR_CODES.serverError,
  KeyUnavailableException: CQL_ERROR_CODES.serverError,
};

/**
 * The protocol code for an error: by its `name` when sealtable knows it, else Server error.
 * @param error - anything thrown
 * @returns the CQL native-protocol error code
 * @example errorCodeOf(new ValidationException('…')) // 0x2200
 */
export function errorCodeOf(error: unknown): number {
  const name = (error as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && Object.hasOwn(ERROR_CODE_BY_NAME, name)) return ERROR_CODE_BY_NAME[name as keyof typeof ERROR_CODE_BY_NAME];
  return CQL_ERROR_CODES.serverError;
}
