/**
 * @module test/bench/keychange-smoke
 * A smoke run of the key-change benchmark (bench/keychange.ts, issue 6) at tiny scale: two
 * tables of 0.1 and 0.3 MB, each in its own child process, exactly as `npm run bench` runs the
 * 10 and 100 MB ones. Checks that every size ran, that each of its key changes took (the child
 * checks the key hierarchy after each, and reads a sample back after the changes and after a
 * reopen, and fails otherwise), that bytes were written and measured, and that the JSON is
 * written. No timing is asserted.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { SizeResult, SizeSummary } from '../../bench/keychange.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sealtable-keychange-smoke-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

interface Report {
  summary: SizeSummary[];
  results: SizeResult[];
}

describe('key-change bench smoke run (0.1 and 0.3 MB, 3 changes)', () => {
  it('each size runs in its own process, every key change takes, and the data reads back identical', { timeout: 90_000 }, async () => {
    const args = ['--import', 'tsx', 'bench/keychange.ts', '--sizes', '0.1,0.3', '--changes', '3', '--sample', '50', '--out', out, '--quiet'];
    const result = await promisify(execFile)(process.execPath, args, { cwd: ROOT, encoding: 'utf8' }).catch((e: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`bench/keychange.ts failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
    });
    expect(result.stdout).toContain('sealtable key change');
    const report = JSON.parse(fs.readFileSync(path.join(out, 'keychange.json'), 'utf8')) as Report;

    expect(report.results.map((r) => [r.sizeMB, r.ok, r.error])).toEqual([
      [0.1, true, undefined],
      [0.3, true, undefined],
    ]);
    for (const r of report.results) {
      expect(r.tableBytes, `${r.sizeMB} MB`).toBeGreaterThanOrEqual(r.sizeMB * 2 ** 20);
      expect(r.rows! % 100, 'whole partitions of 100 rows').toBe(0);
      expect(r.segments, `${r.sizeMB} MB`).toBeGreaterThanOrEqual(1);
      expect(r.changes!.map((c) => c.to)).toEqual(['cmk-a', 'cmk-b', 'aws-owned']);
      for (const c of r.changes!) {
        // The change's batch lands in LevelDB's log: the store directory grows.
        expect(c.growthBytes, `${r.sizeMB} MB → ${c.to}`).toBeGreaterThan(0);
        expect(c.ms).toBeGreaterThan(0);
      }
      expect(r.checkedRows).toBe(50);
      expect(r.checkedPartitions).toBe(5);
    }
    for (const s of report.summary) {
      expect(s.ok).toBe(true);
      expect(s.fractionOfTable).toBeGreaterThan(0);
      expect(typeof s.targetMet).toBe('boolean');
    }
  });
});
