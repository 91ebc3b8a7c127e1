import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AeadAuthenticationError, unwrapKey, wrapKey } from '../../src/crypto/index.js';

const kek = fc.uint8Array({ minLength: 32, maxLength: 32 });
const key = fc.uint8Array({ minLength: 1, maxLength: 96 });
const aad = fc.uint8Array({ minLength: 0, maxLength: 80 });
const nonce = fc.uint8Array({ minLength: 12, maxLength: 12 });

/** Flips bit `bit` (taken modulo the bit length) of a copy of `bytes`. */
function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = bytes.slice();
  const at = bit % (bytes.length * 8);
  copy[at >> 3]! ^= 1 << (at & 7);
  return copy;
}

describe('wrapKey / unwrapKey (property)', () => {
  it('unwrap(wrap(key)) gives the key back, in its own buffer, in the documented layout', () => {
    fc.assert(
      fc.property(kek, key, aad, nonce, (kek, key, aad, nonce) => {
        const wrapped = wrapKey(kek, key, aad, () => nonce.slice());
        expect(wrapped.length).toBe(1 + 12 + key.length + 16);
        expect(wrapped[0]).toBe(1);
        expect(wrapped.subarray(1, 13)).toEqual(nonce);
        const unwrapped = unwrapKey(kek, wrapped, aad);
        expect(unwrapped).toEqual(key);
        expect(unwrapped.byteOffset).toBe(0);
        expect(unwrapped.buffer.byteLength).toBe(key.length);
      }),
      { numRuns: 300 },
    );
  });

  it('any flipped bit after the version byte fails with AeadAuthenticationError; in it, with RangeError', () => {
    fc.assert(
      fc.property(kek, key, aad, fc.nat(), (kek, key, aad, bit) => {
        const wrapped = wrapKey(kek, key, aad);
        const altered = flipBit(wrapped, bit);
        const inVersion = bit % (wrapped.length * 8) < 8;
        expect(() => unwrapKey(kek, altered, aad)).toThrow(inVersion ? RangeError : AeadAuthenticationError);
      }),
      { numRuns: 300 },
    );
  });

  it('any flipped bit of the aad or the kek fails with AeadAuthenticationError', () => {
    fc.assert(
      fc.property(kek, key, fc.uint8Array({ minLength: 1, maxLength: 80 }), fc.nat(), fc.boolean(), (kek, key, aad, bit, inAad) => {
        const wrapped = wrapKey(kek, key, aad);
        const [k, a] = inAad ? [kek, flipBit(aad, bit)] : [flipBit(kek, bit), aad];
        expect(() => unwrapKey(k, wrapped, a)).toThrow(AeadAuthenticationError);
      }),
      { numRuns: 300 },
    );
  });

  it('a truncated or extended wrapped key never unwraps', () => {
    fc.assert(
      fc.property(kek, key, aad, fc.integer({ min: -40, max: 8 }).filter((d) => d !== 0), (kek, key, aad, delta) => {
        const wrapped = wrapKey(kek, key, aad);
        const changed =
          delta < 0
            ? wrapped.subarray(0, Math.max(0, wrapped.length + delta))
            : Uint8Array.from([...wrapped, ...new Uint8Array(delta)]);
        expect(() => unwrapKey(kek, changed, aad)).toThrow(changed.length < 30 ? RangeError : AeadAuthenticationError);
      }),
      { numRuns: 300 },
    );
  });
});
