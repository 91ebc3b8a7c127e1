/**
 * @module test/keys/table-key-entry.property
 * Properties of DEK wrapping under a table key (DESIGN.md "The key hierarchy"): any DEK comes
 * back from any aad it was wrapped with, and from no other aad.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AeadAuthenticationError, SecretKey } from '../../src/crypto/index.js';
import { TableKeyEntry } from '../../src/keys/index.js';

const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 });

describe('wrapDek / dek', () => {
  it('dek(wrapDek(d, aad), aad) = d, for any table key, DEK and aad', () => {
    fc.assert(
      fc.property(bytes32, bytes32, fc.uint8Array({ maxLength: 64 }), (tableKey, dek, aad) => {
        const entry = new TableKeyEntry({ tableId: 't', version: 1, key: SecretKey.copyOf(tableKey), createdAt: 0 });
        try {
          expect(entry.dek('k', entry.wrapDek(dek, aad), aad).bytes).toEqual(dek);
        } finally {
          entry.zeroize();
        }
      }),
    );
  });

  it('another aad never opens it', () => {
    fc.assert(
      fc.property(bytes32, bytes32, fc.uint8Array({ maxLength: 32 }), fc.uint8Array({ maxLength: 32 }), (tableKey, dek, aad, other) => {
        fc.pre(Buffer.compare(Buffer.from(aad), Buffer.from(other)) !== 0);
        const entry = new TableKeyEntry({ tableId: 't', version: 1, key: SecretKey.copyOf(tableKey), createdAt: 0 });
        try {
          const wrapped = entry.wrapDek(dek, aad);
          expect(() => entry.dek('k', wrapped, other)).toThrow(AeadAuthenticationError);
        } finally {
          entry.zeroize();
        }
      }),
    );
  });
});
