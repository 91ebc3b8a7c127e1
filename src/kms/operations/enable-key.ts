/**
 * @module kms/operations/enable-key
 * EnableKey: Disabled → Enabled. A key whose automatic rotation came due while it was disabled
 * rotates at once; otherwise its schedule resumes (kms.md §8).
 */
import type { Invocation } from '../_core.js';
import type { KeyIdRequest } from '../types.js';

export function enableKey(inv: Invocation, input: KeyIdRequest): Record<string, never> {
  const key = inv.key(input.KeyId, false);
  inv.authorize(key, 'EnableKey');
  inv.state(key, 'EnableKey');
  key.state = 'Enabled';
  inv.saveKey(key);
  inv.rescheduleNeeded = true;
  return {};
}
