/**
 * @module crypto/compare
 * Constant-time equality of byte strings, for comparing MACs, tags and key checksums without
 * leaking the position of the first difference through timing (node:crypto `timingSafeEqual`).
 */
import { timingSafeEqual } from 'node:crypto';
import { assertBytes } from './_assert.js';

/**
 * Whether `a` and `b` hold the same bytes, in time that depends only on their length.
 * Arrays of different lengths are unequal (the lengths themselves are not secret).
 * @param a - first byte string
 * @param b - second byte string
 * @returns `true` when both have the same length and the same bytes
 * @throws {@link TypeError} naming `a` or `b` when it is not a Uint8Array
 * @example
 * constantTimeEqual(expectedTag, receivedTag); // false unless identical
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  /* Precondition: a is a Uint8Array. */
  assertBytes(a, 'a');
  /* Precondition: b is a Uint8Array. */
  assertBytes(b, 'b');
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}
