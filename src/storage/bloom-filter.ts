/**
 * @module storage/bloom-filter
 * A Bloom filter over partition keys (10 bits per key, 7 probes: about 1% false positives),
 * with double hashing from two FNV-1a 32-bit hashes. Stored encrypted in each segment, so a
 * point read can skip segments that do not hold the partition.
 */
const BITS_PER_KEY = 10;
const PROBES = 7;

function fnv1a(bytes: Uint8Array, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A Bloom filter: `u32 probes ‖ bits`. */
export class BloomFilter {
  readonly bits: Uint8Array;
  readonly probes: number;

  private constructor(bits: Uint8Array, probes: number) {
    this.bits = bits;
    this.probes = probes;
  }

  /** A filter sized for `expected` keys. */
  static forKeys(expected: number): BloomFilter {
    const nbits = Math.max(64, expected * BITS_PER_KEY);
    return new BloomFilter(new Uint8Array(Math.ceil(nbits / 8)), PROBES);
  }

  /** Reads a filter written by {@link BloomFilter.encode}. */
  static decode(bytes: Uint8Array): BloomFilter {
    if (bytes.length < 5) throw new RangeError('bloom filter too short');
    const probes = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
    return new BloomFilter(bytes.slice(4), probes);
  }

  #positions(key: Uint8Array): number[] {
    const n = this.bits.length * 8;
    const h1 = fnv1a(key, 0x811c9dc5);
    const h2 = fnv1a(key, 0x9747b28c) | 1;
    const out: number[] = [];
    for (let i = 0; i < this.probes; i++) out.push(((h1 + Math.imul(i, h2)) >>> 0) % n);
    return out;
  }

  add(key: Uint8Array): void {
    for (const p of this.#positions(key)) this.bits[p >>> 3]! |= 1 << (p & 7);
  }

  /** False only when the key was certainly never added (the probes of {@link BloomFilter.add}, without an array). */
  mightContain(key: Uint8Array): boolean {
    const n = this.bits.length * 8;
    const h1 = fnv1a(key, 0x811c9dc5);
    const h2 = fnv1a(key, 0x9747b28c) | 1;
    for (let i = 0; i < this.probes; i++) {
      const p = ((h1 + Math.imul(i, h2)) >>> 0) % n;
      if ((this.bits[p >>> 3]! & (1 << (p & 7))) === 0) return false;
    }
    return true;
  }

  encode(): Uint8Array {
    const out = new Uint8Array(4 + this.bits.length);
    new DataView(out.buffer).setUint32(0, this.probes);
    out.set(this.bits, 4);
    return out;
  }
}
