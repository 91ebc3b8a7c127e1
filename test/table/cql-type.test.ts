/**
 * @module test/table/cql-type
 * parseCqlType, resolveCqlType, formatCqlType and the type predicates: every scalar, the
 * collection forms, case and whitespace tolerance, canonical frozen nesting, and one refusal per
 * rule with its exact message (Cassandra's wording where it has one).
 */
import { describe, expect, it } from 'vitest';
import {
  CQL_SCALAR_NAMES,
  formatCqlType,
  isCollection,
  isCounter,
  isMultiCell,
  parseCqlType,
  resolveCqlType,
} from '../../src/table/index.js';
import type { CqlType } from '../../src/table/index.js';
import { expectValidation } from './_helpers.js';

const int: CqlType = { kind: 'int' };
const text: CqlType = { kind: 'text' };

describe('parseCqlType', () => {
  it.each(CQL_SCALAR_NAMES)('parses the scalar %s, in any case', (name) => {
    expect(parseCqlType(name)).toEqual({ kind: name });
    expect(parseCqlType(name.toUpperCase())).toEqual({ kind: name });
    expect(parseCqlType(`  ${name}\n`)).toEqual({ kind: name });
  });

  it('parses the twenty scalar types Keyspaces supports', () => {
    expect(CQL_SCALAR_NAMES).toHaveLength(20);
  });

  it.each([
    ['list<int>', { kind: 'list', element: int }],
    ['SET < TEXT >', { kind: 'set', element: text }],
    ['map<text,int>', { kind: 'map', key: text, value: int }],
    ['Map<Text , Int>', { kind: 'map', key: text, value: int }],
    ['frozen<list<int>>', { kind: 'frozen', inner: { kind: 'list', element: int } }],
    ['list<frozen<set<int>>>', { kind: 'list', element: { kind: 'frozen', inner: { kind: 'set', element: int } } }],
  ] as [string, CqlType][])('parses %s', (source, expected) => {
    expect(parseCqlType(source)).toEqual(expected);
  });

  it.each([
    ['frozen<list<list<int>>>', 'frozen<list<frozen<list<int>>>>'],
    ['frozen<map<set<int>, list<text>>>', 'frozen<map<frozen<set<int>>, frozen<list<text>>>>'],
    ['frozen<frozen<set<int>>>', 'frozen<set<int>>'],
    ['list<frozen<frozen<list<int>>>>', 'list<frozen<list<int>>>'],
    ['map<text, frozen<list<int>>>', 'map<text, frozen<list<int>>>'],
    ['MAP<text,FROZEN<list<int>>>', 'map<text, frozen<list<int>>>'],
  ])('spells nested frozen collections canonically: %s is %s', (source, canonical) => {
    expect(formatCqlType(parseCqlType(source))).toBe(canonical);
    expect(parseCqlType(canonical)).toEqual(parseCqlType(source));
  });

  it('accepts collections nested 8 deep (the Keyspaces quota)', () => {
    const deep = `${'list<frozen<'.repeat(7)}list<int${'>>'.repeat(7)}>`;
    const type = parseCqlType(deep);
    expect(formatCqlType(type)).toBe(deep);
  });

  it.each([
    ['', 'Invalid type "": expected a type name at position 0'],
    ['   ', 'Invalid type "   ": expected a type name at position 3'],
    ['list<int', `Invalid type "list<int": expected ',' or '>' at position 8`],
    ['list<int>>', 'Invalid type "list<int>>": unexpected ">" at position 9'],
    ['list<>', 'Invalid type "list<>": unexpected ">" at position 5'],
    ['int int', 'Invalid type "int int": unexpected "i" at position 4'],
    ['map<text;int>', 'Invalid type "map<text;int>": unexpected ";" at position 8'],
    ['1nt', 'Invalid type "1nt": unexpected "1" at position 0'],
    ['"int"', 'Invalid type "\\"int\\"": unexpected "\\"" at position 0'],
  ])('refuses malformed text %j', (source, message) => {
    expectValidation(() => parseCqlType(source), message);
  });

  it.each([
    ['foo', 'Unknown type foo'],
    ['duration', 'Unknown type duration'],
    ['tuple<int, int>', 'Unknown type tuple in tuple<int, int>'],
    ['list<foo>', 'Unknown type foo in list<foo>'],
    ['frozen<foo>', 'Unknown type foo in frozen<foo>'],
  ])('refuses the unknown type in %s', (source, message) => {
    expectValidation(() => parseCqlType(source), message);
  });

  it.each([
    ['int<text>', 'Type int takes no type arguments: int<text>'],
    ['list<int, int>', 'Type list takes exactly one type argument, got 2: list<int, int>'],
    ['set<int, int>', 'Type set takes exactly one type argument, got 2: set<int, int>'],
    ['map<int>', 'Type map takes exactly two type arguments, got 1: map<int>'],
    ['map<int, int, int>', 'Type map takes exactly two type arguments, got 3: map<int, int, int>'],
    ['list', 'Type list takes exactly one type argument, got 0: list'],
    ['frozen', 'Type frozen takes exactly one type argument, got 0: frozen'],
    ['frozen<list<int>, int>', 'Type frozen takes exactly one type argument, got 2: frozen<list<int>, int>'],
  ])('refuses a wrong number of type arguments: %s', (source, message) => {
    expectValidation(() => parseCqlType(source), message);
  });

  it.each(['list<list<int>>', 'set<map<int, int>>', 'map<list<int>, int>', 'map<int, set<int>>', 'list<list<frozen<list<int>>>>'])(
    'refuses a non-frozen collection inside a collection: %s',
    (source) => {
      expectValidation(() => parseCqlType(source), `Non-frozen collections are not allowed inside collections: ${source}`);
    },
  );

  it('accepts the same nesting when the inner collection is frozen', () => {
    expect(formatCqlType(parseCqlType('list<frozen<list<int>>>'))).toBe('list<frozen<list<int>>>');
  });

  it.each(['frozen<int>', 'frozen<text>', 'list<frozen<uuid>>', 'frozen<frozen<int>>'])('refuses frozen<> on a scalar: %s', (source) => {
    expectValidation(() => parseCqlType(source), `frozen<> is only allowed on collections, tuples, and user-defined types: ${source}`);
  });

  it.each(['list<counter>', 'set<counter>', 'map<text, counter>', 'map<counter, text>', 'frozen<list<counter>>'])(
    'refuses a counter inside a collection: %s',
    (source) => {
      expectValidation(() => parseCqlType(source), `Counters are not allowed inside collections: ${source}`);
    },
  );

  it('refuses collections nested 9 deep', () => {
    const deep = `${'list<frozen<'.repeat(8)}list<int${'>>'.repeat(8)}>`;
    expectValidation(() => parseCqlType(deep), `Collections may be nested at most 8 deep: ${deep}`);
  });

  it('refuses absurdly deep text without exhausting the stack', () => {
    const deep = `${'frozen<'.repeat(100_000)}int${'>'.repeat(100_000)}`;
    expectValidation(() => parseCqlType(deep), /^Collections may be nested at most 8 deep: /);
  });
});

