/**
 * The web3.js v1 door's bound functions and types: the core's, with addresses as `PublicKey`s and
 * instructions as `TransactionInstruction`s.
 */
import type { PublicKey, TransactionInstruction } from '@solana/web3.js';
import { environmentsWith } from '../core/environments.js';
import { instructionDecodersByTag, programIdForOf, programIdsOf, withInstruction, withInstructionDecoder, withKeys, withPda, withPlan, withPrelude } from '../core/door.js';
import * as core from '../core/index.js';
import { Reader as CoreReader } from '../core/codec/reader.js';
import { toTransactionInstruction } from './instruction.js';
import { PUBLIC_KEYS } from './publicKey.js';

// Everything of the core that has no addresses or instructions; the declarations below shadow
// the core's generic ones with their web3.js forms.
export * from '../core/index.js';

const KEYS = PUBLIC_KEYS;
const IX = toTransactionInstruction;
const fromIx = (ix: core.CoreInstruction): core.CoreInstruction => ix;

// -- accounts
export const decodeDevice = /* @__PURE__ */ withKeys(core.decodeDevice, KEYS);
export const viewDevice = /* @__PURE__ */ withKeys(core.viewDevice, KEYS);
export const decodeDeviceLegacyInterfaces = /* @__PURE__ */ withKeys(core.decodeDeviceLegacyInterfaces, KEYS);
export const decodeLink = /* @__PURE__ */ withKeys(core.decodeLink, KEYS);
export const decodeGlobalState = /* @__PURE__ */ withKeys(core.decodeGlobalState, KEYS);
export const decodeGlobalConfig = /* @__PURE__ */ withKeys(core.decodeGlobalConfig, KEYS);
export const decodeLocation = /* @__PURE__ */ withKeys(core.decodeLocation, KEYS);
export const decodeExchange = /* @__PURE__ */ withKeys(core.decodeExchange, KEYS);
export const decodeContributor = /* @__PURE__ */ withKeys(core.decodeContributor, KEYS);
export const decodePermission = /* @__PURE__ */ withKeys(core.decodePermission, KEYS);
export const decodeAccount = /* @__PURE__ */ withKeys(core.decodeAccount, KEYS);

// -- addresses
/** The serviceability program's address on each network, as this door's addresses. */
export const PROGRAM_IDS = /* @__PURE__ */ programIdsOf(KEYS);
/** The serviceability program's address on `network`; a ValidationError for an unknown network. */
export const programIdFor = /* @__PURE__ */ programIdForOf(PROGRAM_IDS);
/** The System program's address. */
export const SYSTEM_PROGRAM_ID = /* @__PURE__ */ KEYS.from(core.SYSTEM_PROGRAM_ADDRESS);
/** The Compute Budget program's address. */
export const COMPUTE_BUDGET_PROGRAM_ID = /* @__PURE__ */ KEYS.from(core.COMPUTE_BUDGET_PROGRAM_ADDRESS);

// -- environments (program ids as this door's addresses)
/** Every DoubleZero environment (upstream's order; frozen) with program ids as this door's addresses; `findEnvironment`, `environmentFor`, `environmentOfProgramId` and `resolveEnvironment` look its rows up. */
export const { ENVIRONMENTS, findEnvironment, environmentFor, environmentOfProgramId, resolveEnvironment } = /* @__PURE__ */ environmentsWith(KEYS);
/** @interface */
export type DzEnvironment = core.DzEnvironment<K>;
/** @interface */
export type ResolvedEnvironment = core.ResolvedEnvironment<K>;
export const getGlobalStatePda = /* @__PURE__ */ withPda(core.getGlobalStatePda, KEYS);
export const getGlobalConfigPda = /* @__PURE__ */ withPda(core.getGlobalConfigPda, KEYS);
export const getProgramConfigPda = /* @__PURE__ */ withPda(core.getProgramConfigPda, KEYS);
export const getLocationPda = /* @__PURE__ */ withPda(core.getLocationPda, KEYS);
export const getExchangePda = /* @__PURE__ */ withPda(core.getExchangePda, KEYS);
export const getDevicePda = /* @__PURE__ */ withPda(core.getDevicePda, KEYS);
export const getLinkPda = /* @__PURE__ */ withPda(core.getLinkPda, KEYS);
export const getContributorPda = /* @__PURE__ */ withPda(core.getContributorPda, KEYS);
export const getPermissionPda = /* @__PURE__ */ withPda(core.getPermissionPda, KEYS);
export const getTopologyPda = /* @__PURE__ */ withPda(core.getTopologyPda, KEYS);
export const getResourceExtensionPda = /* @__PURE__ */ withPda(core.getResourceExtensionPda, KEYS);
export const getDeviceTunnelBlockPda = /* @__PURE__ */ withPda(core.getDeviceTunnelBlockPda, KEYS);
export const getLinkIdsPda = /* @__PURE__ */ withPda(core.getLinkIdsPda, KEYS);
export const getSegmentRoutingIdsPda = /* @__PURE__ */ withPda(core.getSegmentRoutingIdsPda, KEYS);
export const getTunnelIdsPda = /* @__PURE__ */ withPda(core.getTunnelIdsPda, KEYS);
export const getDzPrefixBlockPda = /* @__PURE__ */ withPda(core.getDzPrefixBlockPda, KEYS);

