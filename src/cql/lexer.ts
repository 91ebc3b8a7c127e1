/**
 * @module cql/lexer
 * A hand-written lexer for CQL (Cassandra 3.x `Lexer.g`, as Keyspaces accepts it): identifiers
 * (unquoted, and `"quoted"` with `""` for a quote), string literals (`'…'` with `''` for a
 * quote, and `$$…$$`), integers, floats (`1.5`, `2e10`; `NaN` and `Infinity` are identifiers the
 * parser reads as floats), unquoted uuids, blobs `0x…`, symbols, and comments (`--` and `//` to
 * the end of the line, `/* … *\/`), which are skipped with the whitespace.
 *
 * A minus sign is always its own token: the parser joins `-` and a number into a negative
 * literal where a term is expected, so `c = c - 1` and `c = c -1` both read as a subtraction.
 */
import { CqlSyntaxError } from './errors.js';

/** The class of a token. */
export type TokenType =
  | 'identifier'
  | 'quotedIdentifier'
  | 'string'
  | 'integer'
  | 'float'
  | 'uuid'
  | 'blob'
  | 'symbol'
  | 'eof';

/** A token with its position. */
export interface Token {
  type: TokenType;
  /**
   * The value: an unquoted identifier lower-cased, a quoted identifier or string without its
   * quotes and with escapes undone, a number as written, a uuid lower-cased, a blob's hex digits
   * lower-cased without `0x`, a symbol as written, `''` at the end.
   */
  value: string;
  /** The source text of the token (`<EOF>` at the end). */
  text: string;
  /** Offset in the source, from 0. */
  offset: number;
  /** Line, from 1. */
  line: number;
  /** Column in the line, from 0. */
  column: number;
}

