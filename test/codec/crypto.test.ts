/**
 * The core's own base58, SHA-256, curve test and PDA derivation (it knows nothing of web3.js or
 * kit) against independent implementations: bs58, node:crypto, web3.js's noble-based
 * `PublicKey.isOnCurve` and `findProgramAddressSync`.
 */
import { createHash } from 'node:crypto';
import { Keypair, PublicKey } from '@solana/web3.js';
import bs58 from 'bs58';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base58Decode, base58Encode } from '../../src/core/codec/base58.js';
import { isOnCurve } from '../../src/core/crypto/curve.js';
import { sha256 } from '../../src/core/crypto/sha256.js';
import { findProgramAddress } from '../../src/core/pda.js';

describe('base58', () => {
  it('encodes every byte string as bs58 does, leading zeros included, and decodes it back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(4), (bytes, zeros) => {
        const b = new Uint8Array(zeros + bytes.length);
        b.set(bytes, zeros);
        const text = base58Encode(b);
        expect(text).toBe(bs58.encode(b));
        expect(base58Decode(text)).toEqual(b);
      }),
      { numRuns: 3000 },
    );
  });

  it('encodes a slice without copying it, and the edge values', () => {
    const key = Keypair.generate().publicKey.toBytes();
    const buf = new Uint8Array(40);
    buf.set(key, 5);
    expect(base58Encode(buf, 5, 37)).toBe(bs58.encode(key));
    expect(base58Encode(new Uint8Array(32))).toBe('11111111111111111111111111111111');
    expect(base58Encode(new Uint8Array(32).fill(255))).toBe(bs58.encode(new Uint8Array(32).fill(255)));
    expect(base58Encode(new Uint8Array(0))).toBe('');
  });

  it('refuses a character outside the alphabet', () => {
    for (const bad of ['0', 'O', 'I', 'l', ' ', 'é', '+']) expect(() => base58Decode(`abc${bad}`)).toThrow(/invalid base58 character/);
  });
});

describe('SHA-256', () => {
  it('equals node:crypto on inputs of every length around the block boundaries, split in parts', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(300), (bytes, cut) => {
        const at = Math.min(cut, bytes.length);
        expect(Buffer.from(sha256(bytes.subarray(0, at), bytes.subarray(at))).toString('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the curve test of program-derived addresses', () => {
  it('agrees with web3.js on real public keys (on the curve) and random bytes', () => {
    let on = 0;
    for (let i = 0; i < 500; i++) {
      const k = Keypair.generate().publicKey.toBytes();
      expect(isOnCurve(k)).toBe(true);
      on++;
    }
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (b) => {
        expect(isOnCurve(b)).toBe(PublicKey.isOnCurve(b));
      }),
      { numRuns: 2000 },
    );
    expect(on).toBe(500);
  });

  it('takes a y at or above p modulo p and ignores the sign of x = 0, as the Solana runtime does (where web3.js differs)', () => {
    // y = 2^255 - 1 (top bit cleared): reduced modulo p it is 18, which is a curve point.
    const high = new Uint8Array(32).fill(0xff);
    expect(isOnCurve(high)).toBe(true);
    expect(PublicKey.isOnCurve(high)).toBe(false);
    // y = 1 with the sign bit set: x = 0, "negative zero".
    const negZero = new Uint8Array(32);
    negZero[0] = 1;
    negZero[31] = 0x80;
    expect(isOnCurve(negZero)).toBe(true);
    expect(PublicKey.isOnCurve(negZero)).toBe(false);
  });

  it('derives the same PDAs and bumps as web3.js findProgramAddressSync', () => {
    const programId = new PublicKey('ser2VaTMAcYTaauMrTSfSrxBaUDq7BLNs2xfUugTAGv');
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 32 }), { maxLength: 4 }), (seeds) => {
        const [theirs, bump] = PublicKey.findProgramAddressSync(seeds, programId);
        const [ours, ourBump] = findProgramAddress(seeds, programId);
        expect(bs58.encode(ours)).toBe(theirs.toBase58());
        expect(ourBump).toBe(bump);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses seeds Solana refuses', () => {
    const programId = PublicKey.default;
    expect(() => findProgramAddress([new Uint8Array(33)], programId)).toThrow(/at most 32 bytes/);
    expect(() => findProgramAddress(Array.from({ length: 16 }, () => new Uint8Array(1)), programId)).toThrow(/at most 15 seeds/);
  });
});
