/**
 * @module table/token
 * The token of a partition key under Cassandra's `Murmur3Partitioner` (the default partitioner
 * since Cassandra 1.2, and the one Amazon Keyspaces reports), so `token(pk)` and token-range
 * scans order partitions as Cassandra does and drivers route to the same place.
 *
 * - The key bytes: for one partition key column, the value's native protocol v4 serialization
 *   ({@link encodeValue}); for a composite key, Cassandra's `CompositeType` serialization: per
 *   component a 2-byte big-endian length, the bytes, then an end-of-component byte `0x00`.
 * - The hash: Cassandra's `MurmurHash.hash3_x64_128(key, 0, length, 0)`
 *   (`org.apache.cassandra.utils.MurmurHash`), Austin Appleby's MurmurHash3 x64 128-bit with
 *   seed 0, except that Cassandra reads the tail bytes (the last `length % 16`) as *signed* Java
 *   bytes: a tail byte ≥ 0x80 is sign-extended to 64 bits before its shift, so it also sets every
 *   bit above it in `k1`/`k2`. Hashes of keys with such a tail differ from the reference
 *   MurmurHash3; they are what every Cassandra node and driver computes, and what this module
 *   computes.
 * - The token: the first 64-bit half of the hash as a signed long, except that
 *   `Long.MIN_VALUE` becomes `Long.MAX_VALUE` (`Murmur3Partitioner.normalize`: the minimum
 *   token is reserved for the ring's start and is never the token of a key).
 *
 * Tokens are `bigint`s in `[MIN_TOKEN + 1, MAX_TOKEN]`.
 */
import { describeType, isBytes } from '../common/arguments.js';
import { needs } from '../common/needs.js';
import type { CqlType } from './cql-type.js';
import { encodeValue } from './value-codec.js';
import type { CqlValue } from './values.js';

/** The smallest Murmur3Partitioner token, `Long.MIN_VALUE`: the ring's start, never a key's token. */
export const MIN_TOKEN = -(2n ** 63n);

/** The largest Murmur3Partitioner token, `Long.MAX_VALUE` (also the token of a key whose hash is `Long.MIN_VALUE`). */
export const MAX_TOKEN = 2n ** 63n - 1n;

/** Longest component of a composite key: its length travels as an unsigned 16-bit integer. */
const MAX_COMPONENT_BYTES = 0xffff;

const C1 = 0x87c37b91114253d5n;
const C2 = 0x4cf5ad432745937fn;
const C3 = 0xff51afd7ed558ccdn;
const C4 = 0xc4ceb9fe1a85ec53n;
const C5 = 0x52dce729n;
const C6 = 0x38495ab5n;

const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);

function rotl64(x: bigint, r: bigint, rr: bigint): bigint {
  return u64(x << r) | (x >> rr);
}

function fmix64(k: bigint): bigint {
  k ^= k >> 33n;
  k = u64(k * C3);
  k ^= k >> 33n;
  k = u64(k * C4);
  return k ^ (k >> 33n);
}

function mixK1(k1: bigint): bigint {
  return u64(rotl64(u64(k1 * C1), 31n, 33n) * C2);
}

function mixK2(k2: bigint): bigint {
  return u64(rotl64(u64(k2 * C2), 33n, 31n) * C1);
}

/** Tail bytes `from..to-1` as Java builds `k1`/`k2`: each a signed byte, sign-extended, shifted into place. */
function tailWord(bytes: Uint8Array, from: number, to: number): bigint {
  let k = 0n;
  for (let i = from; i < to; i++) {
    const b = bytes[i]!;
    // A negative Java byte is sign-extended to 64 bits before the shift: it also sets every bit above it.
    const v = b < 0x80 ? BigInt(b) : u64(BigInt(b - 0x100));
    k ^= u64(v << BigInt((i - from) * 8));
  }
  return k;
}

/**
 * The Murmur3Partitioner token of raw partition key bytes: Cassandra's
 * `MurmurHash.hash3_x64_128` with seed 0 (tail bytes signed, see the module summary), its first
 * 64 bits as a signed long, `Long.MIN_VALUE` mapped to `Long.MAX_VALUE`.
 * @param bytes - the partition key bytes (a single column's serialized value, or the composite
 *   serialization {@link partitionToken} builds)
 * @returns the token, in `[MIN_TOKEN + 1, MAX_TOKEN]`
 * @throws {@link TypeError} when `bytes` is not a Uint8Array
 * @example
 * murmur3Token(new Uint8Array(0)); // 0n
 * murmur3Token(Uint8Array.of(0, 0, 0, 1)); // -4069959284402364209n, the token of int 1
 */
