/**
 * @module test/kms/grants
 * Grants of the local KMS (docs kms.md §3 CreateGrant/ListGrants/RetireGrant/RevokeGrant, §4
 * limits, §6 grant semantics; seed 003 "Grant", seed 000 AWS Backup creating and retiring
 * grants): who a grant lets do what, its token, its constraints, Name idempotency, the per-key
 * quota, listing, retiring, revoking, delegation.
 */
import { describe, expect, it } from 'vitest';
import type { LocalKms } from '../../src/kms/local-kms.js';
import type { CreateGrantRequest, GrantConstraints, GrantOperation } from '../../src/kms/types.js';
import {
  ACCOUNT,
  OTHER_ROLE,
  ROLE,
  ROOT,
  SERVICE,
  THIRD_ROLE,
  allowPolicy,
  caught,
  closeKmsAfterEach,
  expectError,
  newKey,
  openKms,
  utf8,
} from './_access-helpers.js';

closeKmsAfterEach();

const DATA = utf8('grant-protected payload');

async function setup(options: { grantsPerKey?: number } = {}) {
  const { kms, clock } = await openKms(options);
  const key = await newKey(kms, { Description: 'grants' });
  const other = await newKey(kms, { Description: 'another key' });
  return { kms, clock, key, other, role: kms.as(ROLE) };
}

function grantTo(keyId: string, operations: GrantOperation[], extra: Partial<CreateGrantRequest> = {}): CreateGrantRequest {
  return { KeyId: keyId, GranteePrincipal: ROLE, Operations: operations, ...extra };
}

async function grantCount(kms: LocalKms, keyId: string): Promise<number> {
  return (await kms.listGrants({ KeyId: keyId, Limit: 100 })).Grants.length;
}

describe('what a grant allows', () => {
  it('a grant lets the grantee call the listed operations on the key', async () => {
    const { kms, key, role } = await setup();
    await expectError(role.encrypt({ KeyId: key.KeyId, Plaintext: DATA }), 'AccessDeniedException');
    await kms.createGrant(grantTo(key.KeyId, ['Encrypt', 'Decrypt']));
    const { CiphertextBlob } = await role.encrypt({ KeyId: key.KeyId, Plaintext: DATA });
    const { Plaintext } = await role.decrypt({ CiphertextBlob });
    expect(Plaintext).toEqual(DATA);
  });

  it('an operation the grant does not list is refused with AccessDeniedException', async () => {
    const { kms, key, role } = await setup();
    await kms.createGrant(grantTo(key.KeyId, ['Encrypt']));
    const { CiphertextBlob } = await role.encrypt({ KeyId: key.KeyId, Plaintext: DATA });
    await expectError(role.decrypt({ CiphertextBlob }), 'AccessDeniedException');
    await expectError(role.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256' }), 'AccessDeniedException');
    await expectError(role.describeKey({ KeyId: key.KeyId }), 'AccessDeniedException');
  });

  it('a grant gives nothing on another key', async () => {
    const { kms, key, other, role } = await setup();
    await kms.createGrant(grantTo(key.KeyId, ['Encrypt', 'Decrypt']));
    await expectError(role.encrypt({ KeyId: other.KeyId, Plaintext: DATA }), 'AccessDeniedException');
  });

  it('a grant to a service principal lets that service use the key', async () => {
    const { kms, key } = await setup();
    const service = kms.as(SERVICE);
    await expectError(service.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256' }), 'AccessDeniedException');
    await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: SERVICE, Operations: ['GenerateDataKey', 'Decrypt'] });
    const dataKey = await service.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256' });
    expect((await service.decrypt({ CiphertextBlob: dataKey.CiphertextBlob })).Plaintext).toEqual(dataKey.Plaintext);
  });

  it('operations the key type does not support give ValidationException and create nothing', async () => {
    const { kms, key } = await setup();
    const hmac = await newKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    await expectError(kms.createGrant(grantTo(key.KeyId, ['GenerateMac'])), 'ValidationException');
    await expectError(kms.createGrant(grantTo(key.KeyId, ['Sign'])), 'ValidationException');
    await expectError(kms.createGrant(grantTo(hmac.KeyId, ['Encrypt'])), 'ValidationException');
    expect(await grantCount(kms, key.KeyId)).toBe(0);
    expect(await grantCount(kms, hmac.KeyId)).toBe(0);
    await kms.createGrant(grantTo(hmac.KeyId, ['GenerateMac', 'VerifyMac']));
    expect(await grantCount(kms, hmac.KeyId)).toBe(1);
  });
});

