/**
 * @module common/grow
 * Growing a byte buffer that may hold plaintext (storage's ByteWriter, table's PayloadBatch).
 */

/**
 * A buffer of at least `used + n` bytes (the size doubling, from 64) holding the first `used`
 * bytes of `buf`; `buf` is zeroed, so the bytes it held live on only in the new buffer.
 * @example
 * if (at + n > buf.length) buf = grownBuffer(buf, at, n);
 */
export function grownBuffer(buf: Uint8Array, used: number, n: number): Uint8Array {
  let size = Math.max(buf.length * 2, 64);
  while (size < used + n) size *= 2;
  const next = new Uint8Array(size);
  next.set(buf.subarray(0, used));
  buf.fill(0);
  return next;
}
