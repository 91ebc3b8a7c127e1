/**
 * @module kms/types
 * Request and response shapes of the KMS operations, with the field names of the AWS SDK for
 * JavaScript v3 (`@aws-sdk/client-kms`). Blobs are `Uint8Array`, timestamps `Date`.
 */

export type KeyState =
  | 'Creating'
  | 'Enabled'
  | 'Disabled'
  | 'PendingDeletion'
  | 'PendingImport'
  | 'PendingReplicaDeletion'
  | 'Unavailable'
  | 'Updating';
export type KeyManager = 'AWS' | 'CUSTOMER';
export type KeyUsage = 'ENCRYPT_DECRYPT' | 'GENERATE_VERIFY_MAC';
export type KeySpec = 'SYMMETRIC_DEFAULT' | 'HMAC_224' | 'HMAC_256' | 'HMAC_384' | 'HMAC_512';
export type OriginType = 'AWS_KMS' | 'EXTERNAL';
export type MacAlgorithm = 'HMAC_SHA_224' | 'HMAC_SHA_256' | 'HMAC_SHA_384' | 'HMAC_SHA_512';
export type EncryptionContext = Record<string, string>;
export type GrantOperation =
  | 'Decrypt'
  | 'Encrypt'
  | 'GenerateDataKey'
  | 'GenerateDataKeyWithoutPlaintext'
  | 'ReEncryptFrom'
  | 'ReEncryptTo'
  | 'Sign'
  | 'Verify'
  | 'GetPublicKey'
  | 'CreateGrant'
  | 'RetireGrant'
  | 'DescribeKey'
  | 'GenerateDataKeyPair'
  | 'GenerateDataKeyPairWithoutPlaintext'
  | 'GenerateMac'
  | 'VerifyMac'
  | 'DeriveSharedSecret';

export interface Tag {
  TagKey: string;
  TagValue: string;
}

export interface KeyMetadata {
  AWSAccountId: string;
  KeyId: string;
  Arn: string;
  CreationDate: Date;
  Enabled: boolean;
  Description: string;
  KeyUsage: KeyUsage;
  KeyState: KeyState;
  DeletionDate?: Date;
  Origin: OriginType;
  KeyManager: KeyManager;
  CustomerMasterKeySpec: KeySpec;
  KeySpec: KeySpec;
  EncryptionAlgorithms?: string[];
  MacAlgorithms?: MacAlgorithm[];
  MultiRegion: boolean;
  CurrentKeyMaterialId?: string;
}

export interface GrantConstraints {
  EncryptionContextSubset?: EncryptionContext;
  EncryptionContextEquals?: EncryptionContext;
}

export interface GrantListEntry {
  KeyId: string;
  GrantId: string;
  Name: string;
  CreationDate: Date;
  GranteePrincipal: string;
  RetiringPrincipal?: string;
  IssuingAccount: string;
  Operations: GrantOperation[];
  Constraints?: GrantConstraints;
}

export interface AliasListEntry {
  AliasName: string;
  AliasArn: string;
  TargetKeyId?: string;
  CreationDate?: Date;
  LastUpdatedDate?: Date;
}

export interface RotationsListEntry {
  KeyId: string;
  KeyMaterialId: string;
  KeyMaterialState: 'CURRENT' | 'NON_CURRENT';
  RotationDate?: Date;
  RotationType?: 'AUTOMATIC' | 'ON_DEMAND';
}

interface Paged {
  Limit?: number;
  Marker?: string;
}
interface PageOut {
  NextMarker?: string;
  Truncated: boolean;
}
interface WithGrantTokens {
  GrantTokens?: string[];
}
interface WithDryRun {
  DryRun?: boolean;
}

