/**
 * @module kms/operations/disable-key-rotation
 * DisableKeyRotation: stops automatic rotation; every previous material stays usable.
 */
import { UnsupportedOperationException } from '../../common/errors.js';
import type { Invocation } from '../_core.js';
import type { KeyIdRequest } from '../types.js';
import { needRotatable } from './_rotation-checks.js';

export function disableKeyRotation(inv: Invocation, input: KeyIdRequest): Record<string, never> {
  const key = inv.key(input.KeyId, false);
  inv.authorize(key, 'DisableKeyRotation');
  inv.state(key, 'KeyRotation');
  needRotatable(key);
  /* Precondition: the rotation of an AWS managed key cannot be changed. */
  if (key.manager === 'AWS') throw new UnsupportedOperationException(`${key.arn} is an AWS managed key; its rotation cannot be changed.`);
  key.rotation = { enabled: false, periodDays: key.rotation.periodDays };
  inv.saveKey(key);
  inv.rescheduleNeeded = true;
  return {};
}
