/**
 * The core of dzprov: bytes and 32-byte keys, nothing of web3.js or kit. Codecs, enums, PDAs,
 * the lifecycle, argument checks, instruction data and account lists, and the client logic (send
 * state machine, roles, intents, batch health) written once over an RPC port. The two doors
 * (`dzprov`: web3.js v1, `dzprov/kit`: @solana/kit) are thin adapters over it.
 */
export * from './errors.js';
export * from './enums.js';
export { NETWORKS, PROGRAM_ADDRESSES, isNetwork, type Network } from './programIds.js';
export {
  ENVIRONMENT_TABLE,
  ENVIRONMENT_CHOICES,
  findEnvironment,
  environmentFor,
  environmentOfProgramId,
  ledgerWsUrlFor,
  resolveEnvironment,
  type DzEnvironment,
  type EndpointSource,
  type EnvironmentName,
  type ResolvedEnvironment,
} from './environments.js';
export * from './codec/net.js';
export { Reader } from './codec/reader.js';
export { Writer } from './codec/writer.js';
export type { KeyInput, KeyKind, PublicKeyLike } from './keys.js';
// -- state (accounts) --
export * from './state/common.js';
export * from './state/device.js';
export * from './state/viewDevice.js';
export {
  CURRENT_INTERFACE_SCHEMA_VERSION,
  INTERFACE_RECORD_FIELDS,
  LegacyInterfaceTag,
  type InterfaceRecordLayout,
  type LegacyInterface,
} from './state/interface.js';
export {
  getGlobalStatePda,
  getGlobalConfigPda,
  getProgramConfigPda,
  getLocationPda,
  getExchangePda,
  getDevicePda,
  getLinkPda,
  getContributorPda,
  getPermissionPda,
  getTopologyPda,
  getResourceExtensionPda,
  getDeviceTunnelBlockPda,
  getLinkIdsPda,
  getSegmentRoutingIdsPda,
  getTunnelIdsPda,
  getDzPrefixBlockPda,
  UNICAST_DEFAULT_TOPOLOGY,
  type Pda,
  type ResourceType,
} from './pda.js';
export * from './state/link.js';
export * from './state/globalState.js';
export * from './state/globalConfig.js';
export * from './state/location.js';
export * from './state/exchange.js';
export * from './state/contributor.js';
export * from './state/permission.js';
export * from './state/index.js';
// -- program errors --
export * from './programErrors.js';
// -- lifecycle --
export * from './lifecycle/index.js';
// -- instructions --
export * from './instructions/index.js';
export * from './instructions/checked.js';
export * from './instructions/planner.js';
// -- client --
export * from './client/index.js';
export type { RpcPort, Commitment } from './client/rpc.js';
