import { UsageError } from './errors.js';
import { formatIpv4, scanIpv4 } from './sdk.js';

/**
 * The values of the `doublezero` CLI's flags, parsed as it parses them. Units exactly (no floating
 * point): bandwidths as it writes them (`10G`, `10Gbps`, `100 Mbps`, `1.5g`, `500Kbps`,
 * `9000bps`; the unit is required, as upstream requires it) and durations in milliseconds
 * (`--delay-ms 3`, `0.5ms`). IPv4 networks as its ipnetwork parser takes them (`10.0.0.0/24`, a
 * bare address for a /32, a dotted netmask), returned as `a.b.c.d/n`. A unit without a number, a
 * number without a unit where one is required, a value finer than the stored unit or a netmask
 * that is not contiguous is a UsageError naming the flag (exit code 2).
 */

const BANDWIDTH_UNITS: Readonly<Record<string, bigint>> = {
  b: 1n,
  bps: 1n,
  k: 1_000n,
  kbps: 1_000n,
  m: 1_000_000n,
  mbps: 1_000_000n,
  g: 1_000_000_000n,
  gbps: 1_000_000_000n,
};

/** `text` ("12.5") times `scale` (a power of ten), exactly; undefined when not a plain decimal or not whole after scaling. */
function scaledDecimal(text: string, scale: bigint): bigint | undefined {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return undefined;
  const frac = m[2] ?? '';
  const den = 10n ** BigInt(frac.length);
  const value = BigInt(m[1]! + frac) * scale;
  return value % den === 0n ? value / den : undefined;
}

function usage(flag: string, text: string, rule: string, command?: string): UsageError {
  return new UsageError(`${command ? `${command}: ` : ''}${flag} "${text}": ${rule}`, command);
}

const U64_MAX = (1n << 64n) - 1n;

/** A bandwidth as the `doublezero` CLI takes it ("10G", "10Gbps", "100 Mbps"), in bits per second. */
export function parseBandwidth(text: string, flag = '--bandwidth', command?: string): bigint {
  const s = text.trim().toLowerCase().replace(/\s+/g, '');
  const m = /^([\d.]*)([a-z]*)$/.exec(s);
  const example = '(e.g. 10G, 10Gbps, 100Mbps, 500Kbps)';
  if (!m || s === '') throw usage(flag, text, `not a bandwidth ${example}`, command);
  const [, num, unit] = m as unknown as [string, string, string];
  if (num === '') throw usage(flag, text, `a unit without a number ${example}`, command);
  if (unit === '') throw usage(flag, text, `a bandwidth needs a unit ${example}`, command);
  const scale = BANDWIDTH_UNITS[unit];
  if (scale === undefined) throw usage(flag, text, `unknown unit "${unit}" (bps, Kbps, Mbps, Gbps, or K, M, G)`, command);
  const bps = scaledDecimal(num, scale);
  if (bps === undefined) throw usage(flag, text, 'not a whole number of bits per second', command);
  if (bps > U64_MAX) throw usage(flag, text, 'too large (at most 2^64 - 1 bits per second)', command);
  return bps;
}

/** Milliseconds as the `doublezero` CLI's --delay-ms / --jitter-ms take them ("3", "0.5", "3ms"), in nanoseconds. */
export function parseMs(text: string, flag: string, command?: string): bigint {
  const s = text.trim().toLowerCase().replace(/\s+/g, '');
  const m = /^([\d.]*)(ms)?$/.exec(s);
  if (!m || s === '') throw usage(flag, text, 'not a number of milliseconds (e.g. 3, 0.5, 3ms)', command);
  if (m[1] === '') throw usage(flag, text, 'a unit without a number (e.g. 3ms)', command);
  const ns = scaledDecimal(m[1]!, 1_000_000n);
  if (ns === undefined) throw usage(flag, text, 'not a number of milliseconds, to the nanosecond at most (e.g. 3, 0.5, 3ms)', command);
  return ns;
}

const NETWORK_EXAMPLE = '(e.g. 10.0.0.0/24, 10.0.0.0/255.255.255.0, or 10.0.0.1 for a /32)';

/**
 * An IPv4 network as the `doublezero` CLI reads --dz-prefixes, --ip-net and --tunnel-net (the
 * ipnetwork crate's `Ipv4Network::from_str`), as `a.b.c.d/n`: `10.0.0.0/24`; a bare address,
 * which is a /32 (`10.0.0.1` → `10.0.0.1/32`); a dotted netmask, which must be contiguous
 * (`10.0.0.0/255.255.255.0` → `10.0.0.0/24`); a prefix length with a `+` or leading zeros, as
 * Rust's u8 parser takes it (`/+24`, `/024`). The address is a dotted quad without leading zeros
 * (Rust's Ipv4Addr). Host bits are kept, as ipnetwork keeps them: what the program makes of them
 * is checked where the value is used.
 */
export function parseNetwork(text: string, flag: string, command?: string): string {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const octets = new Uint8Array(4);
  if (!scanIpv4(address, octets)) throw usage(flag, text, `not an IPv4 network or address ${NETWORK_EXAMPLE}`, command);
  const ip = formatIpv4(octets);
  if (slash < 0) return `${ip}/32`;
  const length = text.slice(slash + 1);
  if (length.includes('/')) throw usage(flag, text, `more than one "/" ${NETWORK_EXAMPLE}`, command);
  const mask = new Uint8Array(4);
  if (scanIpv4(length, mask)) {
    const m = ((mask[0]! << 24) | (mask[1]! << 16) | (mask[2]! << 8) | mask[3]!) >>> 0;
    const prefix = Math.clz32(~m >>> 0);
    const contiguous = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    if (m !== contiguous) throw usage(flag, text, `the netmask ${length} is not contiguous (ones, then zeros: e.g. 255.255.255.0)`, command);
    return `${ip}/${prefix}`;
  }
  const m = /^\+?(\d+)$/.exec(length);
  if (!m || Number(m[1]) > 32) throw usage(flag, text, `the prefix length "${length}" is not 0..32 or a netmask ${NETWORK_EXAMPLE}`, command);
  return `${ip}/${Number(m[1])}`;
}

/** A comma-separated list of networks (--dz-prefixes), each trimmed and read by parseNetwork; an empty item is refused. */
export function parseNetworkList(text: string, flag: string, command?: string): string[] {
  const items = text.split(',').map((x) => x.trim());
  if (items.some((x) => x === '')) {
    throw new UsageError(`${command ? `${command}: ` : ''}${flag} "${text}" has an empty item (comma-separated, e.g. 100.0.0.0/29,101.0.0.0/29)`, command);
  }
  return items.map((x) => parseNetwork(x, flag, command));
}
