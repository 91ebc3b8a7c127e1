/**
 * The virtual system tables (src/cql/system-tables.ts; reference/cql.md §1.2, §1.3, §2.5), read
 * from fake catalogs built of KeyspaceRecord / TableRecord literals.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCAL_NODE, SYSTEM_KEYSPACES, systemTable, systemTables } from '../../src/cql/system-tables.js';
import type { SystemCatalog, SystemTable } from '../../src/cql/system-tables.js';
import { randomUuid } from '../../src/crypto/index.js';
import type { TableKeyRecord } from '../../src/keys/types.js';
import type { Row } from '../../src/table/rows.js';
import { addColumn, defineTable } from '../../src/table/schema.js';
import type { TableDefinition, TableSchema } from '../../src/table/schema.js';
import type { KeyspaceRecord, TableRecord, TableStatus } from '../../src/table/store.js';
import { normalizeValue, valuesEqual } from '../../src/table/values.js';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const CMK_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const AWS_OWNED_ARN = 'arn:aws:kms:us-east-1:000000000000:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

function table(name: string): SystemTable {
  const [keyspace, t] = name.split('.') as [string, string];
  const found = systemTable(keyspace, t);
  if (!found) throw new Error(`no system table ${name}`);
  return found;
}

function keyRecord(encryptionType: TableKeyRecord['encryptionType'], kmsKeyArn: string, version = 1): TableKeyRecord {
  return { version, encryptionType, kmsKeyArn, ciphertextBlob: 'AAAA', encryptionContext: {}, grantIds: [], createdAt: NOW - 1000 };
}

function record(def: Omit<TableDefinition, 'keyspace'> & { keyspace?: string }, extra: Partial<TableRecord> = {}): TableRecord {
  const schema = defineTable({ keyspace: 'shop', ...def }, randomUuid());
  return {
    schema,
    encryption: { type: 'AWS_OWNED_KMS_KEY' },
    keys: [keyRecord('AWS_OWNED_KMS_KEY', AWS_OWNED_ARN)],
    status: 'ACTIVE',
    createdAt: NOW - 5000,
    ...extra,
  };
}

function catalog(keyspaces: KeyspaceRecord[], tables: TableRecord[], localNode?: SystemCatalog['localNode']): SystemCatalog {
  return {
    keyspaces: () => keyspaces.map((k) => ({ ...k })),
    tables: (keyspace?: string) => tables.filter((t) => keyspace === undefined || t.schema.keyspace === keyspace),
    ...(localNode ? { localNode } : {}),
  };
}

const SHOP: KeyspaceRecord = { name: 'shop', replication: { class: 'SingleRegionStrategy' }, createdAt: NOW - 10_000 };
const ANALYTICS: KeyspaceRecord = {
  name: 'analytics',
  replication: { class: 'org.apache.cassandra.locator.SimpleStrategy', replication_factor: '3' },
  createdAt: NOW - 9000,
};

/** Composite partition key, two clustering columns (one DESC), a static and regular columns; CMK by alias; PITR on. */
const orders = record(
  {
    name: 'orders',
    columns: { customer: 'text', region: 'text', placed_at: 'timestamp', line: 'int', note: 'text', total: 'double', tags: 'set<text>', "\"Mixed Case\"": 'map<text, frozen<list<int>>>' },
    partitionKey: ['customer', 'region'],
    clustering: [{ name: 'placed_at', order: 'DESC' }, { name: 'line' }],
    static: ['note'],
    options: {
      comment: 'orders by customer',
      defaultTimeToLive: 3600,
      pointInTimeRecovery: true,
      customProperties: {
        capacity_mode: { throughput_mode: 'PROVISIONED', read_capacity_units: 10, write_capacity_units: '20' },
        ttl: { status: 'enabled' },
        // A stale stored value: the record's encryption wins.
        encryption_specification: { encryption_type: 'AWS_OWNED_KMS_KEY' },
        point_in_time_recovery: { status: 'disabled', earliest_restorable_timestamp: '2026-01-01T00:00:00.000Z' },
      },
    },
  },
  {
    encryption: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: 'alias/shop' },
    keys: [keyRecord('AWS_OWNED_KMS_KEY', AWS_OWNED_ARN, 1), keyRecord('CUSTOMER_MANAGED_KMS_KEY', CMK_ARN, 2)],
  },
);
const items = record({ name: 'items', columns: { sku: 'text', price: 'decimal' }, partitionKey: ['sku'] }, { status: 'CREATING' });
const counters = record({ keyspace: 'analytics', name: 'hits', columns: { page: 'text', n: 'counter' }, partitionKey: ['page'] });

