/**
 * @module test/kms/policy
 * Example-based tests of the key-policy evaluator (src/kms/policy.ts; kms.md §3 default key
 * policy, §6 grants): parsing and its malformations (one test per precondition, titled with the
 * precondition sentence), the default key policy text, one test per evaluation rule, a policy
 * table, condition operators and keys, the lockout safety check, and a wrong-input table.
 */
import { describe, expect, it } from 'vitest';
import { MalformedPolicyDocumentException } from '../../src/common/errors.js';
import {
  checkLockoutSafety,
  defaultKeyPolicy,
  evaluatePolicy,
  parsePolicy,
} from '../../src/kms/policy.js';
import type { ParsePolicyOptions, PolicyDecision, PolicyDocument, PolicyRequest } from '../../src/kms/policy.js';

const ACCOUNT = '111122223333';
const OTHER_ACCOUNT = '444455556666';
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER_KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/0987dcba-09ba-87dc-65fe-0987654321ba`;
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/Reader`;
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/Reader/app-session`;
const USER = `arn:aws:iam::${ACCOUNT}:user/Alice`;
const OTHER_ROOT = `arn:aws:iam::${OTHER_ACCOUNT}:root`;
const OTHER_ROLE = `arn:aws:iam::${OTHER_ACCOUNT}:role/Reader`;
const SERVICE = 'cassandra.amazonaws.com';

type Json = Record<string, unknown>;

/** A key policy from statements (through parsePolicy, as the KMS stores it). */
const keyPolicy = (...statements: Json[]): PolicyDocument =>
  parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), { policyType: 'key' });
/** An identity policy from statements. */
const identityPolicy = (...statements: Json[]): PolicyDocument =>
  parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), { policyType: 'identity' });
/** A Principal element: `"*"` and objects as given, any other string as `{"AWS": string}`. */
const principalOf = (principal: unknown): unknown =>
  (typeof principal === 'string' && principal !== '*' ? { AWS: principal } : principal);
const allow = (principal: unknown, action: unknown = 'kms:*', extra: Json = {}): Json =>
  ({ Effect: 'Allow', Principal: principalOf(principal), Action: action, Resource: '*', ...extra });
const deny = (principal: unknown, action: unknown = 'kms:*', extra: Json = {}): Json =>
  ({ Effect: 'Deny', Principal: principalOf(principal), Action: action, Resource: '*', ...extra });
const request = (overrides: Partial<PolicyRequest> = {}): PolicyRequest =>
  ({ principal: ROOT, action: 'kms:Decrypt', keyArn: KEY_ARN, accountId: ACCOUNT, ...overrides });
const DEFAULT_POLICY = parsePolicy(defaultKeyPolicy(ACCOUNT), { policyType: 'key' });
const IAM_ALLOWS_DECRYPT = identityPolicy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY_ARN });

/** The MalformedPolicyDocumentException thrown by parsePolicy, checked for name and fault. */
function malformed(text: string, options?: ParsePolicyOptions): MalformedPolicyDocumentException {
  try {
    parsePolicy(text, options);
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedPolicyDocumentException);
    expect((error as MalformedPolicyDocumentException).name).toBe('MalformedPolicyDocumentException');
    expect((error as MalformedPolicyDocumentException).$fault).toBe('client');
    return error as MalformedPolicyDocumentException;
  }
  throw new Error(`parsePolicy accepted ${text}`);
}
const statementText = (statement: Json): string => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

describe('parsePolicy', () => {
  it('normalises Statement, every list element and every condition value to arrays of strings', () => {
    const doc = parsePolicy(JSON.stringify({
      Version: '2012-10-17',
      Id: 'p1',
      Statement: {
        Sid: 'S',
        Effect: 'Allow',
        Principal: { AWS: ROLE, Service: [SERVICE] },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': true }, StringEquals: { 'kms:CallerAccount': [ACCOUNT, 111] } },
      },
    }));
    expect(doc).toEqual({
      Version: '2012-10-17',
      Id: 'p1',
      Statement: [{
        Sid: 'S',
        Effect: 'Allow',
        Principal: { AWS: [ROLE], Service: [SERVICE] },
        Action: ['kms:Decrypt'],
        Resource: ['*'],
        Condition: { Bool: { 'kms:GrantIsForAWSResource': ['true'] }, StringEquals: { 'kms:CallerAccount': [ACCOUNT, '111'] } },
      }],
    });
  });

  it('keeps Principal "*" as "*" and NotPrincipal, NotAction and NotResource as lists', () => {
    const doc = parsePolicy(statementText({ Effect: 'Deny', NotPrincipal: '*', NotAction: 'kms:Describe*', NotResource: KEY_ARN }));
    expect(doc.Statement[0]).toEqual({ Effect: 'Deny', NotPrincipal: '*', NotAction: ['kms:Describe*'], NotResource: [KEY_ARN] });
  });

  it('accepts the default grammar for key policies (all statements name principals) and identity policies (none does)', () => {
    expect(parsePolicy(statementText(allow(ROOT))).Statement).toHaveLength(1);
    expect(parsePolicy(statementText({ Effect: 'Allow', Action: 'kms:*', Resource: '*' })).Statement).toHaveLength(1);
  });

  it('accepts a statement without Action or Resource, as AWS does (it never applies)', () => {
    const doc = parsePolicy(statementText({ Effect: 'Allow', Principal: { AWS: ROOT } }));
    expect(evaluatePolicy(doc, request())).toBe('ImplicitDeny');
  });

  it('accepts condition keys this KMS never sets and operators with set prefixes and IfExists', () => {
    const doc = parsePolicy(statementText(allow(ROOT, 'kms:*', {
      Condition: {
        'ForAllValues:StringLikeIfExists': { 'kms:EncryptionContextKeys': 'app*' },
        'ForAnyValue:StringNotEqualsIgnoreCase': { 'kms:GrantOperations': 'Decrypt' },
        StringEquals: { 'aws:SourceVpce': 'vpce-1' },
      },
    })));
    expect(Object.keys(doc.Statement[0]?.Condition ?? {})).toEqual([
      'ForAllValues:StringLikeIfExists', 'ForAnyValue:StringNotEqualsIgnoreCase', 'StringEquals',
    ]);
  });
});

describe('parsePolicy: malformed documents', () => {
  const base = { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' };
  const withStatement = (patch: Json): string => statementText({ ...base, ...patch });
  const cases: { title: string; text: string; options?: ParsePolicyOptions }[] = [
    { title: 'The policy text must be valid JSON.', text: '{"Statement": [' },
    { title: 'The policy text must be valid JSON. (empty text)', text: '' },
    { title: 'The policy must be a JSON object.', text: '[]' },
    { title: 'The policy must be a JSON object. (null)', text: 'null' },
    { title: 'The policy may contain only the elements Version, Id and Statement.', text: JSON.stringify({ Statement: [base], Foo: 1 }) },
    { title: 'Version must be 2012-10-17 or 2008-10-17.', text: JSON.stringify({ Version: '2020-01-01', Statement: [base] }) },
    { title: 'Id must be a string.', text: JSON.stringify({ Id: 5, Statement: [base] }) },
    { title: 'The policy must contain a Statement element.', text: JSON.stringify({ Version: '2012-10-17' }) },
    { title: 'Statement must be an object or a non-empty array of objects. (empty array)', text: JSON.stringify({ Statement: [] }) },
    { title: 'Statement must be an object or a non-empty array of objects. (string)', text: JSON.stringify({ Statement: ['x'] }) },
    { title: 'A statement may contain only the elements Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource and Condition.', text: withStatement({ Actions: 'kms:*' }) },
    { title: 'Sid must be a string.', text: withStatement({ Sid: 1 }) },
    { title: 'Each Sid must be unique within the policy.', text: JSON.stringify({ Statement: [{ ...base, Sid: 'A' }, { ...base, Sid: 'A' }] }) },
    { title: 'Effect must be Allow or Deny. (wrong case)', text: withStatement({ Effect: 'allow' }) },
    { title: 'Effect must be Allow or Deny. (missing)', text: withStatement({ Effect: undefined }) },
    { title: 'A statement must not have both Principal and NotPrincipal.', text: withStatement({ NotPrincipal: { AWS: ROLE } }) },
    { title: 'A key policy statement must have a Principal or a NotPrincipal.', text: withStatement({ Principal: undefined }), options: { policyType: 'key' } },
    { title: 'An identity policy statement must not have a Principal or NotPrincipal.', text: withStatement({}), options: { policyType: 'identity' } },
    { title: 'Either every statement names a principal or none does.', text: JSON.stringify({ Statement: [base, { ...base, Principal: undefined }] }) },
    { title: 'A principal must be "*" or an object of AWS, Service, Federated or CanonicalUser principals. (bare ARN)', text: withStatement({ Principal: ROOT }) },
    { title: 'A principal must be "*" or an object of AWS, Service, Federated or CanonicalUser principals. (unknown type)', text: withStatement({ Principal: { User: ROOT } }) },
    { title: 'A principal must be "*" or an object of AWS, Service, Federated or CanonicalUser principals. (empty object)', text: withStatement({ Principal: {} }) },
    { title: 'Each AWS principal must be "*", an account id, or an IAM or STS principal ARN. (name)', text: withStatement({ Principal: { AWS: 'Alice' } }) },
    { title: 'Each AWS principal must be "*", an account id, or an IAM or STS principal ARN. (group)', text: withStatement({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:group/Admins` } }) },
    { title: 'Each Service principal must be "*" or a service name.', text: withStatement({ Principal: { Service: 'Cassandra Service' } }) },
    { title: 'A statement must not have both Action and NotAction.', text: withStatement({ NotAction: 'kms:Decrypt' }) },
    { title: 'Each action must be "*" or a kms: action. (other service)', text: withStatement({ Action: 's3:GetObject' }) },
    { title: 'Each action must be "*" or a kms: action. (no prefix)', text: withStatement({ Action: ['kms:Encrypt', 'Decrypt'] }) },
    { title: 'Each action must be "*" or a kms: action. (empty name)', text: withStatement({ Action: 'kms:' }) },
    { title: 'A statement must not have both Resource and NotResource.', text: withStatement({ NotResource: KEY_ARN }) },
    { title: 'Each resource must be "*" or an ARN.', text: withStatement({ Resource: 'key/1234' }) },
    { title: 'A list element must be a string or a non-empty array of strings. (empty array)', text: withStatement({ Action: [] }) },
    { title: 'A list element must be a string or a non-empty array of strings. (number)', text: withStatement({ Resource: 5 }) },
    { title: 'A list element must be a string or a non-empty array of strings. (principal list)', text: withStatement({ Principal: { AWS: [ROOT, 7] } }) },
    { title: 'Condition must map condition operators to objects of condition keys. (string)', text: withStatement({ Condition: 'x' }) },
    { title: 'Condition must map condition operators to objects of condition keys. (operator to string)', text: withStatement({ Condition: { StringEquals: 'x' } }) },
    { title: 'Each condition operator must be a supported operator. (misspelt)', text: withStatement({ Condition: { StringEqualz: { 'kms:CallerAccount': ACCOUNT } } }) },
    { title: 'Each condition operator must be a supported operator. (numeric)', text: withStatement({ Condition: { NumericEquals: { 'kms:CallerAccount': 1 } } }) },
    { title: 'Each condition operator must be a supported operator. (NullIfExists)', text: withStatement({ Condition: { NullIfExists: { 'kms:ViaService': 'true' } } }) },
    { title: 'Each condition operator must be a supported operator. (set prefix on Null)', text: withStatement({ Condition: { 'ForAnyValue:Null': { 'kms:ViaService': 'true' } } }) },
    { title: 'Each condition key must have the form prefix:name.', text: withStatement({ Condition: { StringEquals: { tenant: 'a' } } }) },
    { title: 'Each condition value must be a string, number or boolean, or a non-empty array of them. (object)', text: withStatement({ Condition: { StringEquals: { 'kms:CallerAccount': { a: 1 } } } }) },
    { title: 'Each condition value must be a string, number or boolean, or a non-empty array of them. (empty array)', text: withStatement({ Condition: { StringEquals: { 'kms:CallerAccount': [] } } }) },
  ];
  it.each(cases)('$title', ({ text, options }) => {
    malformed(text, options);
  });

  it('uses the AWS message for invalid principals', () => {
    expect(malformed(withStatement({ Principal: { AWS: 'Alice' } })).message)
      .toBe('Policy contains a statement with one or more invalid principals.');
  });

  it('keeps the JSON syntax error as cause', () => {
    expect(malformed('{').cause).toBeInstanceOf(SyntaxError);
  });
});

