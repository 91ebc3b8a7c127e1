/**
 * The exception → CQL protocol code table (src/cql/error-codes.ts; reference/cql.md §2.4).
 */
import { describe, expect, it } from 'vitest';
import { EXCEPTIONS, ValidationException } from '../../src/common/errors.js';
import { CQL_ERROR_CODES, CqlSyntaxError, ERROR_CODE_BY_NAME, errorCodeOf, parse } from '../../src/cql/index.js';

describe('CQL error codes', () => {
  it('every named exception of sealtable has a protocol code (the table is complete)', () => {
    expect(Object.keys(EXCEPTIONS).filter((name) => !(name in ERROR_CODE_BY_NAME))).toEqual([]);
  });
  it('a syntax error is 0x2000', () => {
    const e = (() => {
      try {
        parse('SELEC * FROM t');
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(CqlSyntaxError);
    expect(errorCodeOf(e)).toBe(0x2000);
  });
  it.each([
    ['ValidationException', CQL_ERROR_CODES.invalid],
    ['ResourceNotFoundException', 0x2200],
    ['ResourceInUseException', 0x2400],
    ['DisabledException', 0x2200],
    ['KMSInvalidStateException', 0x2200],
    ['AccessDeniedException', 0x2100],
    ['ThrottlingException', 0x1001],
    ['DataIntegrityException', 0x0000],
  ] as const)('%s maps to protocol code %i (decimal)', (name, code) => {
    expect(errorCodeOf({ name })).toBe(code);
  });
  it('an error sealtable does not name (a TypeError, a string) is a Server error', () => {
    expect(errorCodeOf(new TypeError('x'))).toBe(0x0000);
    expect(errorCodeOf('boom')).toBe(0x0000);
    expect(errorCodeOf(null)).toBe(0x0000);
    expect(errorCodeOf({ name: 'toString' })).toBe(0x0000);
  });
  it('matches on the name, not the class instance', () => {
    expect(errorCodeOf(new ValidationException('bad'))).toBe(0x2200);
  });
});
