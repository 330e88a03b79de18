import { ValidationError } from '../errors.js';

/**
 * IPv4 addresses are represented everywhere in dzprov as dotted strings ("203.0.113.1") and
 * NetworkV4 values as CIDR strings ("10.0.0.0/24"). The address part of a NetworkV4 is kept
 * as stored (host bits are not masked), exactly like the program.
 */
export type Ipv4 = string;
export type NetworkV4 = string;

const OCTET = /^(?:0|[1-9]\d{0,2})$/;

/** Parses "a.b.c.d" into 4 octets; throws ValidationError naming `field`. */
export function parseIpv4(text: string, field = 'ipv4'): Uint8Array {
  if (typeof text !== 'string') throw new ValidationError(field, 'an IPv4 address string "a.b.c.d"');
  const parts = text.split('.');
  if (parts.length !== 4) throw new ValidationError(field, `"${text}" is not an IPv4 address "a.b.c.d"`);
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!OCTET.test(p) || Number(p) > 255) {
      throw new ValidationError(field, `"${text}" is not an IPv4 address "a.b.c.d"`);
    }
    out[i] = Number(p);
  }
  return out;
}

/** Parses "a.b.c.d/n" (n in 0..32) into [4 octets, prefix]; throws ValidationError naming `field`. */
export function parseNetworkV4(text: string, field = 'network'): { octets: Uint8Array; prefix: number } {
  if (typeof text !== 'string') throw new ValidationError(field, 'a CIDR string "a.b.c.d/n"');
  const slash = text.indexOf('/');
  if (slash < 0) throw new ValidationError(field, `"${text}" is not a network "a.b.c.d/n"`);
  const octets = parseIpv4(text.slice(0, slash), field);
  const p = text.slice(slash + 1);
  if (!/^(?:0|[1-9]\d?)$/.test(p) || Number(p) > 32) {
    throw new ValidationError(field, `"${text}" has a prefix length that is not 0..32`);
  }
  return { octets, prefix: Number(p) };
}

export function formatIpv4(b: Uint8Array, offset = 0): Ipv4 {
  return `${b[offset]}.${b[offset + 1]}.${b[offset + 2]}.${b[offset + 3]}`;
}

export function formatNetworkV4(b: Uint8Array, offset = 0): NetworkV4 {
  return `${b[offset]}.${b[offset + 1]}.${b[offset + 2]}.${b[offset + 3]}/${b[offset + 4]}`;
}

/** The address of an IPv4 string as an unsigned 32-bit number. */
export function ipv4ToNumber(text: string, field = 'ipv4'): number {
  const o = parseIpv4(text, field);
  return ((o[0]! << 24) >>> 0) + (o[1]! << 16) + (o[2]! << 8) + o[3]!;
}
