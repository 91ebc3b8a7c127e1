import { describe, expect, it } from 'vitest';
import { zeroize } from '../../src/crypto/index.js';
import { expectArgumentError, NOT_BYTES } from './_helpers.js';

describe('zeroize', () => {
  it('fills every given array with zeros', () => {
    const a = Uint8Array.from([1, 2, 3]);
    const b = Buffer.from([4, 5, 6, 7]);
    zeroize(a, b);
    expect(a).toEqual(new Uint8Array(3));
    expect([...b]).toEqual([0, 0, 0, 0]);
  });

  it('skips undefined entries', () => {
    const a = Uint8Array.from([1, 2]);
    zeroize(undefined, a, undefined);
    expect(a).toEqual(new Uint8Array(2));
  });

  it('does nothing when given nothing', () => {
    expect(() => zeroize()).not.toThrow();
  });

  it('wipes only the bytes a subarray covers', () => {
    const whole = Uint8Array.from([1, 2, 3, 4, 5]);
    zeroize(whole.subarray(1, 4));
    expect([...whole]).toEqual([1, 0, 0, 0, 5]);
  });

  describe('wrong inputs', () => {
    it.each(NOT_BYTES.filter(([, v]) => v !== undefined))(
      'an entry of arrays is not a Uint8Array (%s) → TypeError naming arrays[1], after wiping arrays[0]',
      (_label, value) => {
        const first = Uint8Array.from([9, 9]);
        expectArgumentError(() => zeroize(first, value as Uint8Array), TypeError, 'arrays[1]');
        expect(first).toEqual(new Uint8Array(2));
      },
    );
  });
});
