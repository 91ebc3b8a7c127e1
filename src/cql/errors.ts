/**
 * @module cql/errors
 * The syntax error of the CQL parser: Cassandra's `SyntaxException` (native protocol v4 §9,
 * error code 0x2000, `reference/cql.md` §2.4), with the position and the alternatives the parser
 * was ready for, and a message in Cassandra's (ANTLR's) wording:
 * `line 1:9 no viable alternative at input 'FORM' (expected FROM, ',', AS)`.
 *
 * Lines count from 1 and columns from 0, as in Cassandra's messages (ANTLR `charPositionInLine`).
 */
import { StoreServiceException } from '../common/errors.js';
import type { ExceptionOptions } from '../common/errors.js';

/** Where and why a statement failed to parse. */
export interface CqlSyntaxErrorDetails {
  /** Line of the offending input, from 1. */
  line: number;
  /** Column of the offending input in its line, from 0 (Cassandra's convention). */
  column: number;
  /** Offset of the offending input in the statement text, from 0. */
  offset: number;
  /** What the parser would have accepted there: keywords in upper case, symbols quoted (`','`), classes in words (`identifier`). */
  expected: string[];
  /** The offending input as written, or `<EOF>`. */
  found: string;
}

/**
 * A CQL statement is not well formed. The protocol code is `0x2000` (Syntax_error).
 * @example
 * try { parse('SELECT * FORM t'); }
 * catch (e) { if (e instanceof CqlSyntaxError) console.log(e.line, e.column, e.expected); }
 */
export class CqlSyntaxError extends StoreServiceException {
  override readonly name = 'SyntaxException' as const;
  readonly $fault = 'client' as const;
  /** Native-protocol error code (Syntax_error). */
  readonly code = 0x2000;
  /** Line of the offending input, from 1. */
  readonly line: number;
  /** Column in the line, from 0. */
  readonly column: number;
  /** Offset in the statement text, from 0. */
  readonly offset: number;
  /** What would have been accepted at that point (may be empty for lexical errors). */
  readonly expected: string[];
  /** The offending input, or `<EOF>`. */
  readonly found: string;

  /**
   * @param message - the full message, starting with `line L:C`
   * @param details - position, expected alternatives and offending input
   * @param options - optional cause
   */
  constructor(message: string, details: CqlSyntaxErrorDetails, options?: ExceptionOptions) {
    super(message, options);
    this.line = details.line;
    this.column = details.column;
    this.offset = details.offset;
    this.expected = details.expected;
    this.found = details.found;
  }
}
