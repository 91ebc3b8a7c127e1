/**
 * @module test/cql/errors
 * Statement → CqlSyntaxError: the class contract (name, $fault, code 0x2000) and, for typical
 * mistakes, the line, column (from 0, as Cassandra), expected alternatives and found input.
 */
import { describe, expect, it } from 'vitest';
import { CqlSyntaxError, parse } from '../../src/cql/index.js';
import { StoreServiceException } from '../../src/common/errors.js';

function syntaxError(cql: string): CqlSyntaxError {
  try {
    parse(cql);
  } catch (e) {
    if (e instanceof CqlSyntaxError) return e;
    throw e;
  }
  throw new Error(`expected a syntax error for ${cql}`);
}

type ErrorCase = [cql: string, expected: { line: number; column: number; found: string; expected?: string[]; message?: string }];

const cases: ErrorCase[] = [
  ['SELECT * FORM t', { line: 1, column: 9, found: 'FORM', expected: ['FROM'], message: "line 1:9 mismatched input 'FORM' expecting FROM" }],
  ['SELECT a, b FORM t', { line: 1, column: 12, found: 'FORM', expected: ['AS', "','", 'FROM'], message: "line 1:12 no viable alternative at input 'FORM' (expected AS, ',', FROM)" }],
  ['SELEC * FROM t', { line: 1, column: 0, found: 'SELEC' }],
  ['INSERT INTO t (k, v VALUES (1, 2)', { line: 1, column: 20, found: 'VALUES', expected: ["','", "')'"] }],
  ['INSERT INTO t (k) VALUES (1', { line: 1, column: 27, found: '<EOF>' }],
  ["INSERT INTO t (k) VALUES ('abc)", { line: 1, column: 31, found: '<EOF>', expected: ["'''"], message: "line 1:31 mismatched character '<EOF>' expecting '''" }],
  ['SELECT * FROM t WHERE k = "abc', { line: 1, column: 30, found: '<EOF>' }],
  ['SELECT * FROM t /* never closed', { line: 1, column: 31, found: '<EOF>' }],
  ['SELECT * FROM t LIMIT 12abc', { line: 1, column: 22, found: '12abc' }],
  ['SELECT * FROM t WHERE k = 1.2.3', { line: 1, column: 26, found: '1.2.3' }],
  ['SELECT * FROM t WHERE k = 1e', { line: 1, column: 26, found: '1e' }],
  ['SELECT * FROM t WHERE k=1AND c=2', { line: 1, column: 24, found: '1AND' }],
  ['SELECT * FROM t LIMIT 1.5', { line: 1, column: 22, found: '1.5', expected: ["'?'", "':'", 'integer'] }],
  ['SELECT * FROM t WHERE k = #', { line: 1, column: 26, found: '#', message: "line 1:26 token recognition error at: '#'" }],
  ['FROB TABLE t', { line: 1, column: 0, found: 'FROB' }],
  ['CREATE TABEL t (k int PRIMARY KEY)', { line: 1, column: 7, found: 'TABEL', expected: ['KEYSPACE', 'TABLE', 'COLUMNFAMILY'] }],
  ['CREATE TABLE t (k integer PRIMARY KEY)', { line: 1, column: 18, found: 'integer', expected: ['type'] }],
  ['CREATE TABLE t (k int, v text)', { line: 1, column: 16, found: 'k', message: 'line 1:16 no PRIMARY KEY specified' }],
  ['CREATE TABLE t (k int PRIMARY KEY, v int PRIMARY KEY)', { line: 1, column: 41, found: 'PRIMARY' }],
  ['CREATE TABLE t (k int PRIMARY KEY) WITH comment = \'a\' AND comment = \'b\'', { line: 1, column: 58, found: 'comment' }],
  ['CREATE TABLE t (k map<int> PRIMARY KEY)', { line: 1, column: 25, found: '>', expected: ["','"] }],
  ['INSERT INTO t (a, b) VALUES (1)', { line: 1, column: 28, found: '(' }],
  ['SELECT * FROM t\nWHERE k = 1\nAND ORDER BY c', { line: 3, column: 4, found: 'ORDER' }],
  ['SELECT * FROM t; SELECT * FROM u', { line: 1, column: 17, found: 'SELECT', expected: ['<EOF>'] }],
  ['SELECT * FROM select', { line: 1, column: 14, found: 'select', expected: ['table name'] }],
  ['SELECT * FROM t WHERE', { line: 1, column: 21, found: '<EOF>' }],
  ['UPDATE t SET v = w + 1 WHERE k = 1', { line: 1, column: 17, found: 'w' }],
  ['UPDATE t SET l = [1] + m WHERE k = 1', { line: 1, column: 23, found: 'm' }],
  ['DELETE FROM t USING TTL 5 WHERE k = 1', { line: 1, column: 20, found: 'TTL', expected: ['TIMESTAMP'] }],
  ['BEGIN BATCH SELECT * FROM t APPLY BATCH', { line: 1, column: 12, found: 'SELECT', expected: ['USING', 'APPLY', 'INSERT', 'UPDATE', 'DELETE'] }],
  ['INSERT INTO t (k) VALUES (1) USING TTL 1 AND TTL 2', { line: 1, column: 45, found: 'TTL' }],
  ['', { line: 1, column: 0, found: '<EOF>' }],
  ['USE', { line: 1, column: 3, found: '<EOF>', expected: ['keyspace name'] }],
  ['DROP TABLE IF t', { line: 1, column: 14, found: 't', expected: ['EXISTS'] }],
  ['SELECT COUNT(2) FROM t', { line: 1, column: 13, found: '2' }],
];

describe('parse: syntax errors', () => {
  it('a CqlSyntaxError is a client-fault SyntaxException with protocol code 0x2000', () => {
    const e = syntaxError('SELECT * FORM t');
    expect(e).toBeInstanceOf(StoreServiceException);
    expect(e.name).toBe('SyntaxException');
    expect(e.$fault).toBe('client');
    expect(e.code).toBe(0x2000);
    expect(e.offset).toBe(9);
  });

  it.each(cases)('%s', (cql, expected) => {
    const e = syntaxError(cql);
    expect({ line: e.line, column: e.column, found: e.found }).toEqual({ line: expected.line, column: expected.column, found: expected.found });
    if (expected.expected !== undefined) expect(e.expected).toEqual(expected.expected);
    if (expected.message !== undefined) expect(e.message).toBe(expected.message);
    expect(e.message).toMatch(new RegExp(`^line ${expected.line}:${expected.column} `));
  });

  it('parse refuses a non-string with a TypeError', () => {
    expect(() => parse(42 as unknown as string)).toThrow(TypeError);
  });

  it('reserved words are refused as unquoted identifiers but accepted quoted', () => {
    expect(syntaxError('SELECT * FROM t WHERE select = 1').found).toBe('select');
    expect(parse('SELECT * FROM t WHERE "select" = 1')).toMatchObject({ where: [{ column: 'select' }] });
  });
});
