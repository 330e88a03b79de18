import { isZeroKey, type KeyInput } from '../keys.js';
import { ValidationError } from '../errors.js';
import { ipv4ToNumber, parseNetworkV4 } from '../codec/net.js';
import { expectString } from '../validate.js';
import { InstructionArgumentError, EXPECTED_PROGRAM_ERRORS, type ProgramErrorRef } from './errors.js';

/**
 * The program's argument rules that can be checked offline (docs/wire-format.md#write-time-validation, #instructions),
 * shared by the per-instruction `validateXArgs` functions. Every failure is an
 * InstructionArgumentError naming the field, the rule and the program error it predicts.
 */

/** Device code / mgmt_vrf byte-length limit (CodeTooLong). */
export const MAX_CODE_BYTES = 32;
/** Link bandwidth range in bits per second (InvalidBandwidth). */
export const MIN_LINK_BANDWIDTH = 10_000_000_000n;
/** The largest link bandwidth the program accepts, in bits per second (400 Gbps). */
export const MAX_LINK_BANDWIDTH = 400_000_000_000n;
/** Link delay / jitter / delay override range in nanoseconds. */
export const MIN_LINK_DELAY_NS = 10_000n;
/** The largest link delay, jitter or delay override the program accepts, in nanoseconds (1 s). */
export const MAX_LINK_DELAY_NS = 1_000_000_000n;
/** The only MTU a link may have (InvalidMtu). */
export const LINK_MTU = 9000;
/** Interface MTUs: CYOA/DIA interfaces 1500, all others 9000 (InvalidMtu). */
export const CYOA_DIA_INTERFACE_MTU = 1500;
/** The MTU every interface that is not CYOA or DIA must have, in bytes. */
export const INTERFACE_MTU = 9000;
/** Highest link tunnel id (InvalidTunnelId). */
export const MAX_TUNNEL_ID = 1024;
/** Highest interface VLAN id (InvalidVlanId). */
export const MAX_VLAN_ID = 4094;
/** At most this many topologies per link (InvalidArgument). */
export const MAX_LINK_TOPOLOGIES = 8;

export function fail(field: string, rule: string, programError: ProgramErrorRef): never {
  throw new InstructionArgumentError(field, rule, programError);
}

// ---------------------------------------------------------------------------------------------
// Codes

/**
 * Rust's `char::is_alphanumeric` is `is_alphabetic() || is_numeric()`: the Unicode
 * `Alphabetic` derived property, or a general category of Nd, Nl or No (= `\p{N}`). That is
 * wider than `\p{L}` (Alphabetic also covers Nl and Other_Alphabetic marks such as U+0345).
 */
const CODE_CHARSET = /^[\p{Alphabetic}\p{N}:_-]*$/u;

/** Whether every character of `code` is accepted by the program's account-code check. */
export function isValidAccountCode(code: string): boolean {
  return typeof code === 'string' && CODE_CHARSET.test(code);
}

const utf8 = new TextEncoder();
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else return utf8.encode(s).length;
  }
  return n;
}

/** Code charset (InvalidAccountCode 19), and when `maxBytes` is given, the length (CodeTooLong 34). */
export function checkCode(value: string, field: string, maxBytes?: number): void {
  if (typeof value !== 'string') fail(field, 'must be a string', EXPECTED_PROGRAM_ERRORS.InvalidAccountCode);
  if (!CODE_CHARSET.test(value)) {
    fail(field, `"${value}" has a character that is not alphanumeric, ':', '_' or '-'`, EXPECTED_PROGRAM_ERRORS.InvalidAccountCode);
  }
  if (maxBytes !== undefined) {
    const len = utf8Length(value);
    if (len > maxBytes) fail(field, `must be at most ${maxBytes} bytes, got ${len}`, EXPECTED_PROGRAM_ERRORS.CodeTooLong);
  }
}

// ---------------------------------------------------------------------------------------------
// Addresses