// -- raw builders, their Args and instruction decoders
export const createCreateDeviceInstruction = /* @__PURE__ */ withInstruction(core.createCreateDeviceInstruction, IX);
export const createUpdateDeviceInstruction = /* @__PURE__ */ withInstruction(core.createUpdateDeviceInstruction, IX);
export const createDeleteDeviceInstruction = /* @__PURE__ */ withInstruction(core.createDeleteDeviceInstruction, IX);
export const createSetDeviceHealthInstruction = /* @__PURE__ */ withInstruction(core.createSetDeviceHealthInstruction, IX);
export const createCreateDeviceInterfaceInstruction = /* @__PURE__ */ withInstruction(core.createCreateDeviceInterfaceInstruction, IX);
export const createUpdateDeviceInterfaceInstruction = /* @__PURE__ */ withInstruction(core.createUpdateDeviceInterfaceInstruction, IX);
export const createDeleteDeviceInterfaceInstruction = /* @__PURE__ */ withInstruction(core.createDeleteDeviceInterfaceInstruction, IX);
export const createCreateLinkInstruction = /* @__PURE__ */ withInstruction(core.createCreateLinkInstruction, IX);
export const createAcceptLinkInstruction = /* @__PURE__ */ withInstruction(core.createAcceptLinkInstruction, IX);
export const createUpdateLinkInstruction = /* @__PURE__ */ withInstruction(core.createUpdateLinkInstruction, IX);
export const createDeleteLinkInstruction = /* @__PURE__ */ withInstruction(core.createDeleteLinkInstruction, IX);
export const createSetLinkHealthInstruction = /* @__PURE__ */ withInstruction(core.createSetLinkHealthInstruction, IX);
export const computeBudgetPrelude = /* @__PURE__ */ withPrelude(IX);
export const decodeCreateDeviceArgs = /* @__PURE__ */ withKeys(core.decodeCreateDeviceArgs<K>, KEYS);
export const decodeUpdateDeviceArgs = /* @__PURE__ */ withKeys(core.decodeUpdateDeviceArgs<K>, KEYS);
export const decodeDeleteDeviceArgs = /* @__PURE__ */ withKeys(core.decodeDeleteDeviceArgs<K>, KEYS);
export const decodeSetDeviceHealthArgs = /* @__PURE__ */ withKeys(core.decodeSetDeviceHealthArgs<K>, KEYS);
export const decodeCreateDeviceInterfaceArgs = /* @__PURE__ */ withKeys(core.decodeCreateDeviceInterfaceArgs<K>, KEYS);
export const decodeUpdateDeviceInterfaceArgs = /* @__PURE__ */ withKeys(core.decodeUpdateDeviceInterfaceArgs<K>, KEYS);
export const decodeDeleteDeviceInterfaceArgs = /* @__PURE__ */ withKeys(core.decodeDeleteDeviceInterfaceArgs<K>, KEYS);
export const decodeCreateLinkArgs = /* @__PURE__ */ withKeys(core.decodeCreateLinkArgs<K>, KEYS);
export const decodeAcceptLinkArgs = /* @__PURE__ */ withKeys(core.decodeAcceptLinkArgs<K>, KEYS);
export const decodeUpdateLinkArgs = /* @__PURE__ */ withKeys(core.decodeUpdateLinkArgs<K>, KEYS);
export const decodeDeleteLinkArgs = /* @__PURE__ */ withKeys(core.decodeDeleteLinkArgs<K>, KEYS);
export const decodeSetLinkHealthArgs = /* @__PURE__ */ withKeys(core.decodeSetLinkHealthArgs<K>, KEYS);
export const decodeCreateDeviceInstruction = /* @__PURE__ */ withInstructionDecoder(core.decodeCreateDeviceInstruction, KEYS, fromIx);
export const decodeUpdateDeviceInstruction = /* @__PURE__ */ withInstructionDecoder(core.decodeUpdateDeviceInstruction, KEYS, fromIx);
export const decodeDeleteDeviceInstruction = /* @__PURE__ */ withInstructionDecoder(core.decodeDeleteDeviceInstruction, KEYS, fromIx);
export const decodeSetDeviceHealthInstruction = /* @__PURE__ */ withInstructionDecoder(core.decodeSetDeviceHealthInstruction, KEYS, fromIx);
export const decodeCreateDeviceInterfaceInstruction = /* @__PURE__ */ withInstructionDecoder(core.decodeCreateDeviceInterfaceInstruction, KEYS, fromIx);
export const decodeUpdateDeviceInterfaceInstruction = /* @__PURE__ */ withInstructionDecoder(core.decodeUpdateDeviceInterfaceInstruction, KEYS, fromIx);
export const decodeDeleteDeviceInterfaceInstruction = /* @__PURE__ */ withInstructionDecoder(core.decodeDeleteDeviceInterfaceInstruction, KEYS, fromIx);
export const decodeCreateLinkInstruction = /* @__PURE__ */ withInstructionDecoder(core.decodeCreateLinkInstruction, KEYS, fromIx);
export const decodeAcceptLinkInstruction = /* @__PURE__ */ withInstructionDecoder(core.decodeAcceptLinkInstruction, KEYS, fromIx);
export const decodeUpdateLinkInstruction = /* @__PURE__ */ withInstructionDecoder(core.decodeUpdateLinkInstruction, KEYS, fromIx);
export const decodeDeleteLinkInstruction = /* @__PURE__ */ withInstructionDecoder(core.decodeDeleteLinkInstruction, KEYS, fromIx);
export const decodeSetLinkHealthInstruction = /* @__PURE__ */ withInstructionDecoder(core.decodeSetLinkHealthInstruction, KEYS, fromIx);
export const decodeInstruction = /* @__PURE__ */ withInstructionDecoder(core.decodeInstruction, KEYS, fromIx);
/** The per-instruction decoders by tag: every live Device and Link instruction. */
export const INSTRUCTION_DECODERS = /* @__PURE__ */ instructionDecodersByTag<(ix: core.CoreInstruction, opts?: core.DecodeInstructionOptions) => DecodedInstruction>({
  createDevice: decodeCreateDeviceInstruction,
  updateDevice: decodeUpdateDeviceInstruction,
  deleteDevice: decodeDeleteDeviceInstruction,
  setDeviceHealth: decodeSetDeviceHealthInstruction,
  createDeviceInterface: decodeCreateDeviceInterfaceInstruction,
  updateDeviceInterface: decodeUpdateDeviceInterfaceInstruction,
  deleteDeviceInterface: decodeDeleteDeviceInterfaceInstruction,
  createLink: decodeCreateLinkInstruction,
  acceptLink: decodeAcceptLinkInstruction,
  updateLink: decodeUpdateLinkInstruction,
  deleteLink: decodeDeleteLinkInstruction,
  setLinkHealth: decodeSetLinkHealthInstruction,
});

