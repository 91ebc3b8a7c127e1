/**
 * @module bench/engines/sealtable
 * sealtable under the comparison benchmark (issue 6), through its typed API (`store.batch` of
 * inserts, `store.get`, `store.query`; not CQL, whose parsing would be measured too), as three
 * engines:
 *
 * - `sealtable-aws-owned`: the table under the AWS-owned key (the default).
 * - `sealtable-cmk`: the table under a customer-managed key (`alias/bench`, made on first open).
 * - `sealtable-null-cipher`: the AWS-owned table with a null block cipher swapped in through
 *   `_replaceBlockCipherForBenchmarks` (src/storage/sealing.ts): a benchmark-only baseline that
 *   copies plaintext and appends 16 zero bytes, so the layout is the same; the key hierarchy,
 *   DEK wrapping and KMS calls stay. The product cannot turn encryption off; this engine only
 *   exists in a benchmark child process of its own.
 *
 * Every engine uses a persisted {@link LocalKms} (`<dir>/kms`) and a store (`<dir>/store`) with
 * the default engine options, on a {@link ManualClock} (so nothing expires unless the harness
 * moves the clock), and counts its KMS calls through a proxy: the {@link KmsProbe} the harness
 * uses to measure a table-key cache miss and to check the hot path makes no KMS call.
 */
import { join } from 'node:path';
import type { LocalKms, Store } from '../../src/index.js';
import type { BenchRow, Engine, EngineFactory } from './types.js';

const KEYSPACE = 'bench';
const TABLE = 't';
/** The clock's start (and restart: reopening starts at the same instant). */
const EPOCH_MS = Date.parse('2026-01-01T00:00:00Z');
/** The store's default table-key idle period (StoreOptions.tableKeyIdleMs). */
const TABLE_KEY_IDLE_MS = 5 * 60_000;

/** What the harness can ask of an engine that caches its table key (sealtable's engines). */
export interface KmsProbe {
  /** Moves the engine's clock just past the table-key idle period, firing what is due, so the next read must Decrypt the table key again. */
  idleTableKey(): Promise<void>;
  /** KMS calls so far, by operation (`Decrypt (DryRun)` apart: the key monitor's checks). */
  kmsCalls(): Record<string, number>;
  /** Durations (ms, wall clock, awaited) of every non-DryRun Decrypt so far. */
  decryptMs(): number[];
}

/** The {@link KmsProbe} of an engine that has one. */
export function kmsProbeOf(engine: Engine): KmsProbe | undefined {
  const e = engine as Partial<KmsProbe>;
  return typeof e.idleTableKey === 'function' && typeof e.kmsCalls === 'function' && typeof e.decryptMs === 'function' ? (e as KmsProbe) : undefined;
}

type Variant = 'aws-owned' | 'cmk' | 'null-cipher';

/** A proxy over a LocalKms (and over the clients its `as()` returns) that counts and times calls. */
function countingKms<T extends object>(target: T, calls: Record<string, number>, decrypts: number[]): T {
  return new Proxy(target, {
    get(t, prop) {
      const value = Reflect.get(t, prop, t) as unknown;
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (prop === 'as') return (...args: unknown[]) => countingKms(fn.apply(t, args) as object, calls, decrypts);
      if (prop === 'close' || prop === 'lookupEvents') return fn.bind(t);
      return (...args: unknown[]) => {
        const dryRun = prop === 'decrypt' && (args[0] as { DryRun?: boolean } | undefined)?.DryRun === true;
        const name = dryRun ? 'Decrypt (DryRun)' : prop.charAt(0).toUpperCase() + prop.slice(1);
        calls[name] = (calls[name] ?? 0) + 1;
        const start = performance.now();
        const out = fn.apply(t, args);
        if (prop === 'decrypt' && !dryRun && out instanceof Promise) return out.finally(() => decrypts.push(performance.now() - start));
        return out;
      };
    },
  });
}

/**
 * Where the engines load sealtable from: the compiled package (`dist/`, what an application
 * runs; `npm run bench` builds it first and sets `SEALTABLE_BENCH_FROM=dist`) or, by default, the
 * TypeScript sources through tsx (the smoke tests). tsx compiles with esbuild's `keepNames`,
 * which wraps every closure in a `__name` call: measurable on the hot path, absent from `dist/`.
 */
export const SEALTABLE_FROM = process.env['SEALTABLE_BENCH_FROM'] === 'dist' ? 'dist' : 'src';