function octets(ip: string, field: string): [number, number, number, number] {
  const n = ipv4ToNumber(ip, field);
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

/** RFC 1918 private (10/8, 172.16/12, 192.168/16) — Rust's `Ipv4Addr::is_private`. */
export function isPrivateIpv4(ip: string): boolean {
  const [a, b] = octets(ip, 'ipv4');
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/** 169.254/16 — Rust's `Ipv4Addr::is_link_local`. */
export function isLinkLocalIpv4(ip: string): boolean {
  const [a, b] = octets(ip, 'ipv4');
  return a === 169 && b === 254;
}

/**
 * The program's "globally routable" test for device public IPs and dz_prefixes: rejects
 * 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.0.0/24, 192.0.2/24, 192.168/16,
 * 198.51.100/24, 203.0.113/24, 224/4, 240/4 (incl. 255.255.255.255). 198.18/15 is allowed.
 */
export function isGlobalIpv4(ip: string): boolean {
  const [a, b, c] = octets(ip, 'ipv4');
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
  if (a === 100 && (b & 0xc0) === 64) return false;
  if (a === 169 && b === 254) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return false;
  if (a === 198 && b === 51 && c === 100) return false;
  if (a === 203 && b === 0 && c === 113) return false;
  return true;
}

/** Whether the network `net` ("a.b.c.d/n", host bits ignored) contains `ip` (ipnetwork semantics). */
export function networkContains(net: string, ip: string): boolean {
  const { octets: o, prefix } = parseNetworkV4(net);
  const base = ((o[0]! << 24) >>> 0) + (o[1]! << 16) + (o[2]! << 8) + o[3]!;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return ((ipv4ToNumber(ip) & mask) >>> 0) === ((base & mask) >>> 0);
}

/** The address part of a "a.b.c.d/n" network. */
/** NetworkV4::default(), the value of an unset network ("no address"). */
export const NO_NETWORK = '0.0.0.0/0';

export function networkAddress(net: string): string {
  const slash = net.indexOf('/');
  return slash < 0 ? net : net.slice(0, slash);
}

/** Parses an IPv4 input, turning a syntax error into an InstructionArgumentError of `field`. */
export function checkIpv4Syntax(ip: unknown, field: string, programError: ProgramErrorRef): string {
  return checkSyntax(ip, field, programError, ipv4ToNumber);
}

/** Parses an "a.b.c.d/n" input, turning a syntax error into an InstructionArgumentError of `field`. */
export function checkNetworkSyntax(net: unknown, field: string, programError: ProgramErrorRef): string {
  return checkSyntax(net, field, programError, parseNetworkV4);
}

function checkSyntax(v: unknown, field: string, programError: ProgramErrorRef, parse: (text: string, field: string) => unknown): string {
  try {
    parse(v as string, field);
  } catch (e) {
    if (e instanceof ValidationError) fail(field, e.rule, programError);
    throw e;
  }
  return v as string;
}

// ---------------------------------------------------------------------------------------------
// Integers

export function toBig(v: number | bigint): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}

export function checkRange(
  v: number | bigint,
  field: string,
  min: bigint,
  max: bigint,
  programError: ProgramErrorRef,
  unit = '',
): void {
  if (typeof v !== 'bigint' && !Number.isSafeInteger(v)) fail(field, `${String(v)} is not an integer`, programError);
  const b = toBig(v);
  if (b < min || b > max) fail(field, `must be between ${min} and ${max}${unit}, got ${b}`, programError);
}

// ---------------------------------------------------------------------------------------------
// Interface names (the program's validate_iface)

/** Rust `str::parse::<u32>()`: optional '+', at least one ASCII digit, value ≤ u32::MAX. */
function isU32(s: string): boolean {
  if (!/^\+?[0-9]+$/.test(s)) return false;
  const digits = s.startsWith('+') ? s.slice(1) : s;
  return BigInt(digits) <= 0xffffffffn;
}

function isValidInterfaceShape(name: string): boolean {
  const lower = name.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const parts = lower.split('.');
  const main = parts[0]!;
  const sub = parts.length > 1 ? parts[1]! : undefined;
  let ok: boolean;
  if (main.startsWith('ethernet')) {
    const p = main.slice('ethernet'.length).split('/');
    ok = p.length >= 1 && p.length <= 2 && p.every((x) => x !== '' && isU32(x));
  } else if (main.startsWith('switch')) {
    const p = main.slice('switch'.length).split('/');
    ok = p.length === 3 && p.every(isU32);
  } else if (main.startsWith('loopback')) {
    ok = isU32(main.slice('loopback'.length));
  } else if (main.startsWith('port-channel')) {
    ok = isU32(main.slice('port-channel'.length));
  } else if (main.startsWith('vlan')) {
    ok = isU32(main.slice('vlan'.length));
  } else {
    ok = false;
  }
  if (!ok) return false;
  return sub === undefined || (sub !== '' && isU32(sub));
}

function capitalize(s: string): string {
  const l = s.toLowerCase();
  const first = l.codePointAt(0);
  if (first === undefined) return '';
  const ch = String.fromCodePoint(first);
  return ch.toUpperCase() + l.slice(ch.length);
}

const SHORTHANDS: Record<string, string> = {
  et: 'Ethernet',
  sw: 'Switch',
  lo: 'Loopback',
  po: 'Port-channel',
  vl: 'Vlan',
};

/**
 * The program's interface-name normalisation: accepts EthernetX[/Y], SwitchX/Y/Z, LoopbackX,
 * Port-channelX, VlanX (any case, optional ".N" sub-interface) and the shorthands et, sw, lo,
 * po, vl; returns the canonical spelling (`et1` → `Ethernet1`, `Port-Channel1` →
 * `Port-channel1`), or undefined when the program would reject the name.
 */
export function tryNormalizeInterfaceName(name: string): string | undefined {
  expectString(name, 'name');
  return normalizedOrUndefined(name);
}

/** tryNormalizeInterfaceName for a value of any type (undefined for a non-string). */
export function normalizedOrUndefined(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  if (isValidInterfaceShape(name)) return capitalize(name);
  if (utf8Length(name) < 3) return undefined;
  // The program slices the first two bytes; a multi-byte first character makes it fail.
  if (name.charCodeAt(0) >= 0x80 || name.charCodeAt(1) >= 0x80) return undefined;
  const prefix = SHORTHANDS[name.slice(0, 2).toLowerCase()];
  if (prefix === undefined) return undefined;
  const alt = prefix + name.slice(2);
  return isValidInterfaceShape(alt) ? capitalize(alt) : undefined;
}

/** Like tryNormalizeInterfaceName, but throws InstructionArgumentError (InvalidInterfaceName 12). */
export function normalizeInterfaceName(name: string, field = 'name'): string {
  expectString(field, 'field');
  const n = normalizedOrUndefined(name);
  if (n === undefined) {
    fail(
      field,
      `"${String(name)}" is not an interface name (EthernetX[/Y], SwitchX/Y/Z, LoopbackX, Port-channelX or VlanX, optional .N)`,
      EXPECTED_PROGRAM_ERRORS.InvalidInterfaceName,
    );
  }
  return n;
}

/**
 * How an instruction finds an interface by name. Stored names are always canonical (the
 * program normalises them when it creates an interface), so:
 * - `exact`: CreateLink and AcceptLink compare byte for byte; only the canonical spelling
 *   (`Ethernet1`, never `ethernet1` or `et1`) can match.
 * - `caseInsensitive`: UpdateDeviceInterface and DeleteDeviceInterface compare ignoring ASCII
 *   case but do not expand shorthands; `ethernet1` matches, `et1` never does.
 */
export type InterfaceNameMatch = 'exact' | 'caseInsensitive';

/**
 * Refuses, offline, a name that can never match a stored interface under `match` (see
 * InterfaceNameMatch), naming the canonical spelling when there is one.
 */
export function checkInterfaceName(name: string, field: string, programError: ProgramErrorRef, match: InterfaceNameMatch): void {
  const canonical = normalizedOrUndefined(name);
  if (canonical === undefined) {
    // Outside today's grammar: CreateLink and AcceptLink compare with names this program stored,
    // but an older program version may have stored such a name (`Management1`), and the
    // case-insensitive lookups must still reach it (deleting it repairs the device).
    if (match === 'caseInsensitive') {
      expectString(name, field);
      return;
    }
    fail(field, `"${String(name)}" is not a valid interface name, so no interface can have it`, programError);
  }
  const matches = match === 'exact' ? canonical === name : isValidInterfaceShape(name);
  if (!matches) {
    const how = match === 'exact' ? 'compares names exactly' : 'does not expand shorthands';
    fail(field, `"${name}" can never match a stored interface (the program ${how}): use "${canonical}"`, programError);
  }
}

// ---------------------------------------------------------------------------------------------
// Keys

export function isDefaultPubkey(k: KeyInput): boolean {
  return isZeroKey(k);
}

/** Throws a ValidationError (not skippable) when a required input is missing. */
export function requireInput<T>(v: T | null | undefined, field: string, rule: string): T {
  if (v === null || v === undefined) throw new ValidationError(field, rule);
  return v;
}

// ---------------------------------------------------------------------------------------------
// Topology names (interface flex-algo topologies)

/** Max bytes of one PDA seed; a topology name is one seed. */
export const MAX_TOPOLOGY_NAME_BYTES = 32;

/**
 * Topology names of the interface instructions. Structural checks (always run; a
 * ValidationError): an array of strings, each at most 32 bytes (it is a PDA seed), at most
 * 255 of them (topology_count is a u8). With `rules`, also the program's rule: no topology
 * twice (names equal after ASCII upper-casing give the same PDA) → InvalidArgument.
 */
export function checkTopologyNames(names: readonly string[], field: string, rules = true): void {
  if (!Array.isArray(names)) throw new ValidationError(field, 'must be an array of topology names');
  if (names.length > 255) throw new ValidationError(field, `at most 255 topologies, got ${names.length}`);
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (typeof n !== 'string') throw new ValidationError(`${field}[${i}]`, 'must be a string');
    if (utf8Length(n) > MAX_TOPOLOGY_NAME_BYTES) {
      throw new ValidationError(`${field}[${i}]`, `must be at most ${MAX_TOPOLOGY_NAME_BYTES} bytes (a PDA seed)`);
    }
    const key = n.replace(/[a-z]/g, (c) => c.toUpperCase());
    if (rules && seen.has(key)) fail(`${field}[${i}]`, `duplicate topology "${n}"`, EXPECTED_PROGRAM_ERRORS.InvalidArgument);
    seen.add(key);
  });
}
