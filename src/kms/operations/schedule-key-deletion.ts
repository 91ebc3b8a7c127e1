/**
 * @module kms/operations/schedule-key-deletion
 * ScheduleKeyDeletion: PendingDeletion for 7..30 days (default 30). When the clock passes
 * DeletionDate the key, its material, aliases and grants are gone for good, and a DeleteKey
 * service event is recorded.
 */
import { ValidationException } from '../../common/errors.js';
import type { Invocation } from '../_core.js';
import { DAY_MS, DEFAULT_PENDING_WINDOW_DAYS, MAX_PENDING_WINDOW_DAYS, MESSAGES, MIN_PENDING_WINDOW_DAYS } from '../constants.js';
import type { ScheduleKeyDeletionRequest, ScheduleKeyDeletionResponse } from '../types.js';

export function scheduleKeyDeletion(inv: Invocation, input: ScheduleKeyDeletionRequest): ScheduleKeyDeletionResponse {
  const days = input.PendingWindowInDays ?? DEFAULT_PENDING_WINDOW_DAYS;
  /* Precondition: the waiting period is between 7 and 30 days. */
  if (days < MIN_PENDING_WINDOW_DAYS || days > MAX_PENDING_WINDOW_DAYS) throw new ValidationException(MESSAGES.pendingWindow);
  const key = inv.key(input.KeyId, false);
  inv.authorize(key, 'ScheduleKeyDeletion');
  inv.state(key, 'ScheduleKeyDeletion');
  key.state = 'PendingDeletion';
  key.deletionDate = inv.now + days * DAY_MS;
  key.pendingWindowInDays = days;
  inv.saveKey(key);
  inv.rescheduleNeeded = true;
  inv.responseElements = {
    keyId: key.arn,
    keyState: key.state,
    deletionDate: new Date(key.deletionDate).toISOString(),
    pendingWindowInDays: days,
  };
  return { KeyId: key.arn, DeletionDate: new Date(key.deletionDate), KeyState: key.state, PendingWindowInDays: days };
}
