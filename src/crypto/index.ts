/**
 * @module crypto
 * The cryptographic primitives of sealtable: AES-256-GCM (two byte-identical backends),
 * AES-256-GCM-SIV key wrapping, HKDF-SHA256, randomness, constant-time comparison, and key
 * lifetime (zeroization, redacted key holders). Imports only `common`.
 */
export {
  AES_256_KEY_LENGTH,
  GCM_NONCE_LENGTH,
  GCM_TAG_LENGTH,
  SIV_NONCE_LENGTH,
  SIV_TAG_LENGTH,
  WRAP_FORMAT_VERSION,
  WRAP_HEADER_LENGTH,
  WRAPPED_KEY_MIN_LENGTH,
  HKDF_SHA256_MAX_LENGTH,
  HKDF_MAX_INFO_LENGTH,
} from './constants.js';
export { AeadAuthenticationError, KeyZeroizedError } from './errors.js';
export { nodeAead, nobleAead, seal, open } from './aead.js';
export type { Aead } from './aead.js';
export { wrapKey, unwrapKey } from './wrap.js';
export { hkdfSha256 } from './hkdf.js';
export { randomBytes, randomUuid } from './random.js';
export type { RandomSource } from './random.js';
export { constantTimeEqual } from './compare.js';
export { zeroize } from './zeroize.js';
export { SecretKey } from './secret-key.js';
