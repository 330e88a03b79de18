// Byte-level reads for the decoders' hot paths. No bounds checks: every caller has checked that
// the bytes are there. Values are exactly what Reader returns for the same bytes (same strings,
// same bigints); only how they are built differs:
//  - strings come out flat (one allocation), never as the rope a `+=` loop builds, which holds
//    several times the string's size in memory;
//  - small u64 values come from a shared table of bigints (a bigint is an immutable primitive:
//    sharing one is invisible), larger ones through one preallocated DataView.

import { isKey, keyEquals, type KeyInput } from '../keys.js';

const F = String.fromCharCode;

/**
 * Whether the decoders take their current-format fast paths (decodeDevice, decodeLink). Always
 * true in use; the tests turn it off to compare the fast paths with the general decoders.
 */
export const fastPaths = { enabled: true };

/** Longest string built by the fixed-arity path of {@link asciiAt}. */
export const ASCII_FAST_MAX = 24;

/**
 * The `len` bytes at `s` as a string when they are all ASCII (then they are valid UTF-8 and this
 * is the string UTF-8 decoding gives), else undefined. Strings longer than ASCII_FAST_MAX also
 * give undefined: the caller decodes them with TextDecoder.
 */
export function asciiAt(b: Uint8Array, s: number, len: number): string | undefined {
  if (len > ASCII_FAST_MAX) return undefined;
  let or = 0;
  for (let i = s, e = s + len; i < e; i++) or |= b[i]!;
  if (or > 0x7f) return undefined;
  return shortAscii(b, s, len);
}

/** The `len` (≤ ASCII_FAST_MAX) ASCII bytes at `s` as one flat string. */
function shortAscii(b: Uint8Array, s: number, len: number): string {
  switch (len) {
    case 0:
      return '';
    case 1:
      return F(b[s]!);
    case 2:
      return F(b[s]!, b[s + 1]!);
    case 3:
      return F(b[s]!, b[s + 1]!, b[s + 2]!);
    case 4:
      return F(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!);
    case 5:
      return F(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!);
    case 6:
      return F(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!);
    case 7:
      return F(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!);
    case 8:
      return F(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!);
    case 9:
      return F(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!);
    case 10:
      return F(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!);
    case 11:
      return F(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!);
    case 12:
      return F(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!);
    case 13:
      return F(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!);
    case 14:
      return F(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!);
    case 15:
      return F(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!);
    case 16:
      return F(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!);
    case 17:
      return F(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!);
    case 18:
      return F(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!);
    case 19:
      return F(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!, b[s + 18]!);
    case 20:
      return F(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!, b[s + 18]!, b[s + 19]!);
    case 21:
      return F(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!, b[s + 18]!, b[s + 19]!, b[s + 20]!);
    case 22:
      return F(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!, b[s + 18]!, b[s + 19]!, b[s + 20]!, b[s + 21]!);
    case 23:
      return F(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!, b[s + 18]!, b[s + 19]!, b[s + 20]!, b[s + 21]!, b[s + 22]!);
    case 24:
      return F(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!, b[s + 16]!, b[s + 17]!, b[s + 18]!, b[s + 19]!, b[s + 20]!, b[s + 21]!, b[s + 22]!, b[s + 23]!);
    default:
      throw new RangeError(`${len} bytes is above ASCII_FAST_MAX`);
  }
}

/** u16 little-endian at `o`. */
export function u16At(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}

/** u32 little-endian at `o`. */
export function u32At(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 0x1000000;
}

const SMALL_COUNT = 1024;
const SMALL: bigint[] = [];
for (let i = 0; i < SMALL_COUNT; i++) SMALL.push(BigInt(i));
const SCRATCH = new Uint8Array(8);
const SCRATCH_VIEW = new DataView(SCRATCH.buffer);

/** u64 little-endian at `o`. */
export function u64At(b: Uint8Array, o: number): bigint {
  if ((b[o + 4]! | b[o + 5]! | b[o + 6]! | b[o + 7]!) === 0) {
    const lo = u32At(b, o);
    if (lo < SMALL_COUNT) return SMALL[lo]!;
  }
  const t = SCRATCH;
  t[0] = b[o]!;
  t[1] = b[o + 1]!;
  t[2] = b[o + 2]!;
  t[3] = b[o + 3]!;
  t[4] = b[o + 4]!;
  t[5] = b[o + 5]!;
  t[6] = b[o + 6]!;
  t[7] = b[o + 7]!;
  return SCRATCH_VIEW.getBigUint64(0, true);
}

/** u128 little-endian at `o`. */
export function u128At(b: Uint8Array, o: number): bigint {
  const lo = u64At(b, o);
  if ((b[o + 8]! | b[o + 9]! | b[o + 10]! | b[o + 11]! | b[o + 12]! | b[o + 13]! | b[o + 14]! | b[o + 15]!) === 0) return lo;
  return (u64At(b, o + 8) << 64n) | lo;
}

/** Decimal digits of octets, scratch for the address formatters. */
const DIGITS = new Uint8Array(19);

/** Per octet value v: DEC[4v] its digit count, DEC[4v+1..] its digits' character codes. */
const DEC = new Uint8Array(1024);
for (let v = 0; v < 256; v++) {
  const t = String(v);
  DEC[4 * v] = t.length;
  for (let i = 0; i < t.length; i++) DEC[4 * v + 1 + i] = t.charCodeAt(i);
}

/** Writes the decimal digits of `v` (0..255) at `n` in DIGITS; returns the new length. */
function digits(v: number, n: number): number {
  const k = 4 * v;
  const len = DEC[k]!;
  DIGITS[n] = DEC[k + 1]!;
  if (len > 1) {
    DIGITS[n + 1] = DEC[k + 2]!;
    if (len > 2) DIGITS[n + 2] = DEC[k + 3]!;
  }
  return n + len;
}

