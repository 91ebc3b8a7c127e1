/**
 * @module test/table/values.property
 * Properties of the value mapping: normalised values are fixed points of normalizeValue;
 * compareValues is a total order whose equality is valuesEqual and is structural equality of
 * normalised values; sets and maps normalise the same whatever the order and repetition of
 * their input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareValues, normalizeValue, valuesEqual } from '../../src/table/index.js';
import type { CqlType, CqlValue } from '../../src/table/index.js';
import { arbitraryCqlType, arbitraryTypedValue, arbitraryValue } from './arbitraries.js';

/** A type and three values drawn from a pool of at most three, so that equal values come up. */
const typeAndThree = arbitraryCqlType().chain((type) =>
  fc
    .array(arbitraryValue(type), { minLength: 1, maxLength: 3 })
    .chain((pool) => fc.tuple(fc.constant(type), fc.constantFrom(...pool), fc.constantFrom(...pool), fc.constantFrom(...pool))),
);

const sign = (n: number): number => (n > 0 ? 1 : n < 0 ? -1 : 0);

describe('normalizeValue (property)', () => {
  it('a normalised value normalises to an equal value', () => {
    fc.assert(
      fc.property(arbitraryTypedValue(), ({ type, value }) => {
        const again = normalizeValue(type, value, 'c');
        expect(again).toEqual(value);
        expect(valuesEqual(type, again, value)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('a set normalises the same whatever the order and repetition of its elements', () => {
    fc.assert(
      fc.property(
        arbitraryCqlType({ maxDepth: 2, counter: false }).chain((element) =>
          fc.tuple(fc.constant(element), fc.array(arbitraryValue(element), { minLength: 1, maxLength: 6 }), fc.nat()),
        ),
        ([element, values, seed]) => {
          const frozen = element.kind === 'list' || element.kind === 'set' || element.kind === 'map';
          const type: CqlType = { kind: 'set', element: frozen ? { kind: 'frozen', inner: element } : element };
          // Reversed or rotated, with some elements repeated.
          const reordered = seed % 2 === 0 ? [...values].reverse() : [...values.slice(seed % values.length), ...values.slice(0, seed % values.length)];
          const shuffled = [...reordered, ...values.slice(0, seed % (values.length + 1))];
          const a = normalizeValue(type, values, 'c') as CqlValue[];
          const b = normalizeValue(type, shuffled, 'c') as CqlValue[];
          expect(b).toEqual(a);
          for (let i = 1; i < a.length; i++) expect(compareValues(element, a[i - 1]!, a[i]!)).toBeLessThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a map from a plain object equals the map from a Map of the same entries', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.integer({ min: -100, max: 100 })), (object) => {
        const type: CqlType = { kind: 'frozen', inner: { kind: 'map', key: { kind: 'text' }, value: { kind: 'int' } } };
        const fromObject = normalizeValue(type, object, 'c');
        const fromMap = normalizeValue(type, new Map(Object.entries(object)), 'c');
        expect(fromObject).toEqual(fromMap);
        expect(valuesEqual(type, fromObject, fromMap)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('compareValues (property)', () => {
  it('is reflexive and antisymmetric, and its zero is valuesEqual and structural equality', () => {
    fc.assert(
      fc.property(typeAndThree, ([type, a, b]) => {
        expect(compareValues(type, a, a)).toBe(0);
        expect(sign(compareValues(type, a, b)) + sign(compareValues(type, b, a))).toBe(0);
        const equal = compareValues(type, a, b) === 0;
        expect(valuesEqual(type, a, b)).toBe(equal);
        expect(isDeepEqual(a, b)).toBe(equal);
      }),
      { numRuns: 1000 },
    );
  });

  it('is transitive', () => {
    fc.assert(
      fc.property(typeAndThree, ([type, a, b, c]) => {
        const [x, y, z] = [a, b, c].sort((p, q) => compareValues(type, p, q));
        expect(compareValues(type, x!, y!)).toBeLessThanOrEqual(0);
        expect(compareValues(type, y!, z!)).toBeLessThanOrEqual(0);
        expect(compareValues(type, x!, z!)).toBeLessThanOrEqual(0);
        if (compareValues(type, x!, y!) < 0 || compareValues(type, y!, z!) < 0) expect(compareValues(type, x!, z!)).toBeLessThan(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('puts null before every value', () => {
    fc.assert(
      fc.property(arbitraryTypedValue(), ({ type, value }) => {
        expect(compareValues(type, null, value)).toBeLessThan(0);
        expect(compareValues(type, value, null)).toBeGreaterThan(0);
        expect(compareValues(type, null, null)).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});

function isDeepEqual(a: unknown, b: unknown): boolean {
  try {
    expect(a).toEqual(b);
    return true;
  } catch {
    return false;
  }
}
