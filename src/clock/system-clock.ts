/**
 * @module clock/system-clock
 * The real clock: `Date.now()` and node timers. Every timer is `unref()`'d so a pending timer
 * never keeps the process alive (STYLE.md §20); delays beyond `setTimeout`'s 2^31 − 1 ms limit
 * are reached by chaining shorter timeouts; and a failing callback, synchronous or async, is
 * reported to `onError` instead of crashing the process or becoming an unhandled rejection.
 */
import { needs } from '../common/needs.js';
import { assertCallback, assertTime } from './_assert.js';
import type { Clock, Timer } from './clock.js';
import { MAX_TIMEOUT_MS } from './constants.js';

/** Options of {@link SystemClock}. */
export interface SystemClockOptions {
  /**
   * Receives whatever a timer callback threw or rejected with. By default the failure is
   * emitted as a process warning of type `TimerCallbackError`.
   */
  onError?: (error: unknown) => void;
}

/** Emits a timer callback's failure as a process warning (the default `onError`). */
function emitTimerWarning(error: unknown): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  process.emitWarning(`a clock timer callback failed: ${message}`, {
    type: 'TimerCallbackError',
    ...(error instanceof Error && error.stack !== undefined ? { detail: error.stack } : {}),
  });
}

/** True for a promise or any other object with a `then` method. */
function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** One scheduled callback of a {@link SystemClock}. */
class SystemTimer implements Timer {
  readonly #remaining: () => number;
  readonly #fn: () => unknown;
  readonly #report: (error: unknown) => void;
  #handle: NodeJS.Timeout | undefined;
  #done = false;

  /**
   * @param remaining - milliseconds still to wait, asked again each time a chained timeout ends
   * @param fn - the callback
   * @param report - where failures of `fn` go
   */
  constructor(remaining: () => number, fn: () => unknown, report: (error: unknown) => void) {
    this.#remaining = remaining;
    this.#fn = fn;
    this.#report = report;
    this.#arm();
  }

  cancel(): void {
    this.#done = true;
    if (this.#handle !== undefined) clearTimeout(this.#handle);
    this.#handle = undefined;
  }

  #arm(): void {
    const remaining = this.#remaining();
    this.#handle =
      remaining > MAX_TIMEOUT_MS
        ? setTimeout(() => this.#arm(), MAX_TIMEOUT_MS)
        : // libuv may wake a timer up to a millisecond early (its loop time is cached): re-check.
          setTimeout(() => (this.#remaining() > 0 ? this.#arm() : this.#fire()), Math.max(0, remaining));
    this.#handle.unref();
  }

  #fire(): void {
    if (this.#done) return;
    this.#done = true;
    this.#handle = undefined;
    try {
      const result = this.#fn();
      if (isThenable(result)) result.then(undefined, this.#report);
    } catch (error) {
      this.#report(error);
    }
  }
}

/**
 * The wall clock of the machine.
 * @example
 * const clock = new SystemClock({ onError: (e) => logger.error(e) });
 * const timer = clock.schedule(60_000, () => rotateKeys());
 * timer.cancel();
 */
export class SystemClock implements Clock {
  readonly #onError: (error: unknown) => void;

  /**
   * @param options - `onError`: receives failures of timer callbacks (default: a process warning)
   * @throws {@link TypeError} naming `options.onError` when it is given and not a function
   */
  constructor(options: SystemClockOptions = {}) {
    const onError: unknown = options.onError;
    /* Precondition: options.onError is a function when given. */
    needs(
      onError === undefined || typeof onError === 'function',
      `options.onError must be a function, got ${onError === null ? 'null' : typeof onError}`,
      TypeError,
    );
    this.#onError = (onError as ((error: unknown) => void) | undefined) ?? emitTimerWarning;
  }

  /**
   * @returns `Date.now()`
   * @example
   * systemClock.now(); // 1767225600000
   */
  now(): number {
    return Date.now();
  }

  /**
   * Runs `fn` once after `delayMs` milliseconds (measured on the monotonic clock, so changes of
   * the wall clock do not move it).
   * @param delayMs - milliseconds to wait, finite and not negative; may exceed 2^31 − 1
   * @param fn - the callback; may return a promise
   * @returns a timer to cancel it
   * @throws {@link TypeError} naming `delayMs` or `fn` when it has the wrong type
   * @throws {@link RangeError} naming `delayMs` when it is negative, NaN or infinite
   * @example
   * systemClock.schedule(5_000, async () => { await flush(); });
   */
  schedule(delayMs: number, fn: () => unknown): Timer {
    /* Precondition: delayMs is a finite number >= 0. */
    assertTime(delayMs, 'delayMs', 0);
    /* Precondition: fn is a function. */
    assertCallback(fn, 'fn');
    // The global `performance` (not an import) so fake timers that replace it also move it.
    const start = globalThis.performance.now();
    return new SystemTimer(() => delayMs - (globalThis.performance.now() - start), fn, this.#report);
  }

  /**
   * Runs `fn` once when `Date.now()` reaches `atMs`; at once (next tick) if that is past.
   * @param atMs - epoch milliseconds, finite
   * @param fn - the callback; may return a promise
   * @returns a timer to cancel it
   * @throws {@link TypeError} naming `atMs` or `fn` when it has the wrong type
   * @throws {@link RangeError} naming `atMs` when it is NaN or infinite
   * @example
   * systemClock.scheduleAt(key.deletionDate, () => deleteKey(key));
   */
  scheduleAt(atMs: number, fn: () => unknown): Timer {
    /* Precondition: atMs is a finite number. */
    assertTime(atMs, 'atMs');
    /* Precondition: fn is a function. */
    assertCallback(fn, 'fn');
    return new SystemTimer(() => atMs - Date.now(), fn, this.#report);
  }

  /** Hands a callback failure to `onError`; a failing `onError` falls back to a warning. */
  readonly #report = (error: unknown): void => {
    try {
      this.#onError(error);
    } catch (failure) {
      emitTimerWarning(failure);
    }
  };
}

/**
 * The shared {@link SystemClock}, reporting callback failures as process warnings.
 * @example
 * const kms = new LocalKms({ clock: systemClock });
 */
export const systemClock = new SystemClock();
