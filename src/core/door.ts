/**
 * What makes a door: every core function that gives back addresses or instructions, bound to
 * the door's key kind and instruction form. `dzprov` (web3.js v1: PublicKey, TransactionInstruction)
 * and `dzprov/kit` (Address, kit Instruction) are each one call of `makeDoor` plus their client;
 * nothing of the logic is written twice.
 */
import type { KeyInput, KeyKind } from './keys.js';
import type { AccountBytes, DecodeOptions } from './state/common.js';
import { decodeDevice, decodeDeviceLegacyInterfaces, type Device } from './state/device.js';
import { viewDevice } from './state/viewDevice.js';
import { decodeLink, type Link } from './state/link.js';
import { decodeGlobalState, type GlobalState } from './state/globalState.js';
import { decodeGlobalConfig, type GlobalConfig } from './state/globalConfig.js';
import { decodeLocation, type Location } from './state/location.js';
import { decodeExchange, type Exchange } from './state/exchange.js';
import { decodeContributor, type Contributor } from './state/contributor.js';
import { decodePermission, type Permission } from './state/permission.js';
import { decodeAccount, type Account } from './state/index.js';
import type { LegacyInterface } from './state/interface.js';
import * as pda from './pda.js';
import { PROGRAM_ADDRESSES, checkNetwork, type Network } from './programIds.js';
import type { CoreInstruction, DecodeInstructionOptions } from './instructions/common.js';
import { SYSTEM_PROGRAM_ADDRESS } from './instructions/common.js';
import { COMPUTE_BUDGET_PROGRAM_ADDRESS, computeBudgetPrelude, type ComputeBudgetPreludeOptions } from './instructions/computeBudget.js';
import * as ix from './instructions/index.js';
import * as checked from './instructions/checked.js';
import { planDeviceMaintenance, planDeviceReturn, type DeviceMaintenancePlanInput, type DeviceReturnPlanInput, type MaintenancePlan } from './instructions/planner.js';
import { DoubleZeroInstructionTag } from './instructions/tags.js';

/** A builder's result in the door's form. */
type Out<F extends (...a: never[]) => CoreInstruction, Ix> = (...a: Parameters<F>) => Ix;

/*
 * Each binder is called once per door, at module level, marked pure: a bundler keeps only the
 * groups an application uses (a dashboard that decodes accounts gets no builder, PDA or client).
 */

/** The account decoders, giving addresses as `keys` makes them. */
export function bindAccounts<K extends KeyInput>(keys: KeyKind<K>) {
  return {
    decodeDevice: (input: AccountBytes, opts?: DecodeOptions): Device<K> => decodeDevice(input, opts, keys),
    viewDevice: (input: AccountBytes, opts?: DecodeOptions): Device<K> => viewDevice(input, opts, keys),
    decodeDeviceLegacyInterfaces: (input: AccountBytes, opts?: DecodeOptions): LegacyInterface<K>[] =>
      decodeDeviceLegacyInterfaces(input, opts, keys),
    decodeLink: (input: AccountBytes, opts?: DecodeOptions): Link<K> => decodeLink(input, opts, keys),
    decodeGlobalState: (input: AccountBytes, opts?: DecodeOptions): GlobalState<K> => decodeGlobalState(input, opts, keys),
    decodeGlobalConfig: (input: AccountBytes, opts?: DecodeOptions): GlobalConfig<K> => decodeGlobalConfig(input, opts, keys),
    decodeLocation: (input: AccountBytes, opts?: DecodeOptions): Location<K> => decodeLocation(input, opts, keys),
    decodeExchange: (input: AccountBytes, opts?: DecodeOptions): Exchange<K> => decodeExchange(input, opts, keys),
    decodeContributor: (input: AccountBytes, opts?: DecodeOptions): Contributor<K> => decodeContributor(input, opts, keys),
    decodePermission: (input: AccountBytes, opts?: DecodeOptions): Permission<K> => decodePermission(input, opts, keys),
    decodeAccount: (input: AccountBytes, opts?: DecodeOptions): Account<K> => decodeAccount(input, opts, keys),
  };
}

