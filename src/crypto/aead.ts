/**
 * @module crypto/aead
 * AES-256-GCM authenticated encryption with associated data (NIST SP 800-38D), with a 96-bit
 * nonce and a 128-bit tag appended to the ciphertext: `sealed = ciphertext ‖ tag`.
 *
 * Two interchangeable backends give byte-identical output: {@link nodeAead} (OpenSSL through
 * node:crypto) and {@link nobleAead} (audited pure JS, @noble/ciphers `gcm`). Tests check both
 * against published vectors and against each other.
 *
 * Nonces: a (key, nonce) pair must never seal two different messages; GCM loses both
 * confidentiality and integrity when it does. With 12-byte nonces use a counter per key
 * (STYLE.md §19), or keep random nonces well under 2^32 messages per key (SP 800-38D §8.3).
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { gcm } from '@noble/ciphers/aes.js';
import { assertBytes, assertBytesAtLeast, assertBytesOfLength } from './_assert.js';
import { takeOwnership } from './_own.js';
import { AES_256_KEY_LENGTH, GCM_NONCE_LENGTH, GCM_TAG_LENGTH } from './constants.js';
import { AeadAuthenticationError } from './errors.js';
import { zeroize } from './zeroize.js';

/** An AES-256-GCM implementation. */
export interface Aead {
  /** Which implementation this is. */
  readonly backend: 'node' | 'noble';
  /**
   * Encrypts and authenticates `plaintext`, and authenticates `aad`.
   * @returns `ciphertext ‖ 16-byte tag` in a new Uint8Array
   */
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array;
  /**
   * Checks the tag of `sealed` against `aad` and decrypts it.
   * @returns the plaintext in its own new Uint8Array
   */
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array;
}

const OPEN_FAILED = 'AES-256-GCM: the sealed message does not authenticate with this key, nonce and aad';

/**
 * The argument checks shared by both backends; subclasses only do the work (STYLE.md §7).
 */
abstract class AesGcm implements Aead {
  abstract readonly backend: 'node' | 'noble';

  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
    /* Precondition: key is a 32-byte Uint8Array. */
    assertBytesOfLength(key, 'key', AES_256_KEY_LENGTH);
    /* Precondition: nonce is a 12-byte Uint8Array. */
    assertBytesOfLength(nonce, 'nonce', GCM_NONCE_LENGTH);
    /* Precondition: plaintext is a Uint8Array. */
    assertBytes(plaintext, 'plaintext');
    /* Precondition: aad is a Uint8Array. */
    assertBytes(aad, 'aad');
    return this._seal(key, nonce, plaintext, aad);
  }

  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array {
    /* Precondition: key is a 32-byte Uint8Array. */
    assertBytesOfLength(key, 'key', AES_256_KEY_LENGTH);
    /* Precondition: nonce is a 12-byte Uint8Array. */
    assertBytesOfLength(nonce, 'nonce', GCM_NONCE_LENGTH);
    /* Precondition: sealed is a Uint8Array of at least 16 bytes (the tag). */
    assertBytesAtLeast(sealed, 'sealed', GCM_TAG_LENGTH);
    /* Precondition: aad is a Uint8Array. */
    assertBytes(aad, 'aad');
    return this._open(key, nonce, sealed, aad);
  }

  protected abstract _seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array;
  protected abstract _open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array;
}

/** AES-256-GCM through node:crypto (OpenSSL). */
class NodeAesGcm extends AesGcm {
  readonly backend = 'node' as const;

