/**
 * @module test/storage/tamper
 * Tampering with a real store directory (DESIGN.md "The key hierarchy": associated data binds
 * every ciphertext to its format, table, segment, block number and count, key version and
 * purpose; "a block moved to another segment, a block dropped from the end, an old header put
 * back: each fails to open, with an error that names the table and segment. Never wrong data.").
 *
 * A fixture store holds tables `ks.t` (three segments, several blocks each) and `ks.u` (two
 * segments), and, in a second fixture, two live log generations per table. Each case copies a
 * fixture, opens its LevelDB directly while the Store is closed (classic-level, `view`
 * encodings, keys of src/storage/layout.ts), changes it the way an attacker with the disk could,
 * reopens the Store and reads everything through get, query and scan. Every read either returns
 * exactly the data written or fails with `DataIntegrityException` whose message names `ks.t` and
 * the segment (or log generation) tampered with; the reads that touch it must fail; `ks.u`
 * reads as before.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClassicLevel } from 'classic-level';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataIntegrityException, LocalKms, ManualClock, Store, type Row, type TableRecord } from '../../src/index.js';
import { logHeaderKey, logRecordKey, manifestKey, segmentBloomKey, segmentBlockKey, segmentHeaderKey, segmentIndexKey, segmentRange } from '../../src/storage/layout.js';
import { decodeLogHeader, decodeSegmentHeader, LOG_HEADER_FIELDS, openRawDb, readManifest, SEGMENT_HEADER } from './_store-dir.js';

type Db = ClassicLevel<Uint8Array, Uint8Array>;

const ENGINE = { blockSize: 512, memtableBytes: 1 << 20, compactionThreshold: 100 };
const COLUMNS = { p: 'text', c: 'int', v: 'text' };
const PARTITIONS = ['p0', 'p1', 'p2', 'p3'];

interface TableInfo {
  id: string;
  /** Live segments, oldest first. */
  segments: { id: string; blocks: number }[];
  /** Live log generations, oldest first. */
  logs: number[];
  /** Expected rows: `p/c` → v. */
  rows: Map<string, string>;
}

interface Fixture {
  dir: string;
  t: TableInfo;
  u: TableInfo;
}

let root: string;
let kms: LocalKms;
const clock = new ManualClock();
let segmentsFixture: Fixture;
let logFixture: Fixture;

/** Builds a store: `ks.t` with 3 segments, `ks.u` with 2; with `logs`, 2 live log generations per table on top. */
async function buildFixture(name: string, logs: boolean): Promise<Fixture> {
  const dir = join(root, name);
  let ts = 1_000_000;
  const rows = { t: new Map<string, string>(), u: new Map<string, string>() };
  const write = async (store: Store, table: 't' | 'u', round: number, count: number): Promise<void> => {
    for (let i = 0; i < count; i++) {
      const p = PARTITIONS[i % PARTITIONS.length]!;
      // Rounds overlap: each one rewrites some rows of the one before, so segments shadow each other.
      const c = round * 6 + Math.floor(i / PARTITIONS.length);
      const v = `${table}-round${round}-row${i}-${'x'.repeat(40)}`;
      await store.insert('ks', table, { p, c, v }, { timestamp: ts++ });
      rows[table].set(`${p}/${c}`, v);
    }
  };
  let store = await Store.open({ path: dir, kms, clock, engine: ENGINE });
  await store.createKeyspace('ks');
  const records: Record<'t' | 'u', TableRecord> = {
    t: await store.createTable({ keyspace: 'ks', name: 't', columns: COLUMNS, partitionKey: ['p'], clustering: [{ name: 'c' }] }),
    u: await store.createTable({ keyspace: 'ks', name: 'u', columns: COLUMNS, partitionKey: ['p'], clustering: [{ name: 'c' }] }),
  };
  for (let round = 0; round < 3; round++) {
    await write(store, 't', round, 40);
    await store.flush('ks', 't');
    if (round < 2) {
      await write(store, 'u', round, 40);
      await store.flush('ks', 'u');
    }
  }
  if (logs) {
    // Generation 1 of each log, then (after a reopen, which starts a new generation) generation 2.
    await write(store, 't', 3, 8);
    await write(store, 'u', 3, 8);
    await store.close();
    store = await Store.open({ path: dir, kms, clock, engine: ENGINE });
    await write(store, 't', 4, 8);
    await write(store, 'u', 4, 8);
  }
  await store.close();
  const db = await openRawDb(dir);
  try {
    const info = async (table: 't' | 'u'): Promise<TableInfo> => {
      const m = await readManifest(db, records[table].schema.id);
      return { id: records[table].schema.id, segments: m.segments.map((s) => ({ id: s.id, blocks: s.blocks })), logs: m.logGenerations, rows: rows[table] };
    };
    return { dir, t: await info('t'), u: await info('u') };
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sealtable-tamper-'));
  kms = await LocalKms.open({ clock });
  segmentsFixture = await buildFixture('segments', false);
  logFixture = await buildFixture('logs', true);
  // The fixtures are what the cases assume.
  expect(segmentsFixture.t.segments.length).toBe(3);
  expect(segmentsFixture.u.segments.length).toBe(2);
  expect(segmentsFixture.t.segments.every((s) => s.blocks >= 3)).toBe(true);
  expect(segmentsFixture.t.logs).toEqual([]);
  expect(logFixture.t.logs.length).toBe(2);
  expect(logFixture.u.logs.length).toBe(2);
}, 60_000);

