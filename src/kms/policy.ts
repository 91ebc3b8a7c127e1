/**
 * @module kms/policy
 * The key-policy evaluator of the local KMS: pure functions, no I/O.
 *
 * Implements the parts of the AWS policy language that KMS key policies and the IAM identity
 * policies of KMS callers use, after the AWS KMS Developer Guide ("Default key policy",
 * "Key policies", "Condition keys for AWS KMS") and the IAM User Guide ("Policy evaluation
 * logic", "Condition operators", "Single-valued vs. multivalued context keys"). The default key
 * policy follows `shared/reference/kms.md` §3; the interplay with grants follows §6 (an explicit
 * Deny beats a grant, an implicit deny does not).
 *
 * Four steps, each its own export:
 * - {@link parsePolicy} validates policy text and returns a normalised {@link PolicyDocument}
 *   (`Statement` always an array, every list element an array, condition values strings);
 * - {@link defaultKeyPolicy} is the text AWS attaches to a customer managed key created without a
 *   policy, byte for byte as `GetKeyPolicy` returns it;
 * - {@link evaluatePolicy} decides one request against a key policy and the caller's optional
 *   identity policy;
 * - {@link checkLockoutSafety} is the `PutKeyPolicy` / `CreateKey` lockout check.
 *
 * Deliberate simplifications are listed in the TSDoc of {@link evaluatePolicy}.
 */
import { MalformedPolicyDocumentException } from '../common/errors.js';
import { needs } from '../common/needs.js';

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/** `Allow` or `Deny`, as in a policy statement. */
export type PolicyEffect = 'Allow' | 'Deny';

/**
 * The object form of a `Principal` / `NotPrincipal` element, normalised: every present member
 * is a non-empty array. `Federated` and `CanonicalUser` principals are accepted but never match
 * a caller of this KMS.
 */
export interface PrincipalMap {
  AWS?: string[];
  Service?: string[];
  Federated?: string[];
  CanonicalUser?: string[];
}

/** A `Principal` / `NotPrincipal` element: `"*"` (everyone) or a {@link PrincipalMap}. */
export type PolicyPrincipal = '*' | PrincipalMap;

/**
 * A `Condition` element, normalised: operator → condition key → values. Keys and operators keep
 * the spelling of the policy text; values are strings (JSON booleans and numbers are stringified).
 */
export type PolicyCondition = Record<string, Record<string, string[]>>;

/** One normalised policy statement. */
export interface PolicyStatement {
  Sid?: string;
  Effect: PolicyEffect;
  Principal?: PolicyPrincipal;
  NotPrincipal?: PolicyPrincipal;
  Action?: string[];
  NotAction?: string[];
  Resource?: string[];
  NotResource?: string[];
  Condition?: PolicyCondition;
}

/** A normalised policy document: `Statement` is always an array. */
export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement[];
}

/**
 * Which grammar {@link parsePolicy} checks: a `key` policy (every statement names a principal)
 * or an `identity` policy (no statement names one: it applies to the identity it is attached to).
 */
export type PolicyType = 'key' | 'identity';

/** Options of {@link parsePolicy}. */
export interface ParsePolicyOptions {
  /**
   * `key` for a key policy (CreateKey, PutKeyPolicy), `identity` for an IAM identity policy.
   * Omitted: either grammar, consistently (every statement names a principal, or none does).
   */
  policyType?: PolicyType;
}

/** One authorisation question: may `principal` perform `action` on the key `keyArn`? */
export interface PolicyRequest {
  /**
   * The caller: an IAM ARN (`arn:aws:iam::111122223333:root`, `…:user/Alice`, `…:role/Reader`),
   * an STS session ARN (`arn:aws:sts::111122223333:assumed-role/Reader/session`), a bare
   * 12-digit account id (read as that account's root), or a service principal
   * (`cassandra.amazonaws.com`): anything that does not start with `arn:` and is not 12 digits.
   */
  principal: string;
  /** The action, e.g. `kms:Decrypt`. */
  action: string;
  /** The key's ARN: what `Resource` is matched against. */
  keyArn: string;
  /** The key's account (12 digits). */
  accountId: string;
  /** The request's encryption context (`kms:EncryptionContext:*`, `kms:EncryptionContextKeys`). */
  encryptionContext?: Record<string, string>;
  /** CreateGrant `Operations` (`kms:GrantOperations`). */
  grantOperations?: string[];
  /** CreateGrant `GranteePrincipal` (`kms:GranteePrincipal`). */
  granteePrincipal?: string;
  /** The AWS service that made the call on the principal's behalf (`kms:ViaService`). */
  viaService?: string;
}

/**
 * The outcome of {@link evaluatePolicy}:
 * - `Allow`: a matching Allow and no matching Deny; the request is authorised;
 * - `Deny`: an explicit Deny matched; the request is refused and **no grant may rescue it**;
 * - `ImplicitDeny`: nothing allowed it; a grant for the caller may still authorise it.
 */
export type PolicyDecision = 'Allow' | 'Deny' | 'ImplicitDeny';

/** Options of {@link checkLockoutSafety}. */
export interface LockoutCheckOptions {
  /**
   * The key's ARN, to match `Resource` elements that name a key. Without it every `Resource`
   * element is taken to match: a key policy only ever governs its own key.
   */
  keyArn?: string;
  /**
   * The caller's identity policy. Without it, an IAM principal other than the account root is
   * assumed to hold IAM permission for `kms:PutKeyPolicy` (it is calling PutKeyPolicy or
   * CreateKey right now), so a policy that delegates to its account keeps it in.
   */
  identityPolicy?: PolicyDocument;
}

// ---------------------------------------------------------------------------------------------
// Constants (module-internal)
// ---------------------------------------------------------------------------------------------

const POLICY_VERSIONS: readonly string[] = ['2012-10-17', '2008-10-17'];
const DOCUMENT_ELEMENTS: ReadonlySet<string> = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS: ReadonlySet<string> = new Set([
  'Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition',
]);
const PRINCIPAL_TYPES: ReadonlySet<string> = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

