/**
 * @module bench/run
 * The comparison benchmark's orchestrator (issue 6): runs every engine of
 * bench/engines/registry.ts through `--trials` trials, each trial of each engine in a fresh
 * process (`node --import tsx bench/child.ts …`) on a fresh directory, trials interleaved across
 * engines (trial t starts at engine t mod n, so no engine always runs first or last). Then:
 * medians and min–max per engine, ratios of medians, and four outputs:
 *
 * - the console: a table of medians and a table of ratios;
 * - `<out>/latest.json`: machine, workload, every trial's raw result, the summary and ratios;
 * - `<out>/latest.md`: the same as a markdown summary, with the issue's targets checked;
 * - `<out>/latest.svg`: a hand-drawn bar chart of the ratios (no dependency).
 *
 * Ratios: encryption overhead = null-cipher rate / engine rate (how many times slower than the
 * same engine with a null block cipher; ≤ 1.10 is the target on warm point reads, batch writes
 * and partition reads, ≤ 1.30 on cold point reads); against SQLCipher = engine rate / SQLCipher
 * rate (how many times faster; targets ≥ 5 load, ≥ 1.5 warm point reads, ≥ 2 partition reads,
 * ≥ 1 cold point reads), when SQLCipher ran. Both are ratios of the medians.
 *
 * Engines that cannot run here (their `available()` gives the reason, e.g. the optional SQLite
 * packages are not installed) are reported as skipped. A trial that returns wrong data, or
 * fails, is reported and makes the run exit with status 1 (after writing the outputs).
 *
 * Run: `npm run bench` or `tsx bench/run.ts [--partitions 1000 --rows 100 --batch 100
 * --reads 10000 --cold-reads 1000 --partition-reads 1000 --time 2000 --kms-misses 20 --trials 3
 * --seed 42] [--engines a,b] [--out bench/results] [--quiet]`; `tsx bench/run.ts --render
 * bench/results/latest.json [--out dir]` renders the outputs again from a saved run, running nothing.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import type { ChildOutput, TrialFailure, TrialResult, TrialSkipped } from './child.js';
import { availability, loadEngines } from './engines/registry.js';
import { logicalBytes, WORKLOAD_FLAGS, workloadFromFlags, workloadToFlags, type Workload } from './workload.js';
import { fmt, median } from './stats.js';
import { SEALTABLE_FROM } from './engines/sealtable.js';

const ROOT = dirname(import.meta.dirname);
const CHILD = join(import.meta.dirname, 'child.ts');
const NULL_CIPHER = 'sealtable-null-cipher';
const SQLCIPHER = 'sqlcipher';
const ENCRYPTED_SEALTABLE = ['sealtable-aws-owned', 'sealtable-cmk'];

/** A measure reported per engine. */
interface Metric {
  key: string;
  label: string;
  unit: string;
  better: 'higher' | 'lower';
  of: (r: TrialResult) => number | undefined;
  digits?: number;
}

