/**
 * @module kms/_core
 * The engine of the local KMS (layer-internal): its state, the per-call pipeline (quota →
 * due lifecycle events → input validation → the operation → audit → one persisted batch), key
 * resolution, key-state rules, access decisions (key policy, IAM identity policy, grants), and
 * the clock-driven lifecycle (automatic rotation, deletion at the end of the waiting period).
 */
import { randomUUID } from 'node:crypto';
import type { Clock, Timer } from '../clock/index.js';
import { randomBytes as defaultRandomBytes, type RandomSource } from '../crypto/index.js';
import {
  AccessDeniedException,
  DryRunOperationException,
  InvalidArnException,
  InvalidCiphertextException,
  InvalidGrantTokenException,
  KMSInternalException,
  NotFoundException,
  StoreServiceException,
  ThrottlingException,
  ValidationException,
} from '../common/errors.js';
import { AUDIT_HIDDEN_FIELDS, READ_ONLY_OPERATIONS } from './_audit-fields.js';
import type { AliasRecord, AuditRecord, GrantRecord, KeyRecord, KmsSnapshot, Mutation } from './_records.js';
import type { KmsRepository } from './_repository.js';
import { keyMetadata, newKeyRecord, rotateMaterial } from './_support.js';
import { AuditTrail } from './audit-trail.js';
import { decodeBlob } from './ciphertext-blob.js';
import {
  AWS_OWNED_ACCOUNT_ID,
  DAY_MS,
  DEFAULT_ROTATION_PERIOD_DAYS,
  EVENT_SOURCE,
  EVENT_VERSION,
  MAX_GRANTS_PER_KEY,
  MESSAGES,
} from './constants.js';
import { contextSatisfies } from './encryption-context.js';
import { aliasArn, isServicePrincipal, keyArn, parseKeyReference, principalAccount, rootPrincipal } from './identifiers.js';
import { assertKeyStateAllows, type StateRuledOperation } from './key-state.js';
import { defaultKeyPolicy, evaluatePolicy, parsePolicy, type PolicyDocument } from './policy.js';
import type { EncryptionContext, GrantOperation } from './types.js';
import { validateInput, type KmsOperationName } from './validate-input.js';

/** Settings of a KMS core. */
export interface KmsCoreSettings {
  clock: Clock;
  repository: KmsRepository;
  accountId: string;
  region: string;
  randomBytes: RandomSource;
  /** Request-rate quota (requests per second, all operations); undefined = no quota. */
  requestsPerSecond?: number;
  grantsPerKey: number;
}

/** Every operation name the core dispatches, including the non-AWS helpers. */
export type OperationName = KmsOperationName | 'GetAwsOwnedKey' | 'SetIdentityPolicy';

/** Who calls: a principal ARN (or service principal), and the service it calls through, if any. */
export interface Caller {
  principal: string;
  /** `kms:ViaService`, e.g. `cassandra.us-east-1.amazonaws.com`. */
  viaService?: string;
}

/** An operation handler: synchronous, working on in-memory state through the invocation. */
export type Handler<I, O> = (inv: Invocation, input: I) => O;

const NOT_VALIDATED: ReadonlySet<OperationName> = new Set(['GetAwsOwnedKey', 'SetIdentityPolicy']);

/** The state and machinery shared by every view (`as(principal)`) of one LocalKms. */
export class KmsCore {
  readonly settings: KmsCoreSettings;
  readonly keys = new Map<string, KeyRecord>();
  readonly aliases = new Map<string, AliasRecord>();
  readonly grants = new Map<string, GrantRecord>();
  readonly grantsByKey = new Map<string, Set<string>>();
  readonly identityPolicies = new Map<string, PolicyDocument>();
  readonly identityPolicyText = new Map<string, string>();
  /** Deleted keys (id → ARN): their ciphertext answers NotFoundException, not InvalidCiphertext. */
  readonly tombstones = new Map<string, string>();
  readonly trail = new AuditTrail();
  #writes: Promise<void> = Promise.resolve();
  #timer: Timer | undefined;
  #timerAt: number | undefined;
  #tokens: number;
  #tokensAt: number;
  #closed = false;

