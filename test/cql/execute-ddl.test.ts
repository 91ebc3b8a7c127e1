/**
 * CQL DDL through `store.execute` / `store.session()` (src/cql/executor.ts; reference/cql.md §1.1,
 * §1.2, §1.6, §3.2): CREATE / DROP KEYSPACE, USE, CREATE / ALTER / DROP / RESTORE TABLE, the
 * options Amazon Keyspaces keeps (custom_properties with the encryption specification, PITR,
 * default_time_to_live, comment), every CQL type written and read back, and the errors
 * (already exists 0x2400, invalid 0x2200, reserved keyspaces).
 */
import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/index.js';
import { cleanUpAfterEach, KS, openStore, SECOND } from '../table/_store-helpers.js';
import { ALREADY_EXISTS, cql, expectCqlError, INVALID, openCql, rowsOf, runCqlCase } from './_cql-helpers.js';
import type { Cql, CqlCase } from './_cql-helpers.js';

cleanUpAfterEach();

const REPLICATION = `{'class': 'SingleRegionStrategy'}`;
const TABLES_OF_KS = `SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'ks'`;

/** custom_properties of ks.<table> from system_schema_mcs.tables. */
async function customProperties(c: Cql, table: string): Promise<Map<string, Map<string, string>>> {
  // Filtered here, not by table_name in WHERE: that restriction has its own test below.
  const rows = (await c.rows(`SELECT table_name, custom_properties FROM system_schema_mcs.tables WHERE keyspace_name = 'ks'`)).filter((r) => r['table_name'] === table);
  expect(rows).toHaveLength(1);
  return rows[0]!['custom_properties'] as Map<string, Map<string, string>>;
}

describe('CREATE KEYSPACE / DROP KEYSPACE', () => {
  const cases: CqlCase[] = [
    {
      name: 'CREATE KEYSPACE with a replication map makes a keyspace listed in system_schema.keyspaces with that replication',
      statements: [`CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}`],
      query: `SELECT keyspace_name, replication FROM system_schema.keyspaces WHERE keyspace_name = 'shop'`,
      rows: [{ keyspace_name: 'shop', replication: new Map([['class', 'SimpleStrategy'], ['replication_factor', '3']]) }],
    },
    {
      name: 'CREATE KEYSPACE of an existing keyspace fails with ResourceInUseException (0x2400)',
      statements: [`CREATE KEYSPACE shop WITH replication = ${REPLICATION}`],
      query: `CREATE KEYSPACE shop WITH replication = ${REPLICATION}`,
      error: { name: 'ResourceInUseException', code: ALREADY_EXISTS },
    },
    {
      name: 'CREATE KEYSPACE IF NOT EXISTS of an existing keyspace does nothing (the first replication stays)',
      statements: [`CREATE KEYSPACE shop WITH replication = ${REPLICATION}`, `CREATE KEYSPACE IF NOT EXISTS shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}`],
      query: `SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = 'shop'`,
      rows: [{ replication: new Map([['class', 'SingleRegionStrategy']]) }],
    },
    {
      name: 'CREATE KEYSPACE without a replication class is invalid (0x2200) and creates nothing',
      statements: [],
      query: `CREATE KEYSPACE shop WITH replication = {'replication_factor': 3}`,
      error: { name: 'ValidationException', code: INVALID },
      check: `SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = 'shop'`,
      after: [],
    },
    {
      name: 'CREATE KEYSPACE with an unknown replication strategy is invalid (0x2200)',
      statements: [],
      query: `CREATE KEYSPACE shop WITH replication = {'class': 'NoSuchStrategy'}`,
      error: { name: 'ValidationException', code: INVALID, message: /NoSuchStrategy/ },
    },
    {
      name: 'DROP KEYSPACE removes the keyspace from system_schema.keyspaces',
      statements: [`CREATE KEYSPACE shop WITH replication = ${REPLICATION}`, 'DROP KEYSPACE shop'],
      query: `SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = 'shop'`,
      rows: [],
    },
    {
      name: "DROP KEYSPACE drops its tables: they leave system_schema.tables and reading one says 'Keyspace … does not exist'",
      statements: [
        `CREATE KEYSPACE shop WITH replication = ${REPLICATION}`,
        'CREATE TABLE shop.orders (id int PRIMARY KEY, v text)',
        "INSERT INTO shop.orders (id, v) VALUES (1, 'a')",
        'DROP KEYSPACE shop',
      ],
      query: 'SELECT * FROM shop.orders',
      error: { name: 'ResourceNotFoundException', code: INVALID, message: 'Keyspace shop does not exist' },
      check: `SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'shop'`,
      after: [],
    },
    {
      name: 'a keyspace and table made again after DROP KEYSPACE are empty (the dropped data is gone)',
      statements: [
        `CREATE KEYSPACE shop WITH replication = ${REPLICATION}`,
        'CREATE TABLE shop.orders (id int PRIMARY KEY, v text)',
        "INSERT INTO shop.orders (id, v) VALUES (1, 'a')",
        'DROP KEYSPACE shop',
        `CREATE KEYSPACE shop WITH replication = ${REPLICATION}`,
        'CREATE TABLE shop.orders (id int PRIMARY KEY, v text)',
      ],
      query: 'SELECT * FROM shop.orders',
      rows: [],
    },
    {
      name: 'DROP KEYSPACE of an unknown keyspace fails with ResourceNotFoundException (0x2200)',
      statements: [],
      query: 'DROP KEYSPACE nowhere',
      error: { name: 'ResourceNotFoundException', code: INVALID, message: 'Keyspace nowhere does not exist' },
    },
    {
      name: 'DROP KEYSPACE IF EXISTS of an unknown keyspace does nothing',
      statements: [],
      query: 'DROP KEYSPACE IF EXISTS nowhere',
      rows: [],
    },
    {
      name: "a statement on a table of an unknown keyspace fails with ResourceNotFoundException 'Keyspace … does not exist' (0x2200)",
      statements: [],
      query: 'INSERT INTO nowhere.t (k) VALUES (1)',
      error: { name: 'ResourceNotFoundException', code: INVALID, message: 'Keyspace nowhere does not exist' },
    },
    {
      name: 'CREATE TABLE in an unknown keyspace fails with ResourceNotFoundException (0x2200)',
      statements: [],
      query: 'CREATE TABLE nowhere.t (k int PRIMARY KEY)',
      error: { name: 'ResourceNotFoundException', code: INVALID, message: 'Keyspace nowhere does not exist' },
    },
  ];
  it.each(cases)('$name', async (t) => {
    await runCqlCase(cql(await openStore({ keyspace: false })), t);
  });

  it('CREATE KEYSPACE answers a schema change CREATED KEYSPACE; IF NOT EXISTS on an existing one answers void', async () => {
    const c = cql(await openStore({ keyspace: false }));
    const created = await c.run(`CREATE KEYSPACE shop WITH replication = ${REPLICATION}`);
    expect(created.kind).toBe('schemaChange');
    expect(created.schemaChange).toEqual({ change: 'CREATED', target: 'KEYSPACE', keyspace: 'shop' });
    expect((await c.run(`CREATE KEYSPACE IF NOT EXISTS shop WITH replication = ${REPLICATION}`)).kind).toBe('void');
    expect((await c.run('DROP KEYSPACE shop')).schemaChange).toEqual({ change: 'DROPPED', target: 'KEYSPACE', keyspace: 'shop' });
  });

  const reserved = ['system', 'system_schema', 'system_schema_mcs', 'system_multiregion_info'];
  it.each(reserved)('the reserved system keyspace %s cannot be created, dropped or given tables (0x2200)', async (ks) => {
    const c = cql(await openStore({ keyspace: false }));
    await expectCqlError(c.run(`CREATE KEYSPACE ${ks} WITH replication = ${REPLICATION}`), 'ValidationException', INVALID, ks);
    await expectCqlError(c.run(`CREATE KEYSPACE IF NOT EXISTS ${ks} WITH replication = ${REPLICATION}`), 'ValidationException', INVALID, ks);
    await expectCqlError(c.run(`DROP KEYSPACE ${ks}`), 'ValidationException', INVALID, ks);
    await expectCqlError(c.run(`CREATE TABLE ${ks}.mine (k int PRIMARY KEY)`), 'ValidationException', INVALID, ks);
  });

  it('writes to a system table are refused (0x2200) and leave it unchanged', async () => {
    const c = await openCql();
    await expectCqlError(c.run(`INSERT INTO system_schema.keyspaces (keyspace_name, durable_writes) VALUES ('fake', true)`), 'ValidationException', INVALID);
    expect(await c.rows(`SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = 'fake'`)).toEqual([]);
  });
});

