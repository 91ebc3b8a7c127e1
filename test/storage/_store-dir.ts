/**
 * @module test/storage/_store-dir
 * Helpers that look at a store directory from the outside, the way an attacker with the disk
 * would: open its LevelDB directly (classic-level, `view` encodings, while the Store is closed),
 * name every key by the layout of src/storage/layout.ts, decode segment and log headers, learn
 * the table key (KMS Decrypt as the store's service principal) and every DEK (unwrapped from the
 * headers with the table key), and search every file for needles.
 *
 * A raw byte search of LevelDB files can miss bytes that are there: table files (`*.ldb`) hold
 * Snappy-compressed blocks, and the write-ahead log (`*.log`, `MANIFEST-*`) splits records at
 * 32 KiB block boundaries with a 7-byte header in between. So {@link fileViews} gives, besides
 * the raw bytes, every reassembled log record and every decompressed table block
 * (leveldb `doc/log_format.md`, `doc/table_format.md`; Snappy `format_description.txt`), and
 * {@link levelEntries} every key and value those hold, deleted and overwritten ones included.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { SecretKey } from '../../src/crypto/index.js';
import { DEFAULT_SERVICE_PRINCIPAL, tableKeyEncryptionContext, unwrapDek } from '../../src/keys/index.js';
import type { LocalKms } from '../../src/kms/index.js';
import { idBytes } from '../../src/storage/layout.js';
import { decodeHeader as decodeSegmentHeader, type SegmentHeader } from '../../src/storage/segment.js';
import { generationId, PURPOSE, sealingAad } from '../../src/storage/sealing.js';
import type { TableRecord } from '../../src/table/store.js';

// ---------------------------------------------------------------- files

/** Every regular file under `root`, recursively (absolute paths). */
export async function filesUnder(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}

/** One way of reading a file: its raw bytes, a reassembled log record, a decompressed table block. */
export interface FileView {
  file: string;
  view: string;
  bytes: Uint8Array;
}

/** Reads a little-endian base-128 varint at `at`. */
function varint(buf: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    if (at >= buf.length) throw new RangeError('varint past the end');
    const b = buf[at++]!;
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [value, at];
    shift += 7;
    if (shift > 63) throw new RangeError('varint too long');
  }
}