export function murmur3Token(bytes: Uint8Array): bigint {
  /* Precondition: bytes is a Uint8Array. */
  needs(isBytes(bytes), `bytes must be a Uint8Array, got ${describeType(bytes)}`, TypeError);
  const length = bytes.length;
  const blocks = length >>> 4;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let h1 = 0n;
  let h2 = 0n;
  for (let i = 0; i < blocks; i++) {
    const k1 = view.getBigUint64(i * 16, true);
    const k2 = view.getBigUint64(i * 16 + 8, true);
    h1 ^= mixK1(k1);
    h1 = u64(rotl64(h1, 27n, 37n) + h2);
    h1 = u64(h1 * 5n + C5);
    h2 ^= mixK2(k2);
    h2 = u64(rotl64(h2, 31n, 33n) + h1);
    h2 = u64(h2 * 5n + C6);
  }
  const tail = blocks * 16;
  const rest = length & 15;
  if (rest > 8) h2 ^= mixK2(tailWord(bytes, tail + 8, tail + rest));
  if (rest > 0) h1 ^= mixK1(tailWord(bytes, tail, tail + Math.min(rest, 8)));
  const len = BigInt(length);
  h1 ^= len;
  h2 ^= len;
  h1 = u64(h1 + h2);
  h2 = u64(h2 + h1);
  h1 = fmix64(h1);
  h2 = fmix64(h2);
  const token = BigInt.asIntN(64, h1 + h2);
  return token === MIN_TOKEN ? MAX_TOKEN : token;
}

/**
 * The Murmur3Partitioner token of a partition key: the hash of the single column's serialized
 * value, or of the `CompositeType` serialization of a composite key (module summary).
 * @param columns - the partition key columns, in partition key order (only `type` is read)
 * @param values - the key's normalised values ({@link normalizeValue}), one per column, none null
 * @returns the token, in `[MIN_TOKEN + 1, MAX_TOKEN]`
 * @throws {@link RangeError} when there are no columns, when `values` and `columns` differ in
 *   length, or when a component of a composite key serializes to more than 65,535 bytes
 * @throws {@link TypeError} when `columns` or `values` is not an array, or a value is null or
 *   not a normalised value of its column's type
 * @example
 * partitionToken([{ type: parseCqlType('int') }], [1]); // -4069959284402364209n
 * partitionToken([{ type: parseCqlType('text') }, { type: parseCqlType('int') }], ['a', 1]);
 */
export function partitionToken(columns: readonly { type: CqlType }[], values: readonly CqlValue[]): bigint {
  needs(Array.isArray(columns), `columns must be an array, got ${describeType(columns)}`, TypeError);
  needs(Array.isArray(values), `values must be an array, got ${describeType(values)}`, TypeError);
  /* Precondition: a partition key has at least one column. */
  needs(columns.length > 0, 'columns must name at least one partition key column', RangeError);
  /* Precondition: there is one value per partition key column. */
  needs(
    values.length === columns.length,
    `values must have one value per column (${columns.length}), got ${values.length}`,
    RangeError,
  );
  const parts: Uint8Array[] = [];
  let size = 0;
  for (let i = 0; i < columns.length; i++) {
    const value = values[i] ?? null;
    /* Precondition: no partition key value is null. */
    needs(value !== null, `values[${i}] must not be null: a partition key part has a value`, TypeError);
    const part = encodeValue(columns[i]!.type, value);
    parts.push(part);
    size += part.length + 3;
  }
  if (parts.length === 1) return murmur3Token(parts[0]!);
  const key = new Uint8Array(size);
  let offset = 0;
  for (const [i, part] of parts.entries()) {
    /* Precondition: each component of a composite key is at most 65,535 bytes. */
    needs(
      part.length <= MAX_COMPONENT_BYTES,
      `values[${i}] serializes to ${part.length} bytes; a composite key component holds at most ${MAX_COMPONENT_BYTES}`,
      RangeError,
    );
    key[offset] = part.length >>> 8;
    key[offset + 1] = part.length & 0xff;
    key.set(part, offset + 2);
    offset += part.length + 3; // the end-of-component byte stays 0x00
  }
  return murmur3Token(key);
}
