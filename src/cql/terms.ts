/**
 * @module cql/terms
 * The value of a CQL term (a literal, a collection literal, a function call or a bind marker)
 * for the column type that receives it, with Cassandra's rules for which literal fits which
 * type (`Constants.Type`, `Lists.Literal`…) and its wording for a term that does not:
 * `Invalid STRING constant (abc) for "k" of type int`.
 *
 * Bound values go through the value mapping of `table/values.ts` (a JS `number` for an `int`,
 * a `bigint` for a `bigint`…). A bound `undefined` is Cassandra's *unset*: the column is left
 * as it is (INSERT, UPDATE SET) — {@link UNSET} tells the caller.
 */
import { ValidationException } from '../common/errors.js';
import { randomBytes, randomUuid } from '../crypto/index.js';
import { formatCqlType } from '../table/cql-type.js';
import type { CqlType } from '../table/cql-type.js';
import { normalizeValue } from '../table/values.js';
import type { CqlValue } from '../table/values.js';
import type { BindMarkerTerm, Term } from './ast.js';

/** A bound value left unset (`undefined` in the parameters): the column is not written. */
export const UNSET: unique symbol = Symbol('unset');

/** The parameters of an execution: positional, or by marker name / receiver column. */
export type Params = readonly unknown[] | Readonly<Record<string, unknown>>;

/** What evaluating terms needs: the parameters, the clock (for `now()`), the statement's markers. */
export interface TermContext {
  params: Params;
  /** The clock's time in ms. */
  now: number;
  /** Receiver names of the markers, by index (for parameters given by name). */
  markerNames: readonly (string | undefined)[];
}

/**
 * Checks that the parameters fit the statement's markers: as many positional values as
 * markers, or an object that names each marker.
 * @throws {@link ValidationException} otherwise
 */
export function checkParams(params: Params, markerNames: readonly (string | undefined)[]): void {
  if (Array.isArray(params)) {
    /* Precondition: one positional value per bind marker. */
    if (params.length !== markerNames.length)
      throw new ValidationException(`Invalid amount of bind variables: expected ${markerNames.length}, got ${params.length}`);
    return;
  }
  if (params === null || typeof params !== 'object') throw new ValidationException('Parameters must be an array or an object');
  for (const name of markerNames) {
    if (name === undefined) throw new ValidationException('Parameters by name need named bind markers (:name) or markers bound to a column');
  }
}

/** The raw bound value of a marker, or UNSET. */
export function boundValue(term: BindMarkerTerm, ctx: TermContext): unknown {
  let v: unknown;
  if (Array.isArray(ctx.params)) v = (ctx.params as readonly unknown[])[term.index];
  else {
    const name = term.name ?? ctx.markerNames[term.index];
    v = name === undefined ? undefined : (ctx.params as Record<string, unknown>)[name];
  }
  return v === undefined ? UNSET : v;
}

/**
 * The value of a term for a receiver of type `type`.
 * @param term - the term
 * @param type - the receiving column's type (or element type)
 * @param receiver - the receiver's name, for messages
 * @returns the normalised value, `null`, or {@link UNSET} for an unset bound value
 * @throws {@link ValidationException} when the term does not fit the type
 */
export function termValue(term: Term, type: CqlType, receiver: string, ctx: TermContext): CqlValue | typeof UNSET {
  if (term.kind === 'bind') {
    const v = boundValue(term, ctx);
    if (v === UNSET) return UNSET;
    return normalizeValue(type, v, receiver);
  }
  return normalizeValue(type, literalInput(term, type, receiver, ctx), receiver);
}

/** Like {@link termValue} where unset is not allowed (keys, conditions, limits). */
export function requiredValue(term: Term, type: CqlType, receiver: string, ctx: TermContext): CqlValue {
  const v = termValue(term, type, receiver, ctx);
  if (v === UNSET) throw new ValidationException(`Invalid unset value for ${receiver}`);
  return v;
}

const INTEGER_KINDS = new Set(['tinyint', 'smallint', 'int']);
const BIG_KINDS = new Set(['bigint', 'varint', 'counter']);

