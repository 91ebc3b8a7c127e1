/**
 * @module test/storage/disk-canary
 * Disk canary (DESIGN.md "The key hierarchy": every byte derived from row data is encrypted;
 * plaintext key material is never written to disk; "Storage engine": no LevelDB key contains row
 * data). Rows hold unique `CANARY-<run>-<n>` markers in text, blob and collection columns, a
 * static column, a composite partition key and text and blob clustering columns. After writes
 * (log), flush, compaction and reopen, and after a writer child is SIGKILLed mid-write, every
 * file under the store directory (LevelDB logs, tables, MANIFEST, CURRENT, LOG, everything) is
 * searched for the markers (raw UTF-8 and hex), the table key and every DEK the test can learn
 * (raw, hex, base64): zero hits. The KMS directory is searched for the table key and the DEKs.
 *
 * LevelDB compresses table blocks with Snappy and splits log records at 32 KiB boundaries, so the
 * search also runs over decompressed blocks and reassembled records (test/storage/_store-dir.ts);
 * a first test shows the search finds plaintext through both.
 *
 * The table key is learned twice: by KMS Decrypt as the store's service principal, and among the
 * outputs of the KMS's injected `randomBytes` (GenerateDataKey's plaintext). DEKs are learned
 * twice too: unwrapped from every segment and log header found in the files (live or deleted),
 * and recorded as they are generated (src/crypto/random.ts wrapped by `vi.mock`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LocalKms, ManualClock, Store, type TableRecord } from '../../src/index.js';
import { openAt, PURPOSE } from '../../src/storage/sealing.js';
import { killAllWriters, WriterProcess } from '../crash/_writer-process.js';
import { KEYSPACE as CRASH_KEYSPACE } from '../crash/_workload.js';
import {
  classifyKey,
  decodeSegmentHeader,
  fileViews,
  filesUnder,
  findNeedles,
  learnDeks,
  learnTableKey,
  levelEntries,
  needleForms,
  openRawDb,
  readManifest,
  type Needle,
} from './_store-dir.js';

/** Every 32-byte output of src/crypto/random.ts `randomBytes` in this process (DEKs among them), copied before the caller zeroizes it. */
const generated = vi.hoisted(() => [] as Uint8Array[]);
vi.mock('../../src/crypto/random.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/crypto/random.js')>();
  return {
    ...original,
    randomBytes: (n: number): Uint8Array => {
      const out = original.randomBytes(n);
      if (n === 32) generated.push(Uint8Array.from(out));
      return out;
    },
  };
});

const utf8 = new TextEncoder();
let root: string;
let storeDir: string;
let kmsDir: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'sealtable-canary-'));
  storeDir = join(root, 'store');
  kmsDir = join(root, 'kms');
  generated.length = 0;
});
afterEach(async () => {
  await killAllWriters();
  await rm(root, { recursive: true, force: true });
});

/** The markers of one run: each is `CANARY-<run hex>-<n>`, unique; every one contains the run's hex. */
function markers(): { run: string; next: () => string } {
  const run = nodeRandomBytes(12).toString('hex');
  let n = 0;
  return { run, next: () => `CANARY-${run}-${(n++).toString(36)}-${nodeRandomBytes(3).toString('hex')}` };
}

/**
 * Needles for the markers of a run. Every marker contains `CANARY-<run>`, so looking for the run's
 * hex (and for the hex of the run's hex, which any hex text of a marker contains) finds every
 * marker in raw or hex form, and whatever part of one holds the run.
 */
function markerNeedles(run: string): Needle[] {
  const text = (s: string): Uint8Array => utf8.encode(s);
  return [
    { label: 'marker prefix', bytes: text(`CANARY-${run}`) },
    { label: 'marker run', bytes: text(run) },
    { label: 'marker run (hex)', bytes: text(Buffer.from(run).toString('hex')) },
    { label: 'marker run (HEX)', bytes: text(Buffer.from(run).toString('hex').toUpperCase()) },
  ];
}

