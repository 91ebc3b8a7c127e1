/**
 * @module test/kms/policy.property
 * Properties of the key-policy evaluator (src/kms/policy.ts), over policies generated from pools
 * of principals, actions, resources and condition operators/keys/values (fast-check):
 * - evaluation never throws on a parsed policy and always answers one of the three decisions;
 * - adding an explicit Deny for the exact action and principal makes the answer Deny, so it
 *   never turns a Deny (or anything else) into Allow;
 * - adding any Deny statement never raises the answer, adding any Allow never lowers it, and
 *   neither do identity-policy Allows;
 * - statement order is irrelevant;
 * - the normalised document is a fixed point of JSON.stringify + parsePolicy;
 * - any JSON (or non-JSON) text either parses or throws MalformedPolicyDocumentException.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MalformedPolicyDocumentException } from '../../src/common/errors.js';
import { evaluatePolicy, parsePolicy } from '../../src/kms/policy.js';
import type { PolicyDecision, PolicyDocument, PolicyRequest } from '../../src/kms/policy.js';

const ACCOUNT = '111122223333';
const OTHER_ACCOUNT = '444455556666';
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER_KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/0987dcba-09ba-87dc-65fe-0987654321ba`;
const SERVICES = ['cassandra.amazonaws.com', 'backup.amazonaws.com'];
const IAM_CALLERS = [
  `arn:aws:iam::${ACCOUNT}:root`,
  ACCOUNT,
  `arn:aws:iam::${ACCOUNT}:role/Reader`,
  `arn:aws:sts::${ACCOUNT}:assumed-role/Reader/s1`,
  `arn:aws:iam::${ACCOUNT}:user/Alice`,
  `arn:aws:iam::${OTHER_ACCOUNT}:root`,
  `arn:aws:iam::${OTHER_ACCOUNT}:role/Reader`,
  `arn:aws:iam::${ACCOUNT}:role/*`,
];
const CALLERS = [...IAM_CALLERS, ...SERVICES];
const AWS_ENTRIES = [...IAM_CALLERS, OTHER_ACCOUNT, `arn:aws:iam::${ACCOUNT}:role/team/Reader`, '*'];
const ACTION_PATTERNS = ['*', 'kms:*', 'kms:Decrypt', 'kms:Encrypt', 'kms:Generate*', 'kms:?ncrypt', 'KMS:DECRYPT', 'kms:PutKeyPolicy', 'kms:CreateGrant', 'kms:Re*'];
const ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:PutKeyPolicy', 'kms:CreateGrant', 'kms:ListGrants', 'kms:DescribeKey'];
const RESOURCES = ['*', KEY_ARN, OTHER_KEY_ARN, `arn:aws:kms:*:${ACCOUNT}:key/*`];
const BASES = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'Bool', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike',
];
const OPERATORS = [
  'Null',
  ...['', 'ForAnyValue:', 'ForAllValues:'].flatMap((prefix) => BASES.flatMap((base) => [`${prefix}${base}`, `${prefix}${base}IfExists`])),
];
const EC_KEYS = ['tenant', 'Tenant', 'table', 'aws:x'];
const CONDITION_KEYS = [
  ...EC_KEYS.map((k) => `kms:EncryptionContext:${k}`), 'kms:EncryptionContextKeys', 'kms:CallerAccount', 'KMS:ViaService',
  'kms:GrantOperations', 'kms:GranteePrincipal', 'kms:GrantIsForAWSResource', 'aws:PrincipalArn', 'aws:PrincipalAccount', 'aws:SourceIp',
];
const VALUES = ['acme', 'ACME', 'ac*', 't?ble', 'true', 'false', ACCOUNT, 'Decrypt', 'tenant', 'cassandra.us-east-1.amazonaws.com', `arn:aws:iam::${ACCOUNT}:role/*`, 'arn:aws:iam::*:*', '*'];

const principalElement = fc.oneof(
  fc.constant<unknown>('*'),
  fc.record({ AWS: fc.uniqueArray(fc.constantFrom(...AWS_ENTRIES), { minLength: 1, maxLength: 3 }) }),
  fc.record({ Service: fc.constantFrom(...SERVICES) }),
  fc.record({
    AWS: fc.uniqueArray(fc.constantFrom(...AWS_ENTRIES), { minLength: 1, maxLength: 2 }),
    Service: fc.uniqueArray(fc.constantFrom(...SERVICES), { minLength: 1, maxLength: 2 }),
  }),
);
const condition = fc.dictionary(
  fc.constantFrom(...OPERATORS),
  fc.dictionary(fc.constantFrom(...CONDITION_KEYS), fc.oneof(fc.constantFrom(...VALUES), fc.uniqueArray(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 3 })), { minKeys: 1, maxKeys: 2 }),
  { minKeys: 1, maxKeys: 2 },
);
/** Element pairs: [which of the two, or neither] and its value. */
const oneOf = <T>(a: string, b: string, value: fc.Arbitrary<T>, neither = true): fc.Arbitrary<Record<string, T>> =>
  fc.oneof(
    value.map((v) => ({ [a]: v })),
    value.map((v) => ({ [b]: v })),
    ...(neither ? [fc.constant({})] : []),
  );