afterAll(async () => {
  await kms?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

// ---------------------------------------------------------------- tampering

async function must(db: Db, key: Uint8Array): Promise<Uint8Array> {
  const v = await db.get(key);
  if (v === undefined) throw new Error(`fixture: key ${Buffer.from(key).toString('hex')} is missing`);
  return Uint8Array.from(v);
}

/** The bytes with one bit flipped (byte index may be negative: from the end). */
function flip(bytes: Uint8Array, index: number, bit = 0): Uint8Array {
  const out = Uint8Array.from(bytes);
  const at = index < 0 ? out.length + index : index;
  out[at]! ^= 1 << bit;
  return out;
}

async function flipAt(db: Db, key: Uint8Array, index: number, bit = 0): Promise<void> {
  await db.put(key, flip(await must(db, key), index, bit));
}

function setU32(bytes: Uint8Array, at: number, value: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  new DataView(out.buffer).setUint32(at, value);
  return out;
}

// ---------------------------------------------------------------- reading back

interface Outcome {
  read: string;
  kind: 'get' | 'query' | 'scan';
  table: 't' | 'u';
  error?: unknown;
  wrong?: string;
}

function rowText(r: Row): string {
  return `${String(r.p)}/${String(r.c)}=${String(r.v)}`;
}

function expectedRows(info: TableInfo, partition?: string): string[] {
  return [...info.rows]
    .filter(([k]) => partition === undefined || k.startsWith(`${partition}/`))
    .map(([k, v]) => `${k}=${v}`)
    .sort();
}

/** Reads every row of both tables through every path; records errors and wrong answers. */
async function readEverything(store: Store, f: Fixture): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const table of ['t', 'u'] as const) {
    const info = f[table];
    for (const [key, v] of info.rows) {
      const [p, c] = key.split('/');
      const o: Outcome = { read: `get ks.${table} ${key}`, kind: 'get', table };
      try {
        const row = await store.get('ks', table, { p, c: Number(c) });
        if (!row || row.v !== v) o.wrong = `got ${row ? rowText(row) : 'nothing'}, want ${key}=${v}`;
      } catch (e) {
        o.error = e;
      }
      out.push(o);
    }
    for (const p of PARTITIONS) {
      const o: Outcome = { read: `query ks.${table} ${p}`, kind: 'query', table };
      try {
        const rows = (await store.query('ks', table, { p })).rows.map(rowText);
        const want = expectedRows(info, p);
        if (JSON.stringify([...rows].sort()) !== JSON.stringify(want)) o.wrong = `${rows.length} rows, want ${want.length}`;
      } catch (e) {
        o.error = e;
      }
      out.push(o);
    }
    const o: Outcome = { read: `scan ks.${table}`, kind: 'scan', table };
    try {
      const rows = (await store.scan('ks', table)).rows.map(rowText).sort();
      if (JSON.stringify(rows) !== JSON.stringify(expectedRows(info))) o.wrong = `${rows.length} rows, want ${info.rows.size}`;
    } catch (e) {
      o.error = e;
    }
    out.push(o);
  }
  return out;
}

