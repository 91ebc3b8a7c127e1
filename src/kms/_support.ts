/**
 * @module kms/_support
 * Helpers shared by the KMS operations (layer-internal): key metadata, blob sealing and
 * opening, material creation, rotation, paging markers.
 */
import { createHash } from 'node:crypto';
import { AeadAuthenticationError, GCM_NONCE_LENGTH, hkdfSha256, nodeAead, SecretKey, zeroize } from '../crypto/index.js';
import { InvalidCiphertextException, InvalidMarkerException, ValidationException } from '../common/errors.js';
import { BLOB_SALT_LENGTH, bytesToHex, decodeBlob, encodeBlobHeader, type BlobHeader } from './ciphertext-blob.js';
import { DAY_MS, HMAC_ALGORITHMS, HMAC_KEY_BYTES, PAGE_LIMITS } from './constants.js';
import { encodeEncryptionContext } from './encryption-context.js';
import { keyArn } from './identifiers.js';
import type { KeyRecord, MaterialRecord } from './_records.js';
import type { EncryptionContext, KeyMetadata } from './types.js';

const BLOB_INFO = new TextEncoder().encode('sealtable-kms blob v1');
const ZERO_NONCE = new Uint8Array(GCM_NONCE_LENGTH);

/** The SDK-shaped metadata of a key record. */
export function keyMetadata(key: KeyRecord): KeyMetadata {
  const md: KeyMetadata = {
    AWSAccountId: key.account,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: new Date(key.createdAt),
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.state,
    Origin: key.origin,
    KeyManager: key.manager,
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    MultiRegion: false,
  };
  if (key.deletionDate !== undefined) md.DeletionDate = new Date(key.deletionDate);
  if (key.keySpec === 'SYMMETRIC_DEFAULT') md.EncryptionAlgorithms = ['SYMMETRIC_DEFAULT'];
  else md.MacAlgorithms = [HMAC_ALGORITHMS[key.keySpec]];
  const current = key.materials.at(-1);
  if (current && key.keySpec === 'SYMMETRIC_DEFAULT') md.CurrentKeyMaterialId = current.id;
  return md;
}

/** The number of bytes of material a key spec needs. */
export function materialLength(key: Pick<KeyRecord, 'keySpec'>): number {
  return key.keySpec === 'SYMMETRIC_DEFAULT' ? 32 : HMAC_KEY_BYTES[key.keySpec];
}

/** Makes a new key material with a fresh 64-hex KeyMaterialId. */
export function newMaterial(
  key: Pick<KeyRecord, 'keySpec'>,
  now: number,
  random: (n: number) => Uint8Array,
  rotationType?: 'AUTOMATIC' | 'ON_DEMAND',
): MaterialRecord {
  const secret = SecretKey.adopt(random(materialLength(key)));
  const id = createHash('sha256').update(random(32)).digest('hex');
  return { id, createdAt: now, ...(rotationType ? { rotationType } : {}), secret };
}

/** What differs between the keys this KMS makes (customer-managed, AWS-managed, AWS-owned). */
export interface NewKey {
  keyId: string;
  account: string;
  region: string;
  now: number;
  description: string;
  manager: KeyRecord['manager'];
  keySpec: KeyRecord['keySpec'];
  keyUsage: KeyRecord['keyUsage'];
  policy: string;
  parsedPolicy: KeyRecord['parsedPolicy'];
  rotation: KeyRecord['rotation'];
  tags?: KeyRecord['tags'];
  owner?: KeyRecord['owner'];
  awsManagedService?: string;
}

/** A new, Enabled key record with its first material. */
export function newKeyRecord(k: NewKey, random: (n: number) => Uint8Array): KeyRecord {
  const key: KeyRecord = {
    keyId: k.keyId,
    arn: keyArn(k.region, k.account, k.keyId),
    account: k.account,
    region: k.region,
    createdAt: k.now,
    description: k.description,
    state: 'Enabled',
    manager: k.manager,
    origin: 'AWS_KMS',
    keySpec: k.keySpec,
    keyUsage: k.keyUsage,
    materials: [],
    rotation: k.rotation,
    onDemandRotations: 0,
    policy: k.policy,
    parsedPolicy: k.parsedPolicy,
    tags: k.tags ?? [],
    ...(k.owner ? { owner: k.owner } : {}),
    ...(k.awsManagedService ? { awsManagedService: k.awsManagedService } : {}),
  };
  key.materials.push(newMaterial(key, k.now, random));
  return key;
}

/** The CURRENT material of a key. */
export function currentMaterial(key: KeyRecord): MaterialRecord {
  const m = key.materials.at(-1);
  if (!m) throw new Error(`key ${key.keyId} has no material`);
  return m;
}

