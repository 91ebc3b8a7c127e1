/**
 * @module kms/encryption-context
 * Canonical, unambiguous encoding of an encryption context for use as AAD (kms.md §5).
 * Pairs are sorted by the UTF-8 bytes of their keys, and every key and value is
 * length-prefixed, so `{"ab":"c"}` and `{"a":"bc"}` encode differently, and key order in the
 * request does not matter. Matching is exact and case-sensitive.
 */
import { ValidationException } from '../common/errors.js';
import type { EncryptionContext } from './types.js';

const utf8 = new TextEncoder();
/** A UTF-16 surrogate without its pair (String.prototype.isWellFormed is ES2024). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * Encodes a context as `u32 count ‖ (u32 len ‖ key ‖ u32 len ‖ value)*`, keys sorted by bytes.
 * @param context - the encryption context (absent = empty)
 * @returns the canonical bytes
 * @throws {@link ValidationException} for a key or value with a lone surrogate
 * @example encodeEncryptionContext({ b: '2', a: '1' }) // same bytes as { a: '1', b: '2' }
 */
export function encodeEncryptionContext(context: EncryptionContext | undefined): Uint8Array {
  for (const [k, v] of Object.entries(context ?? {})) {
    /* Precondition: encryption-context keys and values are well-formed Unicode (UTF-8 would merge lone surrogates). */
    if (LONE_SURROGATE.test(k) || LONE_SURROGATE.test(v))
      throw new ValidationException('Encryption context keys and values must be well-formed Unicode strings.');
  }
  const pairs = Object.entries(context ?? {}).map(([k, v]) => [utf8.encode(k), utf8.encode(v)] as const);
  pairs.sort((x, y) => compareBytes(x[0], y[0]));
  let size = 4;
  for (const [k, v] of pairs) size += 8 + k.length + v.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(0, pairs.length);
  let at = 4;
  for (const [k, v] of pairs) {
    view.setUint32(at, k.length);
    out.set(k, at + 4);
    at += 4 + k.length;
    view.setUint32(at, v.length);
    out.set(v, at + 4);
    at += 4 + v.length;
  }
  return out;
}

/** True when both contexts hold exactly the same pairs (case-sensitive, any order). */
export function contextsEqual(a: EncryptionContext | undefined, b: EncryptionContext | undefined): boolean {
  const ea = Object.entries(a ?? {});
  const bb = b ?? {};
  if (ea.length !== Object.keys(bb).length) return false;
  return ea.every(([k, v]) => Object.hasOwn(bb, k) && bb[k] === v);
}

/**
 * Grant-constraint matching (kms.md §6): constraint keys are case-insensitive, values
 * case-sensitive. `equals`: the request context has exactly the constraint's pairs;
 * otherwise (`subset`): it has every constraint pair and may have more.
 */
export function contextSatisfies(
  request: EncryptionContext | undefined,
  constraint: EncryptionContext,
  mode: 'equals' | 'subset',
): boolean {
  const req = new Map<string, string>();
  for (const [k, v] of Object.entries(request ?? {})) req.set(k.toLowerCase(), v);
  const con = Object.entries(constraint);
  if (mode === 'equals' && req.size !== con.length) return false;
  return con.every(([k, v]) => req.get(k.toLowerCase()) === v);
}
