/**
 * @module test/cql/parser
 * Table-driven: CQL statement → expected syntax tree (toMatchObject), one group per statement
 * kind, then terms, identifiers and comments, then bind markers and their receivers.
 */
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/cql/index.js';

type Case = [cql: string, expected: object];

const int = (text: string) => ({ kind: 'integer', text });
const str = (value: string) => ({ kind: 'string', value });
const bind = (index: number, name?: string) => (name === undefined ? { kind: 'bind', index } : { kind: 'bind', index, name });
const eq = (column: string, value: object) => ({ kind: 'compare', column, op: '=', value });

const keyspaceCases: Case[] = [
  ["CREATE KEYSPACE ks WITH replication = {'class': 'SingleRegionStrategy'}", { kind: 'createKeyspace', ifNotExists: false, keyspace: 'ks', options: [{ name: 'replication', value: { kind: 'map', entries: [{ key: str('class'), value: str('SingleRegionStrategy') }] } }] }],
  ["create keyspace if not exists KS with REPLICATION = {'class': 'SimpleStrategy', 'replication_factor': 1}", { kind: 'createKeyspace', ifNotExists: true, keyspace: 'ks', options: [{ name: 'replication', value: { entries: [{ key: str('class') }, { key: str('replication_factor'), value: int('1') }] } }] }],
  ["CREATE KEYSPACE \"MyKs\" WITH replication = {'class': 'SingleRegionStrategy'} AND durable_writes = true", { keyspace: 'MyKs', options: [{ name: 'replication' }, { name: 'durable_writes', value: { kind: 'boolean', value: true } }] }],
  ["CREATE KEYSPACE ks WITH replication = {'class': 'SingleRegionStrategy'} AND durable_writes = false;", { options: [{}, { value: { kind: 'boolean', value: false } }] }],
  ['DROP KEYSPACE ks', { kind: 'dropKeyspace', ifExists: false, keyspace: 'ks' }],
  ['DROP KEYSPACE IF EXISTS ks;', { kind: 'dropKeyspace', ifExists: true, keyspace: 'ks' }],
  ['drop keyspace "Ks"', { kind: 'dropKeyspace', keyspace: 'Ks' }],
  ['USE ks', { kind: 'use', keyspace: 'ks' }],
  ['USE "MyKs";', { kind: 'use', keyspace: 'MyKs' }],
  ['use MyKs', { kind: 'use', keyspace: 'myks' }],
];