  constructor(settings: KmsCoreSettings) {
    this.settings = settings;
    this.#tokens = settings.requestsPerSecond ?? 0;
    this.#tokensAt = settings.clock.now();
  }

  get clock(): Clock {
    return this.settings.clock;
  }

  /** Loads a snapshot and arms the lifecycle timer. */
  load(snap: KmsSnapshot): void {
    for (const k of snap.keys) this.keys.set(k.keyId, k);
    for (const a of snap.aliases) this.aliases.set(a.name, a);
    for (const g of snap.grants) this.addGrant(g);
    for (const [p, text] of snap.identityPolicies) {
      this.identityPolicyText.set(p, text);
      this.identityPolicies.set(p, parsePolicy(text, { policyType: 'identity' }));
    }
    for (const [id, arn] of snap.tombstones) this.tombstones.set(id, arn);
    this.trail.load(snap.events);
    this.reschedule();
  }

  addGrant(g: GrantRecord): void {
    this.grants.set(g.grantId, g);
    let set = this.grantsByKey.get(g.keyId);
    if (!set) this.grantsByKey.set(g.keyId, (set = new Set()));
    set.add(g.grantId);
  }

  removeGrant(grantId: string): void {
    const g = this.grants.get(grantId);
    if (!g) return;
    this.grants.delete(grantId);
    this.grantsByKey.get(g.keyId)?.delete(grantId);
  }

  grantsOf(keyId: string): GrantRecord[] {
    const ids = this.grantsByKey.get(keyId);
    if (!ids) return [];
    return [...ids].map((id) => this.grants.get(id)!).sort((a, b) => a.createdAt - b.createdAt);
  }

  /**
   * Runs one KMS call as `principal`.
   * @returns the handler's output, once its changes and audit record are persisted
   */
  async invoke<I, O>(caller: Caller, operation: OperationName, input: I, handler: Handler<I, O>): Promise<O> {
    if (this.#closed) throw new KMSInternalException('The KMS is closed.');
    const now = this.clock.now();
    const lifecycle = this.processDue(now);
    const inv = new Invocation(this, caller, operation, now);
    let output: O | undefined;
    let failure: unknown;
    try {
      if (this.settings.requestsPerSecond !== undefined && !this.#onAwsOwnedKey(operation, input)) this.#takeToken(now);
      if (!NOT_VALIDATED.has(operation)) validateInput(operation as KmsOperationName, contextValuesAsStrings(input) ?? {});
      output = handler(inv, (contextValuesAsStrings(input) ?? {}) as I);
    } catch (e) {
      failure = e;
    }
    const mutations = [...lifecycle, ...(failure === undefined ? inv.mutations : inv.preMutations)];
    const event = inv.auditRecord(input, failure);
    if (event) {
      mutations.push({ type: 'putEvent', event, seq: this.trail.append(event) });
    }
    if (inv.rescheduleNeeded) this.reschedule();
    await this.#commit(mutations);
    if (failure !== undefined) throw failure;
    return output as O;
  }

  /** Applies and persists every lifecycle event due now (used by reads that bypass invoke). */
  async settle(): Promise<void> {
    await this.#commit(this.processDue(this.clock.now()));
  }

  /** Calls on AWS-owned keys do not count against the account's quota (seed 003, seed 001). */
  #onAwsOwnedKey(operation: OperationName, input: unknown): boolean {
    if (operation === 'GetAwsOwnedKey') return true;
    if (input === null || typeof input !== 'object') return false;
    const i = input as Record<string, unknown>;
    const owned = (ref: unknown): boolean => {
      if (typeof ref !== 'string') return false;
      const r = parseKeyReference(ref);
      return (r.kind === 'keyArn' || r.kind === 'keyId') && this.keys.get(r.keyId)?.owner !== undefined;
    };
    if (owned(i['KeyId']) || owned(i['SourceKeyId']) || owned(i['DestinationKeyId'])) return true;
    const blob = i['CiphertextBlob'];
    if (blob instanceof Uint8Array) {
      const header = decodeBlob(blob);
      if (header && this.keys.get(header.keyId)?.owner !== undefined) return true;
    }
    return false;
  }

  #takeToken(now: number): void {
    const rps = this.settings.requestsPerSecond;
    if (rps === undefined) return;
    this.#tokens = Math.min(rps, this.#tokens + ((now - this.#tokensAt) / 1000) * rps);
    this.#tokensAt = now;
    if (this.#tokens < 1) throw new ThrottlingException(MESSAGES.throttled);
    this.#tokens -= 1;
  }

  async #commit(mutations: Mutation[]): Promise<void> {
    if (mutations.length === 0) return;
    const write = this.#writes.then(() => this.settings.repository.commit(mutations));
    this.#writes = write.catch(() => undefined);
    try {
      await write;
    } catch (e) {
      throw new KMSInternalException('The KMS could not persist its state.', { cause: e });
    }
  }

