/**
 * @module test/table/store-key-change
 * Changing a table's KMS key (issue 5 "Key change"; DESIGN.md "Key change"; seed 001 «Vous
 * pouvez modifier la clé KMS d'une table à tout moment … ne nécessite pas de temps d'arrêt»,
 * «sans avoir à rechiffrer les données», «Amazon Keyspaces génère une nouvelle clé de table»):
 * between the AWS-owned key and customer-managed keys, any number of times, through ALTER TABLE
 * and the typed API, with reads and writes going on; a new table key under the new KMS key;
 * every DEK rewrapped; the previous table key wrapped by the new one; one batch; no data block
 * rewritten; a refused change changes nothing.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Fixture } from './_store-helpers.js';
import { cleanUpAfterEach, expectError, KS, openStore } from './_store-helpers.js';
import { classifyKey, openRawDb } from '../storage/_store-dir.js';

cleanUpAfterEach();

const CMK = (arn: string): string => `{'encryption_specification': {'encryption_type': 'CUSTOMER_MANAGED_KMS_KEY', 'kms_key_identifier': '${arn}'}}`;
const OWNED = `{'encryption_specification': {'encryption_type': 'AWS_OWNED_KMS_KEY'}}`;

async function withRows(f: Fixture, n = 60): Promise<void> {
  await f.store.execute('CREATE TABLE ks.t (k int, c int, v text, PRIMARY KEY ((k), c))');
  const ins = await f.store.prepare('INSERT INTO ks.t (k, c, v) VALUES (?, ?, ?)');
  for (let i = 0; i < n; i++) {
    await f.store.execute(ins, [i % 6, i, `value-${i}-${'x'.repeat(40)}`]);
    if (i % 20 === 19) await f.store.flush(KS, 't');
  }
}

async function rows(f: Fixture): Promise<string[]> {
  const { rows } = await f.store.execute('SELECT k, c, v FROM ks.t');
  return rows.map((r) => `${String(r['k'])}/${String(r['c'])}/${String(r['v'])}`).sort();
}

/** SHA-256 of every stored value by role: data blocks, indexes and Bloom filters, log records; and of headers. */
async function storedParts(f: Fixture): Promise<{ data: Map<string, string>; headers: Map<string, string> }> {
  await f.store.close();
  const db = await openRawDb(f.dir);
  const data = new Map<string, string>();
  const headers = new Map<string, string>();
  try {
    for await (const [key, value] of db.iterator()) {
      const info = classifyKey(key);
      const h = createHash('sha256').update(value).digest('hex');
      const name = Buffer.from(key).toString('hex');
      if ((info.family === 'segment' && info.part !== 'header') || (info.family === 'log' && info.part === 'record')) data.set(name, h);
      else if (info.family === 'segment' || info.family === 'log') headers.set(name, h);
    }
  } finally {
    await db.close();
  }
  await f.reopen();
  return { data, headers };
}