const tableCases: Case[] = [
  ['CREATE TABLE t (k int PRIMARY KEY, v text)', { kind: 'createTable', ifNotExists: false, table: { name: 't' }, columns: [{ name: 'k', type: { kind: 'int' }, static: false }, { name: 'v', type: { kind: 'text' } }], partitionKey: ['k'], clusteringKey: [], clusteringOrder: [], options: [] }],
  ['CREATE TABLE IF NOT EXISTS ks.t (k int, c int, v int, PRIMARY KEY (k, c))', { ifNotExists: true, table: { keyspace: 'ks', name: 't' }, partitionKey: ['k'], clusteringKey: ['c'] }],
  ['CREATE TABLE ks.t (a int, b int, c int, d int, v int, PRIMARY KEY ((a, b), c, d))', { partitionKey: ['a', 'b'], clusteringKey: ['c', 'd'] }],
  ['CREATE TABLE t (k int, s text STATIC, c int, PRIMARY KEY (k, c))', { columns: [{ name: 'k' }, { name: 's', static: true }, { name: 'c', static: false }] }],
  ['CREATE TABLE t (k int, PRIMARY KEY ((k)))', { partitionKey: ['k'], clusteringKey: [] }],
  ['CREATE TABLE t (k uuid PRIMARY KEY, l list<int>, s set<text>, m map<text, bigint>)', { columns: [{}, { type: { kind: 'list', element: { kind: 'int' } } }, { type: { kind: 'set', element: { kind: 'text' } } }, { type: { kind: 'map', key: { kind: 'text' }, value: { kind: 'bigint' } } }] }],
  ['CREATE TABLE t (k frozen<list<int>> PRIMARY KEY, m map<text, frozen<set<int>>>)', { columns: [{ type: { kind: 'frozen', inner: { kind: 'list' } } }, { type: { kind: 'map', value: { kind: 'frozen', inner: { kind: 'set' } } } }] }],
  ['CREATE TABLE t (k INT PRIMARY KEY, a ASCII, b BIGINT, c BLOB, d BOOLEAN, e COUNTER, f DATE, g DECIMAL, h DOUBLE, i FLOAT, j INET)', { columns: [{ type: { kind: 'int' } }, { type: { kind: 'ascii' } }, { type: { kind: 'bigint' } }, { type: { kind: 'blob' } }, { type: { kind: 'boolean' } }, { type: { kind: 'counter' } }, { type: { kind: 'date' } }, { type: { kind: 'decimal' } }, { type: { kind: 'double' } }, { type: { kind: 'float' } }, { type: { kind: 'inet' } }] }],
  ['CREATE TABLE t (k smallint PRIMARY KEY, a text, b time, c timestamp, d timeuuid, e tinyint, f uuid, g varchar, h varint)', { columns: [{ type: { kind: 'smallint' } }, { type: { kind: 'text' } }, { type: { kind: 'time' } }, { type: { kind: 'timestamp' } }, { type: { kind: 'timeuuid' } }, { type: { kind: 'tinyint' } }, { type: { kind: 'uuid' } }, { type: { kind: 'varchar' } }, { type: { kind: 'varint' } }] }],
  ['CREATE TABLE t (k int, c text, PRIMARY KEY (k, c)) WITH CLUSTERING ORDER BY (c DESC)', { clusteringOrder: [{ column: 'c', order: 'DESC' }], options: [] }],
  ['CREATE TABLE t (k int, a int, b int, PRIMARY KEY (k, a, b)) WITH CLUSTERING ORDER BY (a ASC, b DESC) AND comment = \'hi\'', { clusteringOrder: [{ column: 'a', order: 'ASC' }, { column: 'b', order: 'DESC' }], options: [{ name: 'comment', value: str('hi') }] }],
  ["CREATE TABLE ks.t (k int PRIMARY KEY) WITH custom_properties = {'encryption_specification': {'encryption_type': 'CUSTOMER_MANAGED_KMS_KEY', 'kms_key_identifier': 'arn:aws:kms:eu-west-1:111122223333:key/abc'}}", { options: [{ name: 'custom_properties', value: { kind: 'map', entries: [{ key: str('encryption_specification'), value: { kind: 'map', entries: [{ key: str('encryption_type'), value: str('CUSTOMER_MANAGED_KMS_KEY') }, { key: str('kms_key_identifier'), value: str('arn:aws:kms:eu-west-1:111122223333:key/abc') }] } }] } }] }],
  ["CREATE TABLE t (k int PRIMARY KEY) WITH default_time_to_live = 3600 AND comment = 'x'", { options: [{ name: 'default_time_to_live', value: int('3600') }, { name: 'comment', value: str('x') }] }],
  ["CREATE TABLE t (k int PRIMARY KEY) WITH custom_properties = {'point_in_time_recovery': {'status': 'enabled'}}", { options: [{ name: 'custom_properties', value: { entries: [{ key: str('point_in_time_recovery'), value: { entries: [{ key: str('status'), value: str('enabled') }] } }] } }] }],
  ["CREATE TABLE t (k int PRIMARY KEY) WITH tags = {'env': 'dev'} AND bloom_filter_fp_chance = 0.01", { options: [{ name: 'tags' }, { name: 'bloom_filter_fp_chance', value: { kind: 'float', text: '0.01' } }] }],
  ['CREATE TABLE "Ks"."Tbl" ("Key" int PRIMARY KEY, "Val" text)', { table: { keyspace: 'Ks', name: 'Tbl' }, columns: [{ name: 'Key' }, { name: 'Val' }], partitionKey: ['Key'] }],
  ['CREATE TABLE t (key int PRIMARY KEY, ttl int, writetime int, count int, text text, static int)', { columns: [{ name: 'key' }, { name: 'ttl' }, { name: 'writetime' }, { name: 'count' }, { name: 'text' }, { name: 'static' }] }],
  ['CREATE COLUMNFAMILY t (k int PRIMARY KEY)', { kind: 'createTable', table: { name: 't' } }],
  ["CREATE TABLE t (k int PRIMARY KEY) WITH capacity_mode = {'throughput_mode': 'PAY_PER_REQUEST'}", { options: [{ name: 'capacity_mode' }] }],
  ['ALTER TABLE ks.t ADD v text', { kind: 'alterTable', table: { keyspace: 'ks', name: 't' }, action: { kind: 'add', columns: [{ name: 'v', type: { kind: 'text' }, static: false }] } }],
  ['ALTER TABLE t ADD (a int, b set<text>)', { action: { kind: 'add', columns: [{ name: 'a' }, { name: 'b', type: { kind: 'set' } }] } }],
  ['ALTER TABLE t ADD s int STATIC', { action: { kind: 'add', columns: [{ name: 's', static: true }] } }],
  ["ALTER TABLE ks.t WITH custom_properties = {'encryption_specification': {'encryption_type': 'AWS_OWNED_KMS_KEY'}}", { action: { kind: 'with', options: [{ name: 'custom_properties' }] } }],
  ['ALTER TABLE t WITH default_time_to_live = 0 AND comment = \'\'', { action: { kind: 'with', options: [{ name: 'default_time_to_live', value: int('0') }, { name: 'comment', value: str('') }] } }],
  ['DROP TABLE t', { kind: 'dropTable', ifExists: false, table: { name: 't' } }],
  ['DROP TABLE IF EXISTS ks.t;', { kind: 'dropTable', ifExists: true, table: { keyspace: 'ks', name: 't' } }],
  ['RESTORE TABLE ks.new_t FROM TABLE ks.old_t', { kind: 'restoreTable', table: { keyspace: 'ks', name: 'new_t' }, source: { keyspace: 'ks', name: 'old_t' }, options: [] }],
  ["RESTORE TABLE ks.n FROM TABLE ks.o WITH restore_timestamp = '2020-06-30T04:05:00+0000'", { options: [{ name: 'restore_timestamp', value: str('2020-06-30T04:05:00+0000') }] }],
  ["RESTORE TABLE ks.n FROM TABLE ks.o WITH custom_properties = {'point_in_time_recovery': {'status': 'disabled'}} AND restore_timestamp = '2023-01-01T00:00:00Z'", { options: [{ name: 'custom_properties' }, { name: 'restore_timestamp' }] }],
];

