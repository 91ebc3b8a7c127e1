/**
 * @module crypto/random
 * Randomness from the operating system's CSPRNG (node:crypto `randomFillSync`, `randomUUID`).
 * Code that needs randomness takes a {@link RandomSource} parameter defaulting to
 * {@link randomBytes}, so tests can inject a deterministic one (STYLE.md §21).
 */
import { randomFillSync, randomUUID } from 'node:crypto';
import { assertInteger } from './_assert.js';

/** A function returning `n` fresh random bytes in a new Uint8Array. */
export type RandomSource = (n: number) => Uint8Array;

/** The largest request node:crypto `randomFillSync` serves in one call (2^31 − 1 bytes). */
const MAX_RANDOM_BYTES = 2 ** 31 - 1;

/**
 * Returns `n` cryptographically secure random bytes in their own buffer
 * (`new Uint8Array(n)`, byteOffset 0, never a pooled `Buffer`).
 * @param n - how many bytes
 * @returns a new Uint8Array of length `n`
 * @throws {@link TypeError} naming `n` when it is not a number
 * @throws {@link RangeError} naming `n` when it is not an integer from 0 to 2^31 − 1
 * @example
 * const nonce = randomBytes(GCM_NONCE_LENGTH);
 */
export const randomBytes: RandomSource = (n: number): Uint8Array => {
  /* Precondition: n is an integer from 0 to 2^31 - 1. */
  assertInteger(n, 'n', 0, MAX_RANDOM_BYTES);
  const out = new Uint8Array(n);
  randomFillSync(out);
  return out;
};

/**
 * Returns a random RFC 9562 version 4 UUID in lowercase hex with dashes.
 * @returns e.g. `'3b241101-e2bb-4255-8caf-4136c566a962'`
 * @example
 * const keyId = randomUuid();
 */
export function randomUuid(): string {
  return randomUUID();
}
