/**
 * @module test/table/_store-helpers
 * Fixtures of the `Store` tests: a store in a fresh temporary directory on a manual clock with an
 * in-memory LocalKms (removed after each test), reopening it on the same directory and KMS, the
 * "every state" runner (the same assertion with the data in the memtable, replayed from the
 * log, in a segment, compacted, and reopened from segments), and error capture by `name`
 * (STYLE.md §12).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { LocalKms, ManualClock, Store } from '../../src/index.js';
import type { CreateTableOptions, Page, QueryOptions, Row, StoreOptions } from '../../src/index.js';

/** 2026-01-01T00:00:00Z, the fixtures' starting time. */
export const START = Date.parse('2026-01-01T00:00:00Z');
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const DAY = 86_400_000;
/** The keyspace every fixture creates. */
export const KS = 'ks';

/** A store, its KMS and clock, and how to reopen it. */
export interface Fixture {
  readonly clock: ManualClock;
  readonly kms: LocalKms;
  readonly dir: string;
  /** The current store (a new object after {@link Fixture.reopen}). */
  readonly store: Store;
  /** Closes the store and opens the same directory again with the same KMS, clock and options. */
  reopen(): Promise<Store>;
  /** Creates a table in {@link KS}. */
  table(def: Omit<CreateTableOptions, 'keyspace'> & { keyspace?: string }): Promise<void>;
  /** Errors the stores emitted (`'error'` events: failed background flushes and compactions). */
  readonly errors: unknown[];
  /** Closes the store and the KMS and removes the directory now (instead of after the test). */
  dispose(): Promise<void>;
}

const open: { dir: string; close: () => Promise<void> }[] = [];

/** Closes every store and KMS and removes every directory made by {@link openStore} after each test of the calling file. */
export function cleanUpAfterEach(): void {
  afterEach(async () => {
    for (const f of open.splice(0)) {
      try {
        await f.close();
      } finally {
        fs.rmSync(f.dir, { recursive: true, force: true });
      }
    }
  });
}

