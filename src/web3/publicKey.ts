import { PublicKey } from '@solana/web3.js';
import { keyBytes, type KeyInput, type KeyKind } from '../core/keys.js';

// Fast PublicKey construction for decoders. `new PublicKey(bytes)` spends most of its time in
// bn.js turning 32 bytes into 26-bit limbs. Here the same BN is built directly: the limbs are
// computed unrolled and handed to PublicKey through its documented `{ _bn }` input. The result
// is a genuine PublicKey whose BN is field-for-field identical to the one `new PublicKey(bytes)`
// builds — checked at load time against bn.js itself (and by test/codec/pubkey.test.ts); if that
// check ever fails (a different bn.js), the plain constructor is used instead.

type BnCtor = new (n: null) => { words: number[] | null; length: number };
const BN = (PublicKey.default as unknown as { _bn: { constructor: BnCtor } })._bn.constructor;

function fastKey(b: Uint8Array, o: number): PublicKey {
  // 24-bit big-endian groups, least significant first (g10 holds the top 2 bytes).
  const g0 = (b[o + 29]! << 16) | (b[o + 30]! << 8) | b[o + 31]!;
  const g1 = (b[o + 26]! << 16) | (b[o + 27]! << 8) | b[o + 28]!;
  const g2 = (b[o + 23]! << 16) | (b[o + 24]! << 8) | b[o + 25]!;
  const g3 = (b[o + 20]! << 16) | (b[o + 21]! << 8) | b[o + 22]!;
  const g4 = (b[o + 17]! << 16) | (b[o + 18]! << 8) | b[o + 19]!;
  const g5 = (b[o + 14]! << 16) | (b[o + 15]! << 8) | b[o + 16]!;
  const g6 = (b[o + 11]! << 16) | (b[o + 12]! << 8) | b[o + 13]!;
  const g7 = (b[o + 8]! << 16) | (b[o + 9]! << 8) | b[o + 10]!;
  const g8 = (b[o + 5]! << 16) | (b[o + 6]! << 8) | b[o + 7]!;
  const g9 = (b[o + 2]! << 16) | (b[o + 3]! << 8) | b[o + 4]!;
  const g10 = (b[o]! << 8) | b[o + 1]!;
  // 26-bit limbs, little-endian, laid out exactly as bn.js does for a 32-byte input (11 slots).
  const words = [
    g0 | ((g1 & 0x3) << 24),
    (g1 >>> 2) | ((g2 & 0xf) << 22),
    (g2 >>> 4) | ((g3 & 0x3f) << 20),
    (g3 >>> 6) | ((g4 & 0xff) << 18),
    (g4 >>> 8) | ((g5 & 0x3ff) << 16),
    (g5 >>> 10) | ((g6 & 0xfff) << 14),
    (g6 >>> 12) | ((g7 & 0x3fff) << 12),
    (g7 >>> 14) | ((g8 & 0xffff) << 10),
    (g8 >>> 16) | ((g9 & 0x3ffff) << 8),
    (g9 >>> 18) | (g10 << 6),
    0,
  ];
  let length = 10;
  while (length > 1 && words[length - 1] === 0) length--;
  const bn = new BN(null);
  bn.words = words;
  bn.length = length;
  return new PublicKey({ _bn: bn } as unknown as Uint8Array);
}

function plainKey(b: Uint8Array, o: number): PublicKey {
  return new PublicKey(b.subarray(o, o + 32));
}

/** Whether two PublicKeys hold field-for-field identical BNs (and agree on equals/base58). */
export function sameBn(a: PublicKey, b: PublicKey): boolean {
  type Bn = { words: number[]; length: number; negative: number; red: unknown };
  const x = (a as unknown as { _bn: Bn })._bn;
  const y = (b as unknown as { _bn: Bn })._bn;
  if (Object.getPrototypeOf(x) !== Object.getPrototypeOf(y)) return false;
  if (x.length !== y.length || x.negative !== y.negative || x.red !== y.red) return false;
  if (!Array.isArray(x.words) || !Array.isArray(y.words) || x.words.length !== y.words.length) return false;
  if (x.words.some((w, i) => w !== y.words[i])) return false;
  return a.equals(b) && a.toBase58() === b.toBase58();
}

function selfCheck(): boolean {
  try {
    const probes: Uint8Array[] = [new Uint8Array(32), new Uint8Array(32).fill(0xff)];
    for (let seed = 1; seed <= 64; seed++) {
      const k = new Uint8Array(32);
      for (let i = 0; i < 32; i++) k[i] = (seed * 131 + i * 17 + ((seed * i) ^ 0x5a)) & 0xff;
      for (let z = 0; z < seed % 33; z++) k[z] = 0; // leading zero bytes shorten the BN
      probes.push(k);
      const one = new Uint8Array(32);
      one[(seed - 1) % 32] = seed;
      probes.push(one);
    }
    return probes.every((p) => sameBn(fastKey(p, 0), plainKey(p, 0)));
  } catch {
    // Deliberately not rethrown: any failure here only means "use the plain constructor".
    return false;
  }
}

/** True when the fast construction passed its load-time check against bn.js. */
export const FAST_PUBLIC_KEYS: boolean = selfCheck();

/**
 * The PublicKey of the 32 bytes at `offset` (the caller has checked they are there). Equal in
 * every respect to `new PublicKey(bytes.subarray(offset, offset + 32))`, about twice as fast.
 */
export const publicKeyAt: (bytes: Uint8Array, offset: number) => PublicKey = FAST_PUBLIC_KEYS ? fastKey : plainKey;

/**
 * Gives `pk` its base58 text back without encoding it again: the node sent it, and callers of
 * a listing print and index addresses by it (base58 encoding is most of a 10k-device table's
 * cost). A non-enumerable own method, so the key still equals (and deep-equals) any other.
 */
function rememberBase58(pk: PublicKey, text: string): PublicKey {
  Object.defineProperty(pk, 'toBase58', { value: () => text, enumerable: false, configurable: true, writable: true });
  return pk;
}

/** The web3.js door's keys: PublicKeys of the web3.js this package resolves (the app's own copy). */
export const PUBLIC_KEYS: KeyKind<PublicKey> = Object.freeze({
  noun: 'a PublicKey',
  at: publicKeyAt,
  from(v: KeyInput): PublicKey {
    if (v instanceof PublicKey) return v;
    if (typeof v === 'string') return rememberBase58(publicKeyAt(keyBytes(v, 'key'), 0), v);
    // 32 bytes, or a PublicKey of another copy of web3.js (recognized by its shape).
    return publicKeyAt(keyBytes(v, 'key'), 0);
  },
  zero: PublicKey.default,
});
