import { Keypair, type PublicKey } from '@solana/web3.js';
import { PUBLIC_KEYS } from '../web3/publicKey.js';
import { buildSampleNetwork, SAMPLE_PROGRAM_ADDRESS, sampleSeed, type SampleIdentity as NetworkIdentity, type SampleNetwork } from './sampleNetwork.js';

/**
 * The embedded sample ledger as the CLI reads it: the sample network (sampleNetwork.ts, which
 * says what is in it and why) with PublicKeys, read through exactly the code path the CLI uses
 * for a real ledger.
 */

export { SAMPLE_NOTES } from './sampleNetwork.js';

export const SAMPLE_PROGRAM_ID: PublicKey = PUBLIC_KEYS.from(SAMPLE_PROGRAM_ADDRESS);

/** A deterministic keypair for a sample identity or a sample account that is not a PDA. */
export function sampleKeypair(name: string): Keypair {
  return Keypair.fromSeed(sampleSeed(name));
}

export type SampleIdentity = NetworkIdentity<PublicKey>;
export type SampleLedger = SampleNetwork<PublicKey>;

let cached: SampleLedger | undefined;

/** Builds (once per process) and returns the sample ledger. */
export function sampleLedger(): SampleLedger {
  cached ??= buildSampleLedger();
  return cached;
}

/** Builds the sample ledger (a new copy every call). */
export function buildSampleLedger(): SampleLedger {
  return buildSampleNetwork(PUBLIC_KEYS);
}
