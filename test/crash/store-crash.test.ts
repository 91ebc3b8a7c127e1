/**
 * @module test/crash/store-crash
 * Crash safety of the store (DESIGN.md "Storage engine": every multi-key change is one LevelDB
 * batch, so a crash leaves the old state or the new; STYLE.md §29). A writer child
 * (test/crash/writer.ts) writes the batches of test/crash/_workload.ts into a store with tiny
 * engine thresholds (a flush every few batches, size-tiered compaction at two segments, major
 * compactions it does not wait for) and prints an ACK after each; the parent SIGKILLs it at
 * random moments: on an ACK, a few milliseconds after one, as a flush or a compaction starts, or
 * during start-up (open, log replay, orphan clean-up, table creation). After each kill the
 * parent reopens the store in-process, on the same directories (the KMS's included), and checks:
 * every acknowledged batch is there, the batch that was in flight is all there or not at all,
 * both tables together equal the model before or after it, and no read throws. The store
 * directory is reused across kills; the sequence continues.
 *
 * Default: 100 kills. `SEALTABLE_CRASH_ITERATIONS=<n>` runs more (or fewer);
 * `SEALTABLE_CRASH_SEED=<n>` replays the same choices of kill moments (timing still varies).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalKms, ManualClock, Store, type BatchWrite, type Row } from '../../src/index.js';
import { killAllWriters, WriterProcess, type KillReport } from './_writer-process.js';
import { aPartition, batchOf, bPartition, canonicalRow, CLOCK_EPOCH_MS, CRASH_ENGINE, KEYSPACE, Model, prng, TABLE_A, TABLE_B } from './_workload.js';

const ITERATIONS = Number(process.env.SEALTABLE_CRASH_ITERATIONS ?? 100);
const SEED = Number(process.env.SEALTABLE_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Batches a writer may write past its start before it idles (always more than any trigger needs). */
const RUN_LENGTH = 60;
/** Writers loading ahead of their turn. */
const PREFETCH = 2;

