/**
 * @module kms/_repository
 * Where the local KMS keeps its state (layer-internal). In memory, nothing is kept. With a
 * path, the KMS owns a directory apart from any table store:
 *
 * ```
 * <path>/root-secret   32 random bytes, mode 0600, made on first open
 * <path>/db/           LevelDB: k:<keyId>, a:<alias>, g:<grantId>, e:<sequence>, i:<principal>,
 *                      d:<keyId> (the ARN of a deleted key)
 * ```
 * Values are JSON. Key material is stored only sealed (AES-GCM-SIV key wrap) under the root
 * secret, with the key id and material id as associated data, so a material record moved to
 * another key does not open. Each KMS operation commits its changes as one batch, synced
 * when it changes keys, aliases or grants.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Level } from 'level';
import { randomBytes, SecretKey, unwrapKey, wrapKey, zeroize } from '../crypto/index.js';
import { KMSInternalException } from '../common/errors.js';
import { parsePolicy } from './policy.js';
import type { AliasRecord, AuditRecord, GrantRecord, KeyRecord, KmsSnapshot, MaterialRecord, Mutation } from './_records.js';

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** Persistence of the KMS state. */
export interface KmsRepository {
  load(): Promise<KmsSnapshot>;
  commit(mutations: readonly Mutation[]): Promise<void>;
  close(): Promise<void>;
}

/** A repository that keeps nothing (an in-memory KMS). */
export class MemoryRepository implements KmsRepository {
  async load(): Promise<KmsSnapshot> {
    return { keys: [], aliases: [], grants: [], events: [], identityPolicies: [], tombstones: [] };
  }
  async commit(): Promise<void> {}
  async close(): Promise<void> {}
}

interface StoredMaterial {
  id: string;
  createdAt: number;
  rotationType?: 'AUTOMATIC' | 'ON_DEMAND';
  sealed: string;
}

function materialAad(keyId: string, materialId: string): Uint8Array {
  return utf8.encode(`sealtable-kms material v1\u0000${keyId}\u0000${materialId}`);
}

const toBase64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
const fromBase64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));

/** A repository on LevelDB, with key material sealed under a root secret file. */
export class LevelRepository implements KmsRepository {
  readonly #db: Level<Uint8Array, Uint8Array>;
  readonly #root: SecretKey;

  private constructor(db: Level<Uint8Array, Uint8Array>, root: SecretKey) {
    this.#db = db;
    this.#root = root;
  }

  /**
   * Opens (creating if needed) the KMS directory.
   * @param path - the KMS's own directory
   */
  static async open(path: string): Promise<LevelRepository> {
    await mkdir(path, { recursive: true, mode: 0o700 });
    const rootPath = join(path, 'root-secret');
    let rootBytes: Uint8Array;
    try {
      rootBytes = new Uint8Array(await readFile(rootPath));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new KMSInternalException(`cannot read ${rootPath}`, { cause: e });
      /* Precondition: a KMS directory that already holds keys keeps its root secret (a new one would unseal nothing). */
      if (existsSync(join(path, 'db')))
        throw new KMSInternalException(`The root secret ${rootPath} is missing: the keys under ${join(path, 'db')} cannot be unsealed.`);
      rootBytes = randomBytes(32);
      // Written beside, then renamed: a kill mid-write never leaves a short root secret behind.
      const partial = `${rootPath}.${process.pid}.tmp`;
      await writeFile(partial, rootBytes, { mode: 0o600, flag: 'w' });
      await rename(partial, rootPath);
    }
    if (rootBytes.length !== 32) throw new KMSInternalException(`root secret at ${rootPath} is not 32 bytes`);
    const root = SecretKey.copyOf(rootBytes);
    zeroize(rootBytes);
    const db = new Level<Uint8Array, Uint8Array>(join(path, 'db'), { keyEncoding: 'view', valueEncoding: 'view' });
    await db.open();
    return new LevelRepository(db, root);
  }

  /**
   * Loads everything; on failure the database is closed so a later open is not locked out.
   * @throws {@link KMSInternalException} with the cause, e.g. a material that does not unseal
   */
  async load(): Promise<KmsSnapshot> {
    try {
      return await this.#load();
    } catch (e) {
      await this.close().catch(() => undefined);
      throw new KMSInternalException('The KMS state could not be loaded (wrong root secret or damaged store).', { cause: e });
    }
  }