describe('system tables restricted by their clustering columns', () => {
  it("system_schema_mcs.tables WHERE keyspace_name = 'ks' AND table_name = 'u' returns table u only", async () => {
    const c = await openCql();
    await c.all(['CREATE TABLE t (k int PRIMARY KEY)', 'CREATE TABLE u (k int PRIMARY KEY)']);
    expect(await c.rows(`SELECT table_name FROM system_schema_mcs.tables WHERE keyspace_name = 'ks' AND table_name = 'u'`)).toEqual([{ table_name: 'u' }]);
  });

  it("system_schema.tables WHERE keyspace_name = 'ks' AND table_name = 'u' returns table u only", async () => {
    const c = await openCql();
    await c.all(['CREATE TABLE t (k int PRIMARY KEY)', 'CREATE TABLE u (k int PRIMARY KEY)']);
    expect(await c.rows(`SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'ks' AND table_name = 'u'`)).toEqual([{ table_name: 'u' }]);
  });

  it("system_schema.columns WHERE keyspace_name, table_name AND column_name = 'v' returns that column only", async () => {
    const c = await openCql();
    await c.run('CREATE TABLE t (k int PRIMARY KEY, v text)');
    expect(await c.rows(`SELECT column_name, type FROM system_schema.columns WHERE keyspace_name = 'ks' AND table_name = 't' AND column_name = 'v'`)).toEqual([
      { column_name: 'v', type: 'text' },
    ]);
  });
});

describe('USE', () => {
  it('USE on a session (store.session()) sets that session’s keyspace: unqualified table names resolve in it', async () => {
    const f = await openStore();
    await f.store.execute('CREATE TABLE ks.t (k int PRIMARY KEY, v text)');
    await f.store.execute("INSERT INTO ks.t (k, v) VALUES (1, 'a')");
    const session = f.store.session();
    const result = await session.execute('USE ks');
    expect(result.kind).toBe('setKeyspace');
    expect(result.keyspace).toBe('ks');
    expect(session.keyspace).toBe('ks');
    expect(rowsOf(await session.execute('SELECT * FROM t'))).toEqual([{ k: 1, v: 'a' }]);
  });

  it('USE on a session does not change the default session (store.execute) nor other sessions', async () => {
    const f = await openStore();
    await f.store.execute('CREATE TABLE ks.t (k int PRIMARY KEY)');
    const a = f.store.session();
    const b = f.store.session();
    await a.execute('USE ks');
    expect(b.keyspace).toBeUndefined();
    await expectCqlError(b.execute('SELECT * FROM t'), 'ValidationException', INVALID, 'No keyspace has been specified');
    await expectCqlError(f.store.execute('SELECT * FROM t'), 'ValidationException', INVALID, 'No keyspace has been specified');
  });

  it('USE through the default session (store.execute) makes unqualified names resolve in later store.execute calls', async () => {
    const f = await openStore();
    await f.store.execute('CREATE TABLE ks.t (k int PRIMARY KEY, v text)');
    expect((await f.store.execute('USE ks')).kind).toBe('setKeyspace');
    await f.store.execute("INSERT INTO t (k, v) VALUES (2, 'b')");
    expect(rowsOf(await f.store.execute('SELECT * FROM t'))).toEqual([{ k: 2, v: 'b' }]);
    expect(rowsOf(await f.store.execute('SELECT * FROM ks.t'))).toEqual([{ k: 2, v: 'b' }]);
  });

  it('USE with a double-quoted keyspace name (as drivers send it) works on the default session', async () => {
    const f = await openStore();
    await f.store.execute('CREATE TABLE ks.t (k int PRIMARY KEY)');
    await f.store.execute('USE "ks"');
    expect(rowsOf(await f.store.execute('SELECT * FROM t'))).toEqual([]);
  });

  it('USE of an unknown keyspace fails with ResourceNotFoundException (0x2200) on a session and on the default session, keeping the current keyspace', async () => {
    const f = await openStore();
    const session = f.store.session('ks');
    await expectCqlError(session.execute('USE nowhere'), 'ResourceNotFoundException', INVALID, 'nowhere');
    expect(session.keyspace).toBe('ks');
    await f.store.execute('USE ks');
    await expectCqlError(f.store.execute('USE nowhere'), 'ResourceNotFoundException', INVALID, 'nowhere');
    await f.store.execute('CREATE TABLE t (k int PRIMARY KEY)');
    expect(rowsOf(await f.store.execute(TABLES_OF_KS))).toEqual([{ table_name: 't' }]);
  });

  it('an unqualified table name with no keyspace in use is invalid (0x2200)', async () => {
    const f = await openStore();
    await expectCqlError(f.store.execute('CREATE TABLE t (k int PRIMARY KEY)'), 'ValidationException', INVALID, 'No keyspace has been specified');
  });
});

