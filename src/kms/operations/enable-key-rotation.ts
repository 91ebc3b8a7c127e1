/**
 * @module kms/operations/enable-key-rotation
 * EnableKeyRotation: automatic rotation every RotationPeriodInDays (90..2560, default 365),
 * the first one a period from now. AWS-managed keys rotate yearly and cannot be changed.
 */
import { UnsupportedOperationException } from '../../common/errors.js';
import type { Invocation } from '../_core.js';
import { DAY_MS, DEFAULT_ROTATION_PERIOD_DAYS } from '../constants.js';
import type { EnableKeyRotationRequest } from '../types.js';
import { needRotatable } from './_rotation-checks.js';

export function enableKeyRotation(inv: Invocation, input: EnableKeyRotationRequest): Record<string, never> {
  const key = inv.key(input.KeyId, false);
  inv.authorize(key, 'EnableKeyRotation');
  inv.state(key, 'KeyRotation');
  needRotatable(key);
  /* Precondition: the rotation of an AWS managed key cannot be changed. */
  if (key.manager === 'AWS') throw new UnsupportedOperationException(`${key.arn} is an AWS managed key; its rotation cannot be changed.`);
  const period = input.RotationPeriodInDays ?? DEFAULT_ROTATION_PERIOD_DAYS;
  key.rotation = { enabled: true, periodDays: period, nextAt: inv.now + period * DAY_MS };
  inv.saveKey(key);
  inv.rescheduleNeeded = true;
  return {};
}
