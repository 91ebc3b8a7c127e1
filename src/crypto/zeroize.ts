/**
 * @module crypto/zeroize
 * Overwrites secrets with zeros once they are no longer needed (after noble-ciphers `clean()`).
 * JavaScript gives no guarantee that a secret was never copied elsewhere (by the engine, a
 * `Buffer` pool, or a string conversion), so this narrows exposure; it cannot erase every copy.
 */
import { assertBytes } from './_assert.js';

/**
 * Fills every given array with zeros, in place. `undefined` entries are skipped so a `finally`
 * block can wipe values that may not have been assigned yet.
 * @param arrays - the arrays to wipe
 * @throws {@link TypeError} naming `arrays[i]` when an entry is neither a Uint8Array nor `undefined`
 *   (entries before it are still wiped)
 * @example
 * let dataKey: Uint8Array | undefined;
 * try { dataKey = unwrapKey(kek, wrapped, aad); … }
 * finally { zeroize(dataKey); }
 */
export function zeroize(...arrays: (Uint8Array | undefined)[]): void {
  for (let i = 0; i < arrays.length; i++) {
    const array: unknown = arrays[i];
    if (array === undefined) continue;
    /* Precondition: every entry of arrays is a Uint8Array or undefined. */
    assertBytes(array, `arrays[${i}]`);
    array.fill(0);
  }
}
