/**
 * @module storage/kv/compare-bytes
 * Unsigned lexicographic order of byte strings: the order LevelDB's default comparator
 * (`leveldb::BytewiseComparator`) gives keys, shared by every sorted structure of the storage
 * layer (memtable, segments, the in-memory KV model) so that they all agree with LevelDB.
 */
import { assertBytes } from './_assert.js';

/**
 * Compares two byte strings in unsigned lexicographic order: the first differing byte decides,
 * compared as 0..255, and a proper prefix sorts before every longer string that starts with it.
 * @param a - first byte string
 * @param b - second byte string
 * @returns a negative number when `a < b`, `0` when they hold the same bytes, a positive number when `a > b`
 * @throws {@link TypeError} naming `a` or `b` when it is not a Uint8Array
 * @example
 * compareBytes(new Uint8Array([0x01]), new Uint8Array([0xff])); // < 0
 * compareBytes(new Uint8Array([0x01]), new Uint8Array([0x01, 0x00])); // < 0 (prefix first)
 * [k1, k2, k3].sort(compareBytes); // LevelDB order
 */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  /* Precondition: a is a Uint8Array. */
  assertBytes(a, 'a');
  /* Precondition: b is a Uint8Array. */
  assertBytes(b, 'b');
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
