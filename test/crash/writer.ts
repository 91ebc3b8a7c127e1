/**
 * @module test/crash/writer
 * The child process of the crash tests (STYLE.md §29; classic-level `test/lock-test.js`): opens a
 * persisted LocalKms and a Store with tiny engine thresholds, creates the tables of
 * test/crash/_workload.ts if needed, then writes batch after batch from `--start`, printing
 * `ACK <seq>` after each `await`. Now and then it starts a flush, a major compaction or a key
 * change of table A (AWS-owned key ↔ a customer-managed key) without waiting for it. The parent kills it with SIGKILL whenever it likes.
 *
 * Run: `node --import tsx test/crash/writer.ts --store <dir> --kms <dir> --start <seq> --limit <seq>
 *   [--marker <text>]`, or with `--wait` instead of `--start`/`--limit`: it loads, prints
 * `LOADED`, and opens nothing until it reads `GO <start> <limit>` on stdin (so the parent can
 * check the previous run while this one loads).
 *
 * Protocol (stdout, one line each, written synchronously so a line printed is a line the parent
 * can read even if the process dies right after): `LOADED`, `READY`, `ACK <seq>`,
 * `FLUSH <n> START|DONE`, `COMPACT <n> START|DONE`, `REKEY <n> START|DONE`, `IDLE` (limit reached; waits to be killed),
 * `ERROR <text>` (then exits with status 1).
 */
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { LocalKms, ManualClock, Store } from '../../src/index.js';
import { batchOf, CLOCK_EPOCH_MS, CRASH_ENGINE, KEYSPACE, TABLE_A, TABLE_B, tableDefinitions } from './_workload.js';

function out(line: string): void {
  writeSync(1, `${line}\n`);
}

function fail(e: unknown): never {
  const text = e instanceof Error ? `${e.name}: ${e.message}${e.cause instanceof Error ? ` (cause ${e.cause.name}: ${e.cause.message})` : ''}` : String(e);
  out(`ERROR ${text.replaceAll('\n', ' ')}`);
  process.exit(1);
}

process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

const { values } = parseArgs({
  options: {
    store: { type: 'string' },
    kms: { type: 'string' },
    start: { type: 'string' },
    limit: { type: 'string' },
    marker: { type: 'string', default: '' },
    wait: { type: 'boolean', default: false },
  },
});
if (!values.store || !values.kms || (!values.wait && (!values.start || !values.limit)))
  fail(new Error('usage: --store <dir> --kms <dir> (--start <seq> --limit <seq> | --wait) [--marker <text>]'));
const marker = values.marker ?? '';

/** Reads `GO <start> <limit>` from stdin. */
async function waitForGo(): Promise<[number, number]> {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const m = /^GO (\d+) (\d+)$/.exec(line.trim());
    if (!m) fail(new Error(`expected GO <start> <limit>, got ${line}`));
    lines.close();
    return [Number(m[1]), Number(m[2])];
  }
  return fail(new Error('stdin closed before GO'));
}

async function main(): Promise<void> {
  let start = Number(values.start);
  let limit = Number(values.limit);
  if (values.wait) {
    out('LOADED');
    [start, limit] = await waitForGo();
  }
  const clock = new ManualClock(CLOCK_EPOCH_MS);
  const kms = await LocalKms.open({ path: values.kms!, clock });
  const store = await Store.open({ path: values.store!, kms, clock, engine: CRASH_ENGINE });
  store.on('error', fail);
  await store.createKeyspace(KEYSPACE, { ifNotExists: true });
  for (const def of tableDefinitions()) await store.createTable(def);
  // A customer-managed key for key changes, made once (the KMS persists it).
  const aliases = await kms.listAliases({});
  let cmk = aliases.Aliases.find((a) => a.AliasName === 'alias/crash')?.TargetKeyId;
  if (!cmk) {
    cmk = (await kms.createKey({ Description: 'crash test key changes' })).KeyMetadata.KeyId;
    await kms.createAlias({ AliasName: 'alias/crash', TargetKeyId: cmk });
  }
  out('READY');
  let maintenance = 0;
  for (let seq = start; seq <= limit; seq++) {
    await store.batch(batchOf(seq, marker));
    out(`ACK ${seq}`);
    // Background work the writer does not wait for: the next writes race with it.
    if (seq % 4 === 0) {
      const n = ++maintenance;
      out(`FLUSH ${n} START`);
      store.flush(KEYSPACE, seq % 8 === 0 ? TABLE_A : TABLE_B).then(() => out(`FLUSH ${n} DONE`), fail);
    }
    if (seq % 9 === 0) {
      const n = ++maintenance;
      out(`COMPACT ${n} START`);
      store.compact(KEYSPACE, seq % 18 === 0 ? TABLE_B : TABLE_A).then(() => out(`COMPACT ${n} DONE`), fail);
    }
    if (seq % 7 === 0) {
      const n = ++maintenance;
      const onCmk = store.describeTable(KEYSPACE, TABLE_A).encryption.type === 'CUSTOMER_MANAGED_KMS_KEY';
      out(`REKEY ${n} START`);
      store
        .alterTable(KEYSPACE, TABLE_A, { encryption: onCmk ? { type: 'AWS_OWNED_KMS_KEY' } : { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: cmk } })
        .then(() => out(`REKEY ${n} DONE`), fail);
    }
  }
  out('IDLE');
  // Keep running (background work finishes) until killed.
  setInterval(() => undefined, 60_000);
}

main().catch(fail);
