/**
 * @module test/table/_driver-token
 * The reference for `src/table/token.ts`: the DataStax/Apache Cassandra Node.js driver
 * (`cassandra-driver` 4.10.0, a dev dependency), which computes Murmur3 tokens to route each
 * request to a replica. Everything here is the driver's own code:
 *
 * - {@link driverHash}: `lib/tokenizer.js` `Murmur3Tokenizer#hash`, the driver's port of
 *   Cassandra's `MurmurHash.hash3_x64_128` (tail bytes signed), first 64 bits as a signed long.
 * - {@link driverRoutingKey}: `lib/encoder.js` `setRoutingKeyFromUser`, which builds a composite
 *   routing key (`concatRoutingKey`: 2-byte length, bytes, 0x00 per part) from the parts' bytes.
 * - {@link driverValueToken}: the routing key the driver builds for bound parameters with type
 *   hints, each value serialized by the driver's own `Encoder` (protocol v4), then hashed.
 *
 * The driver's hash does not apply `Murmur3Partitioner.normalize` (`Long.MIN_VALUE` →
 * `Long.MAX_VALUE`); {@link cassandraNormalize} is that one line of Cassandra, applied here.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface DriverLong {
  toString(): string;
}
interface DriverTokenizer {
  hash(value: Buffer): { getValue(): DriverLong };
}
interface DriverExecOptions {
  getRoutingKey(): Buffer | Buffer[] | undefined;
  getRoutingIndexes(): number[] | undefined;
  getRoutingNames(): string[] | undefined;
  getHints(): string[] | undefined;
  setRoutingKey(value: Buffer | null): void;
}
interface DriverEncoder {
  setRoutingKeyFromUser(params: unknown[] | null, execOptions: DriverExecOptions): void;
}

const { Murmur3Tokenizer } = require('cassandra-driver/lib/tokenizer.js') as { Murmur3Tokenizer: new () => DriverTokenizer };
const Encoder = require('cassandra-driver/lib/encoder.js') as new (version: number, options: object) => DriverEncoder;
/** The driver's public `types` (Uuid, LocalDate, LocalTime, InetAddress, BigDecimal, …). */
export const driverTypes = (require('cassandra-driver') as { types: Record<string, unknown> }).types;

const tokenizer = new Murmur3Tokenizer();
const encoder = new Encoder(4, { encoding: { useBigIntAsLong: true, useBigIntAsVarint: true } });

/** Cassandra's `Murmur3Partitioner.normalize`: `Long.MIN_VALUE` is reserved, it becomes `Long.MAX_VALUE`. */
export function cassandraNormalize(hash: bigint): bigint {
  return hash === -(2n ** 63n) ? 2n ** 63n - 1n : hash;
}

/** The driver's Murmur3 hash of `bytes` (first 64 bits, signed), not normalised. */
export function driverHash(bytes: Uint8Array): bigint {
  return BigInt(tokenizer.hash(Buffer.from(bytes)).getValue().toString());
}

function routingKey(params: unknown[] | null, options: { key?: Buffer[]; hints?: string[]; indexes?: number[] }): Buffer {
  let key: Buffer | null | undefined;
  encoder.setRoutingKeyFromUser(params, {
    getRoutingKey: () => options.key,
    getRoutingIndexes: () => options.indexes,
    getRoutingNames: () => undefined,
    getHints: () => options.hints,
    setRoutingKey: (value) => {
      key = value;
    },
  });
  if (!key) throw new Error('the driver built no routing key');
  return key;
}

/** The routing key the driver builds from the serialized parts of a partition key. */
export function driverRoutingKey(parts: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(routingKey(null, { key: parts.map((p) => Buffer.from(p)) }));
}

/**
 * The driver's token of a partition key given as driver-side values with CQL type hints: the
 * driver serializes each value, builds the routing key and hashes it.
 * @param hints - CQL type names, e.g. `['text', 'int']`
 * @param values - values in the driver's JS mapping (BigInt for bigint/varint)
 */
export function driverValueToken(hints: readonly string[], values: readonly unknown[]): bigint {
  const key = routingKey([...values], { hints: [...hints], indexes: hints.map((_, i) => i) });
  return cassandraNormalize(driverHash(key));
}
