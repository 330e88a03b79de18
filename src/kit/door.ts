/**
 * The @solana/kit door's bound functions and types: the core's, with addresses as kit `Address`
 * strings, instructions as kit `Instruction`s (accounts with `AccountRole`s) and getProgramAccounts
 * filters in kit's shape. Nothing here loads @solana/kit or web3.js at run time: kit's types only.
 */
import type { AccountRole, Address, Instruction, ReadonlyUint8Array } from '@solana/kit';
import { bindAccounts, bindAddresses, bindChecked, bindInstructions } from '../core/door.js';
import { Reader as CoreReader } from '../core/codec/reader.js';
import { DoubleZeroInstructionTag } from '../core/instructions/tags.js';
import type { CoreInstruction } from '../core/instructions/common.js';
import { TEXT_KEYS, type KeyKind } from '../core/keys.js';
import { ValidationError } from '../core/errors.js';
import { expectArray, expectBytes, expectKey, expectObject } from '../core/validate.js';
import { accountTypeFilter as coreAccountTypeFilter, pubkeyFilter as corePubkeyFilter, type ProgramAccountsFilter } from '../core/state/common.js';
import { deviceFilter as coreDeviceFilter } from '../core/state/device.js';
import { linkFilter as coreLinkFilter } from '../core/state/link.js';
import { contributorFilter as coreContributorFilter } from '../core/state/contributor.js';
import { exchangeFilter as coreExchangeFilter } from '../core/state/exchange.js';
import { locationFilter as coreLocationFilter } from '../core/state/location.js';
import { globalStateFilter as coreGlobalStateFilter } from '../core/state/globalState.js';
import { globalConfigFilter as coreGlobalConfigFilter } from '../core/state/globalConfig.js';
import { permissionFilter as corePermissionFilter } from '../core/state/permission.js';
import type * as core from '../core/index.js';
import type { AccountType } from '../core/enums.js';

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
export type KitInstruction = Instruction & { readonly accounts: readonly { address: Address; role: AccountRole }[]; readonly data: Uint8Array };

/** A core instruction as a kit Instruction. */
export function toKitInstruction(ix: CoreInstruction): KitInstruction {
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
export function fromKitInstruction(ix: Instruction): CoreInstruction {
  expectObject(ix, 'instruction');
  expectKey(ix.programAddress, 'instruction.programAddress');
  const accounts = ix.accounts ?? [];
  expectArray(accounts, 'instruction.accounts');
  const data = (ix.data ?? new Uint8Array()) as ReadonlyUint8Array;
  expectBytes(data, 'instruction.data');
  return {
    programId: ix.programAddress,
    keys: accounts.map((a, i) => {
      expectObject(a, `instruction.accounts[${i}]`);
      if (!('role' in a) || typeof a.role !== 'number' || a.role < 0 || a.role > 3) {
        throw new ValidationError(`instruction.accounts[${i}]`, 'must be an account with an address and a role (lookup-table accounts are not supported)');
      }
      expectKey(a.address, `instruction.accounts[${i}].address`);
      return { pubkey: a.address, isSigner: (a.role & 2) !== 0, isWritable: (a.role & 1) !== 0 };
    }),
    data: data as Uint8Array,
  };
}

// -- kit-shaped getProgramAccounts filters (offsets and sizes as bigints, the encoding stated)

/** A getProgramAccounts filter as kit's `getProgramAccounts` takes it. */
export type KitProgramAccountsFilter =
  | { readonly memcmp: { readonly offset: bigint; readonly bytes: string; readonly encoding: 'base58' | 'base64' } }
  | { readonly dataSize: bigint };

/** A core filter in kit's shape. */
export function toKitFilter(f: ProgramAccountsFilter): KitProgramAccountsFilter {
  if ('memcmp' in f) return { memcmp: { offset: BigInt(f.memcmp.offset), bytes: f.memcmp.bytes, encoding: f.memcmp.encoding ?? 'base58' } };
  return { dataSize: BigInt(f.dataSize) };
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
} = /* @__PURE__ */ bindAccounts(ADDRESS_KEYS);

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
} = /* @__PURE__ */ bindAddresses(ADDRESS_KEYS);

const instructions = /* @__PURE__ */ bindInstructions(ADDRESS_KEYS, toKitInstruction);

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
} = instructions;