export interface CreateKeyRequest {
  Policy?: string;
  Description?: string;
  KeyUsage?: KeyUsage;
  KeySpec?: KeySpec;
  CustomerMasterKeySpec?: KeySpec;
  Origin?: OriginType;
  BypassPolicyLockoutSafetyCheck?: boolean;
  Tags?: Tag[];
  MultiRegion?: boolean;
  CustomKeyStoreId?: string;
  XksKeyId?: string;
}
export interface KeyIdRequest {
  KeyId: string;
}
export interface DescribeKeyRequest extends KeyIdRequest, WithGrantTokens {}
export interface KeyMetadataResponse {
  KeyMetadata: KeyMetadata;
}
export type ListKeysRequest = Paged;
export interface ListKeysResponse extends PageOut {
  Keys: { KeyId: string; KeyArn: string }[];
}
export interface UpdateKeyDescriptionRequest extends KeyIdRequest {
  Description: string;
}
export interface ScheduleKeyDeletionRequest extends KeyIdRequest {
  PendingWindowInDays?: number;
}
export interface ScheduleKeyDeletionResponse {
  KeyId: string;
  DeletionDate: Date;
  KeyState: KeyState;
  PendingWindowInDays: number;
}
export interface CancelKeyDeletionResponse {
  KeyId: string;
}

export interface EncryptRequest extends KeyIdRequest, WithGrantTokens, WithDryRun {
  Plaintext: Uint8Array;
  EncryptionContext?: EncryptionContext;
  EncryptionAlgorithm?: string;
}
export interface EncryptResponse {
  CiphertextBlob: Uint8Array;
  KeyId: string;
  EncryptionAlgorithm: string;
}
export interface DecryptRequest extends WithGrantTokens, WithDryRun {
  CiphertextBlob?: Uint8Array;
  EncryptionContext?: EncryptionContext;
  KeyId?: string;
  EncryptionAlgorithm?: string;
  DryRunModifiers?: 'IGNORE_CIPHERTEXT'[];
}
export interface DecryptResponse {
  KeyId: string;
  Plaintext: Uint8Array;
  EncryptionAlgorithm: string;
  KeyMaterialId: string;
}
export interface ReEncryptRequest extends WithGrantTokens, WithDryRun {
  CiphertextBlob: Uint8Array;
  SourceEncryptionContext?: EncryptionContext;
  SourceKeyId?: string;
  DestinationKeyId: string;
  DestinationEncryptionContext?: EncryptionContext;
  SourceEncryptionAlgorithm?: string;
  DestinationEncryptionAlgorithm?: string;
}
export interface ReEncryptResponse {
  CiphertextBlob: Uint8Array;
  SourceKeyId: string;
  KeyId: string;
  SourceEncryptionAlgorithm: string;
  DestinationEncryptionAlgorithm: string;
  SourceKeyMaterialId: string;
  DestinationKeyMaterialId: string;
}
export interface GenerateDataKeyRequest extends KeyIdRequest, WithGrantTokens, WithDryRun {
  EncryptionContext?: EncryptionContext;
  NumberOfBytes?: number;
  KeySpec?: 'AES_256' | 'AES_128';
}
export interface GenerateDataKeyResponse {
  CiphertextBlob: Uint8Array;
  Plaintext: Uint8Array;
  KeyId: string;
  KeyMaterialId: string;
}
export type GenerateDataKeyWithoutPlaintextRequest = GenerateDataKeyRequest;
export interface GenerateDataKeyWithoutPlaintextResponse {
  CiphertextBlob: Uint8Array;
  KeyId: string;
  KeyMaterialId: string;
}
export interface GenerateRandomRequest {
  NumberOfBytes?: number;
}
export interface GenerateRandomResponse {
  Plaintext: Uint8Array;
}
export interface GenerateMacRequest extends KeyIdRequest, WithGrantTokens, WithDryRun {
  Message: Uint8Array;
  MacAlgorithm: MacAlgorithm;
}
export interface GenerateMacResponse {
  Mac: Uint8Array;
  MacAlgorithm: MacAlgorithm;
  KeyId: string;
}
export interface VerifyMacRequest extends GenerateMacRequest {
  Mac: Uint8Array;
}
export interface VerifyMacResponse {
  KeyId: string;
  MacValid: boolean;
  MacAlgorithm: MacAlgorithm;
}

