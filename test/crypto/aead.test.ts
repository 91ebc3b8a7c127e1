import { describe, expect, it } from 'vitest';
import {
  AeadAuthenticationError,
  nobleAead,
  nodeAead,
  open,
  seal,
  type Aead,
} from '../../src/crypto/index.js';
import {
  bytesOfLengths,
  expectArgumentError,
  expectOwnUint8Array,
  hex,
  loadVectors,
  NOT_BYTES,
  toHex,
} from './_helpers.js';

interface GcmVector {
  id: string;
  comment?: string;
  key: string;
  iv: string;
  aad: string;
  msg: string;
  ct: string;
  tag: string;
  result: 'valid' | 'invalid';
}
interface GcmVectorFile {
  groups: { source: string; tests: GcmVector[] }[];
}

const file = loadVectors<GcmVectorFile>('aes-gcm.json');
const vectors = file.groups.flatMap((group) =>
  group.tests.map((v) => ({ ...v, title: `${group.source} ${v.id}${v.comment ? ` (${v.comment})` : ''}` })),
);
const valid = vectors.filter((v) => v.result === 'valid');
const invalid = vectors.filter((v) => v.result === 'invalid');
const backends: Aead[] = [nodeAead, nobleAead];

describe('AES-256-GCM known-answer vectors (test/vectors/aes-gcm.json)', () => {
  it('has more than 20 vectors, from every source, valid and invalid ones', () => {
    expect(vectors.length).toBeGreaterThan(20);
    expect(new Set(file.groups.map((g) => g.source))).toEqual(new Set(['gcm-spec', 'nist-cavp', 'wycheproof']));
    expect(valid.length).toBeGreaterThan(0);
    expect(invalid.length).toBeGreaterThan(0);
  });

  describe.each(backends.map((b) => [b.backend, b] as const))('%s backend', (_name, aead) => {
    it.each(valid.map((v) => [v.title, v] as const))('seals and opens %s', (_title, v) => {
      const sealed = aead.seal(hex(v.key), hex(v.iv), hex(v.msg), hex(v.aad));
      expect(toHex(sealed)).toBe(v.ct + v.tag);
      const opened = aead.open(hex(v.key), hex(v.iv), hex(v.ct + v.tag), hex(v.aad));
      expect(toHex(opened)).toBe(v.msg);
    });

    it.each(invalid.map((v) => [v.title, v] as const))('refuses to open %s', (_title, v) => {
      expect(() => aead.open(hex(v.key), hex(v.iv), hex(v.ct + v.tag), hex(v.aad))).toThrow(AeadAuthenticationError);
    });
  });
});