describe('defaultKeyPolicy', () => {
  it('is the text AWS GetKeyPolicy returns for a key created without a policy', () => {
    expect(defaultKeyPolicy(ACCOUNT)).toBe(
      '{\n  "Version" : "2012-10-17",\n  "Id" : "key-default-1",\n  "Statement" : [ {\n' +
      '    "Sid" : "Enable IAM User Permissions",\n    "Effect" : "Allow",\n    "Principal" : {\n' +
      `      "AWS" : "arn:aws:iam::${ACCOUNT}:root"\n    },\n    "Action" : "kms:*",\n    "Resource" : "*"\n  } ]\n}`,
    );
  });

  it('parses as a key policy with one statement allowing kms:* to the account principal', () => {
    expect(DEFAULT_POLICY).toEqual({
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: [ROOT] }, Action: ['kms:*'], Resource: ['*'] }],
    });
  });

  it('takes another partition', () => {
    expect(defaultKeyPolicy(ACCOUNT, 'aws-cn')).toContain(`"AWS" : "arn:aws-cn:iam::${ACCOUNT}:root"`);
  });
});

describe('evaluatePolicy: rules', () => {
  it('An explicit Deny in the key policy wins over any Allow', () => {
    const policy = keyPolicy(allow(ROOT), allow(ROLE), deny(ROLE, 'kms:Decrypt'));
    expect(evaluatePolicy(policy, request({ principal: ROLE }), IAM_ALLOWS_DECRYPT)).toBe('Deny');
    expect(evaluatePolicy(policy, request({ principal: ROLE, action: 'kms:Encrypt' }))).toBe('Allow');
  });

  it('An explicit Deny in the identity policy wins over a key-policy Allow', () => {
    const iamDeny = identityPolicy({ Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' });
    expect(evaluatePolicy(keyPolicy(allow(ROLE)), request({ principal: ROLE }), iamDeny)).toBe('Deny');
    expect(evaluatePolicy(keyPolicy(allow(ROOT)), request(), iamDeny)).toBe('Deny');
  });

  it('An explicit Deny is Deny, not ImplicitDeny, so no grant may rescue the request', () => {
    const denied = evaluatePolicy(keyPolicy(allow(ROOT), deny({ AWS: '*' }, 'kms:Decrypt')), request({ principal: ROLE }));
    const notAllowed = evaluatePolicy(keyPolicy(allow(ROOT)), request({ principal: ROLE }));
    expect(denied).toBe('Deny');
    expect(notAllowed).toBe('ImplicitDeny');
  });

  it('An Allow whose Principal is the exact caller ARN allows it directly, without an identity policy', () => {
    expect(evaluatePolicy(keyPolicy(allow({ AWS: ROLE })), request({ principal: ROLE }))).toBe('Allow');
    expect(evaluatePolicy(keyPolicy(allow({ AWS: ROLE })), request({ principal: USER }))).toBe('ImplicitDeny');
  });

  it('Principal "*" and {"AWS":"*"} allow every caller, service principals included', () => {
    for (const principal of ['*', { AWS: '*' }]) {
      for (const caller of [ROOT, ROLE, OTHER_ROLE, SERVICE]) {
        expect(evaluatePolicy(keyPolicy(allow(principal)), request({ principal: caller }))).toBe('Allow');
      }
    }
  });

  it('A Service principal allows that service principal only', () => {
    const policy = keyPolicy(allow({ Service: SERVICE }));
    expect(evaluatePolicy(policy, request({ principal: SERVICE }))).toBe('Allow');
    expect(evaluatePolicy(policy, request({ principal: 'backup.amazonaws.com' }))).toBe('ImplicitDeny');
    expect(evaluatePolicy(policy, request({ principal: ROOT }))).toBe('ImplicitDeny');
  });

  it('Wildcards inside a principal ARN are literal characters', () => {
    const policy = keyPolicy(allow({ AWS: `arn:aws:iam::${ACCOUNT}:role/*` }));
    expect(evaluatePolicy(policy, request({ principal: ROLE }))).toBe('ImplicitDeny');
    expect(evaluatePolicy(policy, request({ principal: `arn:aws:iam::${ACCOUNT}:role/*` }))).toBe('Allow');
  });

  it('A role principal allows the STS sessions of that role, whatever the role path', () => {
    expect(evaluatePolicy(keyPolicy(allow({ AWS: ROLE })), request({ principal: SESSION }))).toBe('Allow');
    expect(evaluatePolicy(keyPolicy(allow({ AWS: `arn:aws:iam::${ACCOUNT}:role/team/Reader` })), request({ principal: SESSION }))).toBe('Allow');
    expect(evaluatePolicy(keyPolicy(allow({ AWS: `arn:aws:iam::${ACCOUNT}:role/Writer` })), request({ principal: SESSION }))).toBe('ImplicitDeny');
    expect(evaluatePolicy(keyPolicy(allow({ AWS: OTHER_ROLE })), request({ principal: SESSION }))).toBe('ImplicitDeny');
  });

  it('The account principal (root ARN or bare account id) allows the account root directly', () => {
    for (const principal of [ROOT, ACCOUNT]) {
      expect(evaluatePolicy(keyPolicy(allow({ AWS: principal })), request({ principal: ROOT }))).toBe('Allow');
      expect(evaluatePolicy(keyPolicy(allow({ AWS: principal })), request({ principal: ACCOUNT }))).toBe('Allow');
    }
  });

  it('The account principal allows another IAM principal of the account only when its identity policy allows too', () => {
    for (const caller of [ROLE, USER, SESSION]) {
      expect(evaluatePolicy(DEFAULT_POLICY, request({ principal: caller }))).toBe('ImplicitDeny');
      expect(evaluatePolicy(DEFAULT_POLICY, request({ principal: caller }), IAM_ALLOWS_DECRYPT)).toBe('Allow');
      expect(evaluatePolicy(DEFAULT_POLICY, request({ principal: caller, action: 'kms:Encrypt' }), IAM_ALLOWS_DECRYPT)).toBe('ImplicitDeny');
    }
  });

  it('The account principal never allows IAM principals of other accounts, even with an identity-policy Allow', () => {
    const iamAllowsAll = identityPolicy({ Effect: 'Allow', Action: 'kms:*', Resource: '*' });
    expect(evaluatePolicy(DEFAULT_POLICY, request({ principal: OTHER_ROLE }), iamAllowsAll)).toBe('ImplicitDeny');
    expect(evaluatePolicy(DEFAULT_POLICY, request({ principal: OTHER_ROOT }), iamAllowsAll)).toBe('ImplicitDeny');
  });

  it("A foreign account principal delegates to that account's IAM", () => {
    const policy = keyPolicy(allow(ROOT), allow({ AWS: OTHER_ACCOUNT }, 'kms:Decrypt'));
    expect(evaluatePolicy(policy, request({ principal: OTHER_ROOT }))).toBe('Allow');
    expect(evaluatePolicy(policy, request({ principal: OTHER_ROLE }))).toBe('ImplicitDeny');
    expect(evaluatePolicy(policy, request({ principal: OTHER_ROLE }), IAM_ALLOWS_DECRYPT)).toBe('Allow');
  });

  it('The account principal never allows a service principal', () => {
    const iamAllowsAll = identityPolicy({ Effect: 'Allow', Action: 'kms:*', Resource: '*' });
    expect(evaluatePolicy(DEFAULT_POLICY, request({ principal: SERVICE }), iamAllowsAll)).toBe('ImplicitDeny');
  });

  it('An identity-policy Allow without delegation from the key policy allows nothing', () => {
    const iamAllowsAll = identityPolicy({ Effect: 'Allow', Action: 'kms:*', Resource: '*' });
    expect(evaluatePolicy(keyPolicy(allow({ AWS: USER })), request({ principal: ROLE }), iamAllowsAll)).toBe('ImplicitDeny');
    expect(evaluatePolicy(keyPolicy(allow({ AWS: USER })), request({ principal: ROOT }), iamAllowsAll)).toBe('ImplicitDeny');
  });

  it('NotPrincipal in an Allow allows every caller except the listed ones', () => {
    const policy = keyPolicy({ Effect: 'Allow', NotPrincipal: { AWS: USER }, Action: 'kms:*', Resource: '*' });
    expect(evaluatePolicy(policy, request({ principal: ROLE }))).toBe('Allow');
    expect(evaluatePolicy(policy, request({ principal: SERVICE }))).toBe('Allow');
    expect(evaluatePolicy(policy, request({ principal: USER }))).toBe('ImplicitDeny');
  });

  it('NotPrincipal in a Deny denies every caller except the listed ones (an account entry exempts its principals)', () => {
    const policy = keyPolicy(allow('*'), { Effect: 'Deny', NotPrincipal: { AWS: [ROOT, USER] }, Action: 'kms:*', Resource: '*' });
    expect(evaluatePolicy(policy, request({ principal: USER }))).toBe('Allow');
    expect(evaluatePolicy(policy, request({ principal: ROOT }))).toBe('Allow');
    expect(evaluatePolicy(policy, request({ principal: ROLE }))).toBe('Allow');
    expect(evaluatePolicy(policy, request({ principal: OTHER_ROLE }))).toBe('Deny');
    expect(evaluatePolicy(policy, request({ principal: SERVICE }))).toBe('Deny');
  });

  it('An account principal in a Deny denies the root and every IAM principal of that account', () => {
    const policy = keyPolicy(allow('*'), deny({ AWS: ACCOUNT }, 'kms:Decrypt'));
    for (const caller of [ROOT, ROLE, SESSION]) expect(evaluatePolicy(policy, request({ principal: caller }))).toBe('Deny');
    expect(evaluatePolicy(policy, request({ principal: OTHER_ROLE }))).toBe('Allow');
    expect(evaluatePolicy(policy, request({ principal: SERVICE }))).toBe('Allow');
  });

  it('Action matching is case-insensitive, with * and ? wildcards', () => {
    const cases: [string, string, boolean][] = [
      ['kms:*', 'kms:Decrypt', true],
      ['*', 'kms:ScheduleKeyDeletion', true],
      ['kms:Generate*', 'kms:GenerateDataKeyWithoutPlaintext', true],
      ['kms:Generate*', 'kms:Decrypt', false],
      ['KMS:DECRYPT', 'kms:Decrypt', true],
      ['kms:ReEncrypt*', 'kms:ReEncryptFrom', true],
      ['kms:?ncrypt', 'kms:Encrypt', true],
      ['kms:?ncrypt', 'kms:ReEncrypt', false],
      ['kms:Decrypt', 'kms:DecryptX', false],
    ];
    for (const [pattern, action, expected] of cases) {
      expect(evaluatePolicy(keyPolicy(allow(ROOT, pattern)), request({ action })), `${pattern} ~ ${action}`).toBe(expected ? 'Allow' : 'ImplicitDeny');
    }
  });

  it('NotAction applies to every action except the listed ones', () => {
    const policy = keyPolicy({ Effect: 'Allow', Principal: { AWS: ROOT }, NotAction: ['kms:ScheduleKeyDeletion', 'kms:Disable*'], Resource: '*' });
    expect(evaluatePolicy(policy, request({ action: 'kms:Decrypt' }))).toBe('Allow');
    expect(evaluatePolicy(policy, request({ action: 'kms:ScheduleKeyDeletion' }))).toBe('ImplicitDeny');
    expect(evaluatePolicy(policy, request({ action: 'kms:DisableKey' }))).toBe('ImplicitDeny');
  });

  it('Resource "*" or a pattern matching the key ARN applies; another key ARN does not; NotResource inverts', () => {
    expect(evaluatePolicy(keyPolicy(allow(ROOT, 'kms:*', { Resource: KEY_ARN })), request())).toBe('Allow');
    expect(evaluatePolicy(keyPolicy(allow(ROOT, 'kms:*', { Resource: `arn:aws:kms:*:${ACCOUNT}:key/*` })), request())).toBe('Allow');
    expect(evaluatePolicy(keyPolicy(allow(ROOT, 'kms:*', { Resource: OTHER_KEY_ARN })), request())).toBe('ImplicitDeny');
    const notResource = { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', NotResource: OTHER_KEY_ARN };
    expect(evaluatePolicy(keyPolicy(notResource), request())).toBe('Allow');
    expect(evaluatePolicy(keyPolicy(notResource), request({ keyArn: OTHER_KEY_ARN }))).toBe('ImplicitDeny');
  });
});

describe('evaluatePolicy: policy table', () => {
  const KMS_ACTIONS = [
    'Encrypt', 'Decrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext',
    'DescribeKey', 'CreateGrant', 'ListGrants', 'RetireGrant', 'RevokeGrant', 'EnableKey', 'DisableKey',
    'ScheduleKeyDeletion', 'CancelKeyDeletion', 'EnableKeyRotation', 'DisableKeyRotation', 'GetKeyRotationStatus',
    'RotateKeyOnDemand', 'ListKeyRotations', 'GetKeyPolicy', 'PutKeyPolicy', 'ListKeyPolicies', 'TagResource',
    'UntagResource', 'ListResourceTags', 'UpdateKeyDescription', 'CreateAlias', 'UpdateAlias', 'DeleteAlias',
  ].map((name) => `kms:${name}`);

  it.each(KMS_ACTIONS)('the default policy allows the account root %s', (action) => {
    expect(evaluatePolicy(DEFAULT_POLICY, request({ action }))).toBe('Allow');
  });

  const iamReader = identityPolicy({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*' });
  const rows: { title: string; policy: PolicyDocument; req: Partial<PolicyRequest>; iam?: PolicyDocument; expected: PolicyDecision }[] = [
    { title: 'default policy, role without identity policy → ImplicitDeny', policy: DEFAULT_POLICY, req: { principal: ROLE }, expected: 'ImplicitDeny' },
    { title: 'default policy, role whose identity policy allows Decrypt → Allow', policy: DEFAULT_POLICY, req: { principal: ROLE }, iam: iamReader, expected: 'Allow' },
    { title: 'default policy, role whose identity policy lacks the action → ImplicitDeny', policy: DEFAULT_POLICY, req: { principal: ROLE, action: 'kms:Encrypt' }, iam: iamReader, expected: 'ImplicitDeny' },
    { title: 'default policy, identity policy for another key → ImplicitDeny', policy: DEFAULT_POLICY, req: { principal: ROLE }, iam: identityPolicy({ Effect: 'Allow', Action: 'kms:*', Resource: OTHER_KEY_ARN }), expected: 'ImplicitDeny' },
    { title: 'default policy, user of another account → ImplicitDeny', policy: DEFAULT_POLICY, req: { principal: OTHER_ROLE }, iam: iamReader, expected: 'ImplicitDeny' },
    { title: 'default policy plus Deny of Decrypt to everyone, root → Deny', policy: keyPolicy(allow(ROOT), deny('*', 'kms:Decrypt')), req: {}, expected: 'Deny' },
    { title: 'default policy plus Deny, role with identity Allow → Deny', policy: keyPolicy(allow(ROOT), deny({ AWS: ROLE }, 'kms:Decrypt')), req: { principal: ROLE }, iam: iamReader, expected: 'Deny' },
    { title: 'service principal statement, the service → Allow', policy: keyPolicy(allow(ROOT), allow({ Service: SERVICE }, ['kms:Decrypt', 'kms:GenerateDataKey*'])), req: { principal: SERVICE, action: 'kms:GenerateDataKeyWithoutPlaintext' }, expected: 'Allow' },
    { title: 'service principal statement, an action it lacks → ImplicitDeny', policy: keyPolicy(allow(ROOT), allow({ Service: SERVICE }, ['kms:Decrypt'])), req: { principal: SERVICE, action: 'kms:ScheduleKeyDeletion' }, expected: 'ImplicitDeny' },
    { title: 'key admin role (no crypto) → ImplicitDeny for Decrypt', policy: keyPolicy(allow(ROOT), allow({ AWS: ROLE }, ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:Put*'])), req: { principal: ROLE }, expected: 'ImplicitDeny' },
    { title: 'key admin role → Allow for PutKeyPolicy', policy: keyPolicy(allow(ROOT), allow({ AWS: ROLE }, ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:Put*'])), req: { principal: ROLE, action: 'kms:PutKeyPolicy' }, expected: 'Allow' },
    { title: 'policy without the account root, root → ImplicitDeny', policy: keyPolicy(allow({ AWS: ROLE })), req: {}, expected: 'ImplicitDeny' },
  ];
  it.each(rows)('$title', ({ policy, req, iam, expected }) => {
    expect(evaluatePolicy(policy, request(req), iam)).toBe(expected);
  });
});

describe('evaluatePolicy: conditions', () => {
  /** The decision for ROOT under one Allow statement with `condition`. */
  const decide = (condition: Json, req: Partial<PolicyRequest> = {}): PolicyDecision =>
    evaluatePolicy(keyPolicy(allow({ AWS: '*' }, 'kms:*', { Condition: condition })), request(req));
  const ec = (encryptionContext: Record<string, string>): Partial<PolicyRequest> => ({ encryptionContext });

  it('StringEquals on kms:EncryptionContext:tenant holds only for that exact value', () => {
    const condition = { StringEquals: { 'kms:EncryptionContext:tenant': 'acme' } };
    expect(decide(condition, ec({ tenant: 'acme' }))).toBe('Allow');
    expect(decide(condition, ec({ tenant: 'acme', table: 't1' }))).toBe('Allow');
    expect(decide(condition, ec({ tenant: 'ACME' }))).toBe('ImplicitDeny');
    expect(decide(condition, ec({ tenant: 'other' }))).toBe('ImplicitDeny');
    expect(decide(condition, ec({ table: 't1' }))).toBe('ImplicitDeny');
    expect(decide(condition)).toBe('ImplicitDeny');
  });

  it('The context key inside kms:EncryptionContext:<key> is case-insensitive, as the KMS guide states', () => {
    expect(decide({ StringEquals: { 'KMS:encryptioncontext:TENANT': 'acme' } }, ec({ tenant: 'acme' }))).toBe('Allow');
    expect(decide({ StringEquals: { 'kms:EncryptionContext:tenant': 'acme' } }, ec({ Tenant: 'acme' }))).toBe('Allow');
  });

  it('kms:EncryptionContextKeys compares the keys case-sensitively with StringEquals', () => {
    expect(decide({ 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'tenant' } }, ec({ Tenant: 'a' }))).toBe('ImplicitDeny');
    expect(decide({ 'ForAnyValue:StringEqualsIgnoreCase': { 'kms:EncryptionContextKeys': 'tenant' } }, ec({ Tenant: 'a' }))).toBe('Allow');
  });

  it('ForAllValues:StringEquals on kms:EncryptionContextKeys holds when every request key is listed, and when there is no context', () => {
    const condition = { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['tenant', 'table'] } };
    expect(decide(condition, ec({ tenant: 'a' }))).toBe('Allow');
    expect(decide(condition, ec({ tenant: 'a', table: 'b' }))).toBe('Allow');
    expect(decide(condition, ec({ tenant: 'a', extra: 'c' }))).toBe('ImplicitDeny');
    expect(decide(condition)).toBe('Allow');
    expect(decide(condition, ec({}))).toBe('Allow');
  });

  it('ForAnyValue holds when at least one request value matches, and is false when the key is absent', () => {
    const condition = { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['tenant'] } };
    expect(decide(condition, ec({ tenant: 'a', other: 'b' }))).toBe('Allow');
    expect(decide(condition, ec({ other: 'b' }))).toBe('ImplicitDeny');
    expect(decide(condition)).toBe('ImplicitDeny');
  });

  it('ForAllValues with a negated operator holds when no request value matches; ForAnyValue when one does not', () => {
    expect(decide({ 'ForAllValues:StringNotLike': { 'kms:EncryptionContextKeys': 'aws:*' } }, ec({ a: '1', b: '2' }))).toBe('Allow');
    expect(decide({ 'ForAllValues:StringNotLike': { 'kms:EncryptionContextKeys': 'aws:*' } }, ec({ a: '1', 'aws:x': '2' }))).toBe('ImplicitDeny');
    expect(decide({ 'ForAnyValue:StringNotEquals': { 'kms:EncryptionContextKeys': 'a' } }, ec({ a: '1', b: '2' }))).toBe('Allow');
    expect(decide({ 'ForAnyValue:StringNotEquals': { 'kms:EncryptionContextKeys': 'a' } }, ec({ a: '1' }))).toBe('ImplicitDeny');
  });

  it('Without a set prefix, a multi-valued key holds for a positive operator when any value matches and for a negated one when none does', () => {
    expect(decide({ StringEquals: { 'kms:EncryptionContextKeys': 'tenant' } }, ec({ tenant: 'a', b: 'c' }))).toBe('Allow');
    expect(decide({ StringNotEquals: { 'kms:EncryptionContextKeys': 'tenant' } }, ec({ tenant: 'a', b: 'c' }))).toBe('ImplicitDeny');
    expect(decide({ StringNotEquals: { 'kms:EncryptionContextKeys': 'tenant' } }, ec({ b: 'c' }))).toBe('Allow');
  });

  it('IfExists holds when the key is absent and compares when it is present', () => {
    const condition = { StringEqualsIfExists: { 'kms:EncryptionContext:tenant': 'acme' } };
    expect(decide(condition)).toBe('Allow');
    expect(decide(condition, ec({ other: 'x' }))).toBe('Allow');
    expect(decide(condition, ec({ tenant: 'acme' }))).toBe('Allow');
    expect(decide(condition, ec({ tenant: 'evil' }))).toBe('ImplicitDeny');
    expect(decide({ 'ForAnyValue:StringEqualsIfExists': { 'kms:GrantOperations': 'Decrypt' } })).toBe('Allow');
  });

  it('A positive operator on an absent key is false; a negated operator on an absent key is true', () => {
    expect(decide({ StringLike: { 'kms:ViaService': '*' } })).toBe('ImplicitDeny');
    expect(decide({ StringNotEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } })).toBe('Allow');
    expect(decide({ ArnNotLike: { 'kms:GranteePrincipal': 'arn:aws:iam::*:role/*' } })).toBe('Allow');
    expect(decide({ Bool: { 'kms:GrantIsForAWSResource': 'false' } })).toBe('ImplicitDeny');
  });

  it('Null "true" holds when the key is absent, Null "false" when it is present', () => {
    expect(decide({ Null: { 'kms:EncryptionContextKeys': 'true' } })).toBe('Allow');
    expect(decide({ Null: { 'kms:EncryptionContextKeys': 'true' } }, ec({ a: '1' }))).toBe('ImplicitDeny');
    expect(decide({ Null: { 'kms:EncryptionContextKeys': false } }, ec({ a: '1' }))).toBe('Allow');
    expect(decide({ Null: { 'kms:EncryptionContextKeys': false } })).toBe('ImplicitDeny');
    expect(decide({ Null: { 'kms:EncryptionContextKeys': false } }, ec({}))).toBe('ImplicitDeny');
  });

  it('Keys within an operator are ANDed, values of a key are ORed, operators are ANDed', () => {
    const condition = {
      StringEquals: { 'kms:EncryptionContext:tenant': ['acme', 'globex'], 'kms:EncryptionContext:env': 'prod' },
      StringLike: { 'kms:EncryptionContext:table': 'orders-*' },
    };
    expect(decide(condition, ec({ tenant: 'globex', env: 'prod', table: 'orders-2026' }))).toBe('Allow');
    expect(decide(condition, ec({ tenant: 'globex', env: 'dev', table: 'orders-2026' }))).toBe('ImplicitDeny');
    expect(decide(condition, ec({ tenant: 'globex', env: 'prod', table: 'users' }))).toBe('ImplicitDeny');
  });

  it('A negated operator with several values holds only when the request matches none of them (NOR)', () => {
    const condition = { StringNotEquals: { 'kms:EncryptionContext:tenant': ['acme', 'globex'] } };
    expect(decide(condition, ec({ tenant: 'initech' }))).toBe('Allow');
    expect(decide(condition, ec({ tenant: 'acme' }))).toBe('ImplicitDeny');
    expect(decide(condition, ec({ tenant: 'globex' }))).toBe('ImplicitDeny');
  });

  it('StringEqualsIgnoreCase, StringNotEqualsIgnoreCase and StringLike compare as named', () => {
    expect(decide({ StringEqualsIgnoreCase: { 'kms:EncryptionContext:tenant': 'ACME' } }, ec({ tenant: 'acme' }))).toBe('Allow');
    expect(decide({ StringNotEqualsIgnoreCase: { 'kms:EncryptionContext:tenant': 'ACME' } }, ec({ tenant: 'acme' }))).toBe('ImplicitDeny');
    expect(decide({ StringLike: { 'kms:EncryptionContext:path': '/data/??/*' } }, ec({ path: '/data/eu/orders' }))).toBe('Allow');
    expect(decide({ StringLike: { 'kms:EncryptionContext:path': '/data/??/*' } }, ec({ path: '/data/use/orders' }))).toBe('ImplicitDeny');
    expect(decide({ StringNotLike: { 'kms:EncryptionContext:path': '/tmp/*' } }, ec({ path: '/data/x' }))).toBe('Allow');
  });

  it('Condition key names are case-insensitive', () => {
    expect(decide({ StringEquals: { 'KMS:CALLERACCOUNT': ACCOUNT } })).toBe('Allow');
    expect(decide({ StringEquals: { 'Aws:PrincipalAccount': ACCOUNT } })).toBe('Allow');
  });

  it('kms:CallerAccount and kms:ViaService restrict an {"AWS":"*"} statement to the account through a service', () => {
    const condition = { StringEquals: { 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': 'cassandra.us-east-1.amazonaws.com' } };
    expect(decide(condition, { principal: ROLE, viaService: 'cassandra.us-east-1.amazonaws.com' })).toBe('Allow');
    expect(decide(condition, { principal: ROLE })).toBe('ImplicitDeny');
    expect(decide(condition, { principal: OTHER_ROLE, viaService: 'cassandra.us-east-1.amazonaws.com' })).toBe('ImplicitDeny');
    expect(decide(condition, { principal: SERVICE, viaService: 'cassandra.us-east-1.amazonaws.com' })).toBe('ImplicitDeny');
  });

  it('aws:PrincipalArn is the role ARN for an STS session and matches with ArnLike; aws:PrincipalAccount is the account', () => {
    expect(decide({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/Read*` } }, { principal: SESSION })).toBe('Allow');
    expect(decide({ ArnEquals: { 'aws:PrincipalArn': ROOT } }, { principal: ACCOUNT })).toBe('Allow');
    expect(decide({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:user/*` } }, { principal: ROLE })).toBe('ImplicitDeny');
    expect(decide({ StringEquals: { 'aws:PrincipalAccount': OTHER_ACCOUNT } }, { principal: OTHER_ROLE })).toBe('Allow');
    expect(decide({ StringEquals: { 'aws:PrincipalAccount': ACCOUNT } }, { principal: SERVICE })).toBe('ImplicitDeny');
  });

  it('ARN operators match component by component: * does not cross a colon', () => {
    expect(decide({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } }, { principal: ROLE })).toBe('Allow');
    expect(decide({ ArnLike: { 'aws:PrincipalArn': 'arn:*:role/Reader' } }, { principal: ROLE })).toBe('ImplicitDeny');
    expect(decide({ StringLike: { 'aws:PrincipalArn': 'arn:*:role/Reader' } }, { principal: ROLE })).toBe('Allow');
    expect(decide({ ArnNotEquals: { 'aws:PrincipalArn': ROLE } }, { principal: USER })).toBe('Allow');
    expect(decide({ ArnLike: { 'aws:PrincipalArn': '*' } }, { principal: USER })).toBe('Allow');
    expect(decide({ ArnLike: { 'kms:GranteePrincipal': '*' } }, { granteePrincipal: SERVICE })).toBe('ImplicitDeny');
  });

  it('kms:GrantIsForAWSResource is true for grant actions made through a service, false without one, absent for other actions', () => {
    const condition = { Bool: { 'kms:GrantIsForAWSResource': 'true' } };
    expect(decide(condition, { action: 'kms:CreateGrant', viaService: 'cassandra.us-east-1.amazonaws.com' })).toBe('Allow');
    expect(decide(condition, { action: 'kms:CreateGrant' })).toBe('ImplicitDeny');
    expect(decide({ Bool: { 'kms:GrantIsForAWSResource': 'FALSE' } }, { action: 'kms:CreateGrant' })).toBe('Allow');
    expect(decide(condition, { action: 'kms:Decrypt', viaService: 'cassandra.us-east-1.amazonaws.com' })).toBe('ImplicitDeny');
  });

  it('kms:GrantOperations and kms:GranteePrincipal constrain CreateGrant', () => {
    const condition = {
      'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Decrypt', 'Encrypt', 'RetireGrant'] },
      StringEquals: { 'kms:GranteePrincipal': SERVICE },
    };
    const createGrant = { action: 'kms:CreateGrant', granteePrincipal: SERVICE };
    expect(decide(condition, { ...createGrant, grantOperations: ['Decrypt', 'RetireGrant'] })).toBe('Allow');
    expect(decide(condition, { ...createGrant, grantOperations: ['Decrypt', 'CreateGrant'] })).toBe('ImplicitDeny');
    expect(decide(condition, { ...createGrant, granteePrincipal: ROLE, grantOperations: ['Decrypt'] })).toBe('ImplicitDeny');
  });

  it('aws:PrincipalIsAWSService and aws:PrincipalServiceName describe service principals', () => {
    expect(decide({ Bool: { 'aws:PrincipalIsAWSService': 'true' }, StringEquals: { 'aws:PrincipalServiceName': SERVICE } }, { principal: SERVICE })).toBe('Allow');
    expect(decide({ Bool: { 'aws:PrincipalIsAWSService': 'true' } }, { principal: ROLE })).toBe('ImplicitDeny');
  });

  it('Condition keys this KMS never sets are absent', () => {
    expect(decide({ StringEquals: { 'aws:SourceVpce': 'vpce-1' } })).toBe('ImplicitDeny');
    expect(decide({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } })).toBe('Allow');
  });

  it('A conditional Deny denies only when its condition holds', () => {
    const policy = keyPolicy(allow(ROOT), deny('*', 'kms:Decrypt', { Condition: { Null: { 'kms:EncryptionContext:tenant': 'true' } } }));
    expect(evaluatePolicy(policy, request())).toBe('Deny');
    expect(evaluatePolicy(policy, request({ encryptionContext: { tenant: 'acme' } }))).toBe('Allow');
  });
});

describe('checkLockoutSafety', () => {
  it('The default policy keeps the account root and the IAM principals of the account in', () => {
    expect(checkLockoutSafety(DEFAULT_POLICY, ROOT, ACCOUNT)).toBe(true);
    expect(checkLockoutSafety(DEFAULT_POLICY, ROLE, ACCOUNT)).toBe(true);
    expect(checkLockoutSafety(DEFAULT_POLICY, SESSION, ACCOUNT)).toBe(true);
  });

  it('A policy naming neither the caller nor its account locks the caller out', () => {
    const policy = keyPolicy(allow({ AWS: USER }));
    expect(checkLockoutSafety(policy, ROLE, ACCOUNT)).toBe(false);
    expect(checkLockoutSafety(policy, ROOT, ACCOUNT)).toBe(false);
    expect(checkLockoutSafety(policy, USER, ACCOUNT)).toBe(true);
    expect(checkLockoutSafety(DEFAULT_POLICY, OTHER_ROLE, ACCOUNT)).toBe(false);
  });

  it('A policy allowing the caller everything except kms:PutKeyPolicy locks it out', () => {
    const policy = keyPolicy({ Effect: 'Allow', Principal: { AWS: ROLE }, NotAction: 'kms:PutKeyPolicy', Resource: '*' });
    expect(checkLockoutSafety(policy, ROLE, ACCOUNT)).toBe(false);
    expect(checkLockoutSafety(keyPolicy(allow({ AWS: ROLE }, 'kms:Put*')), ROLE, ACCOUNT)).toBe(true);
  });

  it('An explicit Deny of kms:PutKeyPolicy for the caller locks it out, even with an Allow', () => {
    expect(checkLockoutSafety(keyPolicy(allow(ROOT), deny({ AWS: ROOT }, 'kms:PutKeyPolicy')), ROOT, ACCOUNT)).toBe(false);
    expect(checkLockoutSafety(keyPolicy(allow(ROOT), deny({ AWS: ROLE }, 'kms:PutKeyPolicy')), ROLE, ACCOUNT)).toBe(false);
    expect(checkLockoutSafety(keyPolicy(allow(ROOT), deny({ AWS: ROLE }, 'kms:PutKeyPolicy')), ROOT, ACCOUNT)).toBe(true);
  });

  it("The caller's identity policy, when given, is used instead of the assumed PutKeyPolicy permission", () => {
    const iamDeny = identityPolicy({ Effect: 'Deny', Action: 'kms:PutKeyPolicy', Resource: '*' });
    const iamReader = identityPolicy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' });
    expect(checkLockoutSafety(DEFAULT_POLICY, ROLE, ACCOUNT, { identityPolicy: iamDeny })).toBe(false);
    expect(checkLockoutSafety(DEFAULT_POLICY, ROLE, ACCOUNT, { identityPolicy: iamReader })).toBe(false);
  });

  it('Resource elements are matched against keyArn when given, and taken to match otherwise', () => {
    const policy = keyPolicy(allow(ROOT, 'kms:*', { Resource: KEY_ARN }));
    expect(checkLockoutSafety(policy, ROOT, ACCOUNT)).toBe(true);
    expect(checkLockoutSafety(policy, ROOT, ACCOUNT, { keyArn: KEY_ARN })).toBe(true);
    expect(checkLockoutSafety(policy, ROOT, ACCOUNT, { keyArn: OTHER_KEY_ARN })).toBe(false);
  });

  it('A condition the PutKeyPolicy request cannot satisfy locks the caller out', () => {
    const viaOnly = keyPolicy(allow(ROOT, 'kms:*', { Condition: { StringEquals: { 'kms:ViaService': 'cassandra.us-east-1.amazonaws.com' } } }));
    expect(checkLockoutSafety(viaOnly, ROOT, ACCOUNT)).toBe(false);
    const byArn = keyPolicy(allow('*', 'kms:*', { Condition: { ArnEquals: { 'aws:PrincipalArn': ROLE } } }));
    expect(checkLockoutSafety(byArn, SESSION, ACCOUNT)).toBe(true);
  });
});

describe('wrong input', () => {
  const doc = DEFAULT_POLICY;
  const cases: { title: string; call: () => unknown; error: typeof TypeError | typeof RangeError }[] = [
    { title: 'parsePolicy(text: number)', call: () => parsePolicy(42 as unknown as string), error: TypeError },
    { title: 'parsePolicy(text: undefined)', call: () => parsePolicy(undefined as unknown as string), error: TypeError },
    { title: 'parsePolicy(options.policyType: bad)', call: () => parsePolicy('{}', { policyType: 'bucket' as 'key' }), error: TypeError },
    { title: 'defaultKeyPolicy(accountId: 11 digits)', call: () => defaultKeyPolicy('11112222333'), error: RangeError },
    { title: 'defaultKeyPolicy(accountId: number)', call: () => defaultKeyPolicy(111122223333 as unknown as string), error: RangeError },
    { title: 'defaultKeyPolicy(partition: bad)', call: () => defaultKeyPolicy(ACCOUNT, 'gcp'), error: RangeError },
    { title: 'evaluatePolicy(keyPolicy: text)', call: () => evaluatePolicy(defaultKeyPolicy(ACCOUNT) as unknown as PolicyDocument, request()), error: TypeError },
    { title: 'evaluatePolicy(identityPolicy: null)', call: () => evaluatePolicy(doc, request(), null as unknown as PolicyDocument), error: TypeError },
    { title: 'evaluatePolicy(request: undefined)', call: () => evaluatePolicy(doc, undefined as unknown as PolicyRequest), error: TypeError },
    { title: 'evaluatePolicy(request.principal: undefined)', call: () => evaluatePolicy(doc, request({ principal: undefined as unknown as string })), error: TypeError },
    { title: 'evaluatePolicy(request.action: number)', call: () => evaluatePolicy(doc, request({ action: 1 as unknown as string })), error: TypeError },
    { title: 'evaluatePolicy(request.encryptionContext: non-string value)', call: () => evaluatePolicy(doc, request({ encryptionContext: { a: 1 } as unknown as Record<string, string> })), error: TypeError },
    { title: 'evaluatePolicy(request.grantOperations: string)', call: () => evaluatePolicy(doc, request({ grantOperations: 'Decrypt' as unknown as string[] })), error: TypeError },
    { title: 'evaluatePolicy(request.viaService: number)', call: () => evaluatePolicy(doc, request({ viaService: 5 as unknown as string })), error: TypeError },
    { title: 'evaluatePolicy(keyPolicy: unparsed condition operator)', call: () => evaluatePolicy({ Statement: [{ Effect: 'Allow', Principal: '*', Action: ['*'], Resource: ['*'], Condition: { Foo: { 'a:b': ['c'] } } }] }, request()), error: TypeError },
    { title: 'checkLockoutSafety(doc: undefined)', call: () => checkLockoutSafety(undefined as unknown as PolicyDocument, ROOT, ACCOUNT), error: TypeError },
    { title: 'checkLockoutSafety(callerPrincipal: undefined)', call: () => checkLockoutSafety(doc, undefined as unknown as string, ACCOUNT), error: TypeError },
    { title: 'checkLockoutSafety(accountId: number)', call: () => checkLockoutSafety(doc, ROOT, 1 as unknown as string), error: TypeError },
    { title: 'checkLockoutSafety(options.keyArn: number)', call: () => checkLockoutSafety(doc, ROOT, ACCOUNT, { keyArn: 1 as unknown as string }), error: TypeError },
  ];
  it.each(cases)('$title throws $error.name', ({ call, error }) => {
    expect(call).toThrow(error);
  });
});
