/**
 * @module kms/operations/cancel-key-deletion
 * CancelKeyDeletion: PendingDeletion → Disabled (not Enabled), DeletionDate cleared.
 */
import type { Invocation } from '../_core.js';
import type { CancelKeyDeletionResponse, KeyIdRequest } from '../types.js';

export function cancelKeyDeletion(inv: Invocation, input: KeyIdRequest): CancelKeyDeletionResponse {
  const key = inv.key(input.KeyId, false);
  inv.authorize(key, 'CancelKeyDeletion');
  inv.state(key, 'CancelKeyDeletion');
  key.state = 'Disabled';
  delete key.deletionDate;
  delete key.pendingWindowInDays;
  inv.saveKey(key);
  inv.rescheduleNeeded = true;
  inv.responseElements = { keyId: key.arn };
  return { KeyId: key.arn };
}
