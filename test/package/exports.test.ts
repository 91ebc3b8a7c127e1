/**
 * The built package: `tsc -p tsconfig.build.json` into a temporary directory, then the
 * compiled root module is imported and its public surface checked (DESIGN.md "Public surface";
 * STYLE.md: one smoke test imports the build, not the sources).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
let outDir = '';

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'sealtable-dist-'));
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', outDir], {
    cwd: root,
    stdio: 'pipe',
  });
}, 120_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('the built package', () => {
  it('package.json exports map points at dist/index.js with its types', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, { types: string; default: string }>; type: string };
    expect(pkg.type).toBe('module');
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
  });

  it('compiles the root module and its declarations', () => {
    expect(existsSync(join(outDir, 'index.js'))).toBe(true);
    expect(existsSync(join(outDir, 'index.d.ts'))).toBe(true);
  });

  it('the root exports LocalKms, ManualClock, SystemClock and the AWS-named errors, and they work', async () => {
    const mod = (await import(pathToFileURL(join(outDir, 'index.js')).href)) as typeof import('../../src/index.js');
    expect(typeof mod.LocalKms.open).toBe('function');
    expect(typeof mod.ManualClock).toBe('function');
    expect(typeof mod.SystemClock).toBe('function');
    const clock = new mod.ManualClock(Date.parse('2026-01-01T00:00:00Z'));
    const kms = await mod.LocalKms.open({ clock });
    const { KeyMetadata } = await kms.createKey({});
    expect(KeyMetadata.KeyState).toBe('Enabled');
    await kms.disableKey({ KeyId: KeyMetadata.KeyId });
    const err = await kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: new Uint8Array([1]) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(mod.DisabledException);
    expect((err as Error).name).toBe('DisabledException');
    await kms.close();
  });
});