  protected _seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: GCM_TAG_LENGTH });
    cipher.setAAD(aad);
    const out = new Uint8Array(plaintext.length + GCM_TAG_LENGTH);
    const body = cipher.update(plaintext);
    out.set(body, 0);
    const rest = cipher.final();
    out.set(rest, body.length);
    out.set(cipher.getAuthTag(), plaintext.length);
    return out;
  }

  protected _open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array {
    const ciphertextLength = sealed.length - GCM_TAG_LENGTH;
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: GCM_TAG_LENGTH });
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.subarray(ciphertextLength));
    let body: Uint8Array | undefined;
    let rest: Uint8Array | undefined;
    try {
      // OpenSSL releases plaintext before final() checks the tag: it is returned only once the
      // tag has verified, and wiped otherwise.
      body = decipher.update(sealed.subarray(0, ciphertextLength));
      rest = decipher.final();
    } catch (cause) {
      zeroize(body);
      throw new AeadAuthenticationError(OPEN_FAILED, { cause });
    }
    if (rest.length === 0 && body.byteLength === ciphertextLength && body.buffer.byteLength === ciphertextLength) {
      // update() gave the whole plaintext in a buffer of its own (GCM: final() adds nothing):
      // hand it over as a plain Uint8Array, with no second copy to make and wipe.
      return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    }
    const out = new Uint8Array(ciphertextLength);
    out.set(body, 0);
    out.set(rest, body.length);
    zeroize(body, rest);
    return out;
  }
}

/** AES-256-GCM through @noble/ciphers. */
class NobleAesGcm extends AesGcm {
  readonly backend = 'noble' as const;

  protected _seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
    return gcm(key, nonce, aad).encrypt(plaintext);
  }

  protected _open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array {
    let plaintext: Uint8Array;
    try {
      // The arguments were checked above, so a failure here can only be a tag mismatch.
      plaintext = gcm(key, nonce, aad).decrypt(sealed);
    } catch (cause) {
      throw new AeadAuthenticationError(OPEN_FAILED, { cause });
    }
    return takeOwnership(plaintext);
  }
}

/**
 * AES-256-GCM through node:crypto (OpenSSL, hardware AES where available). The default.
 * @example
 * const sealed = nodeAead.seal(key, nonce, utf8('hello'), aad);
 * nodeAead.open(key, nonce, sealed, aad); // the plaintext bytes
 */
export const nodeAead: Aead = Object.freeze(new NodeAesGcm());

/**
 * AES-256-GCM through @noble/ciphers (pure JS). Byte-identical to {@link nodeAead}.
 * @example
 * nobleAead.open(key, nonce, nodeAead.seal(key, nonce, pt, aad), aad); // pt
 */
export const nobleAead: Aead = Object.freeze(new NobleAesGcm());

/**
 * Seals with {@link nodeAead}: encrypts and authenticates `plaintext`, and authenticates `aad`.
 * @param key - 32-byte AES-256 key
 * @param nonce - 12-byte nonce, never reused with the same key
 * @param plaintext - the message (may be empty)
 * @param aad - associated data: authenticated, not encrypted, not included in the output
 * @returns `ciphertext ‖ 16-byte tag` in a new Uint8Array
 * @throws {@link TypeError} naming the argument that is not a Uint8Array
 * @throws {@link RangeError} naming `key` or `nonce` when its length is wrong
 * @example
 * const sealed = seal(key, nonce, plaintext, utf8('table=users'));
 */
export function seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  return nodeAead.seal(key, nonce, plaintext, aad);
}

/**
 * Opens with {@link nodeAead}: checks the tag of `sealed` against `aad`, then decrypts.
 * @param key - 32-byte AES-256 key
 * @param nonce - the 12-byte nonce used to seal
 * @param sealed - `ciphertext ‖ 16-byte tag`
 * @param aad - the associated data given to seal
 * @returns the plaintext in its own new Uint8Array; wipe it with {@link zeroize} if secret
 * @throws {@link AeadAuthenticationError} when the tag does not verify (wrong key, nonce or
 *   aad, or altered bytes); nothing is decrypted then
 * @throws {@link TypeError} naming the argument that is not a Uint8Array
 * @throws {@link RangeError} naming `key` or `nonce` when its length is wrong, or `sealed`
 *   when it is shorter than the 16-byte tag
 * @example
 * const plaintext = open(key, nonce, sealed, utf8('table=users'));
 */
export function open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array {
  return nodeAead.open(key, nonce, sealed, aad);
}
