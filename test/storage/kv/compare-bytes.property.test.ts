import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareBytes } from '../../../src/storage/kv/index.js';

/** Bytes biased towards 0x00, 0xFF and shared prefixes, where comparison mistakes hide. */
const bytes = fc.array(fc.oneof(fc.constantFrom(0x00, 0x01, 0x7f, 0x80, 0xff), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }).map((a) => Uint8Array.from(a));

describe('compareBytes (properties)', () => {
  it('has the sign of Buffer.compare', () => {
    fc.assert(
      fc.property(bytes, bytes, (x, y) => {
        expect(Math.sign(compareBytes(x, y))).toBe(Buffer.compare(x, y));
      }),
      { numRuns: 2000 },
    );
  });

  it('is antisymmetric, and zero exactly for equal bytes', () => {
    fc.assert(
      fc.property(bytes, bytes, (x, y) => {
        expect(Math.sign(compareBytes(x, y))).toBe(-Math.sign(compareBytes(y, x)) || 0);
        expect(compareBytes(x, y) === 0).toBe(Buffer.from(x).equals(Buffer.from(y)));
      }),
    );
  });

  it('puts a string before every extension of it', () => {
    fc.assert(
      fc.property(bytes, bytes.filter((s) => s.length > 0), (x, suffix) => {
        expect(compareBytes(x, Uint8Array.from([...x, ...suffix]))).toBeLessThan(0);
      }),
    );
  });
});