// -- lifecycle-checked builders and the maintenance planner
export const drainDevice = /* @__PURE__ */ withInstruction(core.drainDevice, IX);
export const undrainDevice = /* @__PURE__ */ withInstruction(core.undrainDevice, IX);
export const promoteDevice = /* @__PURE__ */ withInstruction(core.promoteDevice, IX);
export const changeDeviceStatus = /* @__PURE__ */ withInstruction(core.changeDeviceStatus, IX);
export const setDeviceDesiredStatus = /* @__PURE__ */ withInstruction(core.setDeviceDesiredStatus, IX);
export const setDeviceHealth = /* @__PURE__ */ withInstruction(core.setDeviceHealth, IX);
export const deleteDevice = /* @__PURE__ */ withInstruction(core.deleteDevice, IX);
export const createDevice = /* @__PURE__ */ withInstruction(core.createDevice, IX);
export const updateDeviceFields = /* @__PURE__ */ withInstruction(core.updateDeviceFields, IX);
export const createDeviceInterface = /* @__PURE__ */ withInstruction(core.createDeviceInterface, IX);
export const updateDeviceInterface = /* @__PURE__ */ withInstruction(core.updateDeviceInterface, IX);
export const deleteDeviceInterface = /* @__PURE__ */ withInstruction(core.deleteDeviceInterface, IX);
export const softDrainLink = /* @__PURE__ */ withInstruction(core.softDrainLink, IX);
export const hardDrainLink = /* @__PURE__ */ withInstruction(core.hardDrainLink, IX);
export const activateLink = /* @__PURE__ */ withInstruction(core.activateLink, IX);
export const changeLinkStatus = /* @__PURE__ */ withInstruction(core.changeLinkStatus, IX);
export const acceptLink = /* @__PURE__ */ withInstruction(core.acceptLink, IX);
export const setLinkDesiredStatus = /* @__PURE__ */ withInstruction(core.setLinkDesiredStatus, IX);
export const setLinkHealth = /* @__PURE__ */ withInstruction(core.setLinkHealth, IX);
export const deleteLink = /* @__PURE__ */ withInstruction(core.deleteLink, IX);
export const createLink = /* @__PURE__ */ withInstruction(core.createLink, IX);
export const updateLink = /* @__PURE__ */ withInstruction(core.updateLink, IX);
export const planDeviceMaintenance = /* @__PURE__ */ withPlan(core.planDeviceMaintenance<K>, IX);
export const planDeviceReturn = /* @__PURE__ */ withPlan(core.planDeviceReturn<K>, IX);