/** The first `n` (7..19) characters of DIGITS as one flat string. */
function digitString(n: number): string {
  const d = DIGITS;
  switch (n) {
    case 7:
      return F(d[0]!, d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6]!);
    case 8:
      return F(d[0]!, d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6]!, d[7]!);
    case 9:
      return F(d[0]!, d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6]!, d[7]!, d[8]!);
    case 10:
      return F(d[0]!, d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6]!, d[7]!, d[8]!, d[9]!);
    case 11:
      return F(d[0]!, d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6]!, d[7]!, d[8]!, d[9]!, d[10]!);
    case 12:
      return F(d[0]!, d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6]!, d[7]!, d[8]!, d[9]!, d[10]!, d[11]!);
    case 13:
      return F(d[0]!, d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6]!, d[7]!, d[8]!, d[9]!, d[10]!, d[11]!, d[12]!);
    case 14:
      return F(d[0]!, d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6]!, d[7]!, d[8]!, d[9]!, d[10]!, d[11]!, d[12]!, d[13]!);
    case 15:
      return F(d[0]!, d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6]!, d[7]!, d[8]!, d[9]!, d[10]!, d[11]!, d[12]!, d[13]!, d[14]!);
    case 16:
      return F(d[0]!, d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6]!, d[7]!, d[8]!, d[9]!, d[10]!, d[11]!, d[12]!, d[13]!, d[14]!, d[15]!);
    case 17:
      return F(d[0]!, d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6]!, d[7]!, d[8]!, d[9]!, d[10]!, d[11]!, d[12]!, d[13]!, d[14]!, d[15]!, d[16]!);
    case 18:
      return F(d[0]!, d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6]!, d[7]!, d[8]!, d[9]!, d[10]!, d[11]!, d[12]!, d[13]!, d[14]!, d[15]!, d[16]!, d[17]!);
    case 19:
      return F(d[0]!, d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6]!, d[7]!, d[8]!, d[9]!, d[10]!, d[11]!, d[12]!, d[13]!, d[14]!, d[15]!, d[16]!, d[17]!, d[18]!);
    default:
      throw new RangeError(`address text of ${n} characters`);
  }
}

/** Writes the dotted octets at `o` into DIGITS; returns the length written. */
function dottedAt(b: Uint8Array, o: number): number {
  let n = digits(b[o]!, 0);
  DIGITS[n++] = 46;
  n = digits(b[o + 1]!, n);
  DIGITS[n++] = 46;
  n = digits(b[o + 2]!, n);
  DIGITS[n++] = 46;
  return digits(b[o + 3]!, n);
}

/** "a.b.c.d" of the 4 octets at `o` (a flat string). */
export function ipv4At(b: Uint8Array, o: number): string {
  return digitString(dottedAt(b, o));
}

/** "a.b.c.d/n" of the 4 octets and prefix byte at `o` (a flat string; the caller checks the prefix is ≤ 32). */
export function networkV4At(b: Uint8Array, o: number): string {
  let n = dottedAt(b, o);
  DIGITS[n++] = 47;
  n = digits(b[o + 4]!, n);
  return digitString(n);
}

// ignoreBOM: a leading U+FEFF is part of the string (Rust keeps it), not a byte-order mark to strip.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Whether the bytes s..e are all ASCII. */
export function isAscii(b: Uint8Array, s: number, e: number): boolean {
  let or = 0;
  for (let i = s; i < e; i++) or |= b[i]!;
  return or < 0x80;
}

/** The string of the `len` bytes at `s`, which the caller knows to be ASCII (checked with isAscii). */
export function textAt(b: Uint8Array, s: number, len: number): string {
  return len <= ASCII_FAST_MAX ? shortAscii(b, s, len) : utf8.decode(b.subarray(s, s + len));
}

/** Whether `v` is undefined or a key. */
function keyOrNothing(v: unknown): v is KeyInput | undefined {
  return v === undefined || isKey(v);
}

/**
 * The bytes of an account input (a Uint8Array, or an AccountInfo-like `{ data, owner }`) when
 * nothing the general decoder checks before byte 1 can fail: the arguments are of the expected
 * types (a Uint8Array or a `{ data: Uint8Array, owner?: key }` object; options with
 * keys or absent `owner` / `programId` / `address`), the owner, when known with
 * `programId`, is the program, there is data, byte 0 is `accountType`. Else undefined: the
 * caller takes its general path, which reports whatever is wrong exactly as it always has.
 */
export function checkedAccountBytes(input: unknown, accountType: number, opts: unknown): Uint8Array | undefined {
  let owner: unknown;
  let programId: unknown;
  if (opts !== undefined) {
    if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) return undefined;
    const o = opts as { owner?: unknown; programId?: unknown; address?: unknown };
    owner = o.owner;
    programId = o.programId;
    if (!keyOrNothing(owner) || !keyOrNothing(programId) || !keyOrNothing(o.address)) return undefined;
  }
  let data: unknown;
  if (input instanceof Uint8Array) {
    data = input;
  } else {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) return undefined;
    const i = input as { data?: unknown; owner?: unknown };
    data = i.data;
    if (!keyOrNothing(i.owner)) return undefined;
    owner ??= i.owner;
  }
  if (owner !== undefined && programId !== undefined && !keyEquals(owner as KeyInput, programId as KeyInput)) return undefined;
  if (!(data instanceof Uint8Array) || data.length === 0 || data[0] !== accountType) return undefined;
  return data;
}
