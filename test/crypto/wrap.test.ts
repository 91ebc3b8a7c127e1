import { gcmsiv } from '@noble/ciphers/aes.js';
import { describe, expect, it } from 'vitest';
import {
  AeadAuthenticationError,
  unwrapKey,
  WRAP_FORMAT_VERSION,
  WRAPPED_KEY_MIN_LENGTH,
  wrapKey,
} from '../../src/crypto/index.js';
import { bytesOfLengths, expectArgumentError, expectOwnUint8Array, hex, loadVectors, NOT_BYTES, toHex } from './_helpers.js';

interface SivVector {
  id: string;
  key: string;
  nonce: string;
  aad: string;
  msg: string;
  result: string;
}
const siv = loadVectors<{ tests: SivVector[] }>('aes-gcm-siv.json');

const kek = hex('0f0e0d0c0b0a09080706050403020100f0e0d0c0b0a090807060504030201000');
const dataKey = hex('8b1ea3f4c0d2e5a6b7c8d9eaf0b1c2d3e4f5061728394a5b6c7d8e9fa0b1c2d3');
const aad = new TextEncoder().encode('arn:aws:kms:us-east-1:111122223333:key/1234abcd');

describe('wrapKey / unwrapKey against RFC 8452 AES-256-GCM-SIV (test/vectors/aes-gcm-siv.json)', () => {
  it('has the vectors', () => {
    expect(siv.tests.length).toBeGreaterThanOrEqual(10);
  });

  it.each(siv.tests.map((v) => [v.id, v] as const))('wraps %s to 01 ‖ nonce ‖ RFC result, and unwraps it', (_id, v) => {
    const wrapped = wrapKey(hex(v.key), hex(v.msg), hex(v.aad), (n) => {
      expect(n).toBe(12);
      return hex(v.nonce);
    });
    expect(toHex(wrapped)).toBe('01' + v.nonce + v.result);
    expect(toHex(unwrapKey(hex(v.key), wrapped, hex(v.aad)))).toBe(v.msg);
  });
});

describe('wrapKey', () => {
  it('writes version 1, the nonce, then the GCM-SIV output of key under kek and aad', () => {
    const nonce = hex('00112233445566778899aabb');
    const wrapped = wrapKey(kek, dataKey, aad, () => nonce.slice());
    expect(wrapped[0]).toBe(WRAP_FORMAT_VERSION);
    expect(WRAP_FORMAT_VERSION).toBe(1);
    expect(wrapped.subarray(1, 13)).toEqual(nonce);
    expect(wrapped.subarray(13)).toEqual(gcmsiv(kek, nonce, aad).encrypt(dataKey));
    expectOwnUint8Array(wrapped);
  });

  it('uses a fresh random nonce by default, so wrapping twice gives different bytes', () => {
    const a = wrapKey(kek, dataKey, aad);
    const b = wrapKey(kek, dataKey, aad);
    expect(toHex(a.subarray(1, 13))).not.toBe(toHex(b.subarray(1, 13)));
    expect(unwrapKey(kek, a, aad)).toEqual(dataKey);
    expect(unwrapKey(kek, b, aad)).toEqual(dataKey);
  });

  it('accepts an empty aad, which must then be given to unwrap as well', () => {
    const wrapped = wrapKey(kek, dataKey, new Uint8Array(0));
    expect(unwrapKey(kek, wrapped, new Uint8Array(0))).toEqual(dataKey);
    expect(() => unwrapKey(kek, wrapped, new Uint8Array(1))).toThrow(AeadAuthenticationError);
  });

  it('does not modify its inputs', () => {
    const [k, key, a] = [kek.slice(), dataKey.slice(), aad.slice()];
    wrapKey(k, key, a);
    expect([k, key, a]).toEqual([kek, dataKey, aad]);
  });

  describe('wrong inputs', () => {
    const base = () => ({ kek: kek.slice(), key: dataKey.slice(), aad: aad.slice() });
    for (const field of ['kek', 'key', 'aad'] as const) {
      it.each(NOT_BYTES)(`${field} is not a Uint8Array (%s) → TypeError naming ${field}`, (_label, value) => {
        const a = { ...base(), [field]: value as Uint8Array };
        expectArgumentError(() => wrapKey(a.kek, a.key, a.aad), TypeError, field);
      });
    }
    it.each(bytesOfLengths(0, 16, 24, 31, 33))('kek is not 32 bytes (%s) → RangeError naming kek', (_l, value) => {
      expectArgumentError(() => wrapKey(value, dataKey, aad), RangeError, 'kek');
    });
    it('key is empty → RangeError naming key', () => {
      expectArgumentError(() => wrapKey(kek, new Uint8Array(0), aad), RangeError, 'key');
    });
    it('aad is omitted → TypeError naming aad', () => {
      const loose = wrapKey as unknown as (kek: Uint8Array, key: Uint8Array) => Uint8Array;
      expectArgumentError(() => loose(kek, dataKey), TypeError, 'aad');
    });
    it.each([
      ['null', null],
      ['a Uint8Array', new Uint8Array(12)],
      ['a string', 'random'],
    ] as const)('randomBytes is not a function (%s) → TypeError naming randomBytes', (_label, value) => {
      expectArgumentError(() => wrapKey(kek, dataKey, aad, value as never), TypeError, 'randomBytes');
    });
    it('randomBytes returns something other than a Uint8Array → TypeError naming randomBytes', () => {
      expectArgumentError(() => wrapKey(kek, dataKey, aad, () => [1, 2, 3] as never), TypeError, 'randomBytes');
    });
    it.each(bytesOfLengths(0, 11, 13, 24))('randomBytes returns other than 12 bytes (%s) → RangeError naming randomBytes', (_l, value) => {
      expectArgumentError(() => wrapKey(kek, dataKey, aad, () => value), RangeError, 'randomBytes');
    });
  });
});

