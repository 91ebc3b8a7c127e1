/**
 * @module crypto/_own
 * Layer-internal: make sure a secret sits alone in its own ArrayBuffer (STYLE.md §17), so that
 * wiping it wipes every byte of the buffer and nothing else shares the buffer.
 */

/** True when `bytes` is the whole of a plain (non-shared) ArrayBuffer, starting at offset 0. */
export function ownsBuffer(bytes: Uint8Array): boolean {
  return (
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer
  );
}

/**
 * Returns `bytes` itself when it owns its buffer; otherwise copies it into a new
 * `Uint8Array(n)` and wipes the given view, so exactly one copy of the secret remains.
 */
export function takeOwnership(bytes: Uint8Array): Uint8Array {
  if (ownsBuffer(bytes)) return bytes;
  const own = new Uint8Array(bytes.length);
  own.set(bytes);
  bytes.fill(0);
  return own;
}
