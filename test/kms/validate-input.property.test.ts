/**
 * @module test/kms/validate-input.property
 * Properties of the KMS input validator (fast-check):
 * - garbage of any JavaScript shape, given to any operation, either passes or throws a
 *   ValidationException with a well-formed message: never another error, never a crash;
 * - inputs generated from the model's own bounds, patterns and enums always pass;
 * - a valid input with one integer pushed out of its range fails with exactly that violation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationException } from '../../src/common/errors.js';
import { KMS_MODEL } from '../../src/kms/_model.js';
import { validateInput } from '../../src/kms/validate-input.js';
import type { KmsOperationName } from '../../src/kms/validate-input.js';

type Shape = { readonly type: string } & Readonly<Record<string, unknown>>;
const SHAPES = KMS_MODEL.shapes as unknown as Readonly<Record<string, Shape>>;
const OPERATIONS = Object.keys(KMS_MODEL.operations) as KmsOperationName[];

function shape(name: string): Shape {
  const s = SHAPES[name];
  if (s === undefined) throw new Error(`no shape ${name}`);
  return s;
}

const num = (s: Shape, key: 'min' | 'max'): number | undefined => (typeof s[key] === 'number' ? s[key] : undefined);
const members = (s: Shape): Readonly<Record<string, string>> => s['members'] as Readonly<Record<string, string>>;
const inputShape = (operation: KmsOperationName): Shape => shape(KMS_MODEL.operations[operation]);

/** A message of the ValidationException format, with a count that matches its plural. */
const MESSAGE = /^(?:1 validation error|([2-9]|[1-9]\d+) validation errors) detected: Value( null| '[\s\S]*')? at '[^']+' failed to satisfy constraint: /;

/** Runs the validator; returns the message of a ValidationException, rethrows anything else. */
function outcome(operation: KmsOperationName, input: unknown): string | undefined {
  try {
    validateInput(operation, input);
    return undefined;
  } catch (error) {
    if (!(error instanceof ValidationException)) throw error;
    return error.message;
  }
}

// ---- garbage

/** Any JavaScript value, typed arrays, maps, sparse arrays, null prototypes and cycles-free nesting included. */
const anything = fc.anything({
  maxDepth: 3,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withObjectString: true,
  withNullPrototype: true,
  withBigInt: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true,
  withUnicodeString: true,
});

/** An object using the operation's member names (and nested member names) with garbage values. */
function garbageFor(operation: KmsOperationName): fc.Arbitrary<unknown> {
  const names = new Set<string>();
  const seen = new Set<string>();
  const collect = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const s = shape(name);
    if (s.type === 'structure') {
      for (const [member, ref] of Object.entries(members(s))) {
        names.add(member);
        collect(ref);
      }
    } else if (s.type === 'list') {
      collect(s['member'] as string);
    }
  };
  collect(KMS_MODEL.operations[operation]);
  const value: fc.Arbitrary<unknown> = fc.oneof(
    anything,
    fc.array(fc.oneof(anything, fc.dictionary(fc.constantFrom(...names), anything)), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...names), anything),
  );
  return fc.oneof(anything, fc.dictionary(fc.constantFrom(...names), value, { maxKeys: 8 }));
}

