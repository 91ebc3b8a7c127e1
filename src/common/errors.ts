/**
 * @module common/errors
 * The catchable error contract of sealtable, in the shape of the AWS SDK for JavaScript v3
 * (smithy `ServiceException`): every error has a literal `name` equal to the AWS exception
 * name, a `$fault` telling client mistakes from server faults, and an optional `$retryable`.
 * Callers match on `name`, never on `message` (STYLE.md §Errors).
 *
 * Argument mistakes that are programming errors (a string where bytes are expected, a key of
 * the wrong length) are not part of this contract: they throw the built-in `TypeError` or
 * `RangeError` naming the argument.
 */

/** Options accepted by every exception constructor. */
export interface ExceptionOptions {
  /** The lower-layer failure this error wraps. */
  cause?: unknown;
}

/**
 * Base class of every named sealtable exception.
 * @example
 * try { await kms.describeKey({ KeyId: 'alias/none' }); }
 * catch (e) { if (e instanceof StoreServiceException && e.name === 'NotFoundException') … }
 */
export abstract class StoreServiceException extends Error {
  abstract override readonly name: string;
  /** `client` when the caller can fix the request, `server` otherwise. */
  abstract readonly $fault: 'client' | 'server';
  /** Present when the AWS SDK would retry this error. */
  readonly $retryable?: { throttling?: boolean };

  constructor(message: string, options?: ExceptionOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** Declares a client-fault exception class with a literal name. */
function clientException<N extends string>(name: N) {
  return class extends StoreServiceException {
    override readonly name: N = name;
    readonly $fault = 'client' as const;
  };
}

/** Declares a server-fault exception class with a literal name. */
function serverException<N extends string>(name: N) {
  return class extends StoreServiceException {
    override readonly name: N = name;
    readonly $fault = 'server' as const;
    override readonly $retryable = {};
  };
}

// ---- KMS (names and meanings of @aws-sdk/client-kms) ----
/** The key or alias does not exist, or a key id is malformed. */
export class NotFoundException extends clientException('NotFoundException') {}
/** The key is disabled (or, for some operations, pending deletion). */
export class DisabledException extends clientException('DisabledException') {}
/** The key's state does not allow the operation. */
export class KMSInvalidStateException extends clientException('KMSInvalidStateException') {}
/** The ciphertext blob or its encryption context does not authenticate. AWS sends no message. */
export class InvalidCiphertextException extends clientException('InvalidCiphertextException') {}
/** The KeyId given to Decrypt or ReEncrypt is not the key that made the ciphertext. */
export class IncorrectKeyException extends clientException('IncorrectKeyException') {}
/** The key's KeyUsage does not allow the operation. */
export class InvalidKeyUsageException extends clientException('InvalidKeyUsageException') {}
/** A grant token is malformed or names no live grant. */
export class InvalidGrantTokenException extends clientException('InvalidGrantTokenException') {}
/** A grant id names no grant of the key. */
export class InvalidGrantIdException extends clientException('InvalidGrantIdException') {}
/** An alias with that name already exists. */
export class AlreadyExistsException extends clientException('AlreadyExistsException') {}
/** The alias name is not allowed. */
export class InvalidAliasNameException extends clientException('InvalidAliasNameException') {}
/** An ARN is malformed, or an alias was given where only key ids and ARNs are accepted. */
export class InvalidArnException extends clientException('InvalidArnException') {}
/** A pagination marker is not one this KMS issued. */
export class InvalidMarkerException extends clientException('InvalidMarkerException') {}
/** A quota was passed (grants, aliases, tags, on-demand rotations). The SDK retries it. */
export class LimitExceededException extends clientException('LimitExceededException') {
  override readonly $retryable = {};
}
/** The operation is not supported for this key. */
export class UnsupportedOperationException extends clientException('UnsupportedOperationException') {}
/** A tag is malformed, duplicated, reserved, or one too many. */
export class TagException extends clientException('TagException') {}
/** The key policy is not valid JSON or not a valid policy. */
export class MalformedPolicyDocumentException extends clientException('MalformedPolicyDocumentException') {}
/** The request conflicts with the key's current state (e.g. a rotation in progress). */
export class ConflictException extends clientException('ConflictException') {}
/** DryRun was set and the request would have succeeded. */
export class DryRunOperationException extends clientException('DryRunOperationException') {}
/** No custom key store has that id (this KMS has none). */
export class CustomKeyStoreNotFoundException extends clientException('CustomKeyStoreNotFoundException') {}
/** A MAC did not verify. */
export class KMSInvalidMacException extends clientException('KMSInvalidMacException') {}
/** The caller is not allowed by the key policy or a grant. */
export class AccessDeniedException extends clientException('AccessDeniedException') {}
/** The request rate quota was passed. The SDK retries it. */
export class ThrottlingException extends clientException('ThrottlingException') {
  override readonly $retryable = { throttling: true };
}
/** A member failed its model constraint (length, range, pattern, enum, required). */
export class ValidationException extends clientException('ValidationException') {}
/** The KMS failed internally. */
export class KMSInternalException extends serverException('KMSInternalException') {}
/** The key is temporarily unavailable. */
export class KeyUnavailableException extends serverException('KeyUnavailableException') {}

// ---- Table store (names of Amazon Keyspaces / DynamoDB) ----
/** The keyspace, table or backup does not exist. */
export class ResourceNotFoundException extends clientException('ResourceNotFoundException') {}
/** The resource is in use or in a state that does not allow the operation. */
export class ResourceInUseException extends clientException('ResourceInUseException') {}
/** A conditional write (IF NOT EXISTS, IF …) did not apply. */
export class ConditionalCheckFailedException extends clientException('ConditionalCheckFailedException') {}
/** Another transaction holds the rows. */
export class TransactionConflictException extends clientException('TransactionConflictException') {}

/**
 * Stored data failed authentication or is malformed: a flipped bit, a block moved from another
 * segment or table, a missing block, a stale header. The message names the table and the
 * segment (or log generation). sealtable never returns data that did not authenticate.
 */
export class DataIntegrityException extends serverException('DataIntegrityException') {}

/** Every exception class above, keyed by name (for wire mapping and tests). */
export const EXCEPTIONS = {
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
} as const;

/** The name of any sealtable exception. */
export type ExceptionName = keyof typeof EXCEPTIONS;
