/**
 * @module kms/_audit-fields
 * What CloudTrail never logs (plaintext, ciphertext, tokens, MAC inputs), and which
 * operations are read-only (kms.md §9).
 */
export const AUDIT_HIDDEN_FIELDS: ReadonlySet<string> = new Set([
  'Plaintext',
  'CiphertextBlob',
  'GrantTokens',
  'GrantToken',
  'Message',
  'Mac',
  'DryRunModifiers',
]);

export const READ_ONLY_OPERATIONS: ReadonlySet<string> = new Set([
  'DescribeKey',
  'ListKeys',
  'ListAliases',
  'ListGrants',
  'ListRetirableGrants',
  'ListResourceTags',
  'ListKeyPolicies',
  'ListKeyRotations',
  'GetKeyPolicy',
  'GetKeyRotationStatus',
  'Encrypt',
  'Decrypt',
  'ReEncrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateRandom',
  'GenerateMac',
  'VerifyMac',
]);