describe('grant ids and tokens', () => {
  it('CreateGrant returns a GrantId of 64 hex characters and a GrantToken unique per call', async () => {
    const { kms, key } = await setup();
    const a = await kms.createGrant(grantTo(key.KeyId, ['Encrypt']));
    const b = await kms.createGrant(grantTo(key.KeyId, ['Encrypt']));
    for (const g of [a, b]) {
      expect(g.GrantId).toMatch(/^[0-9a-f]{64}$/);
      expect(typeof g.GrantToken).toBe('string');
      expect(g.GrantToken.length).toBeGreaterThan(0);
    }
    expect(a.GrantId).not.toBe(b.GrantId);
    expect(a.GrantToken).not.toBe(b.GrantToken);
  });

  it('a grant token is usable at once in GrantTokens', async () => {
    const { kms, key, role } = await setup();
    const { GrantToken } = await kms.createGrant(grantTo(key.KeyId, ['Encrypt', 'DescribeKey']));
    await role.encrypt({ KeyId: key.KeyId, Plaintext: DATA, GrantTokens: [GrantToken] });
    await role.describeKey({ KeyId: key.KeyId, GrantTokens: [GrantToken] });
  });

  it('a malformed grant token gives InvalidGrantTokenException', async () => {
    const { kms, key, role } = await setup();
    await kms.createGrant(grantTo(key.KeyId, ['Encrypt']));
    await expectError(role.encrypt({ KeyId: key.KeyId, Plaintext: DATA, GrantTokens: ['not a token'] }), 'InvalidGrantTokenException');
    await expectError(kms.retireGrant({ GrantToken: 'AAAA' }), 'InvalidGrantTokenException');
  });

  it('an unknown grant token gives InvalidGrantTokenException', async () => {
    const { kms, key, role } = await setup();
    const { GrantToken, GrantId } = await kms.createGrant(grantTo(key.KeyId, ['Encrypt']));
    // Same length and alphabet as a real token, naming no grant.
    const forged = [...GrantToken].map((c) => (c === 'A' ? 'B' : 'A')).join('');
    await expectError(role.encrypt({ KeyId: key.KeyId, Plaintext: DATA, GrantTokens: [forged] }), 'InvalidGrantTokenException');
    await kms.revokeGrant({ KeyId: key.KeyId, GrantId });
    await expectError(kms.encrypt({ KeyId: key.KeyId, Plaintext: DATA, GrantTokens: [GrantToken] }), 'InvalidGrantTokenException');
  });
});

