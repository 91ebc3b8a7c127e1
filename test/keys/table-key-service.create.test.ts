/**
 * @module test/keys/table-key-service.create
 * Creating a table key (seed 001 "Clé de table", "Clés détenues par AWS", "Clés gérées par le
 * client"; DESIGN.md "The key hierarchy"): under the service's AWS-owned key, invisibly to the
 * customer; under a customer-managed key named any of four ways, with two grants to the service
 * (table operations; automatic backups) and one GenerateDataKey by the service; and the failures,
 * which leave no grant behind.
 */
import { describe, expect, it } from 'vitest';
import { AWS_OWNED_TABLE_KEY_NAME, ENCRYPTION_CONTEXT_KEYS, SERVICE_GRANT_OPERATIONS, TableKeyService } from '../../src/keys/index.js';
import { ManualClock } from '../../src/clock/index.js';
import { ACCOUNT, ORDERS, REGION, ROOT, SERVICE, VIA_SERVICE, byService, closeAfterEach, countingKms, expectError, setup, trail } from './_helpers.js';

closeAfterEach();

const CONTEXT = {
  'aws:cassandra:keyspaceName': 'shop',
  'aws:cassandra:tableName': 'orders',
  'sealtable:table-id': ORDERS.tableId,
  'sealtable:key-version': '1',
};

describe('under the AWS-owned key', () => {
  it('leaves no customer-visible KMS event at all, and the record names a key in account 000000000000', async () => {
    const { kms, keys } = await setup();
    const before = (await trail(kms)).length; // the fixture's CreateKey
    const record = await keys.createTableKey(ORDERS, { type: 'AWS_OWNED_KMS_KEY' });
    expect(await trail(kms)).toHaveLength(before);
    expect(record.encryptionType).toBe('AWS_OWNED_KMS_KEY');
    expect(record.kmsKeyArn).toMatch(new RegExp(`^arn:aws:kms:${REGION}:000000000000:key/[0-9a-f-]{36}$`));
    expect(record.grantIds).toEqual([]);
    expect(record.backupGrantIds ?? []).toEqual([]);
    expect(record.version).toBe(1);
    expect(record.encryptionContext).toEqual(CONTEXT);
    expect(record.createdAt).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(Buffer.from(record.ciphertextBlob, 'base64').length).toBeGreaterThan(32);
  });

  it('is not a key of the customer: ListKeys does not show it', async () => {
    const { kms, keys, cmk } = await setup();
    const record = await keys.createTableKey(ORDERS, { type: 'AWS_OWNED_KMS_KEY' });
    const { Keys } = await kms.listKeys();
    expect(Keys.map((k) => k.KeyArn)).toEqual([cmk.Arn]);
    expect(record.kmsKeyArn).not.toBe(cmk.Arn);
  });

  it('every table uses the one key the service owns under the name sealtable-tables', async () => {
    const { kms, keys } = await setup();
    const a = await keys.createTableKey(ORDERS, { type: 'AWS_OWNED_KMS_KEY' });
    const b = await keys.createTableKey({ keyspace: 'shop', table: 'users', tableId: 'u-1' }, { type: 'AWS_OWNED_KMS_KEY' });
    const owned = await kms.as(SERVICE).getAwsOwnedKey({ Name: AWS_OWNED_TABLE_KEY_NAME });
    expect(a.kmsKeyArn).toBe(owned.KeyMetadata.Arn);
    expect(b.kmsKeyArn).toBe(owned.KeyMetadata.Arn);
    expect(a.ciphertextBlob).not.toBe(b.ciphertextBlob);
  });

  it('makes the table key with one GenerateDataKey by the service and caches its plaintext (no Decrypt)', async () => {
    const { kms: real, clock } = await setup();
    const { kms, calls } = countingKms(real);
    const keys = new TableKeyService({ kms, clock });
    try {
      const record = await keys.createTableKey(ORDERS, { type: 'AWS_OWNED_KMS_KEY' });
      await keys.entry(ORDERS, record);
      expect(Object.fromEntries(calls)).toEqual({ [`${SERVICE}:getAwsOwnedKey`]: 1, [`${SERVICE}:generateDataKey`]: 1 });
    } finally {
      keys.close();
    }
  });
});

