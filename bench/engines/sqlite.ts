/**
 * @module bench/engines/sqlite
 * The SQLite engines of the comparison benchmark (issue 6), both optional: their packages
 * compile from source (minutes), so they live in a separate package, `bench/sqlite/`
 * (`npm --prefix bench/sqlite ci`), and are loaded from there at run time through
 * `createRequire`. When a package is not installed or fails to load, that engine's
 * `available()` returns the reason; nothing in the root install or `npm test` depends on them.
 *
 * - `better-sqlite3`: better-sqlite3 12.x, plaintext.
 * - `sqlcipher`: better-sqlite3-multiple-ciphers 12.x with `PRAGMA cipher='sqlcipher'`
 *   (SQLCipher 4 defaults: AES-256-CBC, HMAC-SHA512 per page) and a raw 256-bit key,
 *   `PRAGMA key="x'<64 hex>'"`, so opening pays no PBKDF2 (a passphrase adds about 180 ms
 *   per open). The key is a fixed benchmark constant: `close` and a fresh engine's `open`
 *   must agree on it.
 *
 * Both: one file `bench.sqlite` in the engine's directory; one table
 * `rows (pk TEXT, ck INTEGER, a TEXT, b TEXT, c TEXT, blob BLOB, PRIMARY KEY (pk, ck))
 * WITHOUT ROWID`, so rows are stored in primary-key order in the table's own B-tree.
 * `journal_mode=WAL` and `synchronous=NORMAL`: a commit is not fsynced, but a committed
 * transaction survives a process kill (only an OS crash or power loss can lose the last
 * ones) — the same promise as sealtable's default of not fsyncing each write. Default page
 * size (4096) and page cache (`cache_size=-2000`, about 2 MB), as an application gets them.
 * Load: one transaction per batch around a prepared INSERT. Point read: a prepared SELECT by
 * (pk, ck). Partition read: a prepared SELECT … WHERE pk = ? ORDER BY ck (served by the
 * primary key, no sort). `ck` is a 64-bit integer: statements use `safeIntegers`, so it is
 * bound and read back as a bigint with no loss. Flush is a WAL checkpoint
 * (`wal_checkpoint(TRUNCATE)`: WAL pages → database file); there is no compaction (VACUUM
 * rewrites the whole file and is not comparable). `close` closes the connection, which
 * checkpoints the WAL into the database file and removes it.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BenchRow, Engine, EngineFactory } from './types.js';

/** The slice of better-sqlite3's API used here (the packages are not in the root install, so their types are not either). */
interface Statement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  safeIntegers(toggle?: boolean): this;
}
interface Database {
  prepare(sql: string): Statement;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  exec(sql: string): this;
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
  close(): this;
}
type DatabaseConstructor = new (filename: string, options?: { readonly?: boolean; fileMustExist?: boolean }) => Database;

/** Resolves from `bench/sqlite/` (its `node_modules`), whether this file runs from bench/engines or is imported by path. */
const requireFromBenchSqlite = createRequire(new URL('../sqlite/package.json', import.meta.url));

const INSTALL_HINT = 'install the optional SQLite engines with `npm --prefix bench/sqlite ci` (compiles from source, about 3 minutes)';

/** The package's Database class, or why it cannot be loaded. */
function loadPackage(pkg: string): DatabaseConstructor | string {
  try {
    const ctor = requireFromBenchSqlite(pkg) as unknown;
    if (typeof ctor !== 'function') return `${pkg} loaded but does not export a Database class`;
    return ctor as DatabaseConstructor;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const message = err.message?.split('\n')[0] ?? String(e);
    if (err.code === 'MODULE_NOT_FOUND' && message.includes(`'${pkg}'`)) return `${pkg} is not installed: ${INSTALL_HINT}`;
    return `${pkg} failed to load (${err.code ?? 'error'}: ${message}); reinstall with \`npm --prefix bench/sqlite ci\``;
  }
}

/** The benchmark's fixed SQLCipher raw key (32 bytes, hex): not a secret, only the same on every open. */
const SQLCIPHER_RAW_KEY = '5ea17ab1e0be4c4d5ea17ab1e0be4c4d5ea17ab1e0be4c4d5ea17ab1e0be4c4d';

