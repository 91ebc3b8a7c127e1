import { describe, expect, it } from 'vitest';
import { HKDF_MAX_INFO_LENGTH, HKDF_SHA256_MAX_LENGTH, hkdfSha256 } from '../../src/crypto/index.js';
import { expectArgumentError, expectOwnUint8Array, hex, loadVectors, NOT_BYTES, toHex } from './_helpers.js';

interface HkdfVector {
  id: string;
  ikm: string;
  salt: string;
  info: string;
  length: number;
  okm: string;
}
const rfc5869 = loadVectors<{ tests: HkdfVector[] }>('hkdf-sha256.json');

describe('hkdfSha256 against RFC 5869 Appendix A (test/vectors/hkdf-sha256.json)', () => {
  it('has Test Cases 1 to 3', () => {
    expect(rfc5869.tests.map((t) => t.id)).toEqual(['Test Case 1', 'Test Case 2', 'Test Case 3']);
  });

  it.each(rfc5869.tests.map((t) => [t.id, t] as const))('derives the OKM of %s', (_id, t) => {
    const okm = hkdfSha256(hex(t.ikm), hex(t.salt), hex(t.info), t.length);
    expect(toHex(okm)).toBe(t.okm);
    expectOwnUint8Array(okm);
  });
});

describe('hkdfSha256', () => {
  const ikm = new Uint8Array(32).fill(0x0b);
  const salt = new Uint8Array(16).fill(1);
  const info = new TextEncoder().encode('sealtable/test');

  it('gives a prefix of the longer output for a shorter length (RFC 5869 §2.3)', () => {
    const long = hkdfSha256(ikm, salt, info, 100);
    expect(hkdfSha256(ikm, salt, info, 33)).toEqual(long.subarray(0, 33));
  });

  it('separates purposes: a different info gives a different key', () => {
    expect(hkdfSha256(ikm, salt, info, 32)).not.toEqual(hkdfSha256(ikm, salt, new TextEncoder().encode('sealtable/other'), 32));
  });

  it('accepts the limits: info of 1024 bytes, length of 8160, and an empty ikm', () => {
    expect(hkdfSha256(ikm, salt, new Uint8Array(HKDF_MAX_INFO_LENGTH), 32).length).toBe(32);
    expect(hkdfSha256(ikm, salt, info, HKDF_SHA256_MAX_LENGTH).length).toBe(8160);
    expect(hkdfSha256(new Uint8Array(0), salt, info, 1).length).toBe(1);
  });

  describe('wrong inputs', () => {
    const base = () => ({ ikm: ikm.slice(), salt: salt.slice(), info: info.slice(), length: 32 });
    type Args = ReturnType<typeof base>;
    const call = (a: Args) => hkdfSha256(a.ikm, a.salt, a.info, a.length);
    for (const field of ['ikm', 'salt', 'info'] as const) {
      it.each(NOT_BYTES)(`${field} is not a Uint8Array (%s) → TypeError naming ${field}`, (_label, value) => {
        expectArgumentError(() => call({ ...base(), [field]: value as Uint8Array }), TypeError, field);
      });
    }
    it('info is longer than 1024 bytes → RangeError naming info', () => {
      expectArgumentError(() => call({ ...base(), info: new Uint8Array(1025) }), RangeError, 'info');
    });
    it.each([
      ['a string', '32'],
      ['undefined', undefined],
      ['a bigint', 32n],
    ] as const)('length is not a number (%s) → TypeError naming length', (_label, value) => {
      expectArgumentError(() => call({ ...base(), length: value as unknown as number }), TypeError, 'length');
    });
    it.each([0, -1, 1.5, NaN, Infinity, 8161])('length is not an integer from 1 to 8160 (%s) → RangeError naming length', (value) => {
      expectArgumentError(() => call({ ...base(), length: value }), RangeError, 'length');
    });
  });
});
