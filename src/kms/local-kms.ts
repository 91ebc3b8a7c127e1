/**
 * @module kms/local-kms
 * `LocalKms`: a local key management service with the semantics of AWS KMS (reference/kms.md,
 * keystate-table.md, seed 003 "AWS KMS concepts"). Its methods are the KMS operations in
 * camelCase, taking and returning the field names of `@aws-sdk/client-kms`; errors are
 * exceptions whose `name` is the AWS exception name. Every call is made by a principal (the
 * account root unless `as()` says otherwise), checked against the key policy, the caller's IAM
 * identity policy and the key's grants, and recorded in a CloudTrail-shaped audit trail.
 */
import { systemClock, type Clock } from '../clock/index.js';
import { randomBytes, type RandomSource } from '../crypto/index.js';
import { MalformedPolicyDocumentException, ValidationException } from '../common/errors.js';
import { KmsCore, type Caller, type Handler, type OperationName } from './_core.js';
import { LevelRepository, MemoryRepository, type KmsRepository } from './_repository.js';
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION, MAX_GRANTS_PER_KEY } from './constants.js';
import { rootPrincipal } from './identifiers.js';
import { parsePolicy } from './policy.js';
import type { KmsClient } from './kms-client.js';
import { cancelKeyDeletion } from './operations/cancel-key-deletion.js';
import { createAlias } from './operations/create-alias.js';
import { createGrant } from './operations/create-grant.js';
import { createKey } from './operations/create-key.js';
import { decrypt } from './operations/decrypt.js';
import { deleteAlias } from './operations/delete-alias.js';
import { describeKey } from './operations/describe-key.js';
import { disableKey } from './operations/disable-key.js';
import { disableKeyRotation } from './operations/disable-key-rotation.js';
import { enableKey } from './operations/enable-key.js';
import { enableKeyRotation } from './operations/enable-key-rotation.js';
import { encrypt } from './operations/encrypt.js';
import { generateDataKey } from './operations/generate-data-key.js';
import { generateDataKeyWithoutPlaintext } from './operations/generate-data-key-without-plaintext.js';
import { generateMac, verifyMac } from './operations/generate-mac.js';
import { generateRandom } from './operations/generate-random.js';
import { getAwsOwnedKey, type GetAwsOwnedKeyRequest } from './operations/get-aws-owned-key.js';
import { getKeyPolicy } from './operations/get-key-policy.js';
import { getKeyRotationStatus } from './operations/get-key-rotation-status.js';
import { listAliases } from './operations/list-aliases.js';
import { listGrants } from './operations/list-grants.js';
import { listKeyPolicies } from './operations/list-key-policies.js';
import { listKeyRotations } from './operations/list-key-rotations.js';
import { listKeys } from './operations/list-keys.js';
import { listResourceTags } from './operations/list-resource-tags.js';
import { listRetirableGrants } from './operations/list-retirable-grants.js';
import { putKeyPolicy } from './operations/put-key-policy.js';
import { reEncrypt } from './operations/re-encrypt.js';
import { retireGrant } from './operations/retire-grant.js';
import { revokeGrant } from './operations/revoke-grant.js';
import { rotateKeyOnDemand } from './operations/rotate-key-on-demand.js';
import { scheduleKeyDeletion } from './operations/schedule-key-deletion.js';
import { tagResource } from './operations/tag-resource.js';
import { untagResource } from './operations/untag-resource.js';
import { updateAlias } from './operations/update-alias.js';
import { updateKeyDescription } from './operations/update-key-description.js';
import type * as T from './types.js';

/** Options of {@link LocalKms.open}. */
export interface LocalKmsOptions {
  /** The clock every time rule reads (rotation, deletion windows, audit times). Default: system clock. */
  clock?: Clock;
  /** The KMS's own directory. Absent: the KMS lives in memory and forgets everything on close. */
  path?: string;
  /** Account id of the keys it makes. Default `111122223333`. */
  accountId?: string;
  /** Region in ARNs. Default `us-east-1`. */
  region?: string;
  /** Request-rate quota, all operations together; past it calls fail with ThrottlingException. Default: none. */
  requestsPerSecond?: number;
  /** Grants per key. Default 50,000 (AWS's quota); lower it only to test the limit cheaply. */
  grantsPerKey?: number;
  /** Source of random bytes (keys, salts, data keys). Default: node:crypto. */
  randomBytes?: RandomSource;
}

