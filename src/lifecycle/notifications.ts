/**
 * @module lifecycle/notifications
 * What Amazon Keyspaces tells a customer by e-mail about a table's key (seed 001 «Amazon
 * Keyspaces envoie une notification par e-mail pour vous alerter»): here an event on the store
 * (`store.on('notification', …)`), a record in the store's own log (`store.notifications()`),
 * and optionally a line appended to a JSON Lines file (the e-mail stand-in). A notification
 * names the table, the KMS key and the cause; it holds no row data and no key material.
 */
import { appendFileSync } from 'node:fs';

/** What happened. */
export type NotificationType =
  /** A table's KMS key became unusable: reads and writes fail; backup and deletion after 7 days. */
  | 'TABLE_INACCESSIBLE'
  /** Access to the key came back within 7 days: the table is ACTIVE again. */
  | 'TABLE_ACCESS_RESTORED'
  /** The key stayed unusable for 7 days: the table was backed up (kept 35 days) and deleted. */
  | 'TABLE_BACKED_UP_AND_DELETED'
  /** A backup passed its retention and was purged (its wrapped keys are gone). */
  | 'BACKUP_PURGED'
  /** CREATE TABLE or a key change was refused because the KMS key cannot be used. */
  | 'KEY_REFUSED'
  /** A table's KMS key changed. */
  | 'KEY_CHANGED'
  /** A backup grant was retired (42 days after its table was deleted). */
  | 'GRANT_RETIRED'
  /** A backup was taken, or a table restored. */
  | 'BACKUP_CREATED'
  | 'TABLE_RESTORED';

/** One notification. */
export interface Notification {
  /** Increasing number within the store. */
  seq: number;
  type: NotificationType;
  /** ISO 8601 time on the store's clock. */
  time: string;
  keyspace?: string;
  table?: string;
  /** The KMS key concerned (ARN). */
  kmsKeyArn?: string;
  /** The AWS error name or state that caused it (DisabledException, PendingDeletion, AccessDeniedException…). */
  cause?: string;
  /** The backup concerned. */
  backupId?: string;
  /** A sentence for people. */
  message: string;
}

/** Where notifications also go (besides the event and the store's log). */
export interface NotificationSink {
  write(n: Notification): void;
}

/**
 * A sink appending one JSON object per line to a file (the stand-in for Keyspaces' e-mail).
 * @example
 * await Store.open({ path, kms, notificationSink: new JsonLinesSink('notifications.jsonl') });
 */
export class JsonLinesSink implements NotificationSink {
  readonly path: string;
  constructor(path: string) {
    if (typeof path !== 'string' || path.length === 0) throw new TypeError('path must be a non-empty string');
    this.path = path;
  }
  write(n: Notification): void {
    appendFileSync(this.path, `${JSON.stringify(n)}\n`, { mode: 0o600 });
  }
}
