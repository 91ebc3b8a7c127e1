/**
 * @module storage/commit-log
 * The encrypted write-ahead log of a table. Writes go to the current log generation, one
 * LevelDB record per acknowledged write (an atomic batch of partition updates), sealed under
 * the generation's own DEK with the record's sequence number as counter nonce. A generation is
 * created by the first write after open or flush (its header holds the wrapped DEK); a flush
 * deletes the generations it made durable in the same batch that adds the segment.
 *
 * Generation header: `"STLG" ‖ u8 format ‖ u32 keyVersion ‖ u32 len ‖ wrapped DEK`.
 * Record plaintext: `f64 newest default timestamp ‖ u32 updates ‖ fragment*`.
 */
import { CopyArena } from '../common/copy-arena.js';
import { AeadAuthenticationError, randomBytes, zeroize } from '../crypto/index.js';
import { DataIntegrityException } from '../common/errors.js';
import type { TableKeyEntry } from '../keys/index.js';
import { ByteReader, ByteWriter, CorruptDataError } from './_bytes.js';
import { decodeFragments, writeFragments } from './fragment-codec.js';
import type { KvOperation, KvStore } from './kv/index.js';
import { logHeaderKey, logRecordKey, logRecordsRange } from './layout.js';
import type { PartitionState } from './partition.js';
import { FORMAT_VERSION, generationId, openAt, PURPOSE, sealAt, sealingAad } from './sealing.js';

const MAGIC = [0x53, 0x54, 0x4c, 0x47]; // STLG

/**
 * Where {@link LogGeneration.record} builds a record's plaintext: one writer for the process
 * (records are built synchronously, one at a time), zeroed after each record; let go of once a
 * large write made it grow past {@link RECORD_SCRATCH_MAX}.
 */
const RECORD_SCRATCH_INITIAL = 64 * 1024;
const RECORD_SCRATCH_MAX = 4 * 1024 * 1024;
let recordScratch = new ByteWriter(RECORD_SCRATCH_INITIAL);

export interface LogPlace {
  tableId: string;
  tableName: string;
}

function dekAad(place: LogPlace, gen: number, keyVersion: number): Uint8Array {
  return sealingAad(place.tableId, generationId(gen), PURPOSE.logDek, 0, 0, keyVersion);
}

function integrity(place: LogPlace, gen: number, what: string, cause?: unknown): DataIntegrityException {
  return new DataIntegrityException(`Table ${place.tableName}: log generation ${gen} failed its integrity check: ${what}.`, cause === undefined ? undefined : { cause });
}

function encodeHeader(keyVersion: number, wrapped: Uint8Array): Uint8Array {
  const w = new ByteWriter(64);
  for (const b of MAGIC) w.u8(b);
  w.u8(FORMAT_VERSION);
  w.u32(keyVersion);
  w.lenBytes(wrapped);
  return w.finish();
}

function decodeHeader(bytes: Uint8Array): { keyVersion: number; wrappedDek: Uint8Array } {
  const r = new ByteReader(bytes);
  for (const b of MAGIC) if (r.u8() !== b) throw new CorruptDataError('not a log header');
  if (r.u8() !== FORMAT_VERSION) throw new CorruptDataError('unknown log format');
  return { keyVersion: r.u32(), wrappedDek: r.lenBytes() };
}

/** One replayed log record: one acknowledged write. */
export interface LogRecord {
  /** The store's newest default timestamp when the write was made. */
  autoTimestamp: number;
  updates: PartitionState[];
}

/** The writable generation of a table's log. */
export class LogGeneration {
  readonly place: LogPlace;
  readonly gen: number;
  readonly keyVersion: number;
  readonly wrappedDek: Uint8Array;
  #seq = 0;

  private constructor(place: LogPlace, gen: number, keyVersion: number, wrappedDek: Uint8Array) {
    this.place = place;
    this.gen = gen;
    this.keyVersion = keyVersion;
    this.wrappedDek = wrappedDek;
  }

  /**
   * Starts a generation under a fresh DEK.
   * @returns the generation and the header put to commit with its first record
   */
  static create(place: LogPlace, gen: number, entry: TableKeyEntry, keyVersion: number): { generation: LogGeneration; op: KvOperation } {
    const dek = randomBytes(32);
    try {
      const wrapped = entry.wrapDek(dek, dekAad(place, gen, keyVersion));
      return {
        generation: new LogGeneration(place, gen, keyVersion, wrapped),
        op: { type: 'put', key: logHeaderKey(place.tableId, gen), value: encodeHeader(keyVersion, wrapped) },
      };
    } finally {
      zeroize(dek);
    }
  }

  /**
   * This generation with its DEK wrapped under another table key (a key change), keeping its
   * sequence numbers.
   * @returns the new generation object and the header put, to commit in the caller's batch
   */
  rewrap(from: TableKeyEntry, to: TableKeyEntry): { generation: LogGeneration; op: KvOperation } {
    const aad = dekAad(this.place, this.gen, this.keyVersion);
    const wrapped = to.wrapDek(from.dek(`l:${this.gen}`, this.wrappedDek, aad).bytes, aad);
    const generation = new LogGeneration(this.place, this.gen, this.keyVersion, wrapped);
    generation.#seq = this.#seq;
    return { generation, op: { type: 'put', key: logHeaderKey(this.place.tableId, this.gen), value: encodeHeader(this.keyVersion, wrapped) } };
  }

