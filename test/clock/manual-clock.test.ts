import { LRUCache } from 'lru-cache';
import { describe, expect, it } from 'vitest';
import { MANUAL_CLOCK_MAX_FIRINGS, ManualClock } from '../../src/clock/index.js';

const START = Date.parse('2026-01-01T00:00:00Z');

/** Resolves after a macrotask, so an awaited callback really yields to the event loop. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs `fn` and returns what it threw (synchronously). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('ManualClock time', () => {
  it('starts at 2026-01-01T00:00:00Z by default, or at the given time', () => {
    expect(new ManualClock().now()).toBe(START);
    expect(new ManualClock(0).now()).toBe(0);
    expect(new ManualClock(1234.5).now()).toBe(1234.5);
  });

  it('moves only when advanced, and ends exactly at the target', async () => {
    const clock = new ManualClock(1000);
    expect(clock.now()).toBe(1000);
    await clock.advance(250);
    expect(clock.now()).toBe(1250);
    await clock.advance(0);
    expect(clock.now()).toBe(1250);
  });

  it('keeps now a plain method usable as lru-cache perf: entries expire when the clock passes their ttl', async () => {
    const clock = new ManualClock();
    // ttlResolution 0: lru-cache otherwise caches now() for 1 ms of real time (a real setTimeout).
    const cache = new LRUCache<string, string>({ max: 10, ttl: 1000, ttlResolution: 0, perf: clock });
    cache.set('k', 'v');
    await clock.advance(999);
    expect(cache.get('k')).toBe('v');
    await clock.advance(2);
    expect(cache.get('k')).toBeUndefined();
  });
});

describe('ManualClock timer order', () => {
  it('fires timers in due order, with now() at each due time, and leaves later ones pending', async () => {
    const clock = new ManualClock(0);
    const fired: [string, number][] = [];
    clock.schedule(300, () => fired.push(['c', clock.now()]));
    clock.schedule(100, () => fired.push(['a', clock.now()]));
    clock.scheduleAt(200, () => fired.push(['b', clock.now()]));
    clock.schedule(1000, () => fired.push(['late', clock.now()]));
    expect(clock.pendingTimers()).toBe(4);
    await clock.advance(500);
    expect(fired).toEqual([
      ['a', 100],
      ['b', 200],
      ['c', 300],
    ]);
    expect(clock.now()).toBe(500);
    expect(clock.pendingTimers()).toBe(1);
    await clock.advance(500);
    expect(fired.at(-1)).toEqual(['late', 1000]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('fires a timer due exactly at the target', async () => {
    const clock = new ManualClock(0);
    let fired = false;
    clock.schedule(100, () => (fired = true));
    await clock.advance(99);
    expect(fired).toBe(false);
    await clock.advance(1);
    expect(fired).toBe(true);
  });

  it('fires timers with the same due time in scheduling order (schedule and scheduleAt mixed)', async () => {
    const clock = new ManualClock(0);
    const fired: number[] = [];
    clock.schedule(50, () => fired.push(1));
    clock.scheduleAt(50, () => fired.push(2));
    clock.schedule(10, () => fired.push(0));
    clock.schedule(50, () => fired.push(3));
    clock.scheduleAt(50, () => fired.push(4));
    await clock.advance(50);
    expect(fired).toEqual([0, 1, 2, 3, 4]);
  });

  it('fires timers scheduled by callbacks during the advance when they fall due within it', async () => {
    const clock = new ManualClock(0);
    const fired: [string, number][] = [];
    clock.schedule(100, () => {
      fired.push(['first', clock.now()]);
      clock.schedule(50, () => fired.push(['child', clock.now()]));
      clock.schedule(0, () => fired.push(['immediate', clock.now()]));
      clock.schedule(1000, () => fired.push(['beyond', clock.now()]));
    });
    clock.schedule(100, () => fired.push(['tie', clock.now()]));
    clock.schedule(120, () => fired.push(['second', clock.now()]));
    await clock.advance(200);
    expect(fired).toEqual([
      ['first', 100],
      ['tie', 100],
      ['immediate', 100],
      ['second', 120],
      ['child', 150],
    ]);
    expect(clock.pendingTimers()).toBe(1);
    expect(clock.now()).toBe(200);
  });

  it('awaits an async callback before the next timer, so its effects are visible when advance resolves', async () => {
    const clock = new ManualClock(0);
    const log: string[] = [];
    clock.schedule(10, async () => {
      log.push('a:start');
      await tick();
      await tick();
      log.push('a:end');
    });
    clock.schedule(20, async () => {
      log.push('b:start');
      await tick();
      log.push(`b:end@${clock.now()}`);
    });
    await clock.advance(30);
    expect(log).toEqual(['a:start', 'a:end', 'b:start', 'b:end@20']);
  });

  it('awaits a thenable that is not a Promise', async () => {
    const clock = new ManualClock(0);
    let done = false;
    clock.schedule(1, () => ({
      then(resolve: () => void) {
        setImmediate(() => {
          done = true;
          resolve();
        });
      },
    }));
    await clock.advance(1);
    expect(done).toBe(true);
  });
});

describe('ManualClock cancel', () => {
  it('stops a timer from firing and from counting as pending; cancelling twice is harmless', async () => {
    const clock = new ManualClock(0);
    let fired = 0;
    const timer = clock.schedule(10, () => fired++);
    clock.schedule(10, () => fired++);
    timer.cancel();
    timer.cancel();
    expect(clock.pendingTimers()).toBe(1);
    await clock.advance(10);
    expect(fired).toBe(1);
  });

  it('cancels a later timer from inside an earlier callback in the same advance', async () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    const later = clock.schedule(20, () => fired.push('later'));
    clock.schedule(10, () => {
      fired.push('earlier');
      later.cancel();
    });
    await clock.advance(30);
    expect(fired).toEqual(['earlier']);
  });

  it('does nothing when cancelling a timer that already fired', async () => {
    const clock = new ManualClock(0);
    const timer = clock.schedule(1, () => undefined);
    const other = clock.schedule(5, () => undefined);
    await clock.advance(1);
    timer.cancel();
    expect(clock.pendingTimers()).toBe(1);
    other.cancel();
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('ManualClock set and runDue', () => {
  it('set forward fires what falls due, like advance', async () => {
    const clock = new ManualClock(0);
    const fired: number[] = [];
    clock.schedule(100, () => fired.push(clock.now()));
    clock.schedule(300, () => fired.push(clock.now()));
    await clock.set(200);
    expect(fired).toEqual([100]);
    expect(clock.now()).toBe(200);
  });

  it('set backwards only moves time back: nothing fires, timers keep their due times', async () => {
    const clock = new ManualClock(1000);
    const fired: number[] = [];
    clock.scheduleAt(1500, () => fired.push(clock.now()));
    clock.schedule(100, () => fired.push(clock.now()));
    await clock.set(500);
    expect(clock.now()).toBe(500);
    expect(fired).toEqual([]);
    await clock.advance(600);
    expect(fired).toEqual([1100]);
    await clock.set(1500);
    expect(fired).toEqual([1100, 1500]);
  });

  it('a scheduleAt in the past does not fire until the next runDue or advance, and time does not go back', async () => {
    const clock = new ManualClock(1000);
    const fired: number[] = [];
    clock.scheduleAt(200, () => fired.push(clock.now()));
    expect(fired).toEqual([]);
    await clock.runDue();
    expect(fired).toEqual([1000]);
    expect(clock.now()).toBe(1000);
    clock.scheduleAt(0, () => fired.push(clock.now()));
    await clock.advance(0);
    expect(fired).toEqual([1000, 1000]);
  });

  it('runDue fires zero-delay timers without moving time, and leaves future ones', async () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    clock.schedule(0, () => fired.push('now'));
    clock.schedule(1, () => fired.push('later'));
    await clock.runDue();
    expect(fired).toEqual(['now']);
    expect(clock.now()).toBe(0);
    expect(clock.pendingTimers()).toBe(1);
  });
});

describe('ManualClock errors from callbacks', () => {
  it('runs the other timers, reaches the target, then rethrows a single failure as is', async () => {
    const clock = new ManualClock(0);
    const boom = new Error('boom');
    const fired: string[] = [];
    clock.schedule(1, () => fired.push('before'));
    clock.schedule(2, () => {
      throw boom;
    });
    clock.schedule(3, () => fired.push('after'));
    await expect(clock.advance(10)).rejects.toBe(boom);
    expect(fired).toEqual(['before', 'after']);
    expect(clock.now()).toBe(10);
  });

  it('treats a rejected async callback like a throw', async () => {
    const clock = new ManualClock(0);
    const boom = new Error('async boom');
    clock.schedule(1, async () => {
      await tick();
      throw boom;
    });
    await expect(clock.advance(1)).rejects.toBe(boom);
  });

  it('throws an AggregateError of every failure, in firing order, when several fail', async () => {
    const clock = new ManualClock(0);
    const first = new Error('first');
    const second = new Error('second');
    clock.schedule(2, async () => {
      throw second;
    });
    clock.schedule(1, () => {
      throw first;
    });
    const error = await clock.advance(5).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).errors).toEqual([first, second]);
  });

  it('stays usable after a failing advance', async () => {
    const clock = new ManualClock(0);
    clock.schedule(1, () => {
      throw new Error('x');
    });
    await expect(clock.advance(1)).rejects.toThrow('x');
    let fired = false;
    clock.schedule(1, () => (fired = true));
    await clock.advance(1);
    expect(fired).toBe(true);
  });

  it('refuses a second advance while one is running', async () => {
    const clock = new ManualClock(0);
    let release!: () => void;
    clock.schedule(1, () => new Promise<void>((resolve) => (release = resolve)));
    const first = clock.advance(1);
    await tick();
    await expect(clock.advance(1)).rejects.toThrow(/already running/);
    await expect(clock.set(0)).rejects.toThrow(/already running/);
    release();
    await first;
    expect(clock.now()).toBe(1);
  });

  it('reports an advance called from inside a callback as that callback failing', async () => {
    const clock = new ManualClock(0);
    clock.schedule(1, () => clock.advance(5));
    await expect(clock.advance(1)).rejects.toThrow(/already running/);
  });

  it('gives up on a timer that keeps rescheduling itself with no delay', async () => {
    const clock = new ManualClock(0);
    let count = 0;
    const again = (): void => {
      count++;
      clock.schedule(0, again);
    };
    clock.schedule(0, again);
    await expect(clock.advance(1)).rejects.toThrow(/reschedule itself/);
    expect(count).toBe(MANUAL_CLOCK_MAX_FIRINGS);
  });
});

describe('ManualClock wrong inputs', () => {
  const clock = new ManualClock(0);
  const fn = () => undefined;

  it.each([-1, NaN, Infinity, -Infinity])('advance: ms is negative, NaN or infinite (%s) → RangeError naming ms', async (ms) => {
    const error = await clock.advance(ms).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/^ms /);
  });

  it('advance: ms is not a number → TypeError naming ms', async () => {
    await expect(clock.advance('5' as unknown as number)).rejects.toThrow(TypeError);
    await expect(clock.advance('5' as unknown as number)).rejects.toThrow(/^ms /);
  });

  it.each([NaN, Infinity])('set: epochMs is NaN or infinite (%s) → RangeError naming epochMs', async (value) => {
    await expect(clock.set(value)).rejects.toThrow(RangeError);
    await expect(clock.set(value)).rejects.toThrow(/^epochMs /);
  });

  it.each([-1, NaN, Infinity])('schedule: delayMs is negative, NaN or infinite (%s) → RangeError naming delayMs', (value) => {
    const error = thrown(() => clock.schedule(value, fn));
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/^delayMs /);
  });

  it.each([NaN, Infinity])('scheduleAt: atMs is NaN or infinite (%s) → RangeError naming atMs', (value) => {
    const error = thrown(() => clock.scheduleAt(value, fn));
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/^atMs /);
  });

  it.each([
    ['schedule', () => clock.schedule('1' as unknown as number, fn), 'delayMs'],
    ['scheduleAt', () => clock.scheduleAt(null as unknown as number, fn), 'atMs'],
    ['schedule fn', () => clock.schedule(1, 'fn' as unknown as () => unknown), 'fn'],
    ['scheduleAt fn', () => clock.scheduleAt(1, undefined as unknown as () => unknown), 'fn'],
    ['constructor', () => new ManualClock('2026' as unknown as number), 'epochMs'],
  ] as const)('%s: wrong type → TypeError naming the argument', (_what, call, name) => {
    const error = thrown(call);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message.startsWith(`${name} `)).toBe(true);
  });

  it('constructor: epochMs is NaN → RangeError naming epochMs', () => {
    const error = thrown(() => new ManualClock(NaN));
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/^epochMs /);
  });

  it('no wrong call left a timer behind', () => {
    expect(clock.pendingTimers()).toBe(0);
  });
});
