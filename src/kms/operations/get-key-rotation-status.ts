/**
 * @module kms/operations/get-key-rotation-status
 * GetKeyRotationStatus: whether automatic rotation is on, its period and next date. A key
 * pending deletion reads `false`; the previous status returns on cancel.
 */
import type { Invocation } from '../_core.js';
import type { GetKeyRotationStatusResponse, KeyIdRequest } from '../types.js';
import { needRotatable } from './_rotation-checks.js';

export function getKeyRotationStatus(inv: Invocation, input: KeyIdRequest): GetKeyRotationStatusResponse {
  const key = inv.key(input.KeyId, false);
  inv.authorize(key, 'GetKeyRotationStatus');
  inv.state(key, 'GetKeyRotationStatus');
  needRotatable(key);
  const enabled = key.rotation.enabled && key.state !== 'PendingDeletion';
  const out: GetKeyRotationStatusResponse = { KeyRotationEnabled: enabled, KeyId: key.arn };
  if (enabled) {
    out.RotationPeriodInDays = key.rotation.periodDays;
    if (key.rotation.nextAt !== undefined) out.NextRotationDate = new Date(key.rotation.nextAt);
  }
  return out;
}
