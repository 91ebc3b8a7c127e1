/**
 * @module clock/manual-clock
 * A clock that moves only when a test says so (after lru-cache's injectable `perf` and
 * @sinonjs/fake-timers' `tickAsync`). Timers fire in due order, ties in scheduling order, each at
 * its own due time, and an async callback is awaited before the next one runs, so when
 * `await clock.advance(ms)` returns, everything that was due has finished.
 */
import { needs } from '../common/needs.js';
import { assertCallback, assertTime } from './_assert.js';
import type { Clock, Timer } from './clock.js';
import { MANUAL_CLOCK_DEFAULT_EPOCH_MS, MANUAL_CLOCK_MAX_FIRINGS } from './constants.js';

/** One scheduled callback of a {@link ManualClock}. */
interface Entry {
  readonly due: number;
  readonly seq: number;
  readonly fn: () => unknown;
}

/** True for a promise or any other object with a `then` method. */
function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * A deterministic clock for tests. It also fits lru-cache's `perf` option, which needs only
 * `now()`; give lru-cache `ttlResolution: 0` too, or it caches `now()` for 1 ms of real time.
 * @example
 * const clock = new ManualClock();
 * const fired: number[] = [];
 * clock.schedule(1_000, () => fired.push(clock.now()));
 * await clock.advance(5_000);
 * fired; // [Date.parse('2026-01-01T00:00:01Z')]
 */
