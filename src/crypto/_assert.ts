/**
 * @module crypto/_assert
 * Layer-internal argument checks (after noble-ciphers `abytes()`): a wrong type throws
 * `TypeError`, a wrong length or range throws `RangeError`, and every message starts with the
 * argument's name. These are programming errors, not part of the catchable contract.
 */
import { needs } from '../common/needs.js';
import { describeType, isBytes } from '../common/arguments.js';

export { describeType, isBytes };



/** Throws `TypeError` unless `value` is a Uint8Array. */
export function assertBytes(value: unknown, name: string): asserts value is Uint8Array {
  needs(isBytes(value), `${name} must be a Uint8Array, got ${describeType(value)}`, TypeError);
}

/** Throws `TypeError` unless `value` is a Uint8Array, `RangeError` unless it has `length` bytes. */
export function assertBytesOfLength(value: unknown, name: string, length: number): asserts value is Uint8Array {
  assertBytes(value, name);
  needs(value.length === length, `${name} must be ${length} bytes long, got ${value.length}`, RangeError);
}

/** Throws `TypeError` unless `value` is a Uint8Array, `RangeError` if it has fewer than `min` bytes. */
export function assertBytesAtLeast(value: unknown, name: string, min: number): asserts value is Uint8Array {
  assertBytes(value, name);
  needs(value.length >= min, `${name} must be at least ${min} bytes long, got ${value.length}`, RangeError);
}

/** Throws `TypeError` unless `value` is a number, `RangeError` unless it is an integer in [min, max]. */
export function assertInteger(value: unknown, name: string, min: number, max: number): asserts value is number {
  needs(typeof value === 'number', `${name} must be a number, got ${describeType(value)}`, TypeError);
  needs(
    Number.isSafeInteger(value) && value >= min && value <= max,
    `${name} must be an integer from ${min} to ${max}, got ${String(value)}`,
    RangeError,
  );
}

/** Throws `TypeError` unless `value` is a function. */
export function assertFunction(value: unknown, name: string): asserts value is (...args: never[]) => unknown {
  needs(typeof value === 'function', `${name} must be a function, got ${describeType(value)}`, TypeError);
}