/** Program ids and PDAs, as `keys` makes addresses. */
export function bindAddresses<K extends KeyInput>(keys: KeyKind<K>) {
  const pdaOf = (p: pda.Pda): pda.Pda<K> => [keys.from(p[0]), p[1]];
  const programIds = Object.freeze(
    Object.fromEntries(Object.entries(PROGRAM_ADDRESSES).map(([n, a]) => [n, keys.from(a)])) as Record<Network, K>,
  );
  return {
    PROGRAM_IDS: programIds,
    programIdFor: (network: string): K => programIds[checkNetwork(network)],
    SYSTEM_PROGRAM_ID: keys.from(SYSTEM_PROGRAM_ADDRESS),
    COMPUTE_BUDGET_PROGRAM_ID: keys.from(COMPUTE_BUDGET_PROGRAM_ADDRESS),
    getGlobalStatePda: (programId: KeyInput) => pdaOf(pda.getGlobalStatePda(programId)),
    getGlobalConfigPda: (programId: KeyInput) => pdaOf(pda.getGlobalConfigPda(programId)),
    getProgramConfigPda: (programId: KeyInput) => pdaOf(pda.getProgramConfigPda(programId)),
    getLocationPda: (programId: KeyInput, index: number | bigint) => pdaOf(pda.getLocationPda(programId, index)),
    getExchangePda: (programId: KeyInput, index: number | bigint) => pdaOf(pda.getExchangePda(programId, index)),
    getDevicePda: (programId: KeyInput, index: number | bigint) => pdaOf(pda.getDevicePda(programId, index)),
    getLinkPda: (programId: KeyInput, index: number | bigint) => pdaOf(pda.getLinkPda(programId, index)),
    getContributorPda: (programId: KeyInput, index: number | bigint) => pdaOf(pda.getContributorPda(programId, index)),
    getPermissionPda: (programId: KeyInput, userPayer: KeyInput) => pdaOf(pda.getPermissionPda(programId, userPayer)),
    getTopologyPda: (programId: KeyInput, name: string) => pdaOf(pda.getTopologyPda(programId, name)),
    getResourceExtensionPda: (programId: KeyInput, resource: pda.ResourceType) => pdaOf(pda.getResourceExtensionPda(programId, resource)),
    getDeviceTunnelBlockPda: (programId: KeyInput) => pdaOf(pda.getDeviceTunnelBlockPda(programId)),
    getLinkIdsPda: (programId: KeyInput) => pdaOf(pda.getLinkIdsPda(programId)),
    getSegmentRoutingIdsPda: (programId: KeyInput) => pdaOf(pda.getSegmentRoutingIdsPda(programId)),
    getTunnelIdsPda: (programId: KeyInput, device: KeyInput, index: number | bigint = 0) => pdaOf(pda.getTunnelIdsPda(programId, device, index)),
    getDzPrefixBlockPda: (programId: KeyInput, device: KeyInput, index: number | bigint) =>
      pdaOf(pda.getDzPrefixBlockPda(programId, device, index)),
  };
}

function builder<Ix>(toIx: (c: CoreInstruction) => Ix) {
  return <F extends (...a: never[]) => CoreInstruction>(f: F): Out<F, Ix> =>
    (...a) =>
      toIx(f(...a));
}

