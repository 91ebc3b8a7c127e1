/**
 * @module test/table/schema
 * defineTable, addColumn, the column accessors and validateRow: the schema they build, name
 * folding, and one test per validation rule with its exact message (Cassandra's wording where
 * Cassandra has one; the Keyspaces limits of src/table/constants.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_CLUSTERING_KEY_BYTES,
  MAX_PARTITION_KEY_BYTES,
  MAX_ROW_BYTES,
  MAX_STATIC_BYTES,
  addColumn,
  clusteringColumns,
  columnByName,
  defineTable,
  parseCqlType,
  partitionKeyColumns,
  regularColumns,
  staticColumns,
  validateRow,
} from '../../src/table/index.js';
import type { TableDefinition, TableOptions, TableSchema } from '../../src/table/index.js';
import { expectValidation } from './_helpers.js';

const ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const STATIC_NEEDS_CLUSTERING = 'Static columns are only useful (and thus allowed) if the table has at least one clustering column';

/** shop.orders: partition key customer, clustering placed_at DESC and line ASC, a static and two regular columns. */
function ordersDefinition(): TableDefinition {
  return {
    keyspace: 'shop',
    name: 'orders',
    columns: {
      customer: 'text',
      placed_at: 'timestamp',
      total: 'double',
      line: 'int',
      region: 'text',
      tags: 'set<text>',
    },
    partitionKey: ['customer'],
    clustering: [{ name: 'placed_at', order: 'DESC' }, { name: 'line' }],
    static: ['region'],
    options: { defaultTimeToLive: 3600, comment: 'orders', pointInTimeRecovery: true, custom: { a: 1 } },
  };
}

const orders = (): TableSchema => defineTable(ordersDefinition(), ID);

/** A definition with one key column `k` and the given other columns. */
function simple(columns: Record<string, string>, extra: Partial<TableDefinition> = {}): TableDefinition {
  return { keyspace: 'ks', name: 't', columns: { k: 'int', ...columns }, partitionKey: ['k'], ...extra };
}

