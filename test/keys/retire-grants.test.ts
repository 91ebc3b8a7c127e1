/**
 * @module test/keys/retire-grants
 * Retiring a table's grants (seed 001 "Clés gérées par le client": each table on a
 * customer-managed key holds two grants, the table-operations grant and the backup grant;
 * DESIGN.md "Lifecycle of an inaccessible key"): the service, as the grants' retiring principal,
 * retires both ('all', the default), or only the table grant ('table', at DROP TABLE) or only the
 * backup grant ('backup', 42 days later); grants already gone are skipped.
 */
import { describe, expect, it } from 'vitest';
import { ORDERS, USERS, byService, closeAfterEach, setup, trail } from './_helpers.js';

closeAfterEach();

describe('retireGrants', () => {
  it('removes both grants of the table, table and backup (ListGrants), as the service; a second call is harmless', async () => {
    const { kms, keys, cmk } = await setup();
    const record = await keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: cmk.KeyId });
    expect((await kms.listGrants({ KeyId: cmk.KeyId })).Grants).toHaveLength(2);
    await keys.retireGrants(record);
    expect((await kms.listGrants({ KeyId: cmk.KeyId })).Grants).toEqual([]);
    const retired = await trail(kms, 'RetireGrant');
    expect(retired).toHaveLength(2);
    expect(retired.every(byService)).toBe(true);
    await keys.retireGrants(record);
    expect((await kms.listGrants({ KeyId: cmk.KeyId })).Grants).toEqual([]);
  });

  it('retires only this record\'s grants: another table on the same key keeps its own', async () => {
    const { kms, keys, cmk } = await setup();
    const orders = await keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: cmk.KeyId });
    const users = await keys.createTableKey(USERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: cmk.KeyId });
    await keys.retireGrants(orders);
    const { Grants } = await kms.listGrants({ KeyId: cmk.KeyId });
    expect(Grants.map((g) => g.GrantId).sort()).toEqual([...users.grantIds, ...users.backupGrantIds!].sort());
    expect(Grants).toHaveLength(2);
  });

  it("'table' retires only the table-operations grant (DROP TABLE); 'backup' then retires the backup grant", async () => {
    const { kms, keys, cmk } = await setup();
    const record = await keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: cmk.KeyId });
    await keys.retireGrants(record, 'table');
    expect((await kms.listGrants({ KeyId: cmk.KeyId })).Grants.map((g) => g.GrantId)).toEqual(record.backupGrantIds);
    await keys.retireGrants(record, 'backup');
    expect((await kms.listGrants({ KeyId: cmk.KeyId })).Grants).toEqual([]);
  });

  it("'backup' retires only the backup grant; the table grant stays", async () => {
    const { kms, keys, cmk } = await setup();
    const record = await keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: cmk.KeyId });
    await keys.retireGrants(record, 'backup');
    expect((await kms.listGrants({ KeyId: cmk.KeyId })).Grants.map((g) => g.GrantId)).toEqual(record.grantIds);
  });

  it('a grant already revoked by the customer is skipped (the other one is still retired)', async () => {
    const { kms, keys, cmk } = await setup();
    const record = await keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: cmk.KeyId });
    await kms.revokeGrant({ KeyId: cmk.KeyId, GrantId: record.grantIds[0]! });
    await keys.retireGrants(record);
    expect((await kms.listGrants({ KeyId: cmk.KeyId })).Grants).toEqual([]);
  });

  it('works while the key is disabled (RetireGrant is allowed in every key state)', async () => {
    const { kms, keys, cmk } = await setup();
    const record = await keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: cmk.KeyId });
    await kms.disableKey({ KeyId: cmk.KeyId });
    await keys.retireGrants(record);
    expect((await kms.listGrants({ KeyId: cmk.KeyId })).Grants).toEqual([]);
  });

  it('a record on the AWS-owned key has no grant: nothing to do, no KMS call', async () => {
    const { kms, keys } = await setup();
    const record = await keys.createTableKey(ORDERS, { type: 'AWS_OWNED_KMS_KEY' });
    const before = (await trail(kms)).length;
    await keys.retireGrants(record);
    expect(await trail(kms)).toHaveLength(before);
  });

  it('does not touch the cache: the table key stays usable until it idles out', async () => {
    const { keys, cmk } = await setup();
    const record = await keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: cmk.KeyId });
    const entry = await keys.entry(ORDERS, record);
    await keys.retireGrants(record);
    expect(await keys.entry(ORDERS, record)).toBe(entry);
  });
});
