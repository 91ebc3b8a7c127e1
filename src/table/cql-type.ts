/**
 * @module table/cql-type
 * CQL data types as sealtable stores them in a table schema: the scalar types Amazon Keyspaces
 * supports (CQL 3.4 "Data Types", docs `reference/cql.md` §2.3 type ids), `list`, `set`, `map`,
 * and `frozen<…>`. Parses type text (`'map<text, frozen<list<int>>>'`) and formats it back in
 * Cassandra's canonical spelling, and checks the rules Cassandra applies to a type:
 *
 * - a collection inside a collection must be frozen (`list<list<int>>` is refused, as
 *   Cassandra does; inside a `frozen<…>` the nested collections are frozen implicitly and are
 *   spelt with an explicit `frozen<…>` in the canonical form);
 * - `frozen<…>` wraps only collections (`frozen<int>` is refused);
 * - `counter` never appears inside a collection;
 * - collections nest at most {@link MAX_COLLECTION_NESTING} deep (Keyspaces quota).
 *
 * `varchar` stays `varchar` (an alias of `text` with the same values and order); UDTs, tuples,
 * `duration` and `vector` are not supported.
 */
import { ValidationException } from '../common/errors.js';
import { MAX_COLLECTION_NESTING } from './constants.js';

/** The name of a CQL scalar type. */
export type CqlScalarName =
  | 'ascii'
  | 'bigint'
  | 'blob'
  | 'boolean'
  | 'counter'
  | 'date'
  | 'decimal'
  | 'double'
  | 'float'
  | 'inet'
  | 'int'
  | 'smallint'
  | 'text'
  | 'time'
  | 'timestamp'
  | 'timeuuid'
  | 'tinyint'
  | 'uuid'
  | 'varchar'
  | 'varint';

/**
 * A CQL type. `frozen` wraps only a collection; in a canonical type (what {@link parseCqlType}
 * and {@link resolveCqlType} return) every collection nested in a collection is wrapped in
 * `frozen`.
 */
export type CqlType =
  | { kind: CqlScalarName }
  | { kind: 'list'; element: CqlType }
  | { kind: 'set'; element: CqlType }
  | { kind: 'map'; key: CqlType; value: CqlType }
  | { kind: 'frozen'; inner: CqlType };

/** Every scalar type name, in alphabetical order. */
export const CQL_SCALAR_NAMES: readonly CqlScalarName[] = Object.freeze([
  'ascii',
  'bigint',
  'blob',
  'boolean',
  'counter',
  'date',
  'decimal',
  'double',
  'float',
  'inet',
  'int',
  'smallint',
  'text',
  'time',
  'timestamp',
  'timeuuid',
  'tinyint',
  'uuid',
  'varchar',
  'varint',
]);

const SCALARS: ReadonlySet<string> = new Set(CQL_SCALAR_NAMES);

/** A type as written, before the rules are checked. */
interface RawType {
  name: string;
  args: RawType[];
}

/**
 * Parses CQL type text into a canonical {@link CqlType}. Names are case-insensitive and
 * whitespace may appear between any two tokens.
 * @param text - type text such as `'int'`, `'set<text>'`, `'map<text, frozen<list<int>>>'`
 * @returns the canonical type: nested collections wrapped in `frozen`, `frozen<frozen<…>>`
 *   collapsed
 * @throws {@link ValidationException} when the text is malformed, names an unknown type, gives
 *   a type the wrong number of arguments, or breaks a rule of the module summary
 * @throws {@link TypeError} when `text` is not a string
 * @example
 * parseCqlType('MAP<text, FROZEN<list<int>>>');
 * // { kind: 'map', key: { kind: 'text' }, value: { kind: 'frozen', inner: { kind: 'list', element: { kind: 'int' } } } }
 */
export function parseCqlType(text: string): CqlType {
  if (typeof text !== 'string') throw new TypeError(`text must be a string, got ${typeof text}`);
  const raw = new TypeTextParser(text).parse();
  return checkRaw(raw, text.trim(), { inCollection: false, inFrozen: false, depth: 0 });
}

/**
 * Checks a {@link CqlType} object (from a caller, a catalog, JSON) against the rules of the
 * module summary and returns it in canonical form, as a fresh object.
 * @param type - type text or a type object
 * @returns the canonical type
 * @throws {@link ValidationException} when the type is malformed, unknown or breaks a rule
 * @example
 * resolveCqlType({ kind: 'frozen', inner: { kind: 'list', element: { kind: 'list', element: { kind: 'int' } } } });
 * // frozen<list<frozen<list<int>>>>
 */
export function resolveCqlType(type: string | CqlType): CqlType {
  if (typeof type === 'string') return parseCqlType(type);
  const raw = rawFromObject(type, 0);
  return checkRaw(raw, formatRaw(raw), { inCollection: false, inFrozen: false, depth: 0 });
}

