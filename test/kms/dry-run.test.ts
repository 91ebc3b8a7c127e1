/**
 * @module test/kms/dry-run
 * DryRun (docs kms.md §3 "DryRun is accepted by"): for every operation of the local KMS that
 * takes it, a request that would succeed answers DryRunOperationException with AWS's exact
 * message and changes nothing; a request that would fail answers the real error; both are
 * audited (kms.md §9).
 */
import { describe, expect, it } from 'vitest';
import type { LocalKms } from '../../src/kms/local-kms.js';
import { DRY_RUN_OPERATIONS } from '../../src/kms/constants.js';
import {
  DRY_RUN_MESSAGE,
  OTHER_ROLE,
  ROLE,
  THIRD_ROLE,
  auditRecords,
  closeKmsAfterEach,
  expectError,
  newKey,
  openKms,
  stateSnapshot,
  utf8,
} from './_access-helpers.js';

closeKmsAfterEach();

const DATA = utf8('dry-run payload');
const EC = { purpose: 'dry-run' };

async function fixture() {
  const { kms } = await openKms();
  const key = await newKey(kms, { Description: 'live' });
  const dest = await newKey(kms, { Description: 'destination' });
  const off = await newKey(kms, { Description: 'disabled' });
  const hmac = await newKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
  const ciphertext = (await kms.encrypt({ KeyId: key.KeyId, Plaintext: DATA, EncryptionContext: EC })).CiphertextBlob;
  const offCiphertext = (await kms.encrypt({ KeyId: off.KeyId, Plaintext: DATA })).CiphertextBlob;
  await kms.disableKey({ KeyId: off.KeyId });
  const mac = (await kms.generateMac({ KeyId: hmac.KeyId, Message: DATA, MacAlgorithm: 'HMAC_SHA_256' })).Mac;
  const grant = await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: ROLE, Operations: ['Decrypt'], RetiringPrincipal: OTHER_ROLE });
  return { kms, key, dest, off, hmac, ciphertext, offCiphertext, mac, grant };
}
type Fixture = Awaited<ReturnType<typeof fixture>>;

interface Case {
  /** Succeeds with DryRun: true. */
  wouldSucceed: (f: Fixture) => Promise<unknown>;
  /** Fails with DryRun: true, and the error it must give. */
  wouldFail: (f: Fixture) => Promise<unknown>;
  failure: string;
}

const CASES: Record<(typeof DRY_RUN_OPERATIONS)[number], Case> = {
  CreateGrant: {
    wouldSucceed: (f) => f.kms.createGrant({ KeyId: f.key.KeyId, GranteePrincipal: THIRD_ROLE, Operations: ['Encrypt'], DryRun: true }),
    wouldFail: (f) => f.kms.createGrant({ KeyId: f.off.KeyId, GranteePrincipal: THIRD_ROLE, Operations: ['Encrypt'], DryRun: true }),
    failure: 'DisabledException',
  },
  Decrypt: {
    wouldSucceed: (f) => f.kms.decrypt({ CiphertextBlob: f.ciphertext, EncryptionContext: EC, DryRun: true }),
    wouldFail: (f) => f.kms.decrypt({ CiphertextBlob: f.ciphertext, EncryptionContext: { purpose: 'other' }, DryRun: true }),
    failure: 'InvalidCiphertextException',
  },
  Encrypt: {
    wouldSucceed: (f) => f.kms.encrypt({ KeyId: f.key.KeyId, Plaintext: DATA, DryRun: true }),
    wouldFail: (f) => f.kms.encrypt({ KeyId: f.off.KeyId, Plaintext: DATA, DryRun: true }),
    failure: 'DisabledException',
  },
  GenerateDataKey: {
    wouldSucceed: (f) => f.kms.generateDataKey({ KeyId: f.key.KeyId, KeySpec: 'AES_256', DryRun: true }),
    wouldFail: (f) => f.kms.as(ROLE).generateDataKey({ KeyId: f.key.KeyId, KeySpec: 'AES_256', DryRun: true }),
    failure: 'AccessDeniedException',
  },
  GenerateDataKeyWithoutPlaintext: {
    wouldSucceed: (f) => f.kms.generateDataKeyWithoutPlaintext({ KeyId: f.key.KeyId, NumberOfBytes: 64, DryRun: true }),
    wouldFail: (f) => f.kms.generateDataKeyWithoutPlaintext({ KeyId: f.off.KeyId, NumberOfBytes: 64, DryRun: true }),
    failure: 'DisabledException',
  },
  GenerateMac: {
    wouldSucceed: (f) => f.kms.generateMac({ KeyId: f.hmac.KeyId, Message: DATA, MacAlgorithm: 'HMAC_SHA_256', DryRun: true }),
    wouldFail: (f) => f.kms.generateMac({ KeyId: f.hmac.KeyId, Message: DATA, MacAlgorithm: 'HMAC_SHA_512', DryRun: true }),
    failure: 'InvalidKeyUsageException',
  },
  ReEncrypt: {
    wouldSucceed: (f) =>
      f.kms.reEncrypt({ CiphertextBlob: f.ciphertext, SourceEncryptionContext: EC, DestinationKeyId: f.dest.KeyId, DryRun: true }),
    wouldFail: (f) =>
      f.kms.reEncrypt({ CiphertextBlob: f.ciphertext, SourceEncryptionContext: EC, DestinationKeyId: f.off.KeyId, DryRun: true }),
    failure: 'DisabledException',
  },
  RetireGrant: {
    wouldSucceed: (f) => f.kms.as(OTHER_ROLE).retireGrant({ GrantToken: f.grant.GrantToken, DryRun: true }),
    wouldFail: (f) => f.kms.as(THIRD_ROLE).retireGrant({ GrantToken: f.grant.GrantToken, DryRun: true }),
    failure: 'AccessDeniedException',
  },
  RevokeGrant: {
    wouldSucceed: (f) => f.kms.revokeGrant({ KeyId: f.key.KeyId, GrantId: f.grant.GrantId, DryRun: true }),
    wouldFail: (f) => f.kms.as(ROLE).revokeGrant({ KeyId: f.key.KeyId, GrantId: f.grant.GrantId, DryRun: true }),
    failure: 'AccessDeniedException',
  },
  VerifyMac: {
    wouldSucceed: (f) => f.kms.verifyMac({ KeyId: f.hmac.KeyId, Message: DATA, Mac: f.mac, MacAlgorithm: 'HMAC_SHA_256', DryRun: true }),
    wouldFail: (f) => f.kms.as(ROLE).verifyMac({ KeyId: f.hmac.KeyId, Message: DATA, Mac: f.mac, MacAlgorithm: 'HMAC_SHA_256', DryRun: true }),
    failure: 'AccessDeniedException',
  },
};