const FILE_NAME = 'bench.sqlite';
const SCHEMA =
  'CREATE TABLE IF NOT EXISTS rows (pk TEXT NOT NULL, ck INTEGER NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL, c TEXT NOT NULL, blob BLOB NOT NULL, PRIMARY KEY (pk, ck)) WITHOUT ROWID';

interface Options {
  pkg: string;
  /** Runs right after the connection opens, before anything reads the file (the cipher and key). */
  keying?(db: Database): void;
}

/** better-sqlite3 binds Buffers as BLOBs; a plain Uint8Array is viewed as one without a copy. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function createEngine(Ctor: DatabaseConstructor, options: Options): Engine {
  let state:
    | { db: Database; insertBatch: (rows: readonly BenchRow[]) => void; select: Statement; selectPartition: Statement }
    | undefined;
  const live = (): NonNullable<typeof state> => {
    if (!state) throw new Error(`${options.pkg}: engine not open`);
    return state;
  };
  return {
    async open(dir) {
      if (state) throw new Error(`${options.pkg}: engine already open`);
      mkdirSync(dir, { recursive: true });
      const db = new Ctor(join(dir, FILE_NAME));
      try {
        options.keying?.(db);
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.exec(SCHEMA);
        const insert = db.prepare('INSERT INTO rows (pk, ck, a, b, c, blob) VALUES (?, ?, ?, ?, ?, ?)').safeIntegers(true);
        const insertBatch = db.transaction((rows: readonly BenchRow[]) => {
          for (const r of rows) insert.run(r.pk, r.ck, r.a, r.b, r.c, asBuffer(r.blob));
        });
        const select = db.prepare('SELECT pk, ck, a, b, c, blob FROM rows WHERE pk = ? AND ck = ?').safeIntegers(true);
        const selectPartition = db.prepare('SELECT pk, ck, a, b, c, blob FROM rows WHERE pk = ? ORDER BY ck').safeIntegers(true);
        state = { db, insertBatch, select, selectPartition };
      } catch (e) {
        db.close();
        throw e;
      }
    },
    async loadBatch(rows) {
      live().insertBatch(rows);
    },
    async get(pk, ck) {
      // Columns are named as BenchRow's fields; with safeIntegers, ck comes back a bigint and blob a Buffer (a Uint8Array).
      return live().select.get(pk, ck) as BenchRow | undefined;
    },
    async partition(pk) {
      return live().selectPartition.all(pk) as BenchRow[];
    },
    async flush() {
      live().db.pragma('wal_checkpoint(TRUNCATE)');
    },
    async close() {
      const s = state;
      state = undefined;
      s?.db.close();
    },
  };
}

function factory(name: string, options: Options, check?: (db: Database) => true | string): EngineFactory {
  let loaded: DatabaseConstructor | string | undefined;
  const load = (): DatabaseConstructor | string => (loaded ??= loadPackage(options.pkg));
  return {
    name,
    async available() {
      const Ctor = load();
      if (typeof Ctor === 'string') return Ctor;
      try {
        const db = new Ctor(':memory:');
        try {
          return check ? check(db) : true;
        } finally {
          db.close();
        }
      } catch (e) {
        return `${options.pkg} loaded but cannot open a database: ${(e as Error).message}`;
      }
    },
    async create() {
      const Ctor = load();
      if (typeof Ctor === 'string') throw new Error(`${name} is not available: ${Ctor}`);
      return createEngine(Ctor, options);
    },
  };
}

/** Sets SQLCipher 4 as the page cipher and the raw key; fails at open on a wrong key or a plaintext file. */
function sqlcipherKeying(db: Database): void {
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma(`key = "x'${SQLCIPHER_RAW_KEY}'"`);
  // The key is only checked when a page is read: read one now, so a wrong key fails here, not mid-benchmark.
  db.prepare('SELECT count(*) FROM sqlite_master').get();
}

/** The two SQLite engines, plaintext and SQLCipher, in report order. */
export const sqliteEngines: EngineFactory[] = [
  factory('better-sqlite3', { pkg: 'better-sqlite3' }),
  factory('sqlcipher', { pkg: 'better-sqlite3-multiple-ciphers', keying: sqlcipherKeying }, (db) => {
    const cipher = db.pragma(`cipher = 'sqlcipher'`, { simple: true });
    return cipher === 'sqlcipher' ? true : `better-sqlite3-multiple-ciphers did not select the sqlcipher cipher (got ${String(cipher)})`;
  }),
];