const SYMBOLS_2 = new Set(['<=', '>=', '!=']);
const SYMBOLS_1 = new Set(['(', ')', '[', ']', '{', '}', ',', ';', '.', '=', '<', '>', '+', '-', '*', ':', '?']);
const UUID_RE = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/y;
const NUMBER_RE = /[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?/y;
const IDENT_RE = /[a-zA-Z][a-zA-Z0-9_]*/y;
const BLOB_RE = /0[xX][0-9a-fA-F]*/y;
const WORD_CHAR = /[a-zA-Z0-9_.]/;

/**
 * Splits CQL text into tokens, ending with an `eof` token.
 * @param source - the statement text
 * @returns the tokens, the last of type `eof`
 * @throws {@link CqlSyntaxError} on an unterminated string, quoted identifier or comment, a
 *   malformed number (`12abc`, `1.2.3`, `1e`), or a character CQL does not use
 * @throws {@link TypeError} when `source` is not a string
 * @example
 * tokenize("SELECT * FROM t WHERE k = 'a'").map((t) => t.type);
 * // ['identifier', 'symbol', 'identifier', 'identifier', 'identifier', 'identifier', 'symbol', 'string', 'eof']
 */
export function tokenize(source: string): Token[] {
  if (typeof source !== 'string') throw new TypeError(`source must be a string, got ${typeof source}`);
  const tokens: Token[] = [];
  let pos = 0;
  let line = 1;
  let lineStart = 0;
  const n = source.length;

  const fail = (at: number, message: string, found: string, expected: string[] = []): never => {
    const { l, c } = positionOf(source, at);
    throw new CqlSyntaxError(`line ${l}:${c} ${message}`, { line: l, column: c, offset: at, expected, found });
  };
  const push = (type: TokenType, value: string, start: number, end: number): void => {
    tokens.push({ type, value, text: source.slice(start, end), offset: start, line, column: start - lineStart });
  };
  // Advances line bookkeeping over source[from, to).
  const advanceLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      if (source.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
  };

  while (pos < n) {
    const ch = source[pos] as string;
    // whitespace
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n' || ch === '\f') {
      if (ch === '\n') {
        line++;
        lineStart = pos + 1;
      }
      pos++;
      continue;
    }
    // comments
    if ((ch === '-' && source[pos + 1] === '-') || (ch === '/' && source[pos + 1] === '/')) {
      while (pos < n && source[pos] !== '\n') pos++;
      continue;
    }
    if (ch === '/' && source[pos + 1] === '*') {
      const end = source.indexOf('*/', pos + 2);
      if (end < 0) fail(n, "mismatched input '<EOF>' expecting '*/'", '<EOF>', ["'*/'"]);
      advanceLines(pos, end + 2);
      pos = end + 2;
      continue;
    }
    const start = pos;
    // string literal
    if (ch === "'") {
      let value = '';
      let i = pos + 1;
      for (;;) {
        const q = source.indexOf("'", i);
        if (q < 0) fail(n, "mismatched character '<EOF>' expecting '''", '<EOF>', ["'''"]);
        value += source.slice(i, q);
        if (source[q + 1] === "'") {
          value += "'";
          i = q + 2;
          continue;
        }
        pos = q + 1;
        break;
      }
      push('string', value, start, pos);
      advanceLines(start, pos);
      continue;
    }
    if (ch === '$' && source[pos + 1] === '$') {
      const end = source.indexOf('$$', pos + 2);
      if (end < 0) fail(n, "mismatched character '<EOF>' expecting '$$'", '<EOF>', ["'$$'"]);
      pos = end + 2;
      push('string', source.slice(start + 2, end), start, pos);
      advanceLines(start, pos);
      continue;
    }
    // quoted identifier
    if (ch === '"') {
      let value = '';
      let i = pos + 1;
      for (;;) {
        const q = source.indexOf('"', i);
        if (q < 0) fail(n, `mismatched character '<EOF>' expecting '"'`, '<EOF>', ["'\"'"]);
        value += source.slice(i, q);
        if (source[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        pos = q + 1;
        break;
      }
      if (value.length === 0) fail(start, `no viable alternative at input '""'`, '""', ['identifier']);
      push('quotedIdentifier', value, start, pos);
      advanceLines(start, pos);
      continue;
    }
    // uuid (before numbers and identifiers: it may start with either)
    if (/[0-9a-fA-F]/.test(ch)) {
      UUID_RE.lastIndex = pos;
      if (UUID_RE.test(source) && !WORD_CHAR.test(source[UUID_RE.lastIndex] ?? ' ')) {
        pos = UUID_RE.lastIndex;
        push('uuid', source.slice(start, pos).toLowerCase(), start, pos);
        continue;
      }
    }
    // blob
    if (ch === '0' && (source[pos + 1] === 'x' || source[pos + 1] === 'X')) {
      BLOB_RE.lastIndex = pos;
      BLOB_RE.test(source);
      pos = BLOB_RE.lastIndex;
      if (WORD_CHAR.test(source[pos] ?? ' ')) badWord(start);
      push('blob', source.slice(start + 2, pos).toLowerCase(), start, pos);
      continue;
    }
    // number
    if (ch >= '0' && ch <= '9') {
      NUMBER_RE.lastIndex = pos;
      const m = NUMBER_RE.exec(source) as RegExpExecArray;
      pos = NUMBER_RE.lastIndex;
      if (WORD_CHAR.test(source[pos] ?? ' ')) badWord(start);
      const isFloat = m[1] !== undefined || m[2] !== undefined;
      push(isFloat ? 'float' : 'integer', m[0], start, pos);
      continue;
    }
    // identifier
    if (/[a-zA-Z]/.test(ch)) {
      IDENT_RE.lastIndex = pos;
      IDENT_RE.test(source);
      pos = IDENT_RE.lastIndex;
      push('identifier', source.slice(start, pos).toLowerCase(), start, pos);
      continue;
    }
    // symbols
    const two = source.slice(pos, pos + 2);
    if (SYMBOLS_2.has(two)) {
      pos += 2;
      push('symbol', two, start, pos);
      continue;
    }
    if (SYMBOLS_1.has(ch)) {
      pos++;
      push('symbol', ch, start, pos);
      continue;
    }
    const cp = source.codePointAt(pos) as number;
    fail(pos, `token recognition error at: '${String.fromCodePoint(cp)}'`, String.fromCodePoint(cp));
  }
  tokens.push({ type: 'eof', value: '', text: '<EOF>', offset: n, line, column: n - lineStart });
  return tokens;

  // A number or blob runs into letters, digits or dots: report the whole word.
  function badWord(at: number): never {
    let end = at;
    while (end < n && WORD_CHAR.test(source[end] as string)) end++;
    const word = source.slice(at, end);
    return fail(at, `token recognition error at: '${word}' (malformed number)`, word);
  }
}

/** Line (from 1) and column (from 0) of an offset. */
function positionOf(source: string, offset: number): { l: number; c: number } {
  let l = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      l++;
      lineStart = i + 1;
    }
  }
  return { l, c: offset - lineStart };
}
