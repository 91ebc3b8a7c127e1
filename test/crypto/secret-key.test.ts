import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { KeyZeroizedError, SecretKey } from '../../src/crypto/index.js';
import { expectArgumentError, expectOwnUint8Array, NOT_BYTES, toHex } from './_helpers.js';

const material = () => Uint8Array.from({ length: 32 }, (_, i) => 0xa0 + i);

describe('SecretKey.copyOf', () => {
  it('holds a copy in its own buffer: changing or wiping the source does not change the key', () => {
    const source = material();
    const key = SecretKey.copyOf(source);
    expect(key.bytes).toEqual(material());
    expect(key.bytes).not.toBe(source);
    expectOwnUint8Array(key.bytes);
    source.fill(0);
    expect(key.bytes).toEqual(material());
    expect(key.length).toBe(32);
  });

  it('copies a Buffer into a plain Uint8Array', () => {
    const key = SecretKey.copyOf(Buffer.from(material()));
    expectOwnUint8Array(key.bytes);
  });
});

describe('SecretKey.adopt', () => {
  it('keeps an array that owns its whole buffer, and zeroize wipes that very array', () => {
    const source = material();
    const key = SecretKey.adopt(source);
    expect(key.bytes).toBe(source);
    key.zeroize();
    expect(source).toEqual(new Uint8Array(32));
  });

  it('copies a subarray into its own buffer and wipes the given view', () => {
    const whole = Uint8Array.from([0xee, ...material(), 0xee]);
    const view = whole.subarray(1, 33);
    const key = SecretKey.adopt(view);
    expect(key.bytes).toEqual(material());
    expectOwnUint8Array(key.bytes);
    expect([...whole]).toEqual([0xee, ...new Uint8Array(32), 0xee]);
  });

  it('copies a view that starts at 0 but does not cover its whole buffer', () => {
    const whole = Uint8Array.from([...material(), 0xee]);
    const key = SecretKey.adopt(whole.subarray(0, 32));
    expect(key.bytes).toEqual(material());
    expectOwnUint8Array(key.bytes);
    expect(whole[32]).toBe(0xee);
  });

  it('copies a pooled Buffer out of the pool and wipes its bytes in the pool', () => {
    const pooled = Buffer.from(material());
    expect(pooled.buffer.byteLength).toBeGreaterThan(32);
    const key = SecretKey.adopt(pooled);
    expectOwnUint8Array(key.bytes);
    expect(key.bytes).toEqual(material());
    expect([...pooled]).toEqual([...new Uint8Array(32)]);
  });
});

describe('SecretKey.zeroize', () => {
  it('wipes the bytes, marks the key, and makes bytes throw KeyZeroizedError', () => {
    const key = SecretKey.copyOf(material());
    const view = key.bytes;
    expect(key.isZeroized).toBe(false);
    key.zeroize();
    expect(key.isZeroized).toBe(true);
    expect(view).toEqual(new Uint8Array(32));
    let caught: unknown;
    try {
      void key.bytes;
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(KeyZeroizedError);
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).name).toBe('KeyZeroizedError');
  });

  it('can be called twice, and still knows the length', () => {
    const key = SecretKey.copyOf(material());
    key.zeroize();
    key.zeroize();
    expect(key.length).toBe(32);
    expect(key.isZeroized).toBe(true);
  });
});

describe('SecretKey never reveals its bytes', () => {
  const bytesHex = toHex(material());
  const decimal = [...material()].join(',');

  it.each([
    ['util.inspect', (k: SecretKey) => inspect(k)],
    ['util.inspect with showHidden and depth', (k: SecretKey) => inspect(k, { showHidden: true, depth: 10 })],
    ['util.inspect inside an object', (k: SecretKey) => inspect({ nested: { key: k } }, { depth: 10 })],
    ['JSON.stringify', (k: SecretKey) => JSON.stringify(k)],
    ['JSON.stringify inside an object', (k: SecretKey) => JSON.stringify({ key: k })],
    ['String()', (k: SecretKey) => String(k)],
    ['a template literal', (k: SecretKey) => `${k}`],
    ['Object.keys', (k: SecretKey) => JSON.stringify(Object.keys(k))],
  ] as const)('through %s', (_how, render) => {
    const key = SecretKey.copyOf(material());
    const text = render(key);
    expect(text).not.toContain(bytesHex);
    expect(text).not.toContain(decimal);
    expect(text).not.toMatch(/160|a0a1/);
  });

  it('prints SecretKey(<redacted>, 32 bytes), and <zeroized> once wiped', () => {
    const key = SecretKey.copyOf(material());
    expect(inspect(key)).toBe('SecretKey(<redacted>, 32 bytes)');
    expect(JSON.stringify({ key })).toBe('{"key":"SecretKey(<redacted>, 32 bytes)"}');
    key.zeroize();
    expect(inspect(key)).toBe('SecretKey(<zeroized>, 32 bytes)');
  });
});

describe('SecretKey wrong inputs', () => {
  for (const factory of ['copyOf', 'adopt'] as const) {
    it.each(NOT_BYTES)(`${factory}: bytes is not a Uint8Array (%s) → TypeError naming bytes`, (_label, value) => {
      expectArgumentError(() => SecretKey[factory](value as Uint8Array), TypeError, 'bytes');
    });
    it(`${factory}: bytes is empty → RangeError naming bytes`, () => {
      expectArgumentError(() => SecretKey[factory](new Uint8Array(0)), RangeError, 'bytes');
    });
  }
});
