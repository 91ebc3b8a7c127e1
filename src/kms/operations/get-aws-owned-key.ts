/**
 * @module kms/operations/get-aws-owned-key
 * Not an AWS operation: how a service principal gets (creating on first call) one of its own
 * AWS-owned keys, by name. AWS-owned keys live in the service's account, are never listed or
 * audited in the customer's account, cannot be disabled, deleted or re-policied, and only their
 * owning service may use them.
 */
import { randomUUID } from 'node:crypto';
import { AccessDeniedException, ValidationException } from '../../common/errors.js';
import { awsOwnedKeyPolicy, type Invocation } from '../_core.js';
import { keyMetadata, newKeyRecord } from '../_support.js';
import { AWS_OWNED_ACCOUNT_ID, DEFAULT_ROTATION_PERIOD_DAYS } from '../constants.js';
import { isServicePrincipal } from '../identifiers.js';
import { parsePolicy } from '../policy.js';
import type { KeyMetadataResponse } from '../types.js';

/** Input of GetAwsOwnedKey. */
export interface GetAwsOwnedKeyRequest {
  /** A name the service gives the key (one key per name per service). */
  Name: string;
}

export function getAwsOwnedKey(inv: Invocation, input: GetAwsOwnedKeyRequest): KeyMetadataResponse {
  /* Precondition: only a service principal owns AWS-owned keys. */
  if (!isServicePrincipal(inv.principal))
    throw new AccessDeniedException(`User: ${inv.principal} is not authorized to use AWS owned keys; only AWS services own them.`);
  /* Precondition: an AWS-owned key has a name of 1 to 256 characters. */
  if (typeof input?.Name !== 'string' || input.Name.length < 1 || input.Name.length > 256)
    throw new ValidationException('Name must be a string of 1 to 256 characters.');
  for (const key of inv.core.keys.values()) {
    if (key.owner?.service === inv.principal && key.owner.name === input.Name) {
      inv.touch(key);
      return { KeyMetadata: keyMetadata(key) };
    }
  }
  const keyId = randomUUID();
  const policy = awsOwnedKeyPolicy(inv.principal);
  const key = newKeyRecord(
    {
      keyId,
      account: AWS_OWNED_ACCOUNT_ID,
      region: inv.region,
      now: inv.now,
      description: `AWS owned key of ${inv.principal}: ${input.Name}`,
      manager: 'AWS',
      keySpec: 'SYMMETRIC_DEFAULT',
      keyUsage: 'ENCRYPT_DECRYPT',
      policy,
      parsedPolicy: parsePolicy(policy),
      rotation: { enabled: false, periodDays: DEFAULT_ROTATION_PERIOD_DAYS },
      owner: { service: inv.principal, name: input.Name },
    },
    inv.random,
  );
  inv.core.keys.set(keyId, key);
  inv.touch(key);
  inv.saveKey(key);
  return { KeyMetadata: keyMetadata(key) };
}
