/**
 * @module scripts/gen-kms-model
 * Generates `src/kms/_model.ts`, the input-validation model of the local KMS, from the botocore
 * service model `botocore/data/kms/2014-11-01/service-2.json` (see docs kms.md, "Sources").
 *
 * It keeps, for the operations in {@link OPERATIONS} only, each operation's input shape name and
 * every shape reachable from those inputs, with the validation traits only (type, required,
 * members, min, max, pattern, enum, sensitive, list member, map key and value). Documentation,
 * output shapes and errors are dropped. An unknown shape type or member trait fails the run, so a
 * newer model cannot be silently half-understood.
 *
 * Usage: `npx tsx scripts/gen-kms-model.ts [path-to-model-json]`; the path defaults to
 * `../shared/reference/kms-service-model.json`, relative to the working directory.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The KMS operations the local KMS implements, in the order they are written out. */
const OPERATIONS = [
  'CancelKeyDeletion', 'CreateAlias', 'CreateGrant', 'CreateKey', 'Decrypt', 'DeleteAlias',
  'DescribeKey', 'DisableKey', 'DisableKeyRotation', 'EnableKey', 'EnableKeyRotation', 'Encrypt',
  'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'GenerateRandom',
  'GetKeyPolicy', 'GetKeyRotationStatus', 'ListAliases', 'ListGrants', 'ListKeyPolicies',
  'ListKeyRotations', 'ListKeys', 'ListResourceTags', 'ListRetirableGrants', 'PutKeyPolicy',
  'ReEncrypt', 'RetireGrant', 'RevokeGrant', 'RotateKeyOnDemand', 'ScheduleKeyDeletion',
  'TagResource', 'UntagResource', 'UpdateAlias', 'UpdateKeyDescription', 'VerifyMac',
  'GetParametersForImport', 'ImportKeyMaterial', 'DeleteImportedKeyMaterial',
] as const;

const DEFAULT_MODEL_PATH = '../shared/reference/kms-service-model.json';
const OUTPUT_URL = new URL('../src/kms/_model.ts', import.meta.url);

