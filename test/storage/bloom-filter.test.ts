/**
 * The segment Bloom filter (storage/bloom-filter.ts).
 */
import { describe, expect, it } from 'vitest';
import { BloomFilter } from '../../src/storage/bloom-filter.js';

const key = (n: number): Uint8Array => new TextEncoder().encode(`user-${n}`);

describe('BloomFilter', () => {
  it('never answers false for a key that was added', () => {
    const bf = BloomFilter.forKeys(1000);
    for (let i = 0; i < 1000; i++) bf.add(key(i));
    for (let i = 0; i < 1000; i++) expect(bf.mightContain(key(i))).toBe(true);
  });
  it('answers false for most keys never added (about 1% false positives at 10 bits per key)', () => {
    const bf = BloomFilter.forKeys(1000);
    for (let i = 0; i < 1000; i++) bf.add(key(i));
    let fp = 0;
    for (let i = 1000; i < 11_000; i++) if (bf.mightContain(key(i))) fp++;
    expect(fp).toBeLessThan(300);
  });
  it('survives encode and decode', () => {
    const bf = BloomFilter.forKeys(10);
    bf.add(key(1));
    const back = BloomFilter.decode(bf.encode());
    expect(back.mightContain(key(1))).toBe(true);
    expect(back.bits).toEqual(bf.bits);
  });
});
