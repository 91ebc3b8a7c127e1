/**
 * Tags and key policies of the local KMS (kms.md §3 TagResource/UntagResource/ListResourceTags,
 * GetKeyPolicy/PutKeyPolicy/ListKeyPolicies and the default key policy; §4 "Tags per key" and
 * "Key policy"): tag limits and AWS's TagException messages, the default policy, replacing a
 * policy, the lockout safety check and its bypass, malformed policies, and CreateKey with tags
 * and a policy.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KeyMetadata, LocalKms, Tag } from '../../src/kms/index.js';
import { ACCOUNT, ROOT, expectError, expectExactError, openKms } from './_helpers.js';

const ADMIN = `arn:aws:iam::${ACCOUNT}:role/Admin`;
const LOCKOUT_MESSAGE = 'The new key policy will not allow you to update the key policy in the future.';

let kms: LocalKms;
let md: KeyMetadata;

beforeEach(async () => {
  ({ kms } = await openKms());
  md = (await kms.createKey()).KeyMetadata;
});
afterEach(async () => {
  await kms.close();
});

async function tagsOf(keyId: string): Promise<Tag[]> {
  return (await kms.listResourceTags({ KeyId: keyId })).Tags;
}
const sortTags = (tags: Tag[]): Tag[] => [...tags].sort((a, b) => (a.TagKey < b.TagKey ? -1 : a.TagKey > b.TagKey ? 1 : 0));
const manyTags = (n: number, prefix = 'k'): Tag[] => Array.from({ length: n }, (_, i) => ({ TagKey: `${prefix}${i}`, TagValue: `v${i}` }));

/** A key policy that allows everything to the Admin role only: the account root is locked out. */
function adminOnlyPolicy(): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'AdminOnly', Effect: 'Allow', Principal: { AWS: ADMIN }, Action: 'kms:*', Resource: '*' }],
  });
}

/** A key policy like the default one, with a marker Sid so that a replacement is visible. */
function rootPolicy(sid: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: sid, Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' }],
  });
}

