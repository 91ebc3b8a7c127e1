import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMEOUT_MS, SystemClock, systemClock } from '../../src/clock/index.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

/** A promise with its resolve function. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Resolves after `ms` of real time (with a ref'd timer, unlike the clock's). */
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `fn` and returns what it threw (synchronously). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

afterEach(() => {
  // Spies first: a spy made under fake timers would otherwise restore the fake setTimeout.
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('SystemClock time and timers', () => {
  it('now() is Date.now()', () => {
    const before = Date.now();
    const now = new SystemClock().now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
    expect(Number.isInteger(now)).toBe(true);
  });

  it('schedule fires a 5 ms timer once, no earlier than 5 ms later', async () => {
    const clock = new SystemClock();
    const fired = deferred<number>();
    let count = 0;
    const start = performance.now();
    clock.schedule(5, () => {
      count++;
      fired.resolve(performance.now() - start);
    });
    const elapsed = await fired.promise;
    expect(elapsed).toBeGreaterThanOrEqual(4);
    await sleep(20);
    expect(count).toBe(1);
  });

  it('scheduleAt fires at a time 5 ms ahead, and at once for a time in the past', async () => {
    const clock = new SystemClock();
    const ahead = deferred();
    const past = deferred();
    clock.scheduleAt(Date.now() + 5, () => ahead.resolve());
    clock.scheduleAt(Date.now() - 60_000, () => past.resolve());
    await Promise.all([ahead.promise, past.promise]);
  });

  it('cancel stops a timer from firing', async () => {
    const clock = new SystemClock();
    let fired = false;
    const timer = clock.schedule(5, () => (fired = true));
    timer.cancel();
    timer.cancel();
    await sleep(30);
    expect(fired).toBe(false);
  });

  it('unref()s every timer it starts', () => {
    const started: NodeJS.Timeout[] = [];
    const real = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
      const handle = real(fn, ms);
      started.push(handle);
      return handle;
    }) as typeof setTimeout);
    const clock = new SystemClock();
    const timers = [clock.schedule(60_000, () => undefined), clock.scheduleAt(Date.now() + 60_000, () => undefined)];
    expect(started).toHaveLength(2);
    for (const handle of started) expect(handle.hasRef()).toBe(false);
    for (const timer of timers) timer.cancel();
  });

  it('does not keep the process alive: a script with a pending 60 s timer exits at once', async () => {
    const script = [
      "import { systemClock } from './src/clock/index.ts';",
      "systemClock.schedule(60_000, () => { console.log('fired'); });",
      "console.log('scheduled');",
    ].join('\n');
    const start = Date.now();
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      timeout: 30_000,
    });
    expect(stdout.trim()).toBe('scheduled');
    expect(Date.now() - start).toBeLessThan(30_000);
  }, 40_000);
});

describe('SystemClock delays beyond setTimeout limit (fake timers)', () => {
  it('chains timeouts of at most 2^31 - 1 ms and fires schedule() only after the whole delay', () => {
    vi.useFakeTimers();
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const clock = new SystemClock();
    const delay = 2 * MAX_TIMEOUT_MS + 12_345;
    let fired = 0;
    clock.schedule(delay, () => fired++);
    vi.advanceTimersByTime(delay - 1);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(1);
    expect(fired).toBe(1);
    expect(spy.mock.calls.length).toBeGreaterThanOrEqual(3);
    for (const [, ms] of spy.mock.calls) expect(ms).toBeLessThanOrEqual(MAX_TIMEOUT_MS);
  });

  it('chains scheduleAt() the same way, and cancel stops it between links', () => {
    vi.useFakeTimers();
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const clock = new SystemClock();
    const at = Date.now() + MAX_TIMEOUT_MS + 500;
    let fired = 0;
    clock.scheduleAt(at, () => fired++);
    const cancelled = clock.scheduleAt(at, () => fired++);
    vi.advanceTimersByTime(MAX_TIMEOUT_MS + 1);
    cancelled.cancel();
    vi.advanceTimersByTime(498);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(1);
    expect(fired).toBe(1);
    for (const [, ms] of spy.mock.calls) expect(ms).toBeLessThanOrEqual(MAX_TIMEOUT_MS);
  });
});