async function nullCipher(): Promise<void> {
  const { _replaceBlockCipherForBenchmarks } = (await import(`../../${SEALTABLE_FROM}/storage/sealing.js`)) as typeof import('../../src/storage/sealing.js');
  _replaceBlockCipherForBenchmarks({
    seal: (_key, _nonce, plaintext) => {
      const out = new Uint8Array(plaintext.length + 16);
      out.set(plaintext);
      return out;
    },
    open: (_key, _nonce, sealed) => sealed.slice(0, sealed.length - 16),
  });
}

async function createEngine(variant: Variant): Promise<Engine & KmsProbe> {
  if (variant === 'null-cipher') await nullCipher();
  // Loaded lazily (after the null cipher is in place for that variant), so listing engines loads no store code.
  const sealtable = (await import(`../../${SEALTABLE_FROM}/index.js`)) as typeof import('../../src/index.js');
  const calls: Record<string, number> = {};
  const decrypts: number[] = [];
  const clock = new sealtable.ManualClock(EPOCH_MS);
  let kms: LocalKms | undefined;
  let store: Store | undefined;
  const errors: unknown[] = [];
  const open = (): Store => {
    if (!store) throw new Error('engine not open');
    if (errors.length > 0) throw new Error(`store reported a background error: ${String(errors[0])}`, { cause: errors[0] });
    return store;
  };
  const toRow = (row: Record<string, unknown>): BenchRow => ({
    pk: row['pk'] as string,
    ck: row['ck'] as bigint,
    a: row['a'] as string,
    b: row['b'] as string,
    c: row['c'] as string,
    blob: row['payload'] as Uint8Array,
  });
  return {
    async open(dir) {
      kms = await sealtable.LocalKms.open({ path: join(dir, 'kms'), clock });
      const counted = countingKms(kms, calls, decrypts);
      store = await sealtable.Store.open({ path: join(dir, 'store'), kms: counted, clock });
      store.on('error', (e: unknown) => errors.push(e));
      if (store.tables(KEYSPACE).some((t) => t.schema.name === TABLE)) return;
      let encryption: { type: 'AWS_OWNED_KMS_KEY' } | { type: 'CUSTOMER_MANAGED_KMS_KEY'; kmsKeyIdentifier: string } = { type: 'AWS_OWNED_KMS_KEY' };
      if (variant === 'cmk') {
        const { KeyMetadata } = await counted.createKey({ Description: 'sealtable benchmark table key' });
        await counted.createAlias({ AliasName: 'alias/bench', TargetKeyId: KeyMetadata.KeyId });
        encryption = { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: 'alias/bench' };
      }
      await store.createKeyspace(KEYSPACE, { ifNotExists: true });
      await store.createTable({
        keyspace: KEYSPACE,
        name: TABLE,
        columns: { pk: 'text', ck: 'bigint', a: 'text', b: 'text', c: 'text', payload: 'blob' },
        partitionKey: ['pk'],
        clustering: [{ name: 'ck', order: 'ASC' }],
        encryption,
      });
    },
    async loadBatch(rows) {
      await open().batch(rows.map((r) => ({ op: 'insert' as const, keyspace: KEYSPACE, table: TABLE, row: { pk: r.pk, ck: r.ck, a: r.a, b: r.b, c: r.c, payload: r.blob } })));
    },
    async get(pk, ck) {
      const row = await open().get(KEYSPACE, TABLE, { pk, ck });
      return row ? toRow(row) : undefined;
    },
    async partition(pk) {
      const page = await open().query(KEYSPACE, TABLE, { pk });
      return page.rows.map(toRow);
    },
    async flush() {
      await open().flush(KEYSPACE, TABLE);
    },
    async compact() {
      await open().compact(KEYSPACE, TABLE);
    },
    async close() {
      await store?.close();
      await kms?.close();
      store = undefined;
      kms = undefined;
      if (errors.length > 0) throw new Error(`store reported a background error: ${String(errors[0])}`, { cause: errors[0] });
    },
    async idleTableKey() {
      await clock.advance(TABLE_KEY_IDLE_MS + 1);
    },
    kmsCalls: () => ({ ...calls }),
    decryptMs: () => [...decrypts],
  };
}

function factory(variant: Variant): EngineFactory {
  return {
    name: `sealtable-${variant}`,
    available: async () => true,
    create: () => createEngine(variant),
  };
}

/** The three sealtable engines. */
export const sealtableEngines: EngineFactory[] = [factory('aws-owned'), factory('cmk'), factory('null-cipher')];