describe('grant constraints', () => {
  it('EncryptionContextEquals allows only exactly the constraint context, in any key order', async () => {
    const { kms, key, role } = await setup();
    await kms.createGrant(grantTo(key.KeyId, ['Encrypt'], { Constraints: { EncryptionContextEquals: { a: '1', b: '2' } } }));
    await role.encrypt({ KeyId: key.KeyId, Plaintext: DATA, EncryptionContext: { b: '2', a: '1' } });
    await expectError(role.encrypt({ KeyId: key.KeyId, Plaintext: DATA, EncryptionContext: { a: '1' } }), 'AccessDeniedException');
    await expectError(
      role.encrypt({ KeyId: key.KeyId, Plaintext: DATA, EncryptionContext: { a: '1', b: '2', c: '3' } }),
      'AccessDeniedException',
    );
    await expectError(role.encrypt({ KeyId: key.KeyId, Plaintext: DATA }), 'AccessDeniedException');
  });

  it('constraint keys match case-insensitively and values case-sensitively', async () => {
    const { kms, key, role } = await setup();
    await kms.createGrant(grantTo(key.KeyId, ['Encrypt'], { Constraints: { EncryptionContextEquals: { Tenant: 'Acme' } } }));
    await role.encrypt({ KeyId: key.KeyId, Plaintext: DATA, EncryptionContext: { tenant: 'Acme' } });
    await role.encrypt({ KeyId: key.KeyId, Plaintext: DATA, EncryptionContext: { TENANT: 'Acme' } });
    await expectError(role.encrypt({ KeyId: key.KeyId, Plaintext: DATA, EncryptionContext: { Tenant: 'acme' } }), 'AccessDeniedException');
  });

  it('EncryptionContextSubset allows a context holding every constraint pair, and more', async () => {
    const { kms, key, role } = await setup();
    await kms.createGrant(grantTo(key.KeyId, ['Encrypt'], { Constraints: { EncryptionContextSubset: { table: 'orders' } } }));
    await role.encrypt({ KeyId: key.KeyId, Plaintext: DATA, EncryptionContext: { table: 'orders' } });
    await role.encrypt({ KeyId: key.KeyId, Plaintext: DATA, EncryptionContext: { table: 'orders', row: '7' } });
    await expectError(role.encrypt({ KeyId: key.KeyId, Plaintext: DATA, EncryptionContext: { row: '7' } }), 'AccessDeniedException');
    await expectError(role.encrypt({ KeyId: key.KeyId, Plaintext: DATA, EncryptionContext: { table: 'users' } }), 'AccessDeniedException');
    await expectError(role.encrypt({ KeyId: key.KeyId, Plaintext: DATA }), 'AccessDeniedException');
  });

  it('both constraint kinds at once give ValidationException "More than one constraint supplied"', async () => {
    const { kms, key } = await setup();
    await expectError(
      kms.createGrant(grantTo(key.KeyId, ['Encrypt'], { Constraints: { EncryptionContextEquals: { a: '1' }, EncryptionContextSubset: { a: '1' } } })),
      'ValidationException',
      'More than one constraint supplied',
    );
    expect(await grantCount(kms, key.KeyId)).toBe(0);
  });

  it('a constraint holds at most 8 pairs: 9 give ValidationException', async () => {
    const { kms, key } = await setup();
    const pairs = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, `v${i}`]));
    await kms.createGrant(grantTo(key.KeyId, ['Encrypt'], { Constraints: { EncryptionContextSubset: pairs(8) } }));
    await expectError(
      kms.createGrant(grantTo(key.KeyId, ['Encrypt'], { Constraints: { EncryptionContextSubset: pairs(9) } })),
      'ValidationException',
    );
    await expectError(
      kms.createGrant(grantTo(key.KeyId, ['Encrypt'], { Constraints: { EncryptionContextEquals: pairs(9) } })),
      'ValidationException',
    );
    expect(await grantCount(kms, key.KeyId)).toBe(1);
  });

  it('a constraint value is at most 384 characters: 385 give ValidationException', async () => {
    const { kms, key } = await setup();
    await kms.createGrant(grantTo(key.KeyId, ['Encrypt'], { Constraints: { EncryptionContextEquals: { k: 'v'.repeat(384) } } }));
    await expectError(
      kms.createGrant(grantTo(key.KeyId, ['Encrypt'], { Constraints: { EncryptionContextEquals: { k: 'v'.repeat(385) } } })),
      'ValidationException',
    );
    expect(await grantCount(kms, key.KeyId)).toBe(1);
  });

  it('constraints are ignored for DescribeKey', async () => {
    const { kms, key, role } = await setup();
    await kms.createGrant(grantTo(key.KeyId, ['DescribeKey', 'Encrypt'], { Constraints: { EncryptionContextEquals: { a: '1' } } }));
    const { KeyMetadata } = await role.describeKey({ KeyId: key.KeyId });
    expect(KeyMetadata.Arn).toBe(key.Arn);
  });
});