/** Options of {@link LocalKms.as}. */
export interface CallAsOptions {
  /** The service the calls come through (`kms:ViaService`), e.g. `cassandra.us-east-1.amazonaws.com`. */
  viaService?: string;
}

const CONSTRUCT = Symbol('LocalKms.construct');

/**
 * A local AWS KMS.
 * @example
 * const kms = await LocalKms.open({ clock: new ManualClock() });
 * const { KeyMetadata } = await kms.createKey({ Description: 'orders' });
 * const { CiphertextBlob } = await kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: bytes, EncryptionContext: { table: 'orders' } });
 */
export class LocalKms implements KmsClient {
  readonly #core: KmsCore;
  readonly #caller: Caller;

  /** Use {@link LocalKms.open}. */
  constructor(token: typeof CONSTRUCT, core: KmsCore, caller: Caller) {
    if (token !== CONSTRUCT) throw new TypeError('use LocalKms.open()');
    this.#core = core;
    this.#caller = caller;
  }

  /**
   * Opens a KMS: in memory, or persisted in its own directory (created on first open with a
   * root secret file of mode 0600 that seals every key material at rest).
   * @param options - clock, path, account, region, quota
   * @returns the KMS, calling as the account root
   * @throws {@link RangeError} for a bad account id, region, quota or grant limit
   * @example const kms = await LocalKms.open({ path: 'data/kms' });
   */
  static async open(options: LocalKmsOptions = {}): Promise<LocalKms> {
    const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
    const region = options.region ?? DEFAULT_REGION;
    if (!/^\d{12}$/.test(accountId)) throw new RangeError('accountId must be 12 digits');
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new RangeError('region must look like us-east-1');
    if (options.requestsPerSecond !== undefined && !(options.requestsPerSecond > 0)) throw new RangeError('requestsPerSecond must be positive');
    const grantsPerKey = options.grantsPerKey ?? MAX_GRANTS_PER_KEY;
    if (!Number.isInteger(grantsPerKey) || grantsPerKey < 1) throw new RangeError('grantsPerKey must be a positive integer');
    const repository: KmsRepository = options.path === undefined ? new MemoryRepository() : await LevelRepository.open(options.path);
    const core = new KmsCore({
      clock: options.clock ?? systemClock,
      repository,
      accountId,
      region,
      randomBytes: options.randomBytes ?? randomBytes,
      grantsPerKey,
      ...(options.requestsPerSecond === undefined ? {} : { requestsPerSecond: options.requestsPerSecond }),
    });
    core.load(await repository.load());
    return new LocalKms(CONSTRUCT, core, { principal: rootPrincipal(accountId) });
  }

  /**
   * A view of the same KMS whose calls are made by another principal.
   * @param principal - an IAM ARN (`arn:aws:iam::111122223333:role/Reader`) or a service principal (`cassandra.amazonaws.com`)
   * @param options - `viaService`, the service the calls come through
   * @returns a LocalKms sharing this one's keys, grants and trail
   * @example const reader = kms.as('arn:aws:iam::111122223333:role/Reader');
   */
  as(principal: string, options: CallAsOptions = {}): LocalKms {
    if (typeof principal !== 'string' || principal.length === 0) throw new TypeError('principal must be a non-empty string');
    return new LocalKms(CONSTRUCT, this.#core, { principal, ...(options.viaService ? { viaService: options.viaService } : {}) });
  }

  /** The principal this view calls as. */
  get principal(): string {
    return this.#caller.principal;
  }
  /** The account of the keys this KMS makes. */
  get accountId(): string {
    return this.#core.settings.accountId;
  }
  /** The region in this KMS's ARNs. */
  get region(): string {
    return this.#core.settings.region;
  }
  /** The clock this KMS reads. */
  get clock(): Clock {
    return this.#core.clock;
  }

  #call<I, O>(operation: OperationName, input: I, handler: Handler<I, O>): Promise<O> {
    return this.#core.invoke(this.#caller, operation, input, handler);
  }

