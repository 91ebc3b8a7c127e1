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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The deletionDate format of CloudTrail's ScheduleKeyDeletion record (kms.md §9): `Apr 12, 2021 18:58:30 PM`. */
function cloudTrailDeletionDate(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number): string => String(n).padStart(2, '0');
  const hours = d.getUTCHours();
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${two(hours)}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${hours < 12 ? 'AM' : 'PM'}`;
}

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
    deletionDate: cloudTrailDeletionDate(key.deletionDate),
    pendingWindowInDays: days,
  };
  return { KeyId: key.arn, DeletionDate: new Date(key.deletionDate), KeyState: key.state, PendingWindowInDays: days };
}
