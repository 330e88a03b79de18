import { PublicKey } from '@solana/web3.js';
import { ValidationError } from './errors.js';

/** The networks the serviceability program is deployed on (docs/wire-format.md#program-ids). */
export type Network = 'mainnet-beta' | 'testnet' | 'devnet' | 'localnet';

export const NETWORKS: readonly Network[] = ['mainnet-beta', 'testnet', 'devnet', 'localnet'];

/** Serviceability program id per network. */
export const PROGRAM_IDS: Readonly<Record<Network, PublicKey>> = Object.freeze({
  'mainnet-beta': new PublicKey('ser2VaTMAcYTaauMrTSfSrxBaUDq7BLNs2xfUugTAGv'),
  testnet: new PublicKey('DZtnuQ839pSaDMFG5q1ad2V95G82S5EC4RrB3Ndw2Heb'),
  devnet: new PublicKey('GYhQDKuESrasNZGyhMJhGYFtbzNijYhcrN9poSqCQVah'),
  localnet: new PublicKey('7CTniUa88iJKUHTrCkB4TjAoG6TD7AMivhQeuqN2LPtX'),
});

export function isNetwork(s: string): s is Network {
  return (NETWORKS as readonly string[]).includes(s);
}

/** The serviceability program id of `network`; throws ValidationError for an unknown name. */
export function programIdFor(network: string): PublicKey {
  if (!isNetwork(network)) {
    throw new ValidationError('network', `"${network}" is not one of ${NETWORKS.join(', ')}`);
  }
  return PROGRAM_IDS[network];
}
