/**
 * Base58 (Bitcoin alphabet), the text form of Solana addresses and signatures. Runtime-neutral.
 *
 * Encoding is on the hot path of every decoder that returns addresses as text (the kit door),
 * so it works in limbs of 58^4 fed three input bytes at a time: about a tenth of the
 * multiply-adds of the byte-by-byte textbook loop, every intermediate exact in a double
 * (58^4 · 2^24 < 2^53). Decoding is rarer (inputs) and strict: any character outside the
 * alphabet is an error.
 */

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;

const LIMB = 58 ** 4; // 11,316,496: four base58 digits
const INV_LIMB = 1 / LIMB;
/** Every pair of base58 digits (58² strings), so that a limb is written with two lookups. */
const PAIRS: string[] = [];
for (let i = 0; i < 58 * 58; i++) PAIRS.push(ALPHABET[Math.floor(i / 58)]! + ALPHABET[i % 58]!);
/** Limbs of the number being converted, reused (inputs up to 180 bytes; longer ones get their own). */
const SCRATCH = new Float64Array(64);

/** The base58 text of `bytes[start..end)` (default: all of it). */
export function base58Encode(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let zeros = 0;
  while (start + zeros < end && bytes[start + zeros] === 0) zeros++;
  let text = zeros === 0 ? '' : '1'.repeat(zeros);
  let i = start + zeros;
  const n = end - i;
  if (n === 0) return text;
  // Limbs, least significant first: n bytes need at most ceil(n · log(256) / log(58^4)) + 1.
  const limbs = n <= 180 ? SCRATCH : new Float64Array(Math.ceil((n * 1.3658) / 4) + 1);
  let len = 0;
  // A first chunk of 1–3 bytes, so that the rest is whole 3-byte chunks.
  let first = n % 3 || 3;
  while (i < end) {
    let chunk = bytes[i++]!;
    let scale = 256;
    if (first >= 2) {
      chunk = chunk * 256 + bytes[i++]!;
      scale = 65536;
    }
    if (first === 3) {
      chunk = chunk * 256 + bytes[i++]!;
      scale = 16777216;
    }
    first = 3;
    let carry = chunk;
    for (let j = 0; j < len; j++) {
      // x < 58^4 · 2^24 + 58^4 < 2^53: exact. The quotient by multiplication with the inverse
      // (cheaper than a division) is off by at most one, which the remainder's range corrects.
      const x = limbs[j]! * scale + carry;
      let q = Math.floor(x * INV_LIMB);
      let r = x - q * LIMB;
      if (r < 0) {
        q--;
        r += LIMB;
      } else if (r >= LIMB) {
        q++;
        r -= LIMB;
      }
      carry = q;
      limbs[j] = r;
    }
    while (carry > 0) {
      const q = Math.floor(carry / LIMB);
      limbs[len++] = carry - q * LIMB;
      carry = q;
    }
  }
  // The top limb without its leading zero digits, then four digits per limb.
  let v = limbs[len - 1]!;
  const hi = Math.floor(v / 3364);
  const lo = v - hi * 3364;
  if (hi > 0) text += (hi >= 58 ? PAIRS[hi]! : ALPHABET[hi]!) + PAIRS[lo]!;
  else text += lo >= 58 ? PAIRS[lo]! : ALPHABET[lo]!;
  for (let j = len - 2; j >= 0; j--) {
    v = limbs[j]!;
    const h = Math.floor(v / 3364);
    text += PAIRS[h]! + PAIRS[v - h * 3364]!;
  }
  return text;
}

/**
 * The bytes of base58 `text`. Throws a plain `Error` on a character outside the alphabet;
 * callers wrap it in their own typed error.
 */
export function base58Decode(text: string): Uint8Array {
  let zeros = 0;
  while (zeros < text.length && text.charCodeAt(zeros) === 49 /* '1' */) zeros++;
  // Bytes, least significant first (base 256 limbs).
  const out: number[] = [];
  for (let i = zeros; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const d = c < 128 ? DIGIT[c]! : -1;
    if (d < 0) throw new Error(`invalid base58 character at ${i}`);
    let carry = d;
    for (let j = 0; j < out.length; j++) {
      const x = out[j]! * 58 + carry;
      out[j] = x & 0xff;
      carry = x >>> 8;
    }
    while (carry > 0) {
      out.push(carry & 0xff);
      carry >>>= 8;
    }
  }
  const bytes = new Uint8Array(zeros + out.length);
  for (let j = 0; j < out.length; j++) bytes[bytes.length - 1 - j] = out[j]!;
  return bytes;
}
