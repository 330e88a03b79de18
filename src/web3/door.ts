/**
 * The web3.js v1 door's bound functions and types: the core's, with addresses as `PublicKey`s and
 * instructions as `TransactionInstruction`s.
 */
import type { PublicKey, TransactionInstruction } from '@solana/web3.js';
import { bindAccounts, bindAddresses, bindChecked, bindInstructions } from '../core/door.js';
import { Reader as CoreReader } from '../core/codec/reader.js';
import { toTransactionInstruction } from './instruction.js';
import { PUBLIC_KEYS } from './publicKey.js';
import type * as core from '../core/index.js';

// Everything of the core that has no addresses or instructions; the declarations below shadow
// the core's generic ones with their web3.js forms.
export * from '../core/index.js';

export const {
  decodeDevice,
  viewDevice,
  decodeDeviceLegacyInterfaces,
  decodeLink,
  decodeGlobalState,
  decodeGlobalConfig,
  decodeLocation,
  decodeExchange,
  decodeContributor,
  decodePermission,
  decodeAccount,
} = /* @__PURE__ */ bindAccounts(PUBLIC_KEYS);

export const {
  PROGRAM_IDS,
  programIdFor,
  SYSTEM_PROGRAM_ID,
  COMPUTE_BUDGET_PROGRAM_ID,
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
} = /* @__PURE__ */ bindAddresses(PUBLIC_KEYS);

export const {
  createCreateDeviceInstruction,
  createUpdateDeviceInstruction,
  createDeleteDeviceInstruction,
  createSetDeviceHealthInstruction,
  createCreateDeviceInterfaceInstruction,
  createUpdateDeviceInterfaceInstruction,
  createDeleteDeviceInterfaceInstruction,
  createCreateLinkInstruction,
  createAcceptLinkInstruction,
  createUpdateLinkInstruction,
  createDeleteLinkInstruction,
  createSetLinkHealthInstruction,
  computeBudgetPrelude,
  decodeCreateDeviceArgs,
  decodeUpdateDeviceArgs,
  decodeDeleteDeviceArgs,
  decodeSetDeviceHealthArgs,
  decodeCreateDeviceInterfaceArgs,
  decodeUpdateDeviceInterfaceArgs,
  decodeDeleteDeviceInterfaceArgs,
  decodeCreateLinkArgs,
  decodeAcceptLinkArgs,
  decodeUpdateLinkArgs,
  decodeDeleteLinkArgs,
  decodeSetLinkHealthArgs,
  decodeCreateDeviceInstruction,
  decodeUpdateDeviceInstruction,
  decodeDeleteDeviceInstruction,
  decodeSetDeviceHealthInstruction,
  decodeCreateDeviceInterfaceInstruction,
  decodeUpdateDeviceInterfaceInstruction,
  decodeDeleteDeviceInterfaceInstruction,
  decodeCreateLinkInstruction,
  decodeAcceptLinkInstruction,
  decodeUpdateLinkInstruction,
  decodeDeleteLinkInstruction,
  decodeSetLinkHealthInstruction,
  INSTRUCTION_DECODERS,
  decodeInstruction,
} = /* @__PURE__ */ bindInstructions(PUBLIC_KEYS, toTransactionInstruction);

export const {
  drainDevice,
  undrainDevice,
  promoteDevice,
  changeDeviceStatus,
  setDeviceDesiredStatus,
  setDeviceHealth,
  deleteDevice,
  softDrainLink,
  hardDrainLink,
  activateLink,
  changeLinkStatus,
  acceptLink,
  setLinkDesiredStatus,
  setLinkHealth,
  deleteLink,
  planDeviceMaintenance,
  planDeviceReturn,
} = /* @__PURE__ */ bindChecked<K, Ix>(toTransactionInstruction);

type K = PublicKey;
type Ix = TransactionInstruction;

/** A strict Borsh reader (see the core Reader) whose addresses come out as PublicKeys. */
export class Reader extends CoreReader<K> {
  constructor(buf: Uint8Array, typeName: string, offset = 0) {
    super(buf, typeName, offset, PUBLIC_KEYS);
  }
}

