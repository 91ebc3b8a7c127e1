/**
 * @module test/keys/key-fingerprint
 * Fingerprints of wrapped keys and KMS blobs (for the tour and logs), and the encryption context
 * of a table key (DESIGN.md "The key hierarchy").
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ENCRYPTION_CONTEXT_KEYS, keyFingerprint, tableKeyEncryptionContext } from '../../src/keys/index.js';
import { utf8 } from './_helpers.js';

describe('keyFingerprint', () => {
  it('is the first 16 hex characters of SHA-256', () => {
    expect(keyFingerprint(utf8('abc'))).toBe('ba7816bf8f01cfea');
    const bytes = new Uint8Array(61).fill(9);
    expect(keyFingerprint(bytes)).toBe(createHash('sha256').update(bytes).digest('hex').slice(0, 16));
  });

  it('differs for different bytes, and reads only the view given', () => {
    const buffer = new Uint8Array(64).fill(1);
    expect(keyFingerprint(buffer.subarray(0, 32))).not.toBe(keyFingerprint(buffer.subarray(0, 33)));
    expect(keyFingerprint(buffer.subarray(10, 42))).toBe(keyFingerprint(new Uint8Array(32).fill(1)));
  });

  it('bytes is a non-empty Uint8Array', () => {
    expect(() => keyFingerprint(new Uint8Array(0))).toThrow(RangeError);
    expect(() => keyFingerprint('abc' as never)).toThrow(TypeError);
  });
});

describe('tableKeyEncryptionContext', () => {
  it('binds keyspace, table, table id and key version', () => {
    expect(tableKeyEncryptionContext({ keyspace: 'shop', table: 'orders', tableId: 't-1' }, 4)).toEqual({
      [ENCRYPTION_CONTEXT_KEYS.keyspace]: 'shop',
      [ENCRYPTION_CONTEXT_KEYS.table]: 'orders',
      [ENCRYPTION_CONTEXT_KEYS.tableId]: 't-1',
      [ENCRYPTION_CONTEXT_KEYS.keyVersion]: '4',
    });
  });
});