describe('under a customer-managed key', () => {
  const names = [
    ['key id', (k: { KeyId: string }) => k.KeyId],
    ['key ARN', (k: { Arn: string }) => k.Arn],
    ['alias name', () => 'alias/tables'],
    ['alias ARN', () => `arn:aws:kms:${REGION}:${ACCOUNT}:alias/tables`],
  ] as const;

  for (const [how, name] of names) {
    it(`named by its ${how}: two CreateGrants by the caller (table operations, backups) and one GenerateDataKey by the service, with the table's context`, async () => {
      const { kms, keys, cmk } = await setup();
      await kms.createAlias({ AliasName: 'alias/tables', TargetKeyId: cmk.KeyId });
      const record = await keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: name(cmk) });
      expect(record).toMatchObject({ version: 1, encryptionType: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyArn: cmk.Arn, encryptionContext: CONTEXT });
      expect(record.grantIds).toHaveLength(1);
      expect(record.backupGrantIds).toHaveLength(1);
      expect(record.backupGrantIds![0]).not.toBe(record.grantIds[0]);

      const grants = await trail(kms, 'CreateGrant');
      expect(grants).toHaveLength(2);
      expect(grants.map((g) => g.userIdentity.arn)).toEqual([ROOT, ROOT]);
      const made = await trail(kms, 'GenerateDataKey');
      expect(made).toHaveLength(1);
      expect(byService(made[0]!)).toBe(true);
      expect(made[0]!.requestParameters).toMatchObject({ keySpec: 'AES_256', encryptionContext: CONTEXT });
      expect(made[0]!.sourceIPAddress).toBe(SERVICE);
      expect(await trail(kms, 'Decrypt')).toHaveLength(0);
    });
  }

  it('the table holds two grants: the table grant gives the service the eight operations, the backup grant gives its backup jobs (backup.<service>) Decrypt, DescribeKey and RetireGrant; both for the table id only, both retirable by the service', async () => {
    const { kms, keys, cmk } = await setup();
    const record = await keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: cmk.KeyId });
    const { Grants } = await kms.listGrants({ KeyId: cmk.KeyId });
    expect(Grants).toHaveLength(2);
    const grant = Grants.find((g) => g.GrantId === record.grantIds[0])!;
    const backup = Grants.find((g) => g.GrantId === record.backupGrantIds?.[0])!;
    expect(grant).toBeDefined();
    expect(backup).toBeDefined();
    expect([...grant.Operations].sort()).toEqual([...SERVICE_GRANT_OPERATIONS].sort());
    expect([...backup.Operations].sort()).toEqual(['Decrypt', 'DescribeKey', 'RetireGrant']);
    expect(grant.GranteePrincipal).toBe(SERVICE);
    expect(backup.GranteePrincipal).toBe(`backup.${SERVICE}`);
    for (const g of [grant, backup]) {
      expect(g.RetiringPrincipal).toBe(SERVICE);
      expect(g.Constraints).toEqual({ EncryptionContextSubset: { [ENCRYPTION_CONTEXT_KEYS.tableId]: ORDERS.tableId } });
      expect(g.Name).toMatch(/^[a-zA-Z0-9:/_-]+$/);
    }
    expect(grant.Name).toBe(`sealtable_${ORDERS.tableId}_v1`);
    expect(backup.Name).toBe(`sealtable_${ORDERS.tableId}_v1_backup`);
  });

  it('the service calls through kms:ViaService cassandra.<region>.amazonaws.com (a policy that requires it allows them)', async () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'root', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' },
        {
          Sid: 'the service only through Keyspaces in us-east-1',
          Effect: 'Deny',
          Principal: { Service: SERVICE },
          Action: 'kms:*',
          Resource: '*',
          Condition: { StringNotEquals: { 'kms:ViaService': VIA_SERVICE } },
        },
      ],
    });
    const { kms, keys, cmk } = await setup({ cmk: { Policy: policy } });
    const record = await keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: cmk.KeyId });
    keys.evict(ORDERS.tableId);
    await keys.entry(ORDERS, record);
    // The same service without the ViaService is refused by that policy, grant or not…
    await expectError(kms.as(SERVICE).decrypt({ CiphertextBlob: Buffer.from(record.ciphertextBlob, 'base64'), EncryptionContext: record.encryptionContext }), 'AccessDeniedException');
    // …and retiring goes through it too.
    await keys.retireGrants(record);
    expect((await kms.listGrants({ KeyId: cmk.KeyId })).Grants).toEqual([]);
  });

  it('the grant does not let the service decrypt another table\'s key (its constraint is the table id)', async () => {
    const { kms, keys, cmk } = await setup();
    await keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: cmk.KeyId });
    const service = kms.as(SERVICE, { viaService: VIA_SERVICE });
    await expectError(service.generateDataKey({ KeyId: cmk.Arn, KeySpec: 'AES_256', EncryptionContext: { ...CONTEXT, 'sealtable:table-id': 'another' } }), 'AccessDeniedException');
  });

  it('a later key version makes a new table key with its own two grants and version in the context', async () => {
    const { kms, keys, cmk } = await setup();
    const v1 = await keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: cmk.KeyId });
    const v2 = await keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: cmk.KeyId }, 2);
    expect(v2.version).toBe(2);
    expect(v2.encryptionContext[ENCRYPTION_CONTEXT_KEYS.keyVersion]).toBe('2');
    expect(v2.grantIds[0]).not.toBe(v1.grantIds[0]);
    expect(v2.backupGrantIds![0]).not.toBe(v1.backupGrantIds![0]);
    const ids = (await kms.listGrants({ KeyId: cmk.KeyId })).Grants.map((g) => g.GrantId).sort();
    expect(ids).toEqual([...v1.grantIds, ...v1.backupGrantIds!, ...v2.grantIds, ...v2.backupGrantIds!].sort());
    expect(new Set(ids).size).toBe(4);
    expect(keys.size).toBe(2);
  });

  it('the record is JSON: it round-trips through JSON.stringify and works after it', async () => {
    const { keys, cmk } = await setup();
    const record = await keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: cmk.KeyId });
    const copy = JSON.parse(JSON.stringify(record)) as typeof record;
    expect(copy).toEqual(record);
    keys.evict(ORDERS.tableId);
    const entry = await keys.entry(ORDERS, copy);
    expect(entry.isZeroized).toBe(false);
  });
});