/** Shape types the validator understands. */
const SCALAR_TYPES = new Set(['string', 'integer', 'boolean', 'blob', 'timestamp']);
/** Shape-level keys that carry no validation meaning and are dropped. */
const IGNORED_SHAPE_KEYS = new Set(['documentation', 'deprecated', 'deprecatedMessage', 'exception', 'fault']);
/** Member-level keys that carry no validation meaning and are dropped. */
const IGNORED_MEMBER_KEYS = new Set(['shape', 'documentation', 'deprecated', 'deprecatedMessage']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A single-quoted TypeScript string literal for `value` (house style). */
function quote(value: string): string {
  return `'${JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

function fail(message: string): never {
  throw new Error(`gen-kms-model: ${message}`);
}

function objectAt(parent: JsonObject, key: string, where: string): JsonObject {
  const value = parent[key];
  if (!isObject(value)) fail(`${where}.${key} is not an object`);
  return value;
}

function shapeRef(parent: JsonObject, key: string, where: string): string {
  const shape = objectAt(parent, key, where)['shape'];
  if (typeof shape !== 'string') fail(`${where}.${key}.shape is not a string`);
  return shape;
}

function integerAt(shape: JsonObject, key: 'min' | 'max', where: string): number | undefined {
  const value = shape[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) fail(`${where}.${key} is not an integer`);
  return value;
}

function stringArrayAt(shape: JsonObject, key: string, where: string): string[] | undefined {
  const value = shape[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    fail(`${where}.${key} is not a list of strings`);
  }
  return value;
}

/** Renders one shape as a single-line TypeScript object literal with only validation traits. */
function renderShape(name: string, shape: JsonObject, visit: (ref: string) => void): string {
  const where = `shapes.${name}`;
  const type = shape['type'];
  if (typeof type !== 'string') fail(`${where}.type is not a string`);
  const parts: string[] = [`type: ${quote(type)}`];
  const known = new Set(['type', ...IGNORED_SHAPE_KEYS]);

  if (type === 'structure') {
    known.add('members').add('required');
    const members = objectAt(shape, 'members', where);
    const required = stringArrayAt(shape, 'required', where) ?? [];
    for (const r of required) if (!(r in members)) fail(`${where}.required names unknown member ${r}`);
    const rendered: string[] = [];
    for (const [memberName, member] of Object.entries(members)) {
      if (!isObject(member)) fail(`${where}.members.${memberName} is not an object`);
      for (const key of Object.keys(member)) {
        if (!IGNORED_MEMBER_KEYS.has(key)) fail(`${where}.members.${memberName} has unsupported trait ${key}`);
      }
      const ref = shapeRef(members, memberName, `${where}.members`);
      visit(ref);
      rendered.push(`${memberName}: ${quote(ref)}`);
    }
    if (required.length > 0) parts.push(`required: [${required.map((r) => quote(r)).join(', ')}]`);
    parts.push(`members: { ${rendered.join(', ')} }`);
  } else if (type === 'list') {
    known.add('member').add('min').add('max');
    const ref = shapeRef(shape, 'member', where);
    for (const key of Object.keys(objectAt(shape, 'member', where))) {
      if (!IGNORED_MEMBER_KEYS.has(key)) fail(`${where}.member has unsupported trait ${key}`);
    }
    visit(ref);
    parts.push(`member: ${quote(ref)}`);
  } else if (type === 'map') {
    known.add('key').add('value').add('min').add('max');
    const keyRef = shapeRef(shape, 'key', where);
    const valueRef = shapeRef(shape, 'value', where);
    visit(keyRef);
    visit(valueRef);
    parts.push(`key: ${quote(keyRef)}`, `value: ${quote(valueRef)}`);
  } else if (SCALAR_TYPES.has(type)) {
    known.add('min').add('max').add('pattern').add('enum').add('sensitive');
    if (type !== 'string' && (shape['pattern'] !== undefined || shape['enum'] !== undefined)) {
      fail(`${where} has a pattern or enum on a ${type}`);
    }
    const pattern = shape['pattern'];
    if (pattern !== undefined) {
      if (typeof pattern !== 'string') fail(`${where}.pattern is not a string`);
      parts.push(`pattern: ${quote(pattern)}`);
    }
    const values = stringArrayAt(shape, 'enum', where);
    if (values !== undefined) parts.push(`enum: [${values.map((v) => quote(v)).join(', ')}]`);
    const sensitive = shape['sensitive'];
    if (sensitive !== undefined && typeof sensitive !== 'boolean') fail(`${where}.sensitive is not a boolean`);
    if (sensitive === true) parts.push('sensitive: true');
  } else {
    fail(`${where} has unsupported type ${type}`);
  }

  for (const key of Object.keys(shape)) if (!known.has(key)) fail(`${where} has unsupported trait ${key}`);
  const min = integerAt(shape, 'min', where);
  const max = integerAt(shape, 'max', where);
  if (min !== undefined) parts.push(`min: ${min}`);
  if (max !== undefined) parts.push(`max: ${max}`);
  return `    ${name}: { ${parts.join(', ')} },`;
}

/** Builds the text of `src/kms/_model.ts` from a parsed botocore model. */
function generate(model: JsonObject, sourceLabel: string): string {
  const operations = objectAt(model, 'operations', 'model');
  const shapes = objectAt(model, 'shapes', 'model');
  const metadata = isObject(model['metadata']) ? model['metadata'] : {};
  const apiVersion = typeof metadata['apiVersion'] === 'string' ? metadata['apiVersion'] : 'unknown';

  const inputs: [string, string][] = [];
  const reachable = new Set<string>();
  const queue: string[] = [];
  const visit = (ref: string): void => {
    if (!reachable.has(ref)) {
      reachable.add(ref);
      queue.push(ref);
    }
  };
  for (const op of OPERATIONS) {
    const operation = objectAt(operations, op, 'model.operations');
    const input = shapeRef(operation, 'input', `operations.${op}`);
    inputs.push([op, input]);
    visit(input);
  }
  const rendered = new Map<string, string>();
  for (let ref = queue.shift(); ref !== undefined; ref = queue.shift()) {
    rendered.set(ref, renderShape(ref, objectAt(shapes, ref, 'model.shapes'), visit));
  }
  const shapeLines = [...rendered.keys()].sort().map((name) => rendered.get(name) ?? '');

  return [
    '/**',
    ' * @module kms/_model',
    ` * GENERATED by scripts/gen-kms-model.ts from ${sourceLabel}`,
    ` * (botocore kms ${apiVersion}). DO NOT EDIT: change the script and run`,
    ' * `npx tsx scripts/gen-kms-model.ts` instead.',
    ' *',
    ' * The input shapes of the operations the local KMS implements, and every shape reachable from',
    ' * them, with validation traits only. Layer-internal: read by `kms/validate-input.ts`.',
    ' */',
    '',
    '/** Validation traits of the KMS input shapes (botocore model, documentation removed). */',
    'export const KMS_MODEL = {',
    '  operations: {',
    ...inputs.map(([op, input]) => `    ${op}: ${quote(input)},`),
    '  },',
    '  shapes: {',
    ...shapeLines,
    '  },',
    '} as const;',
    '',
  ].join('\n');
}

function main(): void {
  const modelPath = resolve(process.argv[2] ?? DEFAULT_MODEL_PATH);
  const parsed = JSON.parse(readFileSync(modelPath, 'utf8')) as Json;
  if (!isObject(parsed)) fail(`${modelPath} does not hold a JSON object`);
  const outputPath = fileURLToPath(OUTPUT_URL);
  const label = relative(resolve(outputPath, '../../..'), modelPath).split('\\').join('/');
  writeFileSync(outputPath, generate(parsed, label));
  console.log(`gen-kms-model: wrote ${outputPath} (${OPERATIONS.length} operations) from ${modelPath}`);
}

main();
