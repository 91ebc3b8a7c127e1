/**
 * @module bench/kms
 * What the root of the key hierarchy costs: AES-256-GCM through node:crypto (OpenSSL) and
 * through @noble/ciphers (pure JS) at 64 B / 4 KiB / 1 MiB, and LocalKms Encrypt, Decrypt and
 * GenerateDataKey (in memory, manual clock). Every task's output is checked before timing.
 * Run: `npm run bench` (flags: `--time <ms>` per task, default 300).
 */
import { parseArgs } from 'node:util';
import { Bench } from 'tinybench';
import { ManualClock } from '../src/clock/index.js';
import { nobleAead, nodeAead, randomBytes } from '../src/crypto/index.js';
import { LocalKms } from '../src/kms/index.js';

const { values } = parseArgs({ options: { time: { type: 'string', default: '300' } } });
const time = Number(values.time);

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

const key = randomBytes(32);
const nonce = randomBytes(12);
const aad = randomBytes(32);
const sizes = [
  ['64 B', 64],
  ['4 KiB', 4096],
  ['1 MiB', 1 << 20],
] as const;

const aes = new Bench({ time, throws: true });
for (const [label, n] of sizes) {
  const data = randomBytes(n);
  const sealed = nodeAead.seal(key, nonce, data, aad);
  // Cross-validate before timing: both backends produce the same bytes and open each other's.
  if (!equal(sealed, nobleAead.seal(key, nonce, data, aad)) || !equal(nobleAead.open(key, nonce, sealed, aad), data))
    throw new Error(`backends disagree at ${label}`);
  aes.add(`seal node:crypto ${label}`, () => void nodeAead.seal(key, nonce, data, aad));
  if (n <= 4096) aes.add(`seal @noble/ciphers ${label}`, () => void nobleAead.seal(key, nonce, data, aad));
  aes.add(`open node:crypto ${label}`, () => void nodeAead.open(key, nonce, sealed, aad));
}

const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
const kms = await LocalKms.open({ clock });
const { KeyMetadata } = await kms.createKey({ Description: 'bench' });
const context = { table: 'bench.t', tableId: '1' };
const secret = randomBytes(32);
const enc = await kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: secret, EncryptionContext: context });
const dec = await kms.decrypt({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: context });
if (!equal(dec.Plaintext, secret)) throw new Error('KMS round trip failed');

const kmsBench = new Bench({ time, throws: true });
kmsBench
  .add('LocalKms Encrypt 32 B', async () => void (await kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: secret, EncryptionContext: context })))
  .add('LocalKms Decrypt 32 B', async () => void (await kms.decrypt({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: context })))
  .add('LocalKms GenerateDataKey AES_256', async () =>
    void (await kms.generateDataKey({ KeyId: KeyMetadata.KeyId, KeySpec: 'AES_256', EncryptionContext: context })),
  );

await aes.run();
console.log('AES-256-GCM');
console.table(aes.table());
await kmsBench.run();
console.log('LocalKms (in memory; every call validated, authorized and audited)');
console.table(kmsBench.table());
await kms.close();