describe('TagResource, UntagResource, ListResourceTags', () => {
  it('TagResource adds tags that ListResourceTags lists', async () => {
    await kms.tagResource({ KeyId: md.KeyId, Tags: [{ TagKey: 'team', TagValue: 'shop' }, { TagKey: 'env', TagValue: 'prod' }] });
    expect(sortTags(await tagsOf(md.KeyId))).toEqual([
      { TagKey: 'env', TagValue: 'prod' },
      { TagKey: 'team', TagValue: 'shop' },
    ]);
  });

  it('a new key has no tags', async () => {
    const out = await kms.listResourceTags({ KeyId: md.KeyId });
    expect(out.Tags).toEqual([]);
    expect(out.Truncated).toBe(false);
  });

  it('TagResource with an existing tag key overwrites its value', async () => {
    await kms.tagResource({ KeyId: md.KeyId, Tags: [{ TagKey: 'team', TagValue: 'shop' }] });
    await kms.tagResource({ KeyId: md.Arn, Tags: [{ TagKey: 'team', TagValue: 'billing' }] });
    expect(await tagsOf(md.KeyId)).toEqual([{ TagKey: 'team', TagValue: 'billing' }]);
  });

  it('a tag value may be empty', async () => {
    await kms.tagResource({ KeyId: md.KeyId, Tags: [{ TagKey: 'flag', TagValue: '' }] });
    expect(await tagsOf(md.KeyId)).toEqual([{ TagKey: 'flag', TagValue: '' }]);
  });

  it('UntagResource removes the named tags and ignores absent ones', async () => {
    await kms.tagResource({ KeyId: md.KeyId, Tags: manyTags(3) });
    await kms.untagResource({ KeyId: md.KeyId, TagKeys: ['k0', 'k2', 'absent'] });
    expect(await tagsOf(md.KeyId)).toEqual([{ TagKey: 'k1', TagValue: 'v1' }]);
  });

  it('tags are per key', async () => {
    const other = (await kms.createKey()).KeyMetadata;
    await kms.tagResource({ KeyId: md.KeyId, Tags: [{ TagKey: 'team', TagValue: 'shop' }] });
    expect(await tagsOf(other.KeyId)).toEqual([]);
  });

  it('a key holds 50 tags', async () => {
    await kms.tagResource({ KeyId: md.KeyId, Tags: manyTags(50) });
    expect(await tagsOf(md.KeyId)).toHaveLength(50);
  });

  it('a 51st tag fails with TagException "Too many tags" and adds nothing', async () => {
    await kms.tagResource({ KeyId: md.KeyId, Tags: manyTags(50) });
    await expectExactError(kms.tagResource({ KeyId: md.KeyId, Tags: [{ TagKey: 'extra', TagValue: 'x' }] }), 'TagException', 'Too many tags');
    expect(await tagsOf(md.KeyId)).toHaveLength(50);
  });

  it('51 tags in one TagResource fail with TagException "Too many tags" and add nothing', async () => {
    await expectExactError(kms.tagResource({ KeyId: md.KeyId, Tags: manyTags(51) }), 'TagException', 'Too many tags');
    expect(await tagsOf(md.KeyId)).toEqual([]);
  });

  it('with 50 tags, overwriting an existing tag is still allowed', async () => {
    await kms.tagResource({ KeyId: md.KeyId, Tags: manyTags(50) });
    await kms.tagResource({ KeyId: md.KeyId, Tags: [{ TagKey: 'k7', TagValue: 'changed' }] });
    const tags = await tagsOf(md.KeyId);
    expect(tags).toHaveLength(50);
    expect(tags.find((t) => t.TagKey === 'k7')?.TagValue).toBe('changed');
  });

  it.each(['aws:owner', 'AWS:owner'])('a tag key %s fails with TagException "Tags beginning with aws: are reserved"', async (key) => {
    await expectExactError(
      kms.tagResource({ KeyId: md.KeyId, Tags: [{ TagKey: 'ok', TagValue: 'x' }, { TagKey: key, TagValue: 'x' }] }),
      'TagException',
      'Tags beginning with aws: are reserved',
    );
    expect(await tagsOf(md.KeyId)).toEqual([]);
  });

  it('the same tag key twice in one request fails with TagException "Duplicate tag keys"', async () => {
    await expectExactError(
      kms.tagResource({ KeyId: md.KeyId, Tags: [{ TagKey: 'team', TagValue: 'a' }, { TagKey: 'team', TagValue: 'b' }] }),
      'TagException',
      'Duplicate tag keys',
    );
    expect(await tagsOf(md.KeyId)).toEqual([]);
  });

  it('a tag key of 129 characters fails with ValidationException; 128 is accepted', async () => {
    await expectError(
      kms.tagResource({ KeyId: md.KeyId, Tags: [{ TagKey: 'k'.repeat(129), TagValue: 'x' }] }),
      'ValidationException',
      "at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128",
    );
    await kms.tagResource({ KeyId: md.KeyId, Tags: [{ TagKey: 'k'.repeat(128), TagValue: 'x' }] });
    expect(await tagsOf(md.KeyId)).toEqual([{ TagKey: 'k'.repeat(128), TagValue: 'x' }]);
  });

  it('a tag value of 257 characters fails with ValidationException', async () => {
    await expectError(
      kms.tagResource({ KeyId: md.KeyId, Tags: [{ TagKey: 'k', TagValue: 'v'.repeat(257) }] }),
      'ValidationException',
      "at 'tags.1.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256",
    );
    expect(await tagsOf(md.KeyId)).toEqual([]);
  });

  it('an empty tag key fails with ValidationException', async () => {
    await expectError(kms.tagResource({ KeyId: md.KeyId, Tags: [{ TagKey: '', TagValue: 'x' }] }), 'ValidationException');
  });

  it('ListResourceTags pages with Limit and Marker', async () => {
    await kms.tagResource({ KeyId: md.KeyId, Tags: manyTags(5) });
    const first = await kms.listResourceTags({ KeyId: md.KeyId, Limit: 3 });
    expect(first.Tags).toHaveLength(3);
    expect(first.Truncated).toBe(true);
    const second = await kms.listResourceTags({ KeyId: md.KeyId, Limit: 3, Marker: first.NextMarker! });
    expect(second.Tags).toHaveLength(2);
    expect(second.Truncated).toBe(false);
    expect(sortTags([...first.Tags, ...second.Tags])).toEqual(sortTags(manyTags(5)));
  });
});

