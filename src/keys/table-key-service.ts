/**
 * @module keys/table-key-service
 * Table keys under KMS keys (DESIGN.md "The key hierarchy", "Table-key cache"; seed 001
 * "Hiérarchie de clés", "Clé de table", "Mise en cache des clés de table"). A table key is a
 * KMS data key: made by GenerateDataKey under the table's KMS key, stored only as its
 * ciphertext blob, and brought back by Decrypt into the table-key cache, where it lives while it
 * is used (5 idle minutes by default) and is zeroized when it leaves.
 *
 * The calls follow Amazon Keyspaces: on the AWS-owned key the service uses its own key
 * (invisible to the customer: no audit events); on a customer-managed key the caller describes
 * the key and creates a grant that lets the service principal use it for this table's
 * encryption context only, and the service then makes and decrypts the table key itself, through
 * `kms:ViaService` `cassandra.<region>.amazonaws.com`.
 */
import type { Clock } from '../clock/index.js';
import { ValidationException } from '../common/errors.js';
import { needs } from '../common/needs.js';
import { SecretKey, zeroize, type RandomSource } from '../crypto/index.js';
import type { GrantOperation, KeyMetadataResponse } from '../kms/index.js';
import { assertInteger, assertObject, assertText, describeType } from './_assert.js';
import {
  AWS_OWNED_TABLE_KEY_NAME,
  DEFAULT_BLOCK_CACHE_BYTES,
  DEFAULT_SERVICE_PRINCIPAL,
  DEFAULT_TABLE_KEY_CACHE_ENTRIES,
  DEFAULT_TABLE_KEY_IDLE_MS,
  ENCRYPTION_CONTEXT_KEYS,
  ENCRYPTION_TYPES,
  SERVICE_GRANT_OPERATIONS,
  TABLE_KEY_LENGTH,
} from './constants.js';
import { tableKeyEncryptionContext } from './encryption-context.js';
import { TableKeyCache, type TableKeyLoad } from './table-key-cache.js';
import { TableKeyEntry } from './table-key-entry.js';
import type { EncryptionSpecification, TableIdentity, TableKeyKms, TableKeyRecord } from './types.js';

/** Options of {@link TableKeyService}. */
export interface TableKeyServiceOptions {
  /** The KMS, calling as the customer (the account root or the role that manages tables). */
  kms: TableKeyKms;
  /** The clock of idle and age expiry and of record times. */
  clock: Clock;
  /** The service principal that uses the KMS keys. Default `cassandra.amazonaws.com`. */
  servicePrincipal?: string;
  /** Idle period of a cached table key (ms). Default 300,000 (Keyspaces' 5 minutes). */
  idleMs?: number;
  /** Absolute maximum age of a cached table key (ms), however much it is used. Default: none. */
  maxAgeMs?: number;
  /** Most table-key versions cached. Default 1000. */
  maxEntries?: number;
  /** Byte budget of each entry's decrypted-block cache. Default 64 MiB. */
  blockCacheBytes?: number;
  /** Source of DEK-wrap nonces. Default: the system CSPRNG. */
  randomBytes?: RandomSource;
}

/** A grant made while creating a table key. */
interface MadeGrant {
  readonly id: string;
  readonly token: string;
  /** The automatic-backup grant (not the table-operations one). */
  readonly backup?: boolean;
}

/**
 * Makes table keys and keeps their plaintext in a cache (one per open store).
 * @example
 * const keys = new TableKeyService({ kms, clock });
 * const record = await keys.createTableKey(table, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: 'alias/orders' });
 * const entry = await keys.entry(table, record);       // cached: no KMS call for 5 idle minutes
 * const wrapped = entry.wrapDek(dek, aad);
 */
export class TableKeyService {
  readonly #kms: TableKeyKms;
  readonly #clock: Clock;
  readonly #servicePrincipal: string;
  readonly #backupPrincipal: string;
  readonly #blockCacheBytes: number;
  readonly #randomBytes: RandomSource | undefined;
  readonly #cache: TableKeyCache;

