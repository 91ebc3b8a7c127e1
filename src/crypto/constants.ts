/**
 * @module crypto/constants
 * Sizes and format numbers of the crypto layer: AES-256 keys (FIPS 197), AES-GCM nonces and
 * tags (NIST SP 800-38D, 96-bit IV and 128-bit tag), AES-GCM-SIV nonces (RFC 8452 §4), and
 * the version byte of the key-wrap format of {@link wrapKey}.
 */

/** Length in bytes of an AES-256 key. */
export const AES_256_KEY_LENGTH = 32;

/** Length in bytes of an AES-GCM nonce (the 96-bit IV of SP 800-38D §5.2.1.1). */
export const GCM_NONCE_LENGTH = 12;

/** Length in bytes of an AES-GCM authentication tag (128 bits, the longest allowed). */
export const GCM_TAG_LENGTH = 16;

/** Length in bytes of an AES-GCM-SIV nonce (RFC 8452 §4). */
export const SIV_NONCE_LENGTH = 12;

/** Length in bytes of an AES-GCM-SIV tag (RFC 8452 §4). */
export const SIV_TAG_LENGTH = 16;

/** The first byte of every wrapped key produced by {@link wrapKey}. */
export const WRAP_FORMAT_VERSION = 1;

/** Length in bytes of the header of a wrapped key: version byte and nonce. */
export const WRAP_HEADER_LENGTH = 1 + SIV_NONCE_LENGTH;

/** The shortest wrapped key {@link wrapKey} produces: header, a one-byte key, and the tag. */
export const WRAPPED_KEY_MIN_LENGTH = WRAP_HEADER_LENGTH + 1 + SIV_TAG_LENGTH;

/** The longest output of HKDF-SHA256: 255 blocks of 32 bytes (RFC 5869 §2.3). */
export const HKDF_SHA256_MAX_LENGTH = 255 * 32;

/** The longest `info` node:crypto `hkdfSync` accepts. */
export const HKDF_MAX_INFO_LENGTH = 1024;