type Opts = core.DecodeInstructionOptions;
/** Decodes any live Device/Link instruction (a kit Instruction) into its name, args and named accounts. */
export const decodeInstruction = (ix: Instruction, opts?: Opts): DecodedInstruction => instructions.decodeInstruction(fromKitInstruction(ix), opts);
export const decodeCreateDeviceInstruction = (ix: Instruction, opts?: Opts) => instructions.decodeCreateDeviceInstruction(fromKitInstruction(ix), opts);
export const decodeUpdateDeviceInstruction = (ix: Instruction, opts?: Opts) => instructions.decodeUpdateDeviceInstruction(fromKitInstruction(ix), opts);
export const decodeDeleteDeviceInstruction = (ix: Instruction, opts?: Opts) => instructions.decodeDeleteDeviceInstruction(fromKitInstruction(ix), opts);
export const decodeSetDeviceHealthInstruction = (ix: Instruction, opts?: Opts) =>
  instructions.decodeSetDeviceHealthInstruction(fromKitInstruction(ix), opts);
export const decodeCreateDeviceInterfaceInstruction = (ix: Instruction, opts?: Opts) =>
  instructions.decodeCreateDeviceInterfaceInstruction(fromKitInstruction(ix), opts);
export const decodeUpdateDeviceInterfaceInstruction = (ix: Instruction, opts?: Opts) =>
  instructions.decodeUpdateDeviceInterfaceInstruction(fromKitInstruction(ix), opts);
export const decodeDeleteDeviceInterfaceInstruction = (ix: Instruction, opts?: Opts) =>
  instructions.decodeDeleteDeviceInterfaceInstruction(fromKitInstruction(ix), opts);
export const decodeCreateLinkInstruction = (ix: Instruction, opts?: Opts) => instructions.decodeCreateLinkInstruction(fromKitInstruction(ix), opts);
export const decodeAcceptLinkInstruction = (ix: Instruction, opts?: Opts) => instructions.decodeAcceptLinkInstruction(fromKitInstruction(ix), opts);
export const decodeUpdateLinkInstruction = (ix: Instruction, opts?: Opts) => instructions.decodeUpdateLinkInstruction(fromKitInstruction(ix), opts);
export const decodeDeleteLinkInstruction = (ix: Instruction, opts?: Opts) => instructions.decodeDeleteLinkInstruction(fromKitInstruction(ix), opts);
export const decodeSetLinkHealthInstruction = (ix: Instruction, opts?: Opts) => instructions.decodeSetLinkHealthInstruction(fromKitInstruction(ix), opts);

/** The per-instruction decoders by tag (kit Instructions in). */
export const INSTRUCTION_DECODERS = /* @__PURE__ */ Object.freeze({
  [DoubleZeroInstructionTag.CreateDevice]: decodeCreateDeviceInstruction,
  [DoubleZeroInstructionTag.UpdateDevice]: decodeUpdateDeviceInstruction,
  [DoubleZeroInstructionTag.DeleteDevice]: decodeDeleteDeviceInstruction,
  [DoubleZeroInstructionTag.SetDeviceHealth]: decodeSetDeviceHealthInstruction,
  [DoubleZeroInstructionTag.CreateDeviceInterface]: decodeCreateDeviceInterfaceInstruction,
  [DoubleZeroInstructionTag.UpdateDeviceInterface]: decodeUpdateDeviceInterfaceInstruction,
  [DoubleZeroInstructionTag.DeleteDeviceInterface]: decodeDeleteDeviceInterfaceInstruction,
  [DoubleZeroInstructionTag.CreateLink]: decodeCreateLinkInstruction,
  [DoubleZeroInstructionTag.AcceptLink]: decodeAcceptLinkInstruction,
  [DoubleZeroInstructionTag.UpdateLink]: decodeUpdateLinkInstruction,
  [DoubleZeroInstructionTag.DeleteLink]: decodeDeleteLinkInstruction,
  [DoubleZeroInstructionTag.SetLinkHealth]: decodeSetLinkHealthInstruction,
});

/** A strict Borsh reader (see the core Reader) whose addresses come out as Addresses. */
export class Reader extends CoreReader<Address> {
  constructor(buf: Uint8Array, typeName: string, offset = 0) {
    super(buf, typeName, offset, ADDRESS_KEYS);
  }
}

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
} = /* @__PURE__ */ bindChecked<K, Ix>(toKitInstruction);

type K = Address;
type Ix = KitInstruction;

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
// -- instructions, decoded
export type DecodedInstruction = core.DecodedInstruction<K>;
export type DecodedCreateDeviceArgs = core.DecodedCreateDeviceArgs<K>;
export type DecodedUpdateDeviceArgs = core.DecodedUpdateDeviceArgs<K>;
export type DecodedUpdateLinkArgs = core.DecodedUpdateLinkArgs<K>;
export type LinkUpdateAuthority = core.LinkUpdateAuthority<K>;
// -- lifecycle plans
export type PlannedLink = core.PlannedLink<K>;
export type DeviceMaintenancePlanInput = core.DeviceMaintenancePlanInput<K>;
export type DeviceReturnPlanInput = core.DeviceReturnPlanInput<K>;
export type PlannedStep = core.PlannedStep<K, Ix>;
export type MaintenancePlan = core.MaintenancePlan<K, Ix>;
