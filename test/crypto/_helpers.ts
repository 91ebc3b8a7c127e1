/**
 * Shared test helpers of the crypto tests: hex, vector loading, and the wrong-input table
 * (after noble-ciphers `test/utils.ts` `TYPE_TEST`).
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/** Hex to a fresh Uint8Array. */
export function hex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'hex'));
}

/** Bytes to lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Reads and parses a JSON file of test/vectors. */
export function loadVectors<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(`../vectors/${file}`, import.meta.url), 'utf8')) as T;
}

/** Values that are not a Uint8Array, each with a label for the test title. */
export const NOT_BYTES: readonly (readonly [label: string, value: unknown])[] = [
  ['undefined', undefined],
  ['null', null],
  ['a hex string', '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'],
  ['a number', 32],
  ['a bigint', 32n],
  ['an array of numbers', Array.from({ length: 32 }, () => 0)],
  ['an ArrayBuffer', new ArrayBuffer(32)],
  ['a Uint16Array', new Uint16Array(16)],
  ['an Int8Array', new Int8Array(32)],
  ['a Uint8ClampedArray', new Uint8ClampedArray(32)],
  ['a DataView', new DataView(new ArrayBuffer(32))],
  ['an array-like object', { length: 32, 0: 1 }],
];

/** Bytes of each length in `lengths`, for RangeError rows. */
export function bytesOfLengths(...lengths: number[]): (readonly [label: string, value: Uint8Array])[] {
  return lengths.map((n) => [`${n} bytes`, new Uint8Array(n)] as const);
}

/**
 * Asserts that `fn` throws an instance of exactly `Err` (a TypeError is not accepted where a
 * RangeError is expected, nor the reverse) whose message starts with the argument's name.
 */
export function expectArgumentError(
  fn: () => unknown,
  Err: TypeErrorConstructor | RangeErrorConstructor,
  argument: string,
): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${Err.name} naming ${argument}`).toBeInstanceOf(Err);
  const error = caught as Error;
  expect(error.constructor).toBe(Err);
  expect(error.message.startsWith(`${argument} `), `message "${error.message}" should start with "${argument} "`).toBe(true);
}

/** Asserts `bytes` is a plain Uint8Array (not a Buffer) alone in its own ArrayBuffer. */
export function expectOwnUint8Array(bytes: Uint8Array): void {
  expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype);
  expect(bytes.byteOffset).toBe(0);
  expect(bytes.buffer.byteLength).toBe(bytes.byteLength);
}
