/**
 * Raw instruction builders of the serviceability program's Device and Link instructions,
 * byte-identical to the program's Rust builder crate, with their Args codecs, decoders and
 * offline argument checks. One file per instruction.
 */
export * from './tags.js';
export * from './errors.js';
export {
  type BuilderOptions,
  type BaseBuilderInput,
  type DecodedInstructionBase,
  type DecodeInstructionOptions,
  type TailAccounts,
} from './common.js';
export {
  MAX_CODE_BYTES,
  MIN_LINK_BANDWIDTH,
  MAX_LINK_BANDWIDTH,
  MIN_LINK_DELAY_NS,
  MAX_LINK_DELAY_NS,
  LINK_MTU,
  CYOA_DIA_INTERFACE_MTU,
  INTERFACE_MTU,
  MAX_TUNNEL_ID,
  MAX_VLAN_ID,
  MAX_LINK_TOPOLOGIES,
  isValidAccountCode,
  isGlobalIpv4,
  isPrivateIpv4,
  isLinkLocalIpv4,
  networkContains,
  normalizeInterfaceName,
  tryNormalizeInterfaceName,
} from './validation.js';
export * from './updateDevice.js';
export * from './deleteDevice.js';
export * from './setDeviceHealth.js';
export * from './updateLink.js';
export * from './acceptLink.js';
export * from './deleteLink.js';
export * from './setLinkHealth.js';
export * from './createDevice.js';
export * from './createDeviceInterface.js';
export * from './updateDeviceInterface.js';
export * from './deleteDeviceInterface.js';
export * from './createLink.js';
export * from './decode.js';
export * from './computeBudget.js';