const insertCases: Case[] = [
  ["INSERT INTO t (k, v) VALUES (1, 'a')", { kind: 'insert', table: { name: 't' }, columns: ['k', 'v'], values: [int('1'), str('a')], ifNotExists: false, using: {} }],
  ["INSERT INTO ks.t (k, v) VALUES (1, 'a') IF NOT EXISTS", { table: { keyspace: 'ks' }, ifNotExists: true }],
  ['INSERT INTO t (k) VALUES (1) USING TTL 86400', { using: { ttl: int('86400') } }],
  ['INSERT INTO t (k) VALUES (1) USING TIMESTAMP 1600000000000000', { using: { timestamp: int('1600000000000000') } }],
  ['INSERT INTO t (k) VALUES (1) USING TTL 10 AND TIMESTAMP 123', { using: { ttl: int('10'), timestamp: int('123') } }],
  ['INSERT INTO t (k) VALUES (1) USING TIMESTAMP 5 AND TTL 6', { using: { ttl: int('6'), timestamp: int('5') } }],
  ['INSERT INTO t (k) VALUES (1) IF NOT EXISTS USING TTL 5', { ifNotExists: true, using: { ttl: int('5') } }],
  ['INSERT INTO t (k, l, s, m) VALUES (1, [1, 2], {3, 4}, {5: 6})', { values: [int('1'), { kind: 'list', elements: [int('1'), int('2')] }, { kind: 'set', elements: [int('3'), int('4')] }, { kind: 'map', entries: [{ key: int('5'), value: int('6') }] }] }],
  ['INSERT INTO t (k, l, m) VALUES (1, [], {})', { values: [{}, { kind: 'list', elements: [] }, { kind: 'map', entries: [] }] }],
  ['INSERT INTO t (k, id, ts) VALUES (now(), uuid(), toTimestamp(now()))', { values: [{ kind: 'function', name: 'now', args: [] }, { kind: 'function', name: 'uuid', args: [] }, { kind: 'function', name: 'totimestamp', args: [{ kind: 'function', name: 'now' }] }] }],
  ['INSERT INTO t (k, ts) VALUES (1, currentTimestamp())', { values: [{}, { kind: 'function', name: 'currenttimestamp', args: [] }] }],
  ['INSERT INTO t (k, v) VALUES (?, ?)', { values: [bind(0), bind(1)] }],
  ['INSERT INTO t (k, v) VALUES (:k, :v) USING TTL :ttl', { values: [bind(0, 'k'), bind(1, 'v')], using: { ttl: bind(2, 'ttl') } }],
  ['INSERT INTO t (k, v) VALUES (1, NULL)', { values: [{}, { kind: 'null' }] }],
  ['INSERT INTO t ("K", "V") VALUES (1, 2)', { columns: ['K', 'V'] }],
  ["INSERT INTO t (k, v) VALUES (1, $$a 'quoted' $$)", { values: [{}, str("a 'quoted' ")] }],
  ['INSERT INTO t (k, fr) VALUES (1, [[1], [2, 3]])', { values: [{}, { kind: 'list', elements: [{ kind: 'list', elements: [int('1')] }, { kind: 'list' }] }] }],
  ["INSERT INTO t (k, m) VALUES (1, {'a': [1], 'b': []})", { values: [{}, { kind: 'map', entries: [{ key: str('a'), value: { kind: 'list' } }, { key: str('b') }] }] }],
  ['INSERT INTO t (k, tu) VALUES (1, (1, \'a\'))', { values: [{}, { kind: 'tuple', elements: [int('1'), str('a')] }] }],
];