/** The base condition operators this evaluator supports (IAM names, case-sensitive). */
const BASE_OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase',
  'StringLike', 'StringNotLike', 'Bool', 'Null', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike',
] as const;
type BaseOperator = (typeof BASE_OPERATORS)[number];
const NEGATED_OPERATORS: ReadonlySet<BaseOperator> = new Set([
  'StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'ArnNotEquals', 'ArnNotLike',
]);

/** Actions for which `kms:GrantIsForAWSResource` is in the request context. */
const GRANT_ACTIONS: ReadonlySet<string> = new Set(['kms:creategrant', 'kms:listgrants', 'kms:revokegrant']);

const ACCOUNT_ID = /^\d{12}$/;
/** An ARN that can name an AWS principal: account root, IAM user or role, STS session. */
const AWS_PRINCIPAL_ARN = /^arn:aws[a-z-]*:(?:iam::\d{12}:(?:root|user\/.+|role\/.+)|sts::\d{12}:(?:assumed-role\/.+|federated-user\/.+))$/;
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*$/;
const ACTION_NAME = /^kms:[A-Za-z0-9*?]+$/i;
const CONDITION_KEY = /^[A-Za-z0-9-]+:.+$/;

const MSG_NOT_JSON = 'The key policy is not valid JSON.';
const MSG_NOT_OBJECT = 'The key policy must be a JSON object.';
const MSG_UNKNOWN_ELEMENT = 'Policy contains an element that is not valid:';
const MSG_VERSION = 'Policy contains a Version that is not valid; use 2012-10-17 or 2008-10-17.';
const MSG_ID = 'Policy contains an Id that is not a string.';
const MSG_NO_STATEMENT = 'Policy is missing required element - Statement.';
const MSG_STATEMENT_SHAPE = 'Policy contains a Statement that is not an object or a non-empty array of objects.';
const MSG_SID = 'Policy contains a statement with a Sid that is not a string.';
const MSG_DUPLICATE_SID = 'Policy contains more than one statement with the Sid';
const MSG_EFFECT = 'Policy contains a statement with an Effect that is not Allow or Deny.';
const MSG_INVALID_PRINCIPALS = 'Policy contains a statement with one or more invalid principals.';
const MSG_IDENTITY_PRINCIPAL = 'Policy document should not specify a principal.';
const MSG_ACTION_AND_NOT_ACTION = 'Policy contains a statement with both Action and NotAction.';
const MSG_INVALID_ACTIONS = 'Policy contains a statement with one or more invalid actions.';
const MSG_RESOURCE_AND_NOT_RESOURCE = 'Policy contains a statement with both Resource and NotResource.';
const MSG_INVALID_RESOURCES = 'Policy contains a statement with one or more invalid resources.';
const MSG_STRING_LIST = 'must be a string or a non-empty array of strings.';
const MSG_CONDITION_SHAPE = 'Policy contains a Condition that is not an object of condition operators to objects of condition keys.';
const MSG_CONDITION_OPERATOR = 'Policy contains a statement with a condition operator that is not valid:';
const MSG_CONDITION_KEY = 'Policy contains a statement with a condition key that is not valid:';
const MSG_CONDITION_VALUE = 'Policy contains a statement with a condition value that is not a string, number, boolean or non-empty array of them, for key';

// ---------------------------------------------------------------------------------------------
// parsePolicy
// ---------------------------------------------------------------------------------------------

/**
 * Parses and validates policy text, and returns it normalised: `Statement` an array; `Action`,
 * `NotAction`, `Resource`, `NotResource` and each `Principal` member arrays of strings; condition
 * values arrays of strings (`true` becomes `"true"`). Spellings (case of actions, keys) are kept.
 *
 * Accepted, as AWS accepts them: a statement without `Action`/`NotAction` or without
 * `Resource`/`NotResource` (it has no effect; AWS's PutKeyPolicy accepts it too); condition keys
 * this KMS never sets (such as `aws:SourceIp`: absent at evaluation); principal ARNs containing
 * `*` or `?` (matched literally, never as wildcards). Rejected: everything listed under `@throws`.
 *
 * @param text - the policy as sent to CreateKey / PutKeyPolicy
 * @param options - `policyType: 'key'` for a key policy (every statement names a principal, as
 *   AWS requires), `'identity'` for an IAM identity policy (none does); omitted: either, consistently
 * @returns the normalised document
 * @throws {@link MalformedPolicyDocumentException} when the text is not JSON, not an object, has
 *   an unknown element, a bad `Version`/`Id`, no `Statement`, a statement with a bad `Sid`
 *   (not a string, or repeated), a bad `Effect`, an invalid principal, both `Principal` and
 *   `NotPrincipal`, a statement without principal in a `key` policy or with one in an `identity`
 *   policy (or, with no `policyType`, some statements with and some without), both `Action` and
 *   `NotAction` (or `Resource` and
 *   `NotResource`), an action not `*` or `kms:…`, a resource not `*` or an ARN, a list that is
 *   empty or holds a non-string, or a condition with an unsupported operator, a key not of the
 *   form `prefix:name`, or a value that is not a string, number or boolean
 * @throws {@link TypeError} when `text` is not a string
 * @example
 * const doc = parsePolicy(defaultKeyPolicy('111122223333'));
 * doc.Statement[0]?.Action; // ['kms:*']
 */