  /**
   * @param options - kms, clock, service principal, cache settings
   * @throws {@link TypeError} naming `options.kms` or `options.clock` when it lacks what is needed
   * @throws {@link RangeError} naming a numeric option out of range, or a `servicePrincipal` that
   *   is not `<name>.amazonaws.com`
   */
  constructor(options: TableKeyServiceOptions) {
    assertObject(options, 'options');
    /* Precondition: kms has the KMS operations, as() and getAwsOwnedKey(). */
    for (const method of ['as', 'getAwsOwnedKey', 'describeKey', 'createGrant', 'generateDataKey', 'decrypt', 'retireGrant', 'revokeGrant'] as const)
      needs(typeof options.kms?.[method] === 'function', `options.kms must have a ${method}() method`, TypeError);
    /* Precondition: clock has now() and schedule(). */
    needs(typeof options.clock?.now === 'function' && typeof options.clock.schedule === 'function', 'options.clock must be a Clock', TypeError);
    const service = options.servicePrincipal ?? DEFAULT_SERVICE_PRINCIPAL;
    /* Precondition: the service principal is a service principal name, `<name>.amazonaws.com`. */
    needs(typeof service === 'string' && /^[a-z0-9-]+\.amazonaws\.com$/.test(service), 'options.servicePrincipal must look like cassandra.amazonaws.com', RangeError);
    const blockCacheBytes = options.blockCacheBytes ?? DEFAULT_BLOCK_CACHE_BYTES;
    /* Precondition: blockCacheBytes is a positive integer. */
    assertInteger(blockCacheBytes, 'options.blockCacheBytes', 1);
    this.#kms = options.kms;
    this.#clock = options.clock;
    this.#servicePrincipal = service;
    this.#backupPrincipal = `backup.${service}`;
    this.#blockCacheBytes = blockCacheBytes;
    this.#randomBytes = options.randomBytes;
    this.#cache = new TableKeyCache({
      clock: options.clock,
      idleMs: options.idleMs ?? DEFAULT_TABLE_KEY_IDLE_MS,
      maxEntries: options.maxEntries ?? DEFAULT_TABLE_KEY_CACHE_ENTRIES,
      ...(options.maxAgeMs === undefined ? {} : { maxAgeMs: options.maxAgeMs }),
      load: (request) => this._decrypt(request),
    });
  }

  /** The service principal that uses the KMS keys. */
  get servicePrincipal(): string {
    return this.#servicePrincipal;
  }

  /**
   * The principal of the store's backup and restore jobs (`backup.cassandra.amazonaws.com`): the
   * grantee of a table's backup grant, so that revoking the table-operations grant cuts the
   * table off while its backups stay restorable until the backup grant is retired.
   */
  get backupPrincipal(): string {
    return this.#backupPrincipal;
  }

  /** Number of live cached table keys (for tests and the tour). */
  get size(): number {
    return this.#cache.size;
  }

  /**
   * Makes a new table key under the specification's KMS key and caches its plaintext (so the
   * first use needs no Decrypt). AWS-owned: the service's own key. Customer-managed: DescribeKey
   * and CreateGrant as the caller (the grant lets the service principal use the key for this
   * table's encryption context only, and retire the grant), then GenerateDataKey AES_256 as the
   * service with the grant token. Nothing is left half-made: on any failure the grant is retired.
   * @param table - the table's keyspace, name and id
   * @param spec - the encryption specification
   * @param version - the table-key version, a positive integer; 1 by default
   * @returns the record to store in the catalog (no plaintext)
   * @throws {@link NotFoundException} @throws {@link DisabledException} @throws {@link KMSInvalidStateException}
   *   @throws {@link AccessDeniedException} … any KMS failure, as KMS threw it
   * @throws {@link ValidationException} when a customer-managed spec names no key, an AWS-owned
   *   spec names one, or the key is not a symmetric encryption key managed by the customer
   * @throws {@link TypeError} / {@link RangeError} naming a malformed argument
   * @example
   * const record = await keys.createTableKey({ keyspace: 'shop', table: 'orders', tableId }, { type: 'AWS_OWNED_KMS_KEY' });
   */
  async createTableKey(table: TableIdentity, spec: EncryptionSpecification, version = 1): Promise<TableKeyRecord> {
    checkTable(table);
    assertObject(spec, 'spec');
    /* Precondition: the encryption type is AWS_OWNED_KMS_KEY or CUSTOMER_MANAGED_KMS_KEY. */
    needs((ENCRYPTION_TYPES as readonly unknown[]).includes(spec.type), `spec.type must be one of ${ENCRYPTION_TYPES.join(', ')}`, RangeError);
    if (spec.type === 'CUSTOMER_MANAGED_KMS_KEY') {
      /* Precondition: a customer-managed specification names its KMS key. */
      needs(typeof spec.kmsKeyIdentifier === 'string' && spec.kmsKeyIdentifier.length > 0, 'kms_key_identifier is required when encryption_type is CUSTOMER_MANAGED_KMS_KEY.', ValidationException);
    } else {
      /* Precondition: an AWS-owned specification names no KMS key. */
      needs(spec.kmsKeyIdentifier === undefined, 'kms_key_identifier must not be given when encryption_type is AWS_OWNED_KMS_KEY.', ValidationException);
    }
    /* Precondition: the table-key version is a positive integer. */
    assertInteger(version, 'version', 1);
    this._assertOpen();
    return this._createTableKey(table, spec, version);
  }

  /**
   * The live cache entry of a table-key version: cached (its idle timer restarts), or brought
   * back by one KMS Decrypt as the service, shared by every concurrent miss. A KMS failure is
   * thrown as is and not cached: the next call asks KMS again.
   * @param table - the table the record belongs to
   * @param record - the table-key record from the catalog
   * @returns the entry (owned by the cache: do not zeroize it)
   * @throws {@link DisabledException} @throws {@link AccessDeniedException} @throws {@link KMSInvalidStateException}
   *   @throws {@link NotFoundException} @throws {@link InvalidCiphertextException} … any KMS failure, as KMS threw it
   * @throws {@link TypeError} / {@link RangeError} naming a malformed argument
   * @throws {@link Error} after {@link TableKeyService.close}
   * @example
   * const entry = await keys.entry(table, record);
   */
  async entry(table: TableIdentity, record: TableKeyRecord): Promise<TableKeyEntry> {
    checkTable(table);
    checkRecord(record);
    this._assertOpen();
    return this.#cache.get({ table, record });
  }

  /**
   * The entry of a table-key version when it is cached and live, without a KMS call or a wait
   * (its idle timer restarts); undefined otherwise — then call {@link TableKeyService.entry}.
   * @example
   * const entry = keys.cachedEntry(table, record) ?? (await keys.entry(table, record));
   */
  cachedEntry(table: TableIdentity, record: TableKeyRecord): TableKeyEntry | undefined {
    if (this.#cache.isClosed) return undefined;
    return this.#cache.peek({ table, record });
  }

  /**
   * Drops and zeroizes the cached entries of a table, every version (and aborts their loads).
   * @param tableId - the table
   * @throws {@link TypeError} / {@link RangeError} naming `tableId` when it is not a non-empty string
   * @example
   * keys.evict(table.tableId); // the next entry() calls KMS Decrypt
   */
  evict(tableId: string): void {
    /* Precondition: tableId is a non-empty string. */
    assertText(tableId, 'tableId');
    this.#cache.evict(tableId);
  }

  /**
   * Retires the grants of a record, as the service principal (their retiring principal).
   * Grants already gone (retired, revoked, key deleted) are skipped.
   * @param record - the table-key record
   * @throws {@link AccessDeniedException} … any other KMS failure, as KMS threw it
   * @example
   * await keys.retireGrants(oldRecord); // after the table is deleted or its key changed
   */
  async retireGrants(record: TableKeyRecord, which: 'table' | 'backup' | 'all' = 'all'): Promise<void> {
    checkRecord(record);
    const service = this._service(record.kmsKeyArn);
    const ids = [...(which === 'backup' ? [] : record.grantIds), ...(which === 'table' ? [] : (record.backupGrantIds ?? []))];
    for (const grantId of ids) {
      try {
        await service.retireGrant({ KeyId: record.kmsKeyArn, GrantId: grantId });
      } catch (error) {
        if (!(error instanceof Error && error.name === 'NotFoundException')) throw error;
      }
    }
  }

  /**
   * DescribeKey of a table's KMS key as the service principal, through the table's grant (its
   * state tells the monitor whether the key is enabled, disabled, pending deletion).
   * @throws {@link NotFoundException} once the key is deleted; {@link AccessDeniedException}
   *   when the grant is gone; any KMS failure, as KMS threw it
   */
  async describeKey(keyArn: string, as: 'table' | 'backup' = 'table'): Promise<KeyMetadataResponse> {
    assertText(keyArn, 'keyArn');
    return this._service(keyArn, as).describeKey({ KeyId: keyArn });
  }

  /**
   * Checks, without unwrapping anything, that the service may still decrypt a table key: a
   * KMS Decrypt with DryRun as the service principal (key state, key policy and grant are all
   * evaluated; the audit trail records it with `dryRun: true`).
   * @throws the KMS error that a real Decrypt would throw (DisabledException, AccessDeniedException…)
   */
  async checkAccess(table: TableIdentity, record: TableKeyRecord, as: 'table' | 'backup' = 'table'): Promise<void> {
    checkTable(table);
    checkRecord(record);
    try {
      await this._service(record.kmsKeyArn, as).decrypt({
        KeyId: record.kmsKeyArn,
        CiphertextBlob: new Uint8Array(Buffer.from(record.ciphertextBlob, 'base64')),
        EncryptionContext: tableKeyEncryptionContext(table, record.version),
        DryRun: true,
      });
    } catch (error) {
      if (error instanceof Error && error.name === 'DryRunOperationException') return;
      throw error;
    }
  }

  /**
   * Retires grants by id on a key, as the service (their retiring principal); grants already
   * gone are skipped. For a job that keeps only the key ARN and the grant ids (no wrapped key).
   * @throws {@link AccessDeniedException} … any other KMS failure, as KMS threw it
   */
  async retireGrantIds(kmsKeyArn: string, grantIds: readonly string[]): Promise<void> {
    assertText(kmsKeyArn, 'kmsKeyArn');
    for (const grantId of grantIds) {
      try {
        await this._service(kmsKeyArn).retireGrant({ KeyId: kmsKeyArn, GrantId: grantId });
      } catch (error) {
        if (!(error instanceof Error && error.name === 'NotFoundException')) throw error;
      }
    }
  }

  /**
   * Zeroizes every cached key and stops every timer; `entry()` and `createTableKey()` then throw.
   * @example
   * keys.close();
   */
  close(): void {
    this.#cache.close();
  }

  /** The work of {@link TableKeyService.createTableKey}, arguments checked. */
  protected async _createTableKey(table: TableIdentity, spec: EncryptionSpecification, version: number): Promise<TableKeyRecord> {
    const encryptionContext = tableKeyEncryptionContext(table, version);
    const grants: MadeGrant[] = [];
    let keyArn: string | undefined;
    try {
      if (spec.type === 'AWS_OWNED_KMS_KEY') {
        const { KeyMetadata } = await this.#kms.as(this.#servicePrincipal).getAwsOwnedKey({ Name: AWS_OWNED_TABLE_KEY_NAME });
        keyArn = KeyMetadata.Arn;
      } else {
        const { KeyMetadata } = await this.#kms.describeKey({ KeyId: spec.kmsKeyIdentifier! });
        /* Precondition: a customer-managed table key is under a customer-managed key. */
        needs(KeyMetadata.KeyManager === 'CUSTOMER', `${KeyMetadata.Arn} is not a customer managed key.`, ValidationException);
        /* Precondition: the KMS key is a symmetric encryption key. */
        needs(KeyMetadata.KeySpec === 'SYMMETRIC_DEFAULT' && KeyMetadata.KeyUsage === 'ENCRYPT_DECRYPT', `${KeyMetadata.Arn} is not a symmetric encryption key.`, ValidationException);
        keyArn = KeyMetadata.Arn;
        const { GrantId, GrantToken } = await this.#kms.createGrant({
          KeyId: keyArn,
          GranteePrincipal: this.#servicePrincipal,
          RetiringPrincipal: this.#servicePrincipal,
          Operations: [...SERVICE_GRANT_OPERATIONS] as GrantOperation[],
          Constraints: { EncryptionContextSubset: { [ENCRYPTION_CONTEXT_KEYS.tableId]: table.tableId } },
          Name: grantName(table.tableId, version),
        });
        grants.push({ id: GrantId, token: GrantToken });
        // The second grant a table holds (seed 001: «Chaque table … nécessite 2 autorisations»):
        // for automatic backups and restores, retired 42 days after the table is deleted.
        const backup = await this.#kms.createGrant({
          KeyId: keyArn,
          GranteePrincipal: this.#backupPrincipal,
          RetiringPrincipal: this.#servicePrincipal,
          Operations: ['Decrypt', 'DescribeKey', 'RetireGrant'] as GrantOperation[],
          Constraints: { EncryptionContextSubset: { [ENCRYPTION_CONTEXT_KEYS.tableId]: table.tableId } },
          Name: `${grantName(table.tableId, version)}_backup`.slice(0, 256),
        });
        grants.push({ id: backup.GrantId, token: backup.GrantToken, backup: true });
      }
      const made = await this._service(keyArn).generateDataKey({
        KeyId: keyArn,
        KeySpec: 'AES_256',
        EncryptionContext: encryptionContext,
        ...(grants.length > 0 ? { GrantTokens: grants.filter((g) => !g.backup).map((g) => g.token) } : {}),
      });
      let entry: TableKeyEntry;
      try {
        /* Precondition: KMS returned a 32-byte table key. */
        needs(made.Plaintext.length === TABLE_KEY_LENGTH, `GenerateDataKey returned ${made.Plaintext.length} bytes, expected ${TABLE_KEY_LENGTH}`);
        entry = this._newEntry(table.tableId, version, made.Plaintext);
      } finally {
        zeroize(made.Plaintext);
      }
      const record: TableKeyRecord = {
        version,
        encryptionType: spec.type,
        kmsKeyArn: made.KeyId,
        ciphertextBlob: Buffer.from(made.CiphertextBlob).toString('base64'),
        encryptionContext,
        grantIds: grants.filter((g) => !g.backup).map((g) => g.id),
        ...(grants.some((g) => g.backup) ? { backupGrantIds: grants.filter((g) => g.backup).map((g) => g.id) } : {}),
        createdAt: this.#clock.now(),
      };
      this.#cache.seed({ table, record }, entry);
      return record;
    } catch (error) {
      if (keyArn !== undefined) await this._undoGrants(keyArn, grants);
      throw error;
    }
  }

  /** The cache's loader (and a restore job's): one KMS Decrypt as the service (or its backup jobs), with the context recomputed from the table. */
  protected async _decrypt({ table, record }: TableKeyLoad, as: 'table' | 'backup' = 'table'): Promise<TableKeyEntry> {
    const { Plaintext } = await this._service(record.kmsKeyArn, as).decrypt({
      KeyId: record.kmsKeyArn,
      CiphertextBlob: new Uint8Array(Buffer.from(record.ciphertextBlob, 'base64')),
      EncryptionContext: tableKeyEncryptionContext(table, record.version),
    });
    try {
      /* Precondition: the table key KMS returns is 32 bytes. */
      needs(Plaintext.length === TABLE_KEY_LENGTH, `Decrypt returned ${Plaintext.length} bytes for a table key, expected ${TABLE_KEY_LENGTH}`);
      return this._newEntry(table.tableId, record.version, Plaintext);
    } finally {
      zeroize(Plaintext);
    }
  }

  /** A cache entry holding a copy of `plaintext` (the caller wipes its own). */
  protected _newEntry(tableId: string, version: number, plaintext: Uint8Array): TableKeyEntry {
    return new TableKeyEntry({
      tableId,
      version,
      key: SecretKey.copyOf(plaintext),
      createdAt: this.#clock.now(),
      blockCacheBytes: this.#blockCacheBytes,
      ...(this.#randomBytes === undefined ? {} : { randomBytes: this.#randomBytes }),
    });
  }

  /** The KMS as the service principal (or its backup jobs'), through `cassandra.<region of the key>.amazonaws.com`. */
  protected _service(keyArn: string, as: 'table' | 'backup' = 'table'): TableKeyKms {
    const region = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):/.exec(keyArn)?.[1];
    const name = this.#servicePrincipal.slice(0, -'.amazonaws.com'.length);
    return this.#kms.as(as === 'backup' ? this.#backupPrincipal : this.#servicePrincipal, region === undefined ? {} : { viaService: `${name}.${region}.amazonaws.com` });
  }

  /**
   * A table key decrypted once by the backup principal (through the backup grant), outside the
   * cache, for a restore job: the caller owns the entry and must zeroize it.
   * @throws the KMS error, as KMS threw it
   */
  async backupEntry(table: TableIdentity, record: TableKeyRecord): Promise<TableKeyEntry> {
    checkTable(table);
    checkRecord(record);
    this._assertOpen();
    return this._decrypt({ table, record }, record.encryptionType === 'CUSTOMER_MANAGED_KMS_KEY' ? 'backup' : 'table');
  }

  /** Retires grants made by a failed creation (as the service), else revokes them (as the caller). */
  protected async _undoGrants(keyArn: string, grants: readonly MadeGrant[]): Promise<void> {
    for (const grant of grants) {
      try {
        await this._service(keyArn).retireGrant({ KeyId: keyArn, GrantId: grant.id });
      } catch {
        try {
          await this.#kms.revokeGrant({ KeyId: keyArn, GrantId: grant.id });
        } catch {
          // Best effort: the creation's own failure is what the caller must see.
        }
      }
    }
  }

  /** Throws once closed. */
  protected _assertOpen(): void {
    needs(!this.#cache.isClosed, 'the table-key service is closed');
  }
}

/** Grant names allow `[a-zA-Z0-9:/_-]`, 1..256 characters. */
function grantName(tableId: string, version: number): string {
  return `sealtable_${tableId.replace(/[^a-zA-Z0-9:/_-]/g, '_')}_v${version}`.slice(0, 256);
}

function checkTable(table: TableIdentity): void {
  assertObject(table, 'table');
  /* Precondition: a table has a keyspace name, a table name and an id. */
  assertText(table.keyspace, 'table.keyspace');
  assertText(table.table, 'table.table');
  assertText(table.tableId, 'table.tableId');
}

function checkRecord(record: TableKeyRecord): void {
  assertObject(record, 'record');
  /* Precondition: a table-key record has a version, a key ARN, a blob and grant ids. */
  assertInteger(record.version, 'record.version', 1);
  assertText(record.kmsKeyArn, 'record.kmsKeyArn');
  assertText(record.ciphertextBlob, 'record.ciphertextBlob');
  needs(Array.isArray(record.grantIds), `record.grantIds must be an array, got ${describeType(record.grantIds)}`, TypeError);
}
