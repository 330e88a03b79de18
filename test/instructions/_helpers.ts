import { PublicKey, type TransactionInstruction } from '@solana/web3.js';
import fc from 'fast-check';
import {
  getDeviceTunnelBlockPda,
  getGlobalConfigPda,
  getGlobalStatePda,
  getLinkIdsPda,
  getSegmentRoutingIdsPda,
  getTopologyPda,
} from '../../src/index.js';

/** `pk(b)`: the key whose first byte is b and whose other 31 bytes are zero (docs/wire-format.md#test-vectors). */
export function pk(b: number): PublicKey {
  const a = new Uint8Array(32);
  a[0] = b;
  return new PublicKey(a);
}

export const PROGRAM_ID = pk(255);
export const PAYER = pk(1);
export const SYSTEM = '11111111111111111111111111111111';

export interface MetaRow {
  pubkey: string;
  is_signer: boolean;
  is_writable: boolean;
}

/** An instruction's account list in the fixtures' JSON shape. */
export function metas(ix: TransactionInstruction): MetaRow[] {
  return ix.keys.map((k) => ({ pubkey: k.pubkey.toBase58(), is_signer: k.isSigner, is_writable: k.isWritable }));
}

export const w = (k: PublicKey | string): MetaRow => ({
  pubkey: typeof k === 'string' ? k : k.toBase58(),
  is_signer: false,
  is_writable: true,
});
export const r = (k: PublicKey | string): MetaRow => ({
  pubkey: typeof k === 'string' ? k : k.toBase58(),
  is_signer: false,
  is_writable: false,
});
/** The shared tail: payer (signer, writable), system program (writable). */
export const TAIL: MetaRow[] = [
  { pubkey: PAYER.toBase58(), is_signer: true, is_writable: true },
  { pubkey: SYSTEM, is_signer: false, is_writable: true },
];

export const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** Random public keys (never the all-zero key, never the system program). */
export const arbKey: fc.Arbitrary<PublicKey> = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .filter((b) => b.some((x) => x !== 0))
  .map((b) => new PublicKey(b));

/** Distinct random keys. */
export function arbKeys(n: number): fc.Arbitrary<PublicKey[]> {
  return fc.uniqueArray(arbKey, { minLength: n, maxLength: n, selector: (k) => k.toBase58() });
}

export const RUNS = Number(process.env.DZPROV_PROPERTY_RUNS ?? 200);

/** Runs `f` and returns the error of class `type` it throws; anything else fails the test. */
export function thrown<E extends Error>(f: () => unknown, type: abstract new (...args: never[]) => E): E {
  try {
    f();
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`expected a ${type.name}, nothing was thrown`);
}

/** Runs `predicate` on RUNS random values of `arb` (fast-check: a failure is shrunk and reported). */
export function forAll<T>(arb: fc.Arbitrary<T>, predicate: (t: T) => void): void {
  fc.assert(fc.property(arb, predicate), { numRuns: RUNS });
}

/** The program's singleton PDAs, derived with pda.ts (independently of the builders' cache). */
export function singletonPdas(programId: PublicKey) {
  return {
    GS: getGlobalStatePda(programId)[0],
    GC: getGlobalConfigPda(programId)[0],
    DTB: getDeviceTunnelBlockPda(programId)[0],
    LIDS: getLinkIdsPda(programId)[0],
    SRIDS: getSegmentRoutingIdsPda(programId)[0],
    UNICAST_DEFAULT: getTopologyPda(programId, 'unicast-default')[0],
  };
}
