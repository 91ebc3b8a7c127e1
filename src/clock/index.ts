/**
 * @module clock
 * Injectable time: the {@link Clock} interface, the real {@link SystemClock} (and the shared
 * {@link systemClock}), and the test-driven {@link ManualClock}. Imports only `common`.
 */
export type { Clock, Timer } from './clock.js';
export { SystemClock, systemClock } from './system-clock.js';
export type { SystemClockOptions } from './system-clock.js';
export { ManualClock } from './manual-clock.js';
export { MAX_TIMEOUT_MS, MANUAL_CLOCK_DEFAULT_EPOCH_MS, MANUAL_CLOCK_MAX_FIRINGS } from './constants.js';