  /**
   * Applies every lifecycle event due at or before `now`, in time order: automatic rotations
   * of enabled keys and deletions at the end of the waiting period. Each event is audited at
   * its own due time.
   * @returns the changes to persist
   */
  processDue(now: number): Mutation[] {
    const out: Mutation[] = [];
    if (this.#timerAt === undefined || now < this.#timerAt) return out;
    for (;;) {
      let next: { at: number; key: KeyRecord; kind: 'delete' | 'rotate' } | undefined;
      for (const key of this.keys.values()) {
        if (key.state === 'PendingDeletion' && key.deletionDate !== undefined && key.deletionDate <= now) {
          if (!next || key.deletionDate < next.at) next = { at: key.deletionDate, key, kind: 'delete' };
        } else if (key.state === 'Enabled' && key.rotation.enabled && key.rotation.nextAt !== undefined && key.rotation.nextAt <= now) {
          if (!next || key.rotation.nextAt < next.at) next = { at: key.rotation.nextAt, key, kind: 'rotate' };
        }
      }
      if (!next) break;
      if (next.kind === 'delete') this.#deleteKey(next.key, next.at, out);
      else this.#autoRotate(next.key, next.at, out);
    }
    if (out.length > 0) this.reschedule();
    return out;
  }

  #deleteKey(key: KeyRecord, at: number, out: Mutation[]): void {
    this.keys.delete(key.keyId);
    this.tombstones.set(key.keyId, key.arn);
    out.push({ type: 'delKey', keyId: key.keyId }, { type: 'putTombstone', keyId: key.keyId, arn: key.arn });
    for (const [name, a] of this.aliases) {
      if (a.targetKeyId === key.keyId) {
        this.aliases.delete(name);
        out.push({ type: 'delAlias', name });
      }
    }
    for (const g of this.grantsOf(key.keyId)) {
      this.removeGrant(g.grantId);
      out.push({ type: 'delGrant', grantId: g.grantId });
    }
    this.grantsByKey.delete(key.keyId);
    for (const m of key.materials) m.secret.zeroize();
    const event = this.serviceEvent(key, at, 'DeleteKey', undefined);
    if (event) {
      out.push({ type: 'putEvent', event, seq: this.trail.append(event) });
    }
  }

