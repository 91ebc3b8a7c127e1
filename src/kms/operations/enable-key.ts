/**
 * @module kms/operations/enable-key
 * EnableKey: Disabled → Enabled. A key whose automatic rotation came due while it was disabled
 * rotates once, at once (its rotation becomes due now and runs before the next call or clock
 * tick, dated now); otherwise its schedule resumes (kms.md §8).
 */
import type { Invocation } from '../_core.js';
import type { KeyIdRequest } from '../types.js';

export function enableKey(inv: Invocation, input: KeyIdRequest): Record<string, never> {
  const key = inv.key(input.KeyId, false);
  inv.authorize(key, 'EnableKey');
  inv.state(key, 'EnableKey');
  key.state = 'Enabled';
  /* A rotation that came due while the key was disabled happens now, once; the next one a period later. */
  if (key.rotation.enabled && key.rotation.nextAt !== undefined && key.rotation.nextAt <= inv.now) key.rotation.nextAt = inv.now;
  inv.saveKey(key);
  inv.rescheduleNeeded = true;
  return {};
}