/** The raw builders and the instruction decoders, instructions as `toIx` makes them. */
export function bindInstructions<K extends KeyInput, Ix>(keys: KeyKind<K>, toIx: (c: CoreInstruction) => Ix) {
  const build = builder(toIx);
  const decoders = {
    [DoubleZeroInstructionTag.CreateDevice]: (i: CoreInstruction, o?: DecodeInstructionOptions) => ix.decodeCreateDeviceInstruction(i, o, keys),
    [DoubleZeroInstructionTag.UpdateDevice]: (i: CoreInstruction, o?: DecodeInstructionOptions) => ix.decodeUpdateDeviceInstruction(i, o, keys),
    [DoubleZeroInstructionTag.DeleteDevice]: (i: CoreInstruction, o?: DecodeInstructionOptions) => ix.decodeDeleteDeviceInstruction(i, o, keys),
    [DoubleZeroInstructionTag.SetDeviceHealth]: (i: CoreInstruction, o?: DecodeInstructionOptions) => ix.decodeSetDeviceHealthInstruction(i, o, keys),
    [DoubleZeroInstructionTag.CreateDeviceInterface]: (i: CoreInstruction, o?: DecodeInstructionOptions) =>
      ix.decodeCreateDeviceInterfaceInstruction(i, o, keys),
    [DoubleZeroInstructionTag.UpdateDeviceInterface]: (i: CoreInstruction, o?: DecodeInstructionOptions) =>
      ix.decodeUpdateDeviceInterfaceInstruction(i, o, keys),
    [DoubleZeroInstructionTag.DeleteDeviceInterface]: (i: CoreInstruction, o?: DecodeInstructionOptions) =>
      ix.decodeDeleteDeviceInterfaceInstruction(i, o, keys),
    [DoubleZeroInstructionTag.CreateLink]: (i: CoreInstruction, o?: DecodeInstructionOptions) => ix.decodeCreateLinkInstruction(i, o, keys),
    [DoubleZeroInstructionTag.AcceptLink]: (i: CoreInstruction, o?: DecodeInstructionOptions) => ix.decodeAcceptLinkInstruction(i, o, keys),
    [DoubleZeroInstructionTag.UpdateLink]: (i: CoreInstruction, o?: DecodeInstructionOptions) => ix.decodeUpdateLinkInstruction(i, o, keys),
    [DoubleZeroInstructionTag.DeleteLink]: (i: CoreInstruction, o?: DecodeInstructionOptions) => ix.decodeDeleteLinkInstruction(i, o, keys),
    [DoubleZeroInstructionTag.SetLinkHealth]: (i: CoreInstruction, o?: DecodeInstructionOptions) => ix.decodeSetLinkHealthInstruction(i, o, keys),
  };

  return {
    // -- raw builders and their decoders
    createCreateDeviceInstruction: build(ix.createCreateDeviceInstruction),
    createUpdateDeviceInstruction: build(ix.createUpdateDeviceInstruction),
    createDeleteDeviceInstruction: build(ix.createDeleteDeviceInstruction),
    createSetDeviceHealthInstruction: build(ix.createSetDeviceHealthInstruction),
    createCreateDeviceInterfaceInstruction: build(ix.createCreateDeviceInterfaceInstruction),
    createUpdateDeviceInterfaceInstruction: build(ix.createUpdateDeviceInterfaceInstruction),
    createDeleteDeviceInterfaceInstruction: build(ix.createDeleteDeviceInterfaceInstruction),
    createCreateLinkInstruction: build(ix.createCreateLinkInstruction),
    createAcceptLinkInstruction: build(ix.createAcceptLinkInstruction),
    createUpdateLinkInstruction: build(ix.createUpdateLinkInstruction),
    createDeleteLinkInstruction: build(ix.createDeleteLinkInstruction),
    createSetLinkHealthInstruction: build(ix.createSetLinkHealthInstruction),
    computeBudgetPrelude: (opts?: ComputeBudgetPreludeOptions): [Ix, Ix] => {
      const [a, b] = computeBudgetPrelude(opts);
      return [toIx(a), toIx(b)];
    },
    decodeCreateDeviceArgs: (data: Uint8Array) => ix.decodeCreateDeviceArgs(data, keys),
    decodeUpdateDeviceArgs: (data: Uint8Array) => ix.decodeUpdateDeviceArgs(data, keys),
    decodeDeleteDeviceArgs: (data: Uint8Array) => ix.decodeDeleteDeviceArgs(data, keys),
    decodeSetDeviceHealthArgs: (data: Uint8Array) => ix.decodeSetDeviceHealthArgs(data, keys),
    decodeCreateDeviceInterfaceArgs: (data: Uint8Array) => ix.decodeCreateDeviceInterfaceArgs(data, keys),
    decodeUpdateDeviceInterfaceArgs: (data: Uint8Array) => ix.decodeUpdateDeviceInterfaceArgs(data, keys),
    decodeDeleteDeviceInterfaceArgs: (data: Uint8Array) => ix.decodeDeleteDeviceInterfaceArgs(data, keys),
    decodeCreateLinkArgs: (data: Uint8Array) => ix.decodeCreateLinkArgs(data, keys),
    decodeAcceptLinkArgs: (data: Uint8Array) => ix.decodeAcceptLinkArgs(data, keys),
    decodeUpdateLinkArgs: (data: Uint8Array) => ix.decodeUpdateLinkArgs(data, keys),
    decodeDeleteLinkArgs: (data: Uint8Array) => ix.decodeDeleteLinkArgs(data, keys),
    decodeSetLinkHealthArgs: (data: Uint8Array) => ix.decodeSetLinkHealthArgs(data, keys),
    decodeCreateDeviceInstruction: decoders[DoubleZeroInstructionTag.CreateDevice],
    decodeUpdateDeviceInstruction: decoders[DoubleZeroInstructionTag.UpdateDevice],
    decodeDeleteDeviceInstruction: decoders[DoubleZeroInstructionTag.DeleteDevice],
    decodeSetDeviceHealthInstruction: decoders[DoubleZeroInstructionTag.SetDeviceHealth],
    decodeCreateDeviceInterfaceInstruction: decoders[DoubleZeroInstructionTag.CreateDeviceInterface],
    decodeUpdateDeviceInterfaceInstruction: decoders[DoubleZeroInstructionTag.UpdateDeviceInterface],
    decodeDeleteDeviceInterfaceInstruction: decoders[DoubleZeroInstructionTag.DeleteDeviceInterface],
    decodeCreateLinkInstruction: decoders[DoubleZeroInstructionTag.CreateLink],
    decodeAcceptLinkInstruction: decoders[DoubleZeroInstructionTag.AcceptLink],
    decodeUpdateLinkInstruction: decoders[DoubleZeroInstructionTag.UpdateLink],
    decodeDeleteLinkInstruction: decoders[DoubleZeroInstructionTag.DeleteLink],
    decodeSetLinkHealthInstruction: decoders[DoubleZeroInstructionTag.SetLinkHealth],
    INSTRUCTION_DECODERS: Object.freeze(decoders),
    decodeInstruction: (i: CoreInstruction, opts?: DecodeInstructionOptions) => ix.decodeInstruction(i, opts, keys),
  };
}