const METRICS: Metric[] = [
  { key: 'loadRowsPerSec', label: 'load', unit: 'rows/s', better: 'higher', of: (r) => r.load.rowsPerSec },
  { key: 'warmGetPerSec', label: 'warm point reads', unit: 'reads/s', better: 'higher', of: (r) => r.warmGet.opsPerSec },
  { key: 'partitionReadPerSec', label: 'partition reads', unit: 'reads/s', better: 'higher', of: (r) => r.partitionRead.opsPerSec },
  { key: 'coldGetPerSec', label: 'cold point reads', unit: 'reads/s', better: 'higher', of: (r) => r.coldGet.opsPerSec },
  { key: 'warmGetP50Us', label: 'warm read p50', unit: 'µs', better: 'lower', of: (r) => r.warmGet.p50Ms * 1000 },
  { key: 'coldGetP50Us', label: 'cold read p50', unit: 'µs', better: 'lower', of: (r) => r.coldGet.p50Ms * 1000 },
  { key: 'coldGetP99Us', label: 'cold read p99', unit: 'µs', better: 'lower', of: (r) => r.coldGet.p99Ms * 1000 },
  { key: 'coldFirstReadMs', label: 'first read after reopen', unit: 'ms', better: 'lower', of: (r) => r.coldGet.firstMs, digits: 2 },
  { key: 'reopenMs', label: 'reopen', unit: 'ms', better: 'lower', of: (r) => r.reopen.ms, digits: 1 },
  { key: 'closeMs', label: 'close', unit: 'ms', better: 'lower', of: (r) => r.close.ms, digits: 1 },
  { key: 'flushMs', label: 'flush', unit: 'ms', better: 'lower', of: (r) => r.flush?.ms, digits: 1 },
  { key: 'compactMs', label: 'major compaction', unit: 'ms', better: 'lower', of: (r) => r.compact?.ms },
  { key: 'compactMBps', label: 'compaction', unit: 'MB/s', better: 'higher', of: (r) => (r.compact ? logicalBytes(r.workload) / 1e6 / (r.compact.ms / 1000) : undefined), digits: 1 },
  { key: 'peakRssMB', label: 'peak RSS', unit: 'MB', better: 'lower', of: (r) => r.peakRssBytes / 1e6 },
  { key: 'diskMB', label: 'on disk', unit: 'MB', better: 'lower', of: (r) => r.diskBytes / 1e6, digits: 1 },
  { key: 'kmsDecryptMs', label: 'KMS Decrypt (table key)', unit: 'ms', better: 'lower', of: (r) => r.kmsMiss?.decryptMs, digits: 3 },
  { key: 'kmsWarmReadMs', label: 'read, key cached', unit: 'ms', better: 'lower', of: (r) => r.kmsMiss?.warmReadMs, digits: 3 },
  { key: 'kmsMissReadMs', label: 'read after 5-min idle', unit: 'ms', better: 'lower', of: (r) => r.kmsMiss?.missReadMs, digits: 3 },
];

/** The four rates the targets speak of. */
const RATES = [
  { key: 'loadRowsPerSec', label: 'batch load', overheadTarget: 1.1, sqlcipherTarget: 5 },
  { key: 'warmGetPerSec', label: 'warm point reads', overheadTarget: 1.1, sqlcipherTarget: 1.5 },
  { key: 'partitionReadPerSec', label: 'partition reads', overheadTarget: 1.1, sqlcipherTarget: 2 },
  { key: 'coldGetPerSec', label: 'cold point reads', overheadTarget: 1.3, sqlcipherTarget: 1 },
] as const;

interface Stat {
  median: number;
  min: number;
  max: number;
  n: number;
}

interface Ratio {
  measure: string;
  engine: string;
  against: string;
  /** `overhead`: against rate / engine rate (× slower, lower is better); `speedup`: engine rate / against rate (× faster). */
  kind: 'overhead' | 'speedup';
  value: number;
  /** The issue's target, for sealtable's encrypted engines only (the others are shown for reference). */
  target?: number;
  met?: boolean;
}

function targetText(r: Ratio): string {
  return r.target === undefined ? '–' : `${r.kind === 'overhead' ? '≤' : '≥'} ${r.target}×`;
}

function metText(r: Ratio, no: string): string {
  return r.met === undefined ? '–' : r.met ? 'yes' : no;
}

function runChild(engine: string, trial: number, w: Workload, quiet: boolean): Promise<ChildOutput> {
  const dir = mkdtempSync(join(os.tmpdir(), `sealtable-bench-${engine}-`));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, '--engine', engine, '--dir', dir, '--trial', String(trial), ...workloadToFlags(w)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', quiet ? 'pipe' : 'inherit'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code, signal) => {
      rmSync(dir, { recursive: true, force: true });
      const line = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(line) as ChildOutput);
      } catch {
        resolve({ engine, trial, ok: false, error: `child exited with ${signal ?? code} and no result${stderr ? `: ${stderr.trim().split('\n').slice(-5).join(' | ')}` : ''}` });
      }
    });
  });
}

function gitState(): { commit: string; srcDirty: boolean } {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return { commit, srcDirty: dirty.length > 0 };
  } catch {
    return { commit: 'unknown', srcDirty: false };
  }
}

