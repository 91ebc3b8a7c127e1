/**
 * @module kms/ciphertext-blob
 * The local KMS's ciphertext blob (kms.md §8: "a cleartext header protected as AAD + an
 * encrypted portion"). Layout, all lengths fixed:
 *
 * ```
 * 0      1 byte   version (0x01)
 * 1      16 bytes key id (UUID bytes)
 * 17     32 bytes key-material id (the 64-hex KeyMaterialId as bytes)
 * 49     32 bytes salt (random per blob)
 * 81     n bytes  AES-256-GCM ciphertext
 * 81+n   16 bytes GCM tag
 * ```
 * Each blob is sealed under its own key, HKDF-SHA256(material, salt, "sealtable-kms blob v1"),
 * as real KMS derives a per-request key from the backing key and a nonce; with a fresh key per
 * message the 12-byte GCM nonce is the constant zero (a counter that never advances). The AAD
 * is the 81-byte header followed by the canonical encryption context, so changing any header
 * byte, any ciphertext byte or the context fails authentication.
 */

export const BLOB_VERSION = 0x01;
export const BLOB_HEADER_LENGTH = 81;
export const BLOB_TAG_LENGTH = 16;
export const BLOB_SALT_LENGTH = 32;

/** The parsed, still unauthenticated header of a ciphertext blob. */
export interface BlobHeader {
  keyId: string;
  keyMaterialId: string;
  salt: Uint8Array;
  /** The header bytes, the first part of the AAD. */
  header: Uint8Array;
  /** Ciphertext ‖ tag. */
  sealed: Uint8Array;
}

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/**
 * Builds the header of a new blob.
 * @param keyId - UUID key id
 * @param keyMaterialId - 64 lowercase hex chars
 * @param salt - 32 random bytes
 * @returns the 81 header bytes
 */
export function encodeBlobHeader(keyId: string, keyMaterialId: string, salt: Uint8Array): Uint8Array {
  if (salt.length !== BLOB_SALT_LENGTH) throw new RangeError('salt must be 32 bytes');
  const out = new Uint8Array(BLOB_HEADER_LENGTH);
  out[0] = BLOB_VERSION;
  out.set(hexToBytes(keyId.replaceAll('-', '')), 1);
  out.set(hexToBytes(keyMaterialId), 17);
  out.set(salt, 49);
  return out;
}

/**
 * Splits a blob into header fields and sealed part; returns undefined when it cannot be a
 * blob of this KMS (callers answer InvalidCiphertextException).
 */
export function decodeBlob(blob: Uint8Array): BlobHeader | undefined {
  if (blob.length < BLOB_HEADER_LENGTH + BLOB_TAG_LENGTH || blob[0] !== BLOB_VERSION) return undefined;
  const hex = bytesToHex(blob.subarray(1, 17));
  const keyId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return {
    keyId,
    keyMaterialId: bytesToHex(blob.subarray(17, 49)),
    salt: blob.subarray(49, 81),
    header: blob.subarray(0, BLOB_HEADER_LENGTH),
    sealed: blob.subarray(BLOB_HEADER_LENGTH),
  };
}

export { bytesToHex, hexToBytes };