const listOf = (pool: string[]): fc.Arbitrary<string | string[]> =>
  fc.oneof(fc.constantFrom(...pool), fc.uniqueArray(fc.constantFrom(...pool), { minLength: 1, maxLength: 3 }));

const keyStatement = fc
  .tuple(
    fc.constantFrom('Allow', 'Deny'),
    oneOf('Principal', 'NotPrincipal', principalElement, false),
    oneOf('Action', 'NotAction', listOf(ACTION_PATTERNS)),
    oneOf('Resource', 'NotResource', listOf(RESOURCES)),
    fc.option(condition, { nil: undefined, freq: 2 }),
  )
  .map(([Effect, principal, action, resource, Condition]): Record<string, unknown> =>
    ({ Effect, ...principal, ...action, ...resource, ...(Condition ? { Condition } : {}) }));
const identityStatement = keyStatement.map((statement) =>
  Object.fromEntries(Object.entries(statement).filter(([element]) => element !== 'Principal' && element !== 'NotPrincipal')));

const keyPolicyText = fc.array(keyStatement, { minLength: 1, maxLength: 5 }).map((Statement) => JSON.stringify({ Version: '2012-10-17', Statement }));
const identityPolicyText = fc.array(identityStatement, { minLength: 1, maxLength: 3 }).map((Statement) => JSON.stringify({ Statement }));

const request: fc.Arbitrary<PolicyRequest> = fc.record(
  {
    principal: fc.constantFrom(...CALLERS),
    action: fc.constantFrom(...ACTIONS),
    keyArn: fc.constantFrom(KEY_ARN, OTHER_KEY_ARN),
    accountId: fc.constant(ACCOUNT),
    encryptionContext: fc.dictionary(fc.constantFrom(...EC_KEYS), fc.constantFrom('acme', 'ACME', 'orders')),
    grantOperations: fc.uniqueArray(fc.constantFrom('Decrypt', 'Encrypt', 'CreateGrant', 'RetireGrant')),
    granteePrincipal: fc.constantFrom(...CALLERS),
    viaService: fc.constantFrom('cassandra.us-east-1.amazonaws.com', 'ec2.us-east-1.amazonaws.com'),
  },
  { requiredKeys: ['principal', 'action', 'keyArn', 'accountId'] },
);

const RANK: Record<PolicyDecision, number> = { Deny: 0, ImplicitDeny: 1, Allow: 2 };
const key = (text: string): PolicyDocument => parsePolicy(text, { policyType: 'key' });
const identity = (text: string): PolicyDocument => parsePolicy(text, { policyType: 'identity' });
const withStatement = (doc: PolicyDocument, at: number, statement: Record<string, unknown>): PolicyDocument => {
  const raw = JSON.parse(JSON.stringify(doc)) as { Statement: unknown[] };
  raw.Statement.splice(at % (raw.Statement.length + 1), 0, statement);
  return parsePolicy(JSON.stringify(raw));
};

