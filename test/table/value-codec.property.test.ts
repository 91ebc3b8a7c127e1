/**
 * @module test/table/value-codec.property
 * Properties of the cell payload codec: decode(encode(x)) equals x for every type, nested
 * frozen collections included; encodedSize is the encoded length; equal values and only equal
 * values encode to equal bytes; decoding arbitrary bytes either throws ValidationException or
 * gives a normalised value that round-trips.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationException } from '../../src/common/errors.js';
import { decodeValue, encodedSize, encodeValue, normalizeValue, valuesEqual } from '../../src/table/index.js';
import { arbitraryCqlType, arbitraryTypedValue, arbitraryValue } from './arbitraries.js';

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

describe('encodeValue / decodeValue (property)', () => {
  it('decode(encode(x)) equals x, and encodedSize(x) is the encoded length', () => {
    fc.assert(
      fc.property(arbitraryTypedValue({ maxDepth: 4 }), ({ type, value }) => {
        const encoded = encodeValue(type, value);
        expect(encodedSize(type, value)).toBe(encoded.length);
        const decoded = decodeValue(type, encoded);
        expect(decoded).toEqual(value);
        expect(valuesEqual(type, decoded, value)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('decodes the value from a view at any offset of a larger buffer', () => {
    fc.assert(
      fc.property(arbitraryTypedValue(), fc.uint8Array({ maxLength: 7 }), fc.uint8Array({ maxLength: 7 }), ({ type, value }, before, after) => {
        const encoded = encodeValue(type, value);
        const framed = new Uint8Array(before.length + encoded.length + after.length);
        framed.set(before);
        framed.set(encoded, before.length);
        framed.set(after, before.length + encoded.length);
        expect(decodeValue(type, framed.subarray(before.length, before.length + encoded.length))).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });

  it('encodes two values to the same bytes exactly when they are equal', () => {
    const typeAndTwo = arbitraryCqlType().chain((type) =>
      fc.array(arbitraryValue(type), { minLength: 1, maxLength: 2 }).chain((pool) => fc.tuple(fc.constant(type), fc.constantFrom(...pool), fc.constantFrom(...pool))),
    );
    fc.assert(
      fc.property(typeAndTwo, ([type, a, b]) => {
        expect(sameBytes(encodeValue(type, a), encodeValue(type, b))).toBe(valuesEqual(type, a, b));
      }),
      { numRuns: 1000 },
    );
  });

  it('decoding arbitrary bytes throws ValidationException or gives a normalised value that round-trips', () => {
    fc.assert(
      fc.property(arbitraryCqlType({ maxDepth: 2 }), fc.uint8Array({ maxLength: 40 }), (type, bytes) => {
        let decoded;
        try {
          decoded = decodeValue(type, bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(ValidationException);
          return;
        }
        expect(normalizeValue(type, decoded, 'c')).toEqual(decoded);
        if (decoded !== null) expect(decodeValue(type, encodeValue(type, decoded))).toEqual(decoded);
      }),
      { numRuns: 3000 },
    );
  });

  it('decoding mutated encodings throws ValidationException or gives a normalised value', () => {
    fc.assert(
      fc.property(arbitraryTypedValue({ maxDepth: 3 }), fc.nat(), fc.integer({ min: 1, max: 255 }), ({ type, value }, at, xor) => {
        const encoded = encodeValue(type, value);
        if (encoded.length === 0) return;
        encoded[at % encoded.length]! ^= xor;
        try {
          const decoded = decodeValue(type, encoded);
          expect(normalizeValue(type, decoded, 'c')).toEqual(decoded);
        } catch (e) {
          expect(e).toBeInstanceOf(ValidationException);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