/** Opens a store in a new temporary directory and creates the keyspace {@link KS}. */
export async function openStore(options: { engine?: StoreOptions['engine']; clock?: ManualClock; keyspace?: boolean } = {}): Promise<Fixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sealtable-'));
  const clock = options.clock ?? new ManualClock(START);
  const kms = await LocalKms.open({ clock });
  const storeOptions: StoreOptions = { path: dir, kms, clock, ...(options.engine ? { engine: options.engine } : {}) };
  const errors: unknown[] = [];
  const openOne = async (): Promise<Store> => {
    const s = await Store.open(storeOptions);
    s.on('error', (e: unknown) => errors.push(e));
    return s;
  };
  let store = await openOne();
  const entry = {
    dir,
    close: async () => {
      await store.close();
      await kms.close();
    },
  };
  open.push(entry);
  const fixture: Fixture = {
    clock,
    kms,
    dir,
    get store() {
      return store;
    },
    errors,
    async reopen() {
      await store.close();
      store = await openOne();
      return store;
    },
    async dispose() {
      const i = open.indexOf(entry);
      if (i >= 0) open.splice(i, 1);
      try {
        await entry.close();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    async table(def) {
      await store.createTable({ keyspace: KS, ...def });
    },
  };
  if (options.keyspace !== false) await store.createKeyspace(KS);
  return fixture;
}

/** Where the data is when an assertion runs. */
export type State = 'memtable' | 'log replay' | 'flushed' | 'compacted' | 'reopened';

/**
 * Runs `check` with the data in every state, in this order: in the memtable; after close +
 * reopen (the memtable rebuilt from the encrypted log); after a flush (in a segment); after a
 * major compaction; after close + reopen (from segments only). The clock does not move.
 * @param tables - the tables (of {@link KS}) to flush and compact
 */
export async function expectInEveryState(f: Fixture, tables: string | string[], check: (state: State) => Promise<void>): Promise<void> {
  const names = typeof tables === 'string' ? [tables] : tables;
  const step = async (state: State): Promise<void> => {
    try {
      await check(state);
    } catch (e) {
      if (e instanceof Error) e.message = `[state: ${state}] ${e.message}`;
      throw e;
    }
  };
  await step('memtable');
  await f.reopen();
  await step('log replay');
  for (const t of names) await f.store.flush(KS, t);
  await step('flushed');
  for (const t of names) await f.store.compact(KS, t);
  await step('compacted');
  await f.reopen();
  await step('reopened');
  expect(f.errors, 'no background flush or compaction failed').toEqual([]);
}

/** The states a test can put fresh data into before it moves the clock. */
export const PLACEMENTS = ['memtable', 'flushed', 'compacted', 'reopened'] as const;
export type Placement = (typeof PLACEMENTS)[number];

/** Puts what was written so far into `placement` (from the memtable). */
export async function place(f: Fixture, tables: string | string[], placement: Placement): Promise<void> {
  const names = typeof tables === 'string' ? [tables] : tables;
  if (placement === 'flushed' || placement === 'compacted') for (const t of names) await f.store.flush(KS, t);
  if (placement === 'compacted') for (const t of names) await f.store.compact(KS, t);
  if (placement === 'reopened') await f.reopen();
}

/** Every row of a table, read page by page with `pageSize` (also checks that pages are not empty and not over size). */
export async function scanAll(store: Store, table: string, pageSize?: number): Promise<Row[]> {
  const rows: Row[] = [];
  let pageState: string | undefined;
  for (let pages = 0; ; pages++) {
    if (pages > 10_000) throw new Error('scan did not end');
    const page: Page = await store.scan(KS, table, { ...(pageSize === undefined ? {} : { pageSize }), ...(pageState === undefined ? {} : { pageState }) });
    if (pageSize !== undefined) expect(page.rows.length).toBeLessThanOrEqual(pageSize);
    rows.push(...page.rows);
    if (page.pageState === undefined) return rows;
    expect(page.rows.length, 'a page with a pageState has rows').toBeGreaterThan(0);
    pageState = page.pageState;
  }
}

/** Every row of one partition's query, read page by page. */
export async function queryAll(store: Store, table: string, partition: Record<string, unknown>, options: QueryOptions = {}): Promise<Row[]> {
  const rows: Row[] = [];
  let pageState: string | undefined;
  for (let pages = 0; ; pages++) {
    if (pages > 10_000) throw new Error('query did not end');
    const page = await store.query(KS, table, partition, { ...options, ...(pageState === undefined ? {} : { pageState }) });
    if (options.pageSize !== undefined) expect(page.rows.length).toBeLessThanOrEqual(options.pageSize);
    rows.push(...page.rows);
    if (page.pageState === undefined) return rows;
    expect(page.rows.length, 'a page with a pageState has rows').toBeGreaterThan(0);
    pageState = page.pageState;
  }
}

/** The error a promise rejects with; fails the test if it resolves. */
export async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  }
  throw new Error('expected a rejection, but the call succeeded');
}

/** Asserts the promise rejects with an error of this `name` (and, when given, this message). */
export async function expectError(promise: Promise<unknown>, name: string, message?: string | RegExp): Promise<Error> {
  const error = await caught(promise);
  expect(error.name, error.message).toBe(name);
  if (typeof message === 'string') expect(error.message).toBe(message);
  else if (message) expect(error.message).toMatch(message);
  return error;
}

/** Write timestamps (µs) at the fixtures' start time plus `ms`. */
export const usAt = (ms: number): number => (START + ms) * 1000;

/** The number of segments of a table (from its key hierarchy). */
export async function segmentCount(store: Store, table: string): Promise<number> {
  return (await store.keyHierarchy(KS, table)).segments.length;
}

/** A short text of restrictions for test titles: `ck > 4 and ck <= 6`. */
export function describeWhere(where: readonly { column: string; op: string; value: unknown }[]): string {
  return where.map((r) => `${r.column} ${r.op} ${JSON.stringify(r.value)}`).join(' and ');
}

/** Adds a `label` (from {@link describeWhere}) to table rows that have a `where`. */
export function labelled<T extends { where: readonly { column: string; op: string; value: unknown }[] }>(rows: T[]): (T & { label: string })[] {
  return rows.map((r) => ({ ...r, label: describeWhere(r.where) }));
}