function keyNeedles(label: string, keys: readonly Uint8Array[]): Needle[] {
  return keys.flatMap((k, i) => needleForms(`${label} ${i}`, k));
}

/** Searches every view of every file under `dir`; returns the hits as readable lines. */
async function hitsIn(dir: string, needles: readonly Needle[], skip: (file: string) => boolean = () => false): Promise<string[]> {
  const views = (await fileViews(dir)).filter((v) => !skip(v.file));
  expect(views.length).toBeGreaterThan(0);
  return findNeedles(views, needles).map((h) => `${h.label} in ${h.file} (${h.view})`);
}

describe('the disk scanner', () => {
  it('finds plaintext in a Snappy-compressed table block and in a log record split across 32 KiB blocks', async () => {
    const dir = join(root, 'plain');
    const db = new ClassicLevel<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' });
    await db.open();
    const { run, next } = markers();
    // A value larger than a log block, with a marker across the first 32 KiB boundary: the raw file has a record header in the middle of it.
    const big = new Uint8Array(40_000).fill(0x2e);
    const across = utf8.encode(next());
    big.set(across, 32_768 - 30 - Math.floor(across.length / 2));
    await db.put(utf8.encode('big'), big);
    const rawLog = findNeedles((await fileViews(dir)).filter((v) => v.view === 'raw'), [{ label: 'across', bytes: across }]);
    const decodedLog = findNeedles(await fileViews(dir), [{ label: 'across', bytes: across }]);
    expect(rawLog).toEqual([]);
    expect(decodedLog.map((h) => h.view)).toContain('log record 0');
    // Compressible rows: once compacted into a table file, Snappy stores most of each marker as copies.
    for (let i = 0; i < 300; i++) await db.put(utf8.encode(`row-${String(i).padStart(4, '0')}`), utf8.encode(`${next()} ${'padding '.repeat(20)}`));
    await db.compactRange(new Uint8Array([0]), new Uint8Array([0xff]));
    await db.close();
    const views = await fileViews(dir);
    expect(views.some((v) => v.view.includes('(snappy)'))).toBe(true);
    const hits = findNeedles(views, markerNeedles(run));
    expect(hits.some((h) => h.view.includes('(snappy)'))).toBe(true);
    // The decoded entries are exactly what the database holds.
    const entries = (await levelEntries(dir)).filter((e) => e.where.endsWith('.ldb'));
    const again = await openRawDb(dir);
    try {
      for await (const [k, v] of again.iterator()) {
        const found = entries.find((e) => Buffer.compare(e.key, k) === 0);
        expect(found && Buffer.compare(found.value!, v)).toBe(0);
      }
    } finally {
      await again.close();
    }
  });
});

