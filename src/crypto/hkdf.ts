/**
 * @module crypto/hkdf
 * HKDF with SHA-256 (RFC 5869): extract-then-expand key derivation, computed by node:crypto
 * `hkdfSync`. Used to derive purpose-bound subkeys from a key, with the purpose in `info`.
 */
import { createHmac } from 'node:crypto';
import { assertBytes, assertInteger } from './_assert.js';
import { needs } from '../common/needs.js';
import { HKDF_MAX_INFO_LENGTH, HKDF_SHA256_MAX_LENGTH } from './constants.js';

/**
 * Derives `length` bytes from `ikm` with HKDF-SHA256 (RFC 5869 §2.2 extract, §2.3 expand).
 * @param ikm - input keying material (may be empty)
 * @param salt - salt (may be empty, which RFC 5869 treats as 32 zero bytes)
 * @param info - context and purpose (may be empty; at most 1024 bytes, node:crypto's limit)
 * @param length - output length in bytes, from 1 to 8160 (255 × 32)
 * @returns the output keying material in its own `Uint8Array` (byteOffset 0); wipe it with
 *   {@link zeroize} when done
 * @throws {@link TypeError} naming `ikm`, `salt`, `info` or `length` when it has the wrong type
 * @throws {@link RangeError} naming `info` when it is longer than 1024 bytes, or `length` when
 *   it is not an integer from 1 to 8160
 * @example
 * const subkey = hkdfSha256(rootKey, salt, utf8('sealtable/table-key/v1'), 32);
 */
export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  /* Precondition: ikm is a Uint8Array. */
  assertBytes(ikm, 'ikm');
  /* Precondition: salt is a Uint8Array. */
  assertBytes(salt, 'salt');
  /* Precondition: info is a Uint8Array of at most 1024 bytes. */
  assertBytes(info, 'info');
  needs(
    info.length <= HKDF_MAX_INFO_LENGTH,
    `info must be at most ${HKDF_MAX_INFO_LENGTH} bytes long, got ${info.length}`,
    RangeError,
  );
  /* Precondition: length is an integer from 1 to 255 * 32. */
  assertInteger(length, 'length', 1, HKDF_SHA256_MAX_LENGTH);
  // RFC 5869 with node:crypto HMAC: Extract then Expand. About 5x cheaper per call than
  // hkdfSync, which builds KeyObjects (measured: hkdfSync was 15% of a LocalKms Decrypt).
  const prk = createHmac('sha256', salt.length === 0 ? ZERO_SALT : salt).update(ikm).digest();
  const out = new Uint8Array(length);
  let previous: Uint8Array = new Uint8Array(0);
  try {
    for (let i = 1, at = 0; at < length; i++) {
      const block = createHmac('sha256', prk).update(previous).update(info).update(Uint8Array.of(i)).digest();
      out.set(block.subarray(0, Math.min(block.length, length - at)), at);
      at += block.length;
      previous.fill(0);
      previous = block;
    }
  } finally {
    previous.fill(0);
    prk.fill(0);
  }
  return out;
}

/** RFC 5869 §2.2: an absent salt is HashLen zero bytes. */
const ZERO_SALT = new Uint8Array(32);