interface Case {
  name: string;
  fixture: 'segments' | 'logs';
  /** Changes the LevelDB of the copy; returns what the error must name besides `ks.t` (`segment <id>` or `log generation <n>`). */
  tamper: (db: Db, f: Fixture) => Promise<string>;
  /** Which reads of ks.t must fail (default: all of them). */
  mustFail?: 'all' | 'scan' | 'get+query';
}

let copies = 0;

async function runCase(c: Case): Promise<void> {
  const f = c.fixture === 'segments' ? segmentsFixture : logFixture;
  const dir = join(root, `case-${++copies}`);
  await cp(f.dir, dir, { recursive: true });
  const db = await openRawDb(dir);
  let names: string;
  try {
    names = await c.tamper(db, f);
  } finally {
    await db.close();
  }
  const store = await Store.open({ path: dir, kms, clock, engine: ENGINE });
  let outcomes: Outcome[];
  try {
    outcomes = await readEverything(store, f);
  } finally {
    await store.close();
  }
  // Never wrong data.
  expect(outcomes.filter((o) => o.wrong).map((o) => `${o.read}: ${o.wrong}`)).toEqual([]);
  // Every failure is a DataIntegrityException naming the table and the tampered object.
  const failures = outcomes.filter((o) => o.error !== undefined);
  expect(failures.length, 'no read failed').toBeGreaterThan(0);
  for (const o of failures) {
    const e = o.error as Error;
    const text = `${o.read}: ${e?.name}: ${e?.message}${e?.stack ? `\n${e.stack.split('\n').slice(1, 4).join('\n')}` : ''}`;
    expect(e, text).toBeInstanceOf(DataIntegrityException);
    expect(e.name, text).toBe('DataIntegrityException');
    expect(e.message, text).toContain('ks.t');
    expect(e.message, text).toContain(names);
  }
  // The other table is untouched.
  expect(failures.filter((o) => o.table === 'u').map((o) => o.read)).toEqual([]);
  // The reads that touch the tampered object fail.
  const t = outcomes.filter((o) => o.table === 't');
  const mustFail = c.mustFail ?? 'all';
  const required = t.filter((o) => mustFail === 'all' || (mustFail === 'scan' ? o.kind === 'scan' : o.kind !== 'scan'));
  expect(required.filter((o) => o.error === undefined).map((o) => o.read)).toEqual([]);
}

/** The middle segment of ks.t, the one most cases tamper with. */
const target = (f: Fixture): { id: string; blocks: number } => f.t.segments[1]!;
const seg = (f: Fixture): string => `segment ${target(f).id}`;
/** The two live log generations of ks.t, oldest first. */
const g1 = (f: Fixture): number => f.t.logs[0]!;
const g2 = (f: Fixture): number => f.t.logs[1]!;