describe('Name idempotency', () => {
  it('the same Name and identical parameters on the same key return the same GrantId and a new token', async () => {
    const { kms, key, role } = await setup();
    const request = grantTo(key.KeyId, ['Encrypt', 'Decrypt'], { Name: 'backup-job', RetiringPrincipal: OTHER_ROLE });
    const first = await kms.createGrant(request);
    const again = await kms.createGrant({ ...request, Operations: ['Decrypt', 'Encrypt'] });
    expect(again.GrantId).toBe(first.GrantId);
    expect(again.GrantToken).not.toBe(first.GrantToken);
    expect(await grantCount(kms, key.KeyId)).toBe(1);
    await role.encrypt({ KeyId: key.KeyId, Plaintext: DATA, GrantTokens: [again.GrantToken] });
  });

  it('the same Name with different parameters makes a new grant', async () => {
    const { kms, key } = await setup();
    const first = await kms.createGrant(grantTo(key.KeyId, ['Encrypt'], { Name: 'job' }));
    const second = await kms.createGrant(grantTo(key.KeyId, ['Encrypt', 'Decrypt'], { Name: 'job' }));
    const third = await kms.createGrant({ ...grantTo(key.KeyId, ['Encrypt'], { Name: 'job' }), GranteePrincipal: OTHER_ROLE });
    expect(new Set([first.GrantId, second.GrantId, third.GrantId]).size).toBe(3);
    expect(await grantCount(kms, key.KeyId)).toBe(3);
  });

  it('the same Name on another key makes a new grant', async () => {
    const { kms, key, other } = await setup();
    const first = await kms.createGrant(grantTo(key.KeyId, ['Encrypt'], { Name: 'job' }));
    const second = await kms.createGrant(grantTo(other.KeyId, ['Encrypt'], { Name: 'job' }));
    expect(second.GrantId).not.toBe(first.GrantId);
    expect(await grantCount(kms, key.KeyId)).toBe(1);
    expect(await grantCount(kms, other.KeyId)).toBe(1);
  });
});

describe('grant quota', () => {
  it('past grantsPerKey grants on a key, CreateGrant gives LimitExceededException and creates nothing', async () => {
    const { kms, key, other } = await setup({ grantsPerKey: 3 });
    for (let i = 0; i < 3; i++) await kms.createGrant(grantTo(key.KeyId, ['Encrypt']));
    await expectError(kms.createGrant(grantTo(key.KeyId, ['Encrypt'])), 'LimitExceededException');
    expect(await grantCount(kms, key.KeyId)).toBe(3);
    // The quota is per key.
    await kms.createGrant(grantTo(other.KeyId, ['Encrypt']));
    // A retired grant frees its place.
    const [oldest] = (await kms.listGrants({ KeyId: key.KeyId })).Grants;
    await kms.retireGrant({ KeyId: key.KeyId, GrantId: oldest!.GrantId });
    await kms.createGrant(grantTo(key.KeyId, ['Encrypt']));
    expect(await grantCount(kms, key.KeyId)).toBe(3);
  });

  it('a key holds at most 50,000 grants: the 50,001st CreateGrant gives LimitExceededException (AWS default quota)', async () => {
    const { kms, key } = await setup();
    for (let i = 0; i < 50_000; i++) await kms.createGrant(grantTo(key.KeyId, ['Encrypt']));
    await expectError(kms.createGrant(grantTo(key.KeyId, ['Encrypt'])), 'LimitExceededException');
    const first = await kms.listGrants({ KeyId: key.KeyId, Limit: 100 });
    expect(first.Grants).toHaveLength(100);
    expect(first.Truncated).toBe(true);
  }, 120_000);
});