const updateCases: Case[] = [
  ["UPDATE t SET v = 'x' WHERE k = 1", { kind: 'update', table: { name: 't' }, using: {}, assignments: [{ kind: 'set', column: 'v', value: str('x') }], where: [eq('k', int('1'))] }],
  ['UPDATE ks.t USING TTL 5 SET v = 1 WHERE k = 1', { table: { keyspace: 'ks' }, using: { ttl: int('5') } }],
  ['UPDATE t USING TIMESTAMP 7 AND TTL 8 SET v = 1 WHERE k = 1', { using: { timestamp: int('7'), ttl: int('8') } }],
  ['UPDATE t SET a = 1, b = 2 WHERE k = 1 AND c = 2', { assignments: [{ column: 'a' }, { column: 'b' }], where: [eq('k', int('1')), eq('c', int('2'))] }],
  ['UPDATE t SET c = c + 1 WHERE k = 1', { assignments: [{ kind: 'add', column: 'c', value: int('1') }] }],
  ['UPDATE t SET c = c - 1 WHERE k = 1', { assignments: [{ kind: 'remove', column: 'c', value: int('1') }] }],
  ['UPDATE t SET c = c -1 WHERE k = 1', { assignments: [{ kind: 'remove', column: 'c', value: int('1') }] }],
  ['UPDATE t SET c = c - -1 WHERE k = 1', { assignments: [{ kind: 'remove', column: 'c', value: int('-1') }] }],
  ['UPDATE t SET l = l + [4, 5] WHERE k = 1', { assignments: [{ kind: 'add', column: 'l', value: { kind: 'list', elements: [int('4'), int('5')] } }] }],
  ['UPDATE t SET l = [0] + l WHERE k = 1', { assignments: [{ kind: 'prepend', column: 'l', value: { kind: 'list', elements: [int('0')] } }] }],
  ["UPDATE t SET s = s - {'a'} WHERE k = 1", { assignments: [{ kind: 'remove', column: 's', value: { kind: 'set', elements: [str('a')] } }] }],
  ["UPDATE t SET m = m + {'a': 1} WHERE k = 1", { assignments: [{ kind: 'add', column: 'm', value: { kind: 'map' } }] }],
  ["UPDATE t SET m['a'] = 2 WHERE k = 1", { assignments: [{ kind: 'setElement', column: 'm', key: str('a'), value: int('2') }] }],
  ['UPDATE t SET l[0] = 9 WHERE k = 1', { assignments: [{ kind: 'setElement', column: 'l', key: int('0'), value: int('9') }] }],
  ['UPDATE t SET v = 1 WHERE k = 1 IF EXISTS', { if: { kind: 'exists' } }],
  ['UPDATE t SET v = 1 WHERE k = 1 IF v = 0', { if: { kind: 'conditions', conditions: [{ kind: 'compare', column: 'v', op: '=', value: int('0') }] } }],
  ["UPDATE t SET v = 1 WHERE k = 1 IF v > 0 AND w != 'x' AND m['a'] = 1", { if: { kind: 'conditions', conditions: [{ op: '>' }, { column: 'w', op: '!=' }, { column: 'm', element: str('a'), op: '=' }] } }],
  ['UPDATE t SET v = 1 WHERE k = 1 IF v IN (1, 2)', { if: { conditions: [{ kind: 'in', column: 'v', values: [int('1'), int('2')] }] } }],
  ['UPDATE t SET v = 1 WHERE k = 1 IF v = NULL', { if: { conditions: [{ value: { kind: 'null' } }] } }],
  ['UPDATE t SET v = ? WHERE k = ? AND c = ?', { assignments: [{ value: bind(0) }], where: [eq('k', bind(1)), eq('c', bind(2))] }],
  ['UPDATE t SET s = s + {1} WHERE k IN (1, 2)', { where: [{ kind: 'in', column: 'k', values: [int('1'), int('2')] }] }],
  ['UPDATE t SET ts = toTimestamp(now()) WHERE k = 1', { assignments: [{ kind: 'set', value: { kind: 'function', name: 'totimestamp' } }] }],
];