describe('no marker, key part, table key or DEK on disk', () => {
  const COLUMNS = { p1: 'text', p2: 'text', c: 'text', d: 'blob', s: 'text', v: 'text', b: 'blob', l: 'list<text>', m: 'map<text, text>', st: 'set<text>' };

  it('after writes, flush, compaction and reopen', async () => {
    const clock = new ManualClock();
    const kmsRandom: Uint8Array[] = [];
    const openKms = (): Promise<LocalKms> =>
      LocalKms.open({
        path: kmsDir,
        clock,
        randomBytes: (n) => {
          const out = new Uint8Array(nodeRandomBytes(n));
          kmsRandom.push(Uint8Array.from(out));
          return out;
        },
      });
    let kms = await openKms();
    const engine = { memtableBytes: 16 * 1024, compactionThreshold: 3, blockSize: 2048 };
    let store = await Store.open({ path: storeDir, kms, clock, engine });
    await store.createKeyspace('canary');
    const record: TableRecord = await store.createTable({
      keyspace: 'canary',
      name: 't',
      columns: COLUMNS,
      partitionKey: ['p1', 'p2'],
      clustering: [{ name: 'c', order: 'DESC' }, { name: 'd' }],
      static: ['s'],
    });
    const { run, next } = markers();
    const partitions = Array.from({ length: 8 }, () => ({ p1: next(), p2: next() }));
    const written = new Map<string, string>(); // v → partition, to read back
    let rowNo = 0;
    const writeRows = async (n: number): Promise<void> => {
      for (let i = 0; i < n; i++) {
        const part = partitions[rowNo++ % partitions.length]!;
        const v = next();
        written.set(v, part.p1);
        await store.insert('canary', 't', {
          ...part,
          c: next(),
          d: utf8.encode(next()),
          s: next(),
          v,
          b: Buffer.concat([utf8.encode(next()), nodeRandomBytes(64)]),
          l: [next(), next()],
          m: { [next()]: next() },
          st: [next()],
        });
      }
    };
    const needles = markerNeedles(run);
    const tableKey = await learnTableKey(kms, record);
    // The table key is GenerateDataKey's plaintext, an output of the KMS's random source.
    expect(kmsRandom.some((r) => Buffer.compare(r, tableKey) === 0)).toBe(true);

    const check = async (phase: string): Promise<void> => {
      const deks = learnDeks(await levelEntries(storeDir), record.schema.id, tableKey).map((d) => d.dek);
      // Both ways of learning DEKs agree: every DEK found wrapped in a header was recorded as it was generated.
      for (const d of deks) expect(generated.some((g) => Buffer.compare(g, d) === 0), `${phase}: a header's DEK was not recorded`).toBe(true);
      const secrets = [...keyNeedles('table key', [tableKey]), ...keyNeedles('DEK from a header', deks), ...keyNeedles('generated 32-byte key', generated)];
      const inStore = await hitsIn(storeDir, [...needles, ...secrets]);
      expect(inStore, `${phase}: store directory`).toEqual([]);
      // The KMS keeps its own root secret in the clear in `root-secret` (0600); nothing of the store's belongs anywhere in its directory.
      const inKms = await hitsIn(kmsDir, [...needles, ...keyNeedles('table key', [tableKey]), ...keyNeedles('DEK from a header', deks)]);
      expect(inKms, `${phase}: KMS directory`).toEqual([]);
      expect(deks.length, `${phase}: DEKs learned`).toBeGreaterThan(0);
      expect(generated.length).toBeGreaterThan(0);
    };

    await writeRows(120);
    await check('after writes (memtable flushed automatically, the rest in the log)');
    await store.flush('canary', 't');
    await check('after flush');
    await writeRows(120);
    const compacted = await store.compact('canary', 't');
    expect(compacted.length).toBeGreaterThan(1);
    await check('after compaction');
    await writeRows(40);
    await store.close();
    await kms.close();
    await check('after close');

    kms = await openKms();
    store = await Store.open({ path: storeDir, kms, clock, engine });
    const rows = (await store.scan('canary', 't')).rows;
    expect(rows.length).toBe(written.size);
    for (const r of rows) expect(written.get(r.v as string)).toBe(r.p1);
    await writeRows(10);
    await store.flush('canary', 't');
    await store.close();
    await kms.close();
    await check('after reopen, replay, more writes and a flush');

    // The search would have found the markers had a block been stored in the clear: with its
    // learned DEK, a live segment's block opens to bytes that hold them.
    const db = await openRawDb(storeDir);
    try {
      const manifest = await readManifest(db, record.schema.id);
      const deks = learnDeks(await levelEntries(storeDir), record.schema.id, tableKey);
      const segment = manifest.segments[0]!;
      const dek = deks.find((d) => d.label === `DEK of segment ${segment.id}`)!;
      expect(dek).toBeDefined();
      let opened = 0;
      for await (const [key, value] of db.iterator()) {
        const info = classifyKey(key);
        if (info.family !== 'segment' || info.segmentId !== segment.id) continue;
        if (info.part === 'header') expect(decodeSegmentHeader(value).blockCount).toBe(segment.blocks);
        if (info.part !== 'block') continue;
        const plain = openAt(dek.dek, value, { tableId: record.schema.id, objectId: segment.id, purpose: PURPOSE.dataBlock, number: info.block!, count: segment.blocks, keyVersion: 1 });
        expect(findNeedles([{ file: 'block', view: 'plaintext', bytes: plain }], needles).length).toBeGreaterThan(0);
        opened++;
      }
      expect(opened).toBe(segment.blocks);
    } finally {
      await db.close();
    }
  });

  it('after a writer is killed mid-write, and after the store is reopened', async () => {
    const { run } = markers();
    const marker = `CANARY-${run}`;
    const writer = new WriterProcess({ store: storeDir, kms: kmsDir, marker, start: 1, limit: 400 });
    // Killed as its second flush starts, past 30 acknowledged batches (log, segments and compactions all on disk).
    let flushes = 0;
    writer.killWhen((l, w) => (/^FLUSH \d+ START$/.test(l) && w.lastAck >= 30 && ++flushes === 2) || l === 'IDLE');
    const report = await writer.killed();
    expect(report.lastAck).toBeGreaterThanOrEqual(30);

    const needles = markerNeedles(run);
    const scan = async (phase: string): Promise<void> => {
      // Learn the tables' keys from the catalog and the persisted KMS, and every DEK from the headers in the files.
      const db = await openRawDb(storeDir);
      const records: TableRecord[] = [];
      try {
        for await (const [key, value] of db.iterator()) if (classifyKey(key).family === 'table') records.push(JSON.parse(Buffer.from(value).toString('utf8')) as TableRecord);
      } finally {
        await db.close();
      }
      expect(records.map((r) => r.schema.name).sort()).toEqual(['a', 'b']);
      expect(records.every((r) => r.schema.keyspace === CRASH_KEYSPACE)).toBe(true);
      const kms = await LocalKms.open({ path: kmsDir, clock: new ManualClock() });
      const keys: Uint8Array[] = [];
      try {
        for (const r of records) keys.push(await learnTableKey(kms, r));
      } finally {
        await kms.close();
      }
      const entries = await levelEntries(storeDir);
      const deks = records.flatMap((r, i) => learnDeks(entries, r.schema.id, keys[i]!).map((d) => d.dek));
      expect(deks.length, `${phase}: DEKs learned`).toBeGreaterThan(1);
      const secrets = [...keyNeedles('table key', keys), ...keyNeedles('DEK from a header', deks)];
      expect(await hitsIn(storeDir, [...needles, ...secrets]), `${phase}: store directory`).toEqual([]);
      expect(await hitsIn(kmsDir, [...needles, ...secrets]), `${phase}: KMS directory`).toEqual([]);
    };
    await scan('right after the kill');

    // Reopen (log replay, orphan clean-up), read everything, write through a flush and a compaction.
    const clock = new ManualClock();
    const kms = await LocalKms.open({ path: kmsDir, clock });
    const store = await Store.open({ path: storeDir, kms, clock });
    try {
      const rows = [...(await store.scan(CRASH_KEYSPACE, 'a')).rows, ...(await store.scan(CRASH_KEYSPACE, 'b')).rows];
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => String(r.p).startsWith(marker))).toBe(true);
      await store.insert(CRASH_KEYSPACE, 'a', { p: `${marker}-after`, c: 1, v: `${marker}-after-v`, b: utf8.encode(`${marker}-after-b`) });
      await store.flush(CRASH_KEYSPACE, 'a');
      await store.compact(CRASH_KEYSPACE, 'a');
    } finally {
      await store.close();
      await kms.close();
    }
    await scan('after reopen, flush and compaction');
    expect((await filesUnder(storeDir)).length).toBeGreaterThan(3);
  });
});
