/**
 * @module bench/child
 * Runs ONE engine through ONE trial of the comparison benchmark (issue 6) in this process, and
 * prints one JSON line ({@link TrialResult}) on stdout (progress goes to stderr).
 *
 * Phases, in order:
 * 1. open (untimed), then load every row in batches of `--batch` (default 100): the time of the
 *    `loadBatch` calls, summed (rows are computed from the seed between calls, outside the
 *    clock) → rows/s. One pass, so `performance.now`, not tinybench.
 * 2. flush (memtable → segment) and major compaction, each timed once, where the engine has them.
 * 3. warm point reads by full key: every key of the list (`--reads`, seeded, uniform over the
 *    data) read and checked once untimed, then tinybench cycles over the list for `--time` ms
 *    → ops/s = iterations / total time, latency p50/p99.
 * 4. whole-partition reads in clustering order: every partition of the list
 *    (`--partition-reads`) read and checked once untimed, then tinybench as above.
 * 5. close (timed), size on disk, reopen with a fresh engine object (timed), then `--cold-reads`
 *    point reads of other keys, each once, each timed with `performance.now` (tinybench's
 *    warm-up would defeat the purpose). "Cold" means the engine's caches; the OS page cache stays warm.
 * 6. engines with a {@link KmsProbe} (sealtable): the table-key cache miss — a read of a key
 *    just read (warm), then the clock moved past the 5-minute idle period, then the same read
 *    again, `--kms-misses` times; and the KMS calls of every phase.
 * 7. peak RSS: `process.resourceUsage().maxRSS`, the whole process's high-water mark.
 *
 * Every read's result is checked against the workload outside the timed regions: the untimed
 * pass before each timed phase reads and checks every key the phase will read; the timed
 * phases keep their results (point reads: all; partition reads: the last 64 and every row
 * count) and check them afterwards. A mismatch fails the trial: `{ ok: false, error }` and exit 1.
 *
 * With `--profile <dir>`, each timed phase (load, flush, compact, warm-get, partition-read,
 * cold-get) is recorded by the V8 CPU profiler (node:inspector) into
 * `<dir>/<engine>-<phase>.cpuprofile`; `tsx bench/profile-summary.ts <file>` lists the top
 * self-time functions. Profiling slows every phase: never report figures from such a run.
 *
 * Run: `node --import tsx bench/child.ts --engine <name> --dir <empty dir> [--trial n] [--profile dir] [workload flags]`.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Bench } from 'tinybench';
import { availability, loadEngines } from './engines/registry.js';
import { kmsProbeOf } from './engines/sealtable.js';
import type { BenchRow, Engine } from './engines/types.js';
import {
  KEY_LIST,
  loadBatches,
  partitionMismatch,
  partitionReadKeys,
  pointReadKeys,
  rowAt,
  rowMismatch,
  WORKLOAD_FLAGS,
  workloadFromFlags,
  type ReadKey,
  type Workload,
} from './workload.js';

/** A rate phase: operations per second and latencies (ms). */
export interface RatePhase {
  /** Operations per second: operations / total time of the operations. */
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Operations timed. */
  samples: number;
}

/** What one trial of one engine measured. */
export interface TrialResult {
  engine: string;
  trial: number;
  ok: true;
  workload: Workload;
  load: { ms: number; rowsPerSec: number; batches: number };
  flush?: { ms: number };
  compact?: { ms: number };
  warmGet: RatePhase;
  partitionRead: RatePhase & { rowsPerSec: number };
  close: { ms: number };
  /** Size of the engine's directory after close (KMS included for sealtable). */
  diskBytes: number;
  reopen: { ms: number };
  coldGet: RatePhase & { firstMs: number };
  /** Table-key cache miss (engines with a KMS probe). Medians over `kmsMisses` repetitions. */
  kmsMiss?: { warmReadMs: number; missReadMs: number; decryptMs: number; decryptsPerMiss: number; repetitions: number };
  /** KMS calls by phase and operation (engines with a KMS probe). */
  kmsCalls?: Record<string, Record<string, number>>;
  peakRssBytes: number;
  /** RSS and the process's peak RSS so far after each phase (bytes): where the peak was reached. */
  rssByPhase: Record<string, { rss: number; peak: number }>;
}