const deleteCases: Case[] = [
  ['DELETE FROM t WHERE k = 1', { kind: 'delete', columns: [], table: { name: 't' }, using: {}, where: [eq('k', int('1'))] }],
  ['DELETE v FROM t WHERE k = 1', { columns: [{ column: 'v' }] }],
  ["DELETE a, m['x'], l[0] FROM ks.t WHERE k = 1", { columns: [{ column: 'a' }, { column: 'm', element: str('x') }, { column: 'l', element: int('0') }] }],
  ['DELETE FROM t USING TIMESTAMP 100 WHERE k = 1', { using: { timestamp: int('100') } }],
  ['DELETE FROM t WHERE k = 1 IF EXISTS', { if: { kind: 'exists' } }],
  ['DELETE FROM t WHERE k = 1 IF v = 3', { if: { kind: 'conditions', conditions: [{ column: 'v' }] } }],
  ['DELETE FROM t WHERE k = 1 AND c > 2 AND c <= 5', { where: [eq('k', int('1')), { kind: 'compare', column: 'c', op: '>' }, { kind: 'compare', column: 'c', op: '<=' }] }],
  ['DELETE FROM t WHERE k = 1 AND c >= 2 AND c < 5', { where: [{}, { op: '>=' }, { op: '<' }] }],
  ['DELETE FROM t WHERE k = 1 AND (c1, c2) >= (1, 2)', { where: [{}, { kind: 'multiCompare', columns: ['c1', 'c2'], op: '>=', value: { kind: 'tuple', elements: [int('1'), int('2')] } }] }],
  ['DELETE m[?] FROM t WHERE k = ?', { columns: [{ column: 'm', element: bind(0) }], where: [eq('k', bind(1))] }],
];

