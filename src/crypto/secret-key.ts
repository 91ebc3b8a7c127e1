/**
 * @module crypto/secret-key
 * A holder of key bytes that keeps them in their own buffer, wipes them on demand, refuses use
 * after wiping, and never shows them in `util.inspect`, `console.log`, `JSON.stringify` or
 * string conversion (after AWS ESDK `cryptographic_material.ts` and noble `clean()`).
 */
import { assertBytesAtLeast } from './_assert.js';
import { ownsBuffer } from './_own.js';
import { KeyZeroizedError } from './errors.js';

/** The symbol node's `util.inspect` (and so `console.log`) calls for a custom rendering. */
const INSPECT: unique symbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * Key bytes with an explicit lifetime: use {@link SecretKey.bytes} while alive, then
 * {@link SecretKey.zeroize}. Wiping is a best effort: copies made by callers of `bytes`, or by
 * the engine, are out of its reach.
 * @example
 * const key = SecretKey.copyOf(randomBytes(32));
 * try { seal(key.bytes, nonce, plaintext, aad); }
 * finally { key.zeroize(); }
 * console.log(key); // SecretKey(<zeroized>, 32 bytes)
 */
export class SecretKey {
  readonly #bytes: Uint8Array;
  #zeroized = false;

  private constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  /**
   * Makes a key from a copy of `bytes`; the caller keeps (and should wipe) its own array.
   * @param bytes - the key bytes, at least 1
   * @returns a key holding a private copy in a new `Uint8Array(n)`
   * @throws {@link TypeError} naming `bytes` when it is not a Uint8Array
   * @throws {@link RangeError} naming `bytes` when it is empty
   * @example
   * const key = SecretKey.copyOf(material);
   * zeroize(material);
   */
  static copyOf(bytes: Uint8Array): SecretKey {
    /* Precondition: bytes is a Uint8Array of at least 1 byte. */
    assertBytesAtLeast(bytes, 'bytes', 1);
    const own = new Uint8Array(bytes.length);
    own.set(bytes);
    return new SecretKey(own);
  }

  /**
   * Makes a key that takes ownership of `bytes`: the caller must not use the array afterwards.
   * When `bytes` is the whole of its own ArrayBuffer (byteOffset 0, nothing else in the buffer)
   * it is kept as is, and {@link SecretKey.zeroize} wipes it; otherwise (a subarray, a pooled
   * `Buffer`) it is copied into a new buffer and the given view is wiped at once.
   * @param bytes - the key bytes, at least 1
   * @returns a key that owns its bytes
   * @throws {@link TypeError} naming `bytes` when it is not a Uint8Array
   * @throws {@link RangeError} naming `bytes` when it is empty
   * @example
   * const key = SecretKey.adopt(unwrapKey(kek, wrapped, aad));
   */
  static adopt(bytes: Uint8Array): SecretKey {
    /* Precondition: bytes is a Uint8Array of at least 1 byte. */
    assertBytesAtLeast(bytes, 'bytes', 1);
    if (ownsBuffer(bytes)) return new SecretKey(bytes);
    const key = SecretKey.copyOf(bytes);
    bytes.fill(0);
    return key;
  }

  /**
   * The key bytes themselves (not a copy): pass them to a crypto call, do not keep or change them.
   * @throws {@link KeyZeroizedError} once the key has been zeroized
   * @example
   * open(key.bytes, nonce, sealed, aad);
   */
  get bytes(): Uint8Array {
    if (this.#zeroized) throw new KeyZeroizedError('SecretKey.bytes: the key has been zeroized');
    return this.#bytes;
  }

  /** The key's length in bytes (still known after zeroizing). */
  get length(): number {
    return this.#bytes.length;
  }

  /** Whether {@link SecretKey.zeroize} has been called. */
  get isZeroized(): boolean {
    return this.#zeroized;
  }

  /**
   * Overwrites the key bytes with zeros; later reads of {@link SecretKey.bytes} throw.
   * Calling it again does nothing.
   * @example
   * cache.set(id, key, { dispose: (k) => k.zeroize() });
   */
  zeroize(): void {
    this.#bytes.fill(0);
    this.#zeroized = true;
  }

  /** `SecretKey(<redacted>, 32 bytes)`, or `<zeroized>`: never the bytes. */
  toString(): string {
    return `SecretKey(<${this.#zeroized ? 'zeroized' : 'redacted'}>, ${this.#bytes.length} bytes)`;
  }

  /** What `JSON.stringify` writes: the same text as {@link SecretKey.toString}, never the bytes. */
  toJSON(): string {
    return this.toString();
  }

  /** What `util.inspect` and `console.log` show: the same text as {@link SecretKey.toString}. */
  [INSPECT](): string {
    return this.toString();
  }
}
