/**
 * @module kms/_records
 * In-memory records of the local KMS (layer-internal). Key material lives only here, in
 * {@link SecretKey} holders, and at rest only sealed under the root secret.
 */
import type { SecretKey } from '../crypto/index.js';
import type { PolicyDocument } from './policy.js';
import type { GrantConstraints, GrantOperation, KeyManager, KeySpec, KeyState, KeyUsage, OriginType, Tag } from './types.js';

export interface MaterialRecord {
  /** KeyMaterialId: 64 lowercase hex chars. */
  id: string;
  createdAt: number;
  /** Absent for the first material. */
  rotationType?: 'AUTOMATIC' | 'ON_DEMAND';
  secret: SecretKey;
}

export interface RotationRecord {
  enabled: boolean;
  periodDays: number;
  /** Epoch ms of the next automatic rotation while enabled. */
  nextAt?: number;
}

export interface KeyRecord {
  keyId: string;
  arn: string;
  account: string;
  region: string;
  createdAt: number;
  description: string;
  state: KeyState;
  manager: KeyManager;
  origin: OriginType;
  keySpec: KeySpec;
  keyUsage: KeyUsage;
  deletionDate?: number;
  pendingWindowInDays?: number;
  /** Oldest first; the last one is CURRENT. */
  materials: MaterialRecord[];
  rotation: RotationRecord;
  onDemandRotations: number;
  policy: string;
  parsedPolicy: PolicyDocument;
  tags: Tag[];
  /** Set on AWS-owned keys: the service principal that owns the key, and the key's name. */
  owner?: { service: string; name: string };
  /** Set on AWS-managed keys: the service part of `alias/aws/<service>`. */
  awsManagedService?: string;
}

export interface GrantRecord {
  grantId: string;
  keyId: string;
  name: string;
  createdAt: number;
  grantee: string;
  retiring?: string;
  operations: GrantOperation[];
  constraints?: GrantConstraints;
  issuingAccount: string;
  /** The principal that created the grant. */
  creator: string;
}

export interface AliasRecord {
  name: string;
  targetKeyId: string;
  createdAt: number;
  updatedAt: number;
}

/** One change to persist; a KMS operation commits its changes as one batch. */
export type Mutation =
  | { type: 'putKey'; key: KeyRecord }
  | { type: 'delKey'; keyId: string }
  | { type: 'putTombstone'; keyId: string; arn: string }
  | { type: 'putAlias'; alias: AliasRecord }
  | { type: 'delAlias'; name: string }
  | { type: 'putGrant'; grant: GrantRecord }
  | { type: 'delGrant'; grantId: string }
  | { type: 'putEvent'; event: AuditRecord; seq: number }
  | { type: 'putIdentityPolicy'; principal: string; policy: string | undefined };

/** A CloudTrail-shaped event, as stored. */
export interface AuditRecord {
  eventVersion: string;
  userIdentity: Record<string, unknown>;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  serviceEventDetails?: Record<string, unknown>;
  requestID: string;
  eventID: string;
  readOnly: boolean;
  resources: { accountId: string; type: string; ARN: string }[];
  eventType: 'AwsApiCall' | 'AwsServiceEvent';
  managementEvent: boolean;
  recipientAccountId: string;
  eventCategory: 'Management';
}

/** Everything a KMS holds, as loaded on open. */
export interface KmsSnapshot {
  keys: KeyRecord[];
  aliases: AliasRecord[];
  grants: GrantRecord[];
  events: AuditRecord[];
  identityPolicies: [string, string][];
  /** Deleted keys: id → ARN, so Decrypt can tell "deleted" from "never existed here". */
  tombstones: [string, string][];
}