/** The lifecycle-checked builders and the maintenance planner, instructions as `toIx` makes them. */
export function bindChecked<K extends KeyInput, Ix>(toIx: (c: CoreInstruction) => Ix) {
  const build = builder(toIx);
  const planOf = (plan: MaintenancePlan<K>): MaintenancePlan<K, Ix> => ({
    ...plan,
    steps: plan.steps.map((s) => (s.blocked ? s : { ...s, instruction: toIx(s.instruction) })),
  });
  return {
    drainDevice: build(checked.drainDevice),
    undrainDevice: build(checked.undrainDevice),
    promoteDevice: build(checked.promoteDevice),
    changeDeviceStatus: build(checked.changeDeviceStatus),
    setDeviceDesiredStatus: build(checked.setDeviceDesiredStatus),
    setDeviceHealth: build(checked.setDeviceHealth),
    deleteDevice: build(checked.deleteDevice),
    softDrainLink: build(checked.softDrainLink),
    hardDrainLink: build(checked.hardDrainLink),
    activateLink: build(checked.activateLink),
    changeLinkStatus: build(checked.changeLinkStatus),
    acceptLink: build(checked.acceptLink),
    setLinkDesiredStatus: build(checked.setLinkDesiredStatus),
    setLinkHealth: build(checked.setLinkHealth),
    deleteLink: build(checked.deleteLink),
    planDeviceMaintenance: (input: DeviceMaintenancePlanInput<K>): MaintenancePlan<K, Ix> => planOf(planDeviceMaintenance(input)),
    planDeviceReturn: (input: DeviceReturnPlanInput<K>): MaintenancePlan<K, Ix> => planOf(planDeviceReturn(input)),
  };
}