const COMPOSITE = 'CREATE TABLE t (pk1 int, pk2 text, ck1 int, ck2 text, v int, PRIMARY KEY ((pk1, pk2), ck1, ck2))';

describe('CREATE TABLE', () => {
  const cases: CqlCase[] = [
    {
      name: 'a composite partition key ((pk1, pk2), ck1, ck2) shows in system_schema.columns with kinds and positions',
      statements: [COMPOSITE],
      query: `SELECT column_name, kind, position, clustering_order, type FROM system_schema.columns WHERE keyspace_name = 'ks' AND table_name = 't'`,
      rows: [
        { column_name: 'ck1', kind: 'clustering', position: 0, clustering_order: 'asc', type: 'int' },
        { column_name: 'ck2', kind: 'clustering', position: 1, clustering_order: 'asc', type: 'text' },
        { column_name: 'pk1', kind: 'partition_key', position: 0, clustering_order: 'none', type: 'int' },
        { column_name: 'pk2', kind: 'partition_key', position: 1, clustering_order: 'none', type: 'text' },
        { column_name: 'v', kind: 'regular', position: -1, clustering_order: 'none', type: 'int' },
      ],
    },
    {
      name: 'rows of a composite-partition-key table are found by the whole partition key and come in clustering order',
      statements: [
        COMPOSITE,
        "INSERT INTO t (pk1, pk2, ck1, ck2, v) VALUES (1, 'a', 2, 'x', 1)",
        "INSERT INTO t (pk1, pk2, ck1, ck2, v) VALUES (1, 'a', 1, 'y', 2)",
        "INSERT INTO t (pk1, pk2, ck1, ck2, v) VALUES (1, 'a', 1, 'x', 3)",
        "INSERT INTO t (pk1, pk2, ck1, ck2, v) VALUES (1, 'b', 1, 'x', 4)",
      ],
      query: "SELECT ck1, ck2, v FROM t WHERE pk1 = 1 AND pk2 = 'a'",
      rows: [
        { ck1: 1, ck2: 'x', v: 3 },
        { ck1: 1, ck2: 'y', v: 2 },
        { ck1: 2, ck2: 'x', v: 1 },
      ],
    },
    {
      name: 'CLUSTERING ORDER BY (c DESC) stores a partition’s rows in descending order and shows clustering_order desc',
      statements: [
        'CREATE TABLE t (k int, c int, v int, PRIMARY KEY (k, c)) WITH CLUSTERING ORDER BY (c DESC)',
        'INSERT INTO t (k, c, v) VALUES (1, 1, 10)',
        'INSERT INTO t (k, c, v) VALUES (1, 3, 30)',
        'INSERT INTO t (k, c, v) VALUES (1, 2, 20)',
      ],
      query: 'SELECT c FROM t WHERE k = 1',
      rows: [{ c: 3 }, { c: 2 }, { c: 1 }],
      check: `SELECT column_name, clustering_order FROM system_schema.columns WHERE keyspace_name = 'ks' AND table_name = 't'`,
      after: [
        { column_name: 'c', clustering_order: 'desc' },
        { column_name: 'k', clustering_order: 'none' },
        { column_name: 'v', clustering_order: 'none' },
      ],
    },
    {
      name: 'CLUSTERING ORDER BY with mixed directions orders by the first clustering column, then the second',
      statements: [
        'CREATE TABLE t (k int, a int, b int, PRIMARY KEY (k, a, b)) WITH CLUSTERING ORDER BY (a ASC, b DESC)',
        'INSERT INTO t (k, a, b) VALUES (1, 1, 1)',
        'INSERT INTO t (k, a, b) VALUES (1, 1, 2)',
        'INSERT INTO t (k, a, b) VALUES (1, 0, 5)',
      ],
      query: 'SELECT a, b FROM t WHERE k = 1',
      rows: [{ a: 0, b: 5 }, { a: 1, b: 2 }, { a: 1, b: 1 }],
    },
    {
      name: 'CREATE TABLE of an existing table fails with ResourceInUseException (0x2400)',
      statements: ['CREATE TABLE t (k int PRIMARY KEY)'],
      query: 'CREATE TABLE t (k int PRIMARY KEY, v int)',
      error: { name: 'ResourceInUseException', code: ALREADY_EXISTS },
    },
    {
      name: 'CREATE TABLE IF NOT EXISTS of an existing table does nothing (the first definition stays)',
      statements: ['CREATE TABLE t (k int PRIMARY KEY)', 'CREATE TABLE IF NOT EXISTS t (k int PRIMARY KEY, v int)'],
      query: `SELECT column_name FROM system_schema.columns WHERE keyspace_name = 'ks' AND table_name = 't'`,
      rows: [{ column_name: 'k' }],
    },
    {
      name: 'default_time_to_live and comment are kept in system_schema.tables',
      statements: [`CREATE TABLE t (k int PRIMARY KEY) WITH default_time_to_live = 3600 AND comment = 'orders by day'`],
      query: `SELECT default_time_to_live, comment FROM system_schema.tables WHERE keyspace_name = 'ks' AND table_name = 't'`,
      rows: [{ default_time_to_live: 3600, comment: 'orders by day' }],
    },
    {
      name: 'default_time_to_live and comment are kept in system_schema_mcs.tables',
      statements: [`CREATE TABLE t (k int PRIMARY KEY) WITH default_time_to_live = 60 AND comment = 'c'`],
      query: `SELECT default_time_to_live, comment, status FROM system_schema_mcs.tables WHERE keyspace_name = 'ks' AND table_name = 't'`,
      rows: [{ default_time_to_live: 60, comment: 'c', status: 'ACTIVE' }],
    },
    {
      name: 'Cassandra tuning options (gc_grace_seconds, compaction, caching) are accepted and ignored',
      statements: [],
      query: `CREATE TABLE t (k int PRIMARY KEY) WITH gc_grace_seconds = 10 AND compaction = {'class': 'LeveledCompactionStrategy'} AND caching = {'keys': 'ALL'}`,
      check: TABLES_OF_KS,
      after: [{ table_name: 't' }],
    },
    {
      name: 'an unknown table option is invalid (0x2200) and creates nothing',
      statements: [],
      query: 'CREATE TABLE t (k int PRIMARY KEY) WITH no_such_option = 1',
      error: { name: 'ValidationException', code: INVALID, message: /no_such_option/ },
      check: TABLES_OF_KS,
      after: [],
    },
    {
      name: 'an unknown custom property is invalid (0x2200) and creates nothing',
      statements: [],
      query: `CREATE TABLE t (k int PRIMARY KEY) WITH custom_properties = {'no_such_property': {'status': 'enabled'}}`,
      error: { name: 'ValidationException', code: INVALID, message: /no_such_property/ },
      check: TABLES_OF_KS,
      after: [],
    },
    {
      name: 'a static column holds one value per partition, shared by its rows',
      statements: [
        'CREATE TABLE t (k int, c int, s text STATIC, v int, PRIMARY KEY (k, c))',
        "INSERT INTO t (k, c, s, v) VALUES (1, 1, 'first', 1)",
        "INSERT INTO t (k, c, s, v) VALUES (1, 2, 'second', 2)",
        "INSERT INTO t (k, c, s, v) VALUES (2, 1, 'other', 3)",
      ],
      query: 'SELECT c, s, v FROM t WHERE k = 1',
      rows: [
        { c: 1, s: 'second', v: 1 },
        { c: 2, s: 'second', v: 2 },
      ],
      check: `SELECT column_name, kind FROM system_schema.columns WHERE keyspace_name = 'ks' AND table_name = 't'`,
      after: [
        { column_name: 'c', kind: 'clustering' },
        { column_name: 'k', kind: 'partition_key' },
        { column_name: 's', kind: 'static' },
        { column_name: 'v', kind: 'regular' },
      ],
    },
  ];
  it.each(cases)('$name', async (t) => {
    await runCqlCase(await openCql(), t);
  });

  it('CREATE TABLE answers a schema change CREATED TABLE; IF NOT EXISTS on an existing one answers void', async () => {
    const c = await openCql();
    expect((await c.run('CREATE TABLE t (k int PRIMARY KEY)')).schemaChange).toEqual({ change: 'CREATED', target: 'TABLE', keyspace: 'ks', table: 't' });
    expect((await c.run('CREATE TABLE IF NOT EXISTS t (k int PRIMARY KEY)')).kind).toBe('void');
  });

  const badDefinitions: { name: string; query: string; message: RegExp }[] = [
    { name: 'a PRIMARY KEY naming an unknown column', query: 'CREATE TABLE t (k int, v int, PRIMARY KEY (k, nope))', message: /nope/ },
    { name: 'a partition key naming an unknown column', query: 'CREATE TABLE t (k int, v int, PRIMARY KEY ((k, nope)))', message: /nope/ },
    { name: 'a counter column mixed with non-counter regular columns', query: 'CREATE TABLE t (k int PRIMARY KEY, n counter, v int)', message: /counter/ },
    { name: 'a counter column in the primary key', query: 'CREATE TABLE t (k counter PRIMARY KEY, v int)', message: /counter/i },
    { name: 'a static column in a table without clustering columns', query: 'CREATE TABLE t (k int PRIMARY KEY, s int STATIC)', message: /[Ss]tatic/ },
    { name: 'a static column that is part of the primary key', query: 'CREATE TABLE t (k int, c int STATIC, PRIMARY KEY (k, c))', message: /[Ss]tatic/ },
    { name: 'a non-frozen collection in the partition key', query: 'CREATE TABLE t (k list<int>, v int, PRIMARY KEY (k))', message: /frozen/ },
    { name: 'a non-frozen collection as a clustering column', query: 'CREATE TABLE t (k int, c set<int>, PRIMARY KEY (k, c))', message: /frozen/ },
    { name: 'a column defined twice', query: 'CREATE TABLE t (k int PRIMARY KEY, v int, v text)', message: /v/ },
    { name: 'CLUSTERING ORDER BY on a non-clustering column', query: 'CREATE TABLE t (k int, c int, v int, PRIMARY KEY (k, c)) WITH CLUSTERING ORDER BY (v DESC)', message: /CLUSTERING ORDER/ },
    { name: 'CLUSTERING ORDER BY in another order than the clustering key', query: 'CREATE TABLE t (k int, a int, b int, PRIMARY KEY (k, a, b)) WITH CLUSTERING ORDER BY (b DESC, a ASC)', message: /CLUSTERING ORDER/ },
    { name: 'an encryption_type that does not exist', query: `CREATE TABLE t (k int PRIMARY KEY) WITH custom_properties = {'encryption_specification': {'encryption_type': 'ROT13'}}`, message: /encryption_type/ },
    { name: 'a point_in_time_recovery status other than enabled/disabled', query: `CREATE TABLE t (k int PRIMARY KEY) WITH custom_properties = {'point_in_time_recovery': {'status': 'maybe'}}`, message: /point_in_time_recovery/ },
  ];
  it.each(badDefinitions)('a definition with $name is invalid (0x2200) and creates nothing', async ({ query, message }) => {
    const c = await openCql();
    await expectCqlError(c.run(query), 'ValidationException', INVALID, message);
    expect(await c.rows(TABLES_OF_KS)).toEqual([]);
  });
});

