/**
 * @module test/table/_helpers
 * Assertions shared by the table tests.
 */
import { expect } from 'vitest';
import { ValidationException } from '../../src/common/errors.js';

/** Asserts that `fn` throws a ValidationException (by class and name) with exactly `message`. */
export function expectValidation(fn: () => unknown, message: string | RegExp): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'expected a ValidationException').toBeInstanceOf(ValidationException);
  const error = thrown as ValidationException;
  expect(error.name).toBe('ValidationException');
  expect(error.$fault).toBe('client');
  if (typeof message === 'string') expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
}