async function grantIds(kms: LocalKms, keyId: string): Promise<string[]> {
  return (await kms.listGrants({ KeyId: keyId })).Grants.map((g) => g.GrantId);
}

describe('DryRun', () => {
  it('covers every operation that takes DryRun', () => {
    expect(Object.keys(CASES).sort()).toEqual([...DRY_RUN_OPERATIONS].sort());
  });

  describe.each(Object.entries(CASES))('%s', (operation, c) => {
    it(`${operation} with DryRun that would succeed gives DryRunOperationException with AWS's message and changes nothing`, async () => {
      const f = await fixture();
      const before = await stateSnapshot(f.kms);
      await expectError(c.wouldSucceed(f), 'DryRunOperationException', DRY_RUN_MESSAGE);
      expect(await stateSnapshot(f.kms)).toEqual(before);
    });

    it(`${operation} with DryRun that would fail gives the real error`, async () => {
      const f = await fixture();
      const before = await stateSnapshot(f.kms);
      await expectError(c.wouldFail(f), c.failure);
      expect(await stateSnapshot(f.kms)).toEqual(before);
    });
  });

  it('a CreateGrant DryRun creates no grant', async () => {
    const f = await fixture();
    await expectError(CASES.CreateGrant.wouldSucceed(f), 'DryRunOperationException');
    expect(await grantIds(f.kms, f.key.KeyId)).toEqual([f.grant.GrantId]);
  });

  it('a RetireGrant DryRun retires nothing, and the grantee keeps its access', async () => {
    const f = await fixture();
    await expectError(CASES.RetireGrant.wouldSucceed(f), 'DryRunOperationException');
    await expectError(f.kms.retireGrant({ KeyId: f.key.KeyId, GrantId: f.grant.GrantId, DryRun: true }), 'DryRunOperationException');
    expect(await grantIds(f.kms, f.key.KeyId)).toEqual([f.grant.GrantId]);
    await f.kms.as(ROLE).decrypt({ CiphertextBlob: f.ciphertext, EncryptionContext: EC });
  });

  it('a RevokeGrant DryRun revokes nothing, and the grantee keeps its access', async () => {
    const f = await fixture();
    await expectError(CASES.RevokeGrant.wouldSucceed(f), 'DryRunOperationException');
    expect(await grantIds(f.kms, f.key.KeyId)).toEqual([f.grant.GrantId]);
    await f.kms.as(ROLE).decrypt({ CiphertextBlob: f.ciphertext, EncryptionContext: EC });
  });

  it('a Decrypt DryRun with DryRunModifiers IGNORE_CIPHERTEXT needs only the KeyId', async () => {
    const f = await fixture();
    await expectError(
      f.kms.decrypt({ KeyId: f.key.KeyId, DryRun: true, DryRunModifiers: ['IGNORE_CIPHERTEXT'] }),
      'DryRunOperationException',
      DRY_RUN_MESSAGE,
    );
    await expectError(f.kms.as(THIRD_ROLE).decrypt({ KeyId: f.key.KeyId, DryRun: true, DryRunModifiers: ['IGNORE_CIPHERTEXT'] }), 'AccessDeniedException');
  });

  it('DryRun calls are audited with errorCode DryRunOperationException', async () => {
    const f = await fixture();
    for (const [operation, c] of Object.entries(CASES)) {
      await expectError(c.wouldSucceed(f), 'DryRunOperationException');
      const [record] = await auditRecords(f.kms, { EventName: operation, MaxResults: 1 });
      expect(record, operation).toBeDefined();
      expect({ operation, errorCode: record!.errorCode, errorMessage: record!.errorMessage }).toEqual({
        operation,
        errorCode: 'DryRunOperationException',
        errorMessage: DRY_RUN_MESSAGE,
      });
    }
  });
});
