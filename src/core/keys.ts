/**
 * Addresses in the core. The core knows an address as 32 bytes and nothing of web3.js or kit:
 *
 * - what it ACCEPTS is a `KeyInput`: 32 bytes, base58 text (a kit `Address` is one), or any
 *   object with a `toBytes()` giving 32 bytes (a web3.js v1 `PublicKey`, from whichever copy
 *   of web3.js the application loaded: keys are recognized by shape, never by `instanceof`);
 * - what it RETURNS (decoded accounts, listings, PDAs) is made by a `KeyKind`, chosen by the
 *   door: `PublicKey`s in the web3.js door, `Address` strings in the kit door, bytes here.
 */
import { base58Decode, base58Encode } from './codec/base58.js';
import { ValidationError } from './errors.js';

/** An object that is a key by shape: a web3.js `PublicKey` (of any copy of web3.js) is one. */
export interface PublicKeyLike {
  /** The key's 32 bytes. */
  toBytes(): Uint8Array;
}

/** Anything the core accepts as an address. */
export type KeyInput = Uint8Array | string | PublicKeyLike;

/** How a door represents the addresses the core gives back. */
export interface KeyKind<K> {
  /** The key's name in messages, with its article: "a PublicKey", "an Address". */
  readonly noun: string;
  /** The key of the 32 bytes at `offset` of `bytes` (the caller has checked they are there). */
  at(bytes: Uint8Array, offset: number): K;
  /** The key `v` denotes, as this kind (returned as is when it already is one). */
  from(v: KeyInput): K;
  /** The all-zero key (the program's `Pubkey::default()`). */
  readonly zero: K;
}

/** Length of an address in bytes. */
export const KEY_BYTES = 32;

/** The all-zero address. */
export const ZERO_KEY_BYTES: Uint8Array = new Uint8Array(KEY_BYTES);

const BASE58_KEY = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;

/** The 32 bytes of base58 `s`, or null when it is not the text of an address. */
export function parseAddress(s: string): Uint8Array | null {
  if (!BASE58_KEY.test(s)) return null;
  let b: Uint8Array;
  try {
    b = base58Decode(s);
  } catch {
    return null;
  }
  return b.length === KEY_BYTES ? b : null;
}

/** The 32 bytes `v` denotes, or null when `v` is not a key. Never throws. */
export function tryKeyBytes(v: unknown): Uint8Array | null {
  if (v instanceof Uint8Array) return v.length === KEY_BYTES ? v : null;
  if (typeof v === 'string') return parseAddress(v);
  if (v !== null && typeof v === 'object' && typeof (v as { toBytes?: unknown }).toBytes === 'function') {
    let b: unknown;
    try {
      b = (v as PublicKeyLike).toBytes();
    } catch {
      return null;
    }
    return b instanceof Uint8Array && b.length === KEY_BYTES ? b : null;
  }
  return null;
}

// isKey is on decoders' hot paths (owner / programId options), so what it proved is kept: the
// classes whose instances gave 32 bytes (a PublicKey class never gives anything else), and the
// texts that decoded to 32 bytes (a few program ids and owners, over and over).
const keyClasses = new WeakSet<object>();
const keyTexts = new Set<string>();

/** Whether `v` is a key: 32 bytes, the base58 text of 32 bytes, or an object whose toBytes() gives 32 bytes. */
export function isKey(v: unknown): v is KeyInput {
  if (v instanceof Uint8Array) return v.length === KEY_BYTES;
  if (typeof v === 'string') {
    if (keyTexts.has(v)) return true;
    if (parseAddress(v) === null) return false;
    if (keyTexts.size >= 4096) keyTexts.clear();
    keyTexts.add(v);
    return true;
  }
  if (v === null || typeof v !== 'object') return false;
  const ctor = (v as { constructor?: unknown }).constructor;
  if (typeof ctor === 'function' && ctor !== Object && keyClasses.has(ctor) && typeof (v as { toBytes?: unknown }).toBytes === 'function') {
    return true;
  }
  if (tryKeyBytes(v) === null) return false;
  if (typeof ctor === 'function' && ctor !== Object) keyClasses.add(ctor);
  return true;
}

/** What a key input must be, for messages. */
export const KEY_EXPECTED = 'an address (a PublicKey, a base58 address or 32 bytes)';

/** The 32 bytes of key `v`; a ValidationError naming `field` when `v` is not a key. */
export function keyBytes(v: unknown, field = 'key'): Uint8Array {
  const b = tryKeyBytes(v);
  if (b === null) throw new ValidationError(field, `must be ${KEY_EXPECTED}`, `invalid ${field}: must be ${KEY_EXPECTED}, got ${describeKeyish(v)}`);
  return b;
}

function describeKeyish(v: unknown): string {
  if (v === null) return 'null';
  if (v instanceof Uint8Array) return `a Uint8Array of ${v.length} bytes`;
  if (typeof v === 'string') return v.length > 50 ? 'a string' : `the string ${JSON.stringify(v)}`;
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return `an object${v.constructor && v.constructor !== Object ? ` (${v.constructor.name})` : ''}`;
  return `${typeof v}${typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' ? ` ${String(v)}` : ''}`;
}

/** The base58 text of key `k` (its own `toBase58()` when it has one). */
export function keyText(k: KeyInput): string {
  if (typeof k === 'string') return k;
  if (!(k instanceof Uint8Array) && typeof (k as { toBase58?: unknown }).toBase58 === 'function') {
    return (k as unknown as { toBase58(): string }).toBase58();
  }
  return base58Encode(keyBytes(k));
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether two keys are the same address, whatever their representations. */
export function keyEquals(a: KeyInput, b: KeyInput): boolean {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  if (
    typeof a === 'object' &&
    typeof b === 'object' &&
    !(a instanceof Uint8Array) &&
    a.constructor === b.constructor &&
    typeof (a as { equals?: unknown }).equals === 'function'
  ) {
    // Two keys of the same class (two PublicKeys of one web3.js): its own comparison, no copies.
    return (a as unknown as { equals(o: unknown): boolean }).equals(b);
  }
  const x = tryKeyBytes(a);
  const y = tryKeyBytes(b);
  return x !== null && y !== null && bytesEqual(x, y);
}

/** Whether `k` is the all-zero key. */
export function isZeroKey(k: KeyInput): boolean {
  const b = tryKeyBytes(k);
  if (b === null) return false;
  for (let i = 0; i < KEY_BYTES; i++) if (b[i] !== 0) return false;
  return true;
}

/** Keys as 32-byte arrays (copies). */
export const BYTE_KEYS: KeyKind<Uint8Array> = Object.freeze({
  noun: 'a 32-byte key',
  at: (bytes: Uint8Array, offset: number) => bytes.slice(offset, offset + KEY_BYTES),
  from: (v: KeyInput) => (v instanceof Uint8Array && v.length === KEY_BYTES ? v : keyBytes(v).slice()),
  zero: ZERO_KEY_BYTES,
});

/** Keys as base58 text (what kit calls an `Address`). */
export const TEXT_KEYS: KeyKind<string> = Object.freeze({
  noun: 'an Address',
  at: (bytes: Uint8Array, offset: number) => base58Encode(bytes, offset, offset + KEY_BYTES),
  from: (v: KeyInput) => {
    if (typeof v === 'string') {
      keyBytes(v);
      return v;
    }
    return keyText(v);
  },
  zero: '11111111111111111111111111111111',
});
