import { ValidationError } from './errors.js';

/** The networks the serviceability program is deployed on (docs/wire-format.md#program-ids). */
export type Network = 'mainnet-beta' | 'testnet' | 'devnet' | 'localnet';

/** Every network name, in this order. */
export const NETWORKS: readonly Network[] = ['mainnet-beta', 'testnet', 'devnet', 'localnet'];

/** Serviceability program id per network, as base58 text (the doors give PublicKeys or Addresses). */
export const PROGRAM_ADDRESSES: Readonly<Record<Network, string>> = Object.freeze({
  'mainnet-beta': 'ser2VaTMAcYTaauMrTSfSrxBaUDq7BLNs2xfUugTAGv',
  testnet: 'DZtnuQ839pSaDMFG5q1ad2V95G82S5EC4RrB3Ndw2Heb',
  devnet: 'GYhQDKuESrasNZGyhMJhGYFtbzNijYhcrN9poSqCQVah',
  localnet: '7CTniUa88iJKUHTrCkB4TjAoG6TD7AMivhQeuqN2LPtX',
});

/** Whether `s` names a network. */
export function isNetwork(s: string): s is Network {
  return (NETWORKS as readonly string[]).includes(s);
}

/** The network named `network`; throws ValidationError for an unknown name. */
export function checkNetwork(network: string): Network {
  if (!isNetwork(network)) {
    throw new ValidationError('network', `"${network}" is not one of ${NETWORKS.join(', ')}`);
  }
  return network;
}