export interface AliasRequest {
  AliasName: string;
}
export interface CreateAliasRequest extends AliasRequest {
  TargetKeyId: string;
}
export type UpdateAliasRequest = CreateAliasRequest;
export interface ListAliasesRequest extends Paged {
  KeyId?: string;
}
export interface ListAliasesResponse extends PageOut {
  Aliases: AliasListEntry[];
}

export interface EnableKeyRotationRequest extends KeyIdRequest {
  RotationPeriodInDays?: number;
}
export interface GetKeyRotationStatusResponse {
  KeyRotationEnabled: boolean;
  KeyId: string;
  RotationPeriodInDays?: number;
  NextRotationDate?: Date;
  OnDemandRotationStartDate?: Date;
}
export interface RotateKeyOnDemandResponse {
  KeyId: string;
}
export interface ListKeyRotationsRequest extends KeyIdRequest, Paged {
  IncludeKeyMaterial?: 'ALL_KEY_MATERIAL' | 'ROTATIONS_ONLY';
}
export interface ListKeyRotationsResponse extends PageOut {
  Rotations: RotationsListEntry[];
}

export interface CreateGrantRequest extends KeyIdRequest, WithGrantTokens, WithDryRun {
  GranteePrincipal: string;
  RetiringPrincipal?: string;
  Operations: GrantOperation[];
  Constraints?: GrantConstraints;
  Name?: string;
}
export interface CreateGrantResponse {
  GrantToken: string;
  GrantId: string;
}
export interface ListGrantsRequest extends KeyIdRequest, Paged {
  GrantId?: string;
  GranteePrincipal?: string;
}
export interface ListGrantsResponse extends PageOut {
  Grants: GrantListEntry[];
}
export interface ListRetirableGrantsRequest extends Paged {
  RetiringPrincipal: string;
}
export interface RetireGrantRequest extends WithDryRun {
  GrantToken?: string;
  KeyId?: string;
  GrantId?: string;
}
export interface RevokeGrantRequest extends KeyIdRequest, WithDryRun {
  GrantId: string;
}

export interface TagResourceRequest extends KeyIdRequest {
  Tags: Tag[];
}
export interface UntagResourceRequest extends KeyIdRequest {
  TagKeys: string[];
}
export interface ListResourceTagsRequest extends KeyIdRequest, Paged {}
export interface ListResourceTagsResponse extends PageOut {
  Tags: Tag[];
}
export interface GetKeyPolicyRequest extends KeyIdRequest {
  PolicyName?: string;
}
export interface GetKeyPolicyResponse {
  Policy: string;
  PolicyName: string;
}
export interface PutKeyPolicyRequest extends KeyIdRequest {
  Policy: string;
  PolicyName?: string;
  BypassPolicyLockoutSafetyCheck?: boolean;
}
export interface ListKeyPoliciesResponse {
  PolicyNames: string[];
  Truncated: boolean;
}

/** CloudTrail LookupEvents-shaped query (simple form, plus CloudTrail's LookupAttributes). */
export interface LookupEventsRequest {
  EventName?: string;
  KeyId?: string;
  StartTime?: Date;
  EndTime?: Date;
  MaxResults?: number;
  NextToken?: string;
  LookupAttributes?: { AttributeKey: 'EventName' | 'ResourceName' | 'Username' | 'EventId' | 'ReadOnly'; AttributeValue: string }[];
}
export interface LookupEvent {
  EventId: string;
  EventName: string;
  ReadOnly: string;
  EventTime: Date;
  EventSource: string;
  Username?: string;
  Resources: { ResourceType: string; ResourceName: string }[];
  /** The full CloudTrail record, as CloudTrail returns it: a JSON string. */
  CloudTrailEvent: string;
}
export interface LookupEventsResponse {
  Events: LookupEvent[];
  NextToken?: string;
}
