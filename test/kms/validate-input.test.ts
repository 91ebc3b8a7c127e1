/**
 * @module test/kms/validate-input
 * Example-based tests of the KMS input validator: one valid input per operation, the required
 * members of every operation, and each constraint kind with AWS's exact message (docs kms.md §2,
 * §3, §4).
 */
import { describe, expect, it } from 'vitest';
import { ValidationException } from '../../src/common/errors.js';
import { KMS_MODEL } from '../../src/kms/_model.js';
import { validateInput } from '../../src/kms/validate-input.js';
import type { KmsOperationName } from '../../src/kms/validate-input.js';

const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_ARN = `arn:aws:kms:us-east-1:111122223333:key/${KEY_ID}`;
const bytes = (n: number, fill = 0x41): Uint8Array => new Uint8Array(n).fill(fill);

/** The message of the ValidationException thrown, or undefined if the input is valid. */
function messageOf(operation: KmsOperationName, input: unknown): string | undefined {
  try {
    validateInput(operation, input);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as ValidationException).name).toBe('ValidationException');
    expect((error as ValidationException).$fault).toBe('client');
    return (error as Error).message;
  }
}

/** The one violation of a 1-error message. */
const one = (violation: string): string => `1 validation error detected: ${violation}`;

/** A minimal valid input for every operation; the key set is checked against the model below. */
const VALID: Record<KmsOperationName, Record<string, unknown>> = {
  CancelKeyDeletion: { KeyId: KEY_ID },
  CreateAlias: { AliasName: 'alias/app', TargetKeyId: KEY_ID },
  CreateGrant: { KeyId: KEY_ARN, Operations: ['Encrypt', 'Decrypt'], GranteePrincipal: 'arn:aws:iam::111122223333:role/app' },
  CreateKey: {},
  Decrypt: { CiphertextBlob: bytes(64) },
  DeleteAlias: { AliasName: 'alias/app' },
  DescribeKey: { KeyId: 'alias/app' },
  DisableKey: { KeyId: KEY_ID },
  DisableKeyRotation: { KeyId: KEY_ID },
  EnableKey: { KeyId: KEY_ID },
  EnableKeyRotation: { KeyId: KEY_ID },
  Encrypt: { KeyId: KEY_ID, Plaintext: bytes(1) },
  GenerateDataKey: { KeyId: KEY_ID, KeySpec: 'AES_256' },
  GenerateDataKeyWithoutPlaintext: { KeyId: KEY_ID, NumberOfBytes: 32 },
  GenerateMac: { Message: bytes(10), KeyId: KEY_ID, MacAlgorithm: 'HMAC_SHA_256' },
  GenerateRandom: { NumberOfBytes: 32 },
  GetKeyPolicy: { KeyId: KEY_ID },
  GetKeyRotationStatus: { KeyId: KEY_ID },
  ListAliases: {},
  ListGrants: { KeyId: KEY_ID },
  ListKeyPolicies: { KeyId: KEY_ID },
  ListKeyRotations: { KeyId: KEY_ID },
  ListKeys: {},
  ListResourceTags: { KeyId: KEY_ID },
  ListRetirableGrants: { RetiringPrincipal: 'arn:aws:iam::111122223333:role/app' },
  PutKeyPolicy: { KeyId: KEY_ID, Policy: '{"Version":"2012-10-17","Statement":[]}' },
  ReEncrypt: { CiphertextBlob: bytes(64), DestinationKeyId: KEY_ID },
  RetireGrant: { GrantToken: 'token' },
  RevokeGrant: { KeyId: KEY_ID, GrantId: 'a'.repeat(64) },
  RotateKeyOnDemand: { KeyId: KEY_ID },
  ScheduleKeyDeletion: { KeyId: KEY_ID },
  TagResource: { KeyId: KEY_ID, Tags: [{ TagKey: 'team', TagValue: '' }] },
  UntagResource: { KeyId: KEY_ID, TagKeys: ['team'] },
  UpdateAlias: { AliasName: 'alias/app', TargetKeyId: KEY_ID },
  UpdateKeyDescription: { KeyId: KEY_ID, Description: '' },
  VerifyMac: { Message: bytes(10), KeyId: KEY_ID, MacAlgorithm: 'HMAC_SHA_512', Mac: bytes(64) },
  GetParametersForImport: { KeyId: KEY_ID, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_4096' },
  ImportKeyMaterial: { KeyId: KEY_ID, ImportToken: bytes(100), EncryptedKeyMaterial: bytes(512) },
  DeleteImportedKeyMaterial: { KeyId: KEY_ID },
};

/** Required members per operation, in model order, copied by hand from the model (kms.md §3). */
const REQUIRED: Record<KmsOperationName, readonly string[]> = {
  CancelKeyDeletion: ['keyId'],
  CreateAlias: ['aliasName', 'targetKeyId'],
  CreateGrant: ['keyId', 'operations'],
  CreateKey: [],
  Decrypt: [],
  DeleteAlias: ['aliasName'],
  DescribeKey: ['keyId'],
  DisableKey: ['keyId'],
  DisableKeyRotation: ['keyId'],
  EnableKey: ['keyId'],
  EnableKeyRotation: ['keyId'],
  Encrypt: ['keyId', 'plaintext'],
  GenerateDataKey: ['keyId'],
  GenerateDataKeyWithoutPlaintext: ['keyId'],
  GenerateMac: ['message', 'keyId', 'macAlgorithm'],
  GenerateRandom: [],
  GetKeyPolicy: ['keyId'],
  GetKeyRotationStatus: ['keyId'],
  ListAliases: [],
  ListGrants: ['keyId'],
  ListKeyPolicies: ['keyId'],
  ListKeyRotations: ['keyId'],
  ListKeys: [],
  ListResourceTags: ['keyId'],
  ListRetirableGrants: [],
  PutKeyPolicy: ['keyId', 'policy'],
  ReEncrypt: ['destinationKeyId'],
  RetireGrant: [],
  RevokeGrant: ['keyId', 'grantId'],
  RotateKeyOnDemand: ['keyId'],
  ScheduleKeyDeletion: ['keyId'],
  TagResource: ['keyId', 'tags'],
  UntagResource: ['keyId', 'tagKeys'],
  UpdateAlias: ['aliasName', 'targetKeyId'],
  UpdateKeyDescription: ['keyId', 'description'],
  VerifyMac: ['message', 'keyId', 'macAlgorithm', 'mac'],
  GetParametersForImport: ['keyId', 'wrappingAlgorithm', 'wrappingKeySpec'],
  ImportKeyMaterial: ['keyId', 'importToken', 'encryptedKeyMaterial'],
  DeleteImportedKeyMaterial: ['keyId'],
};

const OPERATION_NAMES = Object.keys(VALID) as KmsOperationName[];

describe('validateInput: operations', () => {
  it('covers exactly the 39 operations of the brief, and the model holds each', () => {
    expect(OPERATION_NAMES).toHaveLength(39);
    expect(Object.keys(KMS_MODEL.operations).sort()).toEqual([...OPERATION_NAMES].sort());
  });

  it.each(OPERATION_NAMES)('%s: a minimal valid input passes', (operation) => {
    expect(messageOf(operation, VALID[operation])).toBeUndefined();
  });

  it.each(OPERATION_NAMES)('%s: an empty input reports exactly the required members, in order', (operation) => {
    const required = REQUIRED[operation];
    const expected =
      required.length === 0
        ? undefined
        : `${String(required.length)} validation error${required.length === 1 ? '' : 's'} detected: ` +
          required.map((m) => `Value null at '${m}' failed to satisfy constraint: Member must not be null`).join('; ');
    expect(messageOf(operation, {})).toBe(expected);
    expect(messageOf(operation, undefined)).toBe(expected);
  });

  it('treats null members as absent', () => {
    expect(messageOf('Encrypt', { KeyId: null, Plaintext: bytes(1), GrantTokens: null })).toBe(
      one("Value null at 'keyId' failed to satisfy constraint: Member must not be null"),
    );
  });

  it('ignores members the model does not know, as the service ignores unknown JSON members', () => {
    expect(messageOf('DescribeKey', { KeyId: KEY_ID, Bogus: 5, keyId: 42 })).toBeUndefined();
  });

  it('reads only own members, not inherited ones', () => {
    const input = Object.create(null) as Record<string, unknown>;
    expect(messageOf('DescribeKey', input)).toBe(one("Value null at 'keyId' failed to satisfy constraint: Member must not be null"));
    input['KeyId'] = KEY_ID;
    expect(messageOf('DescribeKey', input)).toBeUndefined();
  });

  it('throws TypeError for an unknown operation (a programming error, not a ValidationException)', () => {
    expect(() => validateInput('Sign' as KmsOperationName, {})).toThrow(TypeError);
    expect(() => validateInput('toString' as KmsOperationName, {})).toThrow(TypeError);
  });
});

interface Case {
  readonly title: string;
  readonly operation: KmsOperationName;
  readonly input: unknown;
  readonly message: string;
}

const LONG_DESCRIPTION = 'd'.repeat(8193);
const GRANT_OPERATIONS =
  'Decrypt, Encrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext, ReEncryptFrom, ReEncryptTo, Sign, Verify, ' +
  'GetPublicKey, CreateGrant, RetireGrant, DescribeKey, GenerateDataKeyPair, GenerateDataKeyPairWithoutPlaintext, ' +
  'GenerateMac, VerifyMac, DeriveSharedSecret';
const KEY_SPECS =
  'RSA_2048, RSA_3072, RSA_4096, ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1, SYMMETRIC_DEFAULT, ' +
  'HMAC_224, HMAC_256, HMAC_384, HMAC_512, SM2, ML_DSA_44, ML_DSA_65, ML_DSA_87, ECC_NIST_EDWARDS25519';

/** Each constraint kind, with the message AWS sends (kms.md §2) or our documented wording. */
const CASES: readonly Case[] = [
  // ---- integer range (AWS-snapshot message, kms.md §2)
  {
    title: 'integer above max: numberOfBytes 1025',
    operation: 'GenerateRandom',
    input: { NumberOfBytes: 1025 },
    message: one(
      "Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
    ),
  },
  {
    title: 'integer below min: numberOfBytes 0',
    operation: 'GenerateDataKey',
    input: { KeyId: KEY_ID, NumberOfBytes: 0 },
    message: one(
      "Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ),
  },
  {
    title: 'integer above model max: pendingWindowInDays 366 (model 1..365)',
    operation: 'ScheduleKeyDeletion',
    input: { KeyId: KEY_ID, PendingWindowInDays: 366 },
    message: one(
      "Value '366' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value less than or equal to 365",
    ),
  },
  {
    title: 'integer below min: rotationPeriodInDays 89 (model 90..2560)',
    operation: 'EnableKeyRotation',
    input: { KeyId: KEY_ID, RotationPeriodInDays: 89 },
    message: one(
      "Value '89' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90",
    ),
  },
  {
    title: 'integer above max: limit 1001',
    operation: 'ListKeys',
    input: { Limit: 1001 },
    message: one("Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000"),
  },
  // ---- blob length: the value is never shown
  {
    title: 'blob too long: plaintext of 4097 bytes, value not echoed',
    operation: 'Encrypt',
    input: { KeyId: KEY_ID, Plaintext: bytes(4097) },
    message: one("Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096"),
  },
  {
    title: 'blob too short: empty ciphertextBlob',
    operation: 'Decrypt',
    input: { CiphertextBlob: new Uint8Array(0) },
    message: one("Value at 'ciphertextBlob' failed to satisfy constraint: Member must have length greater than or equal to 1"),
  },
  {
    title: 'blob too long: mac of 6145 bytes',
    operation: 'VerifyMac',
    input: { ...VALID.VerifyMac, Mac: bytes(6145) },
    message: one("Value at 'mac' failed to satisfy constraint: Member must have length less than or equal to 6144"),
  },
  // ---- required
  {
    title: 'required missing: keyId',
    operation: 'DescribeKey',
    input: { GrantTokens: [] },
    message: one("Value null at 'keyId' failed to satisfy constraint: Member must not be null"),
  },
  {
    title: 'required missing inside a list item: tags.1.member.tagValue',
    operation: 'TagResource',
    input: { KeyId: KEY_ID, Tags: [{ TagKey: 'team' }] },
    message: one("Value null at 'tags.1.member.tagValue' failed to satisfy constraint: Member must not be null"),
  },
  // ---- string length
  {
    title: 'string too short: empty keyId',
    operation: 'DisableKey',
    input: { KeyId: '' },
    message: one("Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1"),
  },
  {
    title: 'string too long: description of 8193 characters, echoed cut to 256 characters and ...',
    operation: 'UpdateKeyDescription',
    input: { KeyId: KEY_ID, Description: LONG_DESCRIPTION },
    message: one(
      `Value '${'d'.repeat(256)}...' at 'description' failed to satisfy constraint: ` +
        'Member must have length less than or equal to 8192',
    ),
  },
  {
    title: 'nested string too long: tags.2.member.tagKey of 129 characters',
    operation: 'CreateKey',
    input: { Tags: [{ TagKey: 'ok', TagValue: 'v' }, { TagKey: 'k'.repeat(129), TagValue: 'v' }] },
    message: one(
      `Value '${'k'.repeat(129)}' at 'tags.2.member.tagKey' failed to satisfy constraint: ` +
        'Member must have length less than or equal to 128',
    ),
  },
  {
    title: 'length is counted in UTF-16 code units: 65 astral characters are 130 units',
    operation: 'UntagResource',
    input: { KeyId: KEY_ID, TagKeys: ['😀'.repeat(65)] },
    message: one(
      `Value '[${'😀'.repeat(65)}]' at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: ` +
        '[Member must have length less than or equal to 128, Member must have length greater than or equal to 1]',
    ),
  },
  // ---- pattern
  {
    title: 'pattern: alias name with a space',
    operation: 'CreateAlias',
    input: { AliasName: 'alias/my key', TargetKeyId: KEY_ID },
    message: one(
      "Value 'alias/my key' at 'aliasName' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$',
    ),
  },
  {
    title: 'pattern and length both fail on an empty alias name: two errors, length first',
    operation: 'DeleteAlias',
    input: { AliasName: '' },
    message:
      "2 validation errors detected: Value '' at 'aliasName' failed to satisfy constraint: " +
      "Member must have length greater than or equal to 1; Value '' at 'aliasName' failed to satisfy constraint: " +
      'Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$',
  },
  {
    title: 'pattern is matched against the whole value even when the model does not anchor it',
    operation: 'GetKeyPolicy',
    input: { KeyId: KEY_ID, PolicyName: 'default!' },
    message: one("Value 'default!' at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w]+"),
  },
  {
    title: 'pattern: a marker outside Latin-1',
    operation: 'ListAliases',
    input: { Marker: 'page-Ā' },
    message: one("Value 'page-Ā' at 'marker' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0020-\\u00FF]*"),
  },
  {
    title: 'pattern: a policy with a character outside Latin-1 (the model allows only tab, LF, CR and U+0020..U+00FF)',
    operation: 'PutKeyPolicy',
    input: { KeyId: KEY_ID, Policy: '{"Sid":"✓"}' },
    message: one(
      `Value '{"Sid":"✓"}' at 'policy' failed to satisfy constraint: ` +
        'Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+',
    ),
  },
  {
    title: 'pattern: \\s has its Java meaning, so a no-break space is not a space',
    operation: 'ImportKeyMaterial',
    input: { ...VALID.ImportKeyMaterial, KeyMaterialDescription: 'rotated\u00a0key' },
    message: one(
      "Value 'rotated\u00a0key' at 'keyMaterialDescription' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_\\s.-]+$',
    ),
  },
  {
    title: 'pattern: the empty key material description passes the length (min 0) but not the pattern (+)',
    operation: 'ImportKeyMaterial',
    input: { ...VALID.ImportKeyMaterial, KeyMaterialDescription: '' },
    message: one(
      "Value '' at 'keyMaterialDescription' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_\\s.-]+$',
    ),
  },
  {
    title: 'pattern: . has its Java meaning, so U+0085 (next line) does not match it',
    operation: 'CreateGrant',
    input: { ...VALID.CreateGrant, Constraints: { SourceArn: 'arn:aws:s3:us-east-1:111122223333:bucket\u0085x' } },
    message: one(
      "Value 'arn:aws:s3:us-east-1:111122223333:bucket\u0085x' at 'constraints.sourceArn' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: ^arn:aws[a-z0-9-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{12}:.+$',
    ),
  },
  {
    title: 'pattern: service principal',
    operation: 'CreateGrant',
    input: { ...VALID.CreateGrant, GranteeServicePrincipal: 'amazonaws' },
    message: one(
      "Value 'amazonaws' at 'granteeServicePrincipal' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: ^([A-Za-z0-9\\-]+)\\.([A-Za-z0-9\\-]+)(\\.[A-Za-z0-9\\-]+)+$',
    ),
  },
  // ---- enum
  {
    title: 'enum: bad keySpec',
    operation: 'CreateKey',
    input: { KeySpec: 'AES_256' },
    message: one(`Value 'AES_256' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [${KEY_SPECS}]`),
  },
  {
    title: 'enum: data key spec is case-sensitive',
    operation: 'GenerateDataKey',
    input: { KeyId: KEY_ID, KeySpec: 'aes_256' },
    message: one("Value 'aes_256' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]"),
  },
  {
    title: 'enum inside a list of scalars: reported once for the list, Coral style',
    operation: 'CreateGrant',
    input: { KeyId: KEY_ID, Operations: ['Encrypt', 'Fly'] },
    message: one(
      "Value '[Encrypt, Fly]' at 'operations' failed to satisfy constraint: Member must satisfy constraint: " +
        `[Member must satisfy enum value set: [${GRANT_OPERATIONS}]]`,
    ),
  },
  // ---- list length and items
  {
    title: 'list too long: 11 grant tokens',
    operation: 'DescribeKey',
    input: { KeyId: KEY_ID, GrantTokens: Array.from({ length: 11 }, (_, i) => `t${String(i)}`) },
    message: one(
      "Value '[t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10]' at 'grantTokens' failed to satisfy constraint: " +
        'Member must have length less than or equal to 10',
    ),
  },
  {
    title: 'list items of a scalar shape: every item constraint listed, plus null and type when they occur',
    operation: 'Encrypt',
    input: { KeyId: KEY_ID, Plaintext: bytes(1), GrantTokens: ['', null, 7] },
    message: one(
      "Value '[, null, 7]' at 'grantTokens' failed to satisfy constraint: Member must satisfy constraint: " +
        '[Member must have length less than or equal to 8192, Member must have length greater than or equal to 1, ' +
        'Member must not be null, Member must be of type string]',
    ),
  },
  {
    title: 'list items of a structure shape: null and wrong-typed items at tags.N.member',
    operation: 'TagResource',
    input: { KeyId: KEY_ID, Tags: [null, 'team=a', { TagKey: 'ok', TagValue: 'v'.repeat(257) }] },
    message:
      "3 validation errors detected: Value null at 'tags.1.member' failed to satisfy constraint: Member must not be null; " +
      "Value 'team=a' at 'tags.2.member' failed to satisfy constraint: Member must be of type structure; " +
      `Value '${'v'.repeat(256)}...' at 'tags.3.member.tagValue' failed to satisfy constraint: ` +
      'Member must have length less than or equal to 256',
  },
  // ---- maps
  {
    title: 'map: an encryption context with a non-string value',
    operation: 'Encrypt',
    input: { KeyId: KEY_ID, Plaintext: bytes(1), EncryptionContext: { purpose: 'test', version: 2 } },
    message: one(
      "Value '{purpose=test, version=2}' at 'encryptionContext' failed to satisfy constraint: " +
        'Map value must satisfy constraint: [Member must be of type string]',
    ),
  },
  {
    title: 'map: a null value in a nested encryption context',
    operation: 'CreateGrant',
    input: { ...VALID.CreateGrant, Constraints: { EncryptionContextEquals: { a: null } } },
    message: one(
      "Value '{a=null}' at 'constraints.encryptionContextEquals' failed to satisfy constraint: " +
        'Map value must satisfy constraint: [Member must not be null]',
    ),
  },
  // ---- wrong types, one per kind (our wording)
  {
    title: 'type string: a number keyId',
    operation: 'EnableKey',
    input: { KeyId: 42 },
    message: one("Value '42' at 'keyId' failed to satisfy constraint: Member must be of type string"),
  },
  {
    title: 'type string: an enum given as an array',
    operation: 'Encrypt',
    input: { KeyId: KEY_ID, Plaintext: bytes(1), EncryptionAlgorithm: ['SYMMETRIC_DEFAULT'] },
    message: one("Value '[SYMMETRIC_DEFAULT]' at 'encryptionAlgorithm' failed to satisfy constraint: Member must be of type string"),
  },
  {
    title: 'type integer: a fraction',
    operation: 'GenerateRandom',
    input: { NumberOfBytes: 1.5 },
    message: one("Value '1.5' at 'numberOfBytes' failed to satisfy constraint: Member must be of type integer"),
  },
  {
    title: 'type integer: a numeric string',
    operation: 'ListGrants',
    input: { KeyId: KEY_ID, Limit: '10' },
    message: one("Value '10' at 'limit' failed to satisfy constraint: Member must be of type integer"),
  },
  {
    title: 'type integer: NaN',
    operation: 'GenerateRandom',
    input: { NumberOfBytes: Number.NaN },
    message: one("Value 'NaN' at 'numberOfBytes' failed to satisfy constraint: Member must be of type integer"),
  },
  {
    title: 'type boolean: the string "true"',
    operation: 'Encrypt',
    input: { KeyId: KEY_ID, Plaintext: bytes(1), DryRun: 'true' },
    message: one("Value 'true' at 'dryRun' failed to satisfy constraint: Member must be of type boolean"),
  },
  {
    title: 'type blob: a string plaintext is rejected and not echoed (it may be a secret)',
    operation: 'Encrypt',
    input: { KeyId: KEY_ID, Plaintext: 'hunter2' },
    message: one("Value at 'plaintext' failed to satisfy constraint: Member must be of type blob"),
  },
  {
    title: 'type blob: a Uint16Array is not a Uint8Array',
    operation: 'GenerateMac',
    input: { ...VALID.GenerateMac, Message: new Uint16Array(4) },
    message: one("Value at 'message' failed to satisfy constraint: Member must be of type blob"),
  },
  {
    title: 'type blob: an ArrayBuffer is not a Uint8Array',
    operation: 'Decrypt',
    input: { CiphertextBlob: new ArrayBuffer(8) },
    message: one("Value at 'ciphertextBlob' failed to satisfy constraint: Member must be of type blob"),
  },
  {
    title: 'type timestamp: an ISO string',
    operation: 'ImportKeyMaterial',
    input: { ...VALID.ImportKeyMaterial, ValidTo: '2030-01-01T00:00:00Z' },
    message: one("Value '2030-01-01T00:00:00Z' at 'validTo' failed to satisfy constraint: Member must be of type timestamp"),
  },
  {
    title: 'type timestamp: an invalid Date',
    operation: 'ImportKeyMaterial',
    input: { ...VALID.ImportKeyMaterial, ValidTo: new Date(Number.NaN) },
    message: one("Value 'Invalid Date' at 'validTo' failed to satisfy constraint: Member must be of type timestamp"),
  },
  {
    title: 'type list: a single tag object instead of a list',
    operation: 'TagResource',
    input: { KeyId: KEY_ID, Tags: { TagKey: 'a', TagValue: 'b' } },
    message: one("Value '{TagKey=a, TagValue=b}' at 'tags' failed to satisfy constraint: Member must be of type list"),
  },
  {
    title: 'type list: a string of tag keys',
    operation: 'UntagResource',
    input: { KeyId: KEY_ID, TagKeys: 'team' },
    message: one("Value 'team' at 'tagKeys' failed to satisfy constraint: Member must be of type list"),
  },
  {
    title: 'type map: an array of pairs',
    operation: 'Decrypt',
    input: { CiphertextBlob: bytes(8), EncryptionContext: [['a', 'b']] },
    message: one("Value '[[a, b]]' at 'encryptionContext' failed to satisfy constraint: Member must be of type map"),
  },
  {
    title: 'type map: a Map instance is not a plain object',
    operation: 'ReEncrypt',
    input: { ...VALID.ReEncrypt, DestinationEncryptionContext: new Map([['a', 'b']]) },
    message: one("Value '{}' at 'destinationEncryptionContext' failed to satisfy constraint: Member must be of type map"),
  },
  {
    title: 'type structure: constraints given as a string',
    operation: 'CreateGrant',
    input: { ...VALID.CreateGrant, Constraints: 'none' },
    message: one("Value 'none' at 'constraints' failed to satisfy constraint: Member must be of type structure"),
  },
  {
    title: 'type structure: recipient given as an array',
    operation: 'GenerateRandom',
    input: { NumberOfBytes: 32, Recipient: [] },
    message: one("Value '[]' at 'recipient' failed to satisfy constraint: Member must be of type structure"),
  },
  {
    title: 'type structure: the input itself is a number',
    operation: 'ListKeys',
    input: 5,
    message: one("Value '5' at 'input' failed to satisfy constraint: Member must be of type structure"),
  },
  {
    title: 'type structure: the input itself is null',
    operation: 'ListKeys',
    input: null,
    message: one("Value null at 'input' failed to satisfy constraint: Member must be of type structure"),
  },
  {
    title: 'type structure: the input itself is an array',
    operation: 'DescribeKey',
    input: [KEY_ID],
    message: one(`Value '[${KEY_ID}]' at 'input' failed to satisfy constraint: Member must be of type structure`),
  },
  {
    title: 'type structure: a class instance is not a plain object',
    operation: 'ListKeys',
    input: new (class Request {
      Limit = 5;
    })(),
    message: one("Value '{Limit=5}' at 'input' failed to satisfy constraint: Member must be of type structure"),
  },
  // ---- several errors: count, member order, depth first
  {
    title: 'several errors: counted, in model member order, nested ones in place',
    operation: 'CreateGrant',
    input: {
      Name: 'bad name',
      Operations: [],
      KeyId: '',
      GrantTokens: 'tok',
      Constraints: { EncryptionContextSubset: { a: 1 }, SourceArn: 'arn' },
    },
    message:
      '6 validation errors detected: ' +
      "Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
      "Value '{a=1}' at 'constraints.encryptionContextSubset' failed to satisfy constraint: " +
      'Map value must satisfy constraint: [Member must be of type string]; ' +
      "Value 'arn' at 'constraints.sourceArn' failed to satisfy constraint: Member must have length greater than or equal to 20; " +
      "Value 'arn' at 'constraints.sourceArn' failed to satisfy constraint: " +
      'Member must satisfy regular expression pattern: ^arn:aws[a-z0-9-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{12}:.+$; ' +
      "Value 'tok' at 'grantTokens' failed to satisfy constraint: Member must be of type list; " +
      "Value 'bad name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$",
  },
  {
    title: 'several errors: missing required members and bad optional ones interleave in member order',
    operation: 'Encrypt',
    input: { GrantTokens: Array.from({ length: 11 }, () => 'g'), EncryptionAlgorithm: 'AES' },
    message:
      '4 validation errors detected: ' +
      "Value null at 'keyId' failed to satisfy constraint: Member must not be null; " +
      "Value null at 'plaintext' failed to satisfy constraint: Member must not be null; " +
      "Value '[g, g, g, g, g, g, g, g, g, g, g]' at 'grantTokens' failed to satisfy constraint: " +
      'Member must have length less than or equal to 10; ' +
      "Value 'AES' at 'encryptionAlgorithm' failed to satisfy constraint: " +
      'Member must satisfy enum value set: [SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, SM2PKE]',
  },
];

describe('validateInput: constraint violations give AWS messages', () => {
  it.each(CASES.map((c) => [c.title, c] as const))('%s', (_title, c) => {
    expect(() => validateInput(c.operation, c.input)).toThrow(ValidationException);
    expect(messageOf(c.operation, c.input)).toBe(c.message);
  });
});

describe('validateInput: boundaries and accepted forms', () => {
  it.each([
    ['plaintext of exactly 4096 bytes', 'Encrypt', { KeyId: KEY_ID, Plaintext: bytes(4096) }],
    ['a Buffer plaintext (a Uint8Array)', 'Encrypt', { KeyId: KEY_ID, Plaintext: Buffer.from('secret') }],
    ['a Uint8Array view at an offset', 'Encrypt', { KeyId: KEY_ID, Plaintext: new Uint8Array(new ArrayBuffer(10), 3, 4) }],
    ['numberOfBytes 1024', 'GenerateRandom', { NumberOfBytes: 1024 }],
    ['numberOfBytes 1', 'GenerateDataKey', { KeyId: KEY_ID, NumberOfBytes: 1 }],
    ['pendingWindowInDays 365 (the model max; 7..30 is enforced by the operation)', 'ScheduleKeyDeletion', { KeyId: KEY_ID, PendingWindowInDays: 365 }],
    ['pendingWindowInDays 1 (the model min)', 'ScheduleKeyDeletion', { KeyId: KEY_ID, PendingWindowInDays: 1 }],
    ['10 grant tokens', 'DescribeKey', { KeyId: KEY_ID, GrantTokens: Array.from({ length: 10 }, () => 'g') }],
    ['an empty grant token list (min 0)', 'DescribeKey', { KeyId: KEY_ID, GrantTokens: [] }],
    ['a keyId of 2048 characters', 'DescribeKey', { KeyId: 'k'.repeat(2048) }],
    ['an alias name of 256 characters', 'DeleteAlias', { AliasName: `alias/${'a'.repeat(250)}` }],
    ['a tag key of 128 characters and an empty tag value', 'TagResource', { KeyId: KEY_ID, Tags: [{ TagKey: 'k'.repeat(128), TagValue: '' }] }],
    ['a timestamp as a Date', 'ImportKeyMaterial', { ...VALID.ImportKeyMaterial, ValidTo: new Date('2030-01-01T00:00:00Z') }],
    ['a timestamp as epoch seconds', 'ImportKeyMaterial', { ...VALID.ImportKeyMaterial, ValidTo: 1_893_456_000 }],
    ['a key material description with tabs and spaces', 'ImportKeyMaterial', { ...VALID.ImportKeyMaterial, KeyMaterialDescription: 'v2 key\tmaterial' }],
    ['a key material id of 64 hex digits', 'DeleteImportedKeyMaterial', { KeyId: KEY_ID, KeyMaterialId: 'ab'.repeat(32) }],
    ['a policy with tabs, newlines and Latin-1', 'PutKeyPolicy', { KeyId: KEY_ID, Policy: '{\n\t"Sid": "café"\r\n}' }],
    ['a marker of printable Latin-1', 'ListKeys', { Marker: 'ÿ~ ' }],
    ['an empty encryption context', 'Encrypt', { KeyId: KEY_ID, Plaintext: bytes(1), EncryptionContext: {} }],
    ['an encryption context with a null prototype', 'Decrypt', { CiphertextBlob: bytes(8), EncryptionContext: Object.assign(Object.create(null) as object, { a: 'b' }) }],
    ['a grant with every optional member', 'CreateGrant', {
      KeyId: KEY_ID,
      GranteePrincipal: 'arn:aws:iam::111122223333:role/app',
      RetiringServicePrincipal: 'dynamodb.amazonaws.com',
      Operations: ['Encrypt', 'Decrypt', 'RetireGrant'],
      Constraints: { EncryptionContextSubset: { Department: 'IT' }, SourceArn: 'arn:aws:dynamodb:us-east-1:111122223333:table/t' },
      GrantTokens: ['t'],
      Name: 'my-grant_1:x/y',
      DryRun: false,
    }],
    ['a key with every optional member', 'CreateKey', {
      Policy: '{}',
      Description: 'd'.repeat(8192),
      KeyUsage: 'ENCRYPT_DECRYPT',
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      Origin: 'AWS_KMS',
      CustomKeyStoreId: 'cks-1234567890abcdef0',
      BypassPolicyLockoutSafetyCheck: true,
      Tags: [],
      MultiRegion: false,
      XksKeyId: 'ext-key_1.a',
    }],
  ] as const)('accepts %s', (_title, operation, input) => {
    expect(messageOf(operation, input)).toBeUndefined();
  });
});

describe('validateInput: secrets and size of the message', () => {
  it('never echoes blob bytes, whatever the violation', () => {
    const secret = Buffer.from('TOP-SECRET-'.repeat(400)); // 4400 bytes
    const message = messageOf('Encrypt', { KeyId: KEY_ID, Plaintext: secret }) ?? '';
    expect(message).not.toContain('TOP-SECRET');
    expect(message).not.toContain('84,79,80'); // 'T','O','P' as decimal bytes
  });

  it('never echoes a string given where a sensitive blob is expected', () => {
    const message = messageOf('GenerateMac', { ...VALID.GenerateMac, Message: 'my-password' }) ?? '';
    expect(message).toBe(one("Value at 'message' failed to satisfy constraint: Member must be of type blob"));
  });

  it('cuts echoed lists and maps to 256 characters, without calling their toString', () => {
    const tokens = Array.from({ length: 200 }, (_, i) => `token-${String(i)}`);
    const message = messageOf('DescribeKey', { KeyId: KEY_ID, GrantTokens: tokens }) ?? '';
    const echoed = /^1 validation error detected: Value '(.*)' at 'grantTokens'/.exec(message)?.[1] ?? '';
    expect(echoed).toHaveLength(259);
    expect(echoed.startsWith('[token-0, token-1, ')).toBe(true);
    expect(echoed.endsWith('...')).toBe(true);

    const hostile = { toString: (): string => { throw new Error('toString called'); } };
    expect(messageOf('DisableKey', { KeyId: hostile })).toMatch(/^1 validation error detected: Value '\{toString=function\}' at 'keyId'/);
  });

  it('does not split a surrogate pair when cutting an echoed value', () => {
    const description = `${'a'.repeat(255)}${'😀'.repeat(5000)}`;
    const message = messageOf('CreateKey', { Description: description }) ?? '';
    expect(message).toContain(`Value '${'a'.repeat(255)}...' at 'description'`);
  });

  it('rejects a sparse array as not a list, without walking its length (walking 2^32 holes would time the test out)', () => {
    expect(messageOf('TagResource', { KeyId: KEY_ID, Tags: new Array(2 ** 32 - 1) })).toBe(
      one(
        `Value '${`[${Array.from({ length: 60 }, () => 'null').join(', ')}`.slice(0, 256)}...' at 'tags' ` +
          'failed to satisfy constraint: Member must be of type list',
      ),
    );
    const holey: unknown[] = ['Encrypt'];
    holey[1_000_000_000] = 'Decrypt';
    expect(messageOf('CreateGrant', { KeyId: KEY_ID, Operations: holey })).toMatch(
      /^1 validation error detected: Value '\[Encrypt, null, .*\.\.\.' at 'operations' failed to satisfy constraint: Member must be of type list$/,
    );
    // An explicit undefined item is present: it is a null item, not a hole.
    expect(messageOf('UntagResource', { KeyId: KEY_ID, TagKeys: ['a', undefined] })).toBe(
      one(
        "Value '[a, null]' at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: " +
          '[Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must not be null]',
      ),
    );
  });

  it('survives cyclic garbage', () => {
    const list: unknown[] = [];
    list.push(list);
    const object: Record<string, unknown> = {};
    object['self'] = object;
    expect(messageOf('CreateKey', { Tags: [list] })).toMatch(/^1 validation error detected: Value '\[\[\[.*\.\.\.' at 'tags.1.member'/);
    expect(messageOf('Encrypt', { ...VALID.Encrypt, EncryptionContext: object })).toMatch(
      /Value '\{self=\{self=.*\.\.\.' at 'encryptionContext' failed to satisfy constraint: Map value must satisfy constraint: \[Member must be of type string\]$/,
    );
  });
});

