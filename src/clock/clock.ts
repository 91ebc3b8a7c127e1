/**
 * @module clock/clock
 * The time source every time-dependent part of sealtable takes by injection (STYLE.md §21, after
 * lru-cache `perf` and tinybase's hybrid logical clock): wall-clock milliseconds and one-shot
 * timers. {@link SystemClock} is the real one; {@link ManualClock} is moved by tests.
 */

/** A scheduled callback that can still be called off. */
export interface Timer {
  /** Stops the callback from running, if it has not run yet. Calling it again does nothing. */
  cancel(): void;
}

/** A source of the current time and of one-shot timers. */
export interface Clock {
  /** The current time in epoch milliseconds (may have a fractional part only if the clock does). */
  now(): number;
  /**
   * Runs `fn` once, `delayMs` milliseconds from now. `fn` may be async; its failure is reported
   * by the clock, never left as an unhandled rejection.
   */
  schedule(delayMs: number, fn: () => unknown): Timer;
  /**
   * Runs `fn` once at epoch milliseconds `atMs`. A time in the past is due at once: it runs on
   * the next tick (or the next advance of a manual clock).
   */
  scheduleAt(atMs: number, fn: () => unknown): Timer;
}
