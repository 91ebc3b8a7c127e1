import { describe, expect, it } from 'vitest';
import { compareBytes } from '../../../src/storage/kv/index.js';
import { b } from './_helpers.js';

describe('compareBytes', () => {
  it.each([
    ['equal bytes', b(1, 2, 3), b(1, 2, 3), 0],
    ['two empty arrays', b(), b(), 0],
    ['the empty array before any other', b(), b(0x00), -1],
    ['a prefix before its extension', b(0x01), b(0x01, 0x00), -1],
    ['0x00 before 0x01', b(0x00), b(0x01), -1],
    ['bytes compared unsigned: 0x7f before 0x80', b(0x7f), b(0x80), -1],
    ['bytes compared unsigned: 0x80 before 0xff', b(0x80, 0x00), b(0xff), -1],
    ['the first difference decides, not the length', b(0x01, 0xff, 0xff), b(0x02), -1],
    ['a longer string after its prefix', b(0xff, 0xff, 0x00), b(0xff, 0xff), 1],
  ] as const)('%s', (_label, x, y, sign) => {
    expect(Math.sign(compareBytes(x, y))).toBe(sign);
    expect(Math.sign(compareBytes(y, x))).toBe(-sign || 0);
  });

  it('compares a Buffer and a subarray by their bytes only', () => {
    const frame = b(9, 1, 2, 9);
    expect(compareBytes(frame.subarray(1, 3), Buffer.from([1, 2]))).toBe(0);
    expect(Math.sign(compareBytes(frame.subarray(1, 3), frame.subarray(1, 4)))).toBe(-1);
  });

  it('sorts an array into LevelDB order', () => {
    const keys = [b(0xff), b(), b(0x00, 0xff), b(0x00), b(0x80), b(0x00, 0x00)];
    expect(keys.sort(compareBytes).map((k) => Array.from(k))).toEqual([[], [0], [0, 0], [0, 255], [128], [255]]);
  });

  it.each([
    ['a string', 'ab'],
    ['an array of numbers', [1, 2]],
    ['null', null],
    ['a Uint16Array', new Uint16Array(2)],
  ])('a or b that is %s throws TypeError naming it', (_label, bad) => {
    expect(() => compareBytes(bad as unknown as Uint8Array, b(1))).toThrow(/^a must be a Uint8Array/);
    expect(() => compareBytes(b(1), bad as unknown as Uint8Array)).toThrow(/^b must be a Uint8Array/);
  });
});