export function parsePolicy(text: string, options: ParsePolicyOptions = {}): PolicyDocument {
  if (typeof text !== 'string') throw new TypeError('parsePolicy: text must be a string');
  const policyType = options.policyType;
  if (policyType !== undefined && policyType !== 'key' && policyType !== 'identity') {
    throw new TypeError("parsePolicy: options.policyType must be 'key', 'identity' or undefined");
  }

  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    /* Precondition: The policy text must be valid JSON. */
    throw new MalformedPolicyDocumentException(MSG_NOT_JSON, { cause: error });
  }
  /* Precondition: The policy must be a JSON object. */
  needs(isPlainObject(raw), MSG_NOT_OBJECT, MalformedPolicyDocumentException);
  for (const element of Object.keys(raw)) {
    /* Precondition: The policy may contain only the elements Version, Id and Statement. */
    needs(DOCUMENT_ELEMENTS.has(element), `${MSG_UNKNOWN_ELEMENT} ${element}`, MalformedPolicyDocumentException);
  }

  const doc: PolicyDocument = { Statement: [] };
  if (raw['Version'] !== undefined) {
    const version = raw['Version'];
    /* Precondition: Version must be 2012-10-17 or 2008-10-17. */
    needs(typeof version === 'string' && POLICY_VERSIONS.includes(version), MSG_VERSION, MalformedPolicyDocumentException);
    doc.Version = version;
  }
  if (raw['Id'] !== undefined) {
    const id = raw['Id'];
    /* Precondition: Id must be a string. */
    needs(typeof id === 'string', MSG_ID, MalformedPolicyDocumentException);
    doc.Id = id;
  }

  /* Precondition: The policy must contain a Statement element. */
  needs(raw['Statement'] !== undefined, MSG_NO_STATEMENT, MalformedPolicyDocumentException);
  const statements: unknown[] = Array.isArray(raw['Statement']) ? raw['Statement'] : [raw['Statement']];
  /* Precondition: Statement must be an object or a non-empty array of objects. */
  needs(statements.length > 0 && statements.every(isPlainObject), MSG_STATEMENT_SHAPE, MalformedPolicyDocumentException);

  const sids = new Set<string>();
  for (const rawStatement of statements as Record<string, unknown>[]) {
    const statement = parseStatement(rawStatement, policyType);
    if (statement.Sid !== undefined && statement.Sid !== '') {
      /* Precondition: Each Sid must be unique within the policy. */
      needs(!sids.has(statement.Sid), `${MSG_DUPLICATE_SID} ${JSON.stringify(statement.Sid)}.`, MalformedPolicyDocumentException);
      sids.add(statement.Sid);
    }
    doc.Statement.push(statement);
  }
  const named = doc.Statement.filter((statement) => statement.Principal !== undefined || statement.NotPrincipal !== undefined);
  /* Precondition: Either every statement names a principal or none does. */
  needs(named.length === 0 || named.length === doc.Statement.length, MSG_INVALID_PRINCIPALS, MalformedPolicyDocumentException);
  return doc;
}

function parseStatement(raw: Record<string, unknown>, policyType: PolicyType | undefined): PolicyStatement {
  for (const element of Object.keys(raw)) {
    /* Precondition: A statement may contain only the elements Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource and Condition. */
    needs(STATEMENT_ELEMENTS.has(element), `${MSG_UNKNOWN_ELEMENT} ${element}`, MalformedPolicyDocumentException);
  }

  const effect = raw['Effect'];
  /* Precondition: Effect must be Allow or Deny. */
  needs(effect === 'Allow' || effect === 'Deny', MSG_EFFECT, MalformedPolicyDocumentException);
  const statement: PolicyStatement = { Effect: effect };

  if (raw['Sid'] !== undefined) {
    const sid = raw['Sid'];
    /* Precondition: Sid must be a string. */
    needs(typeof sid === 'string', MSG_SID, MalformedPolicyDocumentException);
    statement.Sid = sid;
  }

  const hasPrincipal = raw['Principal'] !== undefined;
  const hasNotPrincipal = raw['NotPrincipal'] !== undefined;
  /* Precondition: A statement must not have both Principal and NotPrincipal. */
  needs(!(hasPrincipal && hasNotPrincipal), MSG_INVALID_PRINCIPALS, MalformedPolicyDocumentException);
  if (policyType === 'key') {
    /* Precondition: A key policy statement must have a Principal or a NotPrincipal. */
    needs(hasPrincipal || hasNotPrincipal, MSG_INVALID_PRINCIPALS, MalformedPolicyDocumentException);
  } else if (policyType === 'identity') {
    /* Precondition: An identity policy statement must not have a Principal or NotPrincipal. */
    needs(!hasPrincipal && !hasNotPrincipal, MSG_IDENTITY_PRINCIPAL, MalformedPolicyDocumentException);
  }
  if (hasPrincipal) statement.Principal = parsePrincipal(raw['Principal']);
  if (hasNotPrincipal) statement.NotPrincipal = parsePrincipal(raw['NotPrincipal']);

  /* Precondition: A statement must not have both Action and NotAction. */
  needs(raw['Action'] === undefined || raw['NotAction'] === undefined, MSG_ACTION_AND_NOT_ACTION, MalformedPolicyDocumentException);
  for (const element of ['Action', 'NotAction'] as const) {
    if (raw[element] === undefined) continue;
    const actions = parseStringList(raw[element], element);
    for (const action of actions) {
      /* Precondition: Each action must be "*" or a kms: action. */
      needs(action === '*' || ACTION_NAME.test(action), `${MSG_INVALID_ACTIONS} ${JSON.stringify(action)}`, MalformedPolicyDocumentException);
    }
    statement[element] = actions;
  }

  /* Precondition: A statement must not have both Resource and NotResource. */
  needs(raw['Resource'] === undefined || raw['NotResource'] === undefined, MSG_RESOURCE_AND_NOT_RESOURCE, MalformedPolicyDocumentException);
  for (const element of ['Resource', 'NotResource'] as const) {
    if (raw[element] === undefined) continue;
    const resources = parseStringList(raw[element], element);
    for (const resource of resources) {
      /* Precondition: Each resource must be "*" or an ARN. */
      needs(resource === '*' || resource.startsWith('arn:'), `${MSG_INVALID_RESOURCES} ${JSON.stringify(resource)}`, MalformedPolicyDocumentException);
    }
    statement[element] = resources;
  }

  if (raw['Condition'] !== undefined) statement.Condition = parseCondition(raw['Condition']);
  return statement;
}