  #autoRotate(key: KeyRecord, at: number, out: Mutation[]): void {
    const previous = key.materials.at(-1)!.id;
    const m = rotateMaterial(key, at, this.settings.randomBytes, 'AUTOMATIC');
    out.push({ type: 'putKey', key });
    const event = this.serviceEvent(key, at, 'RotateKey', {
      rotationType: 'AUTOMATIC',
      keyOrigin: key.origin,
      previousKeyMaterialId: previous,
      currentKeyMaterialId: m.id,
      keyId: key.arn,
    });
    if (event) {
      out.push({ type: 'putEvent', event, seq: this.trail.append(event) });
    }
  }

  /** A CloudTrail AwsServiceEvent for a key (none for AWS-owned keys). */
  serviceEvent(key: KeyRecord, at: number, name: string, details: Record<string, unknown> | undefined): AuditRecord | undefined {
    if (key.owner) return undefined;
    return {
      eventVersion: EVENT_VERSION,
      userIdentity: { accountId: key.account, invokedBy: 'AWS Internal' },
      eventTime: cloudTrailTime(at),
      eventSource: EVENT_SOURCE,
      eventName: name,
      awsRegion: key.region,
      sourceIPAddress: 'AWS Internal',
      userAgent: 'AWS Internal',
      requestParameters: null,
      responseElements: null,
      ...(details ? { serviceEventDetails: details } : {}),
      requestID: randomUUID(),
      eventID: randomUUID(),
      readOnly: false,
      resources: [{ accountId: key.account, type: 'AWS::KMS::Key', ARN: key.arn }],
      eventType: 'AwsServiceEvent',
      managementEvent: true,
      recipientAccountId: key.account,
      eventCategory: 'Management',
    };
  }

  /**
   * Arms one clock timer for the earliest pending lifecycle event. `#timerAt` is that time, so
   * {@link processDue} costs nothing on calls made before it. Every change to a key's state,
   * rotation or deletion date must call this.
   */
  reschedule(): void {
    let at: number | undefined;
    for (const key of this.keys.values()) {
      const due =
        key.state === 'PendingDeletion'
          ? key.deletionDate
          : key.state === 'Enabled' && key.rotation.enabled
            ? key.rotation.nextAt
            : undefined;
      if (due !== undefined && (at === undefined || due < at)) at = due;
    }
    if (this.#closed) return;
    if (at === this.#timerAt && (at === undefined || this.#timer)) return;
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#timerAt = at;
    if (at === undefined) return;
    this.#timer = this.clock.scheduleAt(at, async () => {
      this.#timer = undefined;
      if (this.#closed) return;
      const mutations = this.processDue(this.clock.now());
      this.reschedule();
      await this.#commit(mutations);
    });
  }

  /** Stops the lifecycle timer and waits for pending writes. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#timer?.cancel();
    this.#timer = undefined;
    await this.#writes;
    await this.settings.repository.close();
    for (const k of this.keys.values()) for (const m of k.materials) m.secret.zeroize();
  }
}

/** The context of one call: who calls, what it touches, what it changes, what is audited. */
export class Invocation {
  readonly core: KmsCore;
  readonly principal: string;
  readonly viaService: string | undefined;
  readonly operation: OperationName;
  readonly now: number;
  /** Changes made by the operation, committed on success. */
  readonly mutations: Mutation[] = [];
  /** Changes committed even when the call fails (an AWS-managed key created on first use). */
  readonly preMutations: Mutation[] = [];
  /** Keys the call touched (audit resources). */
  readonly resources: KeyRecord[] = [];
  requestParameters: Record<string, unknown> | null | undefined;
  responseElements: Record<string, unknown> | null = null;
  additionalEventData: Record<string, unknown> | undefined;
  rescheduleNeeded = false;
  #suppressAudit = false;

  constructor(core: KmsCore, caller: Caller, operation: OperationName, now: number) {
    this.core = core;
    this.principal = caller.principal;
    this.viaService = caller.viaService;
    this.operation = operation;
    this.now = now;
  }

  get random(): RandomSource {
    return this.core.settings.randomBytes;
  }
  get accountId(): string {
    return this.core.settings.accountId;
  }
  get region(): string {
    return this.core.settings.region;
  }

  /**
   * Resolves a `KeyId` argument to a key.
   * @param ref - key id, key ARN, or (when `aliases`) alias name or alias ARN
   * @param aliases - whether this operation accepts aliases (kms.md §2)
   * @throws {@link NotFoundException} unknown or malformed key, unknown alias
   * @throws {@link InvalidArnException} an alias where only key ids and ARNs are accepted
   */
  key(ref: string, aliases: boolean): KeyRecord {
    const r = parseKeyReference(ref);
    let key: KeyRecord | undefined;
    switch (r.kind) {
      case 'malformed':
      case 'malformedArn':
        throw new NotFoundException(`Invalid keyId '${ref}'`);
      case 'keyArn': {
        if (r.region !== this.region) throw new NotFoundException(`Invalid arn ${r.region}`);
        key = this.core.keys.get(r.keyId);
        if (!key || key.account !== r.account) throw new NotFoundException(`Key '${ref}' does not exist`);
        break;
      }
      case 'keyId': {
        key = this.core.keys.get(r.keyId);
        if (!key || key.owner) throw new NotFoundException(`Key '${keyArn(this.region, this.accountId, r.keyId)}' does not exist`);
        break;
      }
      case 'aliasName':
      case 'aliasArn': {
        if (!aliases) throw new InvalidArnException(MESSAGES.aliasNotSupported);
        if (r.kind === 'aliasArn' && (r.region !== this.region || r.account !== this.accountId))
          throw new NotFoundException(`Alias ${ref} is not found.`);
        key = this.#aliasTarget(r.aliasName);
        break;
      }
    }
    this.touch(key);
    return key;
  }

  /**
   * The key a ciphertext blob names, when the call gave no KeyId.
   * @throws {@link NotFoundException} when that key was deleted
   * @throws {@link InvalidCiphertextException} when this KMS never had it (a foreign blob)
   */
  blobKey(keyId: string): KeyRecord {
    const key = this.core.keys.get(keyId);
    if (key) {
      this.touch(key);
      return key;
    }
    const arn = this.core.tombstones.get(keyId);
    if (arn !== undefined) throw new NotFoundException(`Key '${arn}' does not exist`);
    throw new InvalidCiphertextException('');
  }

  /** Records a key as a resource of this call; calls on AWS-owned keys are not audited. */
  touch(key: KeyRecord): void {
    if (key.owner) this.#suppressAudit = true;
    if (!this.resources.includes(key)) this.resources.push(key);
  }

  #aliasTarget(aliasName: string): KeyRecord {
    const alias = this.core.aliases.get(aliasName);
    if (alias) {
      const key = this.core.keys.get(alias.targetKeyId);
      if (key) return key;
    }
    const managed = /^alias\/aws\/([a-z0-9-]+)$/.exec(aliasName);
    if (managed && !alias) return this.#createAwsManagedKey(managed[1]!);
    throw new NotFoundException(`Alias ${aliasArn(this.region, this.accountId, aliasName)} is not found.`);
  }

  /** AWS-managed keys are created on first use of `alias/aws/<service>` (kms.md; seed 003). */
  #createAwsManagedKey(service: string): KeyRecord {
    const keyId = randomUUID();
    const policy = awsManagedKeyPolicy(this.accountId, this.region, service);
    const key = newKeyRecord(
      {
        keyId,
        account: this.accountId,
        region: this.region,
        now: this.now,
        description: `Default key that protects my ${service} data when no other key is defined`,
        manager: 'AWS',
        keySpec: 'SYMMETRIC_DEFAULT',
        keyUsage: 'ENCRYPT_DECRYPT',
        policy,
        parsedPolicy: parsePolicy(policy),
        rotation: { enabled: true, periodDays: DEFAULT_ROTATION_PERIOD_DAYS, nextAt: this.now + DEFAULT_ROTATION_PERIOD_DAYS * DAY_MS },
        awsManagedService: service,
      },
      this.random,
    );
    const alias: AliasRecord = { name: `alias/aws/${service}`, targetKeyId: keyId, createdAt: this.now, updatedAt: this.now };
    this.core.keys.set(keyId, key);
    this.core.aliases.set(alias.name, alias);
    this.preMutations.push({ type: 'putKey', key }, { type: 'putAlias', alias });
    this.mutations.push({ type: 'putKey', key }, { type: 'putAlias', alias });
    this.rescheduleNeeded = true;
    return key;
  }

  /** Throws what AWS answers when this operation meets the key's state. */
  state(key: KeyRecord, operation: StateRuledOperation): void {
    assertKeyStateAllows(operation, key.state, key.arn);
  }

  /**
   * Decides whether the caller may perform `action` on `key`: an explicit Deny in the key
   * policy or the caller's identity policy refuses; an Allow accepts; otherwise a grant to the
   * caller for `grantOperation` whose constraints the encryption context satisfies accepts.
   * Grant tokens given with the call must name live grants.
   * @throws {@link AccessDeniedException}
   * @throws {@link InvalidGrantTokenException}
   */
  authorize(
    key: KeyRecord,
    action: string,
    options: {
      encryptionContext?: EncryptionContext | undefined;
      grantTokens?: string[] | undefined;
      grantOperation?: GrantOperation | undefined;
      grantOperations?: string[];
      granteePrincipal?: string;
    } = {},
  ): { viaGrant?: GrantRecord } {
    for (const token of options.grantTokens ?? []) this.grantFromToken(token);
    const decision = evaluatePolicy(
      key.parsedPolicy,
      {
        principal: this.principal,
        action: `kms:${action}`,
        keyArn: key.arn,
        accountId: key.account,
        ...(this.viaService ? { viaService: this.viaService } : {}),
        ...(options.encryptionContext ? { encryptionContext: options.encryptionContext } : {}),
        ...(options.grantOperations ? { grantOperations: options.grantOperations } : {}),
        ...(options.granteePrincipal ? { granteePrincipal: options.granteePrincipal } : {}),
      },
      this.core.identityPolicies.get(this.principal),
    );
    if (decision === 'Deny') throw this.#denied(action, key.arn, 'with an explicit deny in a resource-based policy');
    const denial = (): AccessDeniedException => {
      // When the key policy would allow the account itself, what is missing is the caller's IAM
      // permission, and AWS says so.
      const rootWouldBeAllowed =
        this.principal !== rootPrincipal(key.account) &&
        evaluatePolicy(key.parsedPolicy, { principal: rootPrincipal(key.account), action: `kms:${action}`, keyArn: key.arn, accountId: key.account }) === 'Allow';
      return this.#denied(action, key.arn, `because no ${rootWouldBeAllowed ? 'identity' : 'resource'}-based policy allows the kms:${action} action`);
    };
    if (decision === 'Allow') return {};
    if (options.grantOperation) {
      for (const g of this.core.grantsOf(key.keyId)) {
        if (g.grantee !== this.principal || !g.operations.includes(options.grantOperation)) continue;
        if (!grantConstraintsHold(g, options.encryptionContext, options.grantOperation)) continue;
        return { viaGrant: g };
      }
    }
    throw denial();
  }

  /**
   * Authorizes an account-level operation (CreateKey, ListKeys, ListAliases, GenerateRandom…):
   * the account root may; another IAM principal of the account only through its identity policy.
   */
  authorizeAccount(action: string): void {
    const root = rootPrincipal(this.accountId);
    const delegating: PolicyDocument = {
      Statement: [{ Effect: 'Allow', Principal: { AWS: [root] }, Action: ['kms:*'], Resource: ['*'] }],
    };
    const decision = evaluatePolicy(
      delegating,
      { principal: this.principal, action: `kms:${action}`, keyArn: '*', accountId: this.accountId },
      this.core.identityPolicies.get(this.principal),
    );
    if (decision !== 'Allow') throw this.#denied(action, `arn:aws:kms:${this.region}:${this.accountId}:*`, `because no identity-based policy allows the kms:${action} action`);
  }

  #denied(action: string, resource: string, why: string): AccessDeniedException {
    return new AccessDeniedException(`User: ${this.principal} is not authorized to perform: kms:${action} on resource: ${resource} ${why}`);
  }

  /**
   * Finds the live grant a grant token names.
   * @throws {@link InvalidGrantTokenException} malformed token or no such live grant
   */
  grantFromToken(token: string): GrantRecord {
    const bytes = Buffer.from(token, 'base64url');
    if (bytes.length !== 48 || bytes.toString('base64url') !== token) throw new InvalidGrantTokenException('Invalid grant token');
    const grant = this.core.grants.get(bytes.subarray(0, 32).toString('hex'));
    if (!grant) throw new InvalidGrantTokenException('Invalid grant token');
    return grant;
  }

  /** Throws DryRunOperationException when DryRun is set (after every check passed). */
  dryRun(flag: boolean | undefined): void {
    if (flag === true) throw new DryRunOperationException(MESSAGES.dryRun);
  }

  /** Records a key change to persist. */
  saveKey(key: KeyRecord): void {
    this.mutations.push({ type: 'putKey', key });
  }

  /** The grant limit per key. */
  get grantsPerKey(): number {
    return this.core.settings.grantsPerKey;
  }

  /** Builds this call's CloudTrail record, or undefined when it is not audited. */
  auditRecord(input: unknown, failure: unknown): AuditRecord | undefined {
    if (this.#suppressAudit || this.operation === 'GetAwsOwnedKey' || this.operation === 'SetIdentityPolicy') return undefined;
    const event: AuditRecord = {
      eventVersion: EVENT_VERSION,
      userIdentity: userIdentity(this.principal),
      eventTime: cloudTrailTime(this.now),
      eventSource: EVENT_SOURCE,
      eventName: this.operation,
      awsRegion: this.region,
      sourceIPAddress: isServicePrincipal(this.principal) ? this.principal : '127.0.0.1',
      userAgent: isServicePrincipal(this.principal) ? this.principal : 'sealtable-local-kms',
      requestParameters: this.requestParameters === undefined ? auditParameters(input) : this.requestParameters,
      responseElements: failure === undefined ? this.responseElements : null,
      requestID: randomUUID(),
      eventID: randomUUID(),
      readOnly: READ_ONLY_OPERATIONS.has(this.operation),
      resources: this.resources.map((k) => ({ accountId: k.account, type: 'AWS::KMS::Key', ARN: k.arn })),
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: this.accountId,
      eventCategory: 'Management',
    };
    if (this.additionalEventData) event.additionalEventData = this.additionalEventData;
    // CloudTrail records a DryRun request with "dryRun": true (seed 002's example events).
    if ((input as { DryRun?: unknown } | undefined)?.DryRun === true && event.requestParameters && !('dryRun' in event.requestParameters))
      event.requestParameters = { ...event.requestParameters, dryRun: true };
    if (failure !== undefined) {
      event.errorCode = failure instanceof StoreServiceException ? failure.name : 'InternalFailure';
      event.errorMessage = failure instanceof Error ? failure.message : String(failure);
    }
    return event;
  }
}

