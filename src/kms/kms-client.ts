/**
 * @module kms/kms-client
 * The one asynchronous interface through which the table store reaches a KMS, with the AWS SDK
 * v3 shapes, so the same code can run against `LocalKms` or, through an adapter, AWS KMS.
 */
import type * as T from './types.js';

/** The KMS operations the table store needs. `LocalKms` implements it. */
export interface KmsClient {
  describeKey(input: T.DescribeKeyRequest): Promise<T.KeyMetadataResponse>;
  generateDataKey(input: T.GenerateDataKeyRequest): Promise<T.GenerateDataKeyResponse>;
  generateDataKeyWithoutPlaintext(input: T.GenerateDataKeyWithoutPlaintextRequest): Promise<T.GenerateDataKeyWithoutPlaintextResponse>;
  encrypt(input: T.EncryptRequest): Promise<T.EncryptResponse>;
  decrypt(input: T.DecryptRequest): Promise<T.DecryptResponse>;
  reEncrypt(input: T.ReEncryptRequest): Promise<T.ReEncryptResponse>;
  createGrant(input: T.CreateGrantRequest): Promise<T.CreateGrantResponse>;
  listGrants(input: T.ListGrantsRequest): Promise<T.ListGrantsResponse>;
  retireGrant(input: T.RetireGrantRequest): Promise<Record<string, never>>;
  revokeGrant(input: T.RevokeGrantRequest): Promise<Record<string, never>>;
}