type K = PublicKey;
type Ix = TransactionInstruction;

/** A strict Borsh reader (see the core Reader) whose addresses come out as PublicKeys. */
export class Reader extends CoreReader<K> {
  constructor(buf: Uint8Array, typeName: string, offset = 0) {
    super(buf, typeName, offset, PUBLIC_KEYS);
  }
}

// -- accounts
/** @interface */
export type Device = core.Device<K>;
/** @interface */
export type Interface = core.Interface<K>;
/** @interface */
export type FlexAlgoNodeSegment = core.FlexAlgoNodeSegment<K>;
/** @interface */
export type LegacyInterface = core.LegacyInterface<K>;
/** @interface */
export type Link = core.Link<K>;
/** @interface */
export type GlobalState = core.GlobalState<K>;
/** @interface */
export type GlobalConfig = core.GlobalConfig<K>;
/** @interface */
export type Location = core.Location<K>;
/** @interface */
export type Exchange = core.Exchange<K>;
/** @interface */
export type Contributor = core.Contributor<K>;
/** @interface */
export type Permission = core.Permission<K>;
export type Account = core.Account<K>;
export type Pda = core.Pda<K>;
/** A getProgramAccounts filter in the RPC's shape (the core's `ProgramAccountsFilter`). */
export type GetProgramAccountsFilter = core.ProgramAccountsFilter;
// -- instructions, decoded
/** @interface */
export type TailAccounts = core.TailAccounts<K>;
/** @interface */
export type DecodedInstructionBase<N extends string, T extends core.DoubleZeroInstructionTag, A, Acc> = core.DecodedInstructionBase<N, T, A, Acc, K>;
export type DecodedInstruction = core.DecodedInstruction<K>;
/** @interface */
export type DecodedCreateDeviceArgs = core.DecodedCreateDeviceArgs<K>;
/** @interface */
export type DecodedUpdateDeviceArgs = core.DecodedUpdateDeviceArgs<K>;
/** @interface */
export type DecodedUpdateLinkArgs = core.DecodedUpdateLinkArgs<K>;
/** @interface */
export type CreateDeviceAccounts = core.CreateDeviceAccounts<K>;
/** @interface */
export type UpdateDeviceAccounts = core.UpdateDeviceAccounts<K>;
/** @interface */
export type DeleteDeviceAccounts = core.DeleteDeviceAccounts<K>;
/** @interface */
export type SetDeviceHealthAccounts = core.SetDeviceHealthAccounts<K>;
/** @interface */
export type CreateDeviceInterfaceAccounts = core.CreateDeviceInterfaceAccounts<K>;
/** @interface */
export type UpdateDeviceInterfaceAccounts = core.UpdateDeviceInterfaceAccounts<K>;
/** @interface */
export type DeleteDeviceInterfaceAccounts = core.DeleteDeviceInterfaceAccounts<K>;
/** @interface */
export type CreateLinkAccounts = core.CreateLinkAccounts<K>;
/** @interface */
export type AcceptLinkAccounts = core.AcceptLinkAccounts<K>;
/** @interface */
export type UpdateLinkAccounts = core.UpdateLinkAccounts<K>;
/** @interface */
export type DeleteLinkAccounts = core.DeleteLinkAccounts<K>;
/** @interface */
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
/** @interface */
export type MaintenanceStep = core.MaintenanceStep<K>;
/** @interface */
export type MaintenanceLink = core.MaintenanceLink<K>;
/** @interface */
export type PlannedLink = core.PlannedLink<K>;
/** @interface */
export type DeviceMaintenancePlanInput = core.DeviceMaintenancePlanInput<K>;
/** @interface */
export type DeviceReturnPlanInput = core.DeviceReturnPlanInput<K>;
export type PlannedStep = core.PlannedStep<K, Ix>;
/** @interface */
export type MaintenancePlan = core.MaintenancePlan<K, Ix>;