function machine(): { cpu: string; cores: number; memoryGB: number; os: string; node: string } {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGB: Math.round(os.totalmem() / 1e8) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

/** The SVG bar chart of the ratios. */
function svgChart(ratios: Ratio[], sqlcipherNote: string | undefined, title: string): string {
  const W = 860;
  const LABEL = 300;
  const BAR_H = 16;
  const GAP = 6;
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const parts: string[] = [];
  let y = 30;
  parts.push(`<text x="10" y="20" font-size="15" font-weight="bold">${esc(title)}</text>`);
  const section = (heading: string, rows: Ratio[], note: string): void => {
    y += 14;
    parts.push(`<text x="10" y="${y}" font-size="13" font-weight="bold">${esc(heading)}</text>`);
    y += 6;
    parts.push(`<text x="10" y="${y + 12}" font-size="11" fill="#555">${esc(note)}</text>`);
    y += 20;
    if (rows.length === 0) return;
    const max = Math.max(...rows.map((r) => Math.max(r.value, r.target ?? 0)), 1) * 1.15;
    const scale = (v: number): number => LABEL + ((W - LABEL - 70) * v) / max;
    const top = y;
    for (const r of rows) {
      const color = r.met === undefined ? '#8a8a8a' : r.met ? '#3a7d44' : '#c0392b';
      parts.push(`<text x="${LABEL - 6}" y="${y + BAR_H - 4}" font-size="11" text-anchor="end">${esc(`${r.engine} — ${r.measure}`)}</text>`);
      parts.push(`<rect x="${LABEL}" y="${y}" width="${Math.max(1, scale(r.value) - LABEL).toFixed(1)}" height="${BAR_H}" fill="${color}"/>`);
      parts.push(`<text x="${(scale(r.value) + 4).toFixed(1)}" y="${y + BAR_H - 4}" font-size="11">${fmt(r.value, 2)}×</text>`);
      if (r.target !== undefined) {
        const tx = scale(r.target).toFixed(1);
        parts.push(`<line x1="${tx}" y1="${y - 2}" x2="${tx}" y2="${y + BAR_H + 2}" stroke="#000" stroke-width="2"/>`);
      }
      y += BAR_H + GAP;
    }
    const one = scale(1).toFixed(1);
    parts.push(`<line x1="${one}" y1="${top - 4}" x2="${one}" y2="${y}" stroke="#888" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${one}" y="${y + 12}" font-size="10" text-anchor="middle" fill="#555">1×</text>`);
    y += 18;
  };
  section('Encryption overhead: times slower than the same engine with a null cipher (lower is better)', ratios.filter((r) => r.kind === 'overhead'), 'Black tick: target (1.10×; 1.30× for cold reads). Green: target met; red: not met.');
  section(
    'Against SQLCipher: times faster (higher is better)',
    ratios.filter((r) => r.kind === 'speedup'),
    sqlcipherNote ?? 'Black tick: target for sealtable (5× load, 1.5× warm reads, 2× partition reads, 1× cold reads); grey: other engines, for reference.',
  );
  const H = y + 10;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">\n<rect width="${W}" height="${H}" fill="#fff"/>\n${parts.join('\n')}\n</svg>\n`;
}

/** What a run collected: enough to render every output again (`--render`). */
interface Collected {
  date: string;
  machine: ReturnType<typeof machine>;
  git: ReturnType<typeof gitState>;
  command: string;
  workload: Workload;
  /** Engines that ran, in report order. */
  runnable: string[];
  skipped: { engine: string; reason: string }[];
  failures: TrialFailure[];
  trials: TrialResult[];
}

async function collect(values: Partial<Record<keyof typeof WORKLOAD_FLAGS, string>> & { engines?: string | undefined }, quiet: boolean): Promise<Collected> {
  const w = workloadFromFlags(values);
  const wanted = values.engines?.split(',').map((s) => s.trim()).filter(Boolean);
  let factories = await loadEngines();
  if (wanted) {
    const unknown = wanted.filter((n) => !factories.some((f) => f.name === n));
    if (unknown.length > 0) throw new Error(`unknown engine(s) ${unknown.join(', ')}; known: ${factories.map((f) => f.name).join(', ')}`);
    factories = factories.filter((f) => wanted.includes(f.name));
  }
  const skipped: { engine: string; reason: string }[] = [];
  const runnable: string[] = [];
  for (const f of factories) {
    const a = await availability(f);
    if (a === true) runnable.push(f.name);
    else skipped.push({ engine: f.name, reason: a });
  }
  const started = new Date();
  const git = gitState();
  const log = (s: string): void => void (quiet ? undefined : console.error(s));
  log(`sealtable comparison benchmark: ${w.partitions} partitions × ${w.rows} rows, ${w.trials} trial(s), engines ${runnable.join(', ')}`);
  for (const s of skipped) log(`  skipped ${s.engine}: ${s.reason}`);

  const results: TrialResult[] = [];
  const failures: TrialFailure[] = [];
  for (let t = 1; t <= w.trials; t++) {
    const k = runnable.length === 0 ? 0 : (t - 1) % runnable.length;
    const order = [...runnable.slice(k), ...runnable.slice(0, k)];
    for (const engine of order) {
      log(`trial ${t}/${w.trials}: ${engine}`);
      const out = await runChild(engine, t, w, quiet);
      if ('skipped' in out) {
        if (!skipped.some((s) => s.engine === engine)) skipped.push({ engine, reason: (out as TrialSkipped).skipped });
      } else if (out.ok) results.push(out);
      else {
        failures.push(out);
        log(`  FAILED: ${out.error}`);
      }
    }
  }
  return {
    date: started.toISOString(),
    machine: machine(),
    git,
    command: `${SEALTABLE_FROM === 'dist' ? 'SEALTABLE_BENCH_FROM=dist ' : ''}tsx bench/run.ts ${process.argv.slice(2).join(' ')}`.trim(),
    workload: w,
    runnable,
    skipped,
    failures,
    trials: results,
  };
}

/** Prints the console tables and writes latest.json, latest.md and latest.svg into `outDir`. */
function report(c: Collected, outDir: string): void {
  const { workload: w, runnable, skipped, failures, trials: results, machine: m, git, command } = c;
  // Summary: median, min, max per engine per metric.
  const engines = runnable.filter((e) => results.some((r) => r.engine === e));
  const summary: Record<string, Record<string, Stat>> = {};
  for (const e of engines) {
    summary[e] = {};
    const mine = results.filter((r) => r.engine === e);
    for (const m of METRICS) {
      const xs = mine.map(m.of).filter((x): x is number => x !== undefined && Number.isFinite(x));
      if (xs.length > 0) summary[e]![m.key] = { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
    }
  }
  const med = (e: string, key: string): number | undefined => summary[e]?.[key]?.median;
  const ratios: Ratio[] = [];
  for (const e of ENCRYPTED_SEALTABLE) {
    for (const rate of RATES) {
      const mine = med(e, rate.key);
      const base = med(NULL_CIPHER, rate.key);
      if (mine === undefined || base === undefined) continue;
      const value = base / mine;
      ratios.push({ measure: rate.label, engine: e, against: NULL_CIPHER, kind: 'overhead', value, target: rate.overheadTarget, met: value <= rate.overheadTarget });
    }
  }
  const sqlcipherRan = engines.includes(SQLCIPHER);
  if (sqlcipherRan) {
    for (const e of engines.filter((x) => x !== SQLCIPHER)) {
      for (const rate of RATES) {
        const mine = med(e, rate.key);
        const base = med(SQLCIPHER, rate.key);
        if (mine === undefined || base === undefined) continue;
        const value = mine / base;
        const targeted = ENCRYPTED_SEALTABLE.includes(e);
        ratios.push({ measure: rate.label, engine: e, against: SQLCIPHER, kind: 'speedup', value, ...(targeted ? { target: rate.sqlcipherTarget, met: value >= rate.sqlcipherTarget } : {}) });
      }
    }
  }
  const sqlcipherNote = sqlcipherRan ? undefined : `SQLCipher did not run: ${skipped.find((s) => s.engine === SQLCIPHER)?.reason ?? failures.find((f) => f.engine === SQLCIPHER)?.error ?? 'not selected'}.`;

  // Console.
  const shown = METRICS.filter((m) => engines.some((e) => summary[e]?.[m.key]));
  console.log(`\nsealtable comparison benchmark — medians of ${w.trials} trial(s), ${w.partitions} partitions × ${w.rows} rows (~${fmt(logicalBytes(w) / 1e6, 1)} MB logical)`);
  console.table(Object.fromEntries(shown.map((m) => [`${m.label} (${m.unit})`, Object.fromEntries(engines.map((e) => [e, fmt(summary[e]?.[m.key]?.median, m.digits)]))])));
  if (ratios.length > 0) {
    console.log('Ratios of medians (overhead: × slower than the null cipher; speedup: × faster than SQLCipher)');
    console.table(ratios.map((r) => ({ engine: r.engine, measure: r.measure, against: r.against, ratio: `${fmt(r.value, 2)}×`, target: targetText(r), met: metText(r, 'NO') })));
  }
  if (sqlcipherNote) console.log(sqlcipherNote);
  for (const s of skipped) console.log(`skipped ${s.engine}: ${s.reason}`);
  for (const f of failures) console.log(`FAILED ${f.engine} trial ${f.trial}: ${f.error}`);

  // Files.
  mkdirSync(outDir, { recursive: true });
  const json = { ...c, logicalBytes: logicalBytes(w), engines, summary, ratios };
  writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);

  const md: string[] = [];
  md.push('# sealtable comparison benchmark — latest run', '');
  md.push(`- Date: ${c.date}`);
  md.push(`- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, ${m.os}; Node ${m.node}`);
  md.push(`- Code: commit ${git.commit}${git.srcDirty ? ' with uncommitted changes in src/' : ''}`);
  md.push(`- Command: \`${command}\` (from \`${relative(process.cwd(), ROOT) || '.'}\`); sealtable loaded from \`${SEALTABLE_FROM}/\`${SEALTABLE_FROM === 'dist' ? ' (the compiled package, as an application runs it)' : ' (TypeScript through tsx: esbuild keepNames wrappers included; `npm run bench` uses dist/)'}`);
  md.push(
    `- Workload: ${w.partitions} partitions × ${w.rows} rows (~${fmt(logicalBytes(w) / 1e6, 1)} MB of keys and values), batches of ${w.batch}; ${w.reads} warm keys, ${w.coldReads} cold reads, ${w.partitionReads} partition keys, ${w.timeMs} ms per tinybench phase; seed ${w.seed}; ${w.trials} trial(s) per engine, each in its own process, interleaved.`,
  );
  md.push('', `## Medians (min–max over ${w.trials} trial(s))`, '');
  md.push(`| measure | ${engines.join(' | ')} |`, `|---|${engines.map(() => '---:').join('|')}|`);
  for (const mt of shown) {
    const cells = engines.map((e) => {
      const s = summary[e]?.[mt.key];
      return s ? `${fmt(s.median, mt.digits)}${s.n > 1 ? ` (${fmt(s.min, mt.digits)}–${fmt(s.max, mt.digits)})` : ''}` : '–';
    });
    md.push(`| ${mt.label} (${mt.unit}, ${mt.better} is better) | ${cells.join(' | ')} |`);
  }
  md.push('', '## Ratios of medians against the targets', '');
  if (ratios.length > 0) {
    md.push(
      'Against `sealtable-null-cipher` the ratio is the encryption overhead: its rate / the engine\'s rate (times slower; 1.00× = free). Against `sqlcipher` it is the speedup: the engine\'s rate / SQLCipher\'s (times faster); the targets apply to sealtable\'s encrypted engines, the other rows are for reference.',
      '',
      '| engine | measure | against | ratio | target | met |',
      '|---|---|---|---:|---:|---|',
    );
    for (const r of ratios) md.push(`| ${r.engine} | ${r.measure} | ${r.against} | ${fmt(r.value, 2)}× | ${targetText(r)} | ${metText(r, '**no**')} |`);
  } else md.push('No ratios: the engines they compare did not run.');
  if (sqlcipherNote) md.push('', sqlcipherNote);
  const probed = engines.filter((e) => results.some((r) => r.engine === e && r.kmsCalls));
  if (probed.length > 0) {
    md.push('', '## KMS', '');
    md.push('Table-key cache miss: a point read of a key just read (table key cached), then the clock moved past the 5-minute idle period, then the same read again (the table key is decrypted by the KMS; the block cache died with it). Medians.', '');
    md.push('| engine | KMS Decrypt (ms) | read, key cached (ms) | read after idle (ms) | Decrypts per miss |', '|---|---:|---:|---:|---:|');
    for (const e of probed) {
      const miss = results.filter((r) => r.engine === e && r.kmsMiss).map((r) => r.kmsMiss!);
      md.push(`| ${e} | ${fmt(med(e, 'kmsDecryptMs'), 3)} | ${fmt(med(e, 'kmsWarmReadMs'), 3)} | ${fmt(med(e, 'kmsMissReadMs'), 3)} | ${miss.length ? fmt(median(miss.map((x) => x.decryptsPerMiss)), 0) : '–'} |`);
    }
    md.push('', 'KMS calls by phase (first trial of each engine; `Decrypt (DryRun)` and `DescribeKey` are the key monitor\'s checks, which run on the clock):', '');
    for (const e of probed) {
      const first = results.find((r) => r.engine === e && r.kmsCalls)!;
      const phases = Object.entries(first.kmsCalls!).map(([phase, ops]) => `${phase}: ${Object.entries(ops).map(([op, n]) => `${op} ×${n}`).join(', ') || 'none'}`);
      md.push(`- ${e}: ${phases.join('; ')}`);
    }
  }
  if (skipped.length > 0) {
    md.push('', '## Skipped engines', '');
    for (const s of skipped) md.push(`- ${s.engine}: ${s.reason}`);
  }
  if (failures.length > 0) {
    md.push('', '## Failed trials', '');
    for (const f of failures) md.push(`- ${f.engine} trial ${f.trial}: ${f.error}`);
  }
  md.push(
    '',
    '## How it was measured',
    '',
    '- Every engine runs the same seeded workload (bench/workload.ts) in a fresh process per trial (bench/child.ts); every read is checked against the workload outside the timed regions, and a wrong answer fails the trial.',
    '- Load: the summed time of the batch calls (one pass, `performance.now`). Warm point reads and partition reads: tinybench over a fixed key list after an untimed pass over the same keys; ops/s = operations / their total time. Cold point reads: after close and reopen, each key once, each timed (`performance.now`); "cold" means the engine\'s caches, the OS page cache stays warm. Flush and major compaction run once after the load, before the reads.',
    '- sealtable runs through its typed API (`store.batch`, `store.get`, `store.query`) with default engine options, a persisted LocalKms and a manual clock. `sealtable-null-cipher` swaps a null block cipher in (benchmark only; the key hierarchy and KMS calls stay). classic-level uses `db.get` (asynchronous) and an iterator per partition.',
    '- Peak RSS is the child process\'s high-water mark (`process.resourceUsage().maxRSS`), load included. On-disk size is measured after close (sealtable: store and KMS directories).',
    '- The machine is shared and the run is one run: compare ratios, and read the min–max before trusting a difference of a few percent.',
  );
  writeFileSync(join(outDir, 'latest.md'), `${md.join('\n')}\n`);
  writeFileSync(join(outDir, 'latest.svg'), svgChart(ratios, sqlcipherNote, `sealtable benchmark ${c.date.slice(0, 10)} — ${m.cpu}, ${m.cores} cores, Node ${m.node}`));
  console.error(`wrote ${relative(process.cwd(), join(outDir, 'latest.json'))}, latest.md, latest.svg`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      ...WORKLOAD_FLAGS,
      engines: { type: 'string' },
      out: { type: 'string', default: join(ROOT, 'bench', 'results') },
      quiet: { type: 'boolean', default: false },
      render: { type: 'string' },
    },
    strict: true,
  });
  let collected: Collected;
  if (values.render) {
    const saved = JSON.parse(readFileSync(values.render, 'utf8')) as Collected & { engines?: string[] };
    // Engines skipped or failed are not in `engines`; `runnable` lists every engine that was run.
    collected = { ...saved, runnable: saved.runnable ?? saved.engines ?? [] };
  } else collected = await collect(values, values.quiet ?? false);
  report(collected, values.out!);
  if (collected.failures.length > 0) process.exitCode = 1;
}

await main();
