/**
 * dzprov for @solana/kit applications (`dzprov/kit`): the core (src/core) with addresses as kit
 * `Address`es, instructions as kit `Instruction`s, getProgramAccounts filters in kit's shape, and a
 * client over kit's `Rpc` / `RpcSubscriptions` (or a plain URL) that signs with kit
 * `TransactionSigner`s. It loads neither web3.js nor kit at run time: kit is a type dependency only.
 *
 * @module dzprov/kit
 */
export * from './door.js';
export {
  DzClient,
  RpcAccountSource,
  parseProgramAccounts,
  kitPubSub,
  kitRpc,
  kitSigner,
  type AccountRecord,
  type DeviceEvent,
  type DzKitClientOptions,
  type Entry,
  type EntryList,
  type HealthOutcome,
  type HealthPlan,
  type HealthUpdate,
  type DeviceHealthUpdate,
  type LinkHealthUpdate,
  type IntentResult,
  type LinkEvent,
  type PreparedIntent,
  type RoleResolution,
  type SubscribeOptions,
} from './client.js';
