/**
 * @module kms/validate-input
 * Server-side input validation of the local KMS, driven by the botocore model of KMS
 * (`kms-service-model.json`, generated into `kms/_model.ts`). The AWS SDK validates nothing on
 * the client, so every length, range, pattern, enum, required member and JSON type is checked
 * here, and all violations are reported at once in the message format of AWS's request
 * validation (Coral), as recorded from real AWS (docs kms.md §2 "Validation message style"):
 *
 * `1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024`
 *
 * Per-operation validators are compiled lazily on first use and cached; a call does no model
 * lookups beyond walking the input.
 */
import { ValidationException } from '../common/errors.js';
import { KMS_MODEL } from './_model.js';

/**
 * The name of a KMS operation the local KMS validates (and implements): the 39 operations whose
 * input shapes `scripts/gen-kms-model.ts` copies into `kms/_model.ts`.
 * @example
 * const operation: KmsOperationName = 'GenerateDataKey';
 */
export type KmsOperationName = keyof typeof KMS_MODEL.operations;

/** The type names used in `Member must be of type <type>` (our wording; AWS fails such JSON earlier). */
type TypeName = 'string' | 'integer' | 'boolean' | 'blob' | 'timestamp' | 'list' | 'map' | 'structure';

/** The validation traits of one model shape, as `kms/_model.ts` holds them. */
type ShapeDef =
  | { readonly type: 'structure'; readonly required?: readonly string[]; readonly members: Readonly<Record<string, string>> }
  | { readonly type: 'list'; readonly member: string; readonly min?: number; readonly max?: number }
  | { readonly type: 'map'; readonly key: string; readonly value: string; readonly min?: number; readonly max?: number }
  | {
      readonly type: 'string' | 'integer' | 'boolean' | 'blob' | 'timestamp';
      readonly min?: number;
      readonly max?: number;
      readonly pattern?: string;
      readonly enum?: readonly string[];
      readonly sensitive?: boolean;
    };

/** The generated model, checked here against {@link ShapeDef} at compile time. */
const SHAPES: Readonly<Record<string, ShapeDef>> = KMS_MODEL.shapes;
const OPERATIONS: Readonly<Record<KmsOperationName, string>> = KMS_MODEL.operations;

/** Echoed values are cut after this many characters and end in `...`. */
const MAX_ECHO_CHARS = 256;

/**
 * Checks a present (neither `undefined` nor `null`) value found at `path` and appends one text
 * per violation to `out`.
 */
type Check = (value: unknown, path: string, out: string[]) => void;

/** One constraint of a scalar shape: its AWS text and a test that is true when satisfied. */
interface Constraint {
  readonly text: string;
  readonly holds: (value: never) => boolean;
}

/** A compiled scalar (string, integer, boolean, blob, timestamp) shape. */
interface ScalarRule {
  readonly typeName: TypeName;
  readonly isType: (value: unknown) => boolean;
  /** In Coral's order: length max, length min, value max, value min, pattern, enum. */
  readonly constraints: readonly Constraint[];
  /** Blobs and `sensitive` shapes: the value is never echoed. */
  readonly hidden: boolean;
}

// ---------------------------------------------------------------------------------------------
// Messages

/** One violation text in Coral's format; `shown` undefined hides the value, null prints `null`. */
function violation(shown: string | null | undefined, path: string, constraint: string): string {
  const value = shown === undefined ? 'Value' : shown === null ? 'Value null' : `Value '${shown}'`;
  return `${value} at '${path}' failed to satisfy constraint: ${constraint}`;
}