const FULL = catalog([SHOP, ANALYTICS], [orders, items, counters]);

function rowOf(rows: Row[], match: Record<string, string>): Row {
  const found = rows.filter((r) => Object.entries(match).every(([k, v]) => r[k] === v));
  expect(found, JSON.stringify(match)).toHaveLength(1);
  return found[0]!;
}

describe('system table registry', () => {
  it('lists the system keyspaces of Keyspaces', () => {
    expect(SYSTEM_KEYSPACES).toEqual(['system', 'system_schema', 'system_schema_mcs', 'system_multiregion_info']);
    expect(Object.isFrozen(SYSTEM_KEYSPACES)).toBe(true);
  });

  it('lists every table, by keyspace then name, each found by systemTable with a matching schema', () => {
    const listed = systemTables();
    expect(listed.map((t) => `${t.keyspace}.${t.table}`)).toEqual([
      'system.local',
      'system.peers',
      'system_schema.aggregates',
      'system_schema.columns',
      'system_schema.functions',
      'system_schema.indexes',
      'system_schema.keyspaces',
      'system_schema.tables',
      'system_schema.triggers',
      'system_schema.types',
      'system_schema.views',
      'system_schema_mcs.keyspaces',
      'system_schema_mcs.tables',
    ]);
    for (const { keyspace, table: name } of listed) {
      const t = systemTable(keyspace, name)!;
      expect(t.schema.keyspace).toBe(keyspace);
      expect(t.schema.name).toBe(name);
      expect(systemTable(keyspace, name)).toBe(t);
    }
  });

  it('returns undefined for a table it does not have (names are exact)', () => {
    expect(systemTable('system', 'peers_v2')).toBeUndefined();
    expect(systemTable('System', 'local')).toBeUndefined();
    expect(systemTable('shop', 'orders')).toBeUndefined();
  });

  it('Precondition: keyspace and table are strings.', () => {
    expect(() => systemTable(1 as unknown as string, 'local')).toThrow(TypeError);
    expect(() => systemTable('system', undefined as unknown as string)).toThrow(TypeError);
  });

  it('Precondition: catalog has keyspaces() and tables().', () => {
    expect(() => table('system.local').rows({} as SystemCatalog, NOW)).toThrow(TypeError);
    expect(() => table('system.local').rows(null as unknown as SystemCatalog, NOW)).toThrow(TypeError);
  });

  it('Precondition: now is a finite number of milliseconds.', () => {
    expect(() => table('system.local').rows(FULL, Number.NaN)).toThrow(TypeError);
    expect(() => table('system.local').rows(FULL, '1' as unknown as number)).toThrow(TypeError);
  });

  it.each([
    ['system.local', ['key'], []],
    ['system.peers', ['peer'], []],
    ['system_schema.keyspaces', ['keyspace_name'], []],
    ['system_schema.tables', ['keyspace_name'], ['table_name']],
    ['system_schema.columns', ['keyspace_name'], ['table_name', 'column_name']],
    ['system_schema.indexes', ['keyspace_name'], ['table_name', 'index_name']],
    ['system_schema.functions', ['keyspace_name'], ['function_name', 'argument_types']],
    ['system_schema_mcs.keyspaces', ['keyspace_name'], []],
    ['system_schema_mcs.tables', ['keyspace_name'], ['table_name']],
  ])('%s has the primary key of Cassandra', (name, partition, clustering) => {
    const { schema } = table(name);
    expect(schema.columns.filter((c) => c.kind === 'partition_key').map((c) => c.name)).toEqual(partition);
    expect(schema.columns.filter((c) => c.kind === 'clustering').map((c) => [c.name, c.order])).toEqual(clustering.map((c) => [c, 'ASC']));
    expect(schema.columns.filter((c) => c.kind === 'static')).toEqual([]);
  });

  it("derives the ids of the virtual tables as Cassandra does for its own (the directory names of a Cassandra 3 data dir)", () => {
    expect(table('system.local').schema.id).toBe('7ad54392-bcdd-35a6-8417-4e047860b377');
    expect(table('system.peers').schema.id).toBe('37f71aca-7dc2-383b-a706-72528af04d4f');
    expect(table('system_schema.keyspaces').schema.id).toBe('abac5682-dea6-31c5-b535-b3d6cffd0fb6');
    const ids = systemTables().map((t) => systemTable(t.keyspace, t.table)!.schema.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('schemas are frozen: a caller cannot change them', () => {
    const { schema } = table('system_schema.tables');
    expect(Object.isFrozen(schema)).toBe(true);
    expect(Object.isFrozen(schema.columns[0])).toBe(true);
    expect(() => {
      (schema.columns as unknown[]).push({});
    }).toThrow(TypeError);
  });
});

describe('every row is well-typed', () => {
  const catalogs: [string, SystemCatalog][] = [
    ['an empty catalog', catalog([], [])],
    ['a catalog with tables', FULL],
    ['a catalog with a configured node', catalog([SHOP], [orders], { dataCenter: 'us-east-1', rpcAddress: '::1' })],
  ];
  it.each(catalogs)('in %s: each row has exactly the schema columns, each value normalises to itself', (_label, cat) => {
    let checked = 0;
    for (const { keyspace, table: name } of systemTables()) {
      const { schema, rows } = systemTable(keyspace, name)!;
      for (const row of rows(cat, NOW)) {
        expect(Object.keys(row).sort()).toEqual(schema.columns.map((c) => c.name).sort());
        for (const col of schema.columns) {
          const v = row[col.name]!;
          const again = normalizeValue(col.type, v, col.name);
          expect(valuesEqual(col.type, again, v), `${keyspace}.${name}.${col.name}`).toBe(true);
          // Key columns are never null.
          if (col.kind === 'partition_key' || col.kind === 'clustering') expect(v, `${keyspace}.${name}.${col.name}`).not.toBeNull();
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('rows are sorted by their primary key and unique', () => {
    for (const { keyspace, table: name } of systemTables()) {
      const { schema, rows } = systemTable(keyspace, name)!;
      const keyCols = schema.columns.filter((c) => c.kind === 'partition_key' || c.kind === 'clustering');
      const keys = rows(FULL, NOW).map((r) => JSON.stringify(keyCols.map((c) => r[c.name])));
      expect(new Set(keys).size, `${keyspace}.${name}`).toBe(keys.length);
      expect(keys, `${keyspace}.${name}`).toEqual([...keys].sort());
    }
  });
});

describe('system_schema.keyspaces and system_schema_mcs.keyspaces', () => {
  it.each(['system_schema.keyspaces', 'system_schema_mcs.keyspaces'])('%s lists the system keyspaces (LocalStrategy) and the user keyspaces with their replication', (name) => {
    const rows = table(name).rows(FULL, NOW);
    expect(rows.map((r) => r['keyspace_name'])).toEqual(['analytics', 'shop', 'system', 'system_multiregion_info', 'system_schema', 'system_schema_mcs']);
    expect(rowOf(rows, { keyspace_name: 'shop' })).toEqual({
      keyspace_name: 'shop',
      durable_writes: true,
      replication: new Map([['class', 'SingleRegionStrategy']]),
    });
    expect(rowOf(rows, { keyspace_name: 'analytics' })['replication']).toEqual(
      new Map([
        ['class', 'org.apache.cassandra.locator.SimpleStrategy'],
        ['replication_factor', '3'],
      ]),
    );
    for (const ks of SYSTEM_KEYSPACES) {
      expect(rowOf(rows, { keyspace_name: ks })['replication']).toEqual(new Map([['class', 'org.apache.cassandra.locator.LocalStrategy']]));
    }
  });
});

describe('system_schema.tables', () => {
  const rows = table('system_schema.tables').rows(FULL, NOW);

  it('has a row per user table with its id, comment and default TTL, and Keyspaces-like parameters', () => {
    const row = rowOf(rows, { keyspace_name: 'shop', table_name: 'orders' });
    expect(row['id']).toBe(orders.schema.id);
    expect(row['comment']).toBe('orders by customer');
    expect(row['default_time_to_live']).toBe(3600);
    expect(row['flags']).toEqual(['compound']);
    expect(row['gc_grace_seconds']).toBe(7_776_000);
    expect(row['speculative_retry']).toBe('99PERCENTILE');
    expect(row['caching']).toEqual(new Map([['class', 'com.amazonaws.cassandra.DefaultCaching']]));
    expect(row['extensions']).toEqual(new Map());
    expect(row['cdc']).toBe(false);
    const plain = rowOf(rows, { keyspace_name: 'shop', table_name: 'items' });
    expect(plain['comment']).toBe('');
    expect(plain['default_time_to_live']).toBe(0);
  });

  it("flags every table 'compound' (Cassandra 3 without COMPACT STORAGE), counter tables also 'counter'", () => {
    expect(rowOf(rows, { keyspace_name: 'shop', table_name: 'items' })['flags']).toEqual(['compound']);
    expect(rowOf(rows, { keyspace_name: 'analytics', table_name: 'hits' })['flags']).toEqual(['compound', 'counter']);
  });

  it('lists the virtual tables too, and no table of a DELETED status', () => {
    expect(rowOf(rows, { keyspace_name: 'system', table_name: 'local' })['id']).toBe(table('system.local').schema.id);
    expect(rows.filter((r) => r['keyspace_name'] === 'system_schema_mcs').map((r) => r['table_name'])).toEqual(['keyspaces', 'tables']);
    const deleted = record({ name: 'gone', columns: { k: 'int' }, partitionKey: ['k'] }, { status: 'DELETED' });
    const withDeleted = table('system_schema.tables').rows(catalog([SHOP], [deleted]), NOW);
    expect(withDeleted.some((r) => r['table_name'] === 'gone')).toBe(false);
    expect(table('system_schema.columns').rows(catalog([SHOP], [deleted]), NOW).some((r) => r['table_name'] === 'gone')).toBe(false);
  });
});

describe('system_schema.columns', () => {
  const rows = table('system_schema.columns').rows(FULL, NOW).filter((r) => r['table_name'] === 'orders');
  const view = (name: string) => {
    const r = rowOf(rows, { column_name: name });
    return [r['kind'], r['position'], r['clustering_order'], r['type']];
  };

  it('gives key columns their position and kind, clustering columns their order, others -1 and none', () => {
    expect(view('customer')).toEqual(['partition_key', 0, 'none', 'text']);
    expect(view('region')).toEqual(['partition_key', 1, 'none', 'text']);
    expect(view('placed_at')).toEqual(['clustering', 0, 'desc', 'timestamp']);
    expect(view('line')).toEqual(['clustering', 1, 'asc', 'int']);
    expect(view('note')).toEqual(['static', -1, 'none', 'text']);
    expect(view('total')).toEqual(['regular', -1, 'none', 'double']);
    expect(view('tags')).toEqual(['regular', -1, 'none', 'set<text>']);
    expect(view('Mixed Case')).toEqual(['regular', -1, 'none', 'map<text, frozen<list<int>>>']);
  });

  it('has a row per column, by column name, with the UTF-8 of the name as column_name_bytes', () => {
    expect(rows.map((r) => r['column_name'])).toEqual(['Mixed Case', 'customer', 'line', 'note', 'placed_at', 'region', 'tags', 'total']);
    expect(rowOf(rows, { column_name: 'Mixed Case' })['column_name_bytes']).toEqual(new TextEncoder().encode('Mixed Case'));
    expect(rows.every((r) => r['keyspace_name'] === 'shop')).toBe(true);
  });

  it('describes the virtual tables too (system.local key column)', () => {
    const local = table('system_schema.columns')
      .rows(FULL, NOW)
      .filter((r) => r['keyspace_name'] === 'system' && r['table_name'] === 'local');
    expect(local).toHaveLength(table('system.local').schema.columns.length);
    expect(rowOf(local, { column_name: 'key' })['kind']).toBe('partition_key');
    expect(rowOf(local, { column_name: 'tokens' })['type']).toBe('set<text>');
  });
});

describe('system_schema_mcs.tables', () => {
  const rows = table('system_schema_mcs.tables').rows(FULL, NOW);
  const props = (row: Row) => row['custom_properties'] as Map<string, Map<string, string>>;

  it('an AWS-owned-key table shows only its encryption type, and the defaults of the other properties', () => {
    const row = rowOf(rows, { keyspace_name: 'shop', table_name: 'items' });
    expect(props(row)).toEqual(
      new Map([
        [
          'capacity_mode',
          new Map([
            ['last_update_to_pay_per_request_timestamp', String(items.createdAt)],
            ['throughput_mode', 'PAY_PER_REQUEST'],
          ]),
        ],
        ['encryption_specification', new Map([['encryption_type', 'AWS_OWNED_KMS_KEY']])],
        ['point_in_time_recovery', new Map([['status', 'disabled']])],
        ['ttl', new Map([['status', 'disabled']])],
      ]),
    );
  });

  it('a customer-managed-key table shows the key ARN of its current table key, not the alias it was given', () => {
    const row = rowOf(rows, { keyspace_name: 'shop', table_name: 'orders' });
    expect(props(row).get('encryption_specification')).toEqual(
      new Map([
        ['encryption_type', 'CUSTOMER_MANAGED_KMS_KEY'],
        ['kms_key_identifier', CMK_ARN],
      ]),
    );
  });

  it('without a customer-managed table-key record, the identifier is shown as given', () => {
    const pending = record(
      { name: 'pending', columns: { k: 'int' }, partitionKey: ['k'] },
      { encryption: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: 'alias/pending' }, status: 'UPDATING' },
    );
    const row = table('system_schema_mcs.tables').rows(catalog([SHOP], [pending]), NOW)[0]!;
    expect(props(row).get('encryption_specification')?.get('kms_key_identifier')).toBe('alias/pending');
  });

  it('keeps the stored custom properties as text, PITR from the schema option (stored extras kept when enabled)', () => {
    const p = props(rowOf(rows, { keyspace_name: 'shop', table_name: 'orders' }));
    expect(p.get('capacity_mode')).toEqual(
      new Map([
        ['read_capacity_units', '10'],
        ['throughput_mode', 'PROVISIONED'],
        ['write_capacity_units', '20'],
      ]),
    );
    expect(p.get('ttl')).toEqual(new Map([['status', 'enabled']]));
    expect(p.get('point_in_time_recovery')).toEqual(
      new Map([
        ['earliest_restorable_timestamp', '2026-01-01T00:00:00.000Z'],
        ['status', 'enabled'],
      ]),
    );
    expect([...p.keys()]).toEqual(['capacity_mode', 'encryption_specification', 'point_in_time_recovery', 'ttl']);
  });

  it('carries comment and default_time_to_live', () => {
    const row = rowOf(rows, { keyspace_name: 'shop', table_name: 'orders' });
    expect(row['comment']).toBe('orders by customer');
    expect(row['default_time_to_live']).toBe(3600);
    expect(row['cdc']).toBe(false);
  });

  it.each<TableStatus>(['ACTIVE', 'CREATING', 'UPDATING', 'DELETING', 'RESTORING', 'INACCESSIBLE_ENCRYPTION_CREDENTIALS'])('passes status %s through', (status) => {
    const t = record({ name: 't', columns: { k: 'int' }, partitionKey: ['k'] }, { status });
    const out = table('system_schema_mcs.tables').rows(catalog([SHOP], [t]), NOW);
    expect(out.map((r) => r['status'])).toEqual([status]);
  });

  it('leaves DELETED tables out (Keyspaces lists them in tables_history)', () => {
    const t = record({ name: 't', columns: { k: 'int' }, partitionKey: ['k'] }, { status: 'DELETED' });
    expect(table('system_schema_mcs.tables').rows(catalog([SHOP], [t]), NOW)).toEqual([]);
  });

  it('lists user tables only', () => {
    expect(rows.map((r) => `${String(r['keyspace_name'])}.${String(r['table_name'])}`)).toEqual(['analytics.hits', 'shop.items', 'shop.orders']);
  });
});

describe('system.local and system.peers', () => {
  it('system.local has one row describing a Cassandra 3.11 node owning the whole ring', () => {
    const rows = table('system.local').rows(FULL, NOW);
    expect(rows).toHaveLength(1);
    const { schema_version: schemaVersion, ...rest } = rows[0]!;
    expect(schemaVersion).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(rest).toEqual({
      key: 'local',
      bootstrapped: 'COMPLETED',
      broadcast_address: '127.0.0.1',
      cluster_name: 'sealtable',
      cql_version: '3.4.4',
      data_center: DEFAULT_LOCAL_NODE.dataCenter,
      gossip_generation: Math.floor(NOW / 1000),
      host_id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      listen_address: '127.0.0.1',
      native_protocol_version: '4',
      partitioner: 'org.apache.cassandra.dht.Murmur3Partitioner',
      rack: 'rack1',
      release_version: '3.11.2',
      rpc_address: '127.0.0.1',
      thrift_version: '20.1.0',
      tokens: ['-9223372036854775808'],
      truncated_at: null,
    });
  });

  it('system.local takes data_center, rack, cluster name and address from the catalog (inet normalised)', () => {
    const row = table('system.local').rows(catalog([], [], { dataCenter: 'us-east-1', rack: 'use1-az1', clusterName: 'c', rpcAddress: '0:0:0:0:0:0:0:1' }), NOW)[0]!;
    expect([row['data_center'], row['rack'], row['cluster_name'], row['rpc_address'], row['listen_address']]).toEqual(['us-east-1', 'use1-az1', 'c', '::1', '::1']);
  });

  it('system.local refuses an rpcAddress that is not an IP address', () => {
    expect(() => table('system.local').rows(catalog([], [], { rpcAddress: 'localhost' }), NOW)).toThrow(
      expect.objectContaining({ name: 'ValidationException' }),
    );
  });

  it('system.peers has no rows and the full column set', () => {
    const { schema, rows } = table('system.peers');
    expect(rows(FULL, NOW)).toEqual([]);
    expect(schema.columns.map((c) => c.name).sort()).toEqual(
      ['data_center', 'host_id', 'peer', 'preferred_ip', 'rack', 'release_version', 'rpc_address', 'schema_version', 'tokens'].sort(),
    );
    expect(schema.columns.find((c) => c.name === 'peer')?.type).toEqual({ kind: 'inet' });
  });
});

describe('schema_version', () => {
  const version = (cat: SystemCatalog) => table('system.local').rows(cat, NOW)[0]!['schema_version'];
  const withSchema = (t: TableRecord, schema: TableSchema): TableRecord => ({ ...t, schema });

  it('is the same for the same schema, whatever the order of the catalog, the time, statuses or table keys', () => {
    const a = version(FULL);
    expect(version(catalog([ANALYTICS, SHOP], [counters, items, orders]))).toBe(a);
    expect(table('system.local').rows(FULL, NOW + 86_400_000)[0]!['schema_version']).toBe(a);
    expect(version(catalog([SHOP, ANALYTICS], [orders, { ...items, status: 'ACTIVE' }, counters]))).toBe(a);
    expect(version(catalog([SHOP, ANALYTICS], [{ ...orders, keys: [...orders.keys, keyRecord('CUSTOMER_MANAGED_KMS_KEY', CMK_ARN, 3)] }, items, counters]))).toBe(a);
  });

  it('changes when a column is added, a table or keyspace is created or dropped, options or encryption change', () => {
    const a = version(FULL);
    const changed = [
      catalog([SHOP, ANALYTICS], [withSchema(orders, addColumn(orders.schema, 'coupon', 'text')), items, counters]),
      catalog([SHOP, ANALYTICS], [orders, items]),
      catalog([SHOP], [orders, items]),
      catalog([SHOP, ANALYTICS, { name: 'more', replication: { class: 'SingleRegionStrategy' }, createdAt: NOW }], [orders, items, counters]),
      catalog([SHOP, ANALYTICS], [orders, withSchema(items, { ...items.schema, options: { comment: 'now with a comment' } }), counters]),
      catalog([SHOP, ANALYTICS], [orders, { ...items, encryption: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: CMK_ARN } }, counters]),
    ].map(version);
    for (const v of changed) expect(v).not.toBe(a);
    expect(new Set(changed).size).toBe(changed.length);
  });
});
