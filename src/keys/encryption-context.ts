/**
 * @module keys/encryption-context
 * The KMS encryption context of a table key (DESIGN.md "The key hierarchy"; kms.md encryption
 * context as AAD): keyspace, table, table id and key version. KMS binds the table key's blob to
 * it, so a blob copied to another table or version does not decrypt, and the grant on a
 * customer-managed key is constrained to the table id.
 */
import { ENCRYPTION_CONTEXT_KEYS } from './constants.js';
import type { TableIdentity } from './types.js';

/**
 * The encryption context of table-key `version` of `table`.
 * @param table - the table's keyspace, name and id
 * @param version - the table-key version
 * @returns `{ 'aws:cassandra:keyspaceName', 'aws:cassandra:tableName', 'sealtable:table-id', 'sealtable:key-version' }`
 * @example
 * tableKeyEncryptionContext({ keyspace: 'shop', table: 'orders', tableId: 't-1' }, 1);
 * // { 'aws:cassandra:keyspaceName': 'shop', 'aws:cassandra:tableName': 'orders', 'sealtable:table-id': 't-1', 'sealtable:key-version': '1' }
 */
export function tableKeyEncryptionContext(table: TableIdentity, version: number): Record<string, string> {
  return {
    [ENCRYPTION_CONTEXT_KEYS.keyspace]: table.keyspace,
    [ENCRYPTION_CONTEXT_KEYS.table]: table.table,
    [ENCRYPTION_CONTEXT_KEYS.tableId]: table.tableId,
    [ENCRYPTION_CONTEXT_KEYS.keyVersion]: String(version),
  };
}
