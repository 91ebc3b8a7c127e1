/**
 * @module test/keys/retire-grants
 * Retiring a table's grants (seed 001 "Clés gérées par le client": each table on a
 * customer-managed key holds grants, retired when the table is deleted; DESIGN.md "Lifecycle of
 * an inaccessible key"): the service, as the grants' retiring principal, retires them; grants
 * already gone are skipped.
 */
import { describe, expect, it } from 'vitest';
import { ORDERS, USERS, byService, closeAfterEach, setup, trail } from './_helpers.js';

closeAfterEach();

describe('retireGrants', () => {
  it('removes the grant (ListGrants), as the service; a second call is harmless', async () => {
    const { kms, keys, cmk } = await setup();
    const record = await keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: cmk.KeyId });
    expect((await kms.listGrants({ KeyId: cmk.KeyId })).Grants).toHaveLength(1);
    await keys.retireGrants(record);
    expect((await kms.listGrants({ KeyId: cmk.KeyId })).Grants).toEqual([]);
    const retired = await trail(kms, 'RetireGrant');
    expect(retired).toHaveLength(1);
    expect(byService(retired[0]!)).toBe(true);
    await keys.retireGrants(record);
    expect((await kms.listGrants({ KeyId: cmk.KeyId })).Grants).toEqual([]);
  });

  it('retires only this record\'s grants: another table on the same key keeps its own', async () => {
    const { kms, keys, cmk } = await setup();
    const orders = await keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: cmk.KeyId });
    const users = await keys.createTableKey(USERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: cmk.KeyId });
    await keys.retireGrants(orders);
    const { Grants } = await kms.listGrants({ KeyId: cmk.KeyId });
    expect(Grants.map((g) => g.GrantId)).toEqual(users.grantIds);
  });

  it('a grant already revoked by the customer is skipped', async () => {
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
