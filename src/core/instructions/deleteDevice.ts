import type { KeyInput, KeyKind } from '../keys.js';
import { ValidationError } from '../errors.js';
import { getDzPrefixBlockPda, getTunnelIdsPda } from '../pda.js';
import {
  ArgsReader,
  beginData,
  checkKey,
  decodeInstructionAs,
  finishInstruction,
  globalStatePda,
  small,
  writable,
  type BaseBuilderInput,
  type DecodedInstructionBase,
  type DecodeInstructionOptions,
  type TailAccounts,
  checkBuilderInput,
  type CoreInstruction,
} from './common.js';
import { expectObject } from '../validate.js';
import { EXPECTED_PROGRAM_ERRORS } from './errors.js';
import { DoubleZeroInstructionTag } from './tags.js';
import { fail } from './validation.js';

const TYPE = 'DeleteDevice args';

/** DeviceDeleteArgs (docs/wire-format.md#deletedevice). 0 selects the legacy path, R > 0 the atomic one. */
export interface DeleteDeviceArgs {
  /** How many resource-extension accounts (allocation tables) the instruction carries. */
  resourceCount: number | bigint;
}
/** The arguments of a DeleteDevice instruction as decoded from its data; a field the data lacks holds the program's fallback. */
export interface DecodedDeleteDeviceArgs {
  /** How many resource-extension accounts (allocation tables) the instruction carries. */
  resourceCount: number;
}

/** Full DeleteDevice instruction data: tag 26 + resource_count (u8). */
export function encodeDeleteDeviceArgs(args: DeleteDeviceArgs): Uint8Array {
  expectObject(args, 'args');
  const w = beginData(TYPE, DoubleZeroInstructionTag.DeleteDevice, 2);
  w.u8(small(args.resourceCount), 'resource_count');
  return w.finish();
}

/** Decodes DeleteDevice data; tag-only data decodes resource_count = 0 (the legacy path). */
export function decodeDeleteDeviceArgs<K = Uint8Array>(keys: KeyKind<K> | undefined, data: Uint8Array): DecodedDeleteDeviceArgs & {
  /** The fields (snake_case) the data lacks, which took the program's fallbacks. */
  defaultedFields: string[];
  /** Bytes after the last field (the program ignores them). */
  trailingBytes: number;
} {
  const a = new ArgsReader(data, TYPE, DoubleZeroInstructionTag.DeleteDevice, keys);
  const resourceCount = a.field('resource_count', 0, (r) => r.u8('resource_count'));
  return a.done({ resourceCount });
}

/**
 * How the device's resource accounts are closed (the Rust DeviceDeleteResources):
 * `legacy` marks the device Deleting and closes nothing; `atomic` closes the device and its
 * resource accounts. `owners[i]` is the on-chain owner of resource i (i = 0: TunnelIds(device,
 * 0); i ≥ 1: DzPrefixBlock(device, i - 1)); normally 1 + number of dz_prefixes entries.
 */
export type DeviceDeleteResources =
  | {
      /** Mark the device Deleting and close nothing. */
      kind: 'legacy';
    }
  | {
      /** Close the device and its resource accounts. */
      kind: 'atomic';
      /** device.location_pk */
      location: KeyInput;
      /** device.exchange_pk */
      exchange: KeyInput;
      /** The on-chain owner of each resource account, in resource order (see above). */
      owners: readonly KeyInput[];
      /** device.owner (receives the device account's lamports). */
      deviceOwner: KeyInput;
    };

export interface CreateDeleteDeviceInstructionInput extends BaseBuilderInput {
  /** The Device account. */
  device: KeyInput;
  /** device.contributor_pk */
  contributor: KeyInput;
  /** The resource-extension accounts the deletion releases, and their owners. */
  resources: DeviceDeleteResources;
}

/**
 * Offline checks: the atomic form needs at least one resource owner (with none, the program
 * would read resource_count 0, take the legacy path and misread the accounts).
 */
export function validateDeleteDeviceResources(resources: DeviceDeleteResources): void {
  expectObject(resources, 'resources');
  if (resources.kind === 'atomic' && Array.isArray(resources.owners) && resources.owners.length === 0) {
    fail('owners', 'the atomic form needs at least the TunnelIds owner', EXPECTED_PROGRAM_ERRORS.Panic);
  }
}

/**
 * DeleteDevice (tag 26). Legacy: device, contributor, GlobalState, payer, system. Atomic:
 * device, contributor, GlobalState, location, exchange, the R resource PDAs, their R owners,
 * the device owner, payer, system; resource_count = R = owners.length. The Permission PDA
 * goes last with `appendPermission`.
 */
