/**
 * @module crypto/wrap
 * Key wrapping: a key encrypted under a key-encryption key (KEK) with AES-256-GCM-SIV
 * (RFC 8452, @noble/ciphers `gcmsiv`), bound to associated data that names what the key is for.
 *
 * Format (version 1): `[0x01][12-byte nonce][ciphertext ‖ 16-byte tag]`; the ciphertext is
 * as long as the key.
 *
 * The nonce is random even though it is 12 bytes (STYLE.md §19 asks for counters there): GCM-SIV
 * is nonce-misuse resistant (RFC 8452 §1, §9), so a repeated nonce reveals only that the same
 * key was wrapped twice under the same KEK and aad, never the key or the KEK, and a wrapping
 * site has no durable counter to keep.
 */
import { gcmsiv } from '@noble/ciphers/aes.js';
import { assertBytes, assertBytesAtLeast, assertBytesOfLength, assertFunction, describeType, isBytes } from './_assert.js';
import { takeOwnership } from './_own.js';
import { needs } from '../common/needs.js';
import {
  AES_256_KEY_LENGTH,
  SIV_NONCE_LENGTH,
  WRAP_FORMAT_VERSION,
  WRAP_HEADER_LENGTH,
  WRAPPED_KEY_MIN_LENGTH,
} from './constants.js';
import { AeadAuthenticationError } from './errors.js';
import { randomBytes as systemRandomBytes, type RandomSource } from './random.js';

/**
 * Wraps `key` under `kek`, bound to `aad`.
 * @param kek - 32-byte key-encryption key
 * @param key - the key to wrap, at least 1 byte
 * @param aad - associated data (may be empty, but must be given): the same bytes are needed to unwrap
 * @param randomBytes - source of the 12-byte nonce; the system CSPRNG by default
 * @returns `[1][nonce][ciphertext ‖ tag]`, `key.length + 29` bytes
 * @throws {@link TypeError} naming `kek`, `key`, `aad` or `randomBytes` when it has the wrong
 *   type, or when `randomBytes` returns something other than a Uint8Array
 * @throws {@link RangeError} naming `kek` when it is not 32 bytes, `key` when it is empty, or
 *   `randomBytes` when it returns other than 12 bytes
 * @example
 * const wrapped = wrapKey(kek, dataKey, utf8('arn:aws:kms:…:key/1234'));
 */
export function wrapKey(
  kek: Uint8Array,
  key: Uint8Array,
  aad: Uint8Array,
  randomBytes: RandomSource = systemRandomBytes,
): Uint8Array {
  /* Precondition: kek is a 32-byte Uint8Array. */
  assertBytesOfLength(kek, 'kek', AES_256_KEY_LENGTH);
  /* Precondition: key is a Uint8Array of at least 1 byte. */
  assertBytesAtLeast(key, 'key', 1);
  /* Precondition: aad is a Uint8Array. */
  assertBytes(aad, 'aad');
  /* Precondition: randomBytes is a function. */
  assertFunction(randomBytes, 'randomBytes');
  const nonce: unknown = randomBytes(SIV_NONCE_LENGTH);
  /* Precondition: randomBytes returns a 12-byte Uint8Array. */
  needs(isBytes(nonce), `randomBytes must return a Uint8Array, got ${describeType(nonce)}`, TypeError);
  needs(
    nonce.length === SIV_NONCE_LENGTH,
    `randomBytes must return ${SIV_NONCE_LENGTH} bytes, got ${nonce.length}`,
    RangeError,
  );

  const sealed = gcmsiv(kek, nonce, aad).encrypt(key);
  const wrapped = new Uint8Array(WRAP_HEADER_LENGTH + sealed.length);
  wrapped[0] = WRAP_FORMAT_VERSION;
  wrapped.set(nonce, 1);
  wrapped.set(sealed, WRAP_HEADER_LENGTH);
  return wrapped;
}

/**
 * Unwraps a key wrapped by {@link wrapKey} with the same `kek` and `aad`.
 * @param kek - the 32-byte key-encryption key
 * @param wrapped - the output of {@link wrapKey}
 * @param aad - the associated data given to {@link wrapKey}
 * @returns the key in its own new Uint8Array (byteOffset 0); wipe it with {@link zeroize}
 * @throws {@link AeadAuthenticationError} when `wrapped` does not authenticate: wrong kek, wrong
 *   aad, or any altered byte after the version
 * @throws {@link TypeError} naming `kek`, `wrapped` or `aad` when it is not a Uint8Array
 * @throws {@link RangeError} naming `kek` when it is not 32 bytes, or `wrapped` when it is
 *   shorter than 30 bytes or its version byte is not 1
 * @example
 * const dataKey = unwrapKey(kek, wrapped, aad);
 * try { … } finally { zeroize(dataKey); }
 */
export function unwrapKey(kek: Uint8Array, wrapped: Uint8Array, aad: Uint8Array): Uint8Array {
  /* Precondition: kek is a 32-byte Uint8Array. */
  assertBytesOfLength(kek, 'kek', AES_256_KEY_LENGTH);
  /* Precondition: wrapped is a Uint8Array of at least 30 bytes. */
  assertBytesAtLeast(wrapped, 'wrapped', WRAPPED_KEY_MIN_LENGTH);
  /* Precondition: aad is a Uint8Array. */
  assertBytes(aad, 'aad');
  /* Precondition: wrapped starts with the version byte 1. */
  needs(
    wrapped[0] === WRAP_FORMAT_VERSION,
    `wrapped has unknown format version ${String(wrapped[0])}, expected ${WRAP_FORMAT_VERSION}`,
    RangeError,
  );

  const nonce = wrapped.subarray(1, WRAP_HEADER_LENGTH);
  const sealed = wrapped.subarray(WRAP_HEADER_LENGTH);
  let key: Uint8Array;
  try {
    // The arguments were checked above, so a failure here can only be a tag mismatch.
    key = gcmsiv(kek, nonce, aad).decrypt(sealed);
  } catch (cause) {
    throw new AeadAuthenticationError(
      'AES-256-GCM-SIV: the wrapped key does not authenticate with this kek and aad',
      { cause },
    );
  }
  return takeOwnership(key);
}
