import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PublicKey } from '@solana/web3.js';
import { FAST_PUBLIC_KEYS, publicKeyAt, sameBn } from '../../src/web3/publicKey.js';
import { Reader } from '../../src/index.js';

// Keys with many leading zero bytes give short BNs inside PublicKey: the edge of the fast path.
const key32 = fc.tuple(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.integer({ min: 0, max: 32 })).map(([b, zeros]) => {
  const k = new Uint8Array(b);
  k.fill(0, 0, zeros);
  return k;
});

describe('publicKeyAt', () => {
  it('uses the fast construction on this bn.js (the load-time check passed)', () => {
    expect(FAST_PUBLIC_KEYS).toBe(true);
  });

  it('builds a PublicKey identical in every field to new PublicKey(bytes), at any offset', () => {
    fc.assert(
      fc.property(key32, fc.uint8Array({ maxLength: 7 }), (k, prefix) => {
        // Given the key embedded at an arbitrary offset
        const buf = new Uint8Array(prefix.length + 32 + 3);
        buf.set(prefix, 0);
        buf.set(k, prefix.length);
        // When it is read fast
        const fast = publicKeyAt(buf, prefix.length);
        const plain = new PublicKey(k);
        // Then it is a real PublicKey, deep-equal (BN included) and behaviourally equal
        expect(fast).toBeInstanceOf(PublicKey);
        expect(fast).toStrictEqual(plain);
        expect(sameBn(fast, plain)).toBe(true);
        expect(Buffer.from(fast.toBytes()).equals(Buffer.from(k))).toBe(true);
        expect(fast.toBase58()).toBe(plain.toBase58());
        expect(fast.equals(plain) && plain.equals(fast)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('the all-zero and all-0xff keys round-trip', () => {
    for (const fill of [0, 0xff]) {
      const k = new Uint8Array(32).fill(fill);
      expect(publicKeyAt(k, 0)).toStrictEqual(new PublicKey(k));
    }
    expect(publicKeyAt(new Uint8Array(32), 0).equals(PublicKey.default)).toBe(true);
  });

  it('Reader.pubkey goes through it and still refuses a short buffer', () => {
    const k = new Uint8Array(32).fill(7);
    expect(new Reader(k, 'T').pubkey('k')).toStrictEqual(new PublicKey(k));
    expect(() => new Reader(k.subarray(0, 31), 'T').pubkey('k')).toThrow(/needs 32 byte/);
  });

  it('Reader.bytes returns a copy, not a view of a Buffer input', () => {
    const buf = Buffer.from([1, 2, 3, 4]);
    const out = new Reader(buf, 'T').bytes(2, 'b');
    buf[0] = 9;
    expect([...out]).toEqual([1, 2]);
  });
});