  async #load(): Promise<KmsSnapshot> {
    const snap: KmsSnapshot = { keys: [], aliases: [], grants: [], events: [], identityPolicies: [], tombstones: [] };
    for await (const [k, v] of this.#db.iterator()) {
      const key = fromUtf8.decode(k);
      const value = JSON.parse(fromUtf8.decode(v)) as unknown;
      switch (key.slice(0, 2)) {
        case 'k:':
          snap.keys.push(this.#decodeKey(value as KeyRecord & { materials: StoredMaterial[] }));
          break;
        case 'a:':
          snap.aliases.push(value as AliasRecord);
          break;
        case 'g:':
          snap.grants.push(value as GrantRecord);
          break;
        case 'e:':
          snap.events.push(value as AuditRecord);
          break;
        case 'i:':
          snap.identityPolicies.push([key.slice(2), value as string]);
          break;
        case 'd:':
          snap.tombstones.push([key.slice(2), value as string]);
          break;
      }
    }
    return snap;
  }

  async commit(mutations: readonly Mutation[]): Promise<void> {
    if (mutations.length === 0) return;
    const batch = this.#db.batch();
    let durable = false;
    for (const m of mutations) {
      switch (m.type) {
        case 'putKey':
          batch.put(utf8.encode(`k:${m.key.keyId}`), utf8.encode(JSON.stringify(this.#encodeKey(m.key))));
          durable = true;
          break;
        case 'delKey':
          batch.del(utf8.encode(`k:${m.keyId}`));
          durable = true;
          break;
        case 'putTombstone':
          batch.put(utf8.encode(`d:${m.keyId}`), utf8.encode(JSON.stringify(m.arn)));
          durable = true;
          break;
        case 'putAlias':
          batch.put(utf8.encode(`a:${m.alias.name}`), utf8.encode(JSON.stringify(m.alias)));
          durable = true;
          break;
        case 'delAlias':
          batch.del(utf8.encode(`a:${m.name}`));
          durable = true;
          break;
        case 'putGrant':
          batch.put(utf8.encode(`g:${m.grant.grantId}`), utf8.encode(JSON.stringify(m.grant)));
          durable = true;
          break;
        case 'delGrant':
          batch.del(utf8.encode(`g:${m.grantId}`));
          durable = true;
          break;
        case 'putEvent':
          batch.put(utf8.encode(`e:${String(m.seq).padStart(12, '0')}`), utf8.encode(JSON.stringify(m.event)));
          break;
        case 'putIdentityPolicy':
          if (m.policy === undefined) batch.del(utf8.encode(`i:${m.principal}`));
          else batch.put(utf8.encode(`i:${m.principal}`), utf8.encode(JSON.stringify(m.policy)));
          durable = true;
          break;
      }
    }
    await batch.write({ sync: durable });
  }

  async close(): Promise<void> {
    await this.#db.close();
    this.#root.zeroize();
  }

  #encodeKey(key: KeyRecord): unknown {
    const { materials, parsedPolicy: _parsed, ...rest } = key;
    const stored: StoredMaterial[] = materials.map((m) => ({
      id: m.id,
      createdAt: m.createdAt,
      ...(m.rotationType ? { rotationType: m.rotationType } : {}),
      sealed: toBase64(wrapKey(this.#root.bytes, m.secret.bytes, materialAad(key.keyId, m.id))),
    }));
    return { ...rest, materials: stored };
  }

  #decodeKey(stored: Omit<KeyRecord, 'materials'> & { materials: StoredMaterial[] }): KeyRecord {
    const materials: MaterialRecord[] = stored.materials.map((m) => ({
      id: m.id,
      createdAt: m.createdAt,
      ...(m.rotationType ? { rotationType: m.rotationType } : {}),
      secret: SecretKey.adopt(unwrapKey(this.#root.bytes, fromBase64(m.sealed), materialAad(stored.keyId, m.id))),
    }));
    return { ...stored, materials, parsedPolicy: parsePolicy(stored.policy) };
  }
}
