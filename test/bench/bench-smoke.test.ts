/**
 * @module test/bench/bench-smoke
 * A smoke run of the comparison benchmark (issue 6) at tiny scale: the orchestrator
 * (bench/run.ts) runs every installed engine through one trial, each in its own child process
 * (bench/child.ts), exactly as `npm run bench` does. Checks that every engine that can run here
 * ran and returned correct data (the child checks every read against the workload and fails
 * the trial otherwise), that engines that cannot run (the optional SQLite packages) are
 * reported as skipped with a reason, and that the JSON, markdown and SVG outputs are written.
 * No timing is asserted.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { partitionMismatch, rowAt, rowMismatch, DEFAULT_WORKLOAD } from '../../bench/workload.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sealtable-bench-smoke-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

const CORE_ENGINES = ['sealtable-aws-owned', 'sealtable-cmk', 'sealtable-null-cipher', 'classic-level'];
const OPTIONAL_ENGINES = ['better-sqlite3', 'sqlcipher'];

interface Report {
  engines: string[];
  skipped: { engine: string; reason: string }[];
  failures: { engine: string; error: string }[];
  trials: { engine: string; ok: boolean; kmsMiss?: { decryptsPerMiss: number }; kmsCalls?: Record<string, Record<string, number>> }[];
}

describe('bench smoke run (5 partitions × 10 rows, 1 trial)', () => {
  it('every installed engine runs in its own process and returns correct data; absent optional engines are skipped with a reason', { timeout: 90_000 }, async () => {
    const args = ['--import', 'tsx', 'bench/run.ts', '--partitions', '5', '--rows', '10', '--reads', '20', '--cold-reads', '10', '--partition-reads', '5', '--time', '20', '--kms-misses', '1', '--trials', '1', '--out', out, '--quiet'];
    const result = await promisify(execFile)(process.execPath, args, { cwd: ROOT, encoding: 'utf8' }).catch((e: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`bench/run.ts failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
    });
    expect(result.stdout).toContain('sealtable comparison benchmark');
    const report = JSON.parse(fs.readFileSync(path.join(out, 'latest.json'), 'utf8')) as Report;

    expect(report.failures).toEqual([]);
    // The engines built on the root install always run.
    for (const e of CORE_ENGINES) expect(report.engines, e).toContain(e);
    // Every engine either ran (one correct trial) or was skipped with a reason — never both, never neither.
    for (const e of [...CORE_ENGINES, ...OPTIONAL_ENGINES]) {
      const ran = report.engines.includes(e);
      const skip = report.skipped.find((s) => s.engine === e);
      expect(ran !== (skip !== undefined), `${e}: ran or skipped, exactly one`).toBe(true);
      if (ran) expect(report.trials.filter((t) => t.engine === e && t.ok), `${e}: one correct trial`).toHaveLength(1);
      else expect(skip!.reason.length, `${e}: a reason`).toBeGreaterThan(0);
    }
    // sealtable's hot path makes no KMS call; a read after the idle period makes exactly one Decrypt.
    for (const t of report.trials.filter((x) => x.engine.startsWith('sealtable-'))) {
      expect(t.kmsCalls?.['warm reads'], t.engine).toEqual({});
      expect(t.kmsCalls?.['partition reads'], t.engine).toEqual({});
      expect(t.kmsMiss?.decryptsPerMiss, t.engine).toBe(1);
    }
    expect(fs.readFileSync(path.join(out, 'latest.md'), 'utf8')).toContain('## Medians');
    expect(fs.readFileSync(path.join(out, 'latest.svg'), 'utf8')).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });
});

describe('the checks the child makes', () => {
  const w = { ...DEFAULT_WORKLOAD, partitions: 3, rows: 4 };

  it('rows are derived from the seed alone: the same row twice, a different row for another seed', () => {
    expect(rowMismatch(rowAt(w, 2, 3), rowAt(w, 2, 3))).toBeUndefined();
    expect(rowMismatch(rowAt({ ...w, seed: 7 }, 2, 3), rowAt(w, 2, 3))).toBeDefined();
  });

  it('a missing row, a changed text, a changed blob byte and a wrong clustering key are each a mismatch', () => {
    const want = rowAt(w, 1, 1);
    expect(rowMismatch(undefined, want)).toMatch(/missing/);
    expect(rowMismatch({ ...want, b: `${want.b.slice(1)}x` }, want)).toMatch(/\bb\b/);
    const blob = want.blob.slice();
    blob[200]! ^= 1;
    expect(rowMismatch({ ...want, blob }, want)).toMatch(/blob/);
    expect(rowMismatch({ ...want, ck: want.ck + 1n }, want)).toMatch(/ck/);
  });

  it('a partition read must hold every row, in clustering order', () => {
    const rows = [0, 1, 2, 3].map((r) => rowAt(w, 0, r));
    expect(partitionMismatch(w, 0, rows)).toBeUndefined();
    expect(partitionMismatch(w, 0, rows.slice(1))).toMatch(/3 rows, want 4/);
    expect(partitionMismatch(w, 0, [rows[1]!, rows[0]!, rows[2]!, rows[3]!])).toMatch(/position 0/);
  });
});
