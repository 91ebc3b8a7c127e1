/**
 * @module test/table/token.property
 * Properties of the Murmur3Partitioner token against cassandra-driver 4.10.0's tokenizer
 * (`test/table/_driver-token.ts`): murmur3Token equals the driver's hash for random bytes of
 * every length 0..64 (so every tail branch, length % 16 = 1..15, runs with random, often
 * negative, tail bytes), at any byte offset; and partitionToken of a random composite key equals
 * the driver's hash of the routing key it builds from the same serialized parts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeValue } from '../../src/table/index.js';
import { murmur3Token, partitionToken } from '../../src/table/token.js';
import { arbitraryKeyType, arbitraryValue } from './arbitraries.js';
import { cassandraNormalize, driverHash, driverRoutingKey } from './_driver-token.js';

/** Random bytes of a uniformly chosen length 0..64, as a view at a random offset of a larger buffer. */
const randomKey = fc
  .tuple(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: 7 }))
  .chain(([length, offset]) =>
    fc.uint8Array({ minLength: offset + length, maxLength: offset + length }).map((b) => b.subarray(offset)),
  );

// One example of every tail length, so each branch runs whatever the seed.
const everyTail = Array.from({ length: 16 }, (_, r) => [new Uint8Array(16 + r).map((_, i) => (i * 131 + 7) & 0xff)] as [Uint8Array]);

describe('murmur3Token (property)', () => {
  it('equals the driver\'s Murmur3 hash (normalised) of random bytes of length 0..64', () => {
    fc.assert(
      fc.property(randomKey, (key) => {
        expect(murmur3Token(key)).toBe(cassandraNormalize(driverHash(key)));
      }),
      { numRuns: 100, examples: everyTail },
    );
  });

  it('equals the driver on every prefix of random 64 bytes (every tail length in each run)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (key) => {
        for (let n = 0; n <= 64; n++) {
          const prefix = key.subarray(0, n);
          expect(murmur3Token(prefix), `length ${n}`).toBe(cassandraNormalize(driverHash(prefix)));
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('partitionToken (property)', () => {
  it('equals the driver\'s hash of the routing key it builds from the same serialized parts', () => {
    const key = fc.array(
      arbitraryKeyType().chain((type) => arbitraryValue(type).map((value) => ({ type, value }))),
      { minLength: 1, maxLength: 4 },
    );
    fc.assert(
      fc.property(key, (parts) => {
        const token = partitionToken(
          parts.map((p) => ({ type: p.type })),
          parts.map((p) => p.value),
        );
        const routingKey = driverRoutingKey(parts.map((p) => encodeValue(p.type, p.value)));
        expect(token).toBe(cassandraNormalize(driverHash(routingKey)));
      }),
      { numRuns: 100 },
    );
  });
});