describe('unwrapKey', () => {
  it('returns the key in its own fresh buffer, also when wrapped sits inside a larger buffer', () => {
    const wrapped = wrapKey(kek, dataKey, aad);
    const framed = new Uint8Array(wrapped.length + 10);
    framed.set(wrapped, 5);
    const key = unwrapKey(kek, framed.subarray(5, 5 + wrapped.length), aad);
    expect(key).toEqual(dataKey);
    expectOwnUint8Array(key);
    key.fill(0);
    expect(unwrapKey(kek, wrapped, aad)).toEqual(dataKey);
  });

  it('throws AeadAuthenticationError for a wrong kek', () => {
    const wrapped = wrapKey(kek, dataKey, aad);
    const otherKek = kek.slice();
    otherKek[0]! ^= 1;
    expect(() => unwrapKey(otherKek, wrapped, aad)).toThrow(AeadAuthenticationError);
  });

  it('throws AeadAuthenticationError for a wrong aad', () => {
    const wrapped = wrapKey(kek, dataKey, aad);
    expect(() => unwrapKey(kek, wrapped, new TextEncoder().encode('arn:aws:kms:us-east-1:111122223333:key/other'))).toThrow(
      AeadAuthenticationError,
    );
  });

  it('throws AeadAuthenticationError for an altered nonce, ciphertext or tag byte', () => {
    const wrapped = wrapKey(kek, dataKey, aad);
    for (const at of [1, 12, 13, 13 + dataKey.length - 1, wrapped.length - 16, wrapped.length - 1]) {
      const altered = wrapped.slice();
      altered[at]! ^= 0x01;
      expect(() => unwrapKey(kek, altered, aad), `byte ${at}`).toThrow(AeadAuthenticationError);
    }
  });

  it('throws RangeError naming wrapped for an unknown version byte', () => {
    const wrapped = wrapKey(kek, dataKey, aad);
    for (const version of [0, 2, 0xff]) {
      const altered = wrapped.slice();
      altered[0] = version;
      expectArgumentError(() => unwrapKey(kek, altered, aad), RangeError, 'wrapped');
    }
  });

  it.each(bytesOfLengths(0, 1, 13, 29))('throws RangeError naming wrapped when it is too short (%s)', (_l, value) => {
    const input = value.slice();
    if (input.length > 0) input[0] = 1;
    expect(WRAPPED_KEY_MIN_LENGTH).toBe(30);
    expectArgumentError(() => unwrapKey(kek, input, aad), RangeError, 'wrapped');
  });

  describe('wrong inputs', () => {
    const wrapped = wrapKey(kek, dataKey, aad);
    const base = () => ({ kek: kek.slice(), wrapped: wrapped.slice(), aad: aad.slice() });
    for (const field of ['kek', 'wrapped', 'aad'] as const) {
      it.each(NOT_BYTES)(`${field} is not a Uint8Array (%s) → TypeError naming ${field}`, (_label, value) => {
        const a = { ...base(), [field]: value as Uint8Array };
        expectArgumentError(() => unwrapKey(a.kek, a.wrapped, a.aad), TypeError, field);
      });
    }
    it.each(bytesOfLengths(0, 16, 31, 33))('kek is not 32 bytes (%s) → RangeError naming kek', (_l, value) => {
      expectArgumentError(() => unwrapKey(value, wrapped, aad), RangeError, 'kek');
    });
  });
});
