/**
 * Whether 32 bytes are the compressed encoding of a point on the ed25519 curve — the test that
 * makes an address a valid program-derived address when it FAILS (a PDA must have no private
 * key). Runtime-neutral, BigInt arithmetic modulo p = 2^255 - 19.
 *
 * Decoding follows RFC 8032 §5.1.3: y is the low 255 bits (little-endian); x² = (y² - 1) /
 * (d·y² + 1) must have a square root. The candidate root is x = u·v³·(u·v⁷)^((p-5)/8) with
 * u = y² - 1, v = d·y² + 1; the point exists iff v·x² equals u or -u. As in the Solana runtime
 * (curve25519-dalek's decompression), a y at or above p is taken modulo p and the sign bit is
 * not checked.
 */

const P = (1n << 255n) - 19n;
// d = -121665 / 121666 mod p
const D = 37095705934669439343138083508754565189542113879843219016388785533085940283555n;
const MASK = (1n << 255n) - 1n;

/** a mod p for 0 <= a < 2^510, by folding 2^255 = 19 (mod p) twice (cheaper than `%`). */
function red(a: bigint): bigint {
  a = (a & MASK) + 19n * (a >> 255n);
  a = (a & MASK) + 19n * (a >> 255n);
  return a >= P ? a - P : a;
}

function mod(a: bigint): bigint {
  const r = a % P;
  return r < 0n ? r + P : r;
}

/** x^(2^k): k squarings. */
function sq(x: bigint, k: number): bigint {
  for (let i = 0; i < k; i++) x = red(x * x);
  return x;
}

/** x^((p-5)/8) = x^(2^252 - 3), by the usual addition chain (254 squarings, 11 products). */
function powP58(x: bigint): bigint {
  const x2 = red(x * x);
  const x3 = red(x2 * x); // 2^2 - 1
  const x15 = red(sq(x3, 2) * x3); // 2^4 - 1
  const x31 = red(sq(x15, 1) * x); // 2^5 - 1
  const e10 = red(sq(x31, 5) * x31); // 2^10 - 1
  const e20 = red(sq(e10, 10) * e10); // 2^20 - 1
  const e40 = red(sq(e20, 20) * e20); // 2^40 - 1
  const e80 = red(sq(e40, 40) * e40); // 2^80 - 1
  const e160 = red(sq(e80, 80) * e80); // 2^160 - 1
  const e240 = red(sq(e160, 80) * e80); // 2^240 - 1
  const e250 = red(sq(e240, 10) * e10); // 2^250 - 1
  return red(sq(e250, 2) * x); // 2^252 - 3
}

/** Whether `bytes` (32 of them) decode to a point of the ed25519 curve. */
export function isOnCurve(bytes: Uint8Array): boolean {
  let y = 0n;
  for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(i === 31 ? bytes[i]! & 0x7f : bytes[i]!);
  y = mod(y);
  const y2 = red(y * y);
  const u = mod(y2 - 1n);
  const v = red(D * y2 + 1n);
  const v3 = red(red(v * v) * v);
  const v7 = red(red(v3 * v3) * v);
  const x = red(red(u * v3) * powP58(red(u * v7)));
  const vx2 = red(v * red(x * x));
  return vx2 === u || vx2 === mod(-u);
}
