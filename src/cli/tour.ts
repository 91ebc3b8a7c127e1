/**
 * @module cli/tour
 * The guided tour (`npm start`): what sealtable does, step by step, on a manual clock so that
 * weeks pass in milliseconds. It grows with every capability: the local KMS at the root of the
 * key hierarchy, then a table in CQL (keys, rows, paging, errors, segments, the table-key cache).
 */
import { nodeAead, zeroize } from '../crypto/index.js';
import { ManualClock } from '../clock/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalKms } from '../kms/index.js';
import { StoreServiceException } from '../common/index.js';
import { Store } from '../table/store.js';
import { errorCodeOf } from '../cql/index.js';

const DAY = 86_400_000;
const utf8 = new TextEncoder();
const text = new TextDecoder();
let step = 0;

function say(title: string): void {
  step += 1;
  console.log(`\n${String(step).padStart(2, ' ')}. ${title}`);
}
function show(line: string): void {
  console.log(`    ${line}`);
}
function short(id: string): string {
  return id.length > 20 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
}
function hex(bytes: Uint8Array, n = 12): string {
  return `${Buffer.from(bytes.subarray(0, n)).toString('hex')}… (${bytes.length} bytes)`;
}
async function refused(what: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
    throw new Error(`tour: expected ${what} to fail`);
  } catch (e) {
    if (!(e instanceof StoreServiceException)) throw e;
    show(`${what} → ${e.name}${e.message ? `: ${e.message}` : ' (AWS sends no message)'}`);
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
  const kms = await LocalKms.open({ clock });
  console.log('sealtable tour — the local KMS at the root of every table key');
  console.log(`The clock is a manual clock starting ${new Date(clock.now()).toISOString()}; the KMS lives in memory.`);
  console.log(`Every call below is made as the account root (${kms.principal}) unless said otherwise.`);

  say('Create a customer-managed key and give it an alias');
  const { KeyMetadata: key } = await kms.createKey({ Description: 'orders table key', Tags: [{ TagKey: 'team', TagValue: 'shop' }] });
  await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: key.KeyId });
  show(`KeyId ${key.KeyId}`);
  show(`Arn   ${key.Arn}`);
  show(`State ${key.KeyState}, KeyManager ${key.KeyManager}, KeySpec ${key.KeySpec}, material ${short(key.CurrentKeyMaterialId!)}`);
  show('alias/orders now names the key wherever an alias is accepted (Encrypt, Decrypt, GenerateDataKey, DescribeKey).');

  say('Encrypt a small secret with an encryption context');
  const context = { table: 'shop.orders', purpose: 'demo' };
  const secret = utf8.encode('card-on-file: 4111-1111');
  const enc = await kms.encrypt({ KeyId: 'alias/orders', Plaintext: secret, EncryptionContext: context });
  show(`ciphertext blob ${hex(enc.CiphertextBlob)} — its header names the key and the material, authenticated as AAD`);
  const back = await kms.decrypt({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { purpose: 'demo', table: 'shop.orders' } });
  show(`Decrypt with the same context (in another order) → "${text.decode(back.Plaintext)}"`);
  await refused('Decrypt with a different context', () => kms.decrypt({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { table: 'shop.other' } }));

  say('Envelope encryption: generate a data key, encrypt data locally, keep only the wrapped key');
  const dk = await kms.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256', EncryptionContext: context });
  const nonce = new Uint8Array(12); // a fresh data key seals one record, so a constant nonce is safe here
  const record = nodeAead.seal(dk.Plaintext, nonce, utf8.encode('order #1: 3 books'), utf8.encode('shop.orders/1'));
  zeroize(dk.Plaintext);
  show(`data key wrapped by the KMS key: ${hex(dk.CiphertextBlob)}; plaintext data key used once, then zeroed`);
  const unwrapped = await kms.decrypt({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: context });
  show(`later: Decrypt the wrapped key, open the record → "${text.decode(nodeAead.open(unwrapped.Plaintext, nonce, record, utf8.encode('shop.orders/1')))}"`);
  zeroize(unwrapped.Plaintext);

  say('Rotate the key: on demand now, and automatically every 90 days');
  const before = key.CurrentKeyMaterialId!;
  await kms.rotateKeyOnDemand({ KeyId: key.KeyId });
  await kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 90 });
  await clock.advance(91 * DAY);
  const rotations = await kms.listKeyRotations({ KeyId: key.KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' });
  for (const r of rotations.Rotations)
    show(`material ${short(r.KeyMaterialId)} ${r.KeyMaterialState.padEnd(11)} ${r.RotationType ?? 'ORIGINAL'} ${r.RotationDate?.toISOString() ?? ''}`);
  show(`the key id, ARN, alias, policy and grants did not change; the clock is now ${new Date(clock.now()).toISOString()}`);

  say('Decrypt ciphertext made before the rotations');
  const old = await kms.decrypt({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: context });
  show(`→ "${text.decode(old.Plaintext)}", opened with the material that made it: ${short(old.KeyMaterialId)} (original ${short(before)})`);

  say('Grants: a role with no permission is refused, then allowed through a constrained grant');
  const reader = kms.as('arn:aws:iam::111122223333:role/Reader');
  await refused('Reader calls Decrypt', () => reader.decrypt({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: context }));
  const grant = await kms.createGrant({
    KeyId: key.KeyId,
    GranteePrincipal: reader.principal,
    Operations: ['Decrypt'],
    Constraints: { EncryptionContextSubset: { table: 'shop.orders' } },
    Name: 'reader-orders',
  });
  const viaGrant = await reader.decrypt({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: context, GrantTokens: [grant.GrantToken] });
  show(`Reader calls Decrypt with the grant → "${text.decode(viaGrant.Plaintext)}"`);
  const other = await kms.encrypt({ KeyId: key.KeyId, Plaintext: secret, EncryptionContext: { table: 'shop.payroll' } });
  await refused('Reader decrypts a blob of another table (constraint not met)', () =>
    reader.decrypt({ CiphertextBlob: other.CiphertextBlob, EncryptionContext: { table: 'shop.payroll' } }),
  );
  await kms.retireGrant({ KeyId: key.KeyId, GrantId: grant.GrantId });
  await refused('Reader after the grant is retired', () => reader.decrypt({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: context }));

  say('Disable the key, then enable it again');
  await kms.disableKey({ KeyId: key.KeyId });
  await refused('Decrypt while disabled', () => kms.decrypt({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: context }));
  await kms.enableKey({ KeyId: key.KeyId });
  show(`EnableKey → ${(await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata.KeyState}; old ciphertext decrypts again`);

  say('Schedule deletion, then cancel it');
  const sched = await kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 });
  show(`state ${sched.KeyState}, deletion on ${sched.DeletionDate.toISOString()}`);
  await refused('Encrypt while pending deletion', () => kms.encrypt({ KeyId: key.KeyId, Plaintext: secret }));
  await kms.cancelKeyDeletion({ KeyId: key.KeyId });
  show(`CancelKeyDeletion → the key is ${(await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata.KeyState} (AWS leaves it disabled), and can be enabled`);

  say('Schedule deletion again and let the clock pass the 7-day window');
  await kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 });
  await clock.advance(7 * DAY + 1);
  show(`the clock is now ${new Date(clock.now()).toISOString()}`);
  await refused('DescribeKey', () => kms.describeKey({ KeyId: key.KeyId }));
  await refused('Decrypt of the old ciphertext (crypto-shredded: its key material is gone)', () =>
    kms.decrypt({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: context }),
  );
  const aliases = await kms.listAliases();
  show(`aliases left: ${aliases.Aliases.length === 0 ? 'none (alias/orders went with the key)' : aliases.Aliases.map((a) => a.AliasName).join(', ')}`);

  await tableTour(kms, clock);
  await lifecycleTour(kms, clock);

  say('The audit trail, oldest first (CloudTrail-shaped; no plaintext or key material in it)');
  const Events = [];
  for (let token: string | undefined, first = true; first || token; first = false) {
    const page = await kms.lookupEvents({ MaxResults: 50, ...(token ? { NextToken: token } : {}) });
    Events.push(...page.Events);
    token = page.NextToken;
  }
  // The key monitor's checks (DescribeKey and DryRun Decrypt by the service, every 5 minutes) are counted, not listed.
  let checks = 0;
  for (const e of [...Events].reverse()) {
    const r = JSON.parse(e.CloudTrailEvent) as { eventTime: string; eventName: string; errorCode?: string; requestParameters?: { dryRun?: boolean }; userIdentity: { arn?: string; invokedBy?: string } };
    const byService = r.userIdentity.invokedBy === 'cassandra.amazonaws.com';
    if (byService && (r.requestParameters?.dryRun === true || r.eventName === 'DescribeKey')) {
      checks++;
      continue;
    }
    const who = r.userIdentity.arn ?? r.userIdentity.invokedBy ?? '';
    show(`${r.eventTime}  ${r.eventName.padEnd(24)} ${who.slice(who.lastIndexOf(':') + 1).padEnd(24)} ${r.errorCode ?? 'ok'}`);
  }
  show(`… and ${checks} events of the key monitor's checks (DescribeKey, DryRun Decrypt), not listed`);
  await kms.close();
  console.log(`\nDone in ${Math.round(performance.now() - started)} ms of real time, ${Math.round((clock.now() - Date.parse('2026-01-01T00:00:00Z')) / DAY)} days of clock time.`);
}