export function createDeleteDeviceInstruction(input: CreateDeleteDeviceInstructionInput): CoreInstruction {
  checkBuilderInput(input, false);
  const { programId, device, contributor, resources } = input;
  checkKey(device, 'device');
  checkKey(contributor, 'contributor');
  if (resources?.kind !== 'legacy' && resources?.kind !== 'atomic') {
    throw new ValidationError('resources', "must be { kind: 'legacy' } or { kind: 'atomic', location, exchange, owners, deviceOwner }");
  }
  if (input.validate !== false) validateDeleteDeviceResources(resources);
  const keys = [writable(device), writable(contributor), writable(globalStatePda(programId))];
  if (resources.kind === 'legacy') return finishInstruction(input, keys, encodeDeleteDeviceArgs({ resourceCount: 0 }));

  checkKey(resources.location, 'location');
  checkKey(resources.exchange, 'exchange');
  checkKey(resources.deviceOwner, 'device_owner');
  const owners = resources.owners;
  if (!Array.isArray(owners)) throw new ValidationError('owners', 'must be an array of KeyInput');
  owners.forEach((o, i) => checkKey(o, `owners[${i}]`));
  keys.push(writable(resources.location), writable(resources.exchange));
  for (let i = 0; i < owners.length; i++) {
    keys.push(writable(i === 0 ? getTunnelIdsPda(programId, device, 0)[0] : getDzPrefixBlockPda(programId, device, i - 1)[0]));
  }
  for (const o of owners) keys.push(writable(o));
  keys.push(writable(resources.deviceOwner));
  return finishInstruction(input, keys, encodeDeleteDeviceArgs({ resourceCount: owners.length }));
}

/** The accounts of a DeleteDevice instruction by role (in the program's order on the wire). */
export interface DeleteDeviceAccounts<K = KeyInput> extends TailAccounts<K> {
  /** The Device account. */
  device: K;
  /** The Contributor account that operates the device or link. */
  contributor: K;
  /** The program's GlobalState account. */
  globalState: K;
  /** Atomic form only. */
  location?: K;
  /** The Exchange account of the device. */
  exchange?: K;
  /** Atomic form: TunnelIds(device, 0), then DzPrefixBlock(device, i). Empty for legacy. */
  resources: K[];
  /** Atomic form: the owner of each resource account, same order. Empty for legacy. */
  resourceOwners: K[];
  /** The device's recorded owner (receives the closed account's lamports). */
  deviceOwner?: K;
}

/** A decoded DeleteDevice instruction: its name, tag, arguments and accounts by role. */
export type DecodedDeleteDeviceInstruction<K = KeyInput> = DecodedInstructionBase<
  'DeleteDevice',
  DoubleZeroInstructionTag.DeleteDevice,
  DecodedDeleteDeviceArgs,
  DeleteDeviceAccounts<K>,
  K
> & {
  /** Which path the instruction takes: "legacy" (resource count 0: marks the device Deleting) or "atomic" (closes it and its resources). */
  form: 'legacy' | 'atomic';
};

/** Decodes a DeleteDevice instruction: checks its program id and tag, decodes its arguments and names its accounts by role; InstructionDecodeError for anything else. */
export function decodeDeleteDeviceInstruction<K>(
  keys: KeyKind<K>,
  ix: CoreInstruction,
  opts?: DecodeInstructionOptions,
): DecodedDeleteDeviceInstruction<K> {
  const decoded = decodeInstructionAs('DeleteDevice', ix, opts, keys, (d) => decodeDeleteDeviceArgs(keys, d), (c, args): DeleteDeviceAccounts<K> => {
    const device = c.next('device');
    const contributor = c.next('contributor');
    const globalState = c.next('globalstate');
    const r = args.resourceCount;
    if (r === 0) return { device, contributor, globalState, resources: [], resourceOwners: [], ...c.tail() };
    const location = c.next('location');
    const exchange = c.next('exchange');
    const resources = c.take(r, 'resources');
    const resourceOwners = c.take(r, 'resource_owners');
    const deviceOwner = c.next('device_owner');
    return { device, contributor, globalState, location, exchange, resources, resourceOwners, deviceOwner, ...c.tail() };
  });
  return Object.assign(decoded, { form: decoded.args.resourceCount === 0 ? ('legacy' as const) : ('atomic' as const) });
}