describe('ListGrants and ListRetirableGrants', () => {
  it('ListGrants entries carry the key ARN, Name "" when none, the issuing account root and the grant fields', async () => {
    const { kms, clock, key } = await setup();
    const named = await kms.createGrant(
      grantTo(key.KeyId, ['Decrypt', 'Encrypt'], { Name: 'job-1', RetiringPrincipal: OTHER_ROLE, Constraints: { EncryptionContextSubset: { t: '1' } } }),
    );
    const unnamed = await kms.createGrant(grantTo(key.KeyId, ['Encrypt']));
    const { Grants, Truncated } = await kms.listGrants({ KeyId: key.KeyId });
    expect(Truncated).toBe(false);
    expect(Grants).toHaveLength(2);
    const byId = new Map(Grants.map((g) => [g.GrantId, g]));
    expect(byId.get(named.GrantId)).toEqual({
      KeyId: key.Arn,
      GrantId: named.GrantId,
      Name: 'job-1',
      CreationDate: new Date(clock.now()),
      GranteePrincipal: ROLE,
      RetiringPrincipal: OTHER_ROLE,
      IssuingAccount: `arn:aws:iam::${ACCOUNT}:root`,
      Operations: ['Decrypt', 'Encrypt'],
      Constraints: { EncryptionContextSubset: { t: '1' } },
    });
    const plain = byId.get(unnamed.GrantId)!;
    expect(plain.Name).toBe('');
    expect(plain.KeyId).toBe(key.Arn);
    expect(plain.IssuingAccount).toBe(`arn:aws:iam::${ACCOUNT}:root`);
    expect(plain).not.toHaveProperty('RetiringPrincipal');
    expect(plain).not.toHaveProperty('Constraints');
  });

  it('ListGrants filters by GrantId', async () => {
    const { kms, key } = await setup();
    await kms.createGrant(grantTo(key.KeyId, ['Encrypt']));
    const wanted = await kms.createGrant(grantTo(key.KeyId, ['Decrypt']));
    const { Grants } = await kms.listGrants({ KeyId: key.KeyId, GrantId: wanted.GrantId });
    expect(Grants.map((g) => g.GrantId)).toEqual([wanted.GrantId]);
  });

  it('ListGrants filters by GranteePrincipal', async () => {
    const { kms, key } = await setup();
    await kms.createGrant(grantTo(key.KeyId, ['Encrypt']));
    const wanted = await kms.createGrant({ ...grantTo(key.KeyId, ['Encrypt']), GranteePrincipal: OTHER_ROLE });
    const { Grants } = await kms.listGrants({ KeyId: key.KeyId, GranteePrincipal: OTHER_ROLE });
    expect(Grants.map((g) => g.GrantId)).toEqual([wanted.GrantId]);
  });

  it('ListGrants pages with Limit, NextMarker and Truncated', async () => {
    const { kms, key } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await kms.createGrant(grantTo(key.KeyId, ['Encrypt']))).GrantId);
    const seen: string[] = [];
    let Marker: string | undefined;
    let pages = 0;
    do {
      const page = await kms.listGrants({ KeyId: key.KeyId, Limit: 2, ...(Marker === undefined ? {} : { Marker }) });
      pages++;
      expect(page.Grants.length).toBeLessThanOrEqual(2);
      expect(page.Truncated).toBe(page.NextMarker !== undefined);
      seen.push(...page.Grants.map((g) => g.GrantId));
      Marker = page.NextMarker;
    } while (Marker !== undefined);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it('ListRetirableGrants lists the grants, on every key, that name the retiring principal', async () => {
    const { kms, key, other } = await setup();
    const a = await kms.createGrant(grantTo(key.KeyId, ['Encrypt'], { RetiringPrincipal: OTHER_ROLE }));
    const b = await kms.createGrant(grantTo(other.KeyId, ['Decrypt'], { RetiringPrincipal: OTHER_ROLE }));
    await kms.createGrant(grantTo(key.KeyId, ['Decrypt'], { RetiringPrincipal: THIRD_ROLE }));
    await kms.createGrant(grantTo(key.KeyId, ['Decrypt']));
    const { Grants } = await kms.listRetirableGrants({ RetiringPrincipal: OTHER_ROLE });
    expect(Grants.map((g) => g.GrantId).sort()).toEqual([a.GrantId, b.GrantId].sort());
    expect(Grants.every((g) => g.RetiringPrincipal === OTHER_ROLE)).toBe(true);
    expect(new Set(Grants.map((g) => g.KeyId))).toEqual(new Set([key.Arn, other.Arn]));
  });
});

