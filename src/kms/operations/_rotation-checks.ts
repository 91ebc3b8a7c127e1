/**
 * @module kms/operations/_rotation-checks
 * Which keys can rotate: symmetric encryption keys with KMS-made material (kms.md §3, §8).
 */
import { UnsupportedOperationException } from '../../common/errors.js';
import type { KeyRecord } from '../_records.js';

/** Throws UnsupportedOperationException for HMAC keys. */
export function needRotatable(key: KeyRecord, operation: string): void {
  /* Precondition: only symmetric encryption keys rotate. */
  if (key.keySpec !== 'SYMMETRIC_DEFAULT')
    throw new UnsupportedOperationException(`${key.arn} key spec ${key.keySpec} is not valid for ${operation}.`);
}
