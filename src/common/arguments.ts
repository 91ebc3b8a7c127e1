/**
 * @module common/arguments
 * The two checks every layer's argument guards share (after noble-ciphers `abytes()`): is a
 * value bytes, and how to name a value's type in a message without showing its content.
 */

/**
 * True for a Uint8Array, including a `Buffer` and one from another realm.
 * @example isBytes(new Uint8Array(1)) // true
 */
export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array || (ArrayBuffer.isView(value) && value.constructor.name === 'Uint8Array');
}

/**
 * A short description of a value's type for error messages; never its content.
 * @example describeType(null) // 'null'; describeType(new Map()) // 'Map'
 */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? name : 'object';
}