describe('RetireGrant and RevokeGrant', () => {
  it('RetireGrant by GrantToken removes the grant', async () => {
    const { kms, key } = await setup();
    const { GrantToken } = await kms.createGrant(grantTo(key.KeyId, ['Encrypt'], { RetiringPrincipal: OTHER_ROLE }));
    await kms.as(OTHER_ROLE).retireGrant({ GrantToken });
    expect(await grantCount(kms, key.KeyId)).toBe(0);
  });

  it('RetireGrant by KeyId and GrantId removes the grant', async () => {
    const { kms, key } = await setup();
    const { GrantId } = await kms.createGrant(grantTo(key.KeyId, ['Encrypt'], { RetiringPrincipal: OTHER_ROLE }));
    await kms.as(OTHER_ROLE).retireGrant({ KeyId: key.Arn, GrantId });
    expect(await grantCount(kms, key.KeyId)).toBe(0);
  });

  it('the retiring principal may retire the grant', async () => {
    const { kms, key } = await setup();
    const { GrantId } = await kms.createGrant(grantTo(key.KeyId, ['Encrypt'], { RetiringPrincipal: THIRD_ROLE }));
    await kms.as(THIRD_ROLE).retireGrant({ KeyId: key.KeyId, GrantId });
    expect(await grantCount(kms, key.KeyId)).toBe(0);
  });

  it('the grantee may retire the grant only if it includes RetireGrant', async () => {
    const { kms, key, role } = await setup();
    const without = await kms.createGrant(grantTo(key.KeyId, ['Encrypt']));
    const withRetire = await kms.createGrant(grantTo(key.KeyId, ['Encrypt', 'RetireGrant']));
    await expectError(role.retireGrant({ GrantToken: without.GrantToken }), 'AccessDeniedException');
    await expectError(role.retireGrant({ KeyId: key.KeyId, GrantId: without.GrantId }), 'AccessDeniedException');
    await role.retireGrant({ GrantToken: withRetire.GrantToken });
    const { Grants } = await kms.listGrants({ KeyId: key.KeyId });
    expect(Grants.map((g) => g.GrantId)).toEqual([without.GrantId]);
  });

  it('the issuing account root may retire a grant another principal of the account created', async () => {
    const { kms, key } = await setup();
    await kms.setIdentityPolicy({ Principal: OTHER_ROLE, Policy: allowPolicy('kms:CreateGrant') });
    const { GrantId } = await kms.as(OTHER_ROLE).createGrant(grantTo(key.KeyId, ['Encrypt']));
    const [entry] = (await kms.listGrants({ KeyId: key.KeyId })).Grants;
    expect(entry?.IssuingAccount).toBe(ROOT);
    await kms.retireGrant({ KeyId: key.KeyId, GrantId });
    expect(await grantCount(kms, key.KeyId)).toBe(0);
  });

  it('any other principal gets AccessDeniedException from RetireGrant and the grant stays', async () => {
    const { kms, key } = await setup();
    const { GrantId, GrantToken } = await kms.createGrant(grantTo(key.KeyId, ['Encrypt', 'RetireGrant'], { RetiringPrincipal: OTHER_ROLE }));
    const stranger = kms.as(THIRD_ROLE);
    await expectError(stranger.retireGrant({ GrantToken }), 'AccessDeniedException');
    await expectError(stranger.retireGrant({ KeyId: key.KeyId, GrantId }), 'AccessDeniedException');
    await expectError(kms.as(SERVICE).retireGrant({ GrantToken }), 'AccessDeniedException');
    expect(await grantCount(kms, key.KeyId)).toBe(1);
  });

  it('RetireGrant works on a Disabled key and on a PendingDeletion key', async () => {
    const { kms, key, other } = await setup();
    const a = await kms.createGrant(grantTo(key.KeyId, ['Encrypt'], { RetiringPrincipal: OTHER_ROLE }));
    const b = await kms.createGrant(grantTo(other.KeyId, ['Encrypt'], { RetiringPrincipal: OTHER_ROLE }));
    await kms.disableKey({ KeyId: key.KeyId });
    await kms.scheduleKeyDeletion({ KeyId: other.KeyId, PendingWindowInDays: 7 });
    await kms.as(OTHER_ROLE).retireGrant({ GrantToken: a.GrantToken });
    await kms.as(OTHER_ROLE).retireGrant({ KeyId: other.KeyId, GrantId: b.GrantId });
    expect(await grantCount(kms, key.KeyId)).toBe(0);
    expect(await grantCount(kms, other.KeyId)).toBe(0);
  });

  it('RevokeGrant needs kms:RevokeGrant: the root may, a role without policy gets AccessDeniedException', async () => {
    const { kms, key, role } = await setup();
    const { GrantId } = await kms.createGrant(grantTo(key.KeyId, ['Encrypt', 'RetireGrant']));
    // Even the grantee may not revoke without kms:RevokeGrant.
    await expectError(role.revokeGrant({ KeyId: key.KeyId, GrantId }), 'AccessDeniedException');
    await expectError(kms.as(OTHER_ROLE).revokeGrant({ KeyId: key.KeyId, GrantId }), 'AccessDeniedException');
    expect(await grantCount(kms, key.KeyId)).toBe(1);
    await kms.revokeGrant({ KeyId: key.KeyId, GrantId });
    expect(await grantCount(kms, key.KeyId)).toBe(0);
  });

  it('after RetireGrant or RevokeGrant the grantee is refused at once', async () => {
    const { kms, key, role } = await setup();
    const retired = await kms.createGrant(grantTo(key.KeyId, ['Encrypt']));
    await role.encrypt({ KeyId: key.KeyId, Plaintext: DATA });
    await kms.retireGrant({ GrantToken: retired.GrantToken });
    await expectError(role.encrypt({ KeyId: key.KeyId, Plaintext: DATA }), 'AccessDeniedException');

    const revoked = await kms.createGrant(grantTo(key.KeyId, ['Encrypt']));
    await role.encrypt({ KeyId: key.KeyId, Plaintext: DATA });
    await kms.revokeGrant({ KeyId: key.KeyId, GrantId: revoked.GrantId });
    await expectError(role.encrypt({ KeyId: key.KeyId, Plaintext: DATA }), 'AccessDeniedException');
  });
});

