/**
 * dzprov — TypeScript SDK for the provisioning lifecycle of Devices and Links in the
 * DoubleZero serviceability program.
 */
export * from './errors.js';
export * from './enums.js';
export * from './programIds.js';
export * from './environments.js';
export * from './codec/net.js';
export { Reader } from './codec/reader.js';
export { Writer } from './codec/writer.js';
// -- state (accounts) --
export * from "./state/common.js";
export * from './state/device.js';
export * from './state/viewDevice.js';
// Interface records: the types and constants of decoded Devices (the record readers, writers and
// conversions are internal; deviceLegacyInterfaces / decodeDeviceLegacyInterfaces give the records).
export {
  CURRENT_INTERFACE_SCHEMA_VERSION,
  INTERFACE_RECORD_FIELDS,
  LegacyInterfaceTag,
  type InterfaceRecordLayout,
  type LegacyInterface,
} from './state/interface.js';
export * from "./pda.js";
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
