/**
 * @module test/kms/wrong-input
 * A wrong-input table (STYLE.md §28, after noble-ciphers `TYPE_TEST`) run against every public
 * operation of LocalKms: missing required members, wrong JSON types, out-of-range numbers,
 * unknown keys and aliases where only key ids are accepted (docs kms.md §2, §3, §4). Each row
 * must give its named AWS error — never a TypeError or another crash — and leave the KMS state
 * (keys, aliases, grants, tags, policies) exactly as it was.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { LocalKms } from '../../src/kms/local-kms.js';
import {
  ACCOUNT,
  ROLE,
  SERVICE,
  UNKNOWN_KEY_ID,
  closeKmsAfterEach,
  newKey,
  openKms,
  stateSnapshot,
  utf8,
} from './_access-helpers.js';

closeKmsAfterEach();

const UNKNOWN_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${UNKNOWN_KEY_ID}`;
const UNKNOWN_GRANT_ID = 'ab'.repeat(32);
const ALIAS = 'alias/app';
const bytes = (n: number): Uint8Array => new Uint8Array(n).fill(0x5a);

async function fixture() {
  const { kms, clock } = await openKms();
  const key = await newKey(kms, { Description: 'symmetric', Tags: [{ TagKey: 'team', TagValue: 'core' }] });
  const hmac = await newKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
  await kms.createAlias({ AliasName: ALIAS, TargetKeyId: key.KeyId });
  const ciphertext = (await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('data') })).CiphertextBlob;
  const mac = (await kms.generateMac({ KeyId: hmac.KeyId, Message: utf8('m'), MacAlgorithm: 'HMAC_SHA_256' })).Mac;
  const grant = await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: ROLE, Operations: ['Decrypt'], RetiringPrincipal: ROLE });
  return { kms, clock, key, hmac, ciphertext, mac, grant };
}
type Fixture = Awaited<ReturnType<typeof fixture>>;

/** A public LocalKms operation. */
type Operation = keyof {
  [K in keyof LocalKms as LocalKms[K] extends (input: never) => Promise<unknown> ? K : never]: true;
};

interface Row {
  operation: Operation;
  what: string;
  input: (f: Fixture) => unknown;
  error: string;
  /** Calls as this principal instead of the account root. */
  as?: string;
}

const rows: Row[] = [];
function add(operation: Operation, what: string, input: (f: Fixture) => unknown, error: string, as?: string): void {
  rows.push({ operation, what, input, error, ...(as ? { as } : {}) });
}

/**
 * The KeyId rows of an operation: missing, wrong type, empty, unknown id, unknown ARN, and an
 * alias (InvalidArnException where only key ids and ARNs are accepted, NotFound for an unknown
 * alias where aliases are accepted).
 */