/** A trial that failed (wrong data, or an engine error). */
export interface TrialFailure {
  engine: string;
  trial: number;
  ok: false;
  error: string;
}

/** An engine that cannot run here. */
export interface TrialSkipped {
  engine: string;
  trial: number;
  skipped: string;
}

export type ChildOutput = TrialResult | TrialFailure | TrialSkipped;

class WrongData extends Error {
  override readonly name = 'WrongData';
}

function check(mismatch: string | undefined, phase: string): void {
  if (mismatch !== undefined) throw new WrongData(`${phase}: ${mismatch}`);
}

function log(text: string): void {
  process.stderr.write(`[child] ${text}\n`);
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
}

function median(values: readonly number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? dirBytes(path) : statSync(path).size;
  }
  return total;
}

/** Runs one async task under tinybench and returns its rate phase. */
async function tiny(name: string, timeMs: number, fn: () => Promise<void>): Promise<RatePhase> {
  const bench = new Bench({ time: timeMs, iterations: 16, warmupTime: Math.min(250, timeMs), warmupIterations: 16, throws: true });
  bench.add(name, fn);
  await bench.run();
  const result = bench.tasks[0]!.result;
  if (result.state !== 'completed') throw new Error(`tinybench ${name}: ${result.state}${'error' in result ? `: ${result.error.message}` : ''}`);
  return {
    opsPerSec: 1000 / result.period,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    samples: result.latency.samplesCount,
  };
}

/** Per-phase CPU profiles (`--profile`), or nothing. */
interface Profiler {
  start(): Promise<void>;
  stop(phase: string): Promise<void>;
}

function profilerFor(dir: string | undefined, engine: string): Profiler {
  if (!dir) return { start: async () => undefined, stop: async () => undefined };
  mkdirSync(dir, { recursive: true });
  const session = new Session();
  session.connect();
  let enabled = false;
  return {
    async start() {
      if (!enabled) {
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 100 });
        enabled = true;
      }
      await session.post('Profiler.start');
    },
    async stop(phase) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(join(dir, `${engine}-${phase}.cpuprofile`), JSON.stringify(profile));
    },
  };
}

async function checkPoints(engine: Engine, w: Workload, keys: readonly ReadKey[], phase: string): Promise<void> {
  for (const k of keys) check(rowMismatch(await engine.get(k.pk, k.ck), rowAt(w, k.p, k.r)), phase);
}