function invalid(kind: string, text: string, type: CqlType, receiver: string): ValidationException {
  return new ValidationException(`Invalid ${kind} constant (${text}) for "${receiver}" of type ${formatCqlType(type)}`);
}

/** A literal as input to `normalizeValue`, after Cassandra's literal-to-type rules. */
function literalInput(term: Term, type: CqlType, receiver: string, ctx: TermContext): unknown {
  const t = type.kind === 'frozen' ? type.inner : type;
  switch (term.kind) {
    case 'null':
      return null;
    case 'string':
      if (['ascii', 'text', 'varchar', 'timestamp', 'date', 'time', 'inet'].includes(t.kind)) return term.value;
      throw invalid('STRING', term.value, type, receiver);
    case 'integer':
      if (INTEGER_KINDS.has(t.kind)) return Number(term.text);
      if (BIG_KINDS.has(t.kind)) return BigInt(term.text);
      if (t.kind === 'float' || t.kind === 'double') return Number(term.text);
      if (t.kind === 'decimal') return term.text;
      if (t.kind === 'timestamp') {
        const ms = Number(term.text);
        if (!Number.isSafeInteger(ms)) throw invalid('INTEGER', term.text, type, receiver);
        return ms;
      }
      throw invalid('INTEGER', term.text, type, receiver);
    case 'float':
      if (t.kind === 'float' || t.kind === 'double') return Number(term.text);
      if (t.kind === 'decimal' && /^-?[0-9.]/.test(term.text)) return term.text;
      throw invalid('FLOAT', term.text, type, receiver);
    case 'boolean':
      if (t.kind === 'boolean') return term.value;
      throw invalid('BOOLEAN', String(term.value), type, receiver);
    case 'uuid':
      if (t.kind === 'uuid' || t.kind === 'timeuuid') return term.value;
      throw invalid('UUID', term.value, type, receiver);
    case 'blob':
      if (t.kind === 'blob') return new Uint8Array(Buffer.from(term.hex, 'hex'));
      throw invalid('HEX', `0x${term.hex}`, type, receiver);
    case 'list':
      if (t.kind === 'list') return term.elements.map((e) => elementInput(e, t.element, receiver, ctx));
      throw new ValidationException(`Invalid list literal for ${receiver} of type ${formatCqlType(type)}`);
    case 'set':
      if (t.kind === 'set') return term.elements.map((e) => elementInput(e, t.element, receiver, ctx));
      throw new ValidationException(`Invalid set literal for ${receiver} of type ${formatCqlType(type)}`);
    case 'map':
      if (t.kind === 'map') return new Map(term.entries.map((e) => [elementInput(e.key, t.key, receiver, ctx), elementInput(e.value, t.value, receiver, ctx)]));
      if (term.entries.length === 0 && (t.kind === 'set' || t.kind === 'list')) return [];
      throw new ValidationException(`Invalid map literal for ${receiver} of type ${formatCqlType(type)}`);
    case 'tuple':
      throw new ValidationException(`Invalid tuple literal for ${receiver}: tuples are not supported`);
    case 'function':
      return functionValue(term.name, term.args, type, receiver, ctx);
    case 'bind': {
      const v = boundValue(term, ctx);
      if (v === UNSET) throw new ValidationException(`Invalid unset value for ${receiver}`);
      return v;
    }
  }
}

/** An element of a collection literal, normalised (nulls are refused by the collection check). */
function elementInput(term: Term, type: CqlType, receiver: string, ctx: TermContext): CqlValue {
  const v = requiredValue(term, type, receiver, ctx);
  if (v === null) throw new ValidationException(`null is not supported inside collections`);
  return v;
}

let lastTimeuuidTicks = 0n;

/** 100 ns ticks between 1582-10-15 (the UUID epoch) and 1970-01-01. */
const UUID_EPOCH_TICKS = 0x01b21dd213814000n;