describe('validateInput on garbage', () => {
  it('never throws anything but a well-formed ValidationException', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...OPERATIONS).chain((op) => fc.tuple(fc.constant(op), garbageFor(op))),
        ([operation, input]) => {
          const message = outcome(operation, input);
          if (message !== undefined) expect(message).toMatch(MESSAGE);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

// ---- valid inputs from the model

/** Java's `\s` inside a character class, so generated strings match the Java pattern. */
const JAVA_SPACE_IN_CLASS = ' \\t\\n\\x0B\\f\\r';
/** Characters Java's `.` does not match (its line terminators). */
const JAVA_LINE_TERMINATORS = /[\n\r\u0085\u2028\u2029]/u;

function stringArbitrary(s: Shape): fc.Arbitrary<string> {
  const min = num(s, 'min') ?? 0;
  const max = num(s, 'max') ?? 300;
  const values = s['enum'] as readonly string[] | undefined;
  if (values !== undefined) return fc.constantFrom(...values);
  const pattern = s['pattern'] as string | undefined;
  if (pattern === undefined) {
    // 'binary' units are code points of up to two UTF-16 units each.
    return fc.string({ unit: 'binary', minLength: min, maxLength: Math.max(min, Math.min(Math.floor(max / 2), 64)) });
  }
  if (/^\^\[[^\]]+\]\+\$$/u.test(pattern)) {
    // ^[class]+$ : draw each character from the class, so exact lengths (64 hex digits) are reachable.
    const unit = fc.stringMatching(new RegExp(`^${pattern.slice(1, -2).replace('\\s', JAVA_SPACE_IN_CLASS)}$`, 'u'));
    return fc.string({ unit, minLength: Math.max(min, 1), maxLength: Math.min(max, 80) });
  }
  const regex = new RegExp(`^(?:${pattern.replace('\\s', JAVA_SPACE_IN_CLASS)})$`, 'u');
  return fc
    .stringMatching(regex)
    .filter((v) => v.length >= min && v.length <= max && !(pattern.includes('.+') && JAVA_LINE_TERMINATORS.test(v)));
}

const arbitraries = new Map<string, fc.Arbitrary<unknown>>();

/** An arbitrary of values valid for the shape `name` (the model has no recursive shapes). */
function validArbitrary(name: string): fc.Arbitrary<unknown> {
  const cached = arbitraries.get(name);
  if (cached !== undefined) return cached;
  const s = shape(name);
  const min = num(s, 'min');
  const max = num(s, 'max');
  let arbitrary: fc.Arbitrary<unknown>;
  switch (s.type) {
    case 'string':
      arbitrary = stringArbitrary(s);
      break;
    case 'integer':
      arbitrary = fc.integer({ min: min ?? -(2 ** 31), max: max ?? 2 ** 31 - 1 });
      break;
    case 'boolean':
      arbitrary = fc.boolean();
      break;
    case 'blob':
      arbitrary = fc.oneof(
        fc.uint8Array({ minLength: min ?? 0, maxLength: Math.min(max ?? 64, 64) }),
        fc.constant(new Uint8Array(max ?? 0)),
      );
      break;
    case 'timestamp':
      arbitrary = fc.oneof(fc.date({ noInvalidDate: true }), fc.integer({ min: 0, max: 2 ** 40 }));
      break;
    case 'list':
      arbitrary = fc.array(validArbitrary(s['member'] as string), {
        minLength: min ?? 0,
        maxLength: Math.min(max ?? 4, 4),
      });
      break;
    case 'map':
      arbitrary = fc.dictionary(
        validArbitrary(s['key'] as string) as fc.Arbitrary<string>,
        validArbitrary(s['value'] as string),
        { maxKeys: 4 },
      );
      break;
    case 'structure': {
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [member, ref] of Object.entries(members(s))) record[member] = validArbitrary(ref);
      arbitrary = fc.record(record, { requiredKeys: [...((s['required'] as readonly string[] | undefined) ?? [])] });
      break;
    }
    default:
      throw new Error(`no arbitrary for ${s.type}`);
  }
  arbitraries.set(name, arbitrary);
  return arbitrary;
}

describe('validateInput on inputs valid by the model', () => {
  it.each(OPERATIONS)('%s: every generated valid input passes', (operation) => {
    fc.assert(
      fc.property(validArbitrary(KMS_MODEL.operations[operation]), (input) => {
        expect(outcome(operation, input)).toBeUndefined();
      }),
      { numRuns: 150 },
    );
  });
});

// ---- one violation at a time

/** Top-level integer members with a range, per operation. */
const RANGED = OPERATIONS.flatMap((operation) =>
  Object.entries(members(inputShape(operation)))
    .filter(([, ref]) => shape(ref).type === 'integer')
    .map(([member, ref]) => ({ operation, member, min: num(shape(ref), 'min') ?? 0, max: num(shape(ref), 'max') ?? 0 })),
);

describe('validateInput with one integer out of range', () => {
  it('finds integer members to test (NumberOfBytes, Limit, PendingWindowInDays, RotationPeriodInDays)', () => {
    expect(new Set(RANGED.map((r) => r.member))).toEqual(
      new Set(['NumberOfBytes', 'Limit', 'PendingWindowInDays', 'RotationPeriodInDays']),
    );
  });

  it('reports exactly that violation, with the value and the bound', () => {
    const cases = fc
      .constantFrom(...RANGED)
      .chain((r) =>
        fc.tuple(
          fc.constant(r),
          validArbitrary(KMS_MODEL.operations[r.operation]),
          fc.oneof(fc.integer({ min: r.max + 1, max: 2 ** 40 }), fc.integer({ min: -(2 ** 40), max: r.min - 1 })),
        ),
      );
    fc.assert(
      fc.property(cases, ([r, valid, bad]) => {
        const input = { ...(valid as Record<string, unknown>), [r.member]: bad };
        const path = r.member.charAt(0).toLowerCase() + r.member.slice(1);
        const bound =
          bad > r.max ? `less than or equal to ${String(r.max)}` : `greater than or equal to ${String(r.min)}`;
        expect(outcome(r.operation, input)).toBe(
          `1 validation error detected: Value '${String(bad)}' at '${path}' failed to satisfy constraint: ` +
            `Member must have value ${bound}`,
        );
      }),
      { numRuns: 500 },
    );
  });
});
