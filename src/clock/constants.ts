/**
 * @module clock/constants
 * Limits and defaults of the clocks.
 */

/** The longest delay one `setTimeout` can wait (2^31 − 1 ms, about 24.8 days); longer ones are chained. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Where a {@link ManualClock} starts when given no time: 2026-01-01T00:00:00Z. */
export const MANUAL_CLOCK_DEFAULT_EPOCH_MS = Date.parse('2026-01-01T00:00:00Z');

/**
 * How many timers one {@link ManualClock.advance} may fire before it gives up, so that a timer
 * that keeps rescheduling itself with no delay fails the test instead of hanging it.
 */
export const MANUAL_CLOCK_MAX_FIRINGS = 1_000_000;
