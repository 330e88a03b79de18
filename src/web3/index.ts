/**
 * dzprov for web3.js v1 applications (the package root, `dzprov`): the core (src/core) with
 * addresses as `PublicKey`s, instructions as `TransactionInstruction`s, signers as web3.js
 * Keypairs or wallets, and the client over a `Connection`. Everything without addresses or
 * instructions is the core's own export; the rest is bound here.
 */
export * from './door.js';
export {
  DzClient,
  LOCALNET_RPC_URL,
  RpcAccountSource,
  TransactionRunner,
  parseProgramAccounts,
  type AccountList,
  type AccountRecord,
  type AccountSource,
  type DecodeErrorHandling,
  type DeviceEvent,
  type DzClientOptions,
  type ForEnvOptions,
  type Entry,
  type EntryList,
  type HealthBatch,
  type HealthOutcome,
  type HealthPlan,
  type HealthUpdate,
  type DeviceHealthUpdate,
  type LinkHealthUpdate,
  type IntentResult,
  type LinkEvent,
  type ListDevicesOptions,
  type ListingPath,
  type ListLinksOptions,
  type PreparedDeviceIntent,
  type PreparedIntent,
  type PreparedLinkIntent,
  type RoleResolution,
  type RpcAccountSourceOptions,
  type SubscribeOptions,
} from './client.js';
export type { TxSigner, WalletSigner } from './signer.js';
