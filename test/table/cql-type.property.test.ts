/**
 * @module test/table/cql-type.property
 * Properties of the type parser: canonical types survive format → parse, whatever the case and
 * whitespace; any text either parses to a canonical type or fails with ValidationException.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationException } from '../../src/common/errors.js';
import { formatCqlType, parseCqlType, resolveCqlType } from '../../src/table/index.js';
import { arbitraryCqlType } from './arbitraries.js';

describe('parseCqlType / formatCqlType (property)', () => {
  it('parse(format(t)) equals t, and resolveCqlType(t) equals t, for canonical types', () => {
    fc.assert(
      fc.property(arbitraryCqlType({ maxDepth: 4 }), (type) => {
        expect(parseCqlType(formatCqlType(type))).toEqual(type);
        expect(resolveCqlType(type)).toEqual(type);
      }),
      { numRuns: 500 },
    );
  });

  it('case and whitespace between tokens do not change the type', () => {
    const spacing = fc.constantFrom('', ' ', '  ', '\t', '\n', ' \r\n ');
    fc.assert(
      fc.property(arbitraryCqlType(), fc.infiniteStream(spacing), fc.infiniteStream(fc.boolean()), (type, spaces, upper) => {
        const text = formatCqlType(type)
          .replaceAll(' ', '')
          .replace(/[<>,]/g, (c) => `${spaces.next().value}${c}${spaces.next().value}`)
          .replace(/[a-z]/g, (c) => (upper.next().value ? c.toUpperCase() : c));
        expect(parseCqlType(`${spaces.next().value}${text}${spaces.next().value}`)).toEqual(type);
      }),
      { numRuns: 300 },
    );
  });

  it('any text parses to a canonical type or throws ValidationException', () => {
    const token = fc.constantFrom('list', 'set', 'map', 'frozen', 'int', 'text', 'counter', 'blob', 'foo', '<', '>', ',', ' ', '"', ';');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 16 }), (tokens) => {
        const text = tokens.join('');
        let type;
        try {
          type = parseCqlType(text);
        } catch (e) {
          expect(e).toBeInstanceOf(ValidationException);
          return;
        }
        expect(parseCqlType(formatCqlType(type))).toEqual(type);
      }),
      { numRuns: 1000 },
    );
  });
});
