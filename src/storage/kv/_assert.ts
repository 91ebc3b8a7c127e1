/**
 * @module storage/kv/_assert
 * Layer-internal argument checks shared by every {@link KvStore} implementation, so that both
 * reject the same mistakes the same way (after noble-ciphers `abytes()`): a wrong type throws
 * `TypeError`, a wrong range throws `RangeError`, and every message names the argument.
 */
import { needs } from '../../common/needs.js';
import type { KvOperation, KvRange, KvWriteOptions } from './kv-store.js';
import { describeType, isBytes } from '../../common/arguments.js';

export { describeType, isBytes };



/** Throws `TypeError` unless `value` is a Uint8Array. */
export function assertBytes(value: unknown, name: string): asserts value is Uint8Array {
  if (value instanceof Uint8Array) return; // the hot path of compareBytes
  needs(isBytes(value), `${name} must be a Uint8Array, got ${describeType(value)}`, TypeError);
}

/** Throws `TypeError` unless `options` is undefined or an object whose `sync` is undefined or boolean. */
export function assertWriteOptions(options: unknown): asserts options is KvWriteOptions | undefined {
  if (options === undefined) return;
  /* Precondition: options is an object. */
  needs(typeof options === 'object' && options !== null, `options must be an object, got ${describeType(options)}`, TypeError);
  const sync = (options as { sync?: unknown }).sync;
  /* Precondition: options.sync is a boolean when given. */
  needs(sync === undefined || typeof sync === 'boolean', `options.sync must be a boolean, got ${describeType(sync)}`, TypeError);
}

/** Throws `TypeError` unless `keys` is an array of Uint8Arrays. */
export function assertKeys(keys: unknown): asserts keys is readonly Uint8Array[] {
  /* Precondition: keys is an array. */
  needs(Array.isArray(keys), `keys must be an array, got ${describeType(keys)}`, TypeError);
  for (let i = 0; i < keys.length; i++) assertBytes(keys[i], `keys[${i}]`);
}

/** Throws `TypeError` unless every operation is a well-formed put or del; checks all before any is applied. */
export function assertOperations(ops: unknown): asserts ops is readonly KvOperation[] {
  /* Precondition: ops is an array. */
  needs(Array.isArray(ops), `ops must be an array, got ${describeType(ops)}`, TypeError);
  for (let i = 0; i < ops.length; i++) {
    const op: unknown = ops[i];
    /* Precondition: each operation is an object. */
    needs(typeof op === 'object' && op !== null, `ops[${i}] must be an object, got ${describeType(op)}`, TypeError);
    const { type, key, value } = op as { type?: unknown; key?: unknown; value?: unknown };
    /* Precondition: each operation's type is 'put' or 'del'. */
    needs(type === 'put' || type === 'del', `ops[${i}].type must be 'put' or 'del', got ${describeType(type)}`, TypeError);
    assertBytes(key, `ops[${i}].key`);
    if (type === 'put') assertBytes(value, `ops[${i}].value`);
  }
}

/** A checked {@link KvRange} with every field present. */
export interface NormalizedRange {
  lower: Uint8Array | undefined;
  lowerInclusive: boolean;
  upper: Uint8Array | undefined;
  upperInclusive: boolean;
  reverse: boolean;
  limit: number;
}

/** Checks a range and returns it with defaults filled in and the bounds copied. */
export function normalizeRange(range: unknown): NormalizedRange {
  if (range === undefined) {
    return { lower: undefined, lowerInclusive: true, upper: undefined, upperInclusive: true, reverse: false, limit: Infinity };
  }
  /* Precondition: range is an object. */
  needs(typeof range === 'object' && range !== null, `range must be an object, got ${describeType(range)}`, TypeError);
  const { gt, gte, lt, lte, reverse, limit } = range as Record<keyof KvRange, unknown>;
  for (const [name, bound] of [['gt', gt], ['gte', gte], ['lt', lt], ['lte', lte]] as const) {
    if (bound !== undefined) assertBytes(bound, `range.${name}`);
  }
  /* Precondition: a range has at most one lower bound. */
  needs(gt === undefined || gte === undefined, 'range must not give both gt and gte', TypeError);
  /* Precondition: a range has at most one upper bound. */
  needs(lt === undefined || lte === undefined, 'range must not give both lt and lte', TypeError);
  /* Precondition: range.reverse is a boolean when given. */
  needs(reverse === undefined || typeof reverse === 'boolean', `range.reverse must be a boolean, got ${describeType(reverse)}`, TypeError);
  /* Precondition: range.limit is a number when given. */
  needs(limit === undefined || typeof limit === 'number', `range.limit must be a number, got ${describeType(limit)}`, TypeError);
  /* Precondition: range.limit is a non-negative integer or Infinity. */
  needs(
    limit === undefined || limit === Infinity || (Number.isSafeInteger(limit) && (limit as number) >= 0),
    `range.limit must be a non-negative integer or Infinity, got ${String(limit)}`,
    RangeError,
  );
  const lower = (gt ?? gte) as Uint8Array | undefined;
  const upper = (lt ?? lte) as Uint8Array | undefined;
  return {
    lower: lower === undefined ? undefined : copyBytes(lower),
    lowerInclusive: gt === undefined,
    upper: upper === undefined ? undefined : copyBytes(upper),
    upperInclusive: lt === undefined,
    reverse: reverse === true,
    limit: (limit as number | undefined) ?? Infinity,
  };
}

/** A fresh plain Uint8Array (never a Buffer) holding the bytes of `bytes`. */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}