function keyIdRows(operation: Operation, base: (f: Fixture) => Record<string, unknown>, accepts: 'aliases' | 'ids', required = true): void {
  const without = (f: Fixture) => {
    const { KeyId: _dropped, ...rest } = base(f);
    return rest;
  };
  if (required) add(operation, 'KeyId missing', without, 'ValidationException');
  add(operation, 'KeyId a number', (f) => ({ ...base(f), KeyId: 42 }), 'ValidationException');
  add(operation, 'KeyId an empty string', (f) => ({ ...base(f), KeyId: '' }), 'ValidationException');
  add(operation, 'KeyId unknown', (f) => ({ ...base(f), KeyId: UNKNOWN_KEY_ID }), 'NotFoundException');
  add(operation, 'KeyId an unknown key ARN', (f) => ({ ...base(f), KeyId: UNKNOWN_ARN }), 'NotFoundException');
  add(operation, 'KeyId malformed', (f) => ({ ...base(f), KeyId: 'not-a-key' }), 'NotFoundException');
  if (accepts === 'ids') {
    add(operation, 'KeyId an alias where only key ids are accepted', (f) => ({ ...base(f), KeyId: ALIAS }), 'InvalidArnException');
    add(
      operation,
      'KeyId an alias ARN where only key ids are accepted',
      (f) => ({ ...base(f), KeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:${ALIAS}` }),
      'InvalidArnException',
    );
  } else {
    add(operation, 'KeyId an unknown alias', (f) => ({ ...base(f), KeyId: 'alias/none' }), 'NotFoundException');
  }
  if (required) {
    add(operation, 'input null', () => null, 'ValidationException');
    add(operation, 'input a string', () => 'KeyId', 'ValidationException');
    add(operation, 'input an array', () => [], 'ValidationException');
  }
}

const keyOnly = (f: Fixture) => ({ KeyId: f.key.KeyId });

// ---- keys
add('createKey', 'Description a number', () => ({ Description: 5 }), 'ValidationException');
add('createKey', 'Description over 8192 characters', () => ({ Description: 'd'.repeat(8193) }), 'ValidationException');
add('createKey', 'KeySpec not in the enum', () => ({ KeySpec: 'RSA_9' }), 'ValidationException');
add('createKey', 'KeyUsage not in the enum', () => ({ KeyUsage: 'EVERYTHING' }), 'ValidationException');
add('createKey', 'Policy a number', () => ({ Policy: 5 }), 'ValidationException');
add('createKey', 'Policy empty', () => ({ Policy: '' }), 'ValidationException');
add('createKey', 'Tags a string', () => ({ Tags: 'team=core' }), 'ValidationException');
add('createKey', 'a tag without TagValue', () => ({ Tags: [{ TagKey: 'a' }] }), 'ValidationException');
add('createKey', 'BypassPolicyLockoutSafetyCheck a string', () => ({ BypassPolicyLockoutSafetyCheck: 'yes' }), 'ValidationException');
add('createKey', 'input a string', () => 'key', 'ValidationException');

keyIdRows('describeKey', keyOnly, 'aliases');
add('describeKey', 'GrantTokens a string', (f) => ({ KeyId: f.key.KeyId, GrantTokens: 'token' }), 'ValidationException');

add('listKeys', 'Limit 0', () => ({ Limit: 0 }), 'ValidationException');
add('listKeys', 'Limit 1001', () => ({ Limit: 1001 }), 'ValidationException');
add('listKeys', 'Limit a string', () => ({ Limit: '5' }), 'ValidationException');
add('listKeys', 'Limit not an integer', () => ({ Limit: 2.5 }), 'ValidationException');
add('listKeys', 'Marker empty', () => ({ Marker: '' }), 'ValidationException');
add('listKeys', 'Marker not issued by this KMS', () => ({ Marker: 'bogus' }), 'InvalidMarkerException');

keyIdRows('updateKeyDescription', (f) => ({ KeyId: f.key.KeyId, Description: 'new' }), 'ids');
add('updateKeyDescription', 'Description missing', keyOnly, 'ValidationException');
add('updateKeyDescription', 'Description a number', (f) => ({ KeyId: f.key.KeyId, Description: 1 }), 'ValidationException');

for (const op of ['enableKey', 'disableKey', 'cancelKeyDeletion', 'getKeyRotationStatus', 'disableKeyRotation', 'rotateKeyOnDemand', 'listKeyPolicies'] as const)
  keyIdRows(op, keyOnly, 'ids');

keyIdRows('scheduleKeyDeletion', (f) => ({ KeyId: f.key.KeyId, PendingWindowInDays: 7 }), 'ids');
for (const [what, value] of [
  ['6 days', 6],
  ['31 days', 31],
  ['0 days', 0],
  ['-1 days', -1],
  ['366 days', 366],
  ['7.5 days', 7.5],
  ['a string', '7'],
] as const)
  add('scheduleKeyDeletion', `PendingWindowInDays ${what}`, (f) => ({ KeyId: f.key.KeyId, PendingWindowInDays: value }), 'ValidationException');

// ---- cryptography
keyIdRows('encrypt', (f) => ({ KeyId: f.key.KeyId, Plaintext: utf8('x') }), 'aliases');
add('encrypt', 'Plaintext missing', keyOnly, 'ValidationException');
add('encrypt', 'Plaintext a string', (f) => ({ KeyId: f.key.KeyId, Plaintext: 'secret' }), 'ValidationException');
add('encrypt', 'Plaintext an array of numbers', (f) => ({ KeyId: f.key.KeyId, Plaintext: [1, 2, 3] }), 'ValidationException');
add('encrypt', 'Plaintext an ArrayBuffer', (f) => ({ KeyId: f.key.KeyId, Plaintext: new ArrayBuffer(4) }), 'ValidationException');
add('encrypt', 'Plaintext empty', (f) => ({ KeyId: f.key.KeyId, Plaintext: bytes(0) }), 'ValidationException');
add('encrypt', 'Plaintext of 4097 bytes', (f) => ({ KeyId: f.key.KeyId, Plaintext: bytes(4097) }), 'ValidationException');
add('encrypt', 'EncryptionContext a string', (f) => ({ KeyId: f.key.KeyId, Plaintext: utf8('x'), EncryptionContext: 'a=1' }), 'ValidationException');
add('encrypt', 'EncryptionContext with an object value (numbers are read as strings, objects are refused)', (f) => ({ KeyId: f.key.KeyId, Plaintext: utf8('x'), EncryptionContext: { a: { n: 1 } } }), 'ValidationException');
add('encrypt', 'EncryptionAlgorithm not in the enum', (f) => ({ KeyId: f.key.KeyId, Plaintext: utf8('x'), EncryptionAlgorithm: 'ROT13' }), 'ValidationException');
add(
  'encrypt',
  '11 GrantTokens',
  (f) => ({ KeyId: f.key.KeyId, Plaintext: utf8('x'), GrantTokens: Array.from({ length: 11 }, () => f.grant.GrantToken) }),
  'ValidationException',
);
add('encrypt', 'DryRun a string', (f) => ({ KeyId: f.key.KeyId, Plaintext: utf8('x'), DryRun: 'true' }), 'ValidationException');

keyIdRows('decrypt', (f) => ({ CiphertextBlob: f.ciphertext, KeyId: f.key.KeyId }), 'aliases', false);
add('decrypt', 'CiphertextBlob missing', () => ({}), 'ValidationException');
add('decrypt', 'CiphertextBlob a string', () => ({ CiphertextBlob: 'AQIDAHg=' }), 'ValidationException');
add('decrypt', 'CiphertextBlob empty', () => ({ CiphertextBlob: bytes(0) }), 'ValidationException');
add('decrypt', 'CiphertextBlob of 6145 bytes', () => ({ CiphertextBlob: bytes(6145) }), 'ValidationException');
add('decrypt', 'CiphertextBlob not a blob of this KMS', () => ({ CiphertextBlob: bytes(120) }), 'InvalidCiphertextException');
add('decrypt', 'DryRunModifiers not in the enum', (f) => ({ CiphertextBlob: f.ciphertext, DryRunModifiers: ['IGNORE_ALL'] }), 'ValidationException');
add('decrypt', 'input null', () => null, 'ValidationException');

add('reEncrypt', 'DestinationKeyId missing', (f) => ({ CiphertextBlob: f.ciphertext }), 'ValidationException');
add('reEncrypt', 'DestinationKeyId a number', (f) => ({ CiphertextBlob: f.ciphertext, DestinationKeyId: 3 }), 'ValidationException');
add('reEncrypt', 'DestinationKeyId unknown', (f) => ({ CiphertextBlob: f.ciphertext, DestinationKeyId: UNKNOWN_KEY_ID }), 'NotFoundException');
add('reEncrypt', 'DestinationKeyId an unknown alias', (f) => ({ CiphertextBlob: f.ciphertext, DestinationKeyId: 'alias/none' }), 'NotFoundException');
add('reEncrypt', 'SourceKeyId unknown', (f) => ({ CiphertextBlob: f.ciphertext, SourceKeyId: UNKNOWN_KEY_ID, DestinationKeyId: f.key.KeyId }), 'NotFoundException');
add('reEncrypt', 'SourceKeyId a number', (f) => ({ CiphertextBlob: f.ciphertext, SourceKeyId: 1, DestinationKeyId: f.key.KeyId }), 'ValidationException');
add('reEncrypt', 'CiphertextBlob missing', (f) => ({ DestinationKeyId: f.key.KeyId }), 'ValidationException');
add('reEncrypt', 'CiphertextBlob a string', (f) => ({ CiphertextBlob: 'blob', DestinationKeyId: f.key.KeyId }), 'ValidationException');
add('reEncrypt', 'input null', () => null, 'ValidationException');

for (const op of ['generateDataKey', 'generateDataKeyWithoutPlaintext'] as const) {
  keyIdRows(op, (f) => ({ KeyId: f.key.KeyId, KeySpec: 'AES_256' }), 'aliases');
  for (const [what, value] of [
    ['0', 0],
    ['1025', 1025],
    ['-5', -5],
    ['a string', '32'],
    ['not an integer', 16.5],
  ] as const)
    add(op, `NumberOfBytes ${what}`, (f) => ({ KeyId: f.key.KeyId, NumberOfBytes: value }), 'ValidationException');
  add(op, 'KeySpec not in the enum', (f) => ({ KeyId: f.key.KeyId, KeySpec: 'AES_512' }), 'ValidationException');
  add(op, 'neither NumberOfBytes nor KeySpec', keyOnly, 'ValidationException');
  add(op, 'both NumberOfBytes and KeySpec', (f) => ({ KeyId: f.key.KeyId, KeySpec: 'AES_256', NumberOfBytes: 32 }), 'ValidationException');
  add(op, 'EncryptionContext an array', (f) => ({ KeyId: f.key.KeyId, KeySpec: 'AES_256', EncryptionContext: [['a', '1']] }), 'ValidationException');
}

add('generateRandom', 'NumberOfBytes missing', () => ({}), 'ValidationException');
add('generateRandom', 'NumberOfBytes 0', () => ({ NumberOfBytes: 0 }), 'ValidationException');
add('generateRandom', 'NumberOfBytes 1025', () => ({ NumberOfBytes: 1025 }), 'ValidationException');
add('generateRandom', 'NumberOfBytes a string', () => ({ NumberOfBytes: '8' }), 'ValidationException');
add('generateRandom', 'NumberOfBytes NaN', () => ({ NumberOfBytes: Number.NaN }), 'ValidationException');
add('generateRandom', 'input a number', () => 8, 'ValidationException');

for (const op of ['generateMac', 'verifyMac'] as const) {
  const base = (f: Fixture) => ({
    KeyId: f.hmac.KeyId,
    Message: utf8('m'),
    MacAlgorithm: 'HMAC_SHA_256',
    ...(op === 'verifyMac' ? { Mac: f.mac } : {}),
  });
  keyIdRows(op, base, 'aliases');
  add(op, 'Message missing', (f) => ({ ...base(f), Message: undefined }), 'ValidationException');
  add(op, 'Message a string', (f) => ({ ...base(f), Message: 'm' }), 'ValidationException');
  add(op, 'Message of 4097 bytes', (f) => ({ ...base(f), Message: bytes(4097) }), 'ValidationException');
  add(op, 'MacAlgorithm missing', (f) => ({ ...base(f), MacAlgorithm: undefined }), 'ValidationException');
  add(op, 'MacAlgorithm not in the enum', (f) => ({ ...base(f), MacAlgorithm: 'HMAC_MD5' }), 'ValidationException');
}
add('verifyMac', 'Mac missing', (f) => ({ KeyId: f.hmac.KeyId, Message: utf8('m'), MacAlgorithm: 'HMAC_SHA_256' }), 'ValidationException');
add('verifyMac', 'Mac a string', (f) => ({ KeyId: f.hmac.KeyId, Message: utf8('m'), MacAlgorithm: 'HMAC_SHA_256', Mac: 'mac' }), 'ValidationException');

// ---- aliases
add('createAlias', 'AliasName missing', (f) => ({ TargetKeyId: f.key.KeyId }), 'ValidationException');
add('createAlias', 'AliasName a number', (f) => ({ AliasName: 7, TargetKeyId: f.key.KeyId }), 'ValidationException');
add('createAlias', 'AliasName without alias/', (f) => ({ AliasName: 'orders', TargetKeyId: f.key.KeyId }), 'ValidationException');
add('createAlias', 'AliasName with a space', (f) => ({ AliasName: 'alias/my key', TargetKeyId: f.key.KeyId }), 'ValidationException');
add('createAlias', 'AliasName reserved alias/aws/', (f) => ({ AliasName: 'alias/aws/mine', TargetKeyId: f.key.KeyId }), 'InvalidAliasNameException');
add('createAlias', 'TargetKeyId missing', () => ({ AliasName: 'alias/new' }), 'ValidationException');
add('createAlias', 'TargetKeyId unknown', () => ({ AliasName: 'alias/new', TargetKeyId: UNKNOWN_KEY_ID }), 'NotFoundException');
add('createAlias', 'TargetKeyId an alias', () => ({ AliasName: 'alias/new', TargetKeyId: ALIAS }), 'InvalidArnException');
add('createAlias', 'TargetKeyId a number', () => ({ AliasName: 'alias/new', TargetKeyId: 1 }), 'ValidationException');
add('createAlias', 'AliasName already taken', (f) => ({ AliasName: ALIAS, TargetKeyId: f.hmac.KeyId }), 'AlreadyExistsException');

add('updateAlias', 'AliasName missing', (f) => ({ TargetKeyId: f.key.KeyId }), 'ValidationException');
add('updateAlias', 'AliasName unknown', (f) => ({ AliasName: 'alias/none', TargetKeyId: f.key.KeyId }), 'NotFoundException');
add('updateAlias', 'TargetKeyId missing', () => ({ AliasName: ALIAS }), 'ValidationException');
add('updateAlias', 'TargetKeyId unknown', () => ({ AliasName: ALIAS, TargetKeyId: UNKNOWN_KEY_ID }), 'NotFoundException');
add('updateAlias', 'TargetKeyId an alias', () => ({ AliasName: ALIAS, TargetKeyId: ALIAS }), 'InvalidArnException');
add('updateAlias', 'TargetKeyId of another key type', (f) => ({ AliasName: ALIAS, TargetKeyId: f.hmac.KeyId }), 'ValidationException');

add('deleteAlias', 'AliasName missing', () => ({}), 'ValidationException');
add('deleteAlias', 'AliasName a number', () => ({ AliasName: 1 }), 'ValidationException');
add('deleteAlias', 'AliasName unknown', () => ({ AliasName: 'alias/none' }), 'NotFoundException');
add('deleteAlias', 'AliasName without alias/', () => ({ AliasName: 'app' }), 'ValidationException');

add('listAliases', 'KeyId unknown', () => ({ KeyId: UNKNOWN_KEY_ID }), 'NotFoundException');
add('listAliases', 'KeyId an alias', () => ({ KeyId: ALIAS }), 'InvalidArnException');
add('listAliases', 'KeyId a number', () => ({ KeyId: 9 }), 'ValidationException');
add('listAliases', 'Limit 0', () => ({ Limit: 0 }), 'ValidationException');
add('listAliases', 'Limit 101', () => ({ Limit: 101 }), 'ValidationException');
add('listAliases', 'Marker not issued by this KMS', () => ({ Marker: 'bogus' }), 'InvalidMarkerException');

// ---- rotation
keyIdRows('enableKeyRotation', (f) => ({ KeyId: f.key.KeyId, RotationPeriodInDays: 365 }), 'ids');
add('enableKeyRotation', 'RotationPeriodInDays 89', (f) => ({ KeyId: f.key.KeyId, RotationPeriodInDays: 89 }), 'ValidationException');
add('enableKeyRotation', 'RotationPeriodInDays 2561', (f) => ({ KeyId: f.key.KeyId, RotationPeriodInDays: 2561 }), 'ValidationException');
add('enableKeyRotation', 'RotationPeriodInDays a string', (f) => ({ KeyId: f.key.KeyId, RotationPeriodInDays: '365' }), 'ValidationException');
keyIdRows('listKeyRotations', keyOnly, 'ids');
add('listKeyRotations', 'Limit 0', (f) => ({ KeyId: f.key.KeyId, Limit: 0 }), 'ValidationException');
add('listKeyRotations', 'IncludeKeyMaterial not in the enum', (f) => ({ KeyId: f.key.KeyId, IncludeKeyMaterial: 'SOME' }), 'ValidationException');

// ---- grants
const grantBase = (f: Fixture) => ({ KeyId: f.key.KeyId, GranteePrincipal: ROLE, Operations: ['Encrypt'] });
keyIdRows('createGrant', grantBase, 'ids');
add('createGrant', 'Operations missing', (f) => ({ KeyId: f.key.KeyId, GranteePrincipal: ROLE }), 'ValidationException');
add('createGrant', 'Operations a string', (f) => ({ ...grantBase(f), Operations: 'Encrypt' }), 'ValidationException');
add('createGrant', 'Operations empty', (f) => ({ ...grantBase(f), Operations: [] }), 'ValidationException');
add('createGrant', 'an operation not in the enum', (f) => ({ ...grantBase(f), Operations: ['Fly'] }), 'ValidationException');
add('createGrant', 'GranteePrincipal missing', (f) => ({ KeyId: f.key.KeyId, Operations: ['Encrypt'] }), 'ValidationException');
add('createGrant', 'GranteePrincipal a number', (f) => ({ ...grantBase(f), GranteePrincipal: 5 }), 'ValidationException');
add('createGrant', 'GranteePrincipal with a space', (f) => ({ ...grantBase(f), GranteePrincipal: 'role Reader' }), 'ValidationException');
add('createGrant', 'Name with a space', (f) => ({ ...grantBase(f), Name: 'my grant' }), 'ValidationException');
add('createGrant', 'Constraints a string', (f) => ({ ...grantBase(f), Constraints: 'strict' }), 'ValidationException');
add('createGrant', 'a constraint value a number', (f) => ({ ...grantBase(f), Constraints: { EncryptionContextEquals: { a: 1 } } }), 'ValidationException');
add('createGrant', 'GrantTokens with a malformed token', (f) => ({ ...grantBase(f), GrantTokens: ['nope'] }), 'InvalidGrantTokenException');

keyIdRows('listGrants', keyOnly, 'ids');
add('listGrants', 'Limit 0', (f) => ({ KeyId: f.key.KeyId, Limit: 0 }), 'ValidationException');
add('listGrants', 'Limit 101', (f) => ({ KeyId: f.key.KeyId, Limit: 101 }), 'ValidationException');
add('listGrants', 'GrantId malformed', (f) => ({ KeyId: f.key.KeyId, GrantId: 'zz' }), 'InvalidGrantIdException');
add('listGrants', 'GranteePrincipal a number', (f) => ({ KeyId: f.key.KeyId, GranteePrincipal: 1 }), 'ValidationException');
add('listGrants', 'Marker not issued by this KMS', (f) => ({ KeyId: f.key.KeyId, Marker: 'bogus' }), 'InvalidMarkerException');

add('listRetirableGrants', 'RetiringPrincipal missing', () => ({}), 'ValidationException');
add('listRetirableGrants', 'RetiringPrincipal a number', () => ({ RetiringPrincipal: 5 }), 'ValidationException');
add('listRetirableGrants', 'Limit 0', () => ({ RetiringPrincipal: ROLE, Limit: 0 }), 'ValidationException');
add('listRetirableGrants', 'input null', () => null, 'ValidationException');

add('retireGrant', 'neither GrantToken nor KeyId and GrantId', () => ({}), 'ValidationException');
add('retireGrant', 'KeyId without GrantId', (f) => ({ KeyId: f.key.KeyId }), 'ValidationException');
add('retireGrant', 'GrantToken a number', () => ({ GrantToken: 5 }), 'ValidationException');
add('retireGrant', 'GrantToken malformed', () => ({ GrantToken: 'garbage' }), 'InvalidGrantTokenException');
add('retireGrant', 'KeyId unknown', (f) => ({ KeyId: UNKNOWN_KEY_ID, GrantId: f.grant.GrantId }), 'NotFoundException');
add('retireGrant', 'KeyId an alias', (f) => ({ KeyId: ALIAS, GrantId: f.grant.GrantId }), 'InvalidArnException');
add('retireGrant', 'GrantId malformed', (f) => ({ KeyId: f.key.KeyId, GrantId: 'zz' }), 'InvalidGrantIdException');
add('retireGrant', 'GrantId unknown', (f) => ({ KeyId: f.key.KeyId, GrantId: UNKNOWN_GRANT_ID }), 'NotFoundException');
add('retireGrant', 'GrantId of another key', (f) => ({ KeyId: f.hmac.KeyId, GrantId: f.grant.GrantId }), 'NotFoundException');

keyIdRows('revokeGrant', (f) => ({ KeyId: f.key.KeyId, GrantId: f.grant.GrantId }), 'ids');
add('revokeGrant', 'GrantId missing', keyOnly, 'ValidationException');
add('revokeGrant', 'GrantId a number', (f) => ({ KeyId: f.key.KeyId, GrantId: 1 }), 'ValidationException');
add('revokeGrant', 'GrantId malformed', (f) => ({ KeyId: f.key.KeyId, GrantId: 'zz' }), 'InvalidGrantIdException');
add('revokeGrant', 'GrantId unknown', (f) => ({ KeyId: f.key.KeyId, GrantId: UNKNOWN_GRANT_ID }), 'NotFoundException');

// ---- tags and policies
keyIdRows('tagResource', (f) => ({ KeyId: f.key.KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] }), 'ids');
add('tagResource', 'Tags missing', keyOnly, 'ValidationException');
add('tagResource', 'Tags a string', (f) => ({ KeyId: f.key.KeyId, Tags: 'a=b' }), 'ValidationException');
add('tagResource', 'TagKey a number', (f) => ({ KeyId: f.key.KeyId, Tags: [{ TagKey: 1, TagValue: 'b' }] }), 'ValidationException');
add('tagResource', 'TagKey of 129 characters', (f) => ({ KeyId: f.key.KeyId, Tags: [{ TagKey: 'k'.repeat(129), TagValue: 'b' }] }), 'ValidationException');
add('tagResource', 'TagValue of 257 characters', (f) => ({ KeyId: f.key.KeyId, Tags: [{ TagKey: 'k', TagValue: 'v'.repeat(257) }] }), 'ValidationException');
add('tagResource', 'a tag null', (f) => ({ KeyId: f.key.KeyId, Tags: [null] }), 'ValidationException');
keyIdRows('untagResource', (f) => ({ KeyId: f.key.KeyId, TagKeys: ['team'] }), 'ids');
add('untagResource', 'TagKeys missing', keyOnly, 'ValidationException');
add('untagResource', 'TagKeys a string', (f) => ({ KeyId: f.key.KeyId, TagKeys: 'team' }), 'ValidationException');
add('untagResource', 'a TagKey a number', (f) => ({ KeyId: f.key.KeyId, TagKeys: [5] }), 'ValidationException');
keyIdRows('listResourceTags', keyOnly, 'ids');
add('listResourceTags', 'Limit 0', (f) => ({ KeyId: f.key.KeyId, Limit: 0 }), 'ValidationException');
add('listResourceTags', 'Limit 51', (f) => ({ KeyId: f.key.KeyId, Limit: 51 }), 'ValidationException');

keyIdRows('getKeyPolicy', keyOnly, 'ids');
add('getKeyPolicy', 'PolicyName a number', (f) => ({ KeyId: f.key.KeyId, PolicyName: 1 }), 'ValidationException');
keyIdRows('putKeyPolicy', (f) => ({ KeyId: f.key.KeyId, Policy: '{"Statement":[]}' }), 'ids');
add('putKeyPolicy', 'Policy missing', keyOnly, 'ValidationException');
add('putKeyPolicy', 'Policy a number', (f) => ({ KeyId: f.key.KeyId, Policy: 5 }), 'ValidationException');
add('putKeyPolicy', 'Policy empty', (f) => ({ KeyId: f.key.KeyId, Policy: '' }), 'ValidationException');
add('putKeyPolicy', 'Policy an object instead of its JSON text', (f) => ({ KeyId: f.key.KeyId, Policy: { Statement: [] } }), 'ValidationException');
add('putKeyPolicy', 'Policy not JSON', (f) => ({ KeyId: f.key.KeyId, Policy: 'allow all' }), 'MalformedPolicyDocumentException');

// ---- the non-AWS helpers
add('getAwsOwnedKey', 'Name missing', () => ({}), 'ValidationException', SERVICE);
add('getAwsOwnedKey', 'Name a number', () => ({ Name: 5 }), 'ValidationException', SERVICE);
add('getAwsOwnedKey', 'Name empty', () => ({ Name: '' }), 'ValidationException', SERVICE);
add('getAwsOwnedKey', 'input null', () => null, 'ValidationException', SERVICE);
add('getAwsOwnedKey', 'called by the account root', () => ({ Name: 'x' }), 'AccessDeniedException');

add('setIdentityPolicy', 'Principal missing', () => ({ Policy: '{"Statement":[]}' }), 'ValidationException');
add('setIdentityPolicy', 'Principal a number', () => ({ Principal: 5, Policy: '{"Statement":[]}' }), 'ValidationException');
add('setIdentityPolicy', 'Principal not an ARN', () => ({ Principal: 'Reader', Policy: '{"Statement":[]}' }), 'ValidationException');
add('setIdentityPolicy', 'input null', () => null, 'ValidationException');
add('setIdentityPolicy', 'Policy not JSON', () => ({ Principal: ROLE, Policy: 'allow' }), 'MalformedPolicyDocumentException');
add(
  'setIdentityPolicy',
  'Policy naming a Principal',
  () => ({ Principal: ROLE, Policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' }] }) }),
  'MalformedPolicyDocumentException',
);
add('setIdentityPolicy', 'Policy a number', () => ({ Principal: ROLE, Policy: 5 }), 'ValidationException');
add('setIdentityPolicy', 'Policy an object instead of its JSON text', () => ({ Principal: ROLE, Policy: { Statement: [] } }), 'ValidationException');

add('lookupEvents', 'MaxResults 0', () => ({ MaxResults: 0 }), 'ValidationException');
add('lookupEvents', 'MaxResults 51', () => ({ MaxResults: 51 }), 'ValidationException');
add('lookupEvents', 'MaxResults a string', () => ({ MaxResults: '5' }), 'ValidationException');
add('lookupEvents', 'NextToken not issued by the trail', () => ({ NextToken: 'bogus' }), 'InvalidMarkerException');
add(
  'lookupEvents',
  'two LookupAttributes',
  () => ({
    LookupAttributes: [
      { AttributeKey: 'EventName', AttributeValue: 'Encrypt' },
      { AttributeKey: 'ReadOnly', AttributeValue: 'true' },
    ],
  }),
  'ValidationException',
);
add('lookupEvents', 'StartTime a string', () => ({ StartTime: 'yesterday' }), 'ValidationException');
add('lookupEvents', 'EndTime a plain object', () => ({ EndTime: {} }), 'ValidationException');

/** The public operations of LocalKms: every prototype method but the view and lifecycle ones. */
function publicOperations(): string[] {
  const proto = LocalKms.prototype as unknown as Record<string, unknown>;
  return Object.getOwnPropertyNames(proto)
    .filter((name) => {
      const d = Object.getOwnPropertyDescriptor(proto, name);
      return typeof d?.value === 'function' && !['constructor', 'as', 'close'].includes(name);
    })
    .sort();
}

describe('wrong input', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await fixture();
  });

  it('the table covers every public LocalKms operation', () => {
    expect([...new Set(rows.map((r) => r.operation))].sort()).toEqual(publicOperations());
  });

  it.each(rows.map((r) => [`${r.operation}: ${r.what} → ${r.error}`, r] as const))('%s, state unchanged', async (_title, row) => {
    const before = await stateSnapshot(f.kms);
    const caller = row.as ? f.kms.as(row.as) : f.kms;
    const method = caller[row.operation] as unknown as (input: unknown) => Promise<unknown>;
    let outcome: unknown;
    try {
      outcome = await method.call(caller, row.input(f));
    } catch (error) {
      outcome = error;
    }
    expect(outcome).toBeInstanceOf(Error);
    const error = outcome as Error;
    expect({ name: error.name, message: error.message }).toMatchObject({ name: row.error });
    expect(error).not.toBeInstanceOf(TypeError);
    expect(await stateSnapshot(f.kms)).toEqual(before);
  });
});
