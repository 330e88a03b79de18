import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { ValidationError } from '../core/errors.js';
import type { CoreSigner } from '../core/client/transactions.js';
import { PublicKey } from './publicKey.js';

/**
 * An Ed25519 keypair for the CLI, on node:crypto (no web3.js): the 64 bytes of a Solana CLI
 * keypair file (the 32-byte seed, then the public key), its public key, and signing.
 */

/** PKCS#8 DER of an Ed25519 private key, up to its 32-byte seed (RFC 8410). */
const PKCS8_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);

export class Keypair {
  readonly publicKey: PublicKey;
  /** The 64 bytes: seed, then public key (the keypair file's content). */
  readonly secretKey: Uint8Array;
  private readonly key: KeyObject;

  private constructor(seed: Uint8Array) {
    const der = new Uint8Array(PKCS8_PREFIX.length + 32);
    der.set(PKCS8_PREFIX);
    der.set(seed, PKCS8_PREFIX.length);
    this.key = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
    const spki = createPublicKey(this.key).export({ format: 'der', type: 'spki' });
    const pub = new Uint8Array(spki.subarray(spki.length - 32));
    this.publicKey = new PublicKey(pub);
    this.secretKey = new Uint8Array(64);
    this.secretKey.set(seed);
    this.secretKey.set(pub, 32);
  }

  /** The keypair of a 32-byte seed. */
  static fromSeed(seed: Uint8Array): Keypair {
    if (!(seed instanceof Uint8Array) || seed.length !== 32) throw new ValidationError('seed', 'must be 32 bytes');
    return new Keypair(seed);
  }

  /** The keypair of a keypair file's 64 bytes; throws when the last 32 are not the first 32's public key. */
  static fromSecretKey(secret: Uint8Array): Keypair {
    if (!(secret instanceof Uint8Array) || secret.length !== 64) throw new ValidationError('secretKey', 'must be 64 bytes');
    const k = new Keypair(secret.subarray(0, 32));
    if (!k.publicKey.equals(secret.subarray(32))) throw new ValidationError('secretKey', 'the last 32 bytes are not the public key of the first 32');
    return k;
  }

  /** The Ed25519 signature of `message`. */
  sign(message: Uint8Array): Uint8Array {
    return new Uint8Array(sign(null, message, this.key));
  }
}

/** A Keypair (or a CoreSigner, passed through) as the core's signer. */
export function cliSigner(s: unknown): CoreSigner {
  if (s instanceof Keypair) {
    return { address: s.publicKey, sign: async (message) => ({ signature: s.sign(message), message }) };
  }
  const c = s as CoreSigner | null;
  if (c && typeof c === 'object' && typeof c.sign === 'function' && c.address !== undefined) return c;
  throw new ValidationError('signer', 'must be a keypair');
}