async function runTrial(engineName: string, dir: string, trial: number, w: Workload, profileDir?: string): Promise<ChildOutput> {
  const factories = await loadEngines();
  const factory = factories.find((f) => f.name === engineName);
  if (!factory) throw new Error(`unknown engine ${engineName} (known: ${factories.map((f) => f.name).join(', ')})`);
  const available = await availability(factory);
  if (available !== true) return { engine: engineName, trial, skipped: available };

  let engine = await factory.create();
  await engine.open(dir);
  let probe = kmsProbeOf(engine);
  const kmsCalls: Record<string, Record<string, number>> = {};
  let before = probe?.kmsCalls() ?? {};
  const phaseCalls = (phase: string): void => {
    if (!probe) return;
    const now = probe.kmsCalls();
    const delta: Record<string, number> = {};
    for (const [op, n] of Object.entries(now)) if (n - (before[op] ?? 0) > 0) delta[op] = n - (before[op] ?? 0);
    kmsCalls[phase] = delta;
    before = now;
  };
  phaseCalls('open');
  const rssByPhase: TrialResult['rssByPhase'] = {};
  const rssAt = (phase: string): void => void (rssByPhase[phase] = { rss: process.memoryUsage.rss(), peak: process.resourceUsage().maxRSS * 1024 });
  rssAt('open');
  const prof = profilerFor(profileDir, engineName);

  // 1. Load.
  log(`${engineName}: load`);
  let loadMs = 0;
  let batches = 0;
  await prof.start();
  for (const batch of loadBatches(w)) {
    const t0 = performance.now();
    await engine.loadBatch(batch);
    loadMs += performance.now() - t0;
    batches++;
  }
  await prof.stop('load');
  const rowCount = w.partitions * w.rows;
  phaseCalls('load');
  rssAt('load');

  // 2. Flush and compaction.
  let flush: TrialResult['flush'];
  let compact: TrialResult['compact'];
  if (engine.flush) {
    await prof.start();
    const t0 = performance.now();
    await engine.flush();
    flush = { ms: performance.now() - t0 };
    await prof.stop('flush');
  }
  if (engine.compact) {
    await prof.start();
    const t0 = performance.now();
    await engine.compact();
    compact = { ms: performance.now() - t0 };
    await prof.stop('compact');
  }
  phaseCalls('flush+compact');
  rssAt('flush+compact');

  // 3. Warm point reads.
  log(`${engineName}: warm point reads`);
  const warmKeys = pointReadKeys(w, w.reads, KEY_LIST.warm);
  await checkPoints(engine, w, warmKeys, 'warm point read (untimed pass)');
  const warmResults: (BenchRow | undefined)[] = new Array<BenchRow | undefined>(warmKeys.length);
  let wi = 0;
  await prof.start();
  const warmGet = await tiny('warm get', w.timeMs, async () => {
    const slot = wi++ % warmKeys.length;
    const k = warmKeys[slot]!;
    warmResults[slot] = await engine.get(k.pk, k.ck);
  });
  await prof.stop('warm-get');
  for (let i = 0; i < Math.min(wi, warmKeys.length); i++) check(rowMismatch(warmResults[i], rowAt(w, warmKeys[i]!.p, warmKeys[i]!.r)), 'warm point read (timed)');
  warmResults.length = 0;
  phaseCalls('warm reads');
  rssAt('warm reads');

  // 4. Partition reads.
  log(`${engineName}: partition reads`);
  const partKeys = partitionReadKeys(w, w.partitionReads);
  for (const p of new Set(partKeys)) check(partitionMismatch(w, p, await engine.partition(rowAt(w, p, 0).pk)), 'partition read (untimed pass)');
  const RING = 64;
  const ring: { p: number; rows: BenchRow[] }[] = [];
  const counts: number[] = [];
  let pi = 0;
  const pks = partKeys.map((p) => rowAt(w, p, 0).pk);
  await prof.start();
  const partitionPhase = await tiny('partition read', w.timeMs, async () => {
    const slot = pi++ % partKeys.length;
    const rows = await engine.partition(pks[slot]!);
    counts.push(rows.length);
    ring[pi % RING] = { p: partKeys[slot]!, rows };
  });
  await prof.stop('partition-read');
  for (const n of counts) if (n !== w.rows) throw new WrongData(`partition read (timed): ${n} rows, want ${w.rows}`);
  for (const r of ring) if (r) check(partitionMismatch(w, r.p, r.rows), 'partition read (timed)');
  ring.length = 0;
  counts.length = 0;
  phaseCalls('partition reads');
  rssAt('partition reads');

  // 5. Close, reopen, cold reads.
  log(`${engineName}: close, reopen, cold reads`);
  let t0 = performance.now();
  await engine.close();
  const closeMs = performance.now() - t0;
  phaseCalls('close');
  const diskBytes = dirBytes(dir);
  engine = await factory.create();
  t0 = performance.now();
  await engine.open(dir);
  const reopenMs = performance.now() - t0;
  probe = kmsProbeOf(engine);
  before = probe?.kmsCalls() ?? {};
  phaseCalls('reopen');
  const coldKeys = pointReadKeys(w, w.coldReads, KEY_LIST.cold);
  const coldResults: (BenchRow | undefined)[] = [];
  const coldMs: number[] = [];
  await prof.start();
  for (const k of coldKeys) {
    const s = performance.now();
    const row = await engine.get(k.pk, k.ck);
    coldMs.push(performance.now() - s);
    coldResults.push(row);
  }
  await prof.stop('cold-get');
  coldKeys.forEach((k, i) => check(rowMismatch(coldResults[i], rowAt(w, k.p, k.r)), 'cold point read (timed)'));
  coldResults.length = 0;
  phaseCalls('cold reads');
  rssAt('cold reads');
  const coldTotal = coldMs.reduce((a, b) => a + b, 0);
  const coldSorted = [...coldMs].sort((a, b) => a - b);
  const coldGet: TrialResult['coldGet'] = {
    opsPerSec: (coldMs.length / coldTotal) * 1000,
    p50Ms: quantile(coldSorted, 0.5),
    p99Ms: quantile(coldSorted, 0.99),
    samples: coldMs.length,
    firstMs: coldMs[0] ?? NaN,
  };

  // 6. Table-key cache miss.
  let kmsMiss: TrialResult['kmsMiss'];
  if (probe && w.kmsMisses > 0) {
    log(`${engineName}: table-key cache misses`);
    const missKeys = pointReadKeys(w, w.kmsMisses, KEY_LIST.miss);
    const warmReadMs: number[] = [];
    const missReadMs: number[] = [];
    const decryptMs: number[] = [];
    const decryptCounts: number[] = [];
    for (const k of missKeys) {
      const want = rowAt(w, k.p, k.r);
      check(rowMismatch(await engine.get(k.pk, k.ck), want), 'cache-miss read (priming)');
      let s = performance.now();
      const warm = await engine.get(k.pk, k.ck);
      warmReadMs.push(performance.now() - s);
      check(rowMismatch(warm, want), 'cache-miss read (warm)');
      await probe.idleTableKey();
      const callsBefore = probe.kmsCalls()['Decrypt'] ?? 0;
      const decryptsBefore = probe.decryptMs().length;
      s = performance.now();
      const missed = await engine.get(k.pk, k.ck);
      missReadMs.push(performance.now() - s);
      check(rowMismatch(missed, want), 'cache-miss read (after idle)');
      decryptCounts.push((probe.kmsCalls()['Decrypt'] ?? 0) - callsBefore);
      decryptMs.push(...probe.decryptMs().slice(decryptsBefore));
    }
    kmsMiss = { warmReadMs: median(warmReadMs), missReadMs: median(missReadMs), decryptMs: median(decryptMs), decryptsPerMiss: median(decryptCounts), repetitions: missKeys.length };
    phaseCalls('cache-miss measurement');
  }
  await engine.close();

  return {
    engine: engineName,
    trial,
    ok: true,
    workload: w,
    load: { ms: loadMs, rowsPerSec: (rowCount / loadMs) * 1000, batches },
    ...(flush ? { flush } : {}),
    ...(compact ? { compact } : {}),
    warmGet,
    partitionRead: { ...partitionPhase, rowsPerSec: partitionPhase.opsPerSec * w.rows },
    close: { ms: closeMs },
    diskBytes,
    reopen: { ms: reopenMs },
    coldGet,
    ...(kmsMiss ? { kmsMiss } : {}),
    ...(probe ? { kmsCalls } : {}),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    rssByPhase,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { ...WORKLOAD_FLAGS, engine: { type: 'string' }, dir: { type: 'string' }, trial: { type: 'string', default: '1' }, profile: { type: 'string' } },
    strict: true,
  });
  const trial = Number(values.trial);
  const engineName = values.engine;
  if (!engineName || !values.dir) throw new Error('usage: bench/child.ts --engine <name> --dir <empty dir> [--trial n] [workload flags]');
  let out: ChildOutput;
  try {
    out = await runTrial(engineName, values.dir, trial, workloadFromFlags(values), values.profile);
  } catch (e) {
    const err = e as Error;
    out = { engine: engineName, trial, ok: false, error: `${err.name}: ${err.message}${err.cause instanceof Error ? ` (cause: ${err.cause.message})` : ''}` };
  }
  writeSync(1, `${JSON.stringify(out)}\n`);
  // Engines may leave handles (timers, thread-pool work) behind: the result is out, so leave.
  process.exit('ok' in out && !out.ok ? 1 : 0);
}

if (import.meta.filename === process.argv[1]) await main();
