import { DecodeError } from '../errors.js';
import { expectBytes, expectInteger, expectString } from '../validate.js';
import { asciiAt, ipv4At, networkV4At, u128At, u64At } from './fast.js';
import { BYTE_KEYS, type KeyKind } from '../keys.js';

// ignoreBOM: a leading U+FEFF is part of the string (Rust keeps it), not a byte-order mark to strip.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A strict little-endian Borsh reader over one byte buffer. Every read names the field it
 * reads (program spelling, snake_case) so that a failure becomes a DecodeError carrying the
 * type, the field and the byte offset. Nothing is ever read past the end of the buffer and
 * no length prefix can make it allocate more than the bytes that are actually there.
 */
export class Reader<K = Uint8Array> {
  /** The bytes being read. */
  readonly buf: Uint8Array;
  /** A DataView over `buf`. */
  readonly dv: DataView;
  /** The offset of the next byte to read. */
  pos: number;

  constructor(
    buf: Uint8Array,
    /** Type being decoded, used in error messages ("Device", "CreateLink args", ...). */
    readonly typeName: string,
    offset = 0,
    /** How addresses read are represented (the door's choice; bytes by default). */
    readonly keys: KeyKind<K> = BYTE_KEYS as unknown as KeyKind<K>,
  ) {
    expectBytes(buf, 'buf');
    expectString(typeName, 'typeName');
    expectInteger(offset, 'offset', 0, buf.length);
    this.buf = buf;
    this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = offset;
  }

  /** How many bytes `buf` holds. */
  get length(): number {
    return this.buf.length;
  }

  /** How many bytes are left after `pos`. */
  get remaining(): number {
    return this.buf.length - this.pos;
  }

  /** Throws a DecodeError for `field` at `offset` (default: the current position) with `reason`. */
  fail(field: string, reason: string, offset: number = this.pos): never {
    throw new DecodeError(this.typeName, field, offset, reason);
  }

  /** Ensures `n` more bytes exist for `field`. */
  need(n: number, field: string): void {
    if (this.pos + n > this.buf.length) {
      this.fail(field, `needs ${n} byte(s), ${this.buf.length - this.pos} left`);
    }
  }

  /** Reads a u8. Throws `field`'s DecodeError when the data ends first. */
  u8(field: string): number {
    this.need(1, field);
    return this.buf[this.pos++]!;
  }

  /** Reads a little-endian u16. Throws `field`'s DecodeError when the data ends first. */
  u16(field: string): number {
    this.need(2, field);
    const v = this.dv.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  /** Reads a little-endian u32. Throws `field`'s DecodeError when the data ends first. */
  u32(field: string): number {
    this.need(4, field);
    const v = this.dv.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** Reads a little-endian u64. Throws `field`'s DecodeError when the data ends first. */
  u64(field: string): bigint {
    this.need(8, field);
    const v = u64At(this.buf, this.pos);
    this.pos += 8;
    return v;
  }

  /** Reads a little-endian u128. Throws `field`'s DecodeError when the data ends first. */
  u128(field: string): bigint {
    this.need(16, field);
    const v = u128At(this.buf, this.pos);
    this.pos += 16;
    return v;
  }

  /** IEEE-754 binary64; Borsh refuses NaN, so does this reader. */
  f64(field: string): number {
    this.need(8, field);
    const v = this.dv.getFloat64(this.pos, true);
    if (Number.isNaN(v)) this.fail(field, 'NaN is not a valid Borsh f64');
    this.pos += 8;
    return v;
  }

  /** Strict Borsh bool: 0 or 1, anything else is an error. */
  bool(field: string): boolean {
    this.need(1, field);
    const b = this.buf[this.pos]!;
    if (b > 1) this.fail(field, `invalid bool byte ${b}`);
    this.pos++;
    return b === 1;
  }

  /** u32 length + UTF-8 bytes; invalid UTF-8 is an error. */
  string(field: string): string {
    const start = this.pos;
    const len = this.u32(field);
    if (len > this.buf.length - this.pos) {
      this.fail(field, `string of ${len} byte(s) but ${this.buf.length - this.pos} left`, start);
    }
    const s = this.pos;
    const e = s + len;
    this.pos = e;
    // ASCII fast path: short codes and names are almost always plain ASCII (built flat, in one go).
    return asciiAt(this.buf, s, len) ?? this.utf8Slow(field, start, s, e);
  }

  private utf8Slow(field: string, start: number, s: number, e: number): string {
    try {
      return utf8.decode(this.buf.subarray(s, e));
    } catch {
      return this.fail(field, 'invalid UTF-8', start);
    }
  }

  /** Reads a 32-byte address, as the reader's key kind makes it. Throws `field`'s DecodeError when the data ends first. */
  pubkey(field: string): K {
    this.need(32, field);
    const k = this.keys.at(this.buf, this.pos);
    this.pos += 32;
    return k;
  }

  /** 4 octets in network order, returned as "a.b.c.d". */
  ipv4(field: string): string {
    this.need(4, field);
    const v = ipv4At(this.buf, this.pos);
    this.pos += 4;
    return v;
  }

  /** 4 octets + prefix length (0..32), returned as "a.b.c.d/n". */
  networkV4(field: string): string {
    this.need(5, field);
    const prefix = this.buf[this.pos + 4]!;
    if (prefix > 32) this.fail(field, `prefix length ${prefix} is above 32`);
    const v = networkV4At(this.buf, this.pos);
    this.pos += 5;
    return v;
  }

  /**
   * Reads a u32 element count and checks that `count * minElementSize` bytes can still
   * follow, so that a garbage count fails at once instead of allocating.
   */
  vecLen(field: string, minElementSize: number): number {
    const start = this.pos;
    const n = this.u32(field);
    if (n * minElementSize > this.buf.length - this.pos) {
      this.fail(field, `vector of ${n} element(s) cannot fit in ${this.buf.length - this.pos} byte(s)`, start);
    }
    return n;
  }

  /** `Vec<Pubkey>`. */
  pubkeyVec(field: string): K[] {
    const n = this.vecLen(field, 32);
    const out = new Array<K>(n);
    for (let i = 0; i < n; i++) out[i] = this.pubkey(field);
    return out;
  }

  /** NetworkV4List (`Vec<NetworkV4>`). */
  networkV4Vec(field: string): string[] {
    const n = this.vecLen(field, 5);
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = this.networkV4(field);
    return out;
  }

  /** Borsh Option tag: false for None (0), true for Some (1); anything else is an error. */
  optionTag(field: string): boolean {
    this.need(1, field);
    const t = this.buf[this.pos]!;
    if (t > 1) this.fail(field, `invalid Option tag ${t}`);
    this.pos++;
    return t === 1;
  }

  /** A copy of the next `n` bytes (never a view into the caller's buffer, even for a Buffer). */
  bytes(n: number, field: string): Uint8Array {
    this.need(n, field);
    const v = Uint8Array.prototype.slice.call(this.buf, this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
}
