/**
 * @module kms/operations/_crypto-checks
 * Checks shared by the cryptographic operations: key usage and algorithm.
 */
import { InvalidKeyUsageException } from '../../common/errors.js';
import type { KeyRecord } from '../_records.js';

/**
 * Throws InvalidKeyUsageException unless the key's KeyUsage allows `operation`.
 * @param key - the key
 * @param usage - the usage the operation needs
 * @param operation - the operation name, for the message
 */
export function needUsage(key: KeyRecord, usage: KeyRecord['keyUsage'], operation: string): void {
  /* Precondition: the key's KeyUsage allows the operation. */
  if (key.keyUsage !== usage) throw new InvalidKeyUsageException(`${key.arn} key usage is ${key.keyUsage} which is not valid for ${operation}.`);
}

/** Symmetric keys take only the SYMMETRIC_DEFAULT algorithm. */
export function needSymmetricAlgorithm(key: KeyRecord, algorithm: string | undefined): void {
  /* Precondition: a symmetric key is used with SYMMETRIC_DEFAULT. */
  if (algorithm !== undefined && algorithm !== 'SYMMETRIC_DEFAULT')
    throw new InvalidKeyUsageException(`The encryption algorithm ${algorithm} is not compatible with the type of the specified KMS key ${key.arn}.`);
}
