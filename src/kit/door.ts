/**
 * The @solana/kit door's bound functions and types: the core's, with addresses as kit `Address`
 * strings, instructions as kit `Instruction`s (accounts with `AccountRole`s) and getProgramAccounts
 * filters in kit's shape. Nothing here loads @solana/kit or web3.js at run time: kit's types only.
 */
import type { AccountRole, Address, Instruction, ReadonlyUint8Array } from '@solana/kit';
import { environmentsWith } from '../core/environments.js';
import { instructionDecodersByTag, programIdForOf, programIdsOf, withInstruction, withInstructionDecoder, withKeys, withPda, withPlan, withPrelude } from '../core/door.js';
import * as core from '../core/index.js';
import { Reader as CoreReader } from '../core/codec/reader.js';
import { DoubleZeroInstructionTag } from '../core/instructions/tags.js';
import { checkInstruction, type CoreInstruction } from '../core/instructions/common.js';
import { validateFilters } from '../core/client/source.js';
import { TEXT_KEYS, type KeyKind } from '../core/keys.js';
import { ValidationError } from '../core/errors.js';
import { expectArray, expectBytes, expectKey, expectObject } from '../core/validate.js';
import { accountTypeFilter as coreAccountTypeFilter, pubkeyFilter as corePubkeyFilter, type AnyProgramAccountsFilter } from '../core/state/common.js';
import { deviceFilter as coreDeviceFilter } from '../core/state/device.js';
import { linkFilter as coreLinkFilter } from '../core/state/link.js';
import { contributorFilter as coreContributorFilter } from '../core/state/contributor.js';
import { exchangeFilter as coreExchangeFilter } from '../core/state/exchange.js';
import { locationFilter as coreLocationFilter } from '../core/state/location.js';
import { globalStateFilter as coreGlobalStateFilter } from '../core/state/globalState.js';
import { globalConfigFilter as coreGlobalConfigFilter } from '../core/state/globalConfig.js';
import { permissionFilter as corePermissionFilter } from '../core/state/permission.js';
import type { AccountType } from '../core/enums.js';

export type { Address } from '@solana/kit';

// Everything of the core that has no addresses or instructions; the declarations below shadow
// the core's generic ones with their kit forms.
export * from '../core/index.js';

/** The kit door's keys: base58 `Address` strings. */
export const ADDRESS_KEYS = TEXT_KEYS as unknown as KeyKind<Address>;

// kit's AccountRole values (a bit for "signer", a bit for "writable").
const READONLY = 0 as AccountRole;
const WRITABLE = 1 as AccountRole;
const READONLY_SIGNER = 2 as AccountRole;
const WRITABLE_SIGNER = 3 as AccountRole;

/** A kit instruction: its program, its accounts with their roles, its data. */
export type KitInstruction = Instruction & {
  /** The accounts, in the program's order. */
  readonly accounts: readonly {
    /** The account's address. */
    address: Address;
    /** Whether it signs and whether it is written (kit's AccountRole). */
    role: AccountRole;
  }[];
  /** The instruction data. */
  readonly data: Uint8Array;
};

/** A core instruction as a kit Instruction. */
export function toKitInstruction(ix: CoreInstruction): KitInstruction {
  checkInstruction(ix, undefined);
  return {
    programAddress: ADDRESS_KEYS.from(ix.programId),
    accounts: ix.keys.map((k) => ({
      address: ADDRESS_KEYS.from(k.pubkey),
      role: k.isSigner ? (k.isWritable ? WRITABLE_SIGNER : READONLY_SIGNER) : k.isWritable ? WRITABLE : READONLY,
    })),
    data: ix.data,
  };
}

/** A kit Instruction (as handed out by this door, or built by the application) as a core one. */
export function fromKitInstruction(ix: Instruction, name = 'instruction'): CoreInstruction {
  expectObject(ix, name);
  expectKey(ix.programAddress, `${name}.programAddress`);
  const accounts = ix.accounts ?? [];
  expectArray(accounts, `${name}.accounts`);
  const data = (ix.data ?? new Uint8Array()) as ReadonlyUint8Array;
  expectBytes(data, `${name}.data`);
  return {
    programId: ix.programAddress,
    keys: accounts.map((a, i) => {
      expectObject(a, `${name}.accounts[${i}]`);
      if (!('role' in a) || typeof a.role !== 'number' || a.role < 0 || a.role > 3) {
        throw new ValidationError(`${name}.accounts[${i}]`, 'must be an account with an address and a role (lookup-table accounts are not supported)');
      }
      expectKey(a.address, `${name}.accounts[${i}].address`);
      return { pubkey: a.address, isSigner: (a.role & 2) !== 0, isWritable: (a.role & 1) !== 0 };
    }),
    data: data as Uint8Array,
  };
}

