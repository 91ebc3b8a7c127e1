/**
 * @module storage/sealing
 * How the engine encrypts what it stores. Every ciphertext is AES-256-GCM under a DEK that
 * encrypts exactly one segment or one log generation; its 12-byte nonce is a counter
 * (`purpose ‖ 0 0 0 ‖ u64 number`), unique under that DEK; its associated data binds it to its
 * place:
 *
 * ```
 * "sealtable" ‖ u8 format 1 ‖ table id 16 ‖ object id 16 (segment id, or u32 generation padded)
 *   ‖ u8 purpose ‖ u64 number (block n / log sequence) ‖ u32 count (blocks in the segment) ‖ u32 table-key version
 * ```
 * A block moved to another segment or table, a dropped last block (the count), a header from
 * another key version: the AAD differs and opening fails. DEKs are wrapped by the table key
 * (AES-256-GCM-SIV, keys layer) with the same kind of AAD and purpose `DEK_*`.
 */
import { nodeAead, type Aead } from '../crypto/index.js';
import { idBytes } from './layout.js';

export const FORMAT_VERSION = 1;
/** What a ciphertext is for; part of its AAD and nonce. */
export const PURPOSE = {
  dataBlock: 1,
  index: 2,
  bloom: 3,
  logRecord: 4,
  segmentDek: 5,
  logDek: 6,
} as const;
export type Purpose = (typeof PURPOSE)[keyof typeof PURPOSE];

const MAGIC = new TextEncoder().encode('sealtable');

/** The 16-byte object id of a log generation. */
export function generationId(gen: number): string {
  return gen.toString(16).padStart(32, '0');
}

/** The AAD of one ciphertext. */
export function sealingAad(tableId: string, objectId: string, purpose: Purpose, number: number, count: number, keyVersion: number): Uint8Array {
  const out = new Uint8Array(MAGIC.length + 1 + 16 + 16 + 1 + 8 + 4 + 4);
  const view = new DataView(out.buffer);
  let at = 0;
  out.set(MAGIC, at);
  at += MAGIC.length;
  out[at++] = FORMAT_VERSION;
  out.set(idBytes(tableId), at);
  at += 16;
  out.set(idBytes(objectId), at);
  at += 16;
  out[at++] = purpose;
  view.setBigUint64(at, BigInt(number));
  at += 8;
  view.setUint32(at, count);
  at += 4;
  view.setUint32(at, keyVersion);
  return out;
}

/** The counter nonce of one ciphertext under its DEK. */
export function sealingNonce(purpose: Purpose, number: number): Uint8Array {
  const nonce = new Uint8Array(12);
  nonce[0] = purpose;
  new DataView(nonce.buffer).setBigUint64(4, BigInt(number));
  return nonce;
}

/** The cipher of blocks and log records: AES-256-GCM through node:crypto. */
let blockCipher: Pick<Aead, 'seal' | 'open'> = nodeAead;

/**
 * Benchmarks only (bench/engine.bench.ts, in a process of its own): replaces the block cipher
 * to measure what encryption costs. Not exported from any layer index or the package root: the
 * product cannot turn encryption off.
 */
export function _replaceBlockCipherForBenchmarks(cipher: Pick<Aead, 'seal' | 'open'>): void {
  blockCipher = cipher;
}

/** Seals plaintext under a DEK at its place. */
export function sealAt(dek: Uint8Array, plaintext: Uint8Array, place: { tableId: string; objectId: string; purpose: Purpose; number: number; count: number; keyVersion: number }): Uint8Array {
  return blockCipher.seal(dek, sealingNonce(place.purpose, place.number), plaintext, sealingAad(place.tableId, place.objectId, place.purpose, place.number, place.count, place.keyVersion));
}

/** Opens a ciphertext sealed by {@link sealAt}; throws AeadAuthenticationError when it is not from that place. */
export function openAt(dek: Uint8Array, sealed: Uint8Array, place: { tableId: string; objectId: string; purpose: Purpose; number: number; count: number; keyVersion: number }): Uint8Array {
  return blockCipher.open(dek, sealingNonce(place.purpose, place.number), sealed, sealingAad(place.tableId, place.objectId, place.purpose, place.number, place.count, place.keyVersion));
}
