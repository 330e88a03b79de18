import { base58Encode } from '../core/codec/base58.js';
import { ValidationError } from '../core/errors.js';
import { keyBytes, KEY_BYTES, type KeyInput, type KeyKind } from '../core/keys.js';

/**
 * The CLI's address type: 32 bytes with the few methods the CLI uses (base58 text, equality,
 * bytes). The CLI runs on the core without web3.js or kit (neither is installed with
 * `npx dzprov`); every core function takes it as a key by shape (`toBytes()`).
 */
export class PublicKey {
  /** The all-zero key (the program's `Pubkey::default()`). */
  static readonly default: PublicKey = new PublicKey(new Uint8Array(KEY_BYTES));
  private readonly bytes: Uint8Array;
  private text: string | undefined;

  /** A key from base58 text, 32 bytes or any key; ValidationError when it is none. */
  constructor(value: KeyInput) {
    if (value instanceof PublicKey) {
      this.bytes = value.bytes;
      this.text = value.text;
      return;
    }
    this.bytes = keyBytes(value, 'key').slice();
    if (typeof value === 'string') this.text = value;
  }

  /** The 32 bytes (a copy). */
  toBytes(): Uint8Array {
    return this.bytes.slice();
  }

  toBase58(): string {
    return (this.text ??= base58Encode(this.bytes));
  }

  toString(): string {
    return this.toBase58();
  }

  toJSON(): string {
    return this.toBase58();
  }

  /** Whether `other` is the same address (any key representation). */
  equals(other: KeyInput): boolean {
    let b: Uint8Array;
    if (other instanceof PublicKey) b = other.bytes;
    else {
      try {
        b = keyBytes(other);
      } catch {
        return false;
      }
    }
    for (let i = 0; i < KEY_BYTES; i++) if (this.bytes[i] !== b[i]) return false;
    return true;
  }
}

/** The CLI's key kind: PublicKeys (the CLI's own). */
export const CLI_KEYS: KeyKind<PublicKey> = Object.freeze({
  noun: 'a public key',
  at: (bytes: Uint8Array, offset: number) => new PublicKey(bytes.subarray(offset, offset + KEY_BYTES)),
  from: (v: KeyInput) => (v instanceof PublicKey ? v : new PublicKey(v)),
  zero: PublicKey.default,
});

/** `text` as a key, or a ValidationError naming `field`. */
export function keyOf(text: string, field: string): PublicKey {
  try {
    return new PublicKey(text);
  } catch {
    throw new ValidationError(field, 'must be a base58 public key');
  }
}

/** Whether `v` is a key object (this PublicKey, or any with `toBase58` and `toBytes`: web3.js's). */
export function isKeyObject(v: unknown): v is { toBase58(): string } {
  return v instanceof PublicKey || (v !== null && typeof v === 'object' && typeof (v as { toBase58?: unknown }).toBase58 === 'function' && typeof (v as { toBytes?: unknown }).toBytes === 'function');
}
