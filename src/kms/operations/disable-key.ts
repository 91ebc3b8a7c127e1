/**
 * @module kms/operations/disable-key
 * DisableKey: Enabled → Disabled. Cryptographic operations then fail with DisabledException;
 * automatic rotation pauses.
 */
import type { Invocation } from '../_core.js';
import type { KeyIdRequest } from '../types.js';

export function disableKey(inv: Invocation, input: KeyIdRequest): Record<string, never> {
  const key = inv.key(input.KeyId, false);
  inv.authorize(key, 'DisableKey');
  inv.state(key, 'DisableKey');
  key.state = 'Disabled';
  inv.saveKey(key);
  inv.rescheduleNeeded = true;
  return {};
}
