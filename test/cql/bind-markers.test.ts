/**
 * @module test/cql/bind-markers
 * Bind markers: numbered from 0 in order of appearance (across a BATCH), named markers keep
 * their name, and each records the receiver Cassandra would name in a PREPARED result.
 */
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/cql/index.js';

type Case = [cql: string, markers: object[]];

const cases: Case[] = [
  ['SELECT * FROM t WHERE k = ? AND c > ?', [{ index: 0, receiver: 'k', column: 'k' }, { index: 1, receiver: 'c', column: 'c' }]],
  ['SELECT * FROM t WHERE k IN ?', [{ index: 0, receiver: 'in(k)', column: 'k' }]],
  ['SELECT * FROM t WHERE k IN (?, ?)', [{ receiver: 'k' }, { receiver: 'k' }]],
  ['SELECT * FROM t WHERE k = 1 AND (a, b) > ?', [{ receiver: '(a, b)', columns: ['a', 'b'] }]],
  ['SELECT * FROM t WHERE k = 1 AND (a, b) > (?, ?)', [{ receiver: 'a', column: 'a' }, { receiver: 'b', column: 'b' }]],
  ['SELECT * FROM t WHERE k = 1 AND (a, b) IN ?', [{ receiver: 'in((a, b))' }]],
  ['SELECT * FROM t WHERE token(k) > ?', [{ receiver: 'partition key token' }]],
  ['SELECT * FROM t WHERE token(k) > token()', []],
  ['SELECT * FROM t WHERE token(a, b) > token(?, ?)', [{ receiver: 'a' }, { receiver: 'b' }]],
  ['SELECT * FROM t WHERE m CONTAINS KEY ? AND s CONTAINS ?', [{ receiver: 'key(m)' }, { receiver: 'value(s)' }]],
  ['SELECT * FROM t PER PARTITION LIMIT ? LIMIT ?', [{ receiver: '[per_partition_limit]' }, { receiver: '[limit]' }]],
  ['INSERT INTO t (k, v) VALUES (?, ?) USING TTL ? AND TIMESTAMP ?', [{ receiver: 'k' }, { receiver: 'v' }, { receiver: '[ttl]' }, { receiver: '[timestamp]' }]],
  ['INSERT INTO t (k, v) VALUES (:k, :"V")', [{ index: 0, name: 'k', receiver: 'k' }, { index: 1, name: 'V', receiver: 'v' }]],
  ['UPDATE t SET m[?] = ?, l = l + [?] WHERE k = ?', [{ receiver: 'key(m)' }, { receiver: 'value(m)' }, { receiver: 'value(l)' }, { receiver: 'k' }]],
  ['UPDATE t SET v = ? WHERE k = ? IF v = ? AND m[?] = ?', [{ receiver: 'v' }, { receiver: 'k' }, { receiver: 'v' }, { receiver: 'key(m)' }, { receiver: 'value(m)' }]],
  ['UPDATE t SET v = toTimestamp(?) WHERE k = 1', [{ receiver: 'totimestamp(arg0)' }]],
  ['DELETE m[?] FROM t USING TIMESTAMP ? WHERE k = ?', [{ receiver: 'key(m)' }, { receiver: '[timestamp]' }, { receiver: 'k' }]],
];

describe('bind markers', () => {
  it.each(cases)('%s', (cql, markers) => {
    const s = parse(cql);
    expect(s.bindMarkers).toHaveLength(markers.length);
    expect(s.bindMarkers).toMatchObject(markers);
    expect(s.bindMarkers.map((m) => m.index)).toEqual(markers.map((_, i) => i));
  });

  it('a BATCH numbers its markers across its statements and lists them all', () => {
    const s = parse('BEGIN BATCH USING TIMESTAMP ? INSERT INTO t (k) VALUES (?); UPDATE t SET v = ? WHERE k = ?; APPLY BATCH');
    if (s.kind !== 'batch') throw new Error('expected a batch');
    expect(s.bindMarkers.map((m) => [m.index, m.receiver])).toEqual([[0, '[timestamp]'], [1, 'k'], [2, 'v'], [3, 'k']]);
    expect(s.statements[1]?.bindMarkers.map((m) => m.index)).toEqual([2, 3]);
    expect(s.statements[1]).toMatchObject({ assignments: [{ value: { kind: 'bind', index: 2 } }] });
  });
});
