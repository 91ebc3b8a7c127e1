/**
 * @module storage/_bytes
 * A growable big-endian byte writer and a bounds-checked reader (layer-internal).
 */
import { grownBuffer } from '../common/grow.js';
import type { CopyArena } from '../common/copy-arena.js';

const EMPTY = new Uint8Array(0);

/**
 * Appends big-endian fields to a growing buffer. Sized exactly (`new ByteWriter(n)` then n bytes
 * written), it never grows and {@link ByteWriter.finish} hands over its buffer without a copy.
 * Bytes past the write position are always zero (fresh buffers, and every buffer it lets go of is
 * zeroed first), so {@link ByteWriter.skip} writes zeros without writing.
 */
export class ByteWriter {
  #buf: Uint8Array;
  #view: DataView;
  #at = 0;

  constructor(initial = 256) {
    this.#buf = new Uint8Array(initial);
    this.#view = new DataView(this.#buf.buffer);
  }

  get length(): number {
    return this.#at;
  }

  #room(n: number): void {
    if (this.#at + n <= this.#buf.length) return;
    this.#buf = grownBuffer(this.#buf, this.#at, n);
    this.#view = new DataView(this.#buf.buffer);
  }

  u8(v: number): void {
    this.#room(1);
    this.#buf[this.#at] = v;
    this.#at += 1;
  }
  u32(v: number): void {
    this.#room(4);
    this.#view.setUint32(this.#at, v);
    this.#at += 4;
  }
  f64(v: number): void {
    this.#room(8);
    this.#view.setFloat64(this.#at, v);
    this.#at += 8;
  }
  /** n zero bytes. */
  skip(n: number): void {
    this.#room(n);
    this.#at += n;
  }
  bytes(b: Uint8Array): void {
    this.#room(b.length);
    this.#buf.set(b, this.#at);
    this.#at += b.length;
  }
  /** u32 length then the bytes. */
  lenBytes(b: Uint8Array): void {
    this.#room(4 + b.length);
    this.#view.setUint32(this.#at, b.length);
    this.#buf.set(b, this.#at + 4);
    this.#at += 4 + b.length;
  }
  /** Bytes the writer holds room for. */
  get capacity(): number {
    return this.#buf.length;
  }
  /** The bytes written so far, as a view of the writer's buffer: valid until the next write, {@link ByteWriter.clear} or {@link ByteWriter.finish}. */
  view(): Uint8Array {
    return this.#buf.subarray(0, this.#at);
  }
  /** Zeroes the bytes written and empties the writer, which keeps its buffer for the next use. */
  clear(): void {
    this.#buf.fill(0, 0, this.#at);
    this.#at = 0;
  }
  /**
   * The written bytes, in a buffer of their own; the writer keeps no copy of them: its buffer is
   * zeroed, or, when the bytes fill it exactly, handed over as the result (the writer starts
   * again from an empty buffer).
   */
  finish(): Uint8Array {
    if (this.#at === this.#buf.length && this.#at > 0) {
      const out = this.#buf;
      this.#buf = EMPTY;
      this.#view = new DataView(EMPTY.buffer);
      this.#at = 0;
      return out;
    }
    const out = this.#buf.slice(0, this.#at);
    this.#buf.fill(0, 0, this.#at);
    this.#at = 0;
    return out;
  }
}

/** Thrown when encoded bytes end early or are malformed. */
export class CorruptDataError extends Error {
  override readonly name = 'CorruptDataError';
}

/** Reads big-endian fields, throwing CorruptDataError past the end. */
export class ByteReader {
  readonly #buf: Uint8Array;
  readonly #view: DataView;
  readonly #views: boolean;
  #at: number;

  /**
   * @param buf - the bytes to read
   * @param at - where to start
   * @param views - `bytes()` returns views into `buf` instead of copies: only for a buffer that
   *   is never changed or zeroed afterwards (a cached block), and whose readers copy what they keep
   */
  readonly #arena: CopyArena | undefined;

  /**
   * @param arena - copies are made in it (shared chunks) rather than each in a buffer of its own
   */
  constructor(buf: Uint8Array, at = 0, views = false, arena?: CopyArena) {
    this.#buf = buf;
    this.#view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.#at = at;
    this.#views = views;
    this.#arena = arena;
  }

  get offset(): number {
    return this.#at;
  }
  get done(): boolean {
    return this.#at >= this.#buf.length;
  }

  #need(n: number): void {
    if (this.#at + n > this.#buf.length) throw new CorruptDataError(`read past the end (${this.#at}+${n} > ${this.#buf.length})`);
  }
  u8(): number {
    this.#need(1);
    return this.#view.getUint8(this.#at++);
  }
  u32(): number {
    this.#need(4);
    const v = this.#view.getUint32(this.#at);
    this.#at += 4;
    return v;
  }
  f64(): number {
    this.#need(8);
    const v = this.#view.getFloat64(this.#at);
    this.#at += 8;
    return v;
  }
  /** n bytes, copied (or a view, for a reader made with `views`). */
  bytes(n: number): Uint8Array {
    this.#need(n);
    const out = this.#views ? this.#buf.subarray(this.#at, this.#at + n) : this.#arena ? this.#arena.copy(this.#buf, this.#at, this.#at + n) : this.#buf.slice(this.#at, this.#at + n);
    this.#at += n;
    return out;
  }
  lenBytes(): Uint8Array {
    return this.bytes(this.u32());
  }
  /** Moves past n bytes. */
  skip(n: number): void {
    this.#need(n);
    this.#at += n;
  }
}
