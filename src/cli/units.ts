import { UsageError } from './errors.js';

/**
 * The units of the `doublezero` CLI's flags, parsed exactly (no floating point): bandwidths as it
 * writes them (`10G`, `10Gbps`, `100 Mbps`, `1.5g`, `500Kbps`, `9000bps`; the unit is required,
 * as upstream requires it) and durations in milliseconds (`--delay-ms 3`, `0.5ms`). A unit without
 * a number, a number without a unit where one is required, or a value finer than the stored unit
 * is a UsageError naming the flag (exit code 2).
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