/** A version-1 UUID from its 60-bit time in ticks and its last 16 hex digits (clock sequence and node). */
function v1Uuid(ticks: bigint, tail: string): string {
  const low = (ticks & 0xffffffffn).toString(16).padStart(8, '0');
  const mid = ((ticks >> 32n) & 0xffffn).toString(16).padStart(4, '0');
  const hi = (((ticks >> 48n) & 0x0fffn) | 0x1000n).toString(16).padStart(4, '0');
  return `${low}-${mid}-${hi}-${tail.slice(0, 4)}-${tail.slice(4)}`;
}

/**
 * A version-1 (time-based) UUID for a time in ms, unique within this process: 100 ns ticks
 * since 1582-10-15, a random clock sequence and node (as `now()` in Cassandra).
 */
export function timeuuidAt(ms: number): string {
  let ticks = BigInt(Math.trunc(ms)) * 10_000n + UUID_EPOCH_TICKS;
  if (ticks <= lastTimeuuidTicks && ticks > lastTimeuuidTicks - 10_000n) ticks = lastTimeuuidTicks + 1n;
  lastTimeuuidTicks = ticks;
  const rnd = randomBytes(8);
  rnd[0] = (rnd[0]! & 0x3f) | 0x80;
  return v1Uuid(ticks, Buffer.from(rnd).toString('hex'));
}

/** The time (ms) of a version-1 UUID. */
export function timeuuidTime(uuid: string): number {
  const h = uuid.replace(/-/g, '');
  const ticks = (BigInt(`0x${h.slice(13, 16)}`) << 48n) | (BigInt(`0x${h.slice(8, 12)}`) << 32n) | BigInt(`0x${h.slice(0, 8)}`);
  return Number((ticks - UUID_EPOCH_TICKS) / 10_000n);
}

/** The native functions a term may call (Cassandra 3.x `TimeFcts`, `UuidFcts`). */
function functionValue(name: string, args: readonly Term[], type: CqlType, receiver: string, ctx: TermContext): unknown {
  const arity = (n: number): void => {
    if (args.length !== n) throw new ValidationException(`Invalid number of arguments in call to function system.${name}: ${n} required but ${args.length} provided`);
  };
  const timeArg = (): number => {
    const a = args[0]!;
    if (a.kind === 'function' && (a.name === 'now' || a.name === 'currenttimeuuid')) return ctx.now;
    const v = requiredValue(a, { kind: 'timeuuid' }, receiver, ctx);
    if (v === null) throw new ValidationException(`Invalid null argument to ${name}`);
    return timeuuidTime(v as string);
  };
  switch (name) {
    case 'now':
    case 'currenttimeuuid':
      arity(0);
      return timeuuidAt(ctx.now);
    case 'uuid':
      arity(0);
      return randomUuid();
    case 'currenttimestamp':
      arity(0);
      return ctx.now;
    case 'currentdate':
      arity(0);
      return new Date(ctx.now).toISOString().slice(0, 10);
    case 'currenttime': {
      arity(0);
      const d = new Date(ctx.now);
      return BigInt(((d.getUTCHours() * 60 + d.getUTCMinutes()) * 60 + d.getUTCSeconds()) * 1000 + d.getUTCMilliseconds()) * 1_000_000n;
    }
    case 'totimestamp':
    case 'dateof':
      arity(1);
      return timeArg();
    case 'tounixtimestamp':
    case 'unixtimestampof':
      arity(1);
      return BigInt(timeArg());
    case 'todate':
      arity(1);
      return new Date(timeArg()).toISOString().slice(0, 10);
    case 'mintimeuuid':
    case 'maxtimeuuid': {
      arity(1);
      const ms = requiredValue(args[0]!, { kind: 'timestamp' }, receiver, ctx);
      if (!(ms instanceof Date)) throw new ValidationException(`Invalid null argument to ${name}`);
      return v1Uuid(BigInt(ms.getTime()) * 10_000n + UUID_EPOCH_TICKS, name === 'mintimeuuid' ? '8080808080808080' : '7f7f7f7f7f7f7f7f');
    }
    default:
      throw new ValidationException(`Unknown function '${name}' for ${receiver} of type ${formatCqlType(type)}`);
  }
}
