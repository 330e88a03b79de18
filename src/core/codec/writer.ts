import { tryKeyBytes, type KeyInput } from '../keys.js';
import { EncodeError } from '../errors.js';
import { parseIpv4, parseNetworkV4, scanIpv4, scanNetworkV4 } from './net.js';
import { ValidationError } from '../errors.js';
import { expectInteger, expectString } from '../validate.js';

const utf8 = new TextEncoder();
const U64_MAX = (1n << 64n) - 1n;
const U128_MAX = (1n << 128n) - 1n;

/**
 * A little-endian Borsh writer. Values out of range for their wire type are refused with an
 * EncodeError naming the type and field; nothing is silently truncated or wrapped.
 */
export class Writer {
  private buf: Uint8Array;
  private dv: DataView;
  /** How many bytes have been written. */
  pos = 0;

  constructor(
    /** Type being encoded, used in error messages. */
    readonly typeName: string,
    initialCapacity = 256,
  ) {
    expectString(typeName, 'typeName');
    expectInteger(initialCapacity, 'initialCapacity', 1, 1 << 30);
    this.buf = new Uint8Array(initialCapacity);
    this.dv = new DataView(this.buf.buffer);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.pos + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.dv = new DataView(next.buffer);
  }

  /** Throws an EncodeError for `field` with `reason`. */
  fail(field: string, reason: string): never {
    throw new EncodeError(this.typeName, field, reason);
  }

  private int(v: number | bigint, max: number, field: string, kind: string): number {
    const n = typeof v === 'bigint' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > max) {
      this.fail(field, `${String(v)} is not a ${kind}`);
    }
    return n;
  }

  /** Writes a u8. Throws `field`'s EncodeError for a value out of range. */
  u8(v: number, field: string): this {
    const n = this.int(v, 0xff, field, 'u8');
    this.ensure(1);
    this.buf[this.pos++] = n;
    return this;
  }

  /** Writes a little-endian u16. Throws `field`'s EncodeError for a value out of range. */
  u16(v: number, field: string): this {
    const n = this.int(v, 0xffff, field, 'u16');
    this.ensure(2);
    this.dv.setUint16(this.pos, n, true);
    this.pos += 2;
    return this;
  }

  /** Writes a little-endian u32. Throws `field`'s EncodeError for a value out of range. */
  u32(v: number, field: string): this {
    const n = this.int(v, 0xffffffff, field, 'u32');
    this.ensure(4);
    this.dv.setUint32(this.pos, n, true);
    this.pos += 4;
    return this;
  }

  /** Writes a little-endian u64. Throws `field`'s EncodeError for a value out of range. */
  u64(v: number | bigint, field: string): this {
    const b = toBigInt(v, field, this);
    if (b < 0n || b > U64_MAX) this.fail(field, `${String(v)} is not a u64`);
    this.ensure(8);
    this.dv.setBigUint64(this.pos, b, true);
    this.pos += 8;
    return this;
  }

  /** Writes a little-endian u128. Throws `field`'s EncodeError for a value out of range. */
  u128(v: number | bigint, field: string): this {
    const b = toBigInt(v, field, this);
    if (b < 0n || b > U128_MAX) this.fail(field, `${String(v)} is not a u128`);
    this.ensure(16);
    this.dv.setBigUint64(this.pos, b & U64_MAX, true);
    this.dv.setBigUint64(this.pos + 8, b >> 64n, true);
    this.pos += 16;
    return this;
  }

  /** Writes a little-endian IEEE 754 double. Throws for NaN (Borsh refuses it); infinities are written. */
  f64(v: number, field: string): this {
    if (typeof v !== 'number' || Number.isNaN(v)) this.fail(field, `${String(v)} is not a finite-or-infinite f64 (Borsh refuses NaN)`);
    this.ensure(8);
    this.dv.setFloat64(this.pos, v, true);
    this.pos += 8;
    return this;
  }

  /** Writes a bool as one byte, 0 or 1. */
  bool(v: boolean, field: string): this {
    if (typeof v !== 'boolean') this.fail(field, `${String(v)} is not a boolean`);
    this.ensure(1);
    this.buf[this.pos++] = v ? 1 : 0;
    return this;
  }

  /** Writes a Borsh string: its UTF-8 length as u32, then the bytes. */
  string(v: string, field: string): this {
    if (typeof v !== 'string') this.fail(field, `${String(v)} is not a string`);
    // Worst case 3 bytes per UTF-16 unit.
    this.ensure(4 + v.length * 3);
    const start = this.pos;
    this.pos += 4;
    const { written } = utf8.encodeInto(v, this.buf.subarray(this.pos));
    this.dv.setUint32(start, written, true);
    this.pos += written;
    return this;
  }

  /** Writes a 32-byte address. */
  pubkey(v: KeyInput, field: string): this {
    const b = tryKeyBytes(v);
    if (b === null) this.fail(field, 'is not an address');
    this.ensure(32);
    this.buf.set(b, this.pos);
    this.pos += 32;
    return this;
  }

  /** Writes an IPv4 address ("a.b.c.d") as 4 bytes. */
  ipv4(v: string, field: string): this {
    this.ensure(4);
    // Fast path writes straight into the buffer; invalid text gets parseIpv4's precise error.
    if (!scanIpv4(v, this.buf, this.pos)) rethrow(() => parseIpv4(v, field), this, field);
    this.pos += 4;
    return this;
  }

  /** Writes an IPv4 network ("a.b.c.d/n") as 5 bytes: the address, then the prefix length. */
  networkV4(v: string, field: string): this {
    this.ensure(5);
    if (!scanNetworkV4(v, this.buf, this.pos)) rethrow(() => parseNetworkV4(v, field), this, field);
    this.pos += 5;
    return this;
  }

  /** Writes a Borsh vector's length as u32. */
  vecLen(n: number, field: string): this {
    return this.u32(n, field);
  }

  /** Writes a vector of 32-byte addresses (u32 length, then each). */
  pubkeyVec(v: readonly KeyInput[], field: string): this {
    if (!Array.isArray(v)) this.fail(field, 'is not an array');
    this.u32(v.length, field);
    for (const k of v) this.pubkey(k, field);
    return this;
  }

  /** Writes a vector of IPv4 networks (u32 length, then 5 bytes each). */
  networkV4Vec(v: readonly string[], field: string): this {
    if (!Array.isArray(v)) this.fail(field, 'is not an array');
    this.u32(v.length, field);
    for (const n of v) this.networkV4(n, field);
    return this;
  }

  /** Borsh Option: writes 0 for null/undefined, else 1 followed by `write(value)`. */
  option<T>(v: T | null | undefined, field: string, write: (w: this, value: T) => void): this {
    if (v === null || v === undefined) return this.u8(0, field);
    this.u8(1, field);
    write(this, v);
    return this;
  }

  /** Writes bytes as they are. */
  bytes(v: Uint8Array): this {
    this.ensure(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
    return this;
  }

  /** The bytes written so far (a fresh copy). */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

function toBigInt(v: number | bigint, field: string, w: Writer): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) w.fail(field, `${String(v)} is not an integer`);
  return BigInt(v);
}

function rethrow<T>(f: () => T, w: Writer, field: string): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ValidationError) w.fail(field, e.message);
    throw e;
  }
}
