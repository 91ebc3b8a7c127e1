/**
 * @module kms/constants
 * Limits, defaults and exact messages of AWS KMS (reference/kms.md §2, §4, §7), in one place.
 */

/** Defaults for a LocalKms that names no account or region. */
export const DEFAULT_ACCOUNT_ID = '111122223333';
export const DEFAULT_REGION = 'us-east-1';
/** The account that holds AWS-owned keys (stands for the owning service's own account). */
export const AWS_OWNED_ACCOUNT_ID = '000000000000';

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

/** Quotas (kms.md §4). */
export const MAX_GRANTS_PER_KEY = 50_000;
export const MAX_ALIASES_PER_KEY = 50;
export const MAX_TAGS_PER_KEY = 50;
export const MAX_ON_DEMAND_ROTATIONS = 25;
export const MAX_ENCRYPT_PLAINTEXT = 4096;
export const MAX_CONSTRAINT_PAIRS = 8;
export const MAX_CONSTRAINT_VALUE_LENGTH = 384;
export const MAX_GRANT_TOKENS = 10;

/** Deletion window (days) accepted by ScheduleKeyDeletion, and its default. */
export const MIN_PENDING_WINDOW_DAYS = 7;
export const MAX_PENDING_WINDOW_DAYS = 30;
export const DEFAULT_PENDING_WINDOW_DAYS = 30;

/** Automatic rotation period (days). AWS-managed keys rotate yearly and cannot be changed. */
export const MIN_ROTATION_PERIOD_DAYS = 90;
export const MAX_ROTATION_PERIOD_DAYS = 2560;
export const DEFAULT_ROTATION_PERIOD_DAYS = 365;
/** RotateKeyOnDemand is refused while an automatic rotation is due within this window. */
export const ROTATION_CONFLICT_WINDOW_MS = 20 * MINUTE_MS;

/** Default page sizes of the List operations, and their maxima. */
export const PAGE_LIMITS = {
  ListKeys: { default: 100, max: 1000 },
  ListKeyRotations: { default: 100, max: 1000 },
  ListAliases: { default: 50, max: 100 },
  ListGrants: { default: 50, max: 100 },
  ListRetirableGrants: { default: 50, max: 100 },
  ListResourceTags: { default: 50, max: 50 },
} as const;

/** Every operation that takes DryRun (kms.md §3). */
export const DRY_RUN_OPERATIONS = [
  'CreateGrant',
  'Decrypt',
  'Encrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateMac',
  'ReEncrypt',
  'RetireGrant',
  'RevokeGrant',
  'VerifyMac',
] as const;

/** Grant operations valid on a symmetric ENCRYPT_DECRYPT key, and on an HMAC key. */
export const SYMMETRIC_GRANT_OPERATIONS = [
  'Decrypt',
  'Encrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'ReEncryptFrom',
  'ReEncryptTo',
  'CreateGrant',
  'RetireGrant',
  'DescribeKey',
] as const;
export const HMAC_GRANT_OPERATIONS = ['GenerateMac', 'VerifyMac', 'CreateGrant', 'RetireGrant', 'DescribeKey'] as const;

/** HMAC key specs and their key lengths in bytes. */
export const HMAC_KEY_BYTES = { HMAC_224: 28, HMAC_256: 32, HMAC_384: 48, HMAC_512: 64 } as const;
/** MAC algorithm of each HMAC key spec. */
export const HMAC_ALGORITHMS = {
  HMAC_224: 'HMAC_SHA_224',
  HMAC_256: 'HMAC_SHA_256',
  HMAC_384: 'HMAC_SHA_384',
  HMAC_512: 'HMAC_SHA_512',
} as const;

/** CloudTrail envelope constants (kms.md §9). */
export const EVENT_VERSION = '1.11';
export const EVENT_SOURCE = 'kms.amazonaws.com';

/** Exact AWS messages (kms.md). */
export const MESSAGES = {
  dryRun: 'The request would have succeeded, but the DryRun option is set.',
  throttled: 'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.',
  incorrectKey: 'The key ID in the request does not identify a CMK that can perform this operation.',
  aliasNotSupported: 'Key Aliases are not supported for this operation',
  aliasPrefix:
    'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
  aliasReserved: 'Alias names that begin with alias/aws/ are reserved for AWS managed keys.',
  pendingWindow: 'PendingWindowInDays must be between 7 and 30',
  noKeySize: 'Please specify either number of bytes or key spec.',
  bothKeySizes: 'Please specify either number of bytes or key spec, not both.',
  numberOfBytesRequired: 'NumberOfBytes is required.',
  oneConstraint: 'More than one constraint supplied',
  duplicateTags: 'Duplicate tag keys',
  tooManyTags: 'Too many tags',
  reservedTag: 'Tags beginning with aws: are reserved',
  lockout: 'The new key policy will not allow you to update the key policy in the future.',
} as const;