function blobKey(material: MaterialRecord, salt: Uint8Array): Uint8Array {
  return hkdfSha256(material.secret.bytes, salt, BLOB_INFO, 32);
}

function blobAad(header: Uint8Array, context: EncryptionContext | undefined): Uint8Array {
  const ec = encodeEncryptionContext(context);
  const aad = new Uint8Array(header.length + ec.length);
  aad.set(header, 0);
  aad.set(ec, header.length);
  return aad;
}

/**
 * Seals plaintext under a key's CURRENT material, bound to the encryption context.
 * @returns the ciphertext blob (header ‖ ciphertext ‖ tag)
 */
export function sealBlob(
  key: KeyRecord,
  plaintext: Uint8Array,
  context: EncryptionContext | undefined,
  random: (n: number) => Uint8Array,
): { blob: Uint8Array; materialId: string } {
  const material = currentMaterial(key);
  const salt = random(BLOB_SALT_LENGTH);
  const header = encodeBlobHeader(key.keyId, material.id, salt);
  const dk = blobKey(material, salt);
  try {
    const sealed = nodeAead.seal(dk, ZERO_NONCE, plaintext, blobAad(header, context));
    const blob = new Uint8Array(header.length + sealed.length);
    blob.set(header, 0);
    blob.set(sealed, header.length);
    return { blob, materialId: material.id };
  } finally {
    zeroize(dk);
  }
}

/** Parses a blob's header, or answers InvalidCiphertextException (AWS sends no message). */
export function parseBlob(blob: Uint8Array): BlobHeader {
  const parsed = decodeBlob(blob);
  if (!parsed) throw new InvalidCiphertextException('');
  return parsed;
}

/**
 * Opens a parsed blob with the material it names.
 * @throws {@link InvalidCiphertextException} unknown material, tampered blob, wrong context
 */
export function openBlob(key: KeyRecord, parsed: BlobHeader, context: EncryptionContext | undefined): { plaintext: Uint8Array; materialId: string } {
  const material = key.materials.find((m) => m.id === parsed.keyMaterialId);
  if (!material) throw new InvalidCiphertextException('');
  const dk = blobKey(material, parsed.salt);
  try {
    return { plaintext: nodeAead.open(dk, ZERO_NONCE, parsed.sealed, blobAad(parsed.header, context)), materialId: material.id };
  } catch (e) {
    if (e instanceof AeadAuthenticationError) throw new InvalidCiphertextException('', { cause: e });
    throw e;
  } finally {
    zeroize(dk);
  }
}

/** Adds a new CURRENT material to a key (rotation) and returns it. */
export function rotateMaterial(key: KeyRecord, now: number, random: (n: number) => Uint8Array, type: 'AUTOMATIC' | 'ON_DEMAND'): MaterialRecord {
  const m = newMaterial(key, now, random, type);
  key.materials.push(m);
  if (type === 'AUTOMATIC' && key.rotation.enabled) key.rotation.nextAt = now + key.rotation.periodDays * DAY_MS;
  return m;
}

/** Encodes an opaque paging marker for a list kind and offset. */
export function encodeMarker(kind: string, offset: number): string {
  return Buffer.from(`${kind}:${offset}`, 'utf8').toString('base64url');
}

/**
 * Decodes a marker issued by {@link encodeMarker} for the same list kind.
 * @throws {@link InvalidMarkerException} otherwise
 */
export function decodeMarker(kind: string, marker: string | undefined): number {
  if (marker === undefined) return 0;
  const text = Buffer.from(marker, 'base64url').toString('utf8');
  const m = /^([A-Za-z]+):([0-9]{1,9})$/.exec(text);
  if (!m || m[1] !== kind) throw new InvalidMarkerException('Invalid marker');
  return Number(m[2]);
}

/**
 * One page of a list, with AWS's NextMarker/Truncated.
 * @throws {@link ValidationException} when `Limit` is above the operation's maximum
 * @throws {@link InvalidMarkerException} for a marker not issued for this list
 */
export function page<K extends keyof typeof PAGE_LIMITS, T>(
  kind: K,
  items: readonly T[],
  limit: number | undefined,
  marker: string | undefined,
): { items: T[]; NextMarker?: string; Truncated: boolean } {
  const bounds = PAGE_LIMITS[kind];
  /* Precondition: Limit is at most the operation's maximum page size. */
  if (limit !== undefined && limit > bounds.max)
    throw new ValidationException(
      `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${bounds.max}`,
    );
  limit ??= bounds.default;
  const offset = decodeMarker(kind, marker);
  const slice = items.slice(offset, offset + limit);
  const truncated = offset + limit < items.length;
  return truncated ? { items: slice, NextMarker: encodeMarker(kind, offset + limit), Truncated: true } : { items: slice, Truncated: false };
}

export { bytesToHex };