/** Prints a result's rows as a small table. */
function showRows(rows: readonly Record<string, unknown>[]): void {
  for (const r of rows) show(Object.entries(r).map(([k, v]) => `${k}=${formatValue(v)}`).join('  '));
  if (rows.length === 0) show('(no rows)');
}
function formatValue(v: unknown): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${formatValue(k)}: ${formatValue(x)}`).join(', ')}}`;
  if (Array.isArray(v)) return `[${v.map(formatValue).join(', ')}]`;
  if (typeof v === 'string') return `'${v}'`;
  return String(v);
}

/** The table store on the same KMS, through CQL: a table under a customer-managed key, rows, paging, flush, the key hierarchy. */
async function tableTour(kms: LocalKms, clock: ManualClock): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sealtable-tour-'));
  try {
    say('Open an embedded store; create a keyspace and a table under a new customer-managed key, in CQL');
    const { KeyMetadata: tableKms } = await kms.createKey({ Description: 'shop.orders table key' });
    const store = await Store.open({ path: dir, kms, clock, engine: { blockSize: 512 } });
    await store.execute(`CREATE KEYSPACE shop WITH replication = {'class': 'SingleRegionStrategy'}`);
    const before = (await kms.lookupEvents({ MaxResults: 50 })).Events.length;
    const ddl = `CREATE TABLE shop.orders (customer text, placed_at timestamp, total double, items list<text>, note text,
      PRIMARY KEY ((customer), placed_at)) WITH CLUSTERING ORDER BY (placed_at DESC)
      AND custom_properties = {'encryption_specification': {
        'encryption_type': 'CUSTOMER_MANAGED_KMS_KEY', 'kms_key_identifier': '${tableKms.Arn}'}}`;
    const created = await store.execute(ddl);
    for (const line of ddl.split('\n')) show(line.trim());
    show(`→ ${created.kind} ${JSON.stringify(created.schemaChange)}; store directory ${dir}`);
    show('the store gave its service principal (cassandra.amazonaws.com) a grant on the key, then asked KMS for a table key:');
    const events = (await kms.lookupEvents({ MaxResults: 50 })).Events.slice(0, 50 - before).reverse();
    for (const e of events.slice(-3)) {
      const r = JSON.parse(e.CloudTrailEvent) as { eventName: string; userIdentity: { arn?: string; invokedBy?: string } };
      show(`  ${r.eventName.padEnd(16)} by ${r.userIdentity.arn ?? r.userIdentity.invokedBy}`);
    }

    say('The table as Amazon Keyspaces shows it: system_schema_mcs.tables');
    const mcs = await store.execute(`SELECT keyspace_name, table_name, status, custom_properties FROM system_schema_mcs.tables
      WHERE keyspace_name = 'shop' AND table_name = 'orders'`);
    showRows(mcs.rows);

    say('Write rows in CQL: a prepared INSERT, a batch, a collection append, a TTL, a conditional insert');
    const insert = await store.prepare('INSERT INTO shop.orders (customer, placed_at, total, items) VALUES (?, ?, ?, ?)');
    const day = (d: number): Date => new Date(Date.UTC(2026, 3, d));
    await store.execute(insert, ['ana', day(1), 12.5, ['book']]);
    await store.execute(insert, ['ana', day(3), 40, ['lamp', 'bulb']]);
    await store.execute(`BEGIN BATCH
      INSERT INTO shop.orders (customer, placed_at, total) VALUES ('ben', '2026-04-02', 7);
      INSERT INTO shop.orders (customer, placed_at, total) VALUES ('ben', '2026-04-05', 19.99) USING TTL 3600;
      APPLY BATCH`);
    await store.execute(`UPDATE shop.orders SET items = items + ['gift wrap'] WHERE customer = 'ana' AND placed_at = '2026-04-03'`);
    const lwt = await store.execute(`INSERT INTO shop.orders (customer, placed_at, total) VALUES ('ana', '2026-04-01', 0) IF NOT EXISTS`);
    show(`INSERT … IF NOT EXISTS on an existing row → [applied]=${String(lwt.applied)}, total stays ${String(lwt.rows[0]?.['total'])}`);
    show('each write is one encrypted log record in LevelDB (acknowledged once written), then the memtable');
    const ana = await store.execute(`SELECT placed_at, total, items, writetime(total) AS written FROM shop.orders WHERE customer = ?`, ['ana']);
    showRows(ana.rows);
    const ttl = await store.execute(`SELECT placed_at, ttl(total) FROM shop.orders WHERE customer = 'ben' AND placed_at = '2026-04-05'`);
    show(`ben's order of 04-05 expires in ${String(ttl.rows[0]?.['ttl(total)'])} s (USING TTL 3600, on the store's clock)`);

    say('Page through a full scan, 2 rows at a time (fetchSize and pageState, as cassandra-driver does)');
    let pageState: string | undefined;
    let pages = 0;
    do {
      const page = await store.execute('SELECT customer, placed_at FROM shop.orders', [], { fetchSize: 2, ...(pageState ? { pageState } : {}) });
      pages += 1;
      show(`page ${pages}: ${page.rows.map((r) => `${String(r['customer'])}/${(r['placed_at'] as Date).toISOString().slice(5, 10)}`).join(', ')}${page.pageState ? '  (more follow)' : ''}`);
      pageState = page.pageState;
    } while (pageState);

    say('Errors carry Cassandra\'s protocol codes');
    for (const bad of ['SELECT * FORM shop.orders', 'SELECT * FROM shop.orders WHERE total > 10', "INSERT INTO shop.orders (customer, placed_at, total) VALUES ('x', 'soon', 1)"]) {
      try {
        await store.execute(bad);
      } catch (e) {
        show(`${bad}\n      → 0x${errorCodeOf(e).toString(16).padStart(4, '0')} ${(e as Error).name}: ${(e as Error).message}`);
      }
    }

    say('Flush: the memtable becomes an immutable segment, encrypted under its own data key (DEK)');
    await store.flush('shop', 'orders');
    await store.execute(`UPDATE shop.orders SET total = 8 WHERE customer = 'ben' AND placed_at = '2026-04-02'`);
    const h = await store.keyHierarchy('shop', 'orders');
    show(`KMS key      ${h.kmsKeyArn}  (${h.encryptionType})`);
    for (const k of h.tableKeys) show(` └ table key v${k.version}   stored only as a KMS blob, fingerprint ${k.wrappedFingerprint}${k.current ? ' (current)' : ''}`);
    for (const s of h.segments) show(`    ├ segment ${s.id.slice(0, 8)}…  DEK wrapped by table key v${s.keyVersion}, fingerprint ${s.wrappedDekFingerprint}, ${s.blocks} encrypted block(s)`);
    for (const g of h.logGenerations) show(`    └ log generation ${g.generation}   DEK wrapped by the table key, fingerprint ${g.wrappedDekFingerprint}`);
    show('fingerprints are of wrapped keys only; no plaintext key is ever printed or written');

    say('The 5-minute table-key cache: reads within 5 idle minutes cost no KMS call; after that, one Decrypt');
    const decrypts = async (): Promise<number> =>
      (await kms.lookupEvents({ EventName: 'Decrypt', MaxResults: 50 })).Events.filter((e) => e.CloudTrailEvent.includes('cassandra.amazonaws.com') && !e.CloudTrailEvent.includes('"dryRun":true')).length;
    const point = await store.prepare('SELECT total FROM shop.orders WHERE customer = ? AND placed_at = ?');
    const d0 = await decrypts();
    for (let i = 0; i < 3; i++) {
      await clock.advance(4 * 60_000);
      await store.execute(point, ['ana', day(1)]);
    }
    show(`three reads 4 minutes apart: ${(await decrypts()) - d0} KMS Decrypt`);
    await clock.advance(5 * 60_000 + 1);
    await store.execute(point, ['ana', day(1)]);
    show(`one read after 5 idle minutes: ${(await decrypts()) - d0} KMS Decrypt (the key was dropped and zeroed, then fetched again)`);

    say('Compact and reopen: segments merge under a fresh DEK; a new store (connection) decrypts the table key once; the log replays');
    await store.compact('shop', 'orders');
    await store.close();
    const again = await Store.open({ path: dir, kms, clock });
    await clock.advance(60 * 60_000);
    const count = await again.execute('SELECT COUNT(*) FROM shop.orders');
    const all = await again.execute('SELECT customer, placed_at, total FROM shop.orders');
    show(`${String(count.rows[0]?.['count'])} rows after reopen, one hour later (ben's 04-05 order expired with its TTL of 3600 s):`);
    showRows(all.rows);
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A table's key over time: key change, an inaccessible key, 7 days, backup and deletion, restore, the key chain. */
async function lifecycleTour(kms: LocalKms, clock: ManualClock): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sealtable-tour-'));
  try {
    say('A table\'s key over time: change the KMS key online, twice');
    const store = await Store.open({ path: dir, kms, clock });
    const notes: string[] = [];
    store.on('notification', (n: { time: string; type: string; message: string }) => notes.push(`${n.time.slice(0, 16)}  ${n.type.padEnd(27)} ${n.message}`));
    await store.execute(`CREATE KEYSPACE bank WITH replication = {'class': 'SingleRegionStrategy'}`);
    await store.execute('CREATE TABLE bank.accounts (id int PRIMARY KEY, owner text, balance decimal)');
    for (let i = 1; i <= 3; i++) await store.execute('INSERT INTO bank.accounts (id, owner, balance) VALUES (?, ?, ?)', [i, `owner-${i}`, `${i * 100}.00`]);
    await store.flush('bank', 'accounts');
    const { KeyMetadata: first } = await kms.createKey({ Description: 'bank key 1' });
    const { KeyMetadata: second } = await kms.createKey({ Description: 'bank key 2' });
    const cmk = (arn: string): string => `ALTER TABLE bank.accounts WITH custom_properties = {'encryption_specification': {'encryption_type': 'CUSTOMER_MANAGED_KMS_KEY', 'kms_key_identifier': '${arn}'}}`;
    const before = (await store.keyHierarchy('bank', 'accounts')).segments[0]!;
    await store.execute(cmk(first.Arn));
    await store.execute(cmk(second.Arn));
    const h = await store.keyHierarchy('bank', 'accounts');
    show(`AWS-owned key → ${short(first.KeyId)} → ${short(second.KeyId)}; reads and writes went on; no data block was rewritten:`);
    show(`segment ${h.segments[0]!.id.slice(0, 8)}… still written under table key v${h.segments[0]!.keyVersion}; its DEK rewrapped: ${before.wrappedDekFingerprint} → ${h.segments[0]!.wrappedDekFingerprint}`);
    for (const k of h.tableKeys) show(` table key v${k.version}  ${k.current ? '(current, under key 2)' : `kept, wrapped by table key v${k.version + 1} (the key chain)`}`);
    show(`grants on key 1 after the change: ${(await kms.listGrants({ KeyId: first.KeyId })).Grants.length}; on key 2: ${(await kms.listGrants({ KeyId: second.KeyId })).Grants.map((g) => g.Name!.replace(/^sealtable_[0-9a-f-]+_/, '')).join(', ')} (table operations, automatic backups)`);

    say('Disable the key: within 5 minutes the monitor notices; the table turns INACCESSIBLE_ENCRYPTION_CREDENTIALS');
    await kms.disableKey({ KeyId: second.KeyId });
    const cached = await store.execute('SELECT COUNT(*) FROM bank.accounts');
    show(`right after DisableKey this connection still has the table key cached: COUNT(*) = ${String(cached.rows[0]?.['count'])}`);
    await clock.advance(5 * 60_000);
    const status = await store.execute(`SELECT status FROM system_schema_mcs.tables WHERE keyspace_name = 'bank' AND table_name = 'accounts'`);
    show(`5 minutes later: status ${String(status.rows[0]?.['status'])}`);
    try {
      await store.execute('SELECT * FROM bank.accounts');
    } catch (e) {
      show(`SELECT → ${(e as Error).name}: ${(e as Error).message.slice(0, 150)}…`);
    }

    say('Seven days pass without access: the store backs the table up (ciphertext only, no key needed) and deletes it');
    await clock.advance(7 * DAY);
    const [backup] = await store.backups();
    show(`tables left in bank: ${store.tables('bank').length}; backup ${short(backup!.backupId)}: ${backup!.bytes} bytes of ciphertext, kept until ${new Date(backup!.expiresAt!).toISOString().slice(0, 10)}`);

    say('Re-enable the key and RESTORE TABLE: the backup holds the wrapped table keys and the key chain; the rows come back');
    await kms.enableKey({ KeyId: second.KeyId });
    await store.execute('RESTORE TABLE bank.accounts_restored FROM TABLE bank.accounts');
    showRows((await store.execute('SELECT id, owner, balance FROM bank.accounts_restored')).rows);

    say('Another 35 days: the backup is purged (crypto-shredded); at 42 days the backup grant is retired');
    await clock.advance(42 * DAY);
    show(`backups left: ${(await store.backups()).length}`);

    say('The notifications the store sent (events, kept in its own log; a JSON Lines sink stands in for e-mail)');
    for (const n of notes) show(n.length > 190 ? `${n.slice(0, 190)}…` : n);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