  /** CreateKey: a customer-managed key. @throws {@link ValidationException} @throws {@link MalformedPolicyDocumentException} @throws {@link TagException} */
  createKey(input: T.CreateKeyRequest = {}): Promise<T.KeyMetadataResponse> {
    return this.#call('CreateKey', input, createKey);
  }
  /** DescribeKey: metadata of a key (id, ARN, alias name or alias ARN). @throws {@link NotFoundException} */
  describeKey(input: T.DescribeKeyRequest): Promise<T.KeyMetadataResponse> {
    return this.#call('DescribeKey', input, describeKey);
  }
  /** ListKeys: the account's keys (not AWS-owned ones). @throws {@link InvalidMarkerException} */
  listKeys(input: T.ListKeysRequest = {}): Promise<T.ListKeysResponse> {
    return this.#call('ListKeys', input, listKeys);
  }
  /** UpdateKeyDescription. @throws {@link KMSInvalidStateException} when pending deletion */
  updateKeyDescription(input: T.UpdateKeyDescriptionRequest): Promise<Record<string, never>> {
    return this.#call('UpdateKeyDescription', input, updateKeyDescription);
  }
  /** EnableKey. @throws {@link KMSInvalidStateException} when pending deletion */
  enableKey(input: T.KeyIdRequest): Promise<Record<string, never>> {
    return this.#call('EnableKey', input, enableKey);
  }
  /** DisableKey. @throws {@link KMSInvalidStateException} when pending deletion */
  disableKey(input: T.KeyIdRequest): Promise<Record<string, never>> {
    return this.#call('DisableKey', input, disableKey);
  }
  /** ScheduleKeyDeletion: 7..30 days, default 30. @throws {@link ValidationException} @throws {@link KMSInvalidStateException} */
  scheduleKeyDeletion(input: T.ScheduleKeyDeletionRequest): Promise<T.ScheduleKeyDeletionResponse> {
    return this.#call('ScheduleKeyDeletion', input, scheduleKeyDeletion);
  }
  /** CancelKeyDeletion: the key ends Disabled. @throws {@link KMSInvalidStateException} when not pending deletion */
  cancelKeyDeletion(input: T.KeyIdRequest): Promise<T.CancelKeyDeletionResponse> {
    return this.#call('CancelKeyDeletion', input, cancelKeyDeletion);
  }
  /** Encrypt: ≤ 4096 bytes. @throws {@link DisabledException} @throws {@link KMSInvalidStateException} @throws {@link DryRunOperationException} */
  encrypt(input: T.EncryptRequest): Promise<T.EncryptResponse> {
    return this.#call('Encrypt', input, encrypt);
  }
  /** Decrypt. @throws {@link InvalidCiphertextException} @throws {@link IncorrectKeyException} @throws {@link DisabledException} */
  decrypt(input: T.DecryptRequest): Promise<T.DecryptResponse> {
    return this.#call('Decrypt', input, decrypt);
  }
  /** ReEncrypt: from one key to another inside the KMS. @throws {@link InvalidCiphertextException} @throws {@link IncorrectKeyException} */
  reEncrypt(input: T.ReEncryptRequest): Promise<T.ReEncryptResponse> {
    return this.#call('ReEncrypt', input, reEncrypt);
  }
  /** GenerateDataKey: plaintext and encrypted data key. @throws {@link ValidationException} @throws {@link DisabledException} */
  generateDataKey(input: T.GenerateDataKeyRequest): Promise<T.GenerateDataKeyResponse> {
    return this.#call('GenerateDataKey', input, generateDataKey);
  }
  /** GenerateDataKeyWithoutPlaintext: encrypted data key only. @throws {@link ValidationException} */
  generateDataKeyWithoutPlaintext(input: T.GenerateDataKeyWithoutPlaintextRequest): Promise<T.GenerateDataKeyWithoutPlaintextResponse> {
    return this.#call('GenerateDataKeyWithoutPlaintext', input, generateDataKeyWithoutPlaintext);
  }
  /** GenerateRandom: 1..1024 bytes. @throws {@link ValidationException} */
  generateRandom(input: T.GenerateRandomRequest): Promise<T.GenerateRandomResponse> {
    return this.#call('GenerateRandom', input, generateRandom);
  }
  /** GenerateMac with an HMAC key. @throws {@link InvalidKeyUsageException} */
  generateMac(input: T.GenerateMacRequest): Promise<T.GenerateMacResponse> {
    return this.#call('GenerateMac', input, generateMac);
  }
  /** VerifyMac with an HMAC key. @throws {@link KMSInvalidMacException} */
  verifyMac(input: T.VerifyMacRequest): Promise<T.VerifyMacResponse> {
    return this.#call('VerifyMac', input, verifyMac);
  }
  /** CreateAlias. @throws {@link AlreadyExistsException} @throws {@link InvalidAliasNameException} @throws {@link LimitExceededException} */
  createAlias(input: T.CreateAliasRequest): Promise<Record<string, never>> {
    return this.#call('CreateAlias', input, createAlias);
  }
  /** UpdateAlias. @throws {@link NotFoundException} @throws {@link KMSInvalidStateException} */
  updateAlias(input: T.UpdateAliasRequest): Promise<Record<string, never>> {
    return this.#call('UpdateAlias', input, updateAlias);
  }
  /** DeleteAlias. @throws {@link NotFoundException} */
  deleteAlias(input: T.AliasRequest): Promise<Record<string, never>> {
    return this.#call('DeleteAlias', input, deleteAlias);
  }
  /** ListAliases. @throws {@link InvalidMarkerException} */
  listAliases(input: T.ListAliasesRequest = {}): Promise<T.ListAliasesResponse> {
    return this.#call('ListAliases', input, listAliases);
  }
  /** EnableKeyRotation: every 90..2560 days, default 365. @throws {@link DisabledException} @throws {@link UnsupportedOperationException} */
  enableKeyRotation(input: T.EnableKeyRotationRequest): Promise<Record<string, never>> {
    return this.#call('EnableKeyRotation', input, enableKeyRotation);
  }
  /** DisableKeyRotation. @throws {@link DisabledException} */
  disableKeyRotation(input: T.KeyIdRequest): Promise<Record<string, never>> {
    return this.#call('DisableKeyRotation', input, disableKeyRotation);
  }
  /** GetKeyRotationStatus. @throws {@link NotFoundException} */
  getKeyRotationStatus(input: T.KeyIdRequest): Promise<T.GetKeyRotationStatusResponse> {
    return this.#call('GetKeyRotationStatus', input, getKeyRotationStatus);
  }
  /** RotateKeyOnDemand: at most 25 per key. @throws {@link LimitExceededException} @throws {@link ConflictException} */
  rotateKeyOnDemand(input: T.KeyIdRequest): Promise<T.RotateKeyOnDemandResponse> {
    return this.#call('RotateKeyOnDemand', input, rotateKeyOnDemand);
  }
  /** ListKeyRotations. @throws {@link InvalidMarkerException} */
  listKeyRotations(input: T.ListKeyRotationsRequest): Promise<T.ListKeyRotationsResponse> {
    return this.#call('ListKeyRotations', input, listKeyRotations);
  }
  /** CreateGrant. @throws {@link LimitExceededException} @throws {@link DisabledException} @throws {@link InvalidArnException} */
  createGrant(input: T.CreateGrantRequest): Promise<T.CreateGrantResponse> {
    return this.#call('CreateGrant', input, createGrant);
  }
  /** ListGrants. @throws {@link InvalidGrantIdException} */
  listGrants(input: T.ListGrantsRequest): Promise<T.ListGrantsResponse> {
    return this.#call('ListGrants', input, listGrants);
  }
  /** ListRetirableGrants. */
  listRetirableGrants(input: T.ListRetirableGrantsRequest): Promise<T.ListGrantsResponse> {
    return this.#call('ListRetirableGrants', input, listRetirableGrants);
  }
  /** RetireGrant. @throws {@link InvalidGrantTokenException} @throws {@link AccessDeniedException} */
  retireGrant(input: T.RetireGrantRequest): Promise<Record<string, never>> {
    return this.#call('RetireGrant', input, retireGrant);
  }
  /** RevokeGrant. @throws {@link NotFoundException} */
  revokeGrant(input: T.RevokeGrantRequest): Promise<Record<string, never>> {
    return this.#call('RevokeGrant', input, revokeGrant);
  }
  /** TagResource. @throws {@link TagException} */
  tagResource(input: T.TagResourceRequest): Promise<Record<string, never>> {
    return this.#call('TagResource', input, tagResource);
  }
  /** UntagResource. */
  untagResource(input: T.UntagResourceRequest): Promise<Record<string, never>> {
    return this.#call('UntagResource', input, untagResource);
  }
  /** ListResourceTags. */
  listResourceTags(input: T.ListResourceTagsRequest): Promise<T.ListResourceTagsResponse> {
    return this.#call('ListResourceTags', input, listResourceTags);
  }
  /** GetKeyPolicy. */
  getKeyPolicy(input: T.GetKeyPolicyRequest): Promise<T.GetKeyPolicyResponse> {
    return this.#call('GetKeyPolicy', input, getKeyPolicy);
  }
  /** PutKeyPolicy. @throws {@link MalformedPolicyDocumentException} */
  putKeyPolicy(input: T.PutKeyPolicyRequest): Promise<Record<string, never>> {
    return this.#call('PutKeyPolicy', input, putKeyPolicy);
  }
  /** ListKeyPolicies: `["default"]`. */
  listKeyPolicies(input: T.KeyIdRequest): Promise<T.ListKeyPoliciesResponse> {
    return this.#call('ListKeyPolicies', input, listKeyPolicies);
  }

