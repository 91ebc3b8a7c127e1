/**
 * The binary form of partitions round-trips (storage/fragment-codec.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFragments, encodeFragments } from '../../src/storage/fragment-codec.js';
import { partitionArb } from './_fragment-arbitraries.js';

describe('fragment codec', () => {
  it('decode(encode(partitions)) equals the partitions', () => {
    fc.assert(
      fc.property(fc.array(partitionArb, { maxLength: 4 }), (parts) => {
        expect(decodeFragments(encodeFragments(parts))).toEqual(parts);
      }),
    );
  });
  it('a truncated encoding never decodes silently into other data', () => {
    fc.assert(
      fc.property(fc.array(partitionArb, { minLength: 1, maxLength: 3 }), fc.nat(), (parts, cut) => {
        const bytes = encodeFragments(parts);
        const at = cut % bytes.length;
        expect(() => decodeFragments(bytes.subarray(0, at))).toThrow();
      }),
    );
  });
});
