import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AeadAuthenticationError, nobleAead, nodeAead } from '../../src/crypto/index.js';

const key = fc.uint8Array({ minLength: 32, maxLength: 32 });
const nonce = fc.uint8Array({ minLength: 12, maxLength: 12 });
const plaintext = fc.uint8Array({ minLength: 0, maxLength: 300 });
const aad = fc.uint8Array({ minLength: 0, maxLength: 80 });
const input = fc.record({ key, nonce, plaintext, aad });

/** Flips bit `bit` (taken modulo the bit length) of a copy of `bytes`. */
function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = bytes.slice();
  const at = bit % (bytes.length * 8);
  copy[at >> 3]! ^= 1 << (at & 7);
  return copy;
}

describe('AES-256-GCM node vs noble cross-test (property)', () => {
  it('node and noble seal to the same bytes, and each opens the other', () => {
    fc.assert(
      fc.property(input, ({ key, nonce, plaintext, aad }) => {
        const byNode = nodeAead.seal(key, nonce, plaintext, aad);
        const byNoble = nobleAead.seal(key, nonce, plaintext, aad);
        expect(byNoble).toEqual(byNode);
        expect(byNode.length).toBe(plaintext.length + 16);
        expect(nobleAead.open(key, nonce, byNode, aad)).toEqual(plaintext);
        expect(nodeAead.open(key, nonce, byNoble, aad)).toEqual(plaintext);
      }),
      { numRuns: 300 },
    );
  });

  it('any flipped bit of the sealed bytes makes both backends refuse to open', () => {
    fc.assert(
      fc.property(input, fc.nat(), ({ key, nonce, plaintext, aad }, bit) => {
        const sealed = nodeAead.seal(key, nonce, plaintext, aad);
        const altered = flipBit(sealed, bit);
        expect(() => nodeAead.open(key, nonce, altered, aad)).toThrow(AeadAuthenticationError);
        expect(() => nobleAead.open(key, nonce, altered, aad)).toThrow(AeadAuthenticationError);
      }),
      { numRuns: 300 },
    );
  });

  it('any flipped bit of the aad makes both backends refuse to open', () => {
    const nonEmptyAad = fc.uint8Array({ minLength: 1, maxLength: 80 });
    fc.assert(
      fc.property(key, nonce, plaintext, nonEmptyAad, fc.nat(), (key, nonce, plaintext, aad, bit) => {
        const sealed = nobleAead.seal(key, nonce, plaintext, aad);
        const otherAad = flipBit(aad, bit);
        expect(() => nodeAead.open(key, nonce, sealed, otherAad)).toThrow(AeadAuthenticationError);
        expect(() => nobleAead.open(key, nonce, sealed, otherAad)).toThrow(AeadAuthenticationError);
      }),
      { numRuns: 300 },
    );
  });

  it('a flipped bit of the key or nonce makes both backends refuse to open', () => {
    fc.assert(
      fc.property(input, fc.nat(), fc.boolean(), ({ key, nonce, plaintext, aad }, bit, inKey) => {
        const sealed = nodeAead.seal(key, nonce, plaintext, aad);
        const [k, n] = inKey ? [flipBit(key, bit), nonce] : [key, flipBit(nonce, bit)];
        expect(() => nodeAead.open(k, n, sealed, aad)).toThrow(AeadAuthenticationError);
        expect(() => nobleAead.open(k, n, sealed, aad)).toThrow(AeadAuthenticationError);
      }),
      { numRuns: 200 },
    );
  });
});
