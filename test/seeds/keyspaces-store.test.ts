/**
 * @module test/seeds/keyspaces-store
 * Seed 001 (French, "Fonctionnement du chiffrement au repos dans Amazon Keyspaces"), the table
 * store's side (issue 3): every table encrypted with AES-256, by default under the AWS-owned
 * key or under a customer-managed key chosen per table; the three-level hierarchy (KMS key →
 * table key → a data key per structure); the table key decrypted by KMS, then used to unwrap
 * the data keys; the 5-minute table-key cache. docs/seed-coverage.md maps each sentence.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalKms, ManualClock, Store } from '../../src/index.js';

const MINUTE = 60_000;
const dirs: string[] = [];
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function setup(): Promise<{ kms: LocalKms; clock: ManualClock; store: Store; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'sealtable-seed001-'));
  dirs.push(dir);
  const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
  const kms = await LocalKms.open({ clock });
  const store = await Store.open({ path: dir, kms, clock });
  closers.push(async () => {
    await store.close().catch(() => undefined);
    await kms.close();
  });
  await store.createKeyspace('ks');
  return { kms, clock, store, dir };
}

const COLUMNS = { id: 'int', secret: 'text' };

function filesContain(dir: string, needle: Uint8Array): boolean {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (filesContain(p, needle)) return true;
    } else if (Buffer.from(readFileSync(p)).includes(Buffer.from(needle))) return true;
  }
  return false;
}

/**
 * How many real calls of that name the service made. The key monitor's DryRun Decrypts (audited
 * with "dryRun":true, every 5 minutes while a table uses a customer-managed key) unwrap nothing
 * and are not counted.
 */
async function serviceEvents(kms: LocalKms, name: string): Promise<number> {
  const { Events } = await kms.lookupEvents({ EventName: name, MaxResults: 50 });
  return Events.filter((e) => e.CloudTrailEvent.includes('"invokedBy":"cassandra.amazonaws.com"') && !e.CloudTrailEvent.includes('"dryRun":true')).length;
}

describe('encryption at rest of every table [seed 001]', () => {
  it('all customer data in tables is encrypted at rest by default, transparently: rows written and read back, never on disk in the clear [seed 001 §intro]', async () => {
    const { store, dir } = await setup();
    await store.createTable({ keyspace: 'ks', name: 't', columns: COLUMNS, partitionKey: ['id'] });
    const marker = `SEED001-${'x'.repeat(24)}`;
    await store.insert('ks', 't', { id: 1, secret: marker });
    await store.flush('ks', 't');
    expect((await store.get('ks', 't', { id: 1 }))?.['secret']).toBe(marker);
    expect(filesContain(dir, new TextEncoder().encode(marker))).toBe(false);
  });

  it('by default a table uses the AWS-owned key; no customer-visible KMS event is made for it [seed 001 §Clé KMS; §Notes: clé par défaut à service unique]', async () => {
    const { kms, store } = await setup();
    const record = await store.createTable({ keyspace: 'ks', name: 't', columns: COLUMNS, partitionKey: ['id'] });
    expect(record.encryption.type).toBe('AWS_OWNED_KMS_KEY');
    expect(record.keys[0]!.kmsKeyArn).toMatch(/^arn:aws:kms:us-east-1:000000000000:key\//);
    expect(await serviceEvents(kms, 'GenerateDataKey')).toBe(0);
  });

  it('when a table is created, either an AWS-owned key or a customer-managed key can be chosen, and another KMS key for each table of a keyspace [seed 001 §intro; §Clé KMS]', async () => {
    const { kms, store } = await setup();
    const a = (await kms.createKey({ Description: 'a' })).KeyMetadata;
    const b = (await kms.createKey({ Description: 'b' })).KeyMetadata;
    await store.createTable({ keyspace: 'ks', name: 'owned', columns: COLUMNS, partitionKey: ['id'] });
    await store.createTable({ keyspace: 'ks', name: 'ta', columns: COLUMNS, partitionKey: ['id'], encryption: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: a.KeyId } });
    await store.createTable({ keyspace: 'ks', name: 'tb', columns: COLUMNS, partitionKey: ['id'], encryption: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: b.Arn } });
    expect(store.describeTable('ks', 'ta').keys[0]!.kmsKeyArn).toBe(a.Arn);
    expect(store.describeTable('ks', 'tb').keys[0]!.kmsKeyArn).toBe(b.Arn);
    expect(store.describeTable('ks', 'owned').encryption.type).toBe('AWS_OWNED_KMS_KEY');
  });

  it('you select the KMS key for a table when you create it, in CQL: CREATE TABLE … WITH custom_properties = {encryption_specification}, shown in system_schema_mcs.tables [seed 001 §Clé KMS]', async () => {
    const { store, kms } = await setup();
    const { KeyMetadata } = await kms.createKey({ Description: 'orders' });
    await store.execute(`CREATE TABLE ks.cmk (id int PRIMARY KEY, secret text) WITH custom_properties = {'encryption_specification':
      {'encryption_type': 'CUSTOMER_MANAGED_KMS_KEY', 'kms_key_identifier': '${KeyMetadata.Arn}'}}`);
    await store.execute('CREATE TABLE ks.owned (id int PRIMARY KEY, secret text)');
    const { rows } = await store.execute(`SELECT table_name, custom_properties FROM system_schema_mcs.tables WHERE keyspace_name = 'ks'`);
    const spec = new Map(rows.map((r) => [r['table_name'], (r['custom_properties'] as Map<string, Map<string, string>>).get('encryption_specification')]));
    expect(Object.fromEntries(spec.get('cmk')!)).toEqual({ encryption_type: 'CUSTOMER_MANAGED_KMS_KEY', kms_key_identifier: KeyMetadata.Arn });
    expect(Object.fromEntries(spec.get('owned')!)).toEqual({ encryption_type: 'AWS_OWNED_KMS_KEY' });
    expect((await store.keyHierarchy('ks', 'cmk')).kmsKeyArn).toBe(KeyMetadata.Arn);
    expect((await store.keyHierarchy('ks', 'owned')).kmsKeyArn).not.toBe(KeyMetadata.Arn);
  });

  it('encryption at rest is on for every table and cannot be turned off: no encryption type other than the two is accepted [seed 001 §Notes]', async () => {
    const { store } = await setup();
    await expect(
      store.createTable({ keyspace: 'ks', name: 't', columns: COLUMNS, partitionKey: ['id'], encryption: { type: 'NONE' as 'AWS_OWNED_KMS_KEY' } }),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    expect(store.tables('ks')).toEqual([]);
  });
});