const batchCases: Case[] = [
  ['BEGIN BATCH INSERT INTO t (k) VALUES (1); APPLY BATCH', { kind: 'batch', type: 'logged', using: {}, statements: [{ kind: 'insert' }] }],
  ['BEGIN UNLOGGED BATCH INSERT INTO t (k) VALUES (1); UPDATE t SET v = 1 WHERE k = 2; DELETE FROM t WHERE k = 3; APPLY BATCH;', { type: 'unlogged', statements: [{ kind: 'insert' }, { kind: 'update' }, { kind: 'delete' }] }],
  ['BEGIN BATCH USING TIMESTAMP 42 INSERT INTO t (k) VALUES (1) APPLY BATCH', { using: { timestamp: int('42') }, statements: [{ kind: 'insert' }] }],
  ['BEGIN COUNTER BATCH UPDATE t SET c = c + 1 WHERE k = 1; APPLY BATCH', { type: 'counter', statements: [{ assignments: [{ kind: 'add' }] }] }],
  ['begin batch insert into t (k) values (?); insert into t (k) values (?); apply batch', { statements: [{ values: [bind(0)] }, { values: [bind(1)] }] }],
  ['BEGIN BATCH APPLY BATCH', { kind: 'batch', statements: [] }],
];

const selectCases: Case[] = [
  ['SELECT * FROM t', { kind: 'select', json: false, distinct: false, selection: '*', table: { name: 't' }, where: [], orderBy: [], allowFiltering: false }],
  ['SELECT a, b FROM ks.t', { selection: [{ expression: { kind: 'column', name: 'a' } }, { expression: { kind: 'column', name: 'b' } }], table: { keyspace: 'ks', name: 't' } }],
  ['SELECT JSON * FROM t', { json: true, selection: '*' }],
  ['SELECT DISTINCT k FROM t', { distinct: true }],
  ['SELECT COUNT(*) FROM t', { selection: [{ expression: { kind: 'count', arg: '*' } }] }],
  ['SELECT count(1) AS n FROM t', { selection: [{ expression: { kind: 'count', arg: '1' }, alias: 'n' }] }],
  ['SELECT WRITETIME(v), TTL(v) FROM t', { selection: [{ expression: { kind: 'writetime', column: 'v' } }, { expression: { kind: 'ttl', column: 'v' } }] }],
  ['SELECT writetime(v) AS wt, ttl(v) AS "T" FROM t', { selection: [{ alias: 'wt' }, { alias: 'T' }] }],
  ['SELECT a AS x FROM t', { selection: [{ expression: { kind: 'column', name: 'a' }, alias: 'x' }] }],
  ['SELECT token(k) FROM t', { selection: [{ expression: { kind: 'function', name: 'token', args: [{ kind: 'column', name: 'k' }] } }] }],
  ['SELECT toJson(m), dateOf(u) FROM t', { selection: [{ expression: { kind: 'function', name: 'tojson' } }, { expression: { kind: 'function', name: 'dateof' } }] }],
  ['SELECT "Col", col FROM t', { selection: [{ expression: { name: 'Col' } }, { expression: { name: 'col' } }] }],
  ['SELECT * FROM t WHERE k = 1', { where: [eq('k', int('1'))] }],
  ['SELECT * FROM t WHERE k = 1 AND c > 1 AND c < 10', { where: [{}, { op: '>' }, { op: '<' }] }],
  ['SELECT * FROM t WHERE k != 1', { where: [{ op: '!=' }] }],
  ['SELECT * FROM t WHERE k IN (1, 2, 3)', { where: [{ kind: 'in', column: 'k', values: [int('1'), int('2'), int('3')] }] }],
  ['SELECT * FROM t WHERE k IN ?', { where: [{ kind: 'in', column: 'k', values: bind(0) }] }],
  ['SELECT * FROM t WHERE k IN ()', { where: [{ kind: 'in', values: [] }] }],
  ['SELECT * FROM t WHERE k = 1 AND (c1, c2) > (1, 2)', { where: [{}, { kind: 'multiCompare', columns: ['c1', 'c2'], op: '>' }] }],
  ['SELECT * FROM t WHERE k = 1 AND (c1, c2) = ?', { where: [{}, { kind: 'multiCompare', value: bind(0) }] }],
  ['SELECT * FROM t WHERE k = 1 AND (c1, c2) IN ((1, 2), (3, 4))', { where: [{}, { kind: 'multiIn', columns: ['c1', 'c2'], values: [{ kind: 'tuple' }, { kind: 'tuple' }] }] }],
  ['SELECT * FROM t WHERE token(k) > token(5)', { where: [{ kind: 'token', columns: ['k'], op: '>', value: { kind: 'function', name: 'token', args: [int('5')] } }] }],
  ['SELECT * FROM t WHERE token(a, b) >= -9223372036854775808', { where: [{ kind: 'token', columns: ['a', 'b'], op: '>=', value: int('-9223372036854775808') }] }],
  ['SELECT * FROM t WHERE token(k) > ? AND token(k) <= ?', { where: [{ kind: 'token', value: bind(0) }, { kind: 'token', op: '<=', value: bind(1) }] }],
  ["SELECT * FROM t WHERE s CONTAINS 'x' ALLOW FILTERING", { where: [{ kind: 'contains', column: 's', key: false, value: str('x') }], allowFiltering: true }],
  ["SELECT * FROM t WHERE m CONTAINS KEY 'x' ALLOW FILTERING", { where: [{ kind: 'contains', column: 'm', key: true, value: str('x') }] }],
  ['SELECT * FROM t WHERE k = 1 ORDER BY c DESC', { orderBy: [{ column: 'c', order: 'DESC' }] }],
  ['SELECT * FROM t WHERE k = 1 ORDER BY c1 ASC, c2', { orderBy: [{ column: 'c1', order: 'ASC' }, { column: 'c2', order: 'ASC' }] }],
  ['SELECT * FROM t LIMIT 10', { limit: int('10') }],
  ['SELECT * FROM t PER PARTITION LIMIT 2', { perPartitionLimit: int('2') }],
  ['SELECT * FROM t PER PARTITION LIMIT 2 LIMIT 5 ALLOW FILTERING', { perPartitionLimit: int('2'), limit: int('5'), allowFiltering: true }],
  ['SELECT * FROM t LIMIT ?', { limit: bind(0) }],
  ['SELECT * FROM t WHERE k = 1 ORDER BY c DESC PER PARTITION LIMIT 1 LIMIT 3 ALLOW FILTERING;', { orderBy: [{ order: 'DESC' }], perPartitionLimit: int('1'), limit: int('3'), allowFiltering: true }],
  ['select * from T where K = 1', { table: { name: 't' }, where: [{ column: 'k' }] }],
  ["SELECT * FROM system_schema_mcs.tables WHERE keyspace_name = 'ks' AND table_name = 't'", { table: { keyspace: 'system_schema_mcs', name: 'tables' } }],
  ["SELECT * FROM system.local WHERE key = 'local'", { table: { keyspace: 'system', name: 'local' }, where: [eq('key', str('local'))] }],
];