/** Cuts `text` to {@link MAX_ECHO_CHARS} characters plus `...`, never splitting a surrogate pair. */
function truncate(text: string): string {
  if (text.length <= MAX_ECHO_CHARS) return text;
  let end = MAX_ECHO_CHARS;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}...`;
}

function isBytes(value: unknown): value is Uint8Array {
  return (
    value instanceof Uint8Array ||
    (ArrayBuffer.isView(value) && value.constructor !== undefined && value.constructor.name === 'Uint8Array')
  );
}

/**
 * A JSON list: an array without holes. A sparse array (`new Array(2 ** 32 - 1)`) cannot come from
 * JSON, and walking its length item by item would cost far more than building it did.
 */
function isList(value: unknown): value is unknown[] {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i += 1) if (!(i in value)) return false;
  return true;
}

/** A plain object: `{}`, `Object.create(null)`, or an object literal from another realm. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * Renders `value` the way Java's `toString` shows it in Coral messages (`[a, b]` for lists,
 * `{k=v}` for maps), stopping once the text is long enough to be truncated. Never calls the
 * value's own `toString`, and never shows the content of binary data.
 */
function render(value: unknown): string {
  if (typeof value === 'string') return truncate(value);
  const parts: string[] = [];
  let length = 0;
  const push = (text: string): boolean => {
    parts.push(text);
    length += text.length;
    return length <= MAX_ECHO_CHARS;
  };
  const walk = (v: unknown): boolean => {
    if (v === null || v === undefined) return push('null');
    switch (typeof v) {
      case 'string':
        return push(v);
      case 'number':
      case 'boolean':
      case 'bigint':
        return push(String(v));
      case 'symbol':
        return push(v.toString());
      case 'function':
        return push('function');
      default:
        break;
    }
    if (isBytes(v) || ArrayBuffer.isView(v) || v instanceof ArrayBuffer) {
      return push(`<${String(v.byteLength)} bytes>`);
    }
    if (v instanceof Date) return push(Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString());
    if (Array.isArray(v)) {
      if (!push('[')) return false;
      for (let i = 0; i < v.length; i += 1) {
        if (i > 0 && !push(', ')) return false;
        if (!walk(v[i])) return false;
      }
      return push(']');
    }
    if (!push('{')) return false;
    let first = true;
    for (const key of Object.keys(v)) {
      if (!first && !push(', ')) return false;
      first = false;
      if (!push(`${key}=`)) return false;
      if (!walk((v as Record<string, unknown>)[key])) return false;
    }
    return push('}');
  };
  walk(value);
  return truncate(parts.join(''));
}

// ---------------------------------------------------------------------------------------------
// Patterns

/** Java's `\s` (`[ \t\n\x0B\f\r]`); JavaScript's `\s` also matches Unicode spaces. */
const JAVA_SPACE = ' \\t\\n\\x0B\\f\\r';
/** Java's `.` without DOTALL: anything but the line terminators `\n \r \u0085 \u2028 \u2029`. */
const JAVA_DOT = '[^\\n\\r\\u0085\\u2028\\u2029]';

/**
 * Compiles a Java (`java.util.regex`) pattern of the model to a RegExp that, like Coral's
 * `Matcher.matches()`, must match the whole value. `\s` and `.` are rewritten to their Java
 * meaning; the rest of the syntax used by the model means the same in JavaScript with the `u`
 * flag (which also makes matching work on code points, as Java does).
 */
function compilePattern(pattern: string): RegExp {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      i += 1;
      if (next === 's') out += inClass ? JAVA_SPACE : `[${JAVA_SPACE}]`;
      else if (next === 'S' && !inClass) out += `[^${JAVA_SPACE}]`;
      else out += `\\${next}`;
    } else if (c === '[' && !inClass) {
      inClass = true;
      out += c;
      if (pattern[i + 1] === '^') {
        out += '^';
        i += 1;
      }
      if (pattern[i + 1] === ']') {
        out += '\\]';
        i += 1;
      }
    } else if (c === '[' && inClass) {
      throw new Error(`kms/validate-input: nested character class in pattern ${pattern} is not supported`);
    } else if (c === ']' && inClass) {
      inClass = false;
      out += c;
    } else if (c === '.' && !inClass) {
      out += JAVA_DOT;
    } else {
      out += c;
    }
  }
  try {
    return new RegExp(`^(?:${out})$`, 'u');
  } catch {
    return new RegExp(`^(?:${out})$`);
  }
}

// ---------------------------------------------------------------------------------------------
// Compilation of shapes

const TYPE_TESTS: Readonly<Record<'string' | 'integer' | 'boolean' | 'blob' | 'timestamp', (v: unknown) => boolean>> = {
  string: (v) => typeof v === 'string',
  integer: (v) => Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  blob: isBytes,
  timestamp: (v) => (v instanceof Date && !Number.isNaN(v.getTime())) || (typeof v === 'number' && Number.isFinite(v)),
};

function shapeOf(name: string): ShapeDef {
  const shape = SHAPES[name];
  if (shape === undefined) throw new Error(`kms/validate-input: model has no shape ${name}`);
  return shape;
}

/** botocore/Coral member path segment: the member name with its first letter lower-cased. */
function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

const scalarRules = new Map<string, ScalarRule>();

/** Compiles (once) the constraints of a scalar shape. */
function scalarRule(name: string): ScalarRule | undefined {
  const cached = scalarRules.get(name);
  if (cached !== undefined) return cached;
  const shape = shapeOf(name);
  if (shape.type === 'structure' || shape.type === 'list' || shape.type === 'map') return undefined;
  const constraints: Constraint[] = [];
  const { min, max } = shape;
  if (shape.type === 'string' || shape.type === 'blob') {
    const size = shape.type === 'string' ? (v: string) => v.length : (v: Uint8Array) => v.byteLength;
    if (max !== undefined) {
      constraints.push({
        text: `Member must have length less than or equal to ${String(max)}`,
        holds: (v: never) => size(v) <= max,
      });
    }
    if (min !== undefined) {
      constraints.push({
        text: `Member must have length greater than or equal to ${String(min)}`,
        holds: (v: never) => size(v) >= min,
      });
    }
  } else if (shape.type === 'integer') {
    if (max !== undefined) {
      constraints.push({ text: `Member must have value less than or equal to ${String(max)}`, holds: (v: number) => v <= max });
    }
    if (min !== undefined) {
      constraints.push({ text: `Member must have value greater than or equal to ${String(min)}`, holds: (v: number) => v >= min });
    }
  }
  if (shape.pattern !== undefined) {
    const regex = compilePattern(shape.pattern);
    constraints.push({
      text: `Member must satisfy regular expression pattern: ${shape.pattern}`,
      holds: (v: string) => regex.test(v),
    });
  }
  if (shape.enum !== undefined) {
    const values = new Set<string>(shape.enum);
    constraints.push({
      text: `Member must satisfy enum value set: [${shape.enum.join(', ')}]`,
      holds: (v: string) => values.has(v),
    });
  }
  const rule: ScalarRule = {
    typeName: shape.type,
    isType: TYPE_TESTS[shape.type],
    constraints,
    hidden: shape.type === 'blob' || shape.sensitive === true,
  };
  scalarRules.set(name, rule);
  return rule;
}

/** A check of a scalar member: one violation per failed constraint, or one for a wrong type. */
function scalarCheck(rule: ScalarRule): Check {
  const show = (value: unknown): string | undefined => (rule.hidden ? undefined : render(value));
  const typeText = `Member must be of type ${rule.typeName}`;
  return (value, path, out) => {
    if (!rule.isType(value)) {
      out.push(violation(show(value), path, typeText));
      return;
    }
    for (const c of rule.constraints) {
      if (!c.holds(value as never)) out.push(violation(show(value), path, c.text));
    }
  };
}

/**
 * Coral reports the items of a list of scalars, and the keys and values of a map, as one
 * violation of the container: `Member must satisfy constraint: [<every constraint of the item
 * shape>]`, to which we add `Member must not be null` when an item is null and `Member must be
 * of type <t>` when an item has the wrong type. Returns that bracketed list, or undefined if
 * every item is valid.
 */
function aggregate(rule: ScalarRule, items: Iterable<unknown>): string | undefined {
  let failed = false;
  let hasNull = false;
  let wrongType = false;
  for (const item of items) {
    if (item === null || item === undefined) {
      failed = hasNull = true;
    } else if (!rule.isType(item)) {
      failed = wrongType = true;
    } else if (!failed && rule.constraints.some((c) => !c.holds(item as never))) {
      failed = true;
    }
  }
  if (!failed) return undefined;
  const texts = rule.constraints.map((c) => c.text);
  if (hasNull) texts.push('Member must not be null');
  if (wrongType) texts.push(`Member must be of type ${rule.typeName}`);
  return `[${texts.join(', ')}]`;
}

const checks = new Map<string, Check>();

/**
 * Compiles (once) the check of any shape. Structures and lists resolve the checks of their
 * members on first use, so compiling never recurses and recursive shapes would compile too.
 */
function shapeCheck(name: string): Check {
  let check = checks.get(name);
  if (check === undefined) {
    check = buildCheck(name);
    checks.set(name, check);
  }
  return check;
}

function buildCheck(name: string): Check {
  const shape = shapeOf(name);
  switch (shape.type) {
    case 'structure':
      return structureCheck(shape);
    case 'list':
      return listCheck(shape);
    case 'map':
      return mapCheck(shape);
    default: {
      const rule = scalarRule(name);
      if (rule === undefined) throw new Error(`kms/validate-input: ${name} is not a scalar`);
      return scalarCheck(rule);
    }
  }
}

/** A structure member, compiled. */
interface MemberCheck {
  /** The model (JSON) member name, e.g. `KeyId`. */
  readonly name: string;
  /** Its path segment, e.g. `keyId`. */
  readonly segment: string;
  readonly required: boolean;
  readonly check: Check;
}

/**
 * The members of a structure in model order. A member absent or `null` (the JSON spelling of
 * absent) fails only if it is required; members the model does not know are ignored, as the
 * service ignores unknown JSON members.
 */
function structureMembers(shape: Extract<ShapeDef, { type: 'structure' }>): MemberCheck[] {
  const required = new Set(shape.required ?? []);
  return Object.entries(shape.members).map(([member, ref]) => ({
    name: member,
    segment: camel(member),
    required: required.has(member),
    check: shapeCheck(ref),
  }));
}

/** Runs the member checks of a plain object whose members sit under `prefix`. */
function checkMembers(members: readonly MemberCheck[], object: Record<string, unknown>, prefix: string, out: string[]): void {
  for (const m of members) {
    const value = Object.hasOwn(object, m.name) ? object[m.name] : undefined;
    const path = prefix === '' ? m.segment : `${prefix}.${m.segment}`;
    if (value === undefined || value === null) {
      if (m.required) out.push(violation(null, path, 'Member must not be null'));
    } else {
      m.check(value, path, out);
    }
  }
}

/** A nested structure: a plain object whose members are checked under its path. */
function structureCheck(shape: Extract<ShapeDef, { type: 'structure' }>): Check {
  let members: MemberCheck[] | undefined;
  return (value, path, out) => {
    if (!isPlainObject(value)) {
      out.push(violation(render(value), path, 'Member must be of type structure'));
      return;
    }
    members ??= structureMembers(shape);
    checkMembers(members, value, path, out);
  };
}

/** Length constraints of a list (item count) or map (entry count), Coral's order. */
function countConstraints(min: number | undefined, max: number | undefined): Constraint[] {
  const constraints: Constraint[] = [];
  if (max !== undefined) {
    constraints.push({ text: `Member must have length less than or equal to ${String(max)}`, holds: (n: number) => n <= max });
  }
  if (min !== undefined) {
    constraints.push({ text: `Member must have length greater than or equal to ${String(min)}`, holds: (n: number) => n >= min });
  }
  return constraints;
}

/**
 * A list: its item count against min/max, then its items. Items of a scalar shape are reported
 * together (see {@link aggregate}); items of a structure, list or map shape are checked one by
 * one at `<path>.<1-based index>.member`, as in Coral's `tags.1.member.tagKey`.
 */
function listCheck(shape: Extract<ShapeDef, { type: 'list' }>): Check {
  const counts = countConstraints(shape.min, shape.max);
  const itemRule = scalarRule(shape.member);
  const shown = itemRule === undefined || !itemRule.hidden;
  const show = (value: unknown): string | undefined => (shown ? render(value) : undefined);
  let itemCheck: Check | undefined;
  return (value, path, out) => {
    if (!isList(value)) {
      out.push(violation(show(value), path, 'Member must be of type list'));
      return;
    }
    for (const c of counts) if (!c.holds(value.length as never)) out.push(violation(show(value), path, c.text));
    if (itemRule !== undefined) {
      const failed = aggregate(itemRule, value);
      if (failed !== undefined) out.push(violation(show(value), path, `Member must satisfy constraint: ${failed}`));
      return;
    }
    itemCheck ??= shapeCheck(shape.member);
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      const itemPath = `${path}.${String(i + 1)}.member`;
      if (item === undefined || item === null) out.push(violation(null, itemPath, 'Member must not be null'));
      else itemCheck(item, itemPath, out);
    }
  };
}

/**
 * A map: a plain object whose entry count, keys and values are checked. As in Coral, failing
 * keys and values are reported once for the whole map, as `Map key must satisfy constraint:
 * [...]` and `Map value must satisfy constraint: [...]`.
 */
function mapCheck(shape: Extract<ShapeDef, { type: 'map' }>): Check {
  const counts = countConstraints(shape.min, shape.max);
  const keyRule = scalarRule(shape.key);
  const valueRule = scalarRule(shape.value);
  if (keyRule === undefined || valueRule === undefined || keyRule.typeName !== 'string') {
    throw new Error(`kms/validate-input: maps need string keys and scalar values (${shape.key}, ${shape.value})`);
  }
  const shown = !keyRule.hidden && !valueRule.hidden;
  const show = (value: unknown): string | undefined => (shown ? render(value) : undefined);
  return (value, path, out) => {
    if (!isPlainObject(value)) {
      out.push(violation(show(value), path, 'Member must be of type map'));
      return;
    }
    const keys = Object.keys(value);
    for (const c of counts) if (!c.holds(keys.length as never)) out.push(violation(show(value), path, c.text));
    const badKeys = aggregate(keyRule, keys);
    if (badKeys !== undefined) out.push(violation(show(value), path, `Map key must satisfy constraint: ${badKeys}`));
    const badValues = aggregate(
      valueRule,
      keys.map((k) => value[k]),
    );
    if (badValues !== undefined) out.push(violation(show(value), path, `Map value must satisfy constraint: ${badValues}`));
  };
}

// ---------------------------------------------------------------------------------------------
// Entry point

/** Validates one operation's input and returns the violation texts. */
type OperationValidator = (input: unknown) => string[];

const validators = new Map<KmsOperationName, OperationValidator>();

function operationValidator(operation: KmsOperationName): OperationValidator {
  let validator = validators.get(operation);
  if (validator === undefined) {
    const inputShape = shapeOf(OPERATIONS[operation]);
    if (inputShape.type !== 'structure') throw new Error(`kms/validate-input: ${operation} input is not a structure`);
    const members = structureMembers(inputShape);
    validator = (input) => {
      const out: string[] = [];
      if (input === undefined) checkMembers(members, {}, '', out);
      else if (isPlainObject(input)) checkMembers(members, input, '', out);
      else out.push(violation(input === null ? null : render(input), 'input', 'Member must be of type structure'));
      return out;
    };
    validators.set(operation, validator);
  }
  return validator;
}

/**
 * Validates the input of a KMS operation against the botocore model, as AWS does on the server:
 * required members, string and blob lengths, list lengths, integer ranges, regular expression
 * patterns (matched against the whole value, as Java's `matches()`), enum value sets and JSON
 * types. Every violation is collected, in model member order and depth first, and reported in
 * one {@link ValidationException} with AWS's message:
 *
 * - `N validation error(s) detected: <violation>; <violation>` where a violation reads
 *   `Value '<value>' at '<path>' failed to satisfy constraint: <constraint>`;
 * - the path is the camelCase member path (`constraints.encryptionContextSubset`), items of a
 *   list of structures are `tags.1.member.tagKey` (1-based);
 * - constraints: `Member must not be null` (shown as `Value null at …`), `Member must have length
 *   less than or equal to N` / `greater than or equal to N` (strings in UTF-16 code units, blobs
 *   in bytes, lists and maps in entries), `Member must have value less than or equal to N` /
 *   `greater than or equal to N` (integers), `Member must satisfy regular expression pattern: P`,
 *   `Member must satisfy enum value set: [A, B]`;
 * - items of a list of scalars are reported once for the list as `Member must satisfy
 *   constraint: [<item constraints>]`, map keys and values as `Map key must satisfy constraint:
 *   [...]` / `Map value must satisfy constraint: [...]` (Coral's format);
 * - values of blob and `sensitive` shapes are never shown (`Value at 'plaintext' …`); other
 *   values are shown cut to 256 characters plus `...`;
 * - a member that breaks several constraints gets one violation each, in the order length,
 *   range, pattern, enum (AWS's own order varies between services; this one is fixed).
 *
 * Our own wording, where AWS would fail the request earlier as malformed JSON: a value of the
 * wrong type gives `Member must be of type <string|integer|boolean|blob|timestamp|list|map|structure>`
 * (blobs are `Uint8Array`, timestamps a `Date` or a number, maps and structures plain objects);
 * an `input` that is neither a plain object nor `undefined` gives
 * `Value '<input>' at 'input' failed to satisfy constraint: Member must be of type structure`.
 * A list must be an array without holes (a sparse array is `Member must be of type list`).
 * Members the model does not know are ignored, as the service ignores unknown JSON members;
 * `undefined` and `null` members count as absent, and an `undefined` input as `{}`. Values are
 * read as plain data: getters and Proxy traps of `input` run, and what they throw propagates.
 *
 * @param operation - the KMS operation name, e.g. `'Encrypt'`
 * @param input - the request as the SDK would send it (`{ KeyId, Plaintext, … }`)
 * @returns nothing; the input is valid if this returns
 * @throws {@link ValidationException} listing every violation
 * @throws {@link TypeError} if `operation` is not a {@link KmsOperationName} (a programming error)
 * @example
 * validateInput('GenerateRandom', { NumberOfBytes: 1025 });
 * // ValidationException: 1 validation error detected: Value '1025' at 'numberOfBytes' failed to
 * // satisfy constraint: Member must have value less than or equal to 1024
 */
export function validateInput(operation: KmsOperationName, input: unknown): void {
  if (typeof operation !== 'string' || !Object.hasOwn(OPERATIONS, operation)) {
    throw new TypeError(`validateInput: operation must be a KMS operation name, got ${render(operation)}`);
  }
  const violations = operationValidator(operation)(input);
  if (violations.length > 0) {
    const count = violations.length === 1 ? '1 validation error' : `${String(violations.length)} validation errors`;
    throw new ValidationException(`${count} detected: ${violations.join('; ')}`);
  }
}
