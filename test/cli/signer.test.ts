/**
 * The CLI's own keys and signing (no web3.js at run time): PublicKey against web3.js's for the
 * same bytes, and node:crypto Ed25519 against web3.js's Keypair (Ed25519 signatures are
 * deterministic, so they must be byte-identical).
 */
import { Keypair as Web3Keypair, PublicKey as Web3PublicKey, TransactionInstruction, TransactionMessage, VersionedTransaction } from '@solana/web3.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PublicKey, CLI_KEYS } from '../../src/cli/publicKey.js';
import { Keypair, cliSigner } from '../../src/cli/signer.js';
import { ValidationError } from '../../src/index.js';

describe('the CLI PublicKey', () => {
  it('has the base58 text, bytes and equality of web3.js\'s PublicKey for the same 32 bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (a, b) => {
        const k = new PublicKey(a);
        const w = new Web3PublicKey(a);
        expect(k.toBase58()).toBe(w.toBase58());
        expect(new PublicKey(w.toBase58()).toBytes()).toEqual(Uint8Array.from(w.toBytes()));
        expect(k.equals(w)).toBe(true);
        expect(k.equals(new PublicKey(b))).toBe(Buffer.from(a).equals(Buffer.from(b)));
        expect(CLI_KEYS.at(Uint8Array.of(9, ...a), 1).equals(k)).toBe(true);
        expect(JSON.stringify({ k })).toBe(JSON.stringify({ k: w.toBase58() }));
      }),
      { numRuns: 200 },
    );
    expect(PublicKey.default.toBase58()).toBe('11111111111111111111111111111111');
    expect(() => new PublicKey('not a key')).toThrow(ValidationError);
    expect(() => new PublicKey(new Uint8Array(31))).toThrow(ValidationError);
  });
});

describe('the CLI Keypair (node:crypto Ed25519)', () => {
  it('derives the public key and signs exactly as web3.js\'s Keypair does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 900 }), (seed, message) => {
        const k = Keypair.fromSeed(seed);
        const w = Web3Keypair.fromSeed(seed);
        expect(k.publicKey.toBase58()).toBe(w.publicKey.toBase58());
        expect(k.secretKey).toEqual(Uint8Array.from(w.secretKey));
        expect(Keypair.fromSecretKey(w.secretKey).publicKey.toBase58()).toBe(w.publicKey.toBase58());
        // The signature web3.js makes for a transaction is the one node:crypto makes for its message
        const { bytes, signature } = web3Sign(message, w);
        expect(Buffer.from(k.sign(bytes))).toEqual(Buffer.from(signature));
      }),
      { numRuns: 50 },
    );
  });

  it('refuses 64 bytes whose last 32 are not the public key of the first 32, and is the core signer of itself', async () => {
    const w = Web3Keypair.generate();
    const bad = Uint8Array.from(w.secretKey);
    bad[40] = bad[40]! ^ 1;
    expect(() => Keypair.fromSecretKey(bad)).toThrow(/not the public key/);
    const k = Keypair.fromSecretKey(w.secretKey);
    const s = cliSigner(k);
    expect((s.address as PublicKey).toBase58()).toBe(w.publicKey.toBase58());
    const { bytes, signature } = web3Sign(Uint8Array.of(1, 2, 3), w);
    const out = await s.sign(bytes);
    expect(out.message).toEqual(bytes);
    expect(Buffer.from(out.signature)).toEqual(Buffer.from(signature));
    expect(() => cliSigner({})).toThrow(ValidationError);
  });
});

/** A message carrying `data`, paid by `k`, and the signature web3.js's VersionedTransaction.sign gives it. */
function web3Sign(data: Uint8Array, k: Web3Keypair): { bytes: Uint8Array; signature: Uint8Array } {
  const message = new TransactionMessage({
    payerKey: k.publicKey,
    recentBlockhash: new Web3PublicKey(new Uint8Array(32).fill(7)).toBase58(),
    instructions: [new TransactionInstruction({ programId: new Web3PublicKey(new Uint8Array(32).fill(3)), keys: [], data: Buffer.from(data) })],
  }).compileToLegacyMessage();
  const tx = new VersionedTransaction(message);
  tx.sign([k]);
  return { bytes: message.serialize(), signature: tx.signatures[0]! };
}