describe('the key hierarchy [seed 001 §Hiérarchie de clés; seed 003 §clé racine]', () => {
  it('the KMS key is the root: it encrypts the table key, which encrypts a unique data key for each structure (segment, log generation) [seed 001 §Clé de table; seed 003 row 115]', async () => {
    const { kms, store } = await setup();
    const key = (await kms.createKey({ Description: 'root' })).KeyMetadata;
    await store.createTable({ keyspace: 'ks', name: 't', columns: COLUMNS, partitionKey: ['id'], encryption: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: key.Arn } });
    for (let i = 0; i < 3; i++) {
      await store.insert('ks', 't', { id: i, secret: `s${i}` });
      await store.flush('ks', 't');
    }
    await store.insert('ks', 't', { id: 9, secret: 'in the log' });
    const h = await store.keyHierarchy('ks', 't');
    expect(h.kmsKeyArn).toBe(key.Arn);
    expect(h.tableKeys).toHaveLength(1);
    expect(h.segments).toHaveLength(3);
    expect(h.logGenerations).toHaveLength(1);
    const deks = [...h.segments.map((s) => s.wrappedDekFingerprint), ...h.logGenerations.map((g) => g.wrappedDekFingerprint)];
    expect(new Set(deks).size).toBe(4);
    expect(h.segments.every((s) => s.keyVersion === 1)).toBe(true);
  });

  it('to access an encrypted table the store asks KMS to decrypt the table key, then uses the plaintext table key to decrypt the data keys and the data [seed 001 §Clé de table]', async () => {
    const { kms, clock, store } = await setup();
    const key = (await kms.createKey({ Description: 'root' })).KeyMetadata;
    await store.createTable({ keyspace: 'ks', name: 't', columns: COLUMNS, partitionKey: ['id'], encryption: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: key.Arn } });
    await store.insert('ks', 't', { id: 1, secret: 'one' });
    await store.flush('ks', 't');
    await clock.advance(5 * MINUTE + 1);
    expect(await serviceEvents(kms, 'Decrypt')).toBe(0);
    expect((await store.get('ks', 't', { id: 1 }))?.['secret']).toBe('one');
    expect(await serviceEvents(kms, 'Decrypt')).toBe(1);
    // The data keys are unwrapped by the table key, not by KMS: no further KMS call.
    expect(await serviceEvents(kms, 'GenerateDataKey')).toBe(1);
  });

  it('plaintext table keys are cached per connection; after five minutes of inactivity the next request asks KMS again, which notices a disabled key [seed 001 §Mise en cache des clés de table]', async () => {
    const { kms, clock, store } = await setup();
    const key = (await kms.createKey({ Description: 'root' })).KeyMetadata;
    await store.createTable({ keyspace: 'ks', name: 't', columns: COLUMNS, partitionKey: ['id'], encryption: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: key.Arn } });
    await store.insert('ks', 't', { id: 1, secret: 'one' });
    await kms.disableKey({ KeyId: key.KeyId });
    await clock.advance(4 * MINUTE);
    expect((await store.get('ks', 't', { id: 1 }))?.['secret']).toBe('one');
    await clock.advance(5 * MINUTE + 1);
    await expect(store.get('ks', 't', { id: 1 })).rejects.toMatchObject({ name: 'DisabledException' });
  });
});