describe('SystemClock callback failures', () => {
  it('passes a synchronous throw to onError', async () => {
    const reported = deferred<unknown>();
    const clock = new SystemClock({ onError: (e) => reported.resolve(e) });
    const boom = new Error('sync boom');
    clock.schedule(1, () => {
      throw boom;
    });
    expect(await reported.promise).toBe(boom);
  });

  it('passes an async rejection to onError, with no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      const reported = deferred<unknown>();
      const clock = new SystemClock({ onError: (e) => reported.resolve(e) });
      const boom = new Error('async boom');
      clock.schedule(1, async () => {
        await sleep(1);
        throw boom;
      });
      expect(await reported.promise).toBe(boom);
      await sleep(20);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });

  it('emits a process warning by default (and so does the shared systemClock)', async () => {
    const warned = deferred<unknown[]>();
    vi.spyOn(process, 'emitWarning').mockImplementation(((...args: unknown[]) => warned.resolve(args)) as typeof process.emitWarning);
    systemClock.schedule(1, async () => {
      throw new TypeError('default boom');
    });
    const [message, options] = await warned.promise;
    expect(message).toMatch(/TypeError: default boom/);
    expect(options).toMatchObject({ type: 'TimerCallbackError' });
  });

  it('falls back to a process warning when onError itself throws', async () => {
    const warned = deferred<unknown[]>();
    vi.spyOn(process, 'emitWarning').mockImplementation(((...args: unknown[]) => warned.resolve(args)) as typeof process.emitWarning);
    const clock = new SystemClock({
      onError: () => {
        throw new Error('handler broke');
      },
    });
    clock.schedule(1, () => {
      throw new Error('original');
    });
    const [message] = await warned.promise;
    expect(message).toMatch(/handler broke/);
  });

  it('does not call onError when callbacks succeed', async () => {
    const onError = vi.fn();
    const clock = new SystemClock({ onError });
    const done = deferred();
    clock.schedule(1, async () => {
      await sleep(1);
      done.resolve();
    });
    await done.promise;
    await sleep(5);
    expect(onError).not.toHaveBeenCalled();
  });
});

describe('SystemClock wrong inputs', () => {
  const clock = new SystemClock();
  const fn = () => undefined;

  const rows: [string, () => unknown, typeof TypeError | typeof RangeError, string][] = [
    ['schedule: delayMs is negative', () => clock.schedule(-1, fn), RangeError, 'delayMs'],
    ['schedule: delayMs is NaN', () => clock.schedule(NaN, fn), RangeError, 'delayMs'],
    ['schedule: delayMs is infinite', () => clock.schedule(Infinity, fn), RangeError, 'delayMs'],
    ['schedule: delayMs is a string', () => clock.schedule('5' as unknown as number, fn), TypeError, 'delayMs'],
    ['schedule: fn is not a function', () => clock.schedule(5, null as unknown as () => unknown), TypeError, 'fn'],
    ['scheduleAt: atMs is NaN', () => clock.scheduleAt(NaN, fn), RangeError, 'atMs'],
    ['scheduleAt: atMs is infinite', () => clock.scheduleAt(-Infinity, fn), RangeError, 'atMs'],
    ['scheduleAt: atMs is a Date', () => clock.scheduleAt(new Date() as unknown as number, fn), TypeError, 'atMs'],
    ['scheduleAt: fn is not a function', () => clock.scheduleAt(5, {} as unknown as () => unknown), TypeError, 'fn'],
    [
      'constructor: options.onError is not a function',
      () => new SystemClock({ onError: 'log' as unknown as () => void }),
      TypeError,
      'options.onError',
    ],
  ];
  it.each(rows.map(([what, call, Err, name]) => [`${what} → ${Err.name} naming ${name}`, call, Err, name] as const))(
    '%s',
    (_title, call, Err, name) => {
      const error = thrown(call);
      expect(error).toBeInstanceOf(Err);
      expect((error as Error).constructor).toBe(Err);
      expect((error as Error).message.startsWith(`${name} `)).toBe(true);
    },
  );
});

describe('systemClock', () => {
  it('is a shared SystemClock', () => {
    expect(systemClock).toBeInstanceOf(SystemClock);
  });
});
