import { describe, expect, it } from 'vitest';
import { randomBytes, randomUuid } from '../../src/crypto/index.js';
import { expectArgumentError, expectOwnUint8Array, toHex } from './_helpers.js';

describe('randomBytes', () => {
  it.each([0, 1, 12, 32, 1000])('returns %i bytes in their own plain Uint8Array', (n) => {
    const bytes = randomBytes(n);
    expect(bytes.length).toBe(n);
    expectOwnUint8Array(bytes);
  });

  it('returns different bytes each call, and not all zeros', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const bytes = randomBytes(32);
      expect(bytes.some((b) => b !== 0)).toBe(true);
      seen.add(toHex(bytes));
    }
    expect(seen.size).toBe(100);
  });

  it('uses every byte value over many draws (the bytes are filled, not left zero)', () => {
    const counts = new Uint32Array(256);
    for (const b of randomBytes(64 * 1024)) counts[b]!++;
    expect(Math.min(...counts)).toBeGreaterThan(0);
  });

  describe('wrong inputs', () => {
    it.each([
      ['a string', '32'],
      ['undefined', undefined],
      ['null', null],
    ] as const)('n is not a number (%s) → TypeError naming n', (_label, value) => {
      expectArgumentError(() => randomBytes(value as unknown as number), TypeError, 'n');
    });
    it.each([-1, 1.5, NaN, Infinity, 2 ** 31])('n is not an integer from 0 to 2^31 - 1 (%s) → RangeError naming n', (value) => {
      expectArgumentError(() => randomBytes(value), RangeError, 'n');
    });
  });
});

describe('randomUuid', () => {
  it('returns RFC 9562 version 4 UUIDs that differ', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const id = randomUuid();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(100);
  });
});