describe('resolveCqlType', () => {
  it('returns a canonical copy of a type object', () => {
    const source: CqlType = { kind: 'frozen', inner: { kind: 'list', element: { kind: 'set', element: int } } };
    const resolved = resolveCqlType(source);
    expect(formatCqlType(resolved)).toBe('frozen<list<frozen<set<int>>>>');
    expect(resolved).not.toBe(source);
    expect(source).toEqual({ kind: 'frozen', inner: { kind: 'list', element: { kind: 'set', element: int } } });
  });

  it('parses type text', () => {
    expect(resolveCqlType('map<text, int>')).toEqual({ kind: 'map', key: text, value: int });
  });

  it.each([
    [{ kind: 'list', element: { kind: 'list', element: int } }, 'Non-frozen collections are not allowed inside collections: list<list<int>>'],
    [{ kind: 'frozen', inner: int }, 'frozen<> is only allowed on collections, tuples, and user-defined types: frozen<int>'],
    [{ kind: 'set', element: { kind: 'counter' } }, 'Counters are not allowed inside collections: set<counter>'],
    [{ kind: 'INT' }, 'Unknown type INT'],
    [{ kind: 'tuple' }, 'Unknown type tuple'],
    [{ kind: 'list' }, 'A type of kind list must have a member element'],
    [{ kind: 'map', key: int }, 'A type of kind map must have a member value'],
    [{ kind: 42 }, 'A type object must have a string kind, got number'],
    [{}, 'A type object must have a string kind, got undefined'],
    [null, 'A type must be type text or an object with a kind, got null'],
    [[int], 'A type must be type text or an object with a kind, got an array'],
    [7, 'A type must be type text or an object with a kind, got number'],
    [{ kind: 'list', element: 'int' }, 'A type must be type text or an object with a kind, got "int"'],
  ])('refuses the type object %j', (source, message) => {
    expectValidation(() => resolveCqlType(source as CqlType), message);
  });

  it('refuses a cyclic type object', () => {
    const cyclic: { kind: 'list'; element: unknown } = { kind: 'list', element: undefined };
    cyclic.element = { kind: 'frozen', inner: cyclic };
    expectValidation(() => resolveCqlType(cyclic as CqlType), 'Collections may be nested at most 8 deep');
  });
});

describe('formatCqlType', () => {
  it.each([
    [int, 'int'],
    [{ kind: 'varchar' }, 'varchar'],
    [{ kind: 'map', key: text, value: { kind: 'frozen', inner: { kind: 'list', element: int } } }, 'map<text, frozen<list<int>>>'],
    [{ kind: 'set', element: { kind: 'timeuuid' } }, 'set<timeuuid>'],
  ] as [CqlType, string][])('formats %j as %s', (type, expected) => {
    expect(formatCqlType(type)).toBe(expected);
  });

  it.each([null, undefined, 'int', { kind: 'nope' }])('throws TypeError for %j', (bad) => {
    expect(() => formatCqlType(bad as unknown as CqlType)).toThrow(TypeError);
  });
});

describe('type predicates', () => {
  it.each([
    ['int', false, false, false],
    ['counter', false, false, true],
    ['list<int>', true, true, false],
    ['set<text>', true, true, false],
    ['map<text, int>', true, true, false],
    ['frozen<list<int>>', true, false, false],
    ['frozen<map<int, text>>', true, false, false],
  ])('%s: isCollection %s, isMultiCell %s, isCounter %s', (source, collection, multiCell, counter) => {
    const type = parseCqlType(source);
    expect(isCollection(type)).toBe(collection);
    expect(isMultiCell(type)).toBe(multiCell);
    expect(isCounter(type)).toBe(counter);
  });

  it.each([null, undefined, 'list<int>', {}])('throws TypeError for %j', (bad) => {
    expect(() => isCollection(bad as unknown as CqlType)).toThrow(TypeError);
    expect(() => isMultiCell(bad as unknown as CqlType)).toThrow(TypeError);
    expect(() => isCounter(bad as unknown as CqlType)).toThrow(TypeError);
  });
});