/** Whether a grant's constraints allow a request with this context (kms.md §6). */
function grantConstraintsHold(g: GrantRecord, context: EncryptionContext | undefined, op: GrantOperation): boolean {
  const c = g.constraints;
  if (!c) return true;
  // Operations without an encryption context: DescribeKey and RetireGrant ignore constraints;
  // for CreateGrant the constraint bounds the new grant's constraint (create-grant.ts).
  if (op === 'DescribeKey' || op === 'RetireGrant' || op === 'CreateGrant') return true;
  if (c.EncryptionContextEquals) return contextSatisfies(context, c.EncryptionContextEquals, 'equals');
  if (c.EncryptionContextSubset) return contextSatisfies(context, c.EncryptionContextSubset, 'subset');
  return true;
}

const CONTEXT_MEMBERS = ['EncryptionContext', 'SourceEncryptionContext', 'DestinationEncryptionContext'] as const;

/**
 * KMS reads a number or boolean given as an encryption-context value as its string form
 * (seed 003, kms.md §5): `{ department: 10103 }` is `{ department: '10103' }`.
 * @returns the input, with such values converted (a copy only when something changed)
 */
export function contextValuesAsStrings<I>(input: I): I {
  if (input === null || typeof input !== 'object') return input;
  let out: Record<string, unknown> | undefined;
  for (const member of CONTEXT_MEMBERS) {
    const ctx = (input as Record<string, unknown>)[member];
    if (ctx === null || typeof ctx !== 'object' || Array.isArray(ctx)) continue;
    const entries = Object.entries(ctx as Record<string, unknown>);
    if (!entries.some(([, v]) => typeof v === 'number' || typeof v === 'boolean')) continue;
    out ??= { ...(input as Record<string, unknown>) };
    out[member] = Object.fromEntries(entries.map(([k, v]) => [k, typeof v === 'number' || typeof v === 'boolean' ? String(v) : v]));
  }
  return (out ?? input) as I;
}