const termCases: Case[] = [
  ["SELECT * FROM t WHERE k = 'it''s'", { where: [eq('k', str("it's"))] }],
  ["SELECT * FROM t WHERE k = ''", { where: [eq('k', str(''))] }],
  ["SELECT * FROM t WHERE k = 'multi\nline'", { where: [eq('k', str('multi\nline'))] }],
  ["SELECT * FROM t WHERE k = 'ünïcödé 😀'", { where: [eq('k', str('ünïcödé 😀'))] }],
  ['SELECT * FROM t WHERE k = 42', { where: [eq('k', int('42'))] }],
  ['SELECT * FROM t WHERE k = -42', { where: [eq('k', int('-42'))] }],
  ['SELECT * FROM t WHERE k = 123456789012345678901234567890', { where: [eq('k', int('123456789012345678901234567890'))] }],
  ['SELECT * FROM t WHERE k = 1.5', { where: [eq('k', { kind: 'float', text: '1.5' })] }],
  ['SELECT * FROM t WHERE k = -0.25', { where: [eq('k', { kind: 'float', text: '-0.25' })] }],
  ['SELECT * FROM t WHERE k = 1e10', { where: [eq('k', { kind: 'float', text: '1e10' })] }],
  ['SELECT * FROM t WHERE k = 2.5E-3', { where: [eq('k', { kind: 'float', text: '2.5E-3' })] }],
  ['SELECT * FROM t WHERE k = NaN', { where: [eq('k', { kind: 'float', text: 'NaN' })] }],
  ['SELECT * FROM t WHERE k = Infinity', { where: [eq('k', { kind: 'float', text: 'Infinity' })] }],
  ['SELECT * FROM t WHERE k = -Infinity', { where: [eq('k', { kind: 'float', text: '-Infinity' })] }],
  ['SELECT * FROM t WHERE k = true AND j = FALSE', { where: [eq('k', { kind: 'boolean', value: true }), eq('j', { kind: 'boolean', value: false })] }],
  ['SELECT * FROM t WHERE k = null', { where: [eq('k', { kind: 'null' })] }],
  ['SELECT * FROM t WHERE k = 123E4567-E89B-12D3-A456-426614174000', { where: [eq('k', { kind: 'uuid', value: '123e4567-e89b-12d3-a456-426614174000' })] }],
  ['SELECT * FROM t WHERE k = deadbeef-dead-beef-dead-beefdeadbeef', { where: [eq('k', { kind: 'uuid', value: 'deadbeef-dead-beef-dead-beefdeadbeef' })] }],
  ['SELECT * FROM t WHERE k = 0xCAFEbabe', { where: [eq('k', { kind: 'blob', hex: 'cafebabe' })] }],
  ['SELECT * FROM t WHERE k = 0x', { where: [eq('k', { kind: 'blob', hex: '' })] }],
  ["SELECT * FROM t WHERE k = {'a', 'b'}", { where: [eq('k', { kind: 'set', elements: [str('a'), str('b')] })] }],
  ['SELECT * FROM t WHERE k = (1, 2, 3)', { where: [eq('k', { kind: 'tuple', elements: [int('1'), int('2'), int('3')] })] }],
  ['SELECT * FROM t WHERE k = minTimeuuid(\'2013-01-01\')', { where: [eq('k', { kind: 'function', name: 'mintimeuuid', args: [str('2013-01-01')] })] }],
];

