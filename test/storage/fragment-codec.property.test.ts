/**
 * The binary form of partitions round-trips (storage/fragment-codec.ts), is written into a
 * buffer of exactly its size, and the byte writer under it keeps no plaintext behind.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../src/storage/_bytes.js';
import { decodeFragments, encodeFragments, fragmentSize, writeFragment } from '../../src/storage/fragment-codec.js';
import { partitionArb } from './_fragment-arbitraries.js';

describe('fragment codec', () => {
  it('decode(encode(partitions)) equals the partitions', () => {
    fc.assert(
      fc.property(fc.array(partitionArb, { maxLength: 4 }), (parts) => {
        expect(decodeFragments(encodeFragments(parts))).toEqual(parts);
      }),
    );
  });
  it('a truncated encoding never decodes silently into other data', () => {
    fc.assert(
      fc.property(fc.array(partitionArb, { minLength: 1, maxLength: 3 }), fc.nat(), (parts, cut) => {
        const bytes = encodeFragments(parts);
        const at = cut % bytes.length;
        expect(() => decodeFragments(bytes.subarray(0, at))).toThrow();
      }),
    );
  });
  it('fragmentSize is the length writeFragment writes', () => {
    fc.assert(
      fc.property(partitionArb, (p) => {
        const w = new ByteWriter(1);
        writeFragment(w, p);
        expect(w.length).toBe(fragmentSize(p));
      }),
    );
  });
  it('encodeFragments(parts, reserve) is reserve zero bytes, then the encoding, in a buffer of its own of that exact size', () => {
    fc.assert(
      fc.property(fc.array(partitionArb, { maxLength: 4 }), fc.nat({ max: 16 }), (parts, reserve) => {
        const plain = encodeFragments(parts);
        const reserved = encodeFragments(parts, reserve);
        expect(reserved.byteOffset).toBe(0);
        expect(reserved.buffer.byteLength).toBe(reserve + plain.length);
        expect([...reserved.subarray(0, reserve)]).toEqual(new Array<number>(reserve).fill(0));
        expect(reserved.subarray(reserve)).toEqual(plain);
      }),
    );
  });
});

describe('ByteWriter', () => {
  it('hands over its buffer when the bytes fill it exactly, and keeps nothing of them', () => {
    const w = new ByteWriter(5);
    w.u32(0xdeadbeef);
    w.u8(7);
    const out = w.finish();
    expect([...out]).toEqual([0xde, 0xad, 0xbe, 0xef, 7]);
    expect(out.buffer.byteLength).toBe(5);
    expect(w.length).toBe(0);
    w.skip(3);
    expect([...w.finish()]).toEqual([0, 0, 0]);
  });
  it('zeroes its buffer when it copies the bytes out: what it writes next starts from zeros', () => {
    const w = new ByteWriter(64);
    w.bytes(Uint8Array.of(1, 2, 3, 4, 5, 6));
    expect([...w.finish()]).toEqual([1, 2, 3, 4, 5, 6]);
    w.u8(9);
    w.skip(5);
    expect([...w.finish()]).toEqual([9, 0, 0, 0, 0, 0]);
  });
  it('grows past its initial size, from an empty buffer too, keeping what was written', () => {
    const w = new ByteWriter(0);
    for (let i = 0; i < 100; i++) w.u8(i);
    w.lenBytes(Uint8Array.of(1, 2));
    w.f64(1.5);
    const out = w.finish();
    expect(out.length).toBe(100 + 6 + 8);
    expect([...out.subarray(0, 100)]).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect([...out.subarray(100, 106)]).toEqual([0, 0, 0, 2, 1, 2]);
  });
});