describe('failures leave nothing half-made', () => {
  async function expectNoGrant(kms: Awaited<ReturnType<typeof setup>>['kms'], keyId: string): Promise<void> {
    expect((await kms.listGrants({ KeyId: keyId })).Grants).toEqual([]);
  }

  it('a disabled key: DisabledException, no grant', async () => {
    const { kms, keys, cmk } = await setup();
    await kms.disableKey({ KeyId: cmk.KeyId });
    await expectError(keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: cmk.KeyId }), 'DisabledException');
    await expectNoGrant(kms, cmk.KeyId);
    expect(keys.size).toBe(0);
  });

  it('a key pending deletion: KMSInvalidStateException, no grant', async () => {
    const { kms, keys, cmk } = await setup();
    await kms.scheduleKeyDeletion({ KeyId: cmk.KeyId, PendingWindowInDays: 7 });
    await expectError(keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: cmk.KeyId }), 'KMSInvalidStateException');
    await expectNoGrant(kms, cmk.KeyId);
  });

  it('a key that does not exist: NotFoundException', async () => {
    const { kms, keys, cmk } = await setup();
    await expectError(keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: '00000000-0000-4000-8000-000000000000' }), 'NotFoundException');
    await expectError(keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: 'alias/none' }), 'NotFoundException');
    await expectNoGrant(kms, cmk.KeyId);
  });

  it('GenerateDataKey refused after the two grants were made: the KMS error as is, and both grants are retired', async () => {
    // The key policy denies the service GenerateDataKey: CreateGrant (by the root) succeeds, the service's call fails.
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'root', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' },
        { Sid: 'no data keys for the service', Effect: 'Deny', Principal: { Service: SERVICE }, Action: 'kms:GenerateDataKey', Resource: '*' },
      ],
    });
    const { kms, keys, cmk } = await setup({ cmk: { Policy: policy } });
    await expectError(keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: cmk.KeyId }), 'AccessDeniedException');
    expect(await trail(kms, 'CreateGrant')).toHaveLength(2);
    expect((await trail(kms, 'RetireGrant')).filter(byService)).toHaveLength(2);
    await expectNoGrant(kms, cmk.KeyId);
    expect(keys.size).toBe(0);
  });

  it('the caller may not create grants: AccessDeniedException, no grant', async () => {
    const { kms, clock, cmk } = await setup();
    const role = 'arn:aws:iam::111122223333:role/TableAdmin';
    await kms.setIdentityPolicy({ Principal: role, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:DescribeKey', Resource: '*' }] }) });
    const keys = new TableKeyService({ kms: kms.as(role), clock });
    try {
      await expectError(keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: cmk.KeyId }), 'AccessDeniedException');
      await expectNoGrant(kms, cmk.KeyId);
    } finally {
      keys.close();
    }
  });
});