const lexicalCases: Case[] = [
  ['SELECT * FROM t -- a comment', { kind: 'select' }],
  ['SELECT * // comment\nFROM t', { kind: 'select', table: { name: 't' } }],
  ['SELECT /* block\ncomment */ * FROM t', { selection: '*' }],
  ['  \n\tSELECT\n*\nFROM\nt\n;\n  ', { kind: 'select' }],
  ['SeLeCt * FrOm t', { kind: 'select' }],
  ['SELECT "a""b" FROM t', { selection: [{ expression: { name: 'a"b' } }] }],
  ['SELECT "select" FROM "from"', { selection: [{ expression: { name: 'select' } }], table: { name: 'from' } }],
  ['SELECT a_1, B2 FROM t', { selection: [{ expression: { name: 'a_1' } }, { expression: { name: 'b2' } }] }],
  ['SELECT * FROM t WHERE k=1 AND c=2', { where: [eq('k', int('1')), eq('c', int('2'))] }],
];

describe('parse: statements → AST', () => {
  const groups: [string, Case[]][] = [
    ['keyspaces and USE', keyspaceCases],
    ['tables (CREATE, ALTER, DROP, RESTORE)', tableCases],
    ['INSERT', insertCases],
    ['UPDATE', updateCases],
    ['DELETE', deleteCases],
    ['BATCH', batchCases],
    ['SELECT', selectCases],
    ['terms', termCases],
    ['lexical: comments, case, quoting', lexicalCases],
  ];
  for (const [group, cases] of groups) {
    describe(group, () => {
      it.each(cases)('%s', (cql, expected) => {
        expect(parse(cql)).toMatchObject(expected);
      });
    });
  }

  it('has at least 120 cases', () => {
    expect(groups.reduce((n, [, c]) => n + c.length, 0)).toBeGreaterThanOrEqual(120);
  });
});