describe('changing the KMS key of a table', () => {
  it('ALTER TABLE … WITH custom_properties switches from the AWS-owned key to a customer-managed key and back, and the rows read the same', async () => {
    const f = await openStore();
    await withRows(f);
    const before = await rows(f);
    const { KeyMetadata } = await f.kms.createKey({ Description: 't' });
    const r = await f.store.execute(`ALTER TABLE ks.t WITH custom_properties = ${CMK(KeyMetadata.Arn)}`);
    expect(r.schemaChange).toEqual({ change: 'UPDATED', target: 'TABLE', keyspace: 'ks', table: 't' });
    expect((await f.store.keyHierarchy(KS, 't')).kmsKeyArn).toBe(KeyMetadata.Arn);
    expect(await rows(f)).toEqual(before);
    await f.store.execute(`ALTER TABLE ks.t WITH custom_properties = ${OWNED}`);
    const h = await f.store.keyHierarchy(KS, 't');
    expect(h.encryptionType).toBe('AWS_OWNED_KMS_KEY');
    expect(h.tableKeys.map((k) => k.version)).toEqual([1, 2, 3]);
    expect(await rows(f)).toEqual(before);
    await f.reopen();
    expect(await rows(f)).toEqual(before);
  });

  it('the key can change any number of times, between customer-managed keys too, and system_schema_mcs.tables shows the current key', async () => {
    const f = await openStore();
    await withRows(f, 30);
    const before = await rows(f);
    const arns: string[] = [];
    for (let i = 0; i < 4; i++) arns.push((await f.kms.createKey({ Description: `k${i}` })).KeyMetadata.Arn);
    for (const arn of [...arns, arns[0]!]) {
      await f.store.execute(`ALTER TABLE ks.t WITH custom_properties = ${CMK(arn)}`);
      const { rows: t } = await f.store.execute(`SELECT custom_properties FROM system_schema_mcs.tables WHERE keyspace_name = 'ks' AND table_name = 't'`);
      const spec = (t[0]!['custom_properties'] as Map<string, Map<string, string>>).get('encryption_specification')!;
      expect(spec.get('kms_key_identifier')).toBe(arn);
    }
    expect(await rows(f)).toEqual(before);
    expect((await f.store.keyHierarchy(KS, 't')).tableKeys).toHaveLength(6);
  });

  it('no data block, index, Bloom filter or log record is rewritten: only the segment and log headers change', async () => {
    const f = await openStore();
    await withRows(f, 70);
    const { KeyMetadata } = await f.kms.createKey({});
    const before = await storedParts(f);
    await f.store.alterTable(KS, 't', { encryption: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: KeyMetadata.KeyId } });
    const after = await storedParts(f);
    expect(before.data.size).toBeGreaterThan(10);
    expect(after.data).toEqual(before.data);
    expect([...after.headers.keys()].sort()).toEqual([...before.headers.keys()].sort());
    for (const [k, h] of after.headers) expect(h, `header ${k} rewrapped`).not.toBe(before.headers.get(k));
  });

  it('every DEK is rewrapped under the new table key: each segment and log generation shows a new wrapped-DEK fingerprint, keeping its key version', async () => {
    const f = await openStore();
    await withRows(f, 50);
    const before = await f.store.keyHierarchy(KS, 't');
    await f.store.alterTable(KS, 't', { encryption: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: (await f.kms.createKey({})).KeyMetadata.Arn } });
    const after = await f.store.keyHierarchy(KS, 't');
    expect(after.segments.map((s) => s.id)).toEqual(before.segments.map((s) => s.id));
    for (const [i, s] of after.segments.entries()) {
      expect(s.wrappedDekFingerprint).not.toBe(before.segments[i]!.wrappedDekFingerprint);
      expect(s.keyVersion).toBe(before.segments[i]!.keyVersion);
    }
    expect(after.tableKeys.filter((k) => k.current).map((k) => k.version)).toEqual([2]);
  });

  it('the previous table key is kept wrapped by the new one: the catalog holds one chain link per change', async () => {
    const f = await openStore();
    await withRows(f, 10);
    const k1 = (await f.kms.createKey({})).KeyMetadata.Arn;
    await f.store.alterTable(KS, 't', { encryption: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: k1 } });
    await f.store.alterTable(KS, 't', { encryption: { type: 'AWS_OWNED_KMS_KEY' } });
    const chain = f.store.describeTable(KS, 't').chain!;
    expect(chain.map((c) => [c.version, c.wrappedBy])).toEqual([
      [1, 2],
      [2, 3],
    ]);
    for (const c of chain) expect(Buffer.from(c.wrapped, 'base64')).toHaveLength(61);
  });

  it('the change generates a new table key under the new KMS key (GenerateDataKey by the service), makes its two grants (table operations, backups) and retires both grants on the old customer-managed key', async () => {
    const f = await openStore();
    await withRows(f, 5);
    const id = f.store.describeTable(KS, 't').schema.id;
    const names = async (key: string) => (await f.kms.listGrants({ KeyId: key })).Grants.map((g) => g.Name).sort();
    const a = (await f.kms.createKey({})).KeyMetadata.Arn;
    const b = (await f.kms.createKey({})).KeyMetadata.Arn;
    await f.store.alterTable(KS, 't', { encryption: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: a } });
    expect(await names(a)).toEqual([`sealtable_${id}_v2`, `sealtable_${id}_v2_backup`]);
    await f.store.alterTable(KS, 't', { encryption: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: b } });
    expect(await names(a)).toEqual([]);
    expect(await names(b)).toEqual([`sealtable_${id}_v3`, `sealtable_${id}_v3_backup`]);
    const { Events } = await f.kms.lookupEvents({ EventName: 'GenerateDataKey', MaxResults: 50 });
    const onB = Events.filter((e) => e.CloudTrailEvent.includes(b) && e.CloudTrailEvent.includes('cassandra.amazonaws.com'));
    expect(onB).toHaveLength(1);
  });

  it('a change to a disabled key fails with DisabledException and changes nothing: same key, same rows, no grant left on the refused key', async () => {
    const f = await openStore();
    await withRows(f, 20);
    const before = await rows(f);
    const { KeyMetadata } = await f.kms.createKey({});
    await f.kms.disableKey({ KeyId: KeyMetadata.KeyId });
    await expectError(f.store.execute(`ALTER TABLE ks.t WITH custom_properties = ${CMK(KeyMetadata.Arn)}`), 'DisabledException');
    const h = await f.store.keyHierarchy(KS, 't');
    expect(h.encryptionType).toBe('AWS_OWNED_KMS_KEY');
    expect(h.tableKeys).toHaveLength(1);
    expect((await f.kms.listGrants({ KeyId: KeyMetadata.KeyId })).Grants).toHaveLength(0);
    expect(await rows(f)).toEqual(before);
  });

  it('a change to a key pending deletion fails with KMSInvalidStateException and changes nothing', async () => {
    const f = await openStore();
    await withRows(f, 5);
    const { KeyMetadata } = await f.kms.createKey({});
    await f.kms.scheduleKeyDeletion({ KeyId: KeyMetadata.KeyId, PendingWindowInDays: 7 });
    await expectError(f.store.alterTable(KS, 't', { encryption: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: KeyMetadata.Arn } }), 'KMSInvalidStateException');
    expect((await f.store.keyHierarchy(KS, 't')).tableKeys).toHaveLength(1);
  });

  it('reads and writes go on during and after the change, and writes made after it are read back after a reopen', async () => {
    const f = await openStore();
    await withRows(f, 40);
    const { KeyMetadata } = await f.kms.createKey({});
    const ins = await f.store.prepare('INSERT INTO ks.t (k, c, v) VALUES (?, ?, ?)');
    const change = f.store.alterTable(KS, 't', { encryption: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: KeyMetadata.Arn } });
    const during = Promise.all([f.store.execute(ins, [100, 1, 'during']), f.store.execute('SELECT * FROM ks.t WHERE k = 1')]);
    await Promise.all([change, during]);
    await f.store.execute(ins, [100, 2, 'after']);
    await f.store.flush(KS, 't');
    await f.store.execute(ins, [100, 3, 'after flush']);
    await f.reopen();
    const { rows: got } = await f.store.execute('SELECT v FROM ks.t WHERE k = 100');
    expect(got.map((r) => r['v'])).toEqual(['during', 'after', 'after flush']);
    await f.store.compact(KS, 't');
    expect((await f.store.execute('SELECT COUNT(*) FROM ks.t')).rows[0]!['count']).toBe(43n);
  });

  it('after a change the old KMS key is no longer needed: disabling it leaves the table readable, even after the cache drops the table key', async () => {
    const f = await openStore();
    const old = (await f.kms.createKey({})).KeyMetadata.Arn;
    await f.store.execute(`CREATE TABLE ks.t (k int, c int, v text, PRIMARY KEY ((k), c)) WITH custom_properties = ${CMK(old)}`);
    await f.store.execute(`INSERT INTO ks.t (k, c, v) VALUES (1, 1, 'one')`);
    await f.store.flush(KS, 't');
    await f.store.alterTable(KS, 't', { encryption: { type: 'AWS_OWNED_KMS_KEY' } });
    await f.kms.disableKey({ KeyId: old });
    await f.clock.advance(6 * 60_000);
    await f.reopen();
    expect((await f.store.execute('SELECT v FROM ks.t WHERE k = 1')).rows).toEqual([{ v: 'one' }]);
  });

  it('the cost of a change grows with the number of segments, not with bytes: the headers rewritten are one per segment and log generation', async () => {
    const f = await openStore();
    await f.store.execute('CREATE TABLE ks.t (k int, c int, v text, PRIMARY KEY ((k), c))');
    const big = 'y'.repeat(2000);
    for (let i = 0; i < 200; i++) await f.store.execute('INSERT INTO ks.t (k, c, v) VALUES (?, ?, ?)', [i % 3, i, big]);
    await f.store.flush(KS, 't');
    const before = await storedParts(f);
    await f.store.alterTable(KS, 't', { encryption: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: (await f.kms.createKey({})).KeyMetadata.Arn } });
    const after = await storedParts(f);
    const changed = [...after.headers].filter(([k, h]) => before.headers.get(k) !== h).length;
    const segments = (await f.store.keyHierarchy(KS, 't')).segments.length;
    expect(segments).toBe(1);
    expect(changed).toBe(segments);
    expect(after.data).toEqual(before.data);
  });
});
