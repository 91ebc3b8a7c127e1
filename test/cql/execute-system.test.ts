/**
 * @module test/cql/execute-system
 * The virtual system tables read through `store.execute` (reference/cql.md §1.2, §2.5): what
 * system_schema.keyspaces / tables / columns say about tables created with CQL, the Keyspaces
 * `system_schema_mcs.tables` status and custom_properties (AWS-owned vs customer-managed key),
 * system.local and system.peers as drivers read them, DDL on system keyspaces refused, the
 * schema_version changing with DDL, and a dropped table leaving every system table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row, Store } from '../../src/index.js';
import { cleanUpAfterEach, openStore, type Fixture } from '../table/_store-helpers.js';
import { failure } from './_cql-helpers.js';

// ---------------------------------------------------------------- local helpers

interface RowsCase {
  name: string;
  query: string;
  params?: unknown[];
  rows: Row[];
  /** Compare as a set (system tables order rows by key; a driver does not rely on it). */
  unordered?: boolean;
}

const INVALID = 0x2200;


const byText = (r: Row): string => JSON.stringify(r, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Map ? [...v] : v));
const sorted = (rows: readonly Row[]): Row[] => [...rows].sort((a, b) => (byText(a) < byText(b) ? -1 : byText(a) > byText(b) ? 1 : 0));

async function schemaVersion(store: Store): Promise<string> {
  const { rows } = await store.execute("SELECT schema_version FROM system.local WHERE key = 'local'");
  expect(rows).toHaveLength(1);
  return rows[0]!['schema_version'] as string;
}

// ---------------------------------------------------------------- fixture

const ORDERS_DDL = `CREATE TABLE shop.orders (customer text, region text, placed_at timestamp, line int, note text static,
  total double, tags set<text>, items map<text, int>, PRIMARY KEY ((customer, region), placed_at, line))
  WITH CLUSTERING ORDER BY (placed_at DESC, line ASC)`;

