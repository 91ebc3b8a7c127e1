/**
 * @module crypto/errors
 * The failures of the crypto layer that callers are expected to catch. They are plain `Error`
 * subclasses with a literal `name`, not AWS exceptions: each layer above maps them to its own
 * names (a KMS maps {@link AeadAuthenticationError} to `InvalidCiphertextException`) and keeps
 * the original as `cause` (STYLE.md §Errors).
 */

/**
 * A sealed message or wrapped key did not authenticate: wrong key, wrong associated data, or
 * altered bytes. The message says which operation failed and never includes any input.
 * @example
 * try { open(key, nonce, sealed, aad); }
 * catch (e) { if (e instanceof AeadAuthenticationError) throw new InvalidCiphertextException('', { cause: e }); }
 */
export class AeadAuthenticationError extends Error {
  override readonly name = 'AeadAuthenticationError';

  /**
   * @param message - which operation failed
   * @param options - `cause`: the backend's own error, if any
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

/**
 * A {@link SecretKey} was used after {@link SecretKey.zeroize} wiped it.
 * @example
 * key.zeroize();
 * try { key.bytes; } catch (e) { e instanceof KeyZeroizedError; } // true
 */
export class KeyZeroizedError extends Error {
  override readonly name = 'KeyZeroizedError';

  /** @param message - what was attempted */
  constructor(message = 'the key has been zeroized') {
    super(message);
  }
}