/** The botocore message for a required member the model leaves optional but the operation needs. */
export function nullMember(member: string): ValidationException {
  return new ValidationException(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
}

/** CloudTrail's eventTime: ISO 8601 to the second, `2026-01-01T00:01:30Z`. */
export function cloudTrailTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
}

/** The CloudTrail userIdentity of a principal. */
export function userIdentity(principal: string): Record<string, unknown> {
  if (isServicePrincipal(principal)) return { type: 'AWSService', invokedBy: principal };
  const account = principalAccount(principal) ?? '';
  if (principal.endsWith(':root')) return { type: 'Root', principalId: account, arn: principal, accountId: account };
  const name = principal.slice(principal.lastIndexOf('/') + 1);
  if (principal.includes(':user/'))
    return { type: 'IAMUser', principalId: name, arn: principal, accountId: account, userName: name };
  return { type: 'AssumedRole', principalId: name, arn: principal, accountId: account };
}

/** camelCase request parameters, without the members CloudTrail never logs. */
export function auditParameters(input: unknown): Record<string, unknown> | null {
  if (input === null || typeof input !== 'object') return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
    if (AUDIT_HIDDEN_FIELDS.has(k) || v === undefined) continue;
    out[k.charAt(0).toLowerCase() + k.slice(1)] = v instanceof Uint8Array ? undefined : v;
  }
  return Object.keys(out).length === 0 ? null : out;
}

/** The key policy of an AWS-managed key: use only through the service, read by the account. */
export function awsManagedKeyPolicy(account: string, region: string, service: string): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Id: `auto-${service}-1`,
      Statement: [
        {
          Sid: `Allow access through ${service} for all principals in the account that are authorized to use ${service}`,
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
          Resource: '*',
          Condition: { StringEquals: { 'kms:CallerAccount': account, 'kms:ViaService': `${service}.${region}.amazonaws.com` } },
        },
        {
          Sid: 'Allow direct access to key metadata to the account',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${account}:root` },
          Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant'],
          Resource: '*',
        },
      ],
    },
    null,
    2,
  );
}

/** The key policy of an AWS-owned key: only the owning service principal may use it. */
export function awsOwnedKeyPolicy(service: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'aws-owned',
    Statement: [
      {
        Sid: 'Owning service only',
        Effect: 'Allow',
        Principal: { Service: service },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
      },
    ],
  });
}

export { defaultKeyPolicy, AWS_OWNED_ACCOUNT_ID, MAX_GRANTS_PER_KEY, keyMetadata, defaultRandomBytes };