describe('system tables after CQL DDL', () => {
  let f: Fixture | undefined;
  let arn = '';
  const store = (): Store => f!.store;
  beforeAll(async () => {
    f = await openStore({ keyspace: false });
    const { KeyMetadata } = await f.kms.createKey({ Description: 'vault' });
    arn = KeyMetadata!.Arn!;
    await store().execute("CREATE KEYSPACE shop WITH replication = {'class': 'SingleRegionStrategy'}");
    await store().execute(ORDERS_DDL);
    await store().execute(
      `CREATE TABLE shop.vault (id int PRIMARY KEY, secret blob) WITH custom_properties = {'encryption_specification': {'encryption_type': 'CUSTOMER_MANAGED_KMS_KEY', 'kms_key_identifier': '${arn}'}}`,
    );
  });
  afterAll(async () => {
    await f?.dispose();
  });

  const cases: (() => RowsCase)[] = [
    () => ({
      name: 'system_schema.keyspaces has a row for a created keyspace with its replication map',
      query: "SELECT * FROM system_schema.keyspaces WHERE keyspace_name = 'shop'",
      rows: [{ keyspace_name: 'shop', durable_writes: true, replication: new Map([['class', 'SingleRegionStrategy']]) }],
    }),
    () => ({
      name: 'system_schema.tables has a row per created table of the keyspace',
      query: "SELECT keyspace_name, table_name FROM system_schema.tables WHERE keyspace_name = 'shop'",
      rows: [
        { keyspace_name: 'shop', table_name: 'orders' },
        { keyspace_name: 'shop', table_name: 'vault' },
      ],
      unordered: true,
    }),
    () => ({
      name: 'system_schema.columns gives each column its kind, position, clustering_order and CQL type',
      query: "SELECT table_name, column_name, kind, position, clustering_order, type FROM system_schema.columns WHERE keyspace_name = 'shop'",
      rows: [
        { table_name: 'orders', column_name: 'customer', kind: 'partition_key', position: 0, clustering_order: 'none', type: 'text' },
        { table_name: 'orders', column_name: 'region', kind: 'partition_key', position: 1, clustering_order: 'none', type: 'text' },
        { table_name: 'orders', column_name: 'placed_at', kind: 'clustering', position: 0, clustering_order: 'desc', type: 'timestamp' },
        { table_name: 'orders', column_name: 'line', kind: 'clustering', position: 1, clustering_order: 'asc', type: 'int' },
        { table_name: 'orders', column_name: 'note', kind: 'static', position: -1, clustering_order: 'none', type: 'text' },
        { table_name: 'orders', column_name: 'total', kind: 'regular', position: -1, clustering_order: 'none', type: 'double' },
        { table_name: 'orders', column_name: 'tags', kind: 'regular', position: -1, clustering_order: 'none', type: 'set<text>' },
        { table_name: 'orders', column_name: 'items', kind: 'regular', position: -1, clustering_order: 'none', type: 'map<text, int>' },
        { table_name: 'vault', column_name: 'id', kind: 'partition_key', position: 0, clustering_order: 'none', type: 'int' },
        { table_name: 'vault', column_name: 'secret', kind: 'regular', position: -1, clustering_order: 'none', type: 'blob' },
      ],
      unordered: true,
    }),
    () => ({
      name: 'system_schema.columns restricted by keyspace and table (a clustering column) lists only that table',
      query: "SELECT column_name FROM system_schema.columns WHERE keyspace_name = 'shop' AND table_name = 'vault'",
      rows: [{ column_name: 'id' }, { column_name: 'secret' }],
      unordered: true,
    }),
    () => ({
      name: 'system_schema.tables restricted by keyspace and table_name returns that one table',
      query: "SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'shop' AND table_name = 'orders'",
      rows: [{ table_name: 'orders' }],
    }),
    () => ({
      name: 'system_schema.columns can be restricted to one column by the full primary key',
      query: "SELECT kind, position FROM system_schema.columns WHERE keyspace_name = 'shop' AND table_name = 'orders' AND column_name = 'line'",
      rows: [{ kind: 'clustering', position: 1 }],
    }),
    () => ({
      name: 'system_schema_mcs.tables shows status ACTIVE for each created table',
      query: "SELECT table_name, status FROM system_schema_mcs.tables WHERE keyspace_name = 'shop'",
      rows: [
        { table_name: 'orders', status: 'ACTIVE' },
        { table_name: 'vault', status: 'ACTIVE' },
      ],
      unordered: true,
    }),
    () => ({
      name: 'system.local WHERE key = local reports release_version 3.11.2 and the Murmur3Partitioner',
      query: "SELECT key, release_version, partitioner FROM system.local WHERE key = 'local'",
      rows: [{ key: 'local', release_version: '3.11.2', partitioner: 'org.apache.cassandra.dht.Murmur3Partitioner' }],
    }),
    () => ({ name: 'system.peers is empty (one node)', query: 'SELECT * FROM system.peers', rows: [] }),
    () => ({
      name: 'system_schema_mcs.keyspaces lists a created keyspace',
      query: "SELECT keyspace_name FROM system_schema_mcs.keyspaces WHERE keyspace_name = 'shop'",
      rows: [{ keyspace_name: 'shop' }],
    }),
  ];
  it.each(cases.map((c) => [c().name, c] as const))('%s', async (_, make) => {
    const c = make();
    const { rows, kind } = await store().execute(c.query, c.params ?? []);
    expect(kind).toBe('rows');
    if (c.unordered) expect(sorted(rows)).toEqual(sorted(c.rows));
    else expect(rows).toEqual(c.rows);
  });

  it("the design's query on system_schema_mcs.tables gives status ACTIVE and, for an AWS-owned key, encryption_type AWS_OWNED_KMS_KEY without a key identifier", async () => {
    const { rows } = await store().execute("SELECT status, custom_properties FROM system_schema_mcs.tables WHERE keyspace_name = 'shop' AND table_name = 'orders'");
    expect(rows).toHaveLength(1);
    expect(rows[0]!['status']).toBe('ACTIVE');
    const props = rows[0]!['custom_properties'] as Map<string, Map<string, string>>;
    expect(props).toBeInstanceOf(Map);
    expect(props.get('encryption_specification')).toEqual(new Map([['encryption_type', 'AWS_OWNED_KMS_KEY']]));
  });

  it('system_schema_mcs.tables custom_properties of a customer-managed-key table name the key ARN', async () => {
    const { rows } = await store().execute("SELECT table_name, status, custom_properties FROM system_schema_mcs.tables WHERE keyspace_name = 'shop'");
    const vault = rows.filter((r) => r['table_name'] === 'vault');
    expect(vault).toHaveLength(1);
    expect(vault[0]!['status']).toBe('ACTIVE');
    const props = vault[0]!['custom_properties'] as Map<string, Map<string, string>>;
    expect(props.get('encryption_specification')).toEqual(
      new Map([
        ['encryption_type', 'CUSTOMER_MANAGED_KMS_KEY'],
        ['kms_key_identifier', arn],
      ]),
    );
    expect(arn).toMatch(/^arn:aws:kms:/);
  });

  it('system_schema.keyspaces also lists the four system keyspaces', async () => {
    const names = (await store().execute('SELECT keyspace_name FROM system_schema.keyspaces')).rows.map((r) => r['keyspace_name']);
    for (const ks of ['system', 'system_schema', 'system_schema_mcs', 'system_multiregion_info', 'shop']) expect(names).toContain(ks);
  });

  it('system.local has exactly one row, whose data_center and schema_version are set', async () => {
    const { rows } = await store().execute('SELECT * FROM system.local');
    expect(rows).toHaveLength(1);
    expect(typeof rows[0]!['data_center']).toBe('string');
    expect(rows[0]!['schema_version']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('system.peers returns no rows but describes its columns', async () => {
    const r = await store().execute('SELECT * FROM system.peers');
    expect(r.rows).toEqual([]);
    expect(r.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['peer', 'data_center', 'host_id', 'rpc_address', 'schema_version', 'tokens']));
  });

  it('an unknown table in a system keyspace is an unconfigured table', async () => {
    const e = await failure(store().execute('SELECT * FROM system.nope'));
    expect(e).toMatchObject({ name: 'ResourceNotFoundException', code: INVALID });
    expect(e.message).toMatch(/unconfigured table nope/);
  });
});

describe('DDL and the system tables', () => {
  cleanUpAfterEach();

  const refused: { name: string; query: string; message: RegExp }[] = [
    { name: 'CREATE TABLE in system', query: 'CREATE TABLE system.x (k int PRIMARY KEY)', message: /system keyspace is not user-modifiable/ },
    { name: 'CREATE TABLE in system_schema_mcs', query: 'CREATE TABLE system_schema_mcs.x (k int PRIMARY KEY)', message: /system_schema_mcs keyspace is not user-modifiable/ },
    { name: 'DROP TABLE of system_schema.tables', query: 'DROP TABLE system_schema.tables', message: /system_schema keyspace is not user-modifiable/ },
    { name: 'ALTER TABLE of system.local', query: 'ALTER TABLE system.local ADD x int', message: /system keyspace is not user-modifiable/ },
    { name: 'CREATE KEYSPACE system_schema', query: "CREATE KEYSPACE system_schema WITH replication = {'class': 'SingleRegionStrategy'}", message: /system_schema keyspace is not user-modifiable/ },
    { name: 'DROP KEYSPACE system', query: 'DROP KEYSPACE system', message: /system keyspace is not user-modifiable/ },
    { name: 'INSERT into system.local', query: "INSERT INTO system.local (key) VALUES ('x')", message: /system keyspace is not user-modifiable/ },
  ];
  it.each(refused.map((c) => [c.name, c] as const))('%s is refused as an invalid request', async (_, c) => {
    const f = await openStore();
    const before = await schemaVersion(f.store);
    const e = await failure(f.store.execute(c.query));
    expect(e.name).toBe('ValidationException');
    expect(e.code).toBe(INVALID);
    expect(e.message).toMatch(c.message);
    expect(await schemaVersion(f.store), 'nothing changed').toBe(before);
  });

  it('schema_version changes after CREATE TABLE, ALTER TABLE and DROP TABLE, and not after a write', async () => {
    const f = await openStore();
    const v0 = await schemaVersion(f.store);
    await f.store.execute('CREATE TABLE ks.t (k int PRIMARY KEY, v int)');
    const v1 = await schemaVersion(f.store);
    expect(v1).not.toBe(v0);
    await f.store.execute('INSERT INTO ks.t (k, v) VALUES (1, 1)');
    expect(await schemaVersion(f.store)).toBe(v1);
    await f.store.execute('ALTER TABLE ks.t ADD w text');
    const v2 = await schemaVersion(f.store);
    expect(v2).not.toBe(v1);
    await f.store.execute('DROP TABLE ks.t');
    const v3 = await schemaVersion(f.store);
    expect(v3).not.toBe(v2);
    expect(v3).toBe(v0);
  });

  it('schema_version changes after CREATE KEYSPACE', async () => {
    const f = await openStore();
    const v0 = await schemaVersion(f.store);
    await f.store.execute("CREATE KEYSPACE other WITH replication = {'class': 'SingleRegionStrategy'}");
    expect(await schemaVersion(f.store)).not.toBe(v0);
  });

  it('a column added by ALTER TABLE appears in system_schema.columns as a regular column', async () => {
    const f = await openStore();
    await f.store.execute('CREATE TABLE ks.t (k int PRIMARY KEY, v int)');
    await f.store.execute('ALTER TABLE ks.t ADD w list<text>');
    const { rows } = await f.store.execute("SELECT table_name, column_name, kind, position, type FROM system_schema.columns WHERE keyspace_name = 'ks'");
    expect(rows.filter((r) => r['column_name'] === 'w')).toEqual([{ table_name: 't', column_name: 'w', kind: 'regular', position: -1, type: 'list<text>' }]);
  });

  it('a dropped table disappears from system_schema.tables, system_schema.columns and system_schema_mcs.tables', async () => {
    const f = await openStore();
    await f.store.execute('CREATE TABLE ks.gone (k int PRIMARY KEY, v int)');
    await f.store.execute('CREATE TABLE ks.kept (k int PRIMARY KEY)');
    const tablesIn = async (systemTable: string): Promise<unknown[]> =>
      [...new Set((await f.store.execute(`SELECT table_name FROM ${systemTable} WHERE keyspace_name = 'ks'`)).rows.map((r) => r['table_name']))].sort();
    for (const t of ['system_schema.tables', 'system_schema.columns', 'system_schema_mcs.tables']) expect(await tablesIn(t), t).toEqual(['gone', 'kept']);
    await f.store.execute('DROP TABLE ks.gone');
    for (const t of ['system_schema.tables', 'system_schema.columns', 'system_schema_mcs.tables']) expect(await tablesIn(t), t).toEqual(['kept']);
  });

  it('a dropped keyspace disappears from system_schema.keyspaces', async () => {
    const f = await openStore();
    await f.store.execute('DROP KEYSPACE ks');
    expect((await f.store.execute("SELECT * FROM system_schema.keyspaces WHERE keyspace_name = 'ks'")).rows).toEqual([]);
  });

  it('system tables can be read with an unqualified name after USE of a system keyspace', async () => {
    const f = await openStore();
    const s = f.store.session();
    await s.execute('USE system');
    expect((await s.execute("SELECT key FROM local WHERE key = 'local'")).rows).toEqual([{ key: 'local' }]);
  });
});
