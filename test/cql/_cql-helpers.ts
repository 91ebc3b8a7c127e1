/**
 * @module test/cql/_cql-helpers
 * Fixtures of the CQL executor tests: running statements on a store fixture (in a session on
 * keyspace `ks`, so tables may be named unqualified), checking errors by `name` and protocol code
 * (STYLE.md §12), and the table-driven case runner (`{ name, statements, query, rows | error }`).
 */
import { expect } from 'vitest';
import { errorCodeOf } from '../../src/index.js';
import type { ExecuteOptions, Params, PreparedStatement, ResultSet, Row } from '../../src/index.js';
import { caught, KS, openStore } from '../table/_store-helpers.js';
import type { Fixture } from '../table/_store-helpers.js';

/** Protocol error codes the tests name. */
export const SYNTAX = 0x2000;
export const INVALID = 0x2200;
export const ALREADY_EXISTS = 0x2400;

/** CQL on a fixture's current store (follows {@link Fixture.reopen}). */
export interface Cql {
  readonly f: Fixture;
  /** Executes one statement in a session whose keyspace is the helper's (default `ks`). */
  run(query: string | PreparedStatement, params?: Params, options?: ExecuteOptions): Promise<ResultSet>;
  /** Executes the statements in order. */
  all(statements: readonly string[]): Promise<void>;
  /** The rows of a query. */
  rows(query: string, params?: Params): Promise<Row[]>;
}

/** Wraps a fixture; statements run in a new session on `keyspace` of the fixture's current store. */
export function cql(f: Fixture, keyspace: string = KS): Cql {
  const run = (query: string | PreparedStatement, params?: Params, options?: ExecuteOptions): Promise<ResultSet> =>
    f.store.session(keyspace).execute(query, params ?? [], options ?? {});
  return {
    f,
    run,
    async all(statements) {
      for (const s of statements) await run(s);
    },
    async rows(query, params) {
      return rowsOf(await run(query, params));
    },
  };
}

/** A store fixture (keyspace `ks` created) with its {@link Cql}. */
export async function openCql(): Promise<Cql> {
  return cql(await openStore());
}

/** The rows of a result as plain objects (for `toEqual`). */
export function rowsOf(result: ResultSet): Row[] {
  return result.rows.map((r) => ({ ...r }));
}

/** Asserts the promise rejects with this error `name` and protocol `code` (and a message matching `message`, when given). */
export async function expectCqlError(promise: Promise<unknown>, name: string, code: number, message?: string | RegExp): Promise<Error> {
  const error = await caught(promise);
  expect(error.name, error.message).toBe(name);
  expect(errorCodeOf(error), `protocol code of ${error.name}: ${error.message}`).toBe(code);
  if (typeof message === 'string') expect(error.message).toContain(message);
  else if (message) expect(error.message).toMatch(message);
  return error;
}

/** The error a case expects. */
export interface CqlErrorExpectation {
  name: string;
  code: number;
  message?: string | RegExp;
}

/** One table-driven case: setup statements, then a query (or a last statement) and what it gives. */
export interface CqlCase {
  /** The rule, in words (the test title). */
  name: string;
  /** Setup statements, run in order. */
  statements: readonly string[];
  /** The statement under test. */
  query: string;
  params?: Params;
  /** The rows it returns (for a write: the rows of `check` afterwards, when given). */
  rows?: Row[];
  /** The error it fails with. */
  error?: CqlErrorExpectation;
  /** A query whose rows must equal `after` once `query` ran (or failed). */
  check?: string;
  after?: Row[];
}

/** Runs a {@link CqlCase} on `c`. */
export async function runCqlCase(c: Cql, t: CqlCase): Promise<void> {
  await c.all(t.statements);
  if (t.error) await expectCqlError(c.run(t.query, t.params), t.error.name, t.error.code, t.error.message);
  else {
    const result = await c.run(t.query, t.params);
    if (t.rows) expect(rowsOf(result)).toEqual(t.rows);
  }
  if (t.check !== undefined) expect(await c.rows(t.check)).toEqual(t.after ?? []);
}

/** The failure of a statement that must fail: its name, message and protocol code. */
export async function failure(p: Promise<unknown>): Promise<{ name: string; message: string; code: number }> {
  const e = (await p.then(
    () => undefined,
    (x: unknown) => x,
  )) as Error | undefined;
  expect(e, 'expected the statement to fail').toBeInstanceOf(Error);
  return { name: e!.name, message: e!.message, code: errorCodeOf(e) };
}