describe('CreateGrant rules', () => {
  it('CreateGrant on a Disabled key gives DisabledException', async () => {
    const { kms, key } = await setup();
    await kms.disableKey({ KeyId: key.KeyId });
    await expectError(kms.createGrant(grantTo(key.KeyId, ['Encrypt'])), 'DisabledException', `${key.Arn} is disabled.`);
    expect(await grantCount(kms, key.KeyId)).toBe(0);
  });

  it('CreateGrant on a PendingDeletion key gives KMSInvalidStateException', async () => {
    const { kms, key } = await setup();
    await kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 });
    await expectError(kms.createGrant(grantTo(key.KeyId, ['Encrypt'])), 'KMSInvalidStateException');
    expect(await grantCount(kms, key.KeyId)).toBe(0);
  });

  it('CreateGrant with an alias KeyId gives InvalidArnException "Key Aliases are not supported for this operation"', async () => {
    const { kms, key } = await setup();
    await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: key.KeyId });
    await expectError(kms.createGrant(grantTo('alias/orders', ['Encrypt'])), 'InvalidArnException', 'Key Aliases are not supported for this operation');
    await expectError(
      kms.createGrant(grantTo(`arn:aws:kms:us-east-1:${ACCOUNT}:alias/orders`, ['Encrypt'])),
      'InvalidArnException',
      'Key Aliases are not supported for this operation',
    );
    expect(await grantCount(kms, key.KeyId)).toBe(0);
  });
});

