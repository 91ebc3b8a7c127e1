/**
 * @module keys/_assert
 * Layer-internal argument checks (after noble-ciphers `abytes()`): a wrong type throws
 * `TypeError`, a wrong length or range `RangeError`, each message starting with the argument's
 * name. Programming errors, not part of the catchable contract (STYLE.md §10).
 */
import { needs } from '../common/needs.js';
import { describeType, isBytes } from '../common/arguments.js';

export { describeType, isBytes };



/** `TypeError` unless `value` is a Uint8Array; `RangeError` unless it has `length` bytes (when given). */
export function assertBytes(value: unknown, name: string, length?: number): asserts value is Uint8Array {
  needs(isBytes(value), `${name} must be a Uint8Array, got ${describeType(value)}`, TypeError);
  if (length !== undefined) needs(value.length === length, `${name} must be ${length} bytes long, got ${value.length}`, RangeError);
}

/** `TypeError` unless `value` is a string; `RangeError` when it is empty. */
export function assertText(value: unknown, name: string): asserts value is string {
  needs(typeof value === 'string', `${name} must be a string, got ${describeType(value)}`, TypeError);
  needs(value.length > 0, `${name} must not be empty`, RangeError);
}

/** `TypeError` unless `value` is a number; `RangeError` unless it is a safe integer ≥ `min`. */
export function assertInteger(value: unknown, name: string, min: number): asserts value is number {
  needs(typeof value === 'number', `${name} must be a number, got ${describeType(value)}`, TypeError);
  needs(Number.isSafeInteger(value) && value >= min, `${name} must be an integer ≥ ${min}, got ${String(value)}`, RangeError);
}

/** `TypeError` unless `value` is a non-null object. */
export function assertObject(value: unknown, name: string): asserts value is Record<string, unknown> {
  needs(typeof value === 'object' && value !== null, `${name} must be an object, got ${describeType(value)}`, TypeError);
}