function parsePrincipal(raw: unknown): PolicyPrincipal {
  if (raw === '*') return '*';
  /* Precondition: A principal must be "*" or an object of AWS, Service, Federated or CanonicalUser principals. */
  needs(
    isPlainObject(raw) && Object.keys(raw).length > 0 && Object.keys(raw).every((type) => PRINCIPAL_TYPES.has(type)),
    MSG_INVALID_PRINCIPALS,
    MalformedPolicyDocumentException,
  );
  const principal: PrincipalMap = {};
  for (const [type, value] of Object.entries(raw)) {
    const list = parseStringList(value, `Principal ${type}`);
    if (type === 'AWS') {
      for (const entry of list) {
        /* Precondition: Each AWS principal must be "*", an account id, or an IAM or STS principal ARN. */
        needs(entry === '*' || ACCOUNT_ID.test(entry) || AWS_PRINCIPAL_ARN.test(entry), MSG_INVALID_PRINCIPALS, MalformedPolicyDocumentException);
      }
      principal.AWS = list;
    } else if (type === 'Service') {
      for (const entry of list) {
        /* Precondition: Each Service principal must be "*" or a service name. */
        needs(entry === '*' || SERVICE_PRINCIPAL.test(entry), MSG_INVALID_PRINCIPALS, MalformedPolicyDocumentException);
      }
      principal.Service = list;
    } else if (type === 'Federated') {
      principal.Federated = list;
    } else {
      principal.CanonicalUser = list;
    }
  }
  return principal;
}

function parseStringList(raw: unknown, element: string): string[] {
  const list = typeof raw === 'string' ? [raw] : raw;
  /* Precondition: A list element must be a string or a non-empty array of strings. */
  needs(
    Array.isArray(list) && list.length > 0 && list.every((item) => typeof item === 'string'),
    `Policy contains a statement whose ${element} ${MSG_STRING_LIST}`,
    MalformedPolicyDocumentException,
  );
  return [...(list as string[])];
}

function parseCondition(raw: unknown): PolicyCondition {
  /* Precondition: Condition must map condition operators to objects of condition keys. */
  needs(isPlainObject(raw) && Object.values(raw).every(isPlainObject), MSG_CONDITION_SHAPE, MalformedPolicyDocumentException);
  const condition: PolicyCondition = {};
  for (const [operator, block] of Object.entries(raw as Record<string, Record<string, unknown>>)) {
    /* Precondition: Each condition operator must be a supported operator. */
    needs(parseOperator(operator) !== undefined, `${MSG_CONDITION_OPERATOR} ${operator}`, MalformedPolicyDocumentException);
    const keys: Record<string, string[]> = {};
    for (const [key, value] of Object.entries(block)) {
      /* Precondition: Each condition key must have the form prefix:name. */
      needs(CONDITION_KEY.test(key), `${MSG_CONDITION_KEY} ${key}`, MalformedPolicyDocumentException);
      const values = Array.isArray(value) ? value : [value];
      /* Precondition: Each condition value must be a string, number or boolean, or a non-empty array of them. */
      needs(values.length > 0 && values.every(isConditionScalar), `${MSG_CONDITION_VALUE} ${key}.`, MalformedPolicyDocumentException);
      keys[key] = values.map((item) => String(item));
    }
    condition[operator] = keys;
  }
  return condition;
}

function isConditionScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// defaultKeyPolicy
// ---------------------------------------------------------------------------------------------

/**
 * The default key policy of a customer managed key (kms.md §3): one statement, Sid
 * `Enable IAM User Permissions`, allowing `kms:*` to the account principal, which gives the
 * account root full access and lets IAM policies of the account's principals grant access.
 * Formatted exactly as AWS's `GetKeyPolicy` returns it (` : ` separators, two-space indent,
 * `[ {` … `} ]`, no trailing newline).
 *
 * @param accountId - the key's account, 12 digits
 * @param partition - the ARN partition, `aws` by default
 * @returns the policy text
 * @throws {@link RangeError} when `accountId` is not 12 digits or `partition` is not `aws…`
 * @example
 * const text = defaultKeyPolicy('111122223333');
 * evaluatePolicy(parsePolicy(text), { principal: 'arn:aws:iam::111122223333:root', action: 'kms:Decrypt',
 *   keyArn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', accountId: '111122223333' }); // 'Allow'
 */
