import { describe, expect, it } from 'vitest';
import * as crypto from '../../src/crypto/index.js';

describe('crypto index', () => {
  it('exports exactly the documented names', () => {
    expect(Object.keys(crypto).sort()).toEqual(
      [
        'AES_256_KEY_LENGTH',
        'AeadAuthenticationError',
        'GCM_NONCE_LENGTH',
        'GCM_TAG_LENGTH',
        'HKDF_MAX_INFO_LENGTH',
        'HKDF_SHA256_MAX_LENGTH',
        'KeyZeroizedError',
        'SIV_NONCE_LENGTH',
        'SIV_TAG_LENGTH',
        'SecretKey',
        'WRAPPED_KEY_MIN_LENGTH',
        'WRAP_FORMAT_VERSION',
        'WRAP_HEADER_LENGTH',
        'constantTimeEqual',
        'hkdfSha256',
        'nobleAead',
        'nodeAead',
        'open',
        'randomBytes',
        'randomUuid',
        'seal',
        'unwrapKey',
        'wrapKey',
        'zeroize',
      ].sort(),
    );
  });

  it('has the constants of the brief', () => {
    expect(crypto.AES_256_KEY_LENGTH).toBe(32);
    expect(crypto.GCM_NONCE_LENGTH).toBe(12);
    expect(crypto.GCM_TAG_LENGTH).toBe(16);
    expect(crypto.SIV_NONCE_LENGTH).toBe(12);
    expect(crypto.WRAP_FORMAT_VERSION).toBe(1);
  });

  it('names its error classes', () => {
    const auth = new crypto.AeadAuthenticationError('x', { cause: 'c' });
    expect(auth).toBeInstanceOf(Error);
    expect(auth.name).toBe('AeadAuthenticationError');
    expect(auth.cause).toBe('c');
    expect(new crypto.KeyZeroizedError().name).toBe('KeyZeroizedError');
  });
});
