/**
 * @module clock/_assert
 * Layer-internal argument checks of the clocks: `TypeError` for a wrong type, `RangeError` for
 * a number out of range, each message starting with the argument's name.
 */
import { needs } from '../common/needs.js';

/** Throws unless `value` is a finite number of at least `min`. */
export function assertTime(value: unknown, name: string, min = -Infinity): asserts value is number {
  needs(typeof value === 'number', `${name} must be a number, got ${value === null ? 'null' : typeof value}`, TypeError);
  needs(
    Number.isFinite(value) && value >= min,
    `${name} must be a finite number${min === -Infinity ? '' : ` >= ${min}`}, got ${String(value)}`,
    RangeError,
  );
}

/** Throws unless `value` is a function. */
export function assertCallback(value: unknown, name: string): asserts value is () => unknown {
  needs(typeof value === 'function', `${name} must be a function, got ${value === null ? 'null' : typeof value}`, TypeError);
}