const dirs: string[] = [];
afterAll(async () => {
  await killAllWriters();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** The state read back from a reopened store. */
interface Observed {
  a: string[];
  b: string[];
}

function sorted(rows: string[]): string[] {
  return [...rows].sort();
}

/** Every row of a table through scan, and again partition by partition through query and get; the read paths must agree. */
async function readTable(store: Store, table: string, partitions: string[]): Promise<string[]> {
  if (!store.tables(KEYSPACE).some((t) => t.schema.name === table)) return [];
  const scanned = (await store.scan(KEYSPACE, table)).rows.map(canonicalRow);
  expect(new Set(scanned).size, `${table}: scan returned a row twice`).toBe(scanned.length);
  const queried: string[] = [];
  for (const p of partitions) {
    const page = await store.query(KEYSPACE, table, { p });
    queried.push(...page.rows.map(canonicalRow));
    // One row per clustering key through get(), for the partition's first and last rows.
    const withKey = page.rows.filter((r: Row) => (table === TABLE_A ? r.c : r.q) !== null);
    for (const r of [withKey[0], withKey.at(-1)]) {
      if (!r) continue;
      const key = table === TABLE_A ? { p, c: r.c } : { p, q: r.q };
      const got = await store.get(KEYSPACE, table, key);
      expect(got && canonicalRow(got), `${table}: get(${JSON.stringify(key)}) disagrees with query`).toBe(canonicalRow(r));
    }
  }
  expect(sorted(queried), `${table}: query by partition disagrees with scan`).toEqual(sorted(scanned));
  return sorted(scanned);
}

async function openStore(storeDir: string, kmsDir: string): Promise<{ store: Store; kms: LocalKms }> {
  const clock = new ManualClock(CLOCK_EPOCH_MS);
  const kms = await LocalKms.open({ path: kmsDir, clock });
  try {
    return { store: await Store.open({ path: storeDir, kms, clock, engine: CRASH_ENGINE }), kms };
  } catch (e) {
    await kms.close();
    throw e;
  }
}

async function observe(store: Store): Promise<Observed> {
  return {
    a: await readTable(store, TABLE_A, Array.from({ length: 6 }, (_, k) => aPartition('', k))),
    b: await readTable(store, TABLE_B, Array.from({ length: 4 }, (_, k) => bPartition('', k))),
  };
}

function same(o: Observed, m: Model): boolean {
  return JSON.stringify(o.a) === JSON.stringify(sorted(m.rowsA())) && JSON.stringify(o.b) === JSON.stringify(sorted(m.rowsB()));
}

/** A short description of how two states differ, for failure messages. */
function diff(o: Observed, m: Model): string {
  const out: string[] = [];
  for (const [name, got, want] of [['a', o.a, sorted(m.rowsA())], ['b', o.b, sorted(m.rowsB())]] as const) {
    const g = new Set(got);
    const w = new Set(want);
    const missing = want.filter((r) => !g.has(r));
    const extra = got.filter((r) => !w.has(r));
    if (missing.length + extra.length > 0) out.push(`${name}: missing ${JSON.stringify(missing.slice(0, 3))} (${missing.length}), unexpected ${JSON.stringify(extra.slice(0, 3))} (${extra.length})`);
  }
  return out.join('; ');
}

type Mode = 'ack' | 'ack+delay' | 'flush' | 'compaction' | 'keychange' | 'startup';

describe('a writer killed with SIGKILL at random moments', () => {
  it(
    `loses no acknowledged batch and shows no partial one, over ${ITERATIONS} kills (seed ${SEED})`,
    async () => {
      const root = await mkdtemp(join(tmpdir(), 'sealtable-crash-'));
      dirs.push(root);
      const storeDir = join(root, 'store');
      const kmsDir = join(root, 'kms');
      const rand = prng(SEED);
      const model = new Model();
      const stats = { kills: 0, committedInFlight: 0, lostInFlight: 0, duringFlush: 0, duringCompaction: 0, duringKeyChange: 0, beforeReady: 0, acked: 0, modes: {} as Record<string, number> };
      const started = Date.now();
      let start = 1;
      // Writers load (about half a second of tsx) ahead of their turn, while earlier ones run and are checked.
      const spawnWriter = (): WriterProcess => new WriterProcess({ store: storeDir, kms: kmsDir, wait: true });
      const waiting = Array.from({ length: Math.min(PREFETCH, ITERATIONS) }, spawnWriter);
      for (let i = 0; i < ITERATIONS; i++) {
        const w = waiting.shift()!;
        await w.waitForLine((l) => l === 'LOADED');
        const r = rand();
        const mode: Mode = r < 0.28 ? 'ack' : r < 0.42 ? 'ack+delay' : r < 0.58 ? 'flush' : r < 0.74 ? 'compaction' : r < 0.87 ? 'keychange' : 'startup';
        stats.modes[mode] = (stats.modes[mode] ?? 0) + 1;
        const k = 1 + Math.floor(rand() * (mode === 'ack' || mode === 'ack+delay' ? 40 : 3));
        const delay = Math.floor(rand() * (mode === 'startup' ? 80 : 4));
        let seen = 0;
        if (mode === 'ack') w.killWhen((l) => (l.startsWith('ACK ') && ++seen === k) || l === 'IDLE');
        else if (mode === 'ack+delay')
          w.killWhen((l, me) => {
            if (l.startsWith('ACK ') && ++seen === k) me.killAfter(delay);
            return l === 'IDLE';
          });
        else if (mode === 'flush') w.killWhen((l) => (/^FLUSH \d+ START$/.test(l) && ++seen === k) || l === 'IDLE');
        else if (mode === 'compaction') w.killWhen((l) => (/^COMPACT \d+ START$/.test(l) && ++seen === Math.min(k, 2)) || l === 'IDLE');
        // A key change of table A (AWS-owned key ↔ a customer-managed key) is in flight: it must leave the old key or the new.
        else if (mode === 'keychange')
          w.killWhen((l, me) => {
            if (/^REKEY \d+ START$/.test(l) && ++seen === Math.min(k, 2)) me.killAfter(delay);
            return l === 'IDLE';
          });
        else w.killWhen((l) => l === 'IDLE');
        w.go(start, start + RUN_LENGTH);
        if (mode === 'startup') w.killAfter(delay);
        if (i + waiting.length + 1 < ITERATIONS) waiting.push(spawnWriter());
        const report: KillReport = await w.killed();
        stats.kills++;
        if (report.flushesInFlight > 0) stats.duringFlush++;
        if (report.compactionsInFlight > 0) stats.duringCompaction++;
        if (report.rekeysInFlight > 0) stats.duringKeyChange++;
        if (!report.ready) stats.beforeReady++;

        // Every batch up to the last ACK is in the model; the next one may have been committed.
        for (let seq = start; seq <= report.lastAck; seq++) model.apply(batchOf(seq, ''));
        stats.acked += Math.max(0, report.lastAck - start + 1);
        const inFlight: BatchWrite[] = batchOf(report.lastAck + 1, '');
        const withInFlight = model.clone();
        withInFlight.apply(inFlight);

        const context = `kill ${i + 1} (mode ${mode}, seed ${SEED}, batches ${start}..${report.lastAck} acknowledged, in flight ${report.lastAck + 1}, dir ${root})`;
        const { store, kms } = await openStore(storeDir, kmsDir);
        try {
          let observed = await observe(store);
          const before = same(observed, model);
          const after = same(observed, withInFlight);
          expect(before || after, `${context}: the store is neither the state before the in-flight batch nor after it: ${diff(observed, model)}`).toBe(true);
          if (after && !before) {
            model.apply(inFlight);
            stats.committedInFlight++;
          } else if (before && !after) stats.lostInFlight++;
          // Now and then the recovered state goes through a flush and a major compaction, and must read the same.
          if (i % 10 === 9) {
            for (const t of [TABLE_A, TABLE_B]) {
              await store.flush(KEYSPACE, t);
              await store.compact(KEYSPACE, t);
            }
            observed = await observe(store);
            expect(same(observed, model), `${context}: after flush and compaction of the recovered store: ${diff(observed, model)}`).toBe(true);
          }
        } finally {
          await store.close();
          await kms.close();
        }
        start = report.lastAck + 2;
      }
      expect(waiting).toEqual([]);

      // The KMS directory survived every kill: its root secret is intact and the table key still decrypts.
      expect((await readFile(join(kmsDir, 'root-secret'))).length).toBe(32);
      const { store, kms } = await openStore(storeDir, kmsDir);
      try {
        expect(same(await observe(store), model)).toBe(true);
        expect(model.rowsA().length + model.rowsB().length).toBeGreaterThan(0);
      } finally {
        await store.close();
        await kms.close();
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`[crash] seed ${SEED}: ${stats.kills} kills in ${seconds} s; ${stats.acked} batches acknowledged; in-flight batch visibly committed ${stats.committedInFlight}×, visibly absent ${stats.lostInFlight}×; kills with a flush in flight ${stats.duringFlush}, with a compaction in flight ${stats.duringCompaction}, with a key change in flight ${stats.duringKeyChange}, before READY ${stats.beforeReady}; modes ${JSON.stringify(stats.modes)}`);
      expect(stats.kills).toBe(ITERATIONS);
      // The kills did land where they were meant to.
      if (ITERATIONS >= 100) {
        expect(stats.duringFlush).toBeGreaterThan(0);
        expect(stats.duringCompaction).toBeGreaterThan(0);
        expect(stats.acked).toBeGreaterThan(ITERATIONS);
      }
    },
    Math.max(120_000, ITERATIONS * 3_000),
  );
});
