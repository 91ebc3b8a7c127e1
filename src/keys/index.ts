/**
 * @module keys
 * The key hierarchy under the KMS (DESIGN.md "The key hierarchy", "Table-key cache"; seed 001
 * "Hiérarchie de clés", "Clé de table", "Mise en cache des clés de table"): table keys made and
 * decrypted by KMS, the per-store cache of their plaintext (5 idle minutes, zeroized on the way
 * out), and DEKs wrapped under them. Imports `common`, `crypto`, `clock` and `kms`.
 */
export { TableKeyService } from './table-key-service.js';
export type { TableKeyServiceOptions } from './table-key-service.js';
export { TableKeyEntry } from './table-key-entry.js';
export type { TableKeyEntryInit } from './table-key-entry.js';
export { TableKeyCache } from './table-key-cache.js';
export type { TableKeyCacheOptions, TableKeyLoad } from './table-key-cache.js';
export { DecryptedBlockCache } from './block-cache.js';
export type { BlockCache } from './block-cache.js';
export { wrapDek, unwrapDek } from './dek.js';
export { keyFingerprint } from './key-fingerprint.js';
export { tableKeyEncryptionContext } from './encryption-context.js';
export {
  DEFAULT_SERVICE_PRINCIPAL,
  DEFAULT_TABLE_KEY_IDLE_MS,
  DEFAULT_TABLE_KEY_CACHE_ENTRIES,
  DEFAULT_BLOCK_CACHE_BYTES,
  MAX_CACHED_DEKS_PER_ENTRY,
  TABLE_KEY_LENGTH,
  DEK_LENGTH,
  AWS_OWNED_TABLE_KEY_NAME,
  KEY_FINGERPRINT_LENGTH,
  ENCRYPTION_CONTEXT_KEYS,
  SERVICE_GRANT_OPERATIONS,
  ENCRYPTION_TYPES,
  TABLE_KEY_FETCH_ATTEMPTS,
} from './constants.js';
export type { EncryptionType, EncryptionSpecification, TableIdentity, TableKeyRecord, TableKeyKms } from './types.js';
