/**
 * @module test/keys/key-access
 * Losing access to a customer-managed key (seed 001 "Mise en cache des clés de table": the
 * Decrypt after five idle minutes captures changes to the key's access since the last one;
 * "Clés gérées par le client": a disabled key or one scheduled for deletion stops reads and
 * writes). A cached table key keeps working until it has been idle for 5 minutes, as running
 * tasks keep running; the next use then fails with the KMS error, name preserved.
 */
import { describe, expect, it } from 'vitest';
import { IDLE, MINUTE, ORDERS, closeAfterEach, expectError, serviceDecrypts, setup, trail, type Fixture } from './_helpers.js';

closeAfterEach();

async function cmkTable(f: Fixture) {
  return f.keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: f.cmk.KeyId });
}

describe('a disabled key', () => {
  it('a cached table key still works; after the idle period the next entry() fails with DisabledException', async () => {
    const f = await setup();
    const record = await cmkTable(f);
    const entry = await f.keys.entry(ORDERS, record);
    await f.kms.disableKey({ KeyId: f.cmk.KeyId });
    for (let i = 0; i < 4; i++) {
      await f.clock.advance(MINUTE);
      expect(await f.keys.entry(ORDERS, record)).toBe(entry);
    }
    await f.clock.advance(IDLE + 1);
    expect(entry.isZeroized).toBe(true);
    await expectError(f.keys.entry(ORDERS, record), 'DisabledException');
    const failed = (await trail(f.kms, 'Decrypt')).at(-1)!;
    expect(failed.errorCode).toBe('DisabledException');
  });

  it('enabled again, the next entry() works without anything else to do', async () => {
    const f = await setup();
    const record = await cmkTable(f);
    await f.kms.disableKey({ KeyId: f.cmk.KeyId });
    await f.clock.advance(IDLE + 1);
    await expectError(f.keys.entry(ORDERS, record), 'DisabledException');
    await f.kms.enableKey({ KeyId: f.cmk.KeyId });
    const entry = await f.keys.entry(ORDERS, record);
    expect(entry.isZeroized).toBe(false);
    expect(await serviceDecrypts(f.kms)).toBe(2);
  });
});

describe('revoked grants', () => {
  it('both grants of the table revoked (table and backup): a cached table key still works; after the idle period the next entry() fails with AccessDeniedException', async () => {
    const f = await setup();
    const record = await cmkTable(f);
    const entry = await f.keys.entry(ORDERS, record);
    await f.kms.revokeGrant({ KeyId: f.cmk.KeyId, GrantId: record.grantIds[0]! });
    await f.kms.revokeGrant({ KeyId: f.cmk.KeyId, GrantId: record.backupGrantIds![0]! });
    await f.clock.advance(4 * MINUTE);
    expect(await f.keys.entry(ORDERS, record)).toBe(entry);
    await f.clock.advance(IDLE + 1);
    await expectError(f.keys.entry(ORDERS, record), 'AccessDeniedException');
  });

  it('retired grants too (both, as at a key change): AccessDeniedException at the next Decrypt', async () => {
    const f = await setup();
    const record = await cmkTable(f);
    await f.keys.retireGrants(record);
    f.keys.evict(ORDERS.tableId);
    await expectError(f.keys.entry(ORDERS, record), 'AccessDeniedException');
  });
});

describe('a key scheduled for deletion', () => {
  it('after the idle period the next entry() fails with KMSInvalidStateException; cancelled and enabled, it works again', async () => {
    const f = await setup();
    const record = await cmkTable(f);
    await f.kms.scheduleKeyDeletion({ KeyId: f.cmk.KeyId, PendingWindowInDays: 7 });
    await f.keys.entry(ORDERS, record);
    await f.clock.advance(IDLE + 1);
    await expectError(f.keys.entry(ORDERS, record), 'KMSInvalidStateException');
    await f.kms.cancelKeyDeletion({ KeyId: f.cmk.KeyId });
    await f.kms.enableKey({ KeyId: f.cmk.KeyId });
    expect((await f.keys.entry(ORDERS, record)).isZeroized).toBe(false);
  });

  it('once deleted, entry() fails with NotFoundException, and retireGrants is harmless', async () => {
    const f = await setup();
    const record = await cmkTable(f);
    await f.kms.scheduleKeyDeletion({ KeyId: f.cmk.KeyId, PendingWindowInDays: 7 });
    await f.clock.advance(7 * 86_400_000 + 1);
    await expectError(f.keys.entry(ORDERS, record), 'NotFoundException');
    await f.keys.retireGrants(record);
  });
});

describe('a changed key policy', () => {
  it('an explicit deny for the service is noticed at the next Decrypt after the idle period', async () => {
    const f = await setup();
    const record = await cmkTable(f);
    const policy = JSON.parse((await f.kms.getKeyPolicy({ KeyId: f.cmk.KeyId })).Policy) as { Statement: unknown[] };
    policy.Statement.push({ Sid: 'deny the service', Effect: 'Deny', Principal: { Service: 'cassandra.amazonaws.com' }, Action: 'kms:Decrypt', Resource: '*' });
    await f.kms.putKeyPolicy({ KeyId: f.cmk.KeyId, Policy: JSON.stringify(policy) });
    await f.keys.entry(ORDERS, record);
    await f.clock.advance(IDLE + 1);
    await expectError(f.keys.entry(ORDERS, record), 'AccessDeniedException');
  });
});
