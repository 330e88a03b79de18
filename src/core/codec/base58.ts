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
/** The four base58 digits of one limb (`pad`: with leading '1's). */
function limbText(v: number, pad: boolean): string {
  const d3 = v % 58;
  v = (v - d3) / 58;
  const d2 = v % 58;
  v = (v - d2) / 58;
  const d1 = v % 58;
  const d0 = (v - d1) / 58;
  if (pad || d0 > 0) return ALPHABET[d0]! + ALPHABET[d1]! + ALPHABET[d2]! + ALPHABET[d3]!;
  if (d1 > 0) return ALPHABET[d1]! + ALPHABET[d2]! + ALPHABET[d3]!;
  if (d2 > 0) return ALPHABET[d2]! + ALPHABET[d3]!;
  return ALPHABET[d3]!;
}
/** The base58 text of `bytes[start..end)` (default: all of it). */
export function base58Encode(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let zeros = 0;
  while (start + zeros < end && bytes[start + zeros] === 0) zeros++;
  let text = zeros === 0 ? '' : '1'.repeat(zeros);
  let i = start + zeros;
  if (i === end) return text;
  // Limbs, least significant first. n bytes need at most ceil(n · log(256) / log(58^4)) + 1.
  const limbs = new Array<number>(Math.ceil(((end - i) * 1.3658) / 4) + 1);
  let len = 0;
  // A first chunk of 1–3 bytes, so that the rest is whole 3-byte chunks.
  let first = (end - i) % 3 || 3;
  while (i < end) {
    let chunk = 0;
    let scale = 1;
    for (let k = 0; k < first; k++) {
      chunk = chunk * 256 + bytes[i++]!;
      scale *= 256;
    }
    first = 3;
    let carry = chunk;
    for (let j = 0; j < len; j++) {
      const x = limbs[j]! * scale + carry;
      carry = Math.floor(x / LIMB);
      limbs[j] = x - carry * LIMB;
    }
    while (carry > 0) {
      const q = Math.floor(carry / LIMB);
      limbs[len++] = carry - q * LIMB;
      carry = q;
    }
  }
  text += limbText(limbs[len - 1]!, false);
  for (let j = len - 2; j >= 0; j--) text += limbText(limbs[j]!, true);
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