export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  #running = false;
  /** Pending timers sorted by due time, then by scheduling order. */
  readonly #queue: Entry[] = [];

  /**
   * @param epochMs - the starting time in epoch milliseconds; 2026-01-01T00:00:00Z by default
   * @throws {@link TypeError} naming `epochMs` when it is not a number
   * @throws {@link RangeError} naming `epochMs` when it is NaN or infinite
   */
  constructor(epochMs: number = MANUAL_CLOCK_DEFAULT_EPOCH_MS) {
    /* Precondition: epochMs is a finite number. */
    assertTime(epochMs, 'epochMs');
    this.#now = epochMs;
  }

  /**
   * @returns the clock's current time in epoch milliseconds
   * @example
   * new ManualClock(0).now(); // 0
   */
  now(): number {
    return this.#now;
  }

  /**
   * Schedules `fn` to run when the clock has moved `delayMs` forward.
   * @param delayMs - finite and not negative; 0 fires on the next `advance`, `set` or `runDue`
   * @param fn - the callback; a returned promise is awaited by the advance that fires it
   * @returns a timer to cancel it
   * @throws {@link TypeError} naming `delayMs` or `fn` when it has the wrong type
   * @throws {@link RangeError} naming `delayMs` when it is negative, NaN or infinite
   * @example
   * clock.schedule(60_000, async () => { await rotate(); });
   */
  schedule(delayMs: number, fn: () => unknown): Timer {
    /* Precondition: delayMs is a finite number >= 0. */
    assertTime(delayMs, 'delayMs', 0);
    /* Precondition: fn is a function. */
    assertCallback(fn, 'fn');
    return this._add(this.#now + delayMs, fn);
  }

  /**
   * Schedules `fn` to run when the clock reaches `atMs`; a past time is due at once and fires on
   * the next `advance`, `set` forward or `runDue` (the clock does not move back for it).
   * @param atMs - epoch milliseconds, finite
   * @param fn - the callback; a returned promise is awaited by the advance that fires it
   * @returns a timer to cancel it
   * @throws {@link TypeError} naming `atMs` or `fn` when it has the wrong type
   * @throws {@link RangeError} naming `atMs` when it is NaN or infinite
   * @example
   * clock.scheduleAt(Date.parse('2026-01-08T00:00:00Z'), () => deleteKey(id));
   */
  scheduleAt(atMs: number, fn: () => unknown): Timer {
    /* Precondition: atMs is a finite number. */
    assertTime(atMs, 'atMs');
    /* Precondition: fn is a function. */
    assertCallback(fn, 'fn');
    return this._add(atMs, fn);
  }

  /**
   * Moves time forward by `ms`, firing every timer due up to the new time: repeatedly the
   * earliest (ties in scheduling order), with `now()` set to its due time while it runs, awaiting
   * a returned promise before the next. Timers scheduled by callbacks fire too if they fall due
   * within the window. Ends with `now()` at the old time plus `ms`.
   *
   * A failing callback does not stop the others: once all have run, the failure is thrown (an
   * `AggregateError` of all of them if several failed).
   * @param ms - milliseconds, finite and not negative
   * @throws {@link RangeError} naming `ms` when it is negative, NaN or infinite
   * @throws {@link TypeError} naming `ms` when it is not a number
   * @throws {@link Error} when another `advance`, `set` or `runDue` is still running (await it
   *   first), or when more than 1,000,000 timers fire in one call
   * @throws whatever a callback threw, or an {@link AggregateError} of several
   * @example
   * await clock.advance(7 * 24 * 3600_000); // a week later, all due deletions have completed
   */
  async advance(ms: number): Promise<void> {
    /* Precondition: ms is a finite number >= 0. */
    assertTime(ms, 'ms', 0);
    await this._runUntil(this.#now + ms);
  }

  /**
   * Sets the time. Later than now: the same as advancing to `epochMs` (timers due by then fire).
   * Earlier: the clock just goes back and nothing fires; timers keep their due times.
   * @param epochMs - epoch milliseconds, finite
   * @throws {@link TypeError} naming `epochMs` when it is not a number
   * @throws {@link RangeError} naming `epochMs` when it is NaN or infinite
   * @throws as {@link ManualClock.advance} does when going forward
   * @example
   * await clock.set(Date.parse('2027-01-01T00:00:00Z'));
   */
  async set(epochMs: number): Promise<void> {
    /* Precondition: epochMs is a finite number. */
    assertTime(epochMs, 'epochMs');
    if (epochMs < this.#now) {
      this._assertIdle();
      this.#now = epochMs;
      return;
    }
    await this._runUntil(epochMs);
  }

  /**
   * Fires the timers already due at `now()` (those scheduled with no delay or in the past),
   * without moving time.
   * @throws as {@link ManualClock.advance} does
   * @example
   * clock.scheduleAt(0, () => sweep());
   * await clock.runDue();
   */
  async runDue(): Promise<void> {
    await this._runUntil(this.#now);
  }

  /**
   * @returns how many timers are scheduled and neither fired nor cancelled
   * @example
   * clock.pendingTimers(); // 0 once everything has fired
   */
  pendingTimers(): number {
    return this.#queue.length;
  }

  /** Inserts a timer in due order, after every timer with the same due time. */
  protected _add(due: number, fn: () => unknown): Timer {
    const entry: Entry = { due, seq: this.#seq++, fn };
    const queue = this.#queue;
    let low = 0;
    let high = queue.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((queue[mid] as Entry).due <= due) low = mid + 1;
      else high = mid;
    }
    queue.splice(low, 0, entry);
    return {
      cancel: () => {
        const at = queue.indexOf(entry);
        if (at !== -1) queue.splice(at, 1);
      },
    };
  }

  /** Throws when an advance is still running. */
  protected _assertIdle(): void {
    needs(
      !this.#running,
      'ManualClock: advance(), set() or runDue() is already running; await it before moving the clock again',
    );
  }

  /** Fires every timer due at or before `target` in order, then sets the time to `target`. */
  protected async _runUntil(target: number): Promise<void> {
    this._assertIdle();
    this.#running = true;
    const errors: unknown[] = [];
    try {
      for (let fired = 0; ; fired++) {
        const next = this.#queue[0];
        if (next === undefined || next.due > target) break;
        needs(
          fired < MANUAL_CLOCK_MAX_FIRINGS,
          `ManualClock: more than ${MANUAL_CLOCK_MAX_FIRINGS} timers fired in one advance; does a timer reschedule itself with no delay?`,
        );
        this.#queue.shift();
        if (next.due > this.#now) this.#now = next.due;
        try {
          const result = next.fn();
          if (isThenable(result)) await result;
        } catch (error) {
          errors.push(error);
        }
      }
      if (target > this.#now) this.#now = target;
    } finally {
      this.#running = false;
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `ManualClock: ${errors.length} timer callbacks failed`);
  }
}
