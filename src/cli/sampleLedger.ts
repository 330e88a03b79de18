import { CLI_KEYS, type PublicKey } from './publicKey.js';
import { Keypair } from './signer.js';
import { buildSampleNetwork, SAMPLE_PROGRAM_ADDRESS, sampleSeed, type SampleIdentity as NetworkIdentity, type SampleNetwork } from './sampleNetwork.js';

/**
 * The embedded sample ledger as the CLI reads it: the sample network (sampleNetwork.ts, which
 * says what is in it and why) with the CLI's PublicKeys, read through exactly the code path the
 * CLI uses for a real ledger.
 */

export { SAMPLE_NOTES } from './sampleNetwork.js';

export const SAMPLE_PROGRAM_ID: PublicKey = CLI_KEYS.from(SAMPLE_PROGRAM_ADDRESS);

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
  return buildSampleNetwork(CLI_KEYS);
}