/**
 * Formats a type in Cassandra's canonical spelling: lowercase, `', '` between map arguments.
 * @param type - a type
 * @returns type text that {@link parseCqlType} reads back to an equal type
 * @throws {@link TypeError} when `type` is not a {@link CqlType}
 * @example
 * formatCqlType({ kind: 'map', key: { kind: 'text' }, value: { kind: 'int' } }); // 'map<text, int>'
 */
export function formatCqlType(type: CqlType): string {
  if (typeof type !== 'object' || type === null) throw new TypeError(`type must be a CqlType, got ${type === null ? 'null' : typeof type}`);
  switch (type.kind) {
    case 'list':
    case 'set':
      return `${type.kind}<${formatCqlType(type.element)}>`;
    case 'map':
      return `map<${formatCqlType(type.key)}, ${formatCqlType(type.value)}>`;
    case 'frozen':
      return `frozen<${formatCqlType(type.inner)}>`;
    default:
      if (!SCALARS.has(type.kind)) throw new TypeError(`type must be a CqlType, got kind ${String(type.kind)}`);
      return type.kind;
  }
}

/**
 * Whether a type is a collection: `list`, `set` or `map`, frozen or not.
 * @param type - a type
 * @returns true for `list<…>`, `set<…>`, `map<…>` and `frozen<…>` of one of them
 * @throws {@link TypeError} when `type` is not an object
 * @example
 * isCollection(parseCqlType('frozen<set<int>>')); // true
 */
export function isCollection(type: CqlType): boolean {
  assertTypeObject(type);
  if (type.kind === 'frozen') return isCollection(type.inner);
  return type.kind === 'list' || type.kind === 'set' || type.kind === 'map';
}

/**
 * Whether a type is a non-frozen collection: one whose elements are separate cells, which
 * can be added and removed one at a time, and which may not be part of a primary key.
 * @param type - a type
 * @returns true for `list<…>`, `set<…>` and `map<…>`; false for `frozen<…>` and scalars
 * @throws {@link TypeError} when `type` is not an object
 * @example
 * isMultiCell(parseCqlType('list<int>')); // true
 * isMultiCell(parseCqlType('frozen<list<int>>')); // false
 */
export function isMultiCell(type: CqlType): boolean {
  assertTypeObject(type);
  return type.kind === 'list' || type.kind === 'set' || type.kind === 'map';
}

/**
 * Whether a type is or contains `counter`.
 * @param type - a type
 * @returns true for `counter`
 * @throws {@link TypeError} when `type` is not an object
 * @example
 * isCounter(parseCqlType('counter')); // true
 */
export function isCounter(type: CqlType): boolean {
  assertTypeObject(type);
  return type.kind === 'counter';
}

function assertTypeObject(type: unknown): asserts type is CqlType {
  if (typeof type !== 'object' || type === null || typeof (type as { kind?: unknown }).kind !== 'string') {
    throw new TypeError(`type must be a CqlType, got ${type === null ? 'null' : typeof type}`);
  }
}

// ---- checking ----

interface Context {
  /** The type is an element, key or value of a collection. */
  inCollection: boolean;
  /** Some enclosing type is `frozen<…>`. */
  inFrozen: boolean;
  /** Collections enclosing this type. */
  depth: number;
}

const COLLECTION_ARITY: Readonly<Record<string, number>> = { list: 1, set: 1, map: 2, frozen: 1 };

function checkRaw(raw: RawType, whole: string, ctx: Context): CqlType {
  const name = raw.name;
  if (SCALARS.has(name)) {
    if (raw.args.length > 0) throw new ValidationException(`Type ${name} takes no type arguments: ${whole}`);
    if (name === 'counter' && ctx.inCollection) {
      throw new ValidationException(`Counters are not allowed inside collections: ${whole}`);
    }
    return { kind: name as CqlScalarName };
  }
  checkArity(raw, whole);
  if (name === 'frozen') {
    const inner = raw.args[0]!;
    // frozen<frozen<…>> is the same type as frozen<…>.
    if (inner.name === 'frozen') return checkRaw(inner, whole, ctx);
    if (inner.name === 'list' || inner.name === 'set' || inner.name === 'map') {
      return { kind: 'frozen', inner: checkCollection(inner, whole, { ...ctx, inFrozen: true }) };
    }
    if (SCALARS.has(inner.name)) {
      throw new ValidationException(`frozen<> is only allowed on collections, tuples, and user-defined types: ${whole}`);
    }
    throw new ValidationException(unknownType(inner.name, whole));
  }
  if (ctx.inCollection && !ctx.inFrozen) {
    throw new ValidationException(`Non-frozen collections are not allowed inside collections: ${whole}`);
  }
  const collection = checkCollection(raw, whole, ctx);
  // Inside a frozen type, nested collections are frozen: the canonical form says so.
  return ctx.inCollection ? { kind: 'frozen', inner: collection } : collection;
}