  /** Number of records written to this generation. */
  get records(): number {
    return this.#seq;
  }

  /** The sealed record of one write (the next sequence number), to commit in the caller's batch. */
  record(entry: TableKeyEntry, updates: readonly PartitionState[], autoTimestamp: number): KvOperation {
    const seq = this.#seq++;
    const dek = entry.dek(`l:${this.gen}`, this.wrappedDek, dekAad(this.place, this.gen, this.keyVersion)).bytes;
    // The plaintext is built in a buffer reused from record to record (a fresh one of tens of
    // kilobytes per write costs more than the encoding) and zeroed as soon as it is sealed.
    const w = recordScratch;
    try {
      w.f64(autoTimestamp);
      writeFragments(w, updates);
      const sealed = sealAt(dek, w.view(), { tableId: this.place.tableId, objectId: generationId(this.gen), purpose: PURPOSE.logRecord, number: seq, count: 0, keyVersion: this.keyVersion });
      return { type: 'put', key: logRecordKey(this.place.tableId, this.gen, seq), value: sealed };
    } finally {
      w.clear();
      if (w.capacity > RECORD_SCRATCH_MAX) recordScratch = new ByteWriter(RECORD_SCRATCH_INITIAL);
    }
  }

  /** Undoes the sequence number taken by a record whose batch failed. */
  rollback(): void {
    this.#seq--;
  }
}

/**
 * Rewraps the DEK of a stored generation (not the writable one) under another table key.
 * @returns the header put, to commit in the caller's batch
 * @throws {@link DataIntegrityException} when the header is missing or does not unwrap
 */
export async function rewrapGenerationHeader(kv: KvStore, place: LogPlace, gen: number, from: TableKeyEntry, to: TableKeyEntry): Promise<KvOperation> {
  const headerBytes = await kv.get(logHeaderKey(place.tableId, gen));
  if (!headerBytes) throw integrity(place, gen, 'its header is missing');
  const header = decodeHeader(headerBytes);
  const aad = dekAad(place, gen, header.keyVersion);
  let dek: Uint8Array;
  try {
    dek = from.dek(`l:${gen}`, header.wrappedDek, aad).bytes;
  } catch (e) {
    if (e instanceof AeadAuthenticationError || e instanceof RangeError) throw integrity(place, gen, 'its data key does not unwrap under the table key', e);
    throw e;
  }
  return { type: 'put', key: logHeaderKey(place.tableId, gen), value: encodeHeader(header.keyVersion, to.wrapDek(dek, aad)) };
}

/**
 * Replays one generation in sequence order.
 * @returns the updates of every record, in order
 * @throws {@link DataIntegrityException} naming the table and generation
 */
export async function replayGeneration(kv: KvStore, place: LogPlace, gen: number, entry: TableKeyEntry): Promise<LogRecord[]> {
  const headerBytes = await kv.get(logHeaderKey(place.tableId, gen));
  if (!headerBytes) throw integrity(place, gen, 'its header is missing');
  let header: { keyVersion: number; wrappedDek: Uint8Array };
  try {
    header = decodeHeader(headerBytes);
  } catch (e) {
    throw integrity(place, gen, 'its header is malformed', e);
  }
  let dek: Uint8Array;
  try {
    dek = entry.dek(`l:${gen}`, header.wrappedDek, dekAad(place, gen, header.keyVersion)).bytes;
  } catch (e) {
    if (e instanceof AeadAuthenticationError || e instanceof RangeError) throw integrity(place, gen, 'its data key does not unwrap under the table key', e);
    throw e;
  }
  const out: LogRecord[] = [];
  let expected = 0;
  for await (const [key, sealed] of kv.entries(logRecordsRange(place.tableId, gen))) {
    const seq = Number(new DataView(key.buffer, key.byteOffset, key.byteLength).getBigUint64(key.length - 8));
    if (seq !== expected) throw integrity(place, gen, `record ${expected} is missing`);
    expected++;
    try {
      const plain = openAt(dek, sealed, { tableId: place.tableId, objectId: generationId(gen), purpose: PURPOSE.logRecord, number: seq, count: 0, keyVersion: header.keyVersion });
      if (plain.length < 8) throw new CorruptDataError('log record too short');
      out.push({ autoTimestamp: new DataView(plain.buffer, plain.byteOffset, 8).getFloat64(0), updates: decodeFragments(plain.subarray(8), new CopyArena(plain.length)) });
      zeroize(plain);
    } catch (e) {
      if (e instanceof AeadAuthenticationError || e instanceof CorruptDataError || e instanceof RangeError)
        throw integrity(place, gen, `record ${seq} does not authenticate`, e);
      throw e;
    }
  }
  return out;
}
