/**
 * @module kms/identifiers
 * Key ids, key ARNs, alias names and alias ARNs (reference/kms.md §2), and how a `KeyId`
 * argument is told apart.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\/(.+)$/;
const ALIAS_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):(alias\/.+)$/;

/** What a `KeyId` argument names. */
export type KeyReference =
  | { kind: 'keyId'; keyId: string }
  | { kind: 'keyArn'; keyId: string; region: string; account: string }
  | { kind: 'aliasName'; aliasName: string }
  | { kind: 'aliasArn'; aliasName: string; region: string; account: string }
  | { kind: 'malformed'; text: string }
  | { kind: 'malformedArn'; text: string };

/**
 * Classifies a `KeyId` argument.
 * @param text - key id, key ARN, alias name or alias ARN
 * @returns what it names
 * @example parseKeyReference('alias/orders') // { kind: 'aliasName', aliasName: 'alias/orders' }
 */
export function parseKeyReference(text: string): KeyReference {
  if (text.startsWith('alias/')) return { kind: 'aliasName', aliasName: text };
  if (text.startsWith('arn:')) {
    const k = KEY_ARN.exec(text);
    if (k) return { kind: 'keyArn', region: k[1]!, account: k[2]!, keyId: k[3]! };
    const a = ALIAS_ARN.exec(text);
    if (a) return { kind: 'aliasArn', region: a[1]!, account: a[2]!, aliasName: a[3]! };
    return { kind: 'malformedArn', text };
  }
  if (UUID.test(text)) return { kind: 'keyId', keyId: text };
  return { kind: 'malformed', text };
}

/** True for a v4-style key id (lowercase UUID). */
export function isKeyId(text: string): boolean {
  return UUID.test(text);
}

/** `arn:aws:kms:<region>:<account>:key/<keyId>` */
export function keyArn(region: string, account: string, keyId: string): string {
  return `arn:aws:kms:${region}:${account}:key/${keyId}`;
}

/** `arn:aws:kms:<region>:<account>:alias/<name>` (aliasName includes `alias/`). */
export function aliasArn(region: string, account: string, aliasName: string): string {
  return `arn:aws:kms:${region}:${account}:${aliasName}`;
}

/** The account of an IAM principal ARN, or undefined for a service principal. */
export function principalAccount(principal: string): string | undefined {
  const m = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(principal);
  return m?.[1];
}

/** True when the principal is a service principal such as `cassandra.amazonaws.com`. */
export function isServicePrincipal(principal: string): boolean {
  return /^[a-z0-9.-]+\.amazonaws\.com$/.test(principal);
}

/** `arn:aws:iam::<account>:root` */
export function rootPrincipal(account: string): string {
  return `arn:aws:iam::${account}:root`;
}