function unknownType(name: string, whole: string): string {
  return whole === name ? `Unknown type ${name}` : `Unknown type ${name} in ${whole}`;
}

function checkArity(raw: RawType, whole: string): void {
  const arity = COLLECTION_ARITY[raw.name];
  if (arity === undefined) throw new ValidationException(unknownType(raw.name, whole));
  if (raw.args.length !== arity) {
    throw new ValidationException(
      `Type ${raw.name} takes exactly ${arity === 1 ? 'one type argument' : 'two type arguments'}, got ${raw.args.length}: ${whole}`,
    );
  }
}

function checkCollection(raw: RawType, whole: string, ctx: Context): CqlType {
  checkArity(raw, whole);
  const depth = ctx.depth + 1;
  if (depth > MAX_COLLECTION_NESTING) {
    throw new ValidationException(`Collections may be nested at most ${MAX_COLLECTION_NESTING} deep: ${whole}`);
  }
  const inner: Context = { inCollection: true, inFrozen: ctx.inFrozen, depth };
  const [first, second] = raw.args as [RawType, RawType];
  if (raw.name === 'map') {
    return { kind: 'map', key: checkRaw(first, whole, inner), value: checkRaw(second, whole, inner) };
  }
  return { kind: raw.name as 'list' | 'set', element: checkRaw(first, whole, inner) };
}

/** Reads a type object into the raw form, refusing anything that is not one. */
function rawFromObject(value: unknown, depth: number): RawType {
  if (depth > MAX_COLLECTION_NESTING * 2 + 2) {
    throw new ValidationException(`Collections may be nested at most ${MAX_COLLECTION_NESTING} deep`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationException(`A type must be type text or an object with a kind, got ${describeShort(value)}`);
  }
  const o = value as Record<string, unknown>;
  const kind = o['kind'];
  if (typeof kind !== 'string') throw new ValidationException(`A type object must have a string kind, got ${describeShort(kind)}`);
  const field = (f: string): RawType => {
    if (!(f in o)) throw new ValidationException(`A type of kind ${kind} must have a member ${f}`);
    return rawFromObject(o[f], depth + 1);
  };
  switch (kind) {
    case 'list':
    case 'set':
      return { name: kind, args: [field('element')] };
    case 'map':
      return { name: kind, args: [field('key'), field('value')] };
    case 'frozen':
      return { name: kind, args: [field('inner')] };
    default:
      // Scalars are matched exactly: a type object is already canonical, not type text.
      return { name: kind, args: [] };
  }
}

function formatRaw(raw: RawType): string {
  if (raw.args.length === 0) return raw.name;
  return `${raw.name}<${raw.args.map(formatRaw).join(', ')}>`;
}

function describeShort(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value;
}

// ---- type text ----

/** A recursive-descent parser of `type := name ['<' type {',' type} '>']`. */
class TypeTextParser {
  readonly #text: string;
  #at = 0;

  constructor(text: string) {
    this.#text = text;
  }

  parse(): RawType {
    const type = this.#type(0);
    this.#skipSpace();
    if (this.#at < this.#text.length) this.#fail(`unexpected ${JSON.stringify(this.#text[this.#at])}`);
    return type;
  }

  #type(depth: number): RawType {
    // Bounds the recursion before the nesting rule can be checked.
    if (depth > MAX_COLLECTION_NESTING * 2 + 2) {
      throw new ValidationException(`Collections may be nested at most ${MAX_COLLECTION_NESTING} deep: ${this.#text.trim()}`);
    }
    this.#skipSpace();
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.#text.slice(this.#at));
    if (match === null) {
      this.#fail(this.#at >= this.#text.length ? 'expected a type name' : `unexpected ${JSON.stringify(this.#text[this.#at])}`);
    }
    this.#at += match[0].length;
    const name = match[0].toLowerCase();
    const args: RawType[] = [];
    this.#skipSpace();
    if (this.#text[this.#at] === '<') {
      this.#at++;
      args.push(this.#type(depth + 1));
      for (;;) {
        this.#skipSpace();
        const c = this.#text[this.#at];
        if (c === ',') {
          this.#at++;
          args.push(this.#type(depth + 1));
        } else if (c === '>') {
          this.#at++;
          break;
        } else {
          this.#fail(c === undefined ? "expected ',' or '>'" : `unexpected ${JSON.stringify(c)}`);
        }
      }
    }
    return { name, args };
  }

  #skipSpace(): void {
    while (this.#at < this.#text.length && /\s/.test(this.#text[this.#at]!)) this.#at++;
  }

  #fail(what: string): never {
    throw new ValidationException(`Invalid type ${JSON.stringify(this.#text)}: ${what} at position ${this.#at}`);
  }
}
