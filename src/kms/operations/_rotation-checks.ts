/**
 * @module kms/operations/_rotation-checks
 * Which keys can rotate: symmetric encryption keys with KMS-made material (kms.md §3, §8).
 */
import { UnsupportedOperationException } from '../../common/errors.js';
import type { KeyRecord } from '../_records.js';

/** Throws UnsupportedOperationException for HMAC keys. */
export function needRotatable(key: KeyRecord): void {
  /* Precondition: only symmetric encryption keys rotate (AWS answers with no message). */
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') throw new UnsupportedOperationException('');
}
