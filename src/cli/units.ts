/**
 * Units as the `doublezero` CLI writes them: bandwidths with a unit (`10G`, `10Gbps`, `100Mbps`,
 * `500Kbps`, `0bps`; case and spaces ignored). A number without a unit, a unit without a number,
 * or an amount that is not whole bits per second is a UsageError naming the flag (exit 2).
 */
import { UsageError } from './errors.js';

const UNIT: Readonly<Record<string, bigint>> = { b: 1n, k: 1_000n, m: 1_000_000n, g: 1_000_000_000n };
const U64_MAX = (1n << 64n) - 1n;

/** A bandwidth in bits per second: `10G` and `10Gbps` are 10,000,000,000. */
export function parseBandwidth(text: string, flag: string, command: string): bigint {
  const s = text.toLowerCase().replace(/\s+/g, '').replace(/bps$/, 'b').replace(/([kmg])b$/, '$1');
  const m = /^(\d*)(?:\.(\d+))?([bkmg])?$/.exec(s);
  const bad = (why: string) => new UsageError(`${command}: ${flag} "${text}" ${why} (e.g. 10G, 10Gbps, 100Mbps, 0bps)`, command);
  if (!m) throw bad('is not a bandwidth');
  const [, whole = '', frac = '', unit] = m;
  if (whole === '' && frac === '') throw bad('has a unit but no number');
  if (unit === undefined) throw bad('needs a unit');
  const scale = UNIT[unit]!;
  const den = 10n ** BigInt(frac.length);
  const num = BigInt(whole || '0') * den + BigInt(frac || '0');
  if ((num * scale) % den !== 0n) throw bad('is not a whole number of bits per second');
  const bps = (num * scale) / den;
  if (bps > U64_MAX) throw bad('is too large');
  return bps;
}
