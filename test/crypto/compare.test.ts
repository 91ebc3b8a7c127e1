import { describe, expect, it } from 'vitest';
import { constantTimeEqual } from '../../src/crypto/index.js';
import { expectArgumentError, NOT_BYTES } from './_helpers.js';

describe('constantTimeEqual', () => {
  const a = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);

  it('is true for equal bytes, including a Buffer and a subarray with the same content', () => {
    expect(constantTimeEqual(a, a.slice())).toBe(true);
    expect(constantTimeEqual(a, Buffer.from(a))).toBe(true);
    const framed = Uint8Array.from([9, ...a, 9]);
    expect(constantTimeEqual(a, framed.subarray(1, 9))).toBe(true);
  });

  it('is true for two empty arrays', () => {
    expect(constantTimeEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });

  it('is false when any one byte differs', () => {
    for (let i = 0; i < a.length; i++) {
      const b = a.slice();
      b[i]! ^= 0x80;
      expect(constantTimeEqual(a, b), `byte ${i}`).toBe(false);
    }
  });

  it('is false, without throwing, for different lengths', () => {
    expect(constantTimeEqual(a, a.subarray(0, 7))).toBe(false);
    expect(constantTimeEqual(new Uint8Array(0), a)).toBe(false);
    expect(constantTimeEqual(a, Uint8Array.from([...a, 0]))).toBe(false);
  });

  describe('wrong inputs', () => {
    it.each(NOT_BYTES)('a is not a Uint8Array (%s) → TypeError naming a', (_label, value) => {
      expectArgumentError(() => constantTimeEqual(value as Uint8Array, a), TypeError, 'a');
    });
    it.each(NOT_BYTES)('b is not a Uint8Array (%s) → TypeError naming b', (_label, value) => {
      expectArgumentError(() => constantTimeEqual(a, value as Uint8Array), TypeError, 'b');
    });
  });
});