export function defaultKeyPolicy(accountId: string, partition = 'aws'): string {
  if (typeof accountId !== 'string' || !ACCOUNT_ID.test(accountId)) {
    throw new RangeError('defaultKeyPolicy: accountId must be 12 digits');
  }
  if (typeof partition !== 'string' || !/^aws(?:-[a-z]+)*$/.test(partition)) {
    throw new RangeError('defaultKeyPolicy: partition must be aws, aws-cn, aws-us-gov, …');
  }
  return [
    '{',
    '  "Version" : "2012-10-17",',
    '  "Id" : "key-default-1",',
    '  "Statement" : [ {',
    '    "Sid" : "Enable IAM User Permissions",',
    '    "Effect" : "Allow",',
    '    "Principal" : {',
    `      "AWS" : "arn:${partition}:iam::${accountId}:root"`,
    '    },',
    '    "Action" : "kms:*",',
    '    "Resource" : "*"',
    '  } ]',
    '}',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// evaluatePolicy
// ---------------------------------------------------------------------------------------------

/**
 * Decides one request against a key policy and the caller's optional IAM identity policy, the
 * local KMS's model of AWS's policy evaluation logic:
 *
 * 1. **Explicit Deny wins.** A Deny statement of the key policy or the identity policy that
 *    applies to the request gives `Deny`, whatever else allows it, grants included.
 * 2. **Direct Allow.** An Allow statement of the key policy whose `Principal` names the caller
 *    gives `Allow`. A principal names the caller when it is `"*"` or `{"AWS": "*"}` (everyone,
 *    service principals included), the caller's exact ARN, the role ARN of a caller that is an
 *    STS session of that role (`arn:aws:sts::A:assumed-role/R/s` matches `arn:aws:iam::A:role/…/R`),
 *    `{"Service": "x.amazonaws.com"}` for the service principal `x.amazonaws.com`
 *    (case-insensitive), or the caller's account (`A` or `arn:aws:iam::A:root`) when the
 *    caller is that account's root. `*` and `?` inside principal ARNs are literal characters.
 * 3. **Delegation to IAM.** An Allow statement whose principal is an account (`A` or
 *    `arn:aws:iam::A:root`) allows every other IAM principal of account A (users, roles,
 *    sessions) only when that principal's identity policy (`identityPolicy`) also has an Allow
 *    statement for the request. IAM principals of other accounts, and service principals, are
 *    never allowed through an account principal. This holds for any account named, so a key
 *    policy naming a foreign account delegates to that account's IAM.
 * 4. Otherwise `ImplicitDeny`.
 *
 * A statement applies when its principal, action, resource and conditions all match:
 * - `Principal` as above. In a **Deny**, an account principal also covers every IAM principal of
 *   that account. `NotPrincipal` applies to every caller that the same list does not cover
 *   (for NotPrincipal, an account entry covers the root and every IAM principal of the account).
 *   Identity-policy statements apply to their owner (a `Principal` in one is ignored). A
 *   key-policy statement without a principal (possible only when the document was parsed without
 *   `policyType: 'key'`) never allows and, as a Deny, applies to every caller.
 * - `Action` / `NotAction`: case-insensitive, with wildcards `*` and `?` (`kms:*`,
 *   `kms:Generate*`, `*`). A statement with neither never applies.
 * - `Resource` / `NotResource`: `"*"` or a pattern with `*`/`?`, matched case-sensitively against
 *   the key ARN. A statement with neither never applies.
 * - `Condition`: every operator block must hold (AND); within a block every key must hold
 *   (AND); a key holds when any policy value matches (OR), except for the negated operators
 *   (`StringNotEquals`, `StringNotEqualsIgnoreCase`, `StringNotLike`, `ArnNotEquals`,
 *   `ArnNotLike`), which hold when **no** policy value matches (NOR), as AWS documents.
 *   Condition key names are case-insensitive, and so (as the KMS guide states) is the
 *   encryption-context key inside `kms:EncryptionContext:<key>`; values compare as the operator
 *   says (`StringEquals` case-sensitive, `…IgnoreCase` not, `…Like` with `*`/`?`, `Arn…` per ARN
 *   component with `*`/`?` (a pattern that is not a six-component ARN matches nothing, `*`
 *   excepted), so `ArnEquals` = `ArnLike`, `Bool` case-insensitive
 *   `true`/`false`). Policy variables (`${aws:username}`) are not expanded.
 * - A key absent from the request: positive operators are false, negated operators true;
 *   `…IfExists` is true; `ForAllValues:` is true; `ForAnyValue:` is false;
 *   `Null: "true"` is true and `Null: "false"` false. A multi-valued key with no values counts
 *   as absent.
 * - Multi-valued keys (`kms:EncryptionContextKeys`, `kms:GrantOperations`):
 *   `ForAllValues:` holds when every request value matches (negated: matches no policy value);
 *   `ForAnyValue:` when at least one does. Without a set prefix a positive operator holds when
 *   any request value matches and a negated one when none does. Set prefixes on single-valued
 *   keys treat the value as a one-element set.
 *
 * Request context keys:
 * | key | value |
 * |---|---|
 * | `kms:EncryptionContext:<k>` | the value of EC key `k` (matched case-insensitively) |
 * | `kms:EncryptionContextKeys` | the EC keys (multi-valued); absent without an EC |
 * | `kms:CallerAccount`, `aws:PrincipalAccount` | the caller's account; absent for service principals |
 * | `aws:PrincipalArn` | the caller's ARN; for an STS session `arn:…:iam::A:role/R` (path dropped); `arn:aws:iam::A:root` for a bare account id; absent for service principals |
 * | `aws:PrincipalIsAWSService` | `true` for a service principal, else `false` |
 * | `aws:PrincipalServiceName` | the service principal; absent otherwise |
 * | `kms:ViaService` | `viaService` |
 * | `kms:GrantIsForAWSResource` | for CreateGrant, ListGrants, RevokeGrant: `true` when `viaService` is set, else `false` |
 * | `kms:GrantOperations` | `grantOperations` (multi-valued) |
 * | `kms:GranteePrincipal` | `granteePrincipal` |
 *
 * Every other key is absent. Simplification: a caller named directly in the key policy is
 * allowed even when it belongs to another account (AWS would also require its own account's
 * IAM policy to allow the call).
 *
 * @param keyPolicy - the key policy, as returned by {@link parsePolicy}
 * @param request - the request (caller, action, key, context)
 * @param identityPolicy - the caller's IAM identity policy, as returned by
 *   `parsePolicy(text, { policyType: 'identity' })`; omit when the caller has none
 * @returns `Allow`, `Deny` (explicit; grants cannot override) or `ImplicitDeny`
 * @throws {@link TypeError} when a policy is not a parsed document (no `Statement` array, or an
 *   unknown condition operator) or a request field has the wrong type
 * @example
 * const keyPolicy = parsePolicy(defaultKeyPolicy('111122223333'));
 * const identity = parsePolicy('{"Statement":{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}}', { policyType: 'identity' });
 * evaluatePolicy(keyPolicy, { principal: 'arn:aws:iam::111122223333:role/Reader', action: 'kms:Decrypt',
 *   keyArn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', accountId: '111122223333' },
 *   identity); // 'Allow' (without `identity`: 'ImplicitDeny')
 */
export function evaluatePolicy(keyPolicy: PolicyDocument, request: PolicyRequest, identityPolicy?: PolicyDocument): PolicyDecision {
  assertDocument(keyPolicy, 'keyPolicy');
  if (identityPolicy !== undefined) assertDocument(identityPolicy, 'identityPolicy');
  assertRequest(request);
  return decide(keyPolicy, request, request.keyArn, identityPolicy);
}

/** The evaluation proper. `keyArn` undefined means "every Resource element matches". */
function decide(
  keyPolicy: PolicyDocument,
  request: PolicyRequest,
  keyArn: string | undefined,
  identityPolicy: PolicyDocument | undefined,
): PolicyDecision {
  const caller = parseCaller(request.principal);
  const context = new RequestContext(request, caller);

  // 1. An explicit Deny anywhere wins.
  for (const statement of keyPolicy.Statement) {
    if (statement.Effect === 'Deny' && principalApplies(statement, caller) && requestMatches(statement, request.action, keyArn, context)) {
      return 'Deny';
    }
  }
  if (identityPolicy !== undefined) {
    for (const statement of identityPolicy.Statement) {
      if (statement.Effect === 'Deny' && requestMatches(statement, request.action, keyArn, context)) return 'Deny';
    }
  }

  // 2. A direct Allow in the key policy; 3. or an account Allow plus an identity-policy Allow.
  let delegated = false;
  for (const statement of keyPolicy.Statement) {
    if (statement.Effect !== 'Allow' || !requestMatches(statement, request.action, keyArn, context)) continue;
    const match = allowPrincipalMatch(statement, caller);
    if (match === 'direct') return 'Allow';
    if (match === 'account') delegated = true;
  }
  if (delegated && identityPolicy !== undefined) {
    for (const statement of identityPolicy.Statement) {
      if (statement.Effect === 'Allow' && requestMatches(statement, request.action, keyArn, context)) return 'Allow';
    }
  }
  return 'ImplicitDeny';
}

function assertDocument(doc: PolicyDocument, name: string): void {
  if (!isPlainObject(doc) || !Array.isArray(doc.Statement)) {
    throw new TypeError(`evaluatePolicy: ${name} must be a PolicyDocument from parsePolicy`);
  }
}

function assertRequest(request: PolicyRequest): void {
  if (!isPlainObject(request)) throw new TypeError('evaluatePolicy: request must be an object');
  for (const field of ['principal', 'action', 'keyArn', 'accountId'] as const) {
    if (typeof request[field] !== 'string') throw new TypeError(`evaluatePolicy: request.${field} must be a string`);
  }
  for (const field of ['granteePrincipal', 'viaService'] as const) {
    if (request[field] !== undefined && typeof request[field] !== 'string') {
      throw new TypeError(`evaluatePolicy: request.${field} must be a string`);
    }
  }
  const ec = request.encryptionContext;
  if (ec !== undefined && (!isPlainObject(ec) || !Object.values(ec).every((v) => typeof v === 'string'))) {
    throw new TypeError('evaluatePolicy: request.encryptionContext must map strings to strings');
  }
  const ops = request.grantOperations;
  if (ops !== undefined && (!Array.isArray(ops) || !ops.every((v) => typeof v === 'string'))) {
    throw new TypeError('evaluatePolicy: request.grantOperations must be an array of strings');
  }
}

// ---------------------------------------------------------------------------------------------
// checkLockoutSafety
// ---------------------------------------------------------------------------------------------

/**
 * The lockout safety check of `CreateKey` and `PutKeyPolicy`: whether `callerPrincipal` would
 * still be allowed `kms:PutKeyPolicy` on the key under the new policy `doc`. It evaluates `doc`
 * with {@link evaluatePolicy} for the action `kms:PutKeyPolicy` and no encryption context. The
 * account root gets no identity policy; any other IAM principal gets `options.identityPolicy`,
 * or, when none is given, an identity policy allowing `kms:PutKeyPolicy` (so a policy that
 * delegates to the caller's account keeps the caller in, as on AWS). An explicit Deny of
 * `kms:PutKeyPolicy` for the caller, or a policy that names neither the caller nor its account,
 * fails the check. Callers skip it when `BypassPolicyLockoutSafetyCheck` is true, and otherwise
 * answer `false` with `MalformedPolicyDocumentException`:
 * `The new key policy will not allow you to update the key policy in the future.`
 *
 * @param doc - the new key policy, from {@link parsePolicy}
 * @param callerPrincipal - the principal calling CreateKey / PutKeyPolicy
 * @param accountId - the key's account
 * @param options - the key ARN and the caller's identity policy, both optional
 * @returns `true` when the caller keeps `kms:PutKeyPolicy`
 * @throws {@link TypeError} when `doc` is not a parsed document or an argument is not a string
 * @example
 * checkLockoutSafety(parsePolicy(defaultKeyPolicy('111122223333')), 'arn:aws:iam::111122223333:role/Admin', '111122223333'); // true
 */
export function checkLockoutSafety(
  doc: PolicyDocument,
  callerPrincipal: string,
  accountId: string,
  options: LockoutCheckOptions = {},
): boolean {
  assertDocument(doc, 'doc');
  if (typeof callerPrincipal !== 'string') throw new TypeError('checkLockoutSafety: callerPrincipal must be a string');
  if (typeof accountId !== 'string') throw new TypeError('checkLockoutSafety: accountId must be a string');
  if (options.keyArn !== undefined && typeof options.keyArn !== 'string') {
    throw new TypeError('checkLockoutSafety: options.keyArn must be a string');
  }
  if (options.identityPolicy !== undefined) assertDocument(options.identityPolicy, 'options.identityPolicy');

  const caller = parseCaller(callerPrincipal);
  const identityPolicy = caller.kind === 'iam' ? (options.identityPolicy ?? ASSUMED_PUT_KEY_POLICY_PERMISSION) : undefined;
  const request: PolicyRequest = {
    principal: callerPrincipal,
    action: 'kms:PutKeyPolicy',
    keyArn: options.keyArn ?? '',
    accountId,
  };
  return decide(doc, request, options.keyArn, identityPolicy) === 'Allow';
}

/** The IAM permission a non-root caller of PutKeyPolicy is assumed to hold. */
const ASSUMED_PUT_KEY_POLICY_PERMISSION: PolicyDocument = {
  Statement: [{ Effect: 'Allow', Action: ['kms:PutKeyPolicy'], Resource: ['*'] }],
};

// ---------------------------------------------------------------------------------------------
// Principals
// ---------------------------------------------------------------------------------------------

/** The caller, classified. */
interface Caller {
  /** As given. */
  readonly principal: string;
  /** `root`: an account root; `iam`: another IAM/STS principal; `service`; `unknown` (odd ARN). */
  readonly kind: 'root' | 'iam' | 'service' | 'unknown';
  readonly account?: string;
  readonly partition?: string;
  /** For an STS role session: the role name and `arn:<p>:iam::<A>:role/<name>`. */
  readonly roleName?: string;
  readonly roleArn?: string;
}

const CALLER_ARN = /^arn:(aws[a-z-]*):(iam|sts)::(\d{12}):(.+)$/;

function parseCaller(principal: string): Caller {
  if (ACCOUNT_ID.test(principal)) return { principal, kind: 'root', account: principal };
  if (!principal.startsWith('arn:')) return { principal, kind: 'service' };
  const m = CALLER_ARN.exec(principal);
  if (m === null) return { principal, kind: 'unknown' };
  const [, partition = '', service = '', account = '', resource = ''] = m;
  if (service === 'iam' && resource === 'root') return { principal, kind: 'root', account, partition };
  if (resource.startsWith('assumed-role/')) {
    const roleName = resource.split('/')[1] ?? '';
    return { principal, kind: 'iam', account, partition, roleName, roleArn: `arn:${partition}:iam::${account}:role/${roleName}` };
  }
  return { principal, kind: 'iam', account, partition };
}

/** How a principal list covers the caller. `account`: the caller is a non-root IAM principal of a listed account. */
type PrincipalMatch = 'direct' | 'account' | 'none';

function matchPrincipal(spec: PolicyPrincipal, caller: Caller): PrincipalMatch {
  if (spec === '*') return 'direct';
  let result: PrincipalMatch = 'none';
  for (const entry of spec.AWS ?? []) {
    if (entry === '*') return 'direct';
    const account = accountOfEntry(entry);
    if (account !== undefined) {
      if (caller.account !== account.id) continue;
      if (account.partition !== undefined && caller.partition !== undefined && account.partition !== caller.partition) continue;
      if (caller.kind === 'root') return 'direct';
      if (caller.kind === 'iam') result = 'account';
      continue;
    }
    if (entry === caller.principal) return 'direct';
    if (caller.roleArn !== undefined && isRoleOfSession(entry, caller)) return 'direct';
  }
  if (caller.kind === 'service') {
    const service = caller.principal.toLowerCase();
    for (const entry of spec.Service ?? []) {
      if (entry === '*' || entry.toLowerCase() === service) return 'direct';
    }
  }
  return result;
}

/** `A` or `arn:<p>:iam::A:root` → the account; anything else → undefined. */
function accountOfEntry(entry: string): { id: string; partition?: string } | undefined {
  if (ACCOUNT_ID.test(entry)) return { id: entry };
  const m = /^arn:(aws[a-z-]*):iam::(\d{12}):root$/.exec(entry);
  return m === null ? undefined : { id: m[2] ?? '', partition: m[1] ?? '' };
}

/** Whether `entry` is the ARN of the role (any path) whose session the caller is. */
function isRoleOfSession(entry: string, caller: Caller): boolean {
  const m = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(entry);
  return m !== null && m[1] === caller.partition && m[2] === caller.account && m[3] === caller.roleName;
}

/** How an Allow statement's principal element covers the caller. */
function allowPrincipalMatch(statement: PolicyStatement, caller: Caller): PrincipalMatch {
  if (statement.Principal !== undefined) return matchPrincipal(statement.Principal, caller);
  if (statement.NotPrincipal !== undefined) return matchPrincipal(statement.NotPrincipal, caller) === 'none' ? 'direct' : 'none';
  return 'none';
}

/** Whether a Deny statement's principal element covers the caller (an account covers all its principals). */
function principalApplies(statement: PolicyStatement, caller: Caller): boolean {
  if (statement.Principal !== undefined) return matchPrincipal(statement.Principal, caller) !== 'none';
  if (statement.NotPrincipal !== undefined) return matchPrincipal(statement.NotPrincipal, caller) === 'none';
  // Identity-policy statements (no principal) apply to their owner; a key-policy statement
  // without one cannot come out of parsePolicy.
  return true;
}

// ---------------------------------------------------------------------------------------------
// Action, Resource, Condition
// ---------------------------------------------------------------------------------------------

function requestMatches(statement: PolicyStatement, action: string, keyArn: string | undefined, context: RequestContext): boolean {
  return actionMatches(statement, action) && resourceMatches(statement, keyArn) && conditionsHold(statement.Condition, context);
}

function actionMatches(statement: PolicyStatement, action: string): boolean {
  if (statement.Action !== undefined) return statement.Action.some((pattern) => wildcardMatch(pattern, action, true));
  if (statement.NotAction !== undefined) return !statement.NotAction.some((pattern) => wildcardMatch(pattern, action, true));
  return false;
}

function resourceMatches(statement: PolicyStatement, keyArn: string | undefined): boolean {
  if (statement.Resource !== undefined) return keyArn === undefined || statement.Resource.some((pattern) => wildcardMatch(pattern, keyArn, false));
  if (statement.NotResource !== undefined) return keyArn === undefined || !statement.NotResource.some((pattern) => wildcardMatch(pattern, keyArn, false));
  return false;
}

/** The request context: condition key (any case) → values, or undefined when absent. */
class RequestContext {
  readonly #values = new Map<string, string[]>();
  readonly #encryptionContext: ReadonlyArray<readonly [string, string]>;

  constructor(request: PolicyRequest, caller: Caller) {
    const set = (key: string, value: string | string[] | undefined): void => {
      if (value === undefined) return;
      const values = typeof value === 'string' ? [value] : value;
      if (values.length > 0) this.#values.set(key, values);
    };
    const ec = request.encryptionContext ?? {};
    this.#encryptionContext = Object.entries(ec).map(([k, v]) => [k.toLowerCase(), v] as const);
    set('kms:encryptioncontextkeys', Object.keys(ec));
    set('kms:viaservice', request.viaService);
    set('kms:grantoperations', request.grantOperations);
    set('kms:granteeprincipal', request.granteePrincipal);
    if (GRANT_ACTIONS.has(request.action.toLowerCase())) {
      set('kms:grantisforawsresource', request.viaService !== undefined ? 'true' : 'false');
    }
    set('kms:calleraccount', caller.account);
    set('aws:principalaccount', caller.account);
    set('aws:principalisawsservice', caller.kind === 'service' ? 'true' : 'false');
    if (caller.kind === 'service') {
      set('aws:principalservicename', caller.principal);
    } else if (caller.roleArn !== undefined) {
      set('aws:principalarn', caller.roleArn);
    } else if (caller.kind === 'root' && caller.partition === undefined) {
      set('aws:principalarn', `arn:aws:iam::${caller.account ?? ''}:root`);
    } else {
      set('aws:principalarn', caller.principal);
    }
  }

  /** The values of a condition key, or undefined when the request has none. */
  lookup(key: string): string[] | undefined {
    const lower = key.toLowerCase();
    const prefix = 'kms:encryptioncontext:';
    if (lower.startsWith(prefix)) {
      const ecKey = lower.slice(prefix.length);
      const values = this.#encryptionContext.filter(([k]) => k === ecKey).map(([, v]) => v);
      return values.length > 0 ? values : undefined;
    }
    return this.#values.get(lower);
  }
}

interface ParsedOperator {
  readonly set: 'none' | 'any' | 'all';
  readonly base: BaseOperator;
  readonly ifExists: boolean;
}

const operatorCache = new Map<string, ParsedOperator | undefined>();

/** `[ForAnyValue:|ForAllValues:]Base[IfExists]` → its parts; undefined when not supported. */
function parseOperator(operator: string): ParsedOperator | undefined {
  if (operatorCache.has(operator)) return operatorCache.get(operator);
  let rest = operator;
  let set: ParsedOperator['set'] = 'none';
  if (rest.startsWith('ForAnyValue:')) {
    set = 'any';
    rest = rest.slice('ForAnyValue:'.length);
  } else if (rest.startsWith('ForAllValues:')) {
    set = 'all';
    rest = rest.slice('ForAllValues:'.length);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const base = BASE_OPERATORS.find((candidate) => candidate === rest);
  // Null takes neither a set prefix nor IfExists.
  const parsed = base === undefined || (base === 'Null' && (set !== 'none' || ifExists)) ? undefined : { set, base, ifExists };
  if (operatorCache.size < 256) operatorCache.set(operator, parsed);
  return parsed;
}

function conditionsHold(condition: PolicyCondition | undefined, context: RequestContext): boolean {
  if (condition === undefined) return true;
  for (const [operator, block] of Object.entries(condition)) {
    const parsed = parseOperator(operator);
    if (parsed === undefined) throw new TypeError(`evaluatePolicy: unknown condition operator ${operator}; parse policies with parsePolicy`);
    for (const [key, policyValues] of Object.entries(block)) {
      if (!conditionHolds(parsed, policyValues, context.lookup(key))) return false;
    }
  }
  return true;
}

function conditionHolds(op: ParsedOperator, policyValues: readonly string[], requestValues: readonly string[] | undefined): boolean {
  const absent = requestValues === undefined || requestValues.length === 0;
  if (op.base === 'Null') return policyValues.some((value) => (value.toLowerCase() === 'true') === absent);
  const negated = NEGATED_OPERATORS.has(op.base);
  if (absent) {
    if (op.ifExists || op.set === 'all') return true;
    if (op.set === 'any') return false;
    return negated;
  }
  const matches = (requestValue: string): boolean => policyValues.some((policyValue) => valueMatches(op.base, policyValue, requestValue));
  switch (op.set) {
    case 'all':
      return negated ? requestValues.every((v) => !matches(v)) : requestValues.every(matches);
    case 'any':
      return negated ? requestValues.some((v) => !matches(v)) : requestValues.some(matches);
    case 'none':
      return negated ? !requestValues.some(matches) : requestValues.some(matches);
  }
}

/** The positive comparison behind an operator (negation is applied by the caller). */
function valueMatches(base: BaseOperator, policyValue: string, requestValue: string): boolean {
  switch (base) {
    case 'StringEquals':
    case 'StringNotEquals':
      return policyValue === requestValue;
    case 'StringEqualsIgnoreCase':
    case 'StringNotEqualsIgnoreCase':
      return policyValue.toLowerCase() === requestValue.toLowerCase();
    case 'StringLike':
    case 'StringNotLike':
      return wildcardMatch(policyValue, requestValue, false);
    case 'Bool':
      return policyValue.toLowerCase() === requestValue.toLowerCase();
    case 'ArnEquals':
    case 'ArnLike':
    case 'ArnNotEquals':
    case 'ArnNotLike':
      return arnMatch(policyValue, requestValue);
    case 'Null':
      return false;
  }
}

/**
 * ARN comparison: each of the six colon-separated components matched on its own, with `*`/`?`.
 * A pattern of fewer components matches nothing (a lone `*` matches everything); neither does a
 * request value that is not an ARN.
 */
function arnMatch(pattern: string, value: string): boolean {
  const v = splitArn(value);
  if (v === undefined) return false;
  if (pattern === '*') return true;
  const p = splitArn(pattern);
  return p !== undefined && p.every((component, i) => wildcardMatch(component, v[i] ?? '', false));
}

function splitArn(arn: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const colon = arn.indexOf(':', start);
    if (colon < 0) return undefined;
    parts.push(arn.slice(start, colon));
    start = colon + 1;
  }
  parts.push(arn.slice(start));
  return parts;
}

/**
 * Glob match with `*` (any run, empty included) and `?` (one character), by code point; linear
 * backtracking, no regular expression (no ReDoS on hostile patterns).
 */
function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const p = Array.from(ignoreCase ? pattern.toLowerCase() : pattern);
  const v = Array.from(ignoreCase ? value.toLowerCase() : value);
  let pi = 0;
  let vi = 0;
  let star = -1;
  let mark = 0;
  while (vi < v.length) {
    const pc = p[pi];
    if (pc !== undefined && pc !== '*' && (pc === '?' || pc === v[vi])) {
      pi++;
      vi++;
    } else if (pc === '*') {
      star = pi++;
      mark = vi;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++mark;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}