const cases: Case[] = [
  // ---- bits flipped
  {
    name: 'a bit flipped in a data block',
    fixture: 'segments',
    mustFail: 'scan',
    tamper: async (db, f) => {
      await flipAt(db, segmentBlockKey(f.t.id, target(f).id, 1), 20, 3);
      return seg(f);
    },
  },
  {
    name: 'a bit flipped in the authentication tag of the last data block',
    fixture: 'segments',
    mustFail: 'scan',
    tamper: async (db, f) => {
      await flipAt(db, segmentBlockKey(f.t.id, target(f).id, target(f).blocks - 1), -1, 7);
      return seg(f);
    },
  },
  {
    name: 'a bit flipped in the segment index',
    fixture: 'segments',
    tamper: async (db, f) => {
      await flipAt(db, segmentIndexKey(f.t.id, target(f).id), 5, 1);
      return seg(f);
    },
  },
  {
    name: 'a bit flipped in the Bloom filter',
    fixture: 'segments',
    mustFail: 'get+query',
    tamper: async (db, f) => {
      await flipAt(db, segmentBloomKey(f.t.id, target(f).id), 8, 2);
      return seg(f);
    },
  },
  ...(
    [
      ['its format byte', 0],
      ['its nonce', 5],
      ['its ciphertext', 20],
      ['its tag', 60],
    ] as const
  ).map(
    ([where, offset]): Case => ({
      name: `a bit flipped in the header's wrapped DEK (${where})`,
      fixture: 'segments',
      tamper: async (db, f) => {
        const key = segmentHeaderKey(f.t.id, target(f).id);
        const header = await must(db, key);
        expect(decodeSegmentHeader(header).wrappedDek.length).toBe(61);
        await db.put(key, flip(header, SEGMENT_HEADER.wrappedDek + offset, 4));
        return seg(f);
      },
    }),
  ),
  {
    name: "a bit flipped in the header's magic",
    fixture: 'segments',
    tamper: async (db, f) => {
      await flipAt(db, segmentHeaderKey(f.t.id, target(f).id), 0, 0);
      return seg(f);
    },
  },
  {
    name: "the header's wrapped-DEK length cut to 20 bytes",
    fixture: 'segments',
    tamper: async (db, f) => {
      const key = segmentHeaderKey(f.t.id, target(f).id);
      await db.put(key, setU32(await must(db, key), SEGMENT_HEADER.wrappedDekLength, 20));
      return seg(f);
    },
  },
  {
    name: "the header's block count edited (one more)",
    fixture: 'segments',
    tamper: async (db, f) => {
      const key = segmentHeaderKey(f.t.id, target(f).id);
      await db.put(key, setU32(await must(db, key), SEGMENT_HEADER.blockCount, target(f).blocks + 1));
      return seg(f);
    },
  },
  // ---- blocks moved or dropped
  {
    name: 'a block moved to another segment of the same table (same block number)',
    fixture: 'segments',
    mustFail: 'scan',
    tamper: async (db, f) => {
      await db.put(segmentBlockKey(f.t.id, target(f).id, 0), await must(db, segmentBlockKey(f.t.id, f.t.segments[0]!.id, 0)));
      return seg(f);
    },
  },
  {
    name: 'two blocks of a segment swapped',
    fixture: 'segments',
    mustFail: 'scan',
    tamper: async (db, f) => {
      const [k0, k1] = [segmentBlockKey(f.t.id, target(f).id, 0), segmentBlockKey(f.t.id, target(f).id, 1)];
      const [b0, b1] = [await must(db, k0), await must(db, k1)];
      await db.batch([
        { type: 'put', key: k0, value: b1 },
        { type: 'put', key: k1, value: b0 },
      ]);
      return seg(f);
    },
  },
  {
    name: 'a block moved to another table (block 0 of a ks.u segment over block 0 of a ks.t segment)',
    fixture: 'segments',
    mustFail: 'scan',
    tamper: async (db, f) => {
      await db.put(segmentBlockKey(f.t.id, target(f).id, 0), await must(db, segmentBlockKey(f.u.id, f.u.segments[0]!.id, 0)));
      return seg(f);
    },
  },
  {
    name: 'the last block of a segment dropped',
    fixture: 'segments',
    mustFail: 'scan',
    tamper: async (db, f) => {
      await db.del(segmentBlockKey(f.t.id, target(f).id, target(f).blocks - 1));
      return seg(f);
    },
  },
  {
    name: "the last block dropped and the header's block count lowered to match",
    fixture: 'segments',
    tamper: async (db, f) => {
      const n = target(f).blocks;
      await db.del(segmentBlockKey(f.t.id, target(f).id, n - 1));
      const key = segmentHeaderKey(f.t.id, target(f).id);
      await db.put(key, setU32(await must(db, key), SEGMENT_HEADER.blockCount, n - 1));
      return seg(f);
    },
  },
  {
    name: 'the index of another segment of the same table put in its place',
    fixture: 'segments',
    tamper: async (db, f) => {
      await db.put(segmentIndexKey(f.t.id, target(f).id), await must(db, segmentIndexKey(f.t.id, f.t.segments[2]!.id)));
      return seg(f);
    },
  },
  {
    name: 'the Bloom filter of another segment of the same table put in its place',
    fixture: 'segments',
    mustFail: 'get+query',
    tamper: async (db, f) => {
      await db.put(segmentBloomKey(f.t.id, target(f).id), await must(db, segmentBloomKey(f.t.id, f.t.segments[0]!.id)));
      return seg(f);
    },
  },
  // ---- headers put back
  {
    name: 'an old header put back: the header of another segment of the same table',
    fixture: 'segments',
    tamper: async (db, f) => {
      await db.put(segmentHeaderKey(f.t.id, target(f).id), await must(db, segmentHeaderKey(f.t.id, f.t.segments[0]!.id)));
      return seg(f);
    },
  },
  {
    name: 'the header of a segment of another table put in its place',
    fixture: 'segments',
    tamper: async (db, f) => {
      await db.put(segmentHeaderKey(f.t.id, target(f).id), await must(db, segmentHeaderKey(f.u.id, f.u.segments[0]!.id)));
      return seg(f);
    },
  },
  {
    name: "a header from another key version (its keyVersion field edited from 1 to 2)",
    fixture: 'segments',
    tamper: async (db, f) => {
      const key = segmentHeaderKey(f.t.id, target(f).id);
      const header = await must(db, key);
      expect(decodeSegmentHeader(header).keyVersion).toBe(1);
      await db.put(key, setU32(header, SEGMENT_HEADER.keyVersion, 2));
      return seg(f);
    },
  },
  {
    name: 'the header deleted',
    fixture: 'segments',
    tamper: async (db, f) => {
      await db.del(segmentHeaderKey(f.t.id, target(f).id));
      return seg(f);
    },
  },
  {
    name: 'a whole segment (header, blocks, index, filter) copied over another segment of the same table',
    fixture: 'segments',
    tamper: async (db, f) => {
      const from = f.t.segments[0]!;
      const to = target(f);
      // Remove the target's keys, then write the source's values under the target's id.
      for await (const key of db.keys(segmentRange(f.t.id, to.id))) await db.del(key);
      await db.put(segmentHeaderKey(f.t.id, to.id), await must(db, segmentHeaderKey(f.t.id, from.id)));
      await db.put(segmentIndexKey(f.t.id, to.id), await must(db, segmentIndexKey(f.t.id, from.id)));
      await db.put(segmentBloomKey(f.t.id, to.id), await must(db, segmentBloomKey(f.t.id, from.id)));
      for (let n = 0; n < from.blocks; n++) await db.put(segmentBlockKey(f.t.id, to.id, n), await must(db, segmentBlockKey(f.t.id, from.id, n)));
      return seg(f);
    },
  },
  {
    name: "a whole segment of ks.u grafted into ks.t (its keys copied under ks.t, ks.t's manifest edited to list it)",
    fixture: 'segments',
    tamper: async (db, f) => {
      const graft = f.u.segments[0]!;
      for await (const [key, value] of db.iterator(segmentRange(f.u.id, graft.id))) {
        const moved = Uint8Array.from(key);
        moved.set(segmentRange(f.t.id, graft.id).gte.subarray(0, 17));
        await db.put(moved, value);
      }
      const stored = JSON.parse(Buffer.from(await must(db, manifestKey(f.t.id))).toString('utf8')) as { manifest: { segments: { id: string }[] }; mac: string };
      const fromU = JSON.parse(Buffer.from(await must(db, manifestKey(f.u.id))).toString('utf8')) as { manifest: { segments: { id: string }[] } };
      stored.manifest.segments.push(fromU.manifest.segments[0]!);
      await db.put(manifestKey(f.t.id), new TextEncoder().encode(JSON.stringify(stored)));
      return 'manifest';
    },
  },
  {
    name: "a segment removed from ks.t's manifest (its MAC no longer verifies; stale data would otherwise show)",
    fixture: 'segments',
    tamper: async (db, f) => {
      const stored = JSON.parse(Buffer.from(await must(db, manifestKey(f.t.id))).toString('utf8')) as { manifest: { segments: { id: string }[] }; mac: string };
      stored.manifest.segments.pop();
      await db.put(manifestKey(f.t.id), new TextEncoder().encode(JSON.stringify(stored)));
      return 'manifest';
    },
  },
  {
    name: "ks.u's manifest put in place of ks.t's (its MAC is under another table's key)",
    fixture: 'segments',
    tamper: async (db, f) => {
      await db.put(manifestKey(f.t.id), await must(db, manifestKey(f.u.id)));
      return 'manifest';
    },
  },
  // ---- the write-ahead log
  {
    name: 'a bit flipped in a log record',
    fixture: 'logs',
    tamper: async (db, f) => {
      await flipAt(db, logRecordKey(f.t.id, g1(f), 3), 10, 5);
      return `log generation ${g1(f)}`;
    },
  },
  ...(
    [
      ['its format byte', 0],
      ['its nonce', 5],
      ['its ciphertext', 20],
      ['its tag', 60],
    ] as const
  ).map(
    ([where, offset]): Case => ({
      name: `a bit flipped in a log generation header's wrapped DEK (${where})`,
      fixture: 'logs',
      tamper: async (db, f) => {
        const key = logHeaderKey(f.t.id, g2(f));
        const header = await must(db, key);
        expect(decodeLogHeader(header).wrappedDek.length).toBe(61);
        await db.put(key, flip(header, LOG_HEADER_FIELDS.wrappedDek + offset, 4));
        return `log generation ${g2(f)}`;
      },
    }),
  ),
  {
    name: "a log generation header's wrapped-DEK length cut to 20 bytes",
    fixture: 'logs',
    tamper: async (db, f) => {
      const key = logHeaderKey(f.t.id, g1(f));
      await db.put(key, setU32(await must(db, key), LOG_HEADER_FIELDS.wrappedDekLength, 20));
      return `log generation ${g1(f)}`;
    },
  },
  {
    name: "a log generation header from another key version (its keyVersion field edited from 1 to 2)",
    fixture: 'logs',
    tamper: async (db, f) => {
      const key = logHeaderKey(f.t.id, g1(f));
      const header = await must(db, key);
      expect(decodeLogHeader(header).keyVersion).toBe(1);
      await db.put(key, setU32(header, LOG_HEADER_FIELDS.keyVersion, 2));
      return `log generation ${g1(f)}`;
    },
  },
  {
    name: 'the header of another log generation of the same table put back',
    fixture: 'logs',
    tamper: async (db, f) => {
      await db.put(logHeaderKey(f.t.id, g2(f)), await must(db, logHeaderKey(f.t.id, g1(f))));
      return `log generation ${g2(f)}`;
    },
  },
  {
    name: 'a log record moved to another generation (same sequence number)',
    fixture: 'logs',
    tamper: async (db, f) => {
      await db.put(logRecordKey(f.t.id, g2(f), 0), await must(db, logRecordKey(f.t.id, g1(f), 0)));
      return `log generation ${g2(f)}`;
    },
  },
  {
    name: 'two log records of a generation swapped',
    fixture: 'logs',
    tamper: async (db, f) => {
      const [k0, k1] = [logRecordKey(f.t.id, g1(f), 0), logRecordKey(f.t.id, g1(f), 1)];
      const [r0, r1] = [await must(db, k0), await must(db, k1)];
      await db.batch([
        { type: 'put', key: k0, value: r1 },
        { type: 'put', key: k1, value: r0 },
      ]);
      return `log generation ${g1(f)}`;
    },
  },
  {
    name: 'a log record from another table put in place of one of ks.t',
    fixture: 'logs',
    tamper: async (db, f) => {
      await db.put(logRecordKey(f.t.id, g1(f), 2), await must(db, logRecordKey(f.u.id, f.u.logs[0]!, 2)));
      return `log generation ${g1(f)}`;
    },
  },
  {
    name: 'a log record dropped from the middle of a generation',
    fixture: 'logs',
    tamper: async (db, f) => {
      await db.del(logRecordKey(f.t.id, g1(f), 3));
      return `log generation ${g1(f)}`;
    },
  },
  {
    name: 'a log generation header deleted',
    fixture: 'logs',
    tamper: async (db, f) => {
      await db.del(logHeaderKey(f.t.id, g2(f)));
      return `log generation ${g2(f)}`;
    },
  },
];

describe('a tampered store directory fails with DataIntegrityException naming ks.t and what was tampered with, never wrong data', () => {
  it('the untouched fixtures read back exactly', async () => {
    for (const f of [segmentsFixture, logFixture]) {
      const dir = join(root, `case-${++copies}`);
      await cp(f.dir, dir, { recursive: true });
      const store = await Store.open({ path: dir, kms, clock, engine: ENGINE });
      try {
        const outcomes = await readEverything(store, f);
        expect(outcomes.filter((o) => o.error !== undefined || o.wrong).map((o) => o.read)).toEqual([]);
      } finally {
        await store.close();
      }
    }
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await runCase(c);
  });
});
