import { ValidationError } from '../errors.js';
import { expectBytes, expectInteger, expectString } from '../validate.js';

/**
 * IPv4 addresses are represented everywhere in dzprov as dotted strings ("203.0.113.1") and
 * NetworkV4 values as CIDR strings ("10.0.0.0/24"). The address part of a NetworkV4 is kept
 * as stored (host bits are not masked), exactly like the program.
 */
export type Ipv4 = string;
/** An IPv4 network as text, "a.b.c.d/n" (5 bytes on the wire: the address, then the prefix length). */
export type NetworkV4 = string;

/**
 * Scans "a.b.c.d" (withPrefix false) or "a.b.c.d/n" (withPrefix true) into `out` at `off` (4 octets, then
 * the prefix length) without allocating. Accepts decimal octets 0..255 and a prefix 0..32, all
 * without leading zeros; returns false for anything else.
 */
function scan(text: string, out: Uint8Array, off: number, withPrefix: boolean): boolean {
  const len = text.length;
  const parts = withPrefix ? 5 : 4;
  let i = 0;
  for (let part = 0; part < parts; part++) {
    const start = i;
    let v = 0;
    while (i < len) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
      i++;
    }
    const digits = i - start;
    if (digits === 0 || digits > 3 || (digits > 1 && text.charCodeAt(start) === 48)) return false;
    if (part < 4) {
      if (v > 255) return false;
      out[off + part] = v;
      if (part === 3 && !withPrefix) return i === len;
      if (i >= len || text.charCodeAt(i) !== (part < 3 ? 46 : 47)) return false; // '.' or '/'
      i++;
    } else {
      if (v > 32 || i !== len) return false;
      out[off + 4] = v;
    }
  }
  return true;
}

/** `out[offset..offset+n]` must be there (a text that is not a string just does not scan). */
function checkOut(out: unknown, offset: unknown, n: number): void {
  if (!(out instanceof Uint8Array)) expectBytes(out, 'out');
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset + n > out.length) {
    expectInteger(offset, 'offset', 0, Math.max(0, out.length - n));
    throw new ValidationError('out', `must have room for ${n} bytes at offset ${offset}`, `invalid out: must have room for ${n} bytes at offset ${offset}, has ${out.length}`);
  }
}

/** Scans "a.b.c.d" into `out[offset..offset+4]`; false when it is not an IPv4 address. */
export function scanIpv4(text: string, out: Uint8Array, offset = 0): boolean {
  checkOut(out, offset, 4);
  return typeof text === 'string' && scan(text, out, offset, false);
}

/** Scans "a.b.c.d/n" into `out[offset..offset+5]` (octets, prefix); false when it is not a network. */
export function scanNetworkV4(text: string, out: Uint8Array, offset = 0): boolean {
  checkOut(out, offset, 5);
  return typeof text === 'string' && scan(text, out, offset, true);
}

/** Parses "a.b.c.d" into 4 octets; throws ValidationError naming `field`. */
export function parseIpv4(text: string, field = 'ipv4'): Uint8Array {
  expectString(field, 'field');
  if (typeof text !== 'string') throw new ValidationError(field, 'an IPv4 address string "a.b.c.d"');
  const out = new Uint8Array(4);
  if (!scan(text, out, 0, false)) throw new ValidationError(field, `"${text}" is not an IPv4 address "a.b.c.d"`);
  return out;
}

/** Parses "a.b.c.d/n" (n in 0..32) into [4 octets, prefix]; throws ValidationError naming `field`. */
export function parseNetworkV4(
  text: string,
  field = 'network',
): {
  /** The address's 4 bytes. */
  octets: Uint8Array;
  /** The prefix length, 0 to 32. */
  prefix: number;
} {
  expectString(field, 'field');
  if (typeof text !== 'string') throw new ValidationError(field, 'a CIDR string "a.b.c.d/n"');
  const out = new Uint8Array(5);
  if (scan(text, out, 0, true)) return { octets: out.subarray(0, 4), prefix: out[4]! };
  const slash = text.indexOf('/');
  if (slash < 0) throw new ValidationError(field, `"${text}" is not a network "a.b.c.d/n"`);
  parseIpv4(text.slice(0, slash), field);
  throw new ValidationError(field, `"${text}" has a prefix length that is not 0..32`);
}

/** `bytes[offset..offset+n]` must be there. */
function checkIn(b: unknown, offset: unknown, n: number): void {
  if (!(b instanceof Uint8Array)) expectBytes(b, 'bytes');
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset + n > b.length) {
    expectInteger(offset, 'offset', 0, Math.max(0, b.length - n));
    throw new ValidationError('bytes', `must hold ${n} bytes at offset ${offset}`, `invalid bytes: must hold ${n} bytes at offset ${offset}, got ${b.length}`);
  }
}

/** The 4 bytes at `offset` of `b` as an IPv4 address, "a.b.c.d". */
export function formatIpv4(b: Uint8Array, offset = 0): Ipv4 {
  checkIn(b, offset, 4);
  return `${b[offset]}.${b[offset + 1]}.${b[offset + 2]}.${b[offset + 3]}`;
}

/** The 5 bytes at `offset` of `b` as an IPv4 network, "a.b.c.d/n". */
export function formatNetworkV4(b: Uint8Array, offset = 0): NetworkV4 {
  checkIn(b, offset, 5);
  return `${b[offset]}.${b[offset + 1]}.${b[offset + 2]}.${b[offset + 3]}/${b[offset + 4]}`;
}

/** The address of an IPv4 string as an unsigned 32-bit number. */
export function ipv4ToNumber(text: string, field = 'ipv4'): number {
  const o = parseIpv4(text, field);
  return ((o[0]! << 24) >>> 0) + (o[1]! << 16) + (o[2]! << 8) + o[3]!;
}