/** Snappy decompression (raw format: varint length, then literals and copies). */
export function snappyDecompress(src: Uint8Array): Uint8Array {
  const [length, start] = varint(src, 0);
  let at = start;
  const out = new Uint8Array(length);
  let o = 0;
  while (at < src.length) {
    const tag = src[at++]!;
    const kind = tag & 3;
    if (kind === 0) {
      let len = tag >>> 2;
      if (len >= 60) {
        const extra = len - 59;
        len = 0;
        for (let i = 0; i < extra; i++) len |= src[at++]! << (8 * i);
      }
      len += 1;
      out.set(src.subarray(at, at + len), o);
      at += len;
      o += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (kind === 1) {
      len = ((tag >>> 2) & 7) + 4;
      offset = ((tag >>> 5) << 8) | src[at++]!;
    } else if (kind === 2) {
      len = (tag >>> 2) + 1;
      offset = src[at]! | (src[at + 1]! << 8);
      at += 2;
    } else {
      len = (tag >>> 2) + 1;
      offset = (src[at]! | (src[at + 1]! << 8) | (src[at + 2]! << 16) | (src[at + 3]! << 24)) >>> 0;
      at += 4;
    }
    if (offset === 0 || offset > o) throw new RangeError('snappy: bad copy offset');
    for (let i = 0; i < len; i++, o++) out[o] = out[o - offset]!;
  }
  if (o !== length) throw new RangeError(`snappy: ${o} bytes decoded, ${length} announced`);
  return out;
}

const LOG_BLOCK = 32768;
const LOG_HEADER = 7;

/** The records of a LevelDB log file (write-ahead log or MANIFEST), fragments reassembled. */
export function logRecords(buf: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let pending: Uint8Array[] = [];
  let at = 0;
  while (at < buf.length) {
    const blockLeft = LOG_BLOCK - (at % LOG_BLOCK);
    if (blockLeft < LOG_HEADER) {
      at += blockLeft;
      continue;
    }
    if (at + LOG_HEADER > buf.length) break;
    const len = buf[at + 4]! | (buf[at + 5]! << 8);
    const type = buf[at + 6]!;
    const data = buf.subarray(at + LOG_HEADER, at + LOG_HEADER + len);
    at += LOG_HEADER + len;
    if (type === 0 && len === 0) {
      at = Math.ceil(at / LOG_BLOCK) * LOG_BLOCK; // zero padding: skip the rest of the block
      continue;
    }
    if (type === 1) out.push(Uint8Array.from(data));
    else if (type === 2) pending = [data];
    else if (type === 3) pending.push(data);
    else if (type === 4) {
      pending.push(data);
      out.push(Buffer.concat(pending));
      pending = [];
    }
  }
  if (pending.length > 0) out.push(Buffer.concat(pending)); // a torn last record still holds bytes
  return out;
}

/** A key/value (or deletion) LevelDB holds somewhere in its files. */
export interface LevelEntry {
  key: Uint8Array;
  value: Uint8Array | undefined;
  where: string;
}

/** The puts and deletes of one write batch (a write-ahead-log record). */
export function writeBatchEntries(rec: Uint8Array, where: string): LevelEntry[] {
  const out: LevelEntry[] = [];
  let at = 12; // sequence (8) and count (4)
  try {
    while (at < rec.length) {
      const tag = rec[at++]!;
      let n: number;
      [n, at] = varint(rec, at);
      const key = rec.slice(at, at + n);
      at += n;
      if (tag === 1) {
        [n, at] = varint(rec, at);
        out.push({ key, value: rec.slice(at, at + n), where });
        at += n;
      } else if (tag === 0) out.push({ key, value: undefined, where });
      else break;
    }
  } catch {
    // A torn record: keep what was decoded.
  }
  return out;
}

/** Entries of one table block (shared-prefix keys, restart array at the end). */
function blockEntries(block: Uint8Array): { key: Uint8Array; value: Uint8Array }[] {
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const restarts = view.getUint32(block.length - 4, true);
  const end = block.length - 4 - restarts * 4;
  const out: { key: Uint8Array; value: Uint8Array }[] = [];
  let at = 0;
  let last = new Uint8Array(0);
  while (at < end) {
    let shared: number;
    let nonShared: number;
    let valueLength: number;
    [shared, at] = varint(block, at);
    [nonShared, at] = varint(block, at);
    [valueLength, at] = varint(block, at);
    const key = new Uint8Array(shared + nonShared);
    key.set(last.subarray(0, shared));
    key.set(block.subarray(at, at + nonShared), shared);
    at += nonShared;
    out.push({ key, value: block.slice(at, at + valueLength) });
    at += valueLength;
    last = key;
  }
  return out;
}

/** Reads the block at a handle; decompresses it if Snappy-compressed. */
function readBlock(file: Uint8Array, offset: number, size: number): { contents: Uint8Array; compressed: boolean } {
  const raw = file.subarray(offset, offset + size);
  const type = file[offset + size]!;
  if (type === 1) return { contents: snappyDecompress(raw), compressed: true };
  return { contents: raw, compressed: false };
}

/** Every block of a LevelDB table file (data, filter, meta-index, index), decompressed. */
export function tableBlocks(file: Uint8Array): { contents: Uint8Array; compressed: boolean; kind: 'data' | 'meta' | 'index' | 'metaindex' }[] {
  const footer = file.subarray(file.length - 48);
  let at = 0;
  let metaOffset: number;
  let metaSize: number;
  let indexOffset: number;
  let indexSize: number;
  [metaOffset, at] = varint(footer, at);
  [metaSize, at] = varint(footer, at);
  [indexOffset, at] = varint(footer, at);
  [indexSize, at] = varint(footer, at);
  const magic = Buffer.from(footer.subarray(40, 48)).toString('hex');
  if (magic !== '57fb808b247547db') throw new RangeError('not a LevelDB table file');
  const index = readBlock(file, indexOffset, indexSize);
  const metaindex = readBlock(file, metaOffset, metaSize);
  const out: ReturnType<typeof tableBlocks> = [
    { ...index, kind: 'index' },
    { ...metaindex, kind: 'metaindex' },
  ];
  for (const [kind, block] of [['data', index.contents], ['meta', metaindex.contents]] as const) {
    for (const { value } of blockEntries(block)) {
      const [offset, next] = varint(value, 0);
      const [size] = varint(value, next);
      out.push({ ...readBlock(file, offset, size), kind });
    }
  }
  return out;
}

function isLogFile(name: string): boolean {
  return /(^|\/)(\d+\.log|MANIFEST-\d+)$/.test(name);
}
function isTableFile(name: string): boolean {
  return /(^|\/)\d+\.(ldb|sst)$/.test(name);
}

/**
 * Every way of reading every file under `root`: raw bytes, and for LevelDB files the
 * reassembled log records and the decompressed table blocks.
 */
export async function fileViews(root: string): Promise<FileView[]> {
  const out: FileView[] = [];
  for (const path of await filesUnder(root)) {
    const bytes = new Uint8Array(await readFile(path));
    const file = relative(root, path);
    out.push({ file, view: 'raw', bytes });
    if (isLogFile(path)) logRecords(bytes).forEach((r, i) => out.push({ file, view: `log record ${i}`, bytes: r }));
    if (isTableFile(path)) tableBlocks(bytes).forEach((b, i) => out.push({ file, view: `${b.kind} block ${i}${b.compressed ? ' (snappy)' : ''}`, bytes: b.contents }));
  }
  return out;
}

/**
 * Every key and value found in the LevelDB files under `root` (write-ahead logs and tables),
 * whatever their state: live, overwritten, deleted but not yet compacted away.
 */
export async function levelEntries(root: string): Promise<LevelEntry[]> {
  const out: LevelEntry[] = [];
  for (const path of await filesUnder(root)) {
    const name = relative(root, path);
    if (/(^|\/)\d+\.log$/.test(path)) {
      const bytes = new Uint8Array(await readFile(path));
      logRecords(bytes).forEach((r, i) => out.push(...writeBatchEntries(r, `${name} record ${i}`)));
    } else if (isTableFile(path)) {
      const bytes = new Uint8Array(await readFile(path));
      for (const b of tableBlocks(bytes)) {
        if (b.kind !== 'data') continue;
        for (const { key, value } of blockEntries(b.contents)) {
          // Internal key: user key ‖ u64 (sequence << 8 | type); type 1 = value, 0 = deletion.
          const type = key[key.length - 8]!;
          out.push({ key: key.slice(0, key.length - 8), value: type === 1 ? value : undefined, where: name });
        }
      }
    }
  }
  return out;
}

/** A needle to look for, with a name for the report. */
export interface Needle {
  label: string;
  bytes: Uint8Array;
}

/** One place a needle was found. */
export interface Hit {
  label: string;
  file: string;
  view: string;
}

/** Every (needle, file view) where the needle occurs. */
export function findNeedles(views: readonly FileView[], needles: readonly Needle[]): Hit[] {
  const hits: Hit[] = [];
  for (const v of views) {
    const hay = Buffer.from(v.bytes.buffer, v.bytes.byteOffset, v.bytes.byteLength);
    for (const n of needles) if (n.bytes.length > 0 && hay.includes(Buffer.from(n.bytes.buffer, n.bytes.byteOffset, n.bytes.byteLength))) hits.push({ label: n.label, file: v.file, view: v.view });
  }
  return hits;
}

/** A needle's raw bytes and their lower- and upper-case hex and base64 texts. */
export function needleForms(label: string, bytes: Uint8Array): Needle[] {
  const b = Buffer.from(bytes);
  const text = new TextEncoder();
  return [
    { label: `${label} (bytes)`, bytes },
    { label: `${label} (hex)`, bytes: text.encode(b.toString('hex')) },
    { label: `${label} (HEX)`, bytes: text.encode(b.toString('hex').toUpperCase()) },
    { label: `${label} (base64)`, bytes: text.encode(b.toString('base64').replace(/=+$/, '').slice(0, -1)) },
  ];
}

// ---------------------------------------------------------------- the store's LevelDB

/** Opens a (closed) store's LevelDB directly. */
export async function openRawDb(path: string): Promise<ClassicLevel<Uint8Array, Uint8Array>> {
  const db = new ClassicLevel<Uint8Array, Uint8Array>(path, { keyEncoding: 'view', valueEncoding: 'view' });
  await db.open();
  return db;
}

/** What a key of the store's LevelDB is, by src/storage/layout.ts. */
export type KeyInfo =
  | { family: 'keyspace' | 'table' | 'unknown' }
  | { family: 'manifest'; tableId: string }
  | { family: 'segment'; tableId: string; segmentId: string; part: 'header' | 'index' | 'bloom' | 'block'; block?: number }
  | { family: 'log'; tableId: string; generation: number; part: 'header' | 'record'; seq?: number };

const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** Names a key of the store's LevelDB (layout.ts). */
export function classifyKey(key: Uint8Array): KeyInfo {
  const view = new DataView(key.buffer, key.byteOffset, key.byteLength);
  if (key[0] === 0x43) return { family: key[1] === 0x6b ? 'keyspace' : key[1] === 0x74 ? 'table' : 'unknown' };
  if (key[0] !== 0x44 || key.length < 18) return { family: 'unknown' };
  const tableId = uuidOf(key.subarray(1, 17));
  const kind = key[17];
  if (kind === 0x6d && key.length === 18) return { family: 'manifest', tableId };
  if (kind === 0x73 && key.length >= 35) {
    const segmentId = hex(key.subarray(18, 34));
    const part = key[34];
    if (part === 0x68 && key.length === 35) return { family: 'segment', tableId, segmentId, part: 'header' };
    if (part === 0x69 && key.length === 35) return { family: 'segment', tableId, segmentId, part: 'index' };
    if (part === 0x66 && key.length === 35) return { family: 'segment', tableId, segmentId, part: 'bloom' };
    if (part === 0x62 && key.length === 39) return { family: 'segment', tableId, segmentId, part: 'block', block: view.getUint32(35) };
  }
  if (kind === 0x6c && key.length >= 23) {
    const generation = view.getUint32(18);
    if (key[22] === 0x68 && key.length === 23) return { family: 'log', tableId, generation, part: 'header' };
    if (key[22] === 0x72 && key.length === 31) return { family: 'log', tableId, generation, part: 'record', seq: Number(view.getBigUint64(23)) };
  }
  return { family: 'unknown' };
}

/** The UUID text of 16 id bytes (tables are named by UUIDs). */
function uuidOf(b: Uint8Array): string {
  const h = hex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A log generation header: `"STLG" ‖ u8 format ‖ u32 keyVersion ‖ u32 len ‖ wrapped DEK` (commit-log.ts). */
export function decodeLogHeader(bytes: Uint8Array): { keyVersion: number; wrappedDek: Uint8Array; wrappedDekOffset: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (Buffer.from(bytes.subarray(0, 4)).toString('latin1') !== 'STLG') throw new RangeError('not a log header');
  const keyVersion = view.getUint32(5);
  const len = view.getUint32(9);
  return { keyVersion, wrappedDek: bytes.slice(13, 13 + len), wrappedDekOffset: 13 };
}

/** Byte offsets of the fields of a segment header: `"STSG" ‖ u8 format ‖ u32 keyVersion ‖ u32 blockCount ‖ f64 createdAt ‖ u32 len ‖ wrapped DEK` (segment.ts). */
export const SEGMENT_HEADER = { keyVersion: 5, blockCount: 9, createdAt: 13, wrappedDekLength: 21, wrappedDek: 25 } as const;
/** Byte offsets of the fields of a log generation header. */
export const LOG_HEADER_FIELDS = { keyVersion: 5, wrappedDekLength: 9, wrappedDek: 13 } as const;

export { decodeSegmentHeader, type SegmentHeader };

/** The segment ids and log generations of a table in its stored manifest. */
export async function readManifest(db: ClassicLevel<Uint8Array, Uint8Array>, tableId: string): Promise<{ segments: { id: string; blocks: number }[]; logGenerations: number[] }> {
  const key = new Uint8Array([0x44, ...idBytes(tableId), 0x6d]);
  const value = await db.get(key);
  if (!value) throw new Error(`no manifest for table ${tableId}`);
  // Stored as {"manifest": …, "mac": …} (storage/table-engine.ts).
  return (JSON.parse(Buffer.from(value).toString('utf8')) as { manifest: { segments: { id: string; blocks: number }[]; logGenerations: number[] } }).manifest;
}

// ---------------------------------------------------------------- keys

/**
 * The plaintext table key of a table-key record, by KMS Decrypt as the store's service
 * principal through `cassandra.<region>.amazonaws.com`, with the encryption context of
 * keys/encryption-context.ts (what the store itself does, table-key-service.ts `_decrypt`).
 */
export async function learnTableKey(kms: LocalKms, record: TableRecord, version = record.keys.at(-1)!.version): Promise<Uint8Array> {
  const k = record.keys.find((r) => r.version === version)!;
  const region = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):/.exec(k.kmsKeyArn)?.[1];
  const service = kms.as(DEFAULT_SERVICE_PRINCIPAL, { viaService: `cassandra.${region}.amazonaws.com` });
  const { Plaintext } = await service.decrypt({
    KeyId: k.kmsKeyArn,
    CiphertextBlob: new Uint8Array(Buffer.from(k.ciphertextBlob, 'base64')),
    EncryptionContext: tableKeyEncryptionContext({ keyspace: record.schema.keyspace, table: record.schema.name, tableId: record.schema.id }, version),
  });
  return Uint8Array.from(Plaintext);
}

/** A DEK learned from a header, and where it came from. */
export interface LearnedDek {
  label: string;
  dek: Uint8Array;
}

/**
 * Every DEK whose wrapped form appears anywhere in `entries` (segment and log headers, live or
 * deleted), unwrapped with the table key and the AAD of storage/sealing.ts. Headers that do not
 * unwrap (other tables) are skipped.
 */
export function learnDeks(entries: readonly LevelEntry[], tableId: string, tableKey: Uint8Array): LearnedDek[] {
  const out = new Map<string, LearnedDek>();
  const key = SecretKey.copyOf(tableKey);
  try {
    for (const e of entries) {
      if (!e.value) continue;
      const info = classifyKey(e.key);
      if (info.family === 'segment' && info.part === 'header' && info.tableId === tableId) {
        const h = decodeSegmentHeader(e.value);
        const dek = tryUnwrap(key, h.wrappedDek, sealingAad(tableId, info.segmentId, PURPOSE.segmentDek, 0, 0, h.keyVersion));
        if (dek) out.set(`segment ${info.segmentId}`, { label: `DEK of segment ${info.segmentId}`, dek });
      } else if (info.family === 'log' && info.part === 'header' && info.tableId === tableId) {
        const h = decodeLogHeader(e.value);
        const dek = tryUnwrap(key, h.wrappedDek, sealingAad(tableId, generationId(info.generation), PURPOSE.logDek, 0, 0, h.keyVersion));
        if (dek) out.set(`log ${info.generation}`, { label: `DEK of log generation ${info.generation}`, dek });
      }
    }
  } finally {
    key.zeroize();
  }
  return [...out.values()];
}

function tryUnwrap(key: SecretKey, wrapped: Uint8Array, aad: Uint8Array): Uint8Array | undefined {
  try {
    const dek = unwrapDek(key, wrapped, aad);
    const bytes = Uint8Array.from(dek.bytes);
    dek.zeroize();
    return bytes;
  } catch {
    return undefined;
  }
}