  /**
   * Not an AWS operation: the caller, a service principal, gets (creating on first call) its
   * AWS-owned key of that name. Only that service may use the key; it is neither listed nor audited.
   * @throws {@link AccessDeniedException} when the caller is not a service principal
   */
  getAwsOwnedKey(input: GetAwsOwnedKeyRequest): Promise<T.KeyMetadataResponse> {
    return this.#call('GetAwsOwnedKey', input, getAwsOwnedKey);
  }

  /**
   * Not an AWS operation: stands in for IAM. Sets (or, with `Policy` undefined, removes) the
   * identity policy of an IAM principal; a key policy that delegates to the account (the default
   * one does) then allows that principal what its identity policy allows. Only the account root may call it.
   * @throws {@link MalformedPolicyDocumentException}
   * @example await kms.setIdentityPolicy({ Principal: reader, Policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] }) });
   */
  setIdentityPolicy(input: { Principal: string; Policy?: string }): Promise<Record<string, never>> {
    return this.#call('SetIdentityPolicy', input, (inv, i) => {
      inv.authorizeAccount('SetIdentityPolicy');
      if (inv.principal !== rootPrincipal(inv.accountId)) throw new ValidationException('Only the account root manages identity policies.');
      if (typeof i?.Principal !== 'string' || !i.Principal.startsWith('arn:')) throw new ValidationException('Principal must be an IAM ARN.');
      if (i.Policy !== undefined && typeof i.Policy !== 'string') throw new ValidationException('Policy must be a string.');
      if (i.Policy === undefined) {
        inv.core.identityPolicies.delete(i.Principal);
        inv.core.identityPolicyText.delete(i.Principal);
      } else {
        const parsed = parsePolicy(i.Policy, { policyType: 'identity' });
        if (!parsed) throw new MalformedPolicyDocumentException('Invalid policy');
        inv.core.identityPolicies.set(i.Principal, parsed);
        inv.core.identityPolicyText.set(i.Principal, i.Policy);
      }
      inv.mutations.push({ type: 'putIdentityPolicy', principal: i.Principal, policy: i.Policy });
      return {};
    });
  }

  /**
   * The audit trail, as CloudTrail's LookupEvents answers: newest first, each record's JSON in
   * `CloudTrailEvent`. Filters: EventName, KeyId (id or ARN), StartTime/EndTime, LookupAttributes.
   * @throws {@link ValidationException} @throws {@link InvalidMarkerException}
   * @example const { Events } = await kms.lookupEvents({ EventName: 'Decrypt' });
   */
  async lookupEvents(input: T.LookupEventsRequest = {}): Promise<T.LookupEventsResponse> {
    await this.#core.settle();
    return this.#core.trail.lookup(input);
  }

  /** Stops the lifecycle timer, waits for pending writes, closes the store, zeroes key material. */
  async close(): Promise<void> {
    await this.#core.close();
  }
}