// -- accounts
export type Device = core.Device<K>;
export type Interface = core.Interface<K>;
export type FlexAlgoNodeSegment = core.FlexAlgoNodeSegment<K>;
export type LegacyInterface = core.LegacyInterface<K>;
export type Link = core.Link<K>;
export type GlobalState = core.GlobalState<K>;
export type GlobalConfig = core.GlobalConfig<K>;
export type Location = core.Location<K>;
export type Exchange = core.Exchange<K>;
export type Contributor = core.Contributor<K>;
export type Permission = core.Permission<K>;
export type Account = core.Account<K>;
export type Pda = core.Pda<K>;
export type GetProgramAccountsFilter = core.ProgramAccountsFilter;
// -- instructions, decoded
export type TailAccounts = core.TailAccounts<K>;
export type DecodedInstructionBase<N extends string, T extends core.DoubleZeroInstructionTag, A, Acc> = core.DecodedInstructionBase<N, T, A, Acc, K>;
export type DecodedInstruction = core.DecodedInstruction<K>;
export type DecodedCreateDeviceArgs = core.DecodedCreateDeviceArgs<K>;
export type DecodedUpdateDeviceArgs = core.DecodedUpdateDeviceArgs<K>;
export type DecodedUpdateLinkArgs = core.DecodedUpdateLinkArgs<K>;
export type CreateDeviceAccounts = core.CreateDeviceAccounts<K>;
export type UpdateDeviceAccounts = core.UpdateDeviceAccounts<K>;
export type DeleteDeviceAccounts = core.DeleteDeviceAccounts<K>;
export type SetDeviceHealthAccounts = core.SetDeviceHealthAccounts<K>;
export type CreateDeviceInterfaceAccounts = core.CreateDeviceInterfaceAccounts<K>;
export type UpdateDeviceInterfaceAccounts = core.UpdateDeviceInterfaceAccounts<K>;
export type DeleteDeviceInterfaceAccounts = core.DeleteDeviceInterfaceAccounts<K>;
export type CreateLinkAccounts = core.CreateLinkAccounts<K>;
export type AcceptLinkAccounts = core.AcceptLinkAccounts<K>;
export type UpdateLinkAccounts = core.UpdateLinkAccounts<K>;
export type DeleteLinkAccounts = core.DeleteLinkAccounts<K>;
export type SetLinkHealthAccounts = core.SetLinkHealthAccounts<K>;
export type DecodedCreateDeviceInstruction = core.DecodedCreateDeviceInstruction<K>;
export type DecodedUpdateDeviceInstruction = core.DecodedUpdateDeviceInstruction<K>;
export type DecodedDeleteDeviceInstruction = core.DecodedDeleteDeviceInstruction<K>;
export type DecodedSetDeviceHealthInstruction = core.DecodedSetDeviceHealthInstruction<K>;
export type DecodedCreateDeviceInterfaceInstruction = core.DecodedCreateDeviceInterfaceInstruction<K>;
export type DecodedUpdateDeviceInterfaceInstruction = core.DecodedUpdateDeviceInterfaceInstruction<K>;
export type DecodedDeleteDeviceInterfaceInstruction = core.DecodedDeleteDeviceInterfaceInstruction<K>;
export type DecodedCreateLinkInstruction = core.DecodedCreateLinkInstruction<K>;
export type DecodedAcceptLinkInstruction = core.DecodedAcceptLinkInstruction<K>;
export type DecodedUpdateLinkInstruction = core.DecodedUpdateLinkInstruction<K>;
export type DecodedDeleteLinkInstruction = core.DecodedDeleteLinkInstruction<K>;
export type DecodedSetLinkHealthInstruction = core.DecodedSetLinkHealthInstruction<K>;
export type LinkUpdateAuthority = core.LinkUpdateAuthority<K>;
// -- lifecycle plans
export type MaintenanceStep = core.MaintenanceStep<K>;
export type MaintenanceLink = core.MaintenanceLink<K>;
export type PlannedLink = core.PlannedLink<K>;
export type DeviceMaintenancePlanInput = core.DeviceMaintenancePlanInput<K>;
export type DeviceReturnPlanInput = core.DeviceReturnPlanInput<K>;
export type PlannedStep = core.PlannedStep<K, Ix>;
export type MaintenancePlan = core.MaintenancePlan<K, Ix>;
