/**
 * @module test/cli/tour
 * `npm start` runs the guided tour: it must finish without error and show each capability it
 * claims (the KMS part, the CQL table part with system_schema_mcs.tables, paging, error codes,
 * the key hierarchy and the table-key cache) — run as a child process, as a newcomer runs it.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
let out = '';

beforeAll(() => {
  out = execFileSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'src', 'cli', 'tour.ts')], { cwd: root, encoding: 'utf8', timeout: 60_000 });
}, 90_000);

describe('the tour (npm start)', () => {
  it('finishes and reports the clock time it played', () => {
    expect(out).toMatch(/Done in \d+ ms of real time, \d+ days of clock time\./);
  });

  it('creates the table in CQL under a customer-managed key and shows it in system_schema_mcs.tables as ACTIVE with that key', () => {
    expect(out).toContain("CREATE TABLE shop.orders");
    const arn = /'kms_key_identifier': '(arn:aws:kms:[^']+)'}}\n/.exec(out)?.[1];
    expect(arn).toBeDefined();
    expect(out).toMatch(new RegExp(`status='ACTIVE'.*'encryption_type': 'CUSTOMER_MANAGED_KMS_KEY', 'kms_key_identifier': '${arn!.replace(/[/.]/g, '\\$&')}'`));
  });

  it('shows a failed conditional insert, pages of at most 2 rows, and errors with their protocol codes', () => {
    expect(out).toContain('[applied]=false, total stays 12.5');
    const pages = [...out.matchAll(/page \d+: (.*)/g)].map((m) => m[1]!.replace('  (more follow)', '').split(', '));
    expect(pages.length).toBeGreaterThan(1);
    for (const p of pages) expect(p.length).toBeLessThanOrEqual(2);
    expect(out).toContain('0x2000 SyntaxException');
    expect(out).toContain('0x2200 ValidationException');
  });

  it('shows the table-key cache: no KMS call within 5 idle minutes, one Decrypt after', () => {
    expect(out).toContain('three reads 4 minutes apart: 0 KMS Decrypt');
    expect(out).toContain('one read after 5 idle minutes: 1 KMS Decrypt');
  });

  it('never prints a plaintext key: only fingerprints of wrapped keys (16 hex digits)', () => {
    expect(out).toMatch(/table key v1 {3}stored only as a KMS blob, fingerprint [0-9a-f]{16}/);
    expect(out).not.toMatch(/[0-9a-f]{64}/);
  });
});