describe('defineTable', () => {
  it('builds the schema: ids in definition order, key columns first, positions within each kind', () => {
    expect(orders()).toEqual({
      keyspace: 'shop',
      name: 'orders',
      id: ID,
      columns: [
        { name: 'customer', type: { kind: 'text' }, kind: 'partition_key', position: 0, id: 0 },
        { name: 'placed_at', type: { kind: 'timestamp' }, kind: 'clustering', position: 0, order: 'DESC', id: 1 },
        { name: 'line', type: { kind: 'int' }, kind: 'clustering', position: 1, order: 'ASC', id: 3 },
        { name: 'total', type: { kind: 'double' }, kind: 'regular', position: 0, id: 2 },
        { name: 'region', type: { kind: 'text' }, kind: 'static', position: 0, id: 4 },
        { name: 'tags', type: { kind: 'set', element: { kind: 'text' } }, kind: 'regular', position: 1, id: 5 },
      ],
      options: { defaultTimeToLive: 3600, comment: 'orders', pointInTimeRecovery: true, custom: { a: 1 } },
      nextColumnId: 6,
    });
  });

  it('is JSON-serializable', () => {
    const schema = orders();
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  it('copies the options', () => {
    const def = ordersDefinition();
    const schema = defineTable(def, ID);
    def.options!.comment = 'changed';
    expect(schema.options.comment).toBe('orders');
  });

  it('folds unquoted names to lowercase and keeps quoted names, with "" unescaped', () => {
    const schema = defineTable(
      {
        keyspace: 'Shop',
        name: '"Orders_2"',
        columns: { Customer: 'TEXT', '"Placed At"': 'timestamp', '"say ""hi"""': 'text', '"ÉTÉ"': 'int' },
        partitionKey: ['CUSTOMER'],
        clustering: [{ name: '"Placed At"', order: 'desc' as 'DESC' }],
      },
      ID,
    );
    expect([schema.keyspace, schema.name]).toEqual(['shop', 'Orders_2']);
    expect(schema.columns.map((c) => c.name)).toEqual(['customer', 'Placed At', 'say "hi"', 'ÉTÉ']);
    expect(schema.columns[1]!.order).toBe('DESC');
  });

  it('takes types as text or as objects, and stores them canonically', () => {
    const schema = defineTable(
      simple({ a: 'FROZEN<list<list<int>>>', b: { kind: 'map', key: { kind: 'text' }, value: { kind: 'int' } } as unknown as string }),
      ID,
    );
    expect(columnByName(schema, 'a')!.type).toEqual(parseCqlType('frozen<list<frozen<list<int>>>>'));
    expect(columnByName(schema, 'b')!.type).toEqual(parseCqlType('map<text, int>'));
  });

  it('accepts frozen collections in the primary key', () => {
    const schema = defineTable(
      { keyspace: 'ks', name: 't', columns: { k: 'frozen<list<int>>', c: 'frozen<set<text>>' }, partitionKey: ['k'], clustering: [{ name: 'c' }] },
      ID,
    );
    expect(partitionKeyColumns(schema)[0]!.type.kind).toBe('frozen');
  });

  it('accepts a composite partition key and a table of key columns only', () => {
    const schema = defineTable({ keyspace: 'ks', name: 't', columns: { a: 'int', b: 'text' }, partitionKey: ['b', 'a'] }, ID);
    expect(partitionKeyColumns(schema).map((c) => [c.name, c.position])).toEqual([
      ['b', 0],
      ['a', 1],
    ]);
    expect(regularColumns(schema)).toEqual([]);
  });

  it('accepts a counter table, with a static counter', () => {
    const schema = defineTable(
      { keyspace: 'ks', name: 't', columns: { k: 'int', c: 'int', n: 'counter', s: 'counter' }, partitionKey: ['k'], clustering: [{ name: 'c' }], static: ['s'] },
      ID,
    );
    expect(staticColumns(schema).map((c) => c.name)).toEqual(['s']);
  });

  it.each(['a', 'A1', '1abc', 'x'.repeat(48), 'a_b_c', '"MyKs"'])('accepts the keyspace and table name %s', (name) => {
    const schema = defineTable({ keyspace: name, name, columns: { k: 'int' }, partitionKey: ['k'] }, ID);
    expect(schema.keyspace).toBe(name.startsWith('"') ? name.slice(1, -1) : name.toLowerCase());
    expect(schema.name).toBe(schema.keyspace);
  });

  describe('rules', () => {
    it.each([
      ['', '""'],
      ['_ks', '"_ks"'],
      ['a-b', '"a-b"'],
      ['x'.repeat(49), JSON.stringify('x'.repeat(49))],
      ['"Bad Name"', '"\\"Bad Name\\""'],
      ['""', '"\\"\\""'],
      [5, 'number 5'],
      [undefined, 'undefined undefined'],
    ])('a keyspace name matches [a-zA-Z0-9][a-zA-Z0-9_]{0,47}: %s', (keyspace, got) => {
      expectValidation(
        () => defineTable({ ...simple({}), keyspace: keyspace as string }, ID),
        `Keyspace name must be 1 to 48 letters, digits or underscores, not starting with an underscore (got ${got})`,
      );
    });

    it.each([
      ['orders!', '"orders!"'],
      ['é', '"é"'],
      [null, 'null'],
    ])('a table name matches [a-zA-Z0-9][a-zA-Z0-9_]{0,47}: %s', (name, got) => {
      expectValidation(
        () => defineTable({ ...simple({}), name: name as string }, ID),
        `Table name must be 1 to 48 letters, digits or underscores, not starting with an underscore (got ${got})`,
      );
    });

    it.each([[{}], [[]], [undefined], ['k int']])('a table defines at least one column: %s', (columns) => {
      expectValidation(
        () => defineTable({ ...simple({}), columns: columns as unknown as Record<string, string> }, ID),
        'A table must define at least one column',
      );
    });

    it.each(['1a', 'a-b', 'a b', '_a', 'é', '"a"b"'])('an unquoted column name is a letter followed by letters, digits or underscores: %s', (name) => {
      expectValidation(
        () => defineTable(simple({ [name]: 'int' }), ID),
        `Invalid column name ${JSON.stringify(name)}: an unquoted name is a letter followed by letters, digits or underscores (quote it to use other characters)`,
      );
    });

    it.each([
      ['""', '"\\"\\""'],
      [`"${'x'.repeat(65_536)}"`, JSON.stringify(`"${'x'.repeat(59)}…`)],
      ['"\ud800"', '"\\"\\ud800\\""'],
    ])('a quoted column name has 1 to 65535 bytes of well-formed UTF-8: %s', (name, got) => {
      expectValidation(
        () => defineTable(simple({ [name]: 'int' }), ID),
        `Invalid column name ${got}: a quoted name has 1 to 65535 bytes of well-formed UTF-8`,
      );
    });

    it('accepts a quoted column name of 65535 bytes', () => {
      const name = 'x'.repeat(65_535);
      expect(columnByName(defineTable(simple({ [`"${name}"`]: 'int' }), ID), name)).toBeDefined();
    });

    it('no column is defined twice (after case folding)', () => {
      expectValidation(() => defineTable(simple({ Name: 'text', name: 'int' }), ID), 'Multiple definition of identifier name');
      expectValidation(() => defineTable(simple({ K: 'text' }), ID), 'Multiple definition of identifier k');
    });

    it('a column type is valid', () => {
      expectValidation(
        () => defineTable(simple({ a: 'list<list<int>>' }), ID),
        'Invalid type for column a: Non-frozen collections are not allowed inside collections: list<list<int>>',
      );
      expectValidation(() => defineTable(simple({ a: 'list<duration>' }), ID), 'Invalid type for column a: Unknown type duration in list<duration>');
      expectValidation(
        () => defineTable(simple({ a: 42 as unknown as string }), ID),
        'Invalid type for column a: A type must be type text or an object with a kind, got number',
      );
    });

    it.each([[[]], [undefined], ['k']])('a table has at least one partition key column: %s', (partitionKey) => {
      expectValidation(
        () => defineTable({ ...simple({}), partitionKey: partitionKey as string[] }, ID),
        'A table must have at least one partition key column',
      );
    });

    it('every key column is defined', () => {
      expectValidation(() => defineTable({ ...simple({}), partitionKey: ['x'] }, ID), 'Unknown definition x referenced in PRIMARY KEY');
      expectValidation(() => defineTable({ ...simple({}), clustering: [{ name: 'Y' }] }, ID), 'Unknown definition y referenced in PRIMARY KEY');
    });

    it('no column appears twice in the primary key', () => {
      expectValidation(() => defineTable({ ...simple({}), partitionKey: ['k', 'K'] }, ID), 'Column k appears more than once in the PRIMARY KEY');
      expectValidation(
        () => defineTable({ ...simple({ c: 'int' }), clustering: [{ name: 'c' }, { name: 'k' }] }, ID),
        'Column k appears more than once in the PRIMARY KEY',
      );
    });

    it.each(['list<int>', 'set<text>', 'map<text, int>'])('a key column is not a non-frozen collection (%s)', (type) => {
      expectValidation(
        () => defineTable({ keyspace: 'ks', name: 't', columns: { tags: type }, partitionKey: ['tags'] }, ID),
        'Invalid non-frozen collection type for PRIMARY KEY component tags',
      );
      expectValidation(
        () => defineTable({ ...simple({ tags: type }), clustering: [{ name: 'tags' }] }, ID),
        'Invalid non-frozen collection type for PRIMARY KEY component tags',
      );
    });

    it('a key column is not a counter', () => {
      expectValidation(
        () => defineTable({ keyspace: 'ks', name: 't', columns: { c: 'counter' }, partitionKey: ['c'] }, ID),
        "counter type is not supported for PRIMARY KEY column 'c'",
      );
      expectValidation(
        () => defineTable({ ...simple({ c: 'counter', n: 'counter' }), clustering: [{ name: 'c' }] }, ID),
        "counter type is not supported for PRIMARY KEY column 'c'",
      );
    });

    it.each([
      ['UP', '"UP"'],
      ['', '""'],
      [1, 'number 1'],
      [null, 'null'],
    ])('a clustering order is ASC or DESC: %s', (order, got) => {
      expectValidation(
        () => defineTable({ ...simple({ ck: 'int' }), clustering: [{ name: 'ck', order: order as 'ASC' }] }, ID),
        `Invalid clustering order ${got} for column ck: expected ASC or DESC`,
      );
    });

    it('clustering and static are arrays, of objects and of names', () => {
      expectValidation(
        () => defineTable({ ...simple({ ck: 'int' }), clustering: 'ck' as unknown as [] }, ID),
        'clustering must be an array of { name, order } objects',
      );
      expectValidation(
        () => defineTable({ ...simple({ ck: 'int' }), clustering: ['ck'] as unknown as [] }, ID),
        'A clustering column must be an object { name, order }, got "ck"',
      );
      expectValidation(() => defineTable({ ...simple({ s: 'int' }), static: 's' as unknown as [] }, ID), 'static must be an array of column names');
    });

    it('a static column is defined', () => {
      expectValidation(
        () => defineTable({ ...simple({ ck: 'int' }), clustering: [{ name: 'ck' }], static: ['s'] }, ID),
        'Unknown definition s referenced in STATIC',
      );
    });

    it('a static column is listed once', () => {
      expectValidation(
        () => defineTable({ ...simple({ ck: 'int', s: 'int' }), clustering: [{ name: 'ck' }], static: ['s', 'S'] }, ID),
        'Column s appears more than once in STATIC',
      );
    });

    it('a static column is not part of the primary key', () => {
      expectValidation(
        () => defineTable({ ...simple({ ck: 'int' }), clustering: [{ name: 'ck' }], static: ['ck'] }, ID),
        'Static column ck cannot be part of the PRIMARY KEY',
      );
    });

    it('static columns need a clustering column', () => {
      expectValidation(() => defineTable({ ...simple({ s: 'int' }), static: ['s'] }, ID), STATIC_NEEDS_CLUSTERING);
    });

    it('counter and non-counter columns are not mixed', () => {
      expectValidation(() => defineTable(simple({ n: 'counter', v: 'text' }), ID), 'Cannot mix counter and non counter columns in the same table');
    });

    it.each([
      [{ defaultTimeToLive: -1 }, 'default_time_to_live must be greater than or equal to 0 (got -1)'],
      [{ defaultTimeToLive: 630_720_001 }, 'default_time_to_live must be less than or equal to 630720000 (got 630720001)'],
      [{ defaultTimeToLive: 1.5 }, 'default_time_to_live must be an integer (got number 1.5)'],
      [{ defaultTimeToLive: '10' }, 'default_time_to_live must be an integer (got "10")'],
      [{ comment: 5 }, 'comment must be a string (got number 5)'],
      [{ pointInTimeRecovery: 'yes' }, 'pointInTimeRecovery must be a boolean (got "yes")'],
      ['fast', 'options must be an object, got "fast"'],
      [[], 'options must be an object, got an array'],
    ])('options are valid: %s', (options, message) => {
      expectValidation(() => defineTable({ ...simple({ v: 'text' }), options: options as TableOptions }, ID), message);
    });

    it('default_time_to_live is a whole number of seconds from 0 to 630720000', () => {
      expect(defineTable({ ...simple({}), options: { defaultTimeToLive: 0 } }, ID).options.defaultTimeToLive).toBe(0);
      expect(defineTable({ ...simple({}), options: { defaultTimeToLive: 630_720_000 } }, ID).options.defaultTimeToLive).toBe(630_720_000);
    });

    it('a counter table has no default_time_to_live', () => {
      expectValidation(
        () => defineTable({ ...simple({ n: 'counter' }), options: { defaultTimeToLive: 10 } }, ID),
        'Cannot set default_time_to_live on a table with counters',
      );
      expect(defineTable({ ...simple({ n: 'counter' }), options: { defaultTimeToLive: 0 } }, ID).options.defaultTimeToLive).toBe(0);
    });
  });
});

describe('addColumn', () => {
  it('appends a regular column with the next id and leaves the schema as it was', () => {
    const before = orders();
    const snapshot = JSON.parse(JSON.stringify(before)) as TableSchema;
    const after = addColumn(before, 'Note', 'text');
    expect(before).toEqual(snapshot);
    expect(after.columns.at(-1)).toEqual({ name: 'note', type: { kind: 'text' }, kind: 'regular', position: 2, id: 6 });
    expect(after.nextColumnId).toBe(7);
    expect(regularColumns(after).map((c) => c.name)).toEqual(['total', 'tags', 'note']);
  });

  it('appends a static column', () => {
    const after = addColumn(orders(), '"Zone"', 'frozen<list<text>>', true);
    expect(after.columns.at(-1)).toEqual({ name: 'Zone', type: parseCqlType('frozen<list<text>>'), kind: 'static', position: 1, id: 6 });
  });

  it('never reuses an id', () => {
    let schema = orders();
    for (const name of ['a', 'b', 'c']) schema = addColumn(schema, name, 'int');
    expect(schema.columns.map((c) => c.id)).toEqual([0, 1, 3, 2, 4, 5, 6, 7, 8]);
    expect(schema.nextColumnId).toBe(9);
    expect(addColumn({ ...schema, nextColumnId: 20 }, 'd', 'int').columns.at(-1)!.id).toBe(20);
  });

  it('adds a counter to a counter table', () => {
    const counters = defineTable(simple({ n: 'counter' }), ID);
    expect(addColumn(counters, 'm', 'counter').columns.at(-1)!.type).toEqual({ kind: 'counter' });
  });

  it('a new column name is valid and not taken', () => {
    expectValidation(() => addColumn(orders(), 'TOTAL', 'int'), 'Invalid column name total because it conflicts with an existing column');
    expectValidation(() => addColumn(orders(), 'customer', 'int'), 'Invalid column name customer because it conflicts with an existing column');
    expectValidation(
      () => addColumn(orders(), 'bad name', 'int'),
      'Invalid column name "bad name": an unquoted name is a letter followed by letters, digits or underscores (quote it to use other characters)',
    );
  });

  it('a new column type is valid', () => {
    expectValidation(() => addColumn(orders(), 'x', 'list<counter>'), 'Invalid type for column x: Counters are not allowed inside collections: list<counter>');
  });

  it('a static column needs a clustering column', () => {
    expectValidation(() => addColumn(defineTable(simple({ v: 'int' }), ID), 's', 'int', true), STATIC_NEEDS_CLUSTERING);
  });

  it('a counter table gets only counters, another table none', () => {
    expectValidation(() => addColumn(defineTable(simple({ n: 'counter' }), ID), 'v', 'int'), 'Cannot add a non counter column (v) in a counter table');
    expectValidation(() => addColumn(orders(), 'n', 'counter'), 'Cannot add a counter column (n) in a non counter table');
    expectValidation(() => addColumn(defineTable(simple({}), ID), 'n', 'counter'), 'Cannot add a counter column (n) in a non counter table');
  });
});

describe('column accessors', () => {
  it('find columns by their exact stored name', () => {
    const schema = orders();
    expect(columnByName(schema, 'total')!.id).toBe(2);
    expect(columnByName(schema, 'Total')).toBeUndefined();
    expect(columnByName(schema, 'nope')).toBeUndefined();
    const added = addColumn(schema, 'later', 'int');
    expect(columnByName(added, 'later')!.id).toBe(6);
    expect(columnByName(schema, 'later')).toBeUndefined();
  });

  it('list the columns of each kind in position order, whatever the order of schema.columns', () => {
    const schema = orders();
    const shuffled = { ...schema, columns: [...schema.columns].reverse() };
    for (const s of [schema, shuffled]) {
      expect(partitionKeyColumns(s).map((c) => c.name)).toEqual(['customer']);
      expect(clusteringColumns(s).map((c) => [c.name, c.order])).toEqual([
        ['placed_at', 'DESC'],
        ['line', 'ASC'],
      ]);
      expect(regularColumns(s).map((c) => c.name)).toEqual(['total', 'tags']);
      expect(staticColumns(s).map((c) => c.name)).toEqual(['region']);
    }
  });
});

describe('validateRow', () => {
  const row = { customer: 'c1', placed_at: '2026-01-01T00:00:00Z', line: 1n, total: 9.5, tags: ['b', 'a', 'b'] };

  it.each(['insert', 'update'] as const)('normalises the key and the values of a full row (%s)', (mode) => {
    const { key, values } = validateRow(orders(), row, mode);
    expect(key).toEqual({ customer: 'c1', placed_at: new Date(Date.UTC(2026, 0, 1)), line: 1 });
    expect([...values]).toEqual([
      [2, 9.5],
      [5, ['a', 'b']],
    ]);
  });

  it('writes null for null, skips undefined, and gives no values for a row of keys only', () => {
    const { values } = validateRow(orders(), { customer: 'c1', placed_at: 0, line: 1, total: null, tags: undefined, region: undefined }, 'insert');
    expect([...values]).toEqual([[2, null]]);
    expect(validateRow(orders(), { customer: 'c1', placed_at: 0, line: 1 }, 'insert').values.size).toBe(0);
  });

  it('writes an empty non-frozen collection as null', () => {
    expect([...validateRow(orders(), { ...row, total: undefined, tags: [] }, 'update').values]).toEqual([[5, null]]);
  });

  it.each(['insert', 'update'] as const)('accepts a static-only write without clustering columns (%s)', (mode) => {
    const { key, values } = validateRow(orders(), { customer: 'c1', region: 'eu' }, mode);
    expect(key).toEqual({ customer: 'c1' });
    expect([...values]).toEqual([[4, 'eu']]);
  });

  it('accepts a static write with the full clustering key too', () => {
    const { key, values } = validateRow(orders(), { customer: 'c1', placed_at: 0, line: 2, region: 'eu', total: 1 }, 'insert');
    expect(key).toEqual({ customer: 'c1', placed_at: new Date(0), line: 2 });
    expect([...values]).toEqual([
      [2, 1],
      [4, 'eu'],
    ]);
  });

  it('accepts empty text in a clustering column and in a composite partition key', () => {
    expect(validateRow(defineTable({ keyspace: 'ks', name: 't', columns: { a: 'text', b: 'text' }, partitionKey: ['a'], clustering: [{ name: 'b' }] }, ID), { a: 'x', b: '' }, 'insert').key).toEqual({ a: 'x', b: '' });
    expect(validateRow(defineTable({ keyspace: 'ks', name: 't', columns: { a: 'text', b: 'text' }, partitionKey: ['a', 'b'] }, ID), { a: '', b: '' }, 'insert').key).toEqual({ a: '', b: '' });
  });

  it('every column written exists', () => {
    expectValidation(() => validateRow(orders(), { ...row, Total: 1 }, 'insert'), 'Unknown column Total in table shop.orders');
    expectValidation(() => validateRow(orders(), { ...row, nope: undefined, other: null }, 'update'), 'Unknown column other in table shop.orders');
  });

  it('every partition key column is given', () => {
    expectValidation(() => validateRow(orders(), { placed_at: 0, line: 1, total: 1 }, 'insert'), 'Missing mandatory PRIMARY KEY part customer');
    expectValidation(() => validateRow(orders(), { region: 'eu' }, 'update'), 'Missing mandatory PRIMARY KEY part customer');
  });

  it('every clustering column is given, unless only static columns are written', () => {
    expectValidation(() => validateRow(orders(), { customer: 'c1', line: 1, total: 1 }, 'insert'), 'Missing mandatory PRIMARY KEY part placed_at');
    expectValidation(() => validateRow(orders(), { customer: 'c1', placed_at: 0, total: 1 }, 'update'), 'Missing mandatory PRIMARY KEY part line');
    expectValidation(() => validateRow(orders(), { customer: 'c1' }, 'insert'), 'Missing mandatory PRIMARY KEY part placed_at');
    expectValidation(() => validateRow(orders(), { customer: 'c1', region: 'eu', total: 1 }, 'insert'), 'Missing mandatory PRIMARY KEY part placed_at');
    expectValidation(() => validateRow(orders(), { customer: 'c1', placed_at: 0, region: 'eu' }, 'insert'), 'Missing mandatory PRIMARY KEY part line');
  });

  it('no key column is null', () => {
    expectValidation(() => validateRow(orders(), { ...row, customer: null }, 'insert'), 'Invalid null value for partition key part customer');
    expectValidation(() => validateRow(orders(), { ...row, line: null }, 'update'), 'Invalid null value for clustering column line');
  });

  it('every value has its column type', () => {
    expectValidation(
      () => validateRow(orders(), { ...row, total: 'high' }, 'insert'),
      'Invalid value for column total of type double: expected a number, got "high"',
    );
    expectValidation(
      () => validateRow(orders(), { ...row, line: 2 ** 31 }, 'insert'),
      'Invalid value for column line of type int: expected an integer from -2147483648 to 2147483647, got 2147483648',
    );
    expectValidation(
      () => validateRow(orders(), { ...row, tags: ['a', 7] }, 'insert'),
      'Invalid value for column tags[1] of type text: expected a string, got 7',
    );
  });

  it('a single-column partition key is not empty', () => {
    expectValidation(() => validateRow(orders(), { ...row, customer: '' }, 'insert'), 'Key may not be empty');
  });

  describe('counter tables', () => {
    const counters = () =>
      defineTable({ keyspace: 'ks', name: 'hits', columns: { page: 'text', n: 'counter', m: 'counter' }, partitionKey: ['page'] }, ID);

    it('take UPDATE only', () => {
      expectValidation(() => validateRow(counters(), { page: 'p', n: 1n }, 'insert'), 'INSERT statements are not allowed on counter tables, use UPDATE instead');
    });

    it('take increments as values', () => {
      expect([...validateRow(counters(), { page: 'p', n: -2, m: '5' }, 'update').values]).toEqual([
        [1, -2n],
        [2, 5n],
      ]);
    });

    it('a counter increment is not null', () => {
      expectValidation(() => validateRow(counters(), { page: 'p', n: null }, 'update'), 'Invalid null value for counter increment of n');
    });
  });

  describe('sizes', () => {
    const blobs = () =>
      defineTable(
        {
          keyspace: 'ks',
          name: 'blobs',
          columns: { pk: 'blob', ck: 'blob', v: 'blob', s: 'blob' },
          partitionKey: ['pk'],
          clustering: [{ name: 'ck' }],
          static: ['s'],
        },
        ID,
      );
    const bytes = (n: number) => new Uint8Array(n);

    it('the partition key is at most 2048 bytes', () => {
      expect(validateRow(blobs(), { pk: bytes(MAX_PARTITION_KEY_BYTES), ck: bytes(1) }, 'insert').key['pk']).toHaveLength(2048);
      expectValidation(
        () => validateRow(blobs(), { pk: bytes(MAX_PARTITION_KEY_BYTES + 1), ck: bytes(1) }, 'insert'),
        'Partition key of 2049 bytes exceeds the maximum size of 2048 bytes',
      );
    });

    it('counts every partition key column, in their cell payload sizes', () => {
      const schema = defineTable({ keyspace: 'ks', name: 't', columns: { a: 'text', b: 'bigint' }, partitionKey: ['a', 'b'] }, ID);
      expect(validateRow(schema, { a: 'é'.repeat(1020), b: 1n }, 'insert').key['b']).toBe(1n); // 2040 + 8
      expectValidation(() => validateRow(schema, { a: `${'é'.repeat(1020)}x`, b: 1n }, 'insert'), 'Partition key of 2049 bytes exceeds the maximum size of 2048 bytes');
    });

    it('the clustering key is at most 850 bytes', () => {
      expect(validateRow(blobs(), { pk: bytes(1), ck: bytes(MAX_CLUSTERING_KEY_BYTES) }, 'insert').key['ck']).toHaveLength(850);
      expectValidation(
        () => validateRow(blobs(), { pk: bytes(1), ck: bytes(MAX_CLUSTERING_KEY_BYTES + 1) }, 'update'),
        'Clustering key of 851 bytes exceeds the maximum size of 850 bytes',
      );
    });

    it('a row is at most 1 MB: its key and its regular values', () => {
      const fits = MAX_ROW_BYTES - 10 - 20;
      expect(validateRow(blobs(), { pk: bytes(10), ck: bytes(20), v: bytes(fits) }, 'insert').values.get(2)).toHaveLength(fits);
      expectValidation(
        () => validateRow(blobs(), { pk: bytes(10), ck: bytes(20), v: bytes(fits + 1) }, 'insert'),
        'Row of 1048577 bytes exceeds the maximum row size of 1048576 bytes',
      );
    });

    it('static data is at most 1 MB per partition, and does not count toward the row', () => {
      const fits = MAX_STATIC_BYTES - 10;
      const { values } = validateRow(blobs(), { pk: bytes(10), ck: bytes(20), v: bytes(MAX_ROW_BYTES - 30), s: bytes(fits) }, 'insert');
      expect(values.get(3)).toHaveLength(fits);
      expectValidation(
        () => validateRow(blobs(), { pk: bytes(10), s: bytes(fits + 1) }, 'update'),
        'Static data of 1048577 bytes exceeds the maximum of 1048576 bytes per partition',
      );
    });

    it('measures collections by their serialized size', () => {
      const schema = defineTable(simple({ l: 'list<blob>' }), ID);
      // k: 4 bytes; the list: 4 + n × (4 + 1000)
      const n = Math.floor((MAX_ROW_BYTES - 4 - 4) / 1004);
      const list = Array.from({ length: n }, () => bytes(1000));
      expect(validateRow(schema, { k: 1, l: list }, 'insert').values.get(1)).toHaveLength(n);
      const size = 4 + 4 + (n + 1) * 1004;
      expectValidation(() => validateRow(schema, { k: 1, l: [...list, bytes(1000)] }, 'insert'), `Row of ${size} bytes exceeds the maximum row size of 1048576 bytes`);
    });
  });
});