describe('delegation through a grant that includes CreateGrant', () => {
  it('a grantee holding an unconstrained CreateGrant grant may delegate a subset of its operations', async () => {
    const { kms, key, role } = await setup();
    await kms.createGrant(grantTo(key.KeyId, ['Encrypt', 'Decrypt', 'CreateGrant']));
    await role.createGrant({ KeyId: key.KeyId, GranteePrincipal: OTHER_ROLE, Operations: ['Decrypt'] });
    const { Grants } = await kms.listGrants({ KeyId: key.KeyId, GranteePrincipal: OTHER_ROLE });
    expect(Grants.map((g) => g.Operations)).toEqual([['Decrypt']]);
  });

  it('a grantee holding a constrained CreateGrant grant may delegate a subset of operations with an equal or stricter constraint', async () => {
    const { kms, key, role } = await setup();
    await kms.createGrant(grantTo(key.KeyId, ['Encrypt', 'Decrypt', 'CreateGrant'], { Constraints: { EncryptionContextSubset: { tenant: 'acme' } } }));
    // Equal constraint.
    await role.createGrant({
      KeyId: key.KeyId,
      GranteePrincipal: OTHER_ROLE,
      Operations: ['Decrypt'],
      Constraints: { EncryptionContextSubset: { tenant: 'acme' } },
    });
    // Stricter: more pairs, and Equals instead of Subset.
    await role.createGrant({
      KeyId: key.KeyId,
      GranteePrincipal: THIRD_ROLE,
      Operations: ['Encrypt'],
      Constraints: { EncryptionContextEquals: { tenant: 'acme', table: 'orders' } },
    });
    expect(await grantCount(kms, key.KeyId)).toBe(3);
    await kms.as(OTHER_ROLE).encrypt({ KeyId: key.KeyId, Plaintext: DATA, EncryptionContext: { tenant: 'acme' } }).then(
      () => expect.unreachable('OTHER_ROLE was granted Decrypt only'),
      (e: Error) => expect(e.name).toBe('AccessDeniedException'),
    );
    await kms.as(THIRD_ROLE).encrypt({ KeyId: key.KeyId, Plaintext: DATA, EncryptionContext: { table: 'orders', tenant: 'acme' } });
  });

  it('a grantee cannot delegate an operation it was not granted, and nothing is created', async () => {
    const { kms, key, role } = await setup();
    await kms.createGrant(grantTo(key.KeyId, ['Decrypt', 'CreateGrant']));
    const error = await caught(role.createGrant({ KeyId: key.KeyId, GranteePrincipal: OTHER_ROLE, Operations: ['Decrypt', 'Encrypt'] }));
    expect(error.name).toMatch(/ValidationException|AccessDeniedException/);
    expect(await grantCount(kms, key.KeyId)).toBe(1);
    // The refusal was the widening: the same grantee may delegate what it holds.
    await role.createGrant({ KeyId: key.KeyId, GranteePrincipal: OTHER_ROLE, Operations: ['Decrypt'] });
    expect(await grantCount(kms, key.KeyId)).toBe(2);
  });

  it('a grantee cannot delegate with a looser constraint than its own, and nothing is created', async () => {
    const { kms, key, role } = await setup();
    await kms.createGrant(grantTo(key.KeyId, ['Decrypt', 'CreateGrant'], { Constraints: { EncryptionContextSubset: { tenant: 'acme' } } }));
    const loose: (GrantConstraints | undefined)[] = [
      undefined,
      { EncryptionContextSubset: { table: 'orders' } },
      { EncryptionContextSubset: { tenant: 'other' } },
      { EncryptionContextEquals: { table: 'orders' } },
    ];
    for (const Constraints of loose) {
      const error = await caught(
        role.createGrant({ KeyId: key.KeyId, GranteePrincipal: OTHER_ROLE, Operations: ['Decrypt'], ...(Constraints ? { Constraints } : {}) }),
      );
      // The refusal must come from the delegation rule, not from a missing permission.
      expect(error.name).toBe('ValidationException');
    }
    expect(await grantCount(kms, key.KeyId)).toBe(1);
  });
});
