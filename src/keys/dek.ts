/**
 * @module keys/dek
 * Data encryption keys under a table key (DESIGN.md "The key hierarchy"; seed 001 "Clé de
 * table"): a DEK is a random 256-bit key, wrapped by the table key with AES-256-GCM-SIV
 * (RFC 8452, `crypto/wrap`) and bound to associated data that says where it belongs (table,
 * segment or log generation, key version, purpose). Only the wrapped form is ever stored.
 */
import { SecretKey, unwrapKey, wrapKey, type RandomSource } from '../crypto/index.js';
import { needs } from '../common/needs.js';
import { assertBytes } from './_assert.js';
import { DEK_LENGTH } from './constants.js';

/**
 * Wraps `dek` under `tableKey`, bound to `aad`.
 * @param tableKey - the plaintext table key
 * @param dek - the 32-byte DEK (the caller keeps and wipes its copy)
 * @param aad - the binding: the same bytes are needed to unwrap
 * @param randomBytes - source of the wrap nonce (the system CSPRNG by default)
 * @returns the wrapped DEK, 61 bytes
 * @throws {@link TypeError} naming `dek` or `aad` when it is not a Uint8Array
 * @throws {@link RangeError} naming `dek` when it is not 32 bytes
 * @throws {@link KeyZeroizedError} when `tableKey` has been zeroized
 * @example
 * const wrapped = wrapDek(tableKey, dek, aadOf('segment', segmentId));
 */
export function wrapDek(tableKey: SecretKey, dek: Uint8Array, aad: Uint8Array, randomBytes?: RandomSource): Uint8Array {
  /* Precondition: a DEK is a 32-byte Uint8Array. */
  assertBytes(dek, 'dek', DEK_LENGTH);
  /* Precondition: aad is a Uint8Array. */
  assertBytes(aad, 'aad');
  return randomBytes === undefined ? wrapKey(tableKey.bytes, dek, aad) : wrapKey(tableKey.bytes, dek, aad, randomBytes);
}

/**
 * Unwraps a DEK wrapped by {@link wrapDek} with the same table key and `aad`.
 * @param tableKey - the plaintext table key
 * @param wrapped - the wrapped DEK
 * @param aad - the binding given to {@link wrapDek}
 * @returns the DEK in a {@link SecretKey} the caller owns (and zeroizes)
 * @throws {@link AeadAuthenticationError} when `wrapped` does not authenticate (wrong table key,
 *   wrong aad, altered bytes)
 * @throws {@link TypeError} naming `wrapped` or `aad` when it is not a Uint8Array
 * @throws {@link RangeError} naming `wrapped` when it is not a wrapped 32-byte key
 * @throws {@link KeyZeroizedError} when `tableKey` has been zeroized
 * @example
 * const dek = unwrapDek(tableKey, header.wrappedDek, aadOf('segment', segmentId));
 */
export function unwrapDek(tableKey: SecretKey, wrapped: Uint8Array, aad: Uint8Array): SecretKey {
  /* Precondition: wrapped is a Uint8Array. */
  assertBytes(wrapped, 'wrapped');
  /* Precondition: aad is a Uint8Array. */
  assertBytes(aad, 'aad');
  const plain = unwrapKey(tableKey.bytes, wrapped, aad);
  try {
    /* Precondition: a wrapped DEK opens to 32 bytes. */
    needs(plain.length === DEK_LENGTH, `wrapped must hold a ${DEK_LENGTH}-byte key, holds ${plain.length} bytes`, RangeError);
    return SecretKey.copyOf(plain);
  } finally {
    plain.fill(0);
  }
}
