/**
 * @module bench/engine
 * The store's hot path and what encryption costs on it: batch writes, warm point reads and
 * partition reads, run twice, each in a process of its own — once as shipped (AES-256-GCM) and
 * once with a null block cipher (a benchmark-only baseline; the product cannot turn encryption
 * off; the key hierarchy, DEK wrapping and KMS calls stay). Every read is checked against what
 * was written, outside the timed region. Figures are medians from one run; the machine is shared,
 * so compare the ratio, not the absolute numbers.
 * Run: `npm run bench` (flags: --partitions N --rows N --time ms).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Bench } from 'tinybench';

const { values } = parseArgs({
  options: {
    partitions: { type: 'string', default: '200' },
    rows: { type: 'string', default: '50' },
    time: { type: 'string', default: '500' },
    child: { type: 'string' },
  },
});
const partitions = Number(values.partitions);
const rowsPer = Number(values.rows);
const time = Number(values.time);

interface Result {
  cipher: string;
  loadRowsPerSec: number;
  pointReadsPerSec: number;
  partitionReadsPerSec: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

async function child(cipher: 'aes' | 'null'): Promise<Result> {
  if (cipher === 'null') {
    const { _replaceBlockCipherForBenchmarks } = await import('../src/storage/sealing.js');
    _replaceBlockCipherForBenchmarks({
      seal: (_k, _n, p) => {
        const out = new Uint8Array(p.length + 16);
        out.set(p);
        return out;
      },
      open: (_k, _n, s) => s.slice(0, s.length - 16),
    });
  }
  const { LocalKms, ManualClock, Store } = await import('../src/index.js');
  const dir = mkdtempSync(join(tmpdir(), 'sealtable-bench-'));
  const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
  const kms = await LocalKms.open({ clock });
  const store = await Store.open({ path: dir, kms, clock, engine: { memtableBytes: 4 * 1024 * 1024 } });
  await store.createKeyspace('bench');
  await store.createTable({
    keyspace: 'bench',
    name: 't',
    columns: { pk: 'text', ts: 'bigint', a: 'text', b: 'text', c: 'text', d: 'blob' },
    partitionKey: ['pk'],
    clustering: [{ name: 'ts' }],
  });
  const rand = rng(42);
  const text = (n: number): string => Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(rand() * 26))).join('');
  const blob = Uint8Array.from({ length: 256 }, () => Math.floor(rand() * 256));
  const rowOf = (p: number, r: number) => ({ pk: `user-${p}`, ts: BigInt(r), a: text(100), b: text(100), c: text(100), d: blob });
  const written = new Map<string, ReturnType<typeof rowOf>>();
  const t0 = performance.now();
  for (let p = 0; p < partitions; p++) {
    for (let r0 = 0; r0 < rowsPer; r0 += 100) {
      const batch = [];
      for (let r = r0; r < Math.min(rowsPer, r0 + 100); r++) {
        const row = rowOf(p, r);
        written.set(`${p}/${r}`, row);
        batch.push({ op: 'insert' as const, keyspace: 'bench', table: 't', row });
      }
      await store.batch(batch);
    }
  }
  await store.flush('bench', 't');
  const loadMs = performance.now() - t0;
  // Check reads before timing them.
  for (const [k, row] of [...written].slice(0, 200)) {
    const [p, r] = k.split('/').map(Number) as [number, number];
    const got = await store.get('bench', 't', { pk: `user-${p}`, ts: BigInt(r) });
    if (!got || got['a'] !== row.a) throw new Error(`point read ${k} returned wrong data`);
  }
  const part = await store.query('bench', 't', { pk: 'user-0' });
  if (part.rows.length !== rowsPer) throw new Error('partition read returned wrong data');
  const bench = new Bench({ time, throws: true });
  const pick = rng(7);
  bench
    .add('point read', async () => {
      const p = Math.floor(pick() * partitions);
      const r = Math.floor(pick() * rowsPer);
      await store.get('bench', 't', { pk: `user-${p}`, ts: BigInt(r) });
    })
    .add('partition read', async () => {
      const p = Math.floor(pick() * partitions);
      await store.query('bench', 't', { pk: `user-${p}` });
    });
  await bench.run();
  const hz = (name: string): number => {
    const task = bench.tasks.find((t) => t.name === name);
    const r = task?.result as { throughput?: { p50?: number } } | undefined;
    return r?.throughput?.p50 ?? 0;
  };
  await store.close();
  await kms.close();
  rmSync(dir, { recursive: true, force: true });
  return { cipher, loadRowsPerSec: (partitions * rowsPer) / (loadMs / 1000), pointReadsPerSec: hz('point read'), partitionReadsPerSec: hz('partition read') };
}

if (values.child === 'aes' || values.child === 'null') {
  console.log(JSON.stringify(await child(values.child)));
} else {
  const run = (cipher: string): Result => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', cipher, '--partitions', String(partitions), '--rows', String(rowsPer), '--time', String(time)], {
      encoding: 'utf8',
    });
    return JSON.parse(out.trim().split('\n').at(-1)!) as Result;
  };
  const aes = run('aes');
  const none = run('null');
  console.log(`sealtable engine, ${partitions} partitions x ${rowsPer} rows (~600 B a row), warm reads, one run`);
  console.table(
    (['loadRowsPerSec', 'pointReadsPerSec', 'partitionReadsPerSec'] as const).map((k) => ({
      measure: k,
      'AES-256-GCM': Math.round(aes[k]),
      'null cipher': Math.round(none[k]),
      'overhead (null / aes)': (none[k] / aes[k]).toFixed(2),
    })),
  );
}
