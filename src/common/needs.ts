/**
 * @module common/needs
 * Preconditions (after AWS ESDK `material-management/src/needs.ts`): each check sits under a
 * `/* Precondition: … *\/` comment whose sentence a test title repeats.
 */
import type { ExceptionOptions } from './errors.js';

/** A constructor of an error that takes a message. */
export type ErrorClass = new (message: string, options?: ExceptionOptions) => Error;

/**
 * Throws `new Err(message)` unless `condition` holds.
 * @param condition - what must be true
 * @param message - the error message (the AWS text where AWS has one)
 * @param Err - the error class; `Error` by default
 * @throws {@link Error} of class `Err` when `condition` is false
 * @example
 * needs(days >= 7 && days <= 30, 'PendingWindowInDays must be between 7 and 30', ValidationException);
 */
export function needs(condition: unknown, message: string, Err: ErrorClass = Error): asserts condition {
  if (!condition) throw new Err(message);
}