describe('key policies', () => {
  it('GetKeyPolicy of a new key returns the default key policy of kms.md §3', async () => {
    const out = await kms.getKeyPolicy({ KeyId: md.KeyId });
    expect(out.PolicyName).toBe('default');
    expect(JSON.parse(out.Policy)).toEqual({
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [
        {
          Sid: 'Enable IAM User Permissions',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    });
  });

  it('GetKeyPolicy with PolicyName default returns the policy', async () => {
    const out = await kms.getKeyPolicy({ KeyId: md.KeyId, PolicyName: 'default' });
    expect(JSON.parse(out.Policy)).toMatchObject({ Id: 'key-default-1' });
  });

  it('GetKeyPolicy with a PolicyName other than default fails with NotFoundException', async () => {
    await expectError(kms.getKeyPolicy({ KeyId: md.KeyId, PolicyName: 'other' }), 'NotFoundException');
  });

  it('ListKeyPolicies answers ["default"], not truncated', async () => {
    expect(await kms.listKeyPolicies({ KeyId: md.KeyId })).toEqual({ PolicyNames: ['default'], Truncated: false });
  });

  it('PutKeyPolicy replaces the policy text GetKeyPolicy returns', async () => {
    const policy = rootPolicy('Replaced');
    await kms.putKeyPolicy({ KeyId: md.KeyId, Policy: policy });
    expect((await kms.getKeyPolicy({ KeyId: md.KeyId })).Policy).toBe(policy);
  });

  it('PutKeyPolicy with PolicyName default is accepted', async () => {
    const policy = rootPolicy('Named');
    await kms.putKeyPolicy({ KeyId: md.Arn, PolicyName: 'default', Policy: policy });
    expect((await kms.getKeyPolicy({ KeyId: md.KeyId })).Policy).toBe(policy);
  });

  it('a replaced policy is the one enforced: a policy granting a role Decrypt lets it decrypt', async () => {
    const reader = `arn:aws:iam::${ACCOUNT}:role/Reader`;
    const { CiphertextBlob } = await kms.encrypt({ KeyId: md.KeyId, Plaintext: new Uint8Array([1, 2, 3]) });
    await expectError(kms.as(reader).decrypt({ CiphertextBlob }), 'AccessDeniedException');
    const policy = JSON.parse(rootPolicy('Root')) as { Statement: unknown[] };
    policy.Statement.push({ Sid: 'Reader', Effect: 'Allow', Principal: { AWS: reader }, Action: 'kms:Decrypt', Resource: '*' });
    await kms.putKeyPolicy({ KeyId: md.KeyId, Policy: JSON.stringify(policy) });
    expect((await kms.as(reader).decrypt({ CiphertextBlob })).Plaintext).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('a policy that locks the caller out fails with MalformedPolicyDocumentException (lockout message) and changes nothing', async () => {
    const before = (await kms.getKeyPolicy({ KeyId: md.KeyId })).Policy;
    await expectExactError(kms.putKeyPolicy({ KeyId: md.KeyId, Policy: adminOnlyPolicy() }), 'MalformedPolicyDocumentException', LOCKOUT_MESSAGE);
    expect((await kms.getKeyPolicy({ KeyId: md.KeyId })).Policy).toBe(before);
  });

  it('a policy that explicitly denies the caller kms:PutKeyPolicy fails the lockout check', async () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Root', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' },
        { Sid: 'NoPut', Effect: 'Deny', Principal: { AWS: ROOT }, Action: 'kms:PutKeyPolicy', Resource: '*' },
      ],
    });
    await expectExactError(kms.putKeyPolicy({ KeyId: md.KeyId, Policy: policy }), 'MalformedPolicyDocumentException', LOCKOUT_MESSAGE);
  });

  it('with BypassPolicyLockoutSafetyCheck a lockout policy is accepted', async () => {
    await kms.putKeyPolicy({ KeyId: md.KeyId, Policy: adminOnlyPolicy(), BypassPolicyLockoutSafetyCheck: true });
    expect((await kms.as(ADMIN).getKeyPolicy({ KeyId: md.KeyId })).Policy).toBe(adminOnlyPolicy());
  });

  it('after a bypassed lockout the account root is refused (AccessDeniedException)', async () => {
    await kms.putKeyPolicy({ KeyId: md.KeyId, Policy: adminOnlyPolicy(), BypassPolicyLockoutSafetyCheck: true });
    await expectError(kms.getKeyPolicy({ KeyId: md.KeyId }), 'AccessDeniedException');
    await expectError(kms.putKeyPolicy({ KeyId: md.KeyId, Policy: rootPolicy('Back') }), 'AccessDeniedException');
  });

  it('the principal a new policy names may set it (no lockout for that caller)', async () => {
    await kms.putKeyPolicy({ KeyId: md.KeyId, Policy: adminOnlyPolicy(), BypassPolicyLockoutSafetyCheck: true });
    await kms.as(ADMIN).putKeyPolicy({ KeyId: md.KeyId, Policy: adminOnlyPolicy() });
    expect((await kms.as(ADMIN).getKeyPolicy({ KeyId: md.KeyId })).Policy).toBe(adminOnlyPolicy());
  });

  it.each([
    ['not JSON', '{"Version": "2012-10-17", "Statement": ['],
    ['a JSON array', '[]'],
    ['no Statement', '{"Version":"2012-10-17"}'],
    ['an Effect that is not Allow or Deny', JSON.stringify({ Statement: [{ Effect: 'Maybe', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' }] })],
  ])('a policy that is %s fails with MalformedPolicyDocumentException and changes nothing', async (_what, policy) => {
    const before = (await kms.getKeyPolicy({ KeyId: md.KeyId })).Policy;
    await expectError(kms.putKeyPolicy({ KeyId: md.KeyId, Policy: policy }), 'MalformedPolicyDocumentException');
    expect((await kms.getKeyPolicy({ KeyId: md.KeyId })).Policy).toBe(before);
  });

  it('malformed JSON is refused even with BypassPolicyLockoutSafetyCheck', async () => {
    await expectError(
      kms.putKeyPolicy({ KeyId: md.KeyId, Policy: '{not json', BypassPolicyLockoutSafetyCheck: true }),
      'MalformedPolicyDocumentException',
    );
  });
});

describe('CreateKey with Tags and Policy', () => {
  it('CreateKey with Tags makes a key carrying those tags', async () => {
    const tags = [{ TagKey: 'team', TagValue: 'shop' }, { TagKey: 'env', TagValue: 'prod' }];
    const { KeyId } = (await kms.createKey({ Tags: tags })).KeyMetadata;
    expect(sortTags(await tagsOf(KeyId))).toEqual(sortTags(tags));
  });

  it('CreateKey with a Policy makes a key whose GetKeyPolicy returns that exact text', async () => {
    const policy = rootPolicy('Custom');
    const { KeyId } = (await kms.createKey({ Policy: policy })).KeyMetadata;
    expect((await kms.getKeyPolicy({ KeyId })).Policy).toBe(policy);
  });

  it('CreateKey with a lockout Policy fails with MalformedPolicyDocumentException and creates nothing', async () => {
    const before = (await kms.listKeys()).Keys;
    await expectExactError(kms.createKey({ Policy: adminOnlyPolicy() }), 'MalformedPolicyDocumentException', LOCKOUT_MESSAGE);
    expect((await kms.listKeys()).Keys).toEqual(before);
  });

  it('CreateKey with a lockout Policy and BypassPolicyLockoutSafetyCheck creates the key', async () => {
    const { KeyId } = (await kms.createKey({ Policy: adminOnlyPolicy(), BypassPolicyLockoutSafetyCheck: true })).KeyMetadata;
    expect((await kms.as(ADMIN).getKeyPolicy({ KeyId })).Policy).toBe(adminOnlyPolicy());
  });

  it('CreateKey with malformed policy JSON fails with MalformedPolicyDocumentException and creates nothing', async () => {
    const before = (await kms.listKeys()).Keys;
    await expectError(kms.createKey({ Policy: '{"Statement": ' }), 'MalformedPolicyDocumentException');
    expect((await kms.listKeys()).Keys).toEqual(before);
  });

  it('CreateKey with a reserved aws: tag fails with TagException and creates nothing', async () => {
    const before = (await kms.listKeys()).Keys;
    await expectExactError(kms.createKey({ Tags: [{ TagKey: 'aws:x', TagValue: 'y' }] }), 'TagException', 'Tags beginning with aws: are reserved');
    expect((await kms.listKeys()).Keys).toEqual(before);
  });

  it('CreateKey with 51 tags fails with TagException "Too many tags" and creates nothing', async () => {
    const before = (await kms.listKeys()).Keys;
    await expectExactError(kms.createKey({ Tags: manyTags(51) }), 'TagException', 'Too many tags');
    expect((await kms.listKeys()).Keys).toEqual(before);
  });
});