// -- kit-shaped getProgramAccounts filters (offsets and sizes as bigints, the encoding stated)

/** A getProgramAccounts filter as kit's `getProgramAccounts` takes it. */
export type KitProgramAccountsFilter =
  | {
      /** Keep the accounts whose data holds `bytes` at `offset`. */
      readonly memcmp: {
        /** Byte offset in the account data. */
        readonly offset: bigint;
        /** The bytes to compare, encoded as `encoding` says. */
        readonly bytes: string;
        /** How `bytes` is encoded. */
        readonly encoding: 'base58' | 'base64';
      };
    }
  | {
      /** Keep the accounts whose data is exactly this many bytes long. */
      readonly dataSize: bigint;
    };

/** A core filter in kit's shape. */
export function toKitFilter(f: AnyProgramAccountsFilter): KitProgramAccountsFilter {
  expectObject(f, 'filter');
  const [g] = validateFilters([f]);
  if ('memcmp' in g!) return { memcmp: { offset: BigInt(g.memcmp.offset), bytes: g.memcmp.bytes, encoding: g.memcmp.encoding ?? 'base58' } };
  return { dataSize: BigInt(g!.dataSize) };
}

export const accountTypeFilter = (accountType: AccountType): KitProgramAccountsFilter => toKitFilter(coreAccountTypeFilter(accountType));
export const pubkeyFilter = (offset: number, key: Address): KitProgramAccountsFilter => toKitFilter(corePubkeyFilter(offset, key));
export const deviceFilter = (): KitProgramAccountsFilter => toKitFilter(coreDeviceFilter());
export const linkFilter = (): KitProgramAccountsFilter => toKitFilter(coreLinkFilter());
export const contributorFilter = (): KitProgramAccountsFilter => toKitFilter(coreContributorFilter());
export const exchangeFilter = (): KitProgramAccountsFilter => toKitFilter(coreExchangeFilter());
export const locationFilter = (): KitProgramAccountsFilter => toKitFilter(coreLocationFilter());
export const globalStateFilter = (): KitProgramAccountsFilter => toKitFilter(coreGlobalStateFilter());
export const globalConfigFilter = (): KitProgramAccountsFilter => toKitFilter(coreGlobalConfigFilter());
export const permissionFilter = (): KitProgramAccountsFilter => toKitFilter(corePermissionFilter());

const KEYS = ADDRESS_KEYS;
const IX = toKitInstruction;
const fromIx = (ix: Instruction): core.CoreInstruction => fromKitInstruction(ix, 'ix');

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

// -- raw builders, their Args and instruction decoders (kit Instructions in and out)
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
/** Decodes any live Device/Link instruction (a kit Instruction) into its name, args and named accounts. */
export const decodeInstruction = /* @__PURE__ */ withInstructionDecoder(core.decodeInstruction, KEYS, fromIx);

/** The per-instruction decoders by tag (kit Instructions in). */
export const INSTRUCTION_DECODERS = /* @__PURE__ */ instructionDecodersByTag<(ix: Instruction, opts?: core.DecodeInstructionOptions) => DecodedInstruction>({
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

/** A strict Borsh reader (see the core Reader) whose addresses come out as Addresses. */
export class Reader extends CoreReader<Address> {
  constructor(buf: Uint8Array, typeName: string, offset = 0) {
    super(buf, typeName, offset, ADDRESS_KEYS);
  }
}

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

type K = Address;
type Ix = KitInstruction;

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
// -- instructions, decoded
export type DecodedInstruction = core.DecodedInstruction<K>;
/** @interface */
export type DecodedCreateDeviceArgs = core.DecodedCreateDeviceArgs<K>;
/** @interface */
export type DecodedUpdateDeviceArgs = core.DecodedUpdateDeviceArgs<K>;
/** @interface */
export type DecodedUpdateLinkArgs = core.DecodedUpdateLinkArgs<K>;
export type LinkUpdateAuthority = core.LinkUpdateAuthority<K>;
// -- lifecycle plans
/** @interface */
export type PlannedLink = core.PlannedLink<K>;
/** @interface */
export type DeviceMaintenancePlanInput = core.DeviceMaintenancePlanInput<K>;
/** @interface */
export type DeviceReturnPlanInput = core.DeviceReturnPlanInput<K>;
export type PlannedStep = core.PlannedStep<K, Ix>;
/** @interface */
export type MaintenancePlan = core.MaintenancePlan<K, Ix>;
