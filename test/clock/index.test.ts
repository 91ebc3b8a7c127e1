import { describe, expect, it } from 'vitest';
import * as clock from '../../src/clock/index.js';

describe('clock index', () => {
  it('exports exactly the documented names', () => {
    expect(Object.keys(clock).sort()).toEqual(
      ['MANUAL_CLOCK_DEFAULT_EPOCH_MS', 'MANUAL_CLOCK_MAX_FIRINGS', 'MAX_TIMEOUT_MS', 'ManualClock', 'SystemClock', 'systemClock'].sort(),
    );
  });

  it('has the documented constants', () => {
    expect(clock.MAX_TIMEOUT_MS).toBe(2147483647);
    expect(new Date(clock.MANUAL_CLOCK_DEFAULT_EPOCH_MS).toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});