describe('CREATE TABLE: encryption and point-in-time recovery in custom_properties', () => {
  it('without an encryption_specification a table uses the AWS owned key: custom_properties says AWS_OWNED_KMS_KEY, and so does its key hierarchy', async () => {
    const c = await openCql();
    await c.run('CREATE TABLE t (k int PRIMARY KEY)');
    expect((await customProperties(c, 't')).get('encryption_specification')).toEqual(new Map([['encryption_type', 'AWS_OWNED_KMS_KEY']]));
    expect((await c.f.store.keyHierarchy(KS, 't')).encryptionType).toBe('AWS_OWNED_KMS_KEY');
  });

  it('encryption_specification AWS_OWNED_KMS_KEY shows in system_schema_mcs.tables custom_properties and the key hierarchy names an AWS owned key ARN', async () => {
    const c = await openCql();
    await c.run(`CREATE TABLE t (k int PRIMARY KEY) WITH custom_properties = {'encryption_specification': {'encryption_type': 'AWS_OWNED_KMS_KEY'}}`);
    expect((await customProperties(c, 't')).get('encryption_specification')).toEqual(new Map([['encryption_type', 'AWS_OWNED_KMS_KEY']]));
    const h = await c.f.store.keyHierarchy(KS, 't');
    expect(h.encryptionType).toBe('AWS_OWNED_KMS_KEY');
    expect(h.kmsKeyArn).toMatch(/^arn:aws:kms:[^:]+:\d+:key\//);
  });

  it('encryption_specification CUSTOMER_MANAGED_KMS_KEY shows the key ARN in custom_properties, and the table’s key hierarchy is under that key', async () => {
    const c = await openCql();
    const { KeyMetadata } = await c.f.kms.createKey({ Description: 'orders' });
    const arn = KeyMetadata!.Arn!;
    await c.run(`CREATE TABLE t (k int PRIMARY KEY, v text) WITH custom_properties = {'encryption_specification': {'encryption_type': 'CUSTOMER_MANAGED_KMS_KEY', 'kms_key_identifier': '${arn}'}}`);
    expect((await customProperties(c, 't')).get('encryption_specification')).toEqual(
      new Map([
        ['encryption_type', 'CUSTOMER_MANAGED_KMS_KEY'],
        ['kms_key_identifier', arn],
      ]),
    );
    const h = await c.f.store.keyHierarchy(KS, 't');
    expect(h.encryptionType).toBe('CUSTOMER_MANAGED_KMS_KEY');
    expect(h.kmsKeyArn).toBe(arn);
    await c.run("INSERT INTO t (k, v) VALUES (1, 'secret')");
    expect(await c.rows('SELECT * FROM t')).toEqual([{ k: 1, v: 'secret' }]);
  });

  it('CUSTOMER_MANAGED_KMS_KEY without a kms_key_identifier is invalid (0x2200) and creates nothing', async () => {
    const c = await openCql();
    await expectCqlError(
      c.run(`CREATE TABLE t (k int PRIMARY KEY) WITH custom_properties = {'encryption_specification': {'encryption_type': 'CUSTOMER_MANAGED_KMS_KEY'}}`),
      'ValidationException',
      INVALID,
    );
    expect(await c.rows(TABLES_OF_KS)).toEqual([]);
  });

  it('CREATE TABLE under a disabled customer managed key fails with DisabledException and creates nothing', async () => {
    const c = await openCql();
    const { KeyMetadata } = await c.f.kms.createKey({ Description: 'off' });
    const arn = KeyMetadata!.Arn!;
    await c.f.kms.disableKey({ KeyId: arn });
    await expectCqlError(
      c.run(`CREATE TABLE t (k int PRIMARY KEY) WITH custom_properties = {'encryption_specification': {'encryption_type': 'CUSTOMER_MANAGED_KMS_KEY', 'kms_key_identifier': '${arn}'}}`),
      'DisabledException',
      INVALID,
    );
    expect(await c.rows(TABLES_OF_KS)).toEqual([]);
    expect(await c.rows(`SELECT table_name FROM system_schema_mcs.tables WHERE keyspace_name = 'ks'`)).toEqual([]);
    await expectCqlError(c.run('SELECT * FROM t'), 'ResourceNotFoundException', INVALID, 'unconfigured table t');
    // The name is free: the same CREATE works once the key is enabled again.
    await c.f.kms.enableKey({ KeyId: arn });
    await c.run(`CREATE TABLE t (k int PRIMARY KEY) WITH custom_properties = {'encryption_specification': {'encryption_type': 'CUSTOMER_MANAGED_KMS_KEY', 'kms_key_identifier': '${arn}'}}`);
    expect(await c.rows(TABLES_OF_KS)).toEqual([{ table_name: 't' }]);
  });

  it("point_in_time_recovery {'status': 'enabled'} is kept in system_schema_mcs.tables custom_properties", async () => {
    const c = await openCql();
    await c.run(`CREATE TABLE t (k int PRIMARY KEY) WITH custom_properties = {'point_in_time_recovery': {'status': 'enabled'}}`);
    expect((await customProperties(c, 't')).get('point_in_time_recovery')?.get('status')).toBe('enabled');
    await c.run(`CREATE TABLE u (k int PRIMARY KEY)`);
    expect((await customProperties(c, 'u')).get('point_in_time_recovery')?.get('status')).toBe('disabled');
  });

  it('the full Keyspaces option set in one CREATE (custom properties, clustering order, tags, default TTL) is accepted and kept', async () => {
    const c = await openCql();
    const { KeyMetadata } = await c.f.kms.createKey({});
    await c.run(`CREATE TABLE IF NOT EXISTS t (id text, division text, pay int, PRIMARY KEY (id, division))
      WITH CUSTOM_PROPERTIES = {
        'capacity_mode': {'throughput_mode': 'PROVISIONED', 'read_capacity_units': 10, 'write_capacity_units': 20},
        'point_in_time_recovery': {'status': 'enabled'},
        'encryption_specification': {'encryption_type': 'CUSTOMER_MANAGED_KMS_KEY', 'kms_key_identifier': '${KeyMetadata!.Arn!}'} }
      AND CLUSTERING ORDER BY (division ASC) AND TAGS = {'key1': 'val1'} AND default_time_to_live = 3024000`);
    const props = await customProperties(c, 't');
    expect(props.get('capacity_mode')?.get('throughput_mode')).toBe('PROVISIONED');
    expect(props.get('point_in_time_recovery')?.get('status')).toBe('enabled');
    expect(props.get('encryption_specification')?.get('kms_key_identifier')).toBe(KeyMetadata!.Arn);
    expect(await c.rows(`SELECT default_time_to_live FROM system_schema.tables WHERE keyspace_name = 'ks' AND table_name = 't'`)).toEqual([{ default_time_to_live: 3024000 }]);
  });
});

describe('CREATE TABLE: every CQL type is written from literals and read back as its JS value', () => {
  const TYPES = `CREATE TABLE t (k int PRIMARY KEY, a ascii, bi bigint, bl blob, bo boolean, d date, de decimal, db double, fl float, ine inet,
    i int, si smallint, tx text, ti time, ts timestamp, tu timeuuid, tiny tinyint, u uuid, vc varchar, vi varint)`;
  const scalars: { type: string; column: string; literal: string; value: unknown }[] = [
    { type: 'ascii', column: 'a', literal: `'plain'`, value: 'plain' },
    { type: 'bigint', column: 'bi', literal: '9007199254740993', value: 9007199254740993n },
    { type: 'bigint (negative)', column: 'bi', literal: '-9223372036854775808', value: -9223372036854775808n },
    { type: 'blob', column: 'bl', literal: '0xcafe00', value: new Uint8Array([0xca, 0xfe, 0x00]) },
    { type: 'boolean', column: 'bo', literal: 'true', value: true },
    { type: 'date', column: 'd', literal: `'2026-01-02'`, value: '2026-01-02' },
    { type: 'decimal', column: 'de', literal: '12.345', value: '12.345' },
    { type: 'double', column: 'db', literal: '1.5', value: 1.5 },
    { type: 'float', column: 'fl', literal: '2.5', value: 2.5 },
    { type: 'inet (IPv4)', column: 'ine', literal: `'192.168.0.1'`, value: '192.168.0.1' },
    { type: 'inet (IPv6)', column: 'ine', literal: `'2001:db8::1'`, value: '2001:db8::1' },
    { type: 'int', column: 'i', literal: '-7', value: -7 },
    { type: 'smallint', column: 'si', literal: '-300', value: -300 },
    { type: 'text', column: 'tx', literal: `'héllo ''quoted'''`, value: "héllo 'quoted'" },
    { type: 'time', column: 'ti', literal: `'08:12:54.123456789'`, value: 29574123456789n },
    { type: 'timestamp (ISO text)', column: 'ts', literal: `'2026-01-02T03:04:05.678Z'`, value: new Date('2026-01-02T03:04:05.678Z') },
    { type: 'timestamp (milliseconds)', column: 'ts', literal: '1767225600000', value: new Date('2026-01-01T00:00:00.000Z') },
    { type: 'timeuuid', column: 'tu', literal: '50554D6E-29BB-11E5-B345-FEFF819CDC9F', value: '50554d6e-29bb-11e5-b345-feff819cdc9f' },
    { type: 'tinyint', column: 'tiny', literal: '-128', value: -128 },
    { type: 'uuid', column: 'u', literal: '123e4567-e89b-12d3-a456-426614174000', value: '123e4567-e89b-12d3-a456-426614174000' },
    { type: 'varchar', column: 'vc', literal: `'v'`, value: 'v' },
    { type: 'varint', column: 'vi', literal: '-123456789012345678901234567890', value: -123456789012345678901234567890n },
  ];
  it.each(scalars)('$type: $literal reads back as the mapped JS value', async ({ column, literal, value }) => {
    const c = await openCql();
    await c.run(TYPES);
    await c.run(`INSERT INTO t (k, ${column}) VALUES (1, ${literal})`);
    expect(await c.rows(`SELECT ${column} FROM t WHERE k = 1`)).toEqual([{ [column]: value }]);
  });

  it('counter: a counter column reads as bigint after increments', async () => {
    const c = await openCql();
    await c.run('CREATE TABLE t (k int PRIMARY KEY, n counter)');
    await c.run('UPDATE t SET n = n + 5 WHERE k = 1');
    expect(await c.rows('SELECT n FROM t WHERE k = 1')).toEqual([{ n: 5n }]);
  });

  const collections: { type: string; literal: string; value: unknown }[] = [
    { type: 'list<int>', literal: '[3, 1, 3]', value: [3, 1, 3] },
    { type: 'set<text>', literal: `{'b', 'a', 'b'}`, value: ['a', 'b'] },
    { type: 'map<text, int>', literal: `{'b': 2, 'a': 1}`, value: new Map([['a', 1], ['b', 2]]) },
    { type: 'frozen<list<int>>', literal: '[2, 1]', value: [2, 1] },
    { type: 'frozen<set<int>>', literal: '{3, 1, 2}', value: [1, 2, 3] },
    { type: 'frozen<map<int, text>>', literal: `{2: 'b', 1: 'a'}`, value: new Map([[1, 'a'], [2, 'b']]) },
    { type: 'list<frozen<set<int>>>', literal: '[{2, 1}, {}]', value: [[1, 2], []] },
    { type: 'map<text, frozen<list<int>>>', literal: `{'x': [1, 2]}`, value: new Map([['x', [1, 2]]]) },
    { type: 'set<timestamp>', literal: `{'2026-01-02T00:00:00Z', '2026-01-01T00:00:00Z'}`, value: [new Date('2026-01-01T00:00:00Z'), new Date('2026-01-02T00:00:00Z')] },
    { type: 'list<int> (empty literal: null)', literal: '[]', value: null },
    { type: 'frozen<list<int>> (empty literal: an empty list)', literal: '[]', value: [] },
  ];
  it.each(collections)('$type: $literal reads back as $value', async ({ type, literal, value }) => {
    const c = await openCql();
    const t = type.replace(/ \(.*\)$/, '');
    await c.run(`CREATE TABLE t (k int PRIMARY KEY, v ${t})`);
    await c.run(`INSERT INTO t (k, v) VALUES (1, ${literal})`);
    expect(await c.rows('SELECT v FROM t WHERE k = 1')).toEqual([{ v: value }]);
  });

  it('a frozen collection can be a partition key and a clustering column', async () => {
    const c = await openCql();
    await c.run('CREATE TABLE t (k frozen<list<int>>, c frozen<set<text>>, v int, PRIMARY KEY (k, c))');
    await c.run(`INSERT INTO t (k, c, v) VALUES ([1, 2], {'b'}, 2)`);
    await c.run(`INSERT INTO t (k, c, v) VALUES ([1, 2], {'a'}, 1)`);
    expect(await c.rows('SELECT c, v FROM t WHERE k = [1, 2]')).toEqual([
      { c: ['a'], v: 1 },
      { c: ['b'], v: 2 },
    ]);
  });

  it('every scalar column of one row reads back at once, also after a flush and a reopen', async () => {
    const c = await openCql();
    await c.run(TYPES);
    const byColumn = new Map<string, { literal: string; value: unknown }>();
    for (const s of scalars) if (!byColumn.has(s.column)) byColumn.set(s.column, s);
    const cols = [...byColumn.keys()];
    await c.run(`INSERT INTO t (k, ${cols.join(', ')}) VALUES (1, ${cols.map((k) => byColumn.get(k)!.literal).join(', ')})`);
    const expected: Row = { k: 1 };
    for (const k of cols) expected[k] = byColumn.get(k)!.value as Row[string];
    expect(await c.rows('SELECT * FROM t')).toEqual([expected]);
    await c.f.store.flush(KS, 't');
    expect(await c.rows('SELECT * FROM t')).toEqual([expected]);
    await c.f.reopen();
    expect(await c.rows('SELECT * FROM t')).toEqual([expected]);
  });
});

describe('ALTER TABLE', () => {
  it('ALTER TABLE ADD: rows written before read null in the new column; new writes fill it (also after a flush)', async () => {
    const c = await openCql();
    await c.run('CREATE TABLE t (k int PRIMARY KEY, v text)');
    await c.run("INSERT INTO t (k, v) VALUES (1, 'old')");
    await c.f.store.flush(KS, 't');
    const result = await c.run('ALTER TABLE t ADD extra int');
    expect(result.schemaChange).toEqual({ change: 'UPDATED', target: 'TABLE', keyspace: 'ks', table: 't' });
    await c.run("INSERT INTO t (k, v, extra) VALUES (2, 'new', 42)");
    expect(await c.rows('SELECT * FROM t WHERE k = 1')).toEqual([{ k: 1, extra: null, v: 'old' }]);
    expect(await c.rows('SELECT * FROM t WHERE k = 2')).toEqual([{ k: 2, extra: 42, v: 'new' }]);
    await c.run('UPDATE t SET extra = 7 WHERE k = 1');
    await c.f.reopen();
    expect(await c.rows('SELECT k, extra FROM t WHERE k = 1')).toEqual([{ k: 1, extra: 7 }]);
  });

  it('ALTER TABLE ADD (a int, b text) adds several columns at once', async () => {
    const c = await openCql();
    await c.run('CREATE TABLE t (k int PRIMARY KEY)');
    await c.run('ALTER TABLE t ADD (a int, b text)');
    await c.run("INSERT INTO t (k, a, b) VALUES (1, 2, 'x')");
    expect(await c.rows('SELECT * FROM t')).toEqual([{ k: 1, a: 2, b: 'x' }]);
  });

  it('ALTER TABLE ADD of a static column works on a table with clustering columns', async () => {
    const c = await openCql();
    await c.run('CREATE TABLE t (k int, c int, PRIMARY KEY (k, c))');
    await c.run('ALTER TABLE t ADD s text STATIC');
    await c.run("INSERT INTO t (k, c, s) VALUES (1, 1, 'x')");
    await c.run('INSERT INTO t (k, c) VALUES (1, 2)');
    expect(await c.rows('SELECT c, s FROM t WHERE k = 1')).toEqual([
      { c: 1, s: 'x' },
      { c: 2, s: 'x' },
    ]);
  });

  it('ALTER TABLE ADD of an existing column name is invalid (0x2200) and changes nothing', async () => {
    const c = await openCql();
    await c.run('CREATE TABLE t (k int PRIMARY KEY, v text)');
    await expectCqlError(c.run('ALTER TABLE t ADD v int'), 'ValidationException', INVALID);
    expect(await c.rows(`SELECT column_name, type FROM system_schema.columns WHERE keyspace_name = 'ks' AND table_name = 't'`)).toEqual([
      { column_name: 'k', type: 'int' },
      { column_name: 'v', type: 'text' },
    ]);
  });

  it('ALTER TABLE of an unknown table fails with ResourceNotFoundException (0x2200)', async () => {
    const c = await openCql();
    await expectCqlError(c.run('ALTER TABLE nope ADD v int'), 'ResourceNotFoundException', INVALID);
  });

  it('ALTER TABLE WITH default_time_to_live changes it in system_schema.tables and applies to later writes', async () => {
    const c = await openCql();
    await c.run('CREATE TABLE t (k int PRIMARY KEY, v text)');
    await c.run("INSERT INTO t (k, v) VALUES (1, 'before')");
    await c.run('ALTER TABLE t WITH default_time_to_live = 10');
    await c.run("INSERT INTO t (k, v) VALUES (2, 'after')");
    expect(await c.rows(`SELECT default_time_to_live FROM system_schema.tables WHERE keyspace_name = 'ks' AND table_name = 't'`)).toEqual([{ default_time_to_live: 10 }]);
    expect(await c.rows('SELECT k, TTL(v) FROM t WHERE k = 2')).toEqual([{ k: 2, 'ttl(v)': 10 }]);
    await c.f.clock.advance(11 * SECOND);
    expect(await c.rows('SELECT k FROM t')).toEqual([{ k: 1 }]);
  });

  it('ALTER TABLE WITH comment changes the comment in system_schema.tables', async () => {
    const c = await openCql();
    await c.run(`CREATE TABLE t (k int PRIMARY KEY) WITH comment = 'one'`);
    await c.run(`ALTER TABLE t WITH comment = 'two'`);
    expect(await c.rows(`SELECT comment FROM system_schema.tables WHERE keyspace_name = 'ks' AND table_name = 't'`)).toEqual([{ comment: 'two' }]);
  });

  it("ALTER TABLE WITH custom_properties point_in_time_recovery {'status': 'enabled'} turns PITR on in system_schema_mcs.tables", async () => {
    const c = await openCql();
    await c.run('CREATE TABLE t (k int PRIMARY KEY)');
    await c.run(`ALTER TABLE t WITH custom_properties = {'point_in_time_recovery': {'status': 'enabled'}}`);
    expect((await customProperties(c, 't')).get('point_in_time_recovery')?.get('status')).toBe('enabled');
  });

  it('ALTER TABLE changing two custom properties in one statement is invalid (0x2200)', async () => {
    const c = await openCql();
    await c.run('CREATE TABLE t (k int PRIMARY KEY)');
    await expectCqlError(
      c.run(`ALTER TABLE t WITH custom_properties = {'point_in_time_recovery': {'status': 'enabled'}, 'ttl': {'status': 'enabled'}}`),
      'ValidationException',
      INVALID,
      /one custom property/,
    );
    expect((await customProperties(c, 't')).get('point_in_time_recovery')?.get('status')).toBe('disabled');
  });

  it('ALTER TABLE WITH encryption_specification changes the table key to the named customer-managed key, and the rows stay', async () => {
    const c = await openCql();
    const { KeyMetadata } = await c.f.kms.createKey({});
    await c.run('CREATE TABLE t (k int PRIMARY KEY, v text)');
    await c.run("INSERT INTO t (k, v) VALUES (1, 'a')");
    await c.run(`ALTER TABLE t WITH custom_properties = {'encryption_specification': {'encryption_type': 'CUSTOMER_MANAGED_KMS_KEY', 'kms_key_identifier': '${KeyMetadata!.Arn!}'}}`);
    const after = await c.f.store.keyHierarchy(KS, 't');
    expect(after.encryptionType).toBe('CUSTOMER_MANAGED_KMS_KEY');
    expect(after.kmsKeyArn).toBe(KeyMetadata!.Arn);
    expect((await customProperties(c, 't')).get('encryption_specification')?.get('kms_key_identifier')).toBe(KeyMetadata!.Arn);
    expect(await c.rows('SELECT * FROM t')).toEqual([{ k: 1, v: 'a' }]);
  });

  it('ALTER TABLE WITH encryption_specification and another custom property in one statement is refused (one custom property per ALTER) and the key stays', async () => {
    const c = await openCql();
    const { KeyMetadata } = await c.f.kms.createKey({});
    await c.run('CREATE TABLE t (k int PRIMARY KEY, v text)');
    const before = await c.f.store.keyHierarchy(KS, 't');
    await expectCqlError(
      c.run(`ALTER TABLE t WITH custom_properties = {'encryption_specification': {'encryption_type': 'CUSTOMER_MANAGED_KMS_KEY', 'kms_key_identifier': '${KeyMetadata!.Arn!}'}, 'point_in_time_recovery': {'status': 'enabled'}}`),
      'ValidationException',
      INVALID,
      /only one custom property/,
    );
    expect((await c.f.store.keyHierarchy(KS, 't')).tableKeys).toEqual(before.tableKeys);
  });
});

describe('DROP TABLE / RESTORE TABLE', () => {
  const cases: CqlCase[] = [
    {
      name: "DROP TABLE removes the table: reading it fails with 'unconfigured table' (0x2200)",
      statements: ['CREATE TABLE t (k int PRIMARY KEY)', 'INSERT INTO t (k) VALUES (1)', 'DROP TABLE t'],
      query: 'SELECT * FROM t',
      error: { name: 'ResourceNotFoundException', code: INVALID, message: 'unconfigured table t' },
      check: TABLES_OF_KS,
      after: [],
    },
    {
      name: 'a table made again after DROP TABLE is empty',
      statements: ['CREATE TABLE t (k int PRIMARY KEY)', 'INSERT INTO t (k) VALUES (1)', 'DROP TABLE t', 'CREATE TABLE t (k int PRIMARY KEY)'],
      query: 'SELECT * FROM t',
      rows: [],
    },
    {
      name: 'DROP TABLE leaves the other tables of the keyspace',
      statements: ['CREATE TABLE t (k int PRIMARY KEY)', 'CREATE TABLE u (k int PRIMARY KEY)', 'INSERT INTO u (k) VALUES (1)', 'DROP TABLE t'],
      query: 'SELECT * FROM u',
      rows: [{ k: 1 }],
    },
    {
      name: "DROP TABLE of an unknown table fails with ResourceNotFoundException 'unconfigured table' (0x2200)",
      statements: [],
      query: 'DROP TABLE nope',
      error: { name: 'ResourceNotFoundException', code: INVALID, message: 'unconfigured table nope' },
    },
    {
      name: 'DROP TABLE IF EXISTS of an unknown table does nothing',
      statements: ['CREATE TABLE t (k int PRIMARY KEY)'],
      query: 'DROP TABLE IF EXISTS nope',
      rows: [],
      check: TABLES_OF_KS,
      after: [{ table_name: 't' }],
    },
    {
      name: 'DROP TABLE IF EXISTS of an existing table drops it',
      statements: ['CREATE TABLE t (k int PRIMARY KEY)'],
      query: 'DROP TABLE IF EXISTS t',
      check: TABLES_OF_KS,
      after: [],
    },
    {
      name: 'RESTORE TABLE … WITH restore_timestamp (point-in-time restore, not built) fails with a clear ValidationException and creates no table',
      statements: [`CREATE TABLE t (k int PRIMARY KEY) WITH custom_properties = {'point_in_time_recovery': {'status': 'enabled'}}`],
      query: "RESTORE TABLE t_restored FROM TABLE t WITH restore_timestamp = '2026-01-01T00:00:00Z'",
      error: { name: 'ValidationException', code: INVALID, message: /restore_timestamp \(point-in-time recovery\) is not supported/ },
      check: TABLES_OF_KS,
      after: [{ table_name: 't' }],
    },
    {
      name: 'RESTORE TABLE from a table that never existed fails with ResourceNotFoundException (0x2200) and creates no table',
      statements: ['CREATE TABLE t (k int PRIMARY KEY)'],
      query: 'RESTORE TABLE t_restored FROM TABLE nope',
      error: { name: 'ResourceNotFoundException', code: INVALID, message: /nope does not exist and has no backup/ },
      check: TABLES_OF_KS,
      after: [{ table_name: 't' }],
    },
    {
      name: 'RESTORE TABLE of a live table copies it as it is now into a new table',
      statements: ['CREATE TABLE t (k int PRIMARY KEY, v text)', "INSERT INTO t (k, v) VALUES (1, 'a')", 'RESTORE TABLE t_restored FROM TABLE t', "INSERT INTO t (k, v) VALUES (2, 'b')"],
      query: 'SELECT * FROM t_restored',
      rows: [{ k: 1, v: 'a' }],
    },
  ];
  it.each(cases)('$name', async (t) => {
    await runCqlCase(await openCql(), t);
  });

  it('DROP TABLE answers a schema change DROPPED TABLE; IF EXISTS of a missing table answers void', async () => {
    const c = await openCql();
    await c.run('CREATE TABLE t (k int PRIMARY KEY)');
    expect((await c.run('DROP TABLE t')).schemaChange).toEqual({ change: 'DROPPED', target: 'TABLE', keyspace: 'ks', table: 't' });
    expect((await c.run('DROP TABLE IF EXISTS t')).kind).toBe('void');
  });

  it('a dropped table stays dropped after a reopen', async () => {
    const c = await openCql();
    await c.run('CREATE TABLE t (k int PRIMARY KEY)');
    await c.run('INSERT INTO t (k) VALUES (1)');
    await c.f.store.flush(KS, 't');
    await c.run('DROP TABLE t');
    await c.f.reopen();
    await expectCqlError(c.run('SELECT * FROM t'), 'ResourceNotFoundException', INVALID, 'unconfigured table t');
  });
});