describe.each(backends.map((b) => [b.backend, b] as const))('%s backend behaviour', (name, aead) => {
  const key = hex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
  const nonce = hex('505152535455565758595a5b');
  const plaintext = new TextEncoder().encode('sealtable row payload');
  const aad = new TextEncoder().encode('table=users');

  it('reports its backend name', () => {
    expect(aead.backend).toBe(name);
  });

  it('returns plain Uint8Arrays that own their buffers, for Buffer inputs too', () => {
    const sealed = aead.seal(Buffer.from(key), Buffer.from(nonce), Buffer.from(plaintext), Buffer.from(aad));
    expectOwnUint8Array(sealed);
    expect(sealed.length).toBe(plaintext.length + 16);
    const opened = aead.open(key, nonce, Buffer.from(sealed), aad);
    expectOwnUint8Array(opened);
    expect(opened).toEqual(plaintext);
  });

  it('opens a sealed message that sits inside a larger buffer', () => {
    const sealed = aead.seal(key, nonce, plaintext, aad);
    const framed = new Uint8Array(sealed.length + 7);
    framed.set(sealed, 3);
    const opened = aead.open(key, nonce, framed.subarray(3, 3 + sealed.length), aad);
    expectOwnUint8Array(opened);
    expect(opened).toEqual(plaintext);
  });

  it('does not modify its inputs', () => {
    const inputs = [key, nonce, plaintext, aad].map((a) => a.slice());
    const sealed = aead.seal(inputs[0]!, inputs[1]!, inputs[2]!, inputs[3]!);
    const sealedCopy = sealed.slice();
    aead.open(inputs[0]!, inputs[1]!, sealed, inputs[3]!);
    expect(inputs).toEqual([key, nonce, plaintext, aad]);
    expect(sealed).toEqual(sealedCopy);
  });

  it('throws AeadAuthenticationError for a wrong key, nonce or aad, or an altered byte', () => {
    const sealed = aead.seal(key, nonce, plaintext, aad);
    const otherKey = key.slice();
    otherKey[31]! ^= 1;
    const otherNonce = nonce.slice();
    otherNonce[0]! ^= 0x80;
    const altered = sealed.slice();
    altered[0]! ^= 1;
    const cases: (() => unknown)[] = [
      () => aead.open(otherKey, nonce, sealed, aad),
      () => aead.open(key, otherNonce, sealed, aad),
      () => aead.open(key, nonce, sealed, new TextEncoder().encode('table=userz')),
      () => aead.open(key, nonce, sealed, new Uint8Array(0)),
      () => aead.open(key, nonce, altered, aad),
      () => aead.open(key, nonce, sealed.subarray(1), aad),
    ];
    for (const attempt of cases) {
      let caught: unknown;
      try {
        attempt();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AeadAuthenticationError);
      expect((caught as Error).name).toBe('AeadAuthenticationError');
      expect((caught as Error).message).not.toContain(toHex(key));
    }
  });

  it('seals and opens an empty plaintext with empty aad (tag only)', () => {
    const sealed = aead.seal(key, nonce, new Uint8Array(0), new Uint8Array(0));
    expect(sealed.length).toBe(16);
    expect(aead.open(key, nonce, sealed, new Uint8Array(0))).toEqual(new Uint8Array(0));
  });

  describe('wrong inputs', () => {
    interface Args {
      key: Uint8Array;
      nonce: Uint8Array;
      text: Uint8Array;
      aad: Uint8Array;
    }
    const args = (): Args => ({ key: key.slice(), nonce: nonce.slice(), text: plaintext.slice(), aad: aad.slice() });
    const sealedArgs = (): Args => ({ ...args(), text: aead.seal(key, nonce, plaintext, aad) });
    const call = {
      seal: (a: Args) => aead.seal(a.key, a.nonce, a.text, a.aad),
      open: (a: Args) => aead.open(a.key, a.nonce, a.text, a.aad),
    };
    const argName = { seal: { text: 'plaintext' }, open: { text: 'sealed' } } as const;

    for (const method of ['seal', 'open'] as const) {
      const base = method === 'seal' ? args : sealedArgs;
      for (const field of ['key', 'nonce', 'text', 'aad'] as const) {
        const name = field === 'text' ? argName[method].text : field;
        it.each(NOT_BYTES)(`${method}: ${name} is not a Uint8Array (%s) → TypeError naming ${name}`, (_label, value) => {
          expectArgumentError(() => call[method]({ ...base(), [field]: value as Uint8Array }), TypeError, name);
        });
      }
      it.each(bytesOfLengths(0, 16, 24, 31, 33, 64))(`${method}: key is not 32 bytes (%s) → RangeError naming key`, (_l, value) => {
        expectArgumentError(() => call[method]({ ...base(), key: value }), RangeError, 'key');
      });
      it.each(bytesOfLengths(0, 8, 11, 13, 16))(`${method}: nonce is not 12 bytes (%s) → RangeError naming nonce`, (_l, value) => {
        expectArgumentError(() => call[method]({ ...base(), nonce: value }), RangeError, 'nonce');
      });
    }
    it.each(bytesOfLengths(0, 1, 15))('open: sealed is shorter than the 16-byte tag (%s) → RangeError naming sealed', (_l, value) => {
      expectArgumentError(() => aead.open(key, nonce, value, aad), RangeError, 'sealed');
    });
  });
});

describe('seal and open (node:crypto convenience functions)', () => {
  const key = new Uint8Array(32).fill(7);
  const nonce = new Uint8Array(12).fill(9);
  const plaintext = new TextEncoder().encode('hello');
  const aad = new Uint8Array([1, 2, 3]);

  it('give the same bytes as nodeAead and nobleAead', () => {
    const sealed = seal(key, nonce, plaintext, aad);
    expect(sealed).toEqual(nodeAead.seal(key, nonce, plaintext, aad));
    expect(sealed).toEqual(nobleAead.seal(key, nonce, plaintext, aad));
    expect(open(key, nonce, sealed, aad)).toEqual(plaintext);
  });

  it('throw AeadAuthenticationError on a bad tag', () => {
    const sealed = seal(key, nonce, plaintext, aad);
    sealed[sealed.length - 1]! ^= 0x40;
    expect(() => open(key, nonce, sealed, aad)).toThrow(AeadAuthenticationError);
  });

  it('validate their arguments like the backends', () => {
    expectArgumentError(() => seal('k' as unknown as Uint8Array, nonce, plaintext, aad), TypeError, 'key');
    expectArgumentError(() => open(key, new Uint8Array(24), new Uint8Array(16), aad), RangeError, 'nonce');
    expectArgumentError(() => open(key, nonce, new Uint8Array(16), undefined as unknown as Uint8Array), TypeError, 'aad');
  });
});

describe('the backend objects', () => {
  it('are frozen', () => {
    expect(Object.isFrozen(nodeAead)).toBe(true);
    expect(Object.isFrozen(nobleAead)).toBe(true);
  });
});