describe('preconditions', () => {
  it('a customer-managed specification names its KMS key', async () => {
    const { keys } = await setup();
    await expectError(keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY' }), 'ValidationException');
  });

  it('an AWS-owned specification names no KMS key', async () => {
    const { keys, cmk } = await setup();
    await expectError(keys.createTableKey(ORDERS, { type: 'AWS_OWNED_KMS_KEY', kmsKeyIdentifier: cmk.KeyId }), 'ValidationException');
  });

  it('a customer-managed table key is under a customer-managed key (alias/aws/cassandra is refused)', async () => {
    const { kms, keys } = await setup();
    await expectError(keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: 'alias/aws/cassandra' }), 'ValidationException');
    expect(await trail(kms, 'CreateGrant')).toHaveLength(0);
  });

  it('the KMS key is a symmetric encryption key (an HMAC key is refused)', async () => {
    const { kms, keys } = await setup();
    const hmac = (await kms.createKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })).KeyMetadata;
    await expectError(keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: hmac.KeyId }), 'ValidationException');
  });

  it('the encryption type is AWS_OWNED_KMS_KEY or CUSTOMER_MANAGED_KMS_KEY', async () => {
    const { keys } = await setup();
    await expectError(keys.createTableKey(ORDERS, { type: 'AWS_MANAGED_KMS_KEY' as never }), 'RangeError');
  });

  it('the table-key version is a positive integer', async () => {
    const { keys } = await setup();
    await expectError(keys.createTableKey(ORDERS, { type: 'AWS_OWNED_KMS_KEY' }, 0), 'RangeError');
    await expectError(keys.createTableKey(ORDERS, { type: 'AWS_OWNED_KMS_KEY' }, 1.5), 'RangeError');
    await expectError(keys.createTableKey(ORDERS, { type: 'AWS_OWNED_KMS_KEY' }, '2' as never), 'TypeError');
  });

  it('a table has a keyspace name, a table name and an id', async () => {
    const { keys } = await setup();
    await expectError(keys.createTableKey({ ...ORDERS, tableId: '' }, { type: 'AWS_OWNED_KMS_KEY' }), 'RangeError');
    await expectError(keys.createTableKey({ ...ORDERS, keyspace: 3 as never }, { type: 'AWS_OWNED_KMS_KEY' }), 'TypeError');
  });

  it('the service principal is a service principal name, `<name>.amazonaws.com`', () => {
    const clock = new ManualClock();
    const kms = { as() {}, getAwsOwnedKey() {}, describeKey() {}, createGrant() {}, generateDataKey() {}, decrypt() {}, retireGrant() {}, revokeGrant() {} } as never;
    expect(() => new TableKeyService({ kms, clock, servicePrincipal: 'arn:aws:iam::111122223333:root' })).toThrow(RangeError);
    expect(() => new TableKeyService({ kms, clock, idleMs: 0 })).toThrow(RangeError);
    expect(() => new TableKeyService({ kms, clock, maxEntries: -1 })).toThrow(RangeError);
    expect(() => new TableKeyService({ kms: {} as never, clock })).toThrow(TypeError);
    new TableKeyService({ kms, clock }).close();
  });

  it('after close, createTableKey and entry throw and no KMS call is made', async () => {
    const { kms, keys } = await setup();
    const record = await keys.createTableKey(ORDERS, { type: 'AWS_OWNED_KMS_KEY' });
    keys.close();
    await expect(keys.createTableKey(ORDERS, { type: 'AWS_OWNED_KMS_KEY' }, 2)).rejects.toThrow(/closed/);
    await expect(keys.entry(ORDERS, record)).rejects.toThrow(/closed/);
    expect(await trail(kms, 'GenerateDataKey')).toHaveLength(0);
  });
});
