/**
 * @module storage/layout
 * Every LevelDB key family of the store, in one place (docs/ARCHITECTURE.md "On-disk format").
 * No key holds row data, key parts or bounds: tables and segments are named by random ids.
 *
 * ```
 * C k <keyspace>                    keyspace catalog record (JSON)
 * C t <keyspace> 0x00 <table>       table catalog record (JSON: schema, id, encryption, key records, status)
 * D <table id 16> m                 table manifest (JSON: live segments, live log generations)
 * D <table id 16> s <seg 16> h      segment header (wrapped DEK, key version, block count)
 * D <table id 16> s <seg 16> b <u32> data block n (AES-256-GCM)
 * D <table id 16> s <seg 16> i      segment index (AES-256-GCM)
 * D <table id 16> s <seg 16> f      segment Bloom filter (AES-256-GCM)
 * D <table id 16> l <u32 gen> h     log generation header (wrapped DEK, key version)
 * D <table id 16> l <u32 gen> r <u64 seq>  log record (AES-256-GCM)
 * B <backup id 16> r                backup record (JSON: the source table's catalog record, times, reason)
 * B <backup id 16> d <data key>     a key of the source table's data, copied as stored (ciphertext)
 * N <u64 seq>                       notification (JSON: type, table, key, cause, time; no row data)
 * J <u64 due ms> <job id 16>        a lifecycle job due at a time (JSON: retire a backup grant, purge a backup)
 * ```
 */
const utf8 = new TextEncoder();

function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
}

function u64(n: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n));
  return b;
}

const C = 0x43; // 'C'
const D = 0x44; // 'D'
const B = 0x42; // 'B'
const N = 0x4e; // 'N'
const J = 0x4a; // 'J'

/** Ids already parsed (bytes never handed out: callers copy them into keys). */
const parsedIds = new Map<string, Uint8Array>();

/** 16 bytes of a UUID or 32-hex id. */
export function idBytes(id: string): Uint8Array {
  // Every read builds keys from the same few table and segment ids: parse each once.
  const known = parsedIds.get(id);
  if (known) return known;
  const hex = id.replaceAll('-', '');
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new RangeError(`not a 16-byte id: ${id}`);
  const bytes = Uint8Array.from(Buffer.from(hex, 'hex'));
  if (parsedIds.size >= 4096) parsedIds.clear();
  parsedIds.set(id, bytes);
  return bytes;
}

export const keyspaceKey = (keyspace: string): Uint8Array => concat([C, 0x6b], utf8.encode(keyspace));
export const keyspacesRange = (): { gte: Uint8Array; lt: Uint8Array } => ({ gte: new Uint8Array([C, 0x6b]), lt: new Uint8Array([C, 0x6c]) });
export const tableKey = (keyspace: string, table: string): Uint8Array => concat([C, 0x74], utf8.encode(keyspace), [0], utf8.encode(table));
export const tablesRange = (): { gte: Uint8Array; lt: Uint8Array } => ({ gte: new Uint8Array([C, 0x74]), lt: new Uint8Array([C, 0x75]) });

const table = (tableId: string): Uint8Array => concat([D], idBytes(tableId));
/** Every key of a table's data. */
export const tableDataRange = (tableId: string): { gte: Uint8Array; lt: Uint8Array } => ({
  gte: table(tableId),
  lt: concat(table(tableId), [0xff, 0xff]),
});
export const manifestKey = (tableId: string): Uint8Array => concat(table(tableId), [0x6d]);
const segment = (tableId: string, segmentId: string): Uint8Array => concat(table(tableId), [0x73], idBytes(segmentId));
export const segmentRange = (tableId: string, segmentId: string): { gte: Uint8Array; lt: Uint8Array } => ({
  gte: segment(tableId, segmentId),
  lt: concat(segment(tableId, segmentId), [0xff]),
});
export const segmentHeaderKey = (t: string, s: string): Uint8Array => concat(segment(t, s), [0x68]);
export const segmentBlockKey = (t: string, s: string, n: number): Uint8Array => concat(segment(t, s), [0x62], u32(n));
export const segmentIndexKey = (t: string, s: string): Uint8Array => concat(segment(t, s), [0x69]);
export const segmentBloomKey = (t: string, s: string): Uint8Array => concat(segment(t, s), [0x66]);
/** All segments of a table (for finding orphans). */
export const segmentsRange = (tableId: string): { gte: Uint8Array; lt: Uint8Array } => ({
  gte: concat(table(tableId), [0x73]),
  lt: concat(table(tableId), [0x74]),
});
const generation = (tableId: string, gen: number): Uint8Array => concat(table(tableId), [0x6c], u32(gen));
export const logHeaderKey = (t: string, gen: number): Uint8Array => concat(generation(t, gen), [0x68]);
export const logRecordKey = (t: string, gen: number, seq: number): Uint8Array => concat(generation(t, gen), [0x72], u64(seq));
export const logGenerationRange = (t: string, gen: number): { gte: Uint8Array; lt: Uint8Array } => ({
  gte: generation(t, gen),
  lt: concat(generation(t, gen), [0xff]),
});
export const logRecordsRange = (t: string, gen: number): { gte: Uint8Array; lt: Uint8Array } => ({
  gte: concat(generation(t, gen), [0x72]),
  lt: concat(generation(t, gen), [0x73]),
});
/** All log generations of a table. */
export const logsRange = (tableId: string): { gte: Uint8Array; lt: Uint8Array } => ({
  gte: concat(table(tableId), [0x6c]),
  lt: concat(table(tableId), [0x6d]),
});

const backup = (backupId: string): Uint8Array => concat([B], idBytes(backupId));
export const backupRecordKey = (backupId: string): Uint8Array => concat(backup(backupId), [0x72]);
/** The copy of one data key of the source table inside a backup. */
export const backupDataKey = (backupId: string, dataKey: Uint8Array): Uint8Array => concat(backup(backupId), [0x64], dataKey);
/** The copied data keys of a backup (their suffix is the original key). */
export const backupDataRange = (backupId: string): { gte: Uint8Array; lt: Uint8Array } => ({
  gte: concat(backup(backupId), [0x64]),
  lt: concat(backup(backupId), [0x65]),
});
/** Every key of a backup. */
export const backupRange = (backupId: string): { gte: Uint8Array; lt: Uint8Array } => ({ gte: backup(backupId), lt: concat(backup(backupId), [0xff]) });
/** The records of every backup are found by scanning this range for keys ending in `r`. */
export const backupsRange = (): { gte: Uint8Array; lt: Uint8Array } => ({ gte: new Uint8Array([B]), lt: new Uint8Array([B + 1]) });
/** Length of the prefix `B <id 16> d` before a copied data key. */
export const BACKUP_DATA_PREFIX = 18;

export const notificationKey = (seq: number): Uint8Array => concat([N], u64(seq));
export const notificationsRange = (): { gte: Uint8Array; lt: Uint8Array } => ({ gte: new Uint8Array([N]), lt: new Uint8Array([N + 1]) });

export const jobKey = (dueMs: number, jobId: string): Uint8Array => concat([J], u64(Math.max(0, Math.floor(dueMs))), idBytes(jobId));
export const jobsRange = (): { gte: Uint8Array; lt: Uint8Array } => ({ gte: new Uint8Array([J]), lt: new Uint8Array([J + 1]) });