describe('evaluatePolicy properties', () => {
  it('evaluation never throws on any parsed policy and answers Allow, Deny or ImplicitDeny', () => {
    fc.assert(
      fc.property(keyPolicyText, fc.option(identityPolicyText, { nil: undefined }), request, (kp, ip, req) => {
        const decision = evaluatePolicy(key(kp), req, ip === undefined ? undefined : identity(ip));
        expect(['Allow', 'Deny', 'ImplicitDeny']).toContain(decision);
      }),
    );
  });

  it('adding an explicit Deny for the exact action and principal gives Deny, never Allow', () => {
    fc.assert(
      fc.property(keyPolicyText, fc.option(identityPolicyText, { nil: undefined }), request, fc.nat(), (kp, ip, req, at) => {
        const principal = SERVICES.includes(req.principal) ? { Service: req.principal } : { AWS: req.principal };
        const denied = withStatement(key(kp), at, { Effect: 'Deny', Principal: principal, Action: req.action, Resource: '*' });
        expect(evaluatePolicy(denied, req, ip === undefined ? undefined : identity(ip))).toBe('Deny');
      }),
    );
  });

  it('adding any Deny statement never raises the decision; adding any Allow never lowers it', () => {
    fc.assert(
      fc.property(keyPolicyText, keyStatement, request, fc.nat(), fc.option(identityPolicyText, { nil: undefined }), (kp, extra, req, at, ip) => {
        const idp = ip === undefined ? undefined : identity(ip);
        const before = RANK[evaluatePolicy(key(kp), req, idp)];
        const after = RANK[evaluatePolicy(withStatement(key(kp), at, extra), req, idp)];
        if (extra.Effect === 'Deny') expect(after).toBeLessThanOrEqual(before);
        else expect(after).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 500 },
    );
  });

  it('identity-policy Allow statements never lower the decision', () => {
    const allowsOnly = fc.array(identityStatement.map((s) => ({ ...s, Effect: 'Allow' })), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(keyPolicyText, allowsOnly, request, (kp, statements, req) => {
        const without = RANK[evaluatePolicy(key(kp), req)];
        const withIdentity = RANK[evaluatePolicy(key(kp), req, identity(JSON.stringify({ Statement: statements })))];
        expect(withIdentity).toBeGreaterThanOrEqual(without);
      }),
      { numRuns: 500 },
    );
  });

  it('statement order does not change the decision', () => {
    fc.assert(
      fc.property(keyPolicyText, request, fc.array(fc.nat()), (kp, req, seeds) => {
        const doc = key(kp);
        const shuffled: PolicyDocument = {
          ...doc,
          Statement: doc.Statement.map((s, i) => ({ s, k: seeds[i] ?? i })).sort((a, b) => a.k - b.k).map(({ s }) => s),
        };
        expect(evaluatePolicy(shuffled, req)).toBe(evaluatePolicy(doc, req));
      }),
    );
  });
});

describe('parsePolicy properties', () => {
  it('the normalised document is a fixed point of JSON.stringify and parsePolicy', () => {
    fc.assert(
      fc.property(fc.oneof(keyPolicyText, identityPolicyText), (text) => {
        const doc = parsePolicy(text);
        expect(parsePolicy(JSON.stringify(doc))).toEqual(doc);
      }),
    );
  });

  it('any text either parses or throws MalformedPolicyDocumentException, never another error', () => {
    const text = fc.oneof(
      fc.string(),
      fc.json(),
      fc.jsonValue().map((statement) => JSON.stringify({ Statement: statement })),
      fc.dictionary(fc.constantFrom('Effect', 'Principal', 'NotPrincipal', 'Action', 'Resource', 'Condition', 'Sid'), fc.jsonValue())
        .map((statement) => JSON.stringify({ Statement: [statement] })),
    );
    fc.assert(
      fc.property(text, (t) => {
        try {
          parsePolicy(t);
        } catch (error) {
          expect(error).toBeInstanceOf(MalformedPolicyDocumentException);
        }
      }),
    );
  });
});
