/**
 * @module keys/types
 * The shapes the key hierarchy shares with the catalog and the storage engine (DESIGN.md "The
 * key hierarchy"; seed 001 "Clé de table"): which KMS key a table uses, who the table is, what
 * the catalog stores for one table-key version (never plaintext), and the KMS the keys layer
 * talks to.
 */
import type { CallAsOptions, GetAwsOwnedKeyRequest, KeyMetadataResponse, KmsClient } from '../kms/index.js';
import type { ENCRYPTION_TYPES } from './constants.js';

/** Keyspaces' `encryption_type`: the service's AWS-owned key, or a key of the customer's account. */
export type EncryptionType = (typeof ENCRYPTION_TYPES)[number];

/** Keyspaces' `encryption_specification` of a table. */
export interface EncryptionSpecification {
  type: EncryptionType;
  /** Key id, key ARN, alias name or alias ARN; required for `CUSTOMER_MANAGED_KMS_KEY`, absent otherwise. */
  kmsKeyIdentifier?: string;
}

/** Who a table is: its names and its unique, never reused id. */
export interface TableIdentity {
  keyspace: string;
  table: string;
  tableId: string;
}

/**
 * What the catalog stores for one table-key version: never plaintext. JSON-serialisable (the
 * blob is a base64 string).
 */
export interface TableKeyRecord {
  /** The table-key version (1 at creation, +1 at each change of KMS key). */
  version: number;
  encryptionType: EncryptionType;
  /** ARN of the KMS key the table key is encrypted under. */
  kmsKeyArn: string;
  /** The KMS ciphertext blob of the table key, base64. */
  ciphertextBlob: string;
  /** The encryption context KMS bound the blob to (informational: Decrypt recomputes it from the table). */
  encryptionContext: Record<string, string>;
  /** The table-operations grant the table holds on a customer-managed key (empty for the AWS-owned key); retired when the table is deleted or moves to another key. */
  grantIds: string[];
  /** The automatic-backup grant on a customer-managed key; retired 42 days after the table is deleted. */
  backupGrantIds?: string[];
  /** Creation time, epoch milliseconds of the service's clock. */
  createdAt: number;
}

/**
 * The KMS the keys layer needs: the store's {@link KmsClient} plus `as()` (calls made by the
 * service principal) and `getAwsOwnedKey()` (the service's own key). `LocalKms` is one.
 */
export interface TableKeyKms extends KmsClient {
  /** A view whose calls are made by `principal`, through `options.viaService`. */
  as(principal: string, options?: CallAsOptions): TableKeyKms;
  /** The calling service principal's AWS-owned key of that name (created on first call). */
  getAwsOwnedKey(input: GetAwsOwnedKeyRequest): Promise<KeyMetadataResponse>;
}
