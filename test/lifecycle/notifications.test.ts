/**
 * @module test/lifecycle/notifications
 * Issue 5 "Inaccessible keys": «Notifications are events on the store plus a persisted log; a
 * sink appending JSON lines to a file stands in for Keyspaces' e-mail» (seed 001 «Amazon
 * Keyspaces envoie une notification par e-mail»). Every notification is a 'notification' event,
 * a record of `store.notifications()` that survives a reopen, and a line of the JsonLinesSink
 * file; it names the table, the KMS key and the cause, never row data. The timeline of a key
 * left disabled reads, in order: TABLE_INACCESSIBLE, TABLE_BACKED_UP_AND_DELETED at 7 days,
 * BACKUP_PURGED at 35 days after that, GRANT_RETIRED at 42 days after it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonLinesSink, type Notification } from '../../src/lifecycle/notifications.js';
import {
  CHECK,
  CMK,
  GRACE,
  GRANT_LIFE,
  KS,
  RETENTION,
  START,
  cleanUpAfterEach,
  cmkTable,
  createCmk,
  expectError,
  expectNoBackgroundErrors,
  openLifecycle,
  writeRows,
  type LifecycleFixture,
} from './_lifecycle.js';

cleanUpAfterEach();

const sinkDirs: string[] = [];
afterEach(() => {
  for (const d of sinkDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh path for a JSON Lines file. */
function sinkPath(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sealtable-notifications-'));
  sinkDirs.push(dir);
  return path.join(dir, 'notifications.jsonl');
}

/** The notifications of a JSON Lines file, one per line (every line must parse). */
function readLines(file: string): Notification[] {
  const text = fs.readFileSync(file, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as Notification);
}

/** Some notifications: a refused CREATE TABLE, a key change, a table turning inaccessible. */
async function someNotifications(f: LifecycleFixture): Promise<void> {
  const disabled = await createCmk(f);
  await f.kms.disableKey({ KeyId: disabled.KeyId });
  await expectError(f.store.execute(`CREATE TABLE ${KS}.refused (k int PRIMARY KEY) WITH custom_properties = ${CMK(disabled.Arn)}`), 'DisabledException');
  const a = await createCmk(f);
  const b = await createCmk(f);
  await cmkTable(f, a);
  await writeRows(f, 4);
  await f.store.execute(`ALTER TABLE ${KS}.t WITH custom_properties = ${CMK(b.Arn)}`);
  await f.kms.disableKey({ KeyId: b.KeyId });
  await f.clock.advance(CHECK);
}

describe('notifications are events on the store plus a persisted log', () => {
  it('each notification is a store event and a record of the log, with increasing seq and the time of the store clock', async () => {
    const f = await openLifecycle();
    await someNotifications(f);
    const log = await f.store.notifications();
    expect(log.map((n) => n.type)).toEqual(['KEY_REFUSED', 'KEY_CHANGED', 'TABLE_INACCESSIBLE']);
    expect(f.events).toEqual(log);
    expect(log.map((n) => n.seq)).toEqual([1, 2, 3]);
    expect(log.map((n) => n.time)).toEqual([START, START, START + CHECK].map((t) => new Date(t).toISOString()));
    for (const n of log) expect(n.message.length).toBeGreaterThan(0);
  });

  it('the log survives a reopen, and later notifications continue its numbering', async () => {
    const f = await openLifecycle();
    await someNotifications(f);
    const before = await f.store.notifications();
    await f.reopen();
    expect(await f.store.notifications()).toEqual(before);
    await f.store.execute(`DROP TABLE ${KS}.t`);
    const key = await createCmk(f);
    await f.kms.disableKey({ KeyId: key.KeyId });
    await expectError(f.store.execute(`CREATE TABLE ${KS}.u (k int PRIMARY KEY) WITH custom_properties = ${CMK(key.Arn)}`), 'DisabledException');
    const after = await f.store.notifications();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length)).toEqual([expect.objectContaining({ seq: before.length + 1, type: 'KEY_REFUSED', table: 'u' })]);
  });

  it('a JsonLinesSink appends one JSON object per line to its file: the same notifications as the log, across reopens', async () => {
    const file = sinkPath();
    const f = await openLifecycle({ store: { notificationSink: new JsonLinesSink(file) } });
    await someNotifications(f);
    expect(readLines(file)).toEqual(await f.store.notifications());
    await f.reopen();
    await f.store.checkKeys(); // nothing new: the table is already inaccessible
    await f.store.dropTable(KS, 't');
    await f.clock.advance(GRANT_LIFE);
    const all = await f.store.notifications();
    expect(all.at(-1)?.type).toBe('GRANT_RETIRED');
    expect(readLines(file)).toEqual(all);
  });

  it('a notification names the table, the KMS key and the cause, and holds no row data', async () => {
    const file = sinkPath();
    const f = await openLifecycle({ store: { notificationSink: new JsonLinesSink(file) } });
    const key = await createCmk(f);
    await cmkTable(f, key);
    const marker = `CANARY-${Math.random().toString(36).slice(2)}`;
    await writeRows(f, 6, 't', marker);
    await f.kms.disableKey({ KeyId: key.KeyId });
    await f.clock.advance(CHECK);
    const [n] = await f.store.notifications();
    expect(n).toMatchObject({ type: 'TABLE_INACCESSIBLE', keyspace: KS, table: 't', kmsKeyArn: key.Arn, cause: 'DisabledException' });
    expect(n!.message).toContain(`${KS}.t`);
    expect(n!.message).toContain(key.Arn);
    expect(fs.readFileSync(file, 'utf8')).not.toContain(marker);
  });

  it('the timeline of a key left disabled: TABLE_INACCESSIBLE, TABLE_BACKED_UP_AND_DELETED 7 days later, BACKUP_PURGED 35 days after that, GRANT_RETIRED 42 days after it', async () => {
    const file = sinkPath();
    const f = await openLifecycle({ store: { notificationSink: new JsonLinesSink(file) } });
    const key = await createCmk(f);
    await cmkTable(f, key);
    await writeRows(f, 4);
    await f.kms.disableKey({ KeyId: key.KeyId });
    await f.clock.advance(CHECK + GRACE + GRANT_LIFE);
    const deleted = START + CHECK + GRACE;
    const log = await f.store.notifications();
    expect(log.map((n) => [n.type, n.time])).toEqual([
      ['TABLE_INACCESSIBLE', new Date(START + CHECK).toISOString()],
      ['TABLE_BACKED_UP_AND_DELETED', new Date(deleted).toISOString()],
      ['BACKUP_PURGED', new Date(deleted + RETENTION).toISOString()],
      ['GRANT_RETIRED', new Date(deleted + GRANT_LIFE).toISOString()],
    ]);
    expect(log[1]!.backupId).toBeDefined();
    expect(log[2]!.backupId).toBe(log[1]!.backupId);
    for (const n of log) expect(n).toMatchObject({ keyspace: KS, table: 't' });
    expect(f.events).toEqual(log);
    expect(readLines(file)).toEqual(log);
    expectNoBackgroundErrors(f);
  });

  it('JsonLinesSink needs a path', () => {
    expect(() => new JsonLinesSink('')).toThrow(TypeError);
  });
});
