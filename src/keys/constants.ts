/**
 * @module keys/constants
 * Defaults and names of the key hierarchy (DESIGN.md "The key hierarchy", "Table-key cache";
 * seed 001 "Clé de table", "Mise en cache des clés de table"): the service principal that uses
 * the KMS key, the five-minute idle period of a cached table key, the encryption-context keys
 * that bind a table key to its table, and the operations the service's grant allows.
 */

/** The service principal that calls KMS for the tables, as Amazon Keyspaces does. */
export const DEFAULT_SERVICE_PRINCIPAL = 'cassandra.amazonaws.com';

/** A plaintext table key idle this long (5 minutes) is dropped; the next use calls KMS Decrypt again. */
export const DEFAULT_TABLE_KEY_IDLE_MS = 300_000;

/** How many table-key versions the cache holds at most before it drops the least recently used. */
export const DEFAULT_TABLE_KEY_CACHE_ENTRIES = 1000;

/** Byte budget of the decrypted-block cache of one table-key entry (64 MiB; filled only as blocks are read, dropped with the key after 5 idle minutes). */
export const DEFAULT_BLOCK_CACHE_BYTES = 64 * 1024 * 1024;

/** How many unwrapped DEKs one table-key entry keeps at most (the least recently used is zeroed). */
export const MAX_CACHED_DEKS_PER_ENTRY = 4096;

/** Length in bytes of a table key and of a DEK: AES-256. */
export const TABLE_KEY_LENGTH = 32;
export const DEK_LENGTH = 32;

/** Name of the service's own AWS-owned KMS key that protects tables on `AWS_OWNED_KMS_KEY`. */
export const AWS_OWNED_TABLE_KEY_NAME = 'sealtable-tables';

/** Hex characters of a {@link keyFingerprint} (the first 8 bytes of SHA-256). */
export const KEY_FINGERPRINT_LENGTH = 16;

/** Encryption-context keys of a table key: KMS binds the table key's blob to all four. */
export const ENCRYPTION_CONTEXT_KEYS = {
  keyspace: 'aws:cassandra:keyspaceName',
  table: 'aws:cassandra:tableName',
  tableId: 'sealtable:table-id',
  keyVersion: 'sealtable:key-version',
} as const;

/**
 * What the grant on a customer-managed key lets the service do (the operations of the grant
 * Amazon Keyspaces creates), constrained to the table's encryption context.
 */
export const SERVICE_GRANT_OPERATIONS = [
  'Decrypt',
  'Encrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'ReEncryptFrom',
  'ReEncryptTo',
  'DescribeKey',
  'RetireGrant',
] as const;

/** The two kinds of KMS key a table can be encrypted under (Keyspaces' `encryption_type`). */
export const ENCRYPTION_TYPES = ['AWS_OWNED_KMS_KEY', 'CUSTOMER_MANAGED_KMS_KEY'] as const;

/** How many times `entry()` asks again when the cache drops its in-flight fetch (an evict, a replacement). */
export const TABLE_KEY_FETCH_ATTEMPTS = 3;
