/**
 * @module keys/key-fingerprint
 * A short, stable name for a wrapped key or a KMS ciphertext blob (first 8 bytes of SHA-256,
 * FIPS 180-4, in hex), so the tour and logs can show which table key or DEK is which without
 * showing the key. Fingerprint only WRAPPED bytes: a hash of a plaintext key is a verifier for
 * guesses of it.
 */
import { createHash } from 'node:crypto';
import { assertBytes } from './_assert.js';
import { needs } from '../common/needs.js';
import { KEY_FINGERPRINT_LENGTH } from './constants.js';

/**
 * The first 16 hex characters of SHA-256 of `bytes`.
 * @param bytes - wrapped key bytes or a KMS ciphertext blob, never plaintext key material
 * @returns 16 lowercase hex characters
 * @throws {@link TypeError} naming `bytes` when it is not a Uint8Array
 * @throws {@link RangeError} naming `bytes` when it is empty
 * @example
 * keyFingerprint(Buffer.from(record.ciphertextBlob, 'base64')); // '3f9a0c…' (16 chars)
 */
export function keyFingerprint(bytes: Uint8Array): string {
  /* Precondition: bytes is a non-empty Uint8Array. */
  assertBytes(bytes, 'bytes');
  needs(bytes.length > 0, 'bytes must not be empty', RangeError);
  return createHash('sha256').update(bytes).digest('hex').slice(0, KEY_FINGERPRINT_LENGTH);
}
