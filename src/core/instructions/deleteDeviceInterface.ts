import type { KeyInput, KeyKind } from '../keys.js';
import {
  ArgsReader,
  beginData,
  checkKey,
  decodeInstructionAs,
  deviceTunnelBlockPda,
  finishInstruction,
  globalStatePda,
  segmentRoutingIdsPda,
  writable,
  type BaseBuilderInput,
  type DecodedInstructionBase,
  type DecodeInstructionOptions,
  type TailAccounts,
  checkBuilderInput,
  type CoreInstruction,
} from './common.js';
import { expectDevice, expectObject } from '../validate.js';
import type { Device } from '../state/device.js';
import { checkDeclared, deleteInterfaceOn } from './interfaceRules.js';
import { EXPECTED_PROGRAM_ERRORS } from './errors.js';
import { DoubleZeroInstructionTag } from './tags.js';
import { checkInterfaceName } from './validation.js';

const TYPE = 'DeleteDeviceInterface args';

/** DeviceInterfaceDeleteArgs (docs/wire-format.md#device-interface-instructions). */
export interface DeleteDeviceInterfaceArgs {
  /** Matched case-insensitively against the device's interfaces. */
  name: string;
  /** Derived: the builder always writes true (false is rejected by the program). */
  useOnchainDeallocation?: boolean;
}
/** The arguments of a DeleteDeviceInterface instruction as decoded from its data; a field the data lacks holds the program's fallback. */
export interface DecodedDeleteDeviceInterfaceArgs {
  /** The interface's name on the device. */
  name: string;
  /** Whether the program releases the resources itself (always true for what dzprov builds). */
  useOnchainDeallocation: boolean;
}

/** Full DeleteDeviceInterface instruction data: tag 74 + Args as given (flag defaults to true). */
export function encodeDeleteDeviceInterfaceArgs(args: DeleteDeviceInterfaceArgs): Uint8Array {
  expectObject(args, 'args');
  const w = beginData(TYPE, DoubleZeroInstructionTag.DeleteDeviceInterface, 24);
  w.string(args.name, 'name');
  w.bool(args.useOnchainDeallocation ?? true, 'use_onchain_deallocation');
  return w.finish();
}

/** Decodes the arguments of a DeleteDeviceInterface instruction from its data as the program does (docs/wire-format.md#trailing-defaults-in-args): `defaultedFields` names the fields the data lacks (they take the program's fallbacks), `trailingBytes` counts the ignored bytes after the last field. A field cut short throws. */
export function decodeDeleteDeviceInterfaceArgs<K = Uint8Array>(keys: KeyKind<K> | undefined, data: Uint8Array): DecodedDeleteDeviceInterfaceArgs & {
  /** The fields (snake_case) the data lacks, which took the program's fallbacks. */
  defaultedFields: string[];
  /** Bytes after the last field (the program ignores them). */
  trailingBytes: number;
} {
  const a = new ArgsReader(data, TYPE, DoubleZeroInstructionTag.DeleteDeviceInterface, keys);
  const name = a.field('name', '', (r) => r.string('name'));
  const useOnchainDeallocation = a.field('use_onchain_deallocation', false, (r) => r.bool('use_onchain_deallocation'));
  return a.done({ name, useOnchainDeallocation });
}

/**
 * Offline check without the device: a name in today's grammar that only a shorthand expansion
 * would match (`et1`) is refused, since stored names are canonical and the program matches
 * ignoring case without expanding shorthands (InterfaceNotFound 24); a name outside today's
 * grammar (`Management1`, `Ethernet1/1/1`) passes, since an older program version may have
 * stored it. With the builder's `currentDevice` the name is looked up among the stored ones.
 */
export function validateDeleteDeviceInterfaceArgs(args: DeleteDeviceInterfaceArgs): void {
  expectObject(args, 'args');
  checkInterfaceName(args.name, 'name', EXPECTED_PROGRAM_ERRORS.InterfaceNotFound, 'caseInsensitive');
}

export interface CreateDeleteDeviceInterfaceInstructionInput extends BaseBuilderInput {
  /** The Device account. */
  device: KeyInput;
  /** device.contributor_pk */
  contributor: KeyInput;
  /** The instruction's arguments. */
  args: DeleteDeviceInterfaceArgs;
  /**
   * The device as decoded now, for the offline checks: the interface is looked up as the program
   * looks it up (any stored name, a legacy one such as `Management1` included: deleting it is how
   * such a device is repaired), it must be activated or unlinked (InvalidStatus), and the device it
   * leaves is validated whole; a device holding a value the program does not declare is not
   * written (IllegalTransitionError).
   */
  currentDevice?: Device;
}

/**
 * DeleteDeviceInterface (tag 74). Accounts: device, contributor, GlobalState,
 * DeviceTunnelBlock, SegmentRoutingIds, payer, system (Permission PDA with
 * `appendPermission`). use_onchain_deallocation is forced true.
 */
export function createDeleteDeviceInterfaceInstruction(input: CreateDeleteDeviceInterfaceInstructionInput): CoreInstruction {
  checkBuilderInput(input, true);
  const { programId, device, contributor, args } = input;
  checkKey(programId, 'program_id');
  checkKey(device, 'device');
  checkKey(contributor, 'contributor');
  const current = input.currentDevice;
  if (current !== undefined) expectDevice(current, 'input.currentDevice');
  if (input.validate !== false) {
    if (current === undefined) validateDeleteDeviceInterfaceArgs(args);
    else {
      expectObject(args, 'args');
      checkDeclared(current, 'delete device interface');
      deleteInterfaceOn(current, args.name);
    }
  }
  const keys = [
    writable(device),
    writable(contributor),
    writable(globalStatePda(programId)),
    writable(deviceTunnelBlockPda(programId)),
    writable(segmentRoutingIdsPda(programId)),
  ];
  return finishInstruction(input, keys, encodeDeleteDeviceInterfaceArgs({ name: args.name, useOnchainDeallocation: true }));
}

/** The accounts of a DeleteDeviceInterface instruction by role (in the program's order on the wire). */
export interface DeleteDeviceInterfaceAccounts<K = KeyInput> extends TailAccounts<K> {
  /** The Device account. */
  device: K;
  /** The Contributor account that operates the device or link. */
  contributor: K;
  /** The program's GlobalState account. */
  globalState: K;
  /** The allocation table of link tunnel networks. */
  deviceTunnelBlock: K;
  /** The allocation table of segment routing ids. */
  segmentRoutingIds: K;
}

/** A decoded DeleteDeviceInterface instruction: its name, tag, arguments and accounts by role. */
export type DecodedDeleteDeviceInterfaceInstruction<K = KeyInput> = DecodedInstructionBase<
  'DeleteDeviceInterface',
  DoubleZeroInstructionTag.DeleteDeviceInterface,
  DecodedDeleteDeviceInterfaceArgs,
  DeleteDeviceInterfaceAccounts<K>,
  K
>;

/** Decodes a DeleteDeviceInterface instruction: checks its program id and tag, decodes its arguments and names its accounts by role; InstructionDecodeError for anything else. */
export function decodeDeleteDeviceInterfaceInstruction<K>(
  keys: KeyKind<K>,
  ix: CoreInstruction,
  opts?: DecodeInstructionOptions,
): DecodedDeleteDeviceInterfaceInstruction<K> {
  return decodeInstructionAs('DeleteDeviceInterface', ix, opts, keys, (d) => decodeDeleteDeviceInterfaceArgs(keys, d), (c): DeleteDeviceInterfaceAccounts<K> => ({
    device: c.next('device'),
    contributor: c.next('contributor'),
    globalState: c.next('globalstate'),
    deviceTunnelBlock: c.next('device_tunnel_block'),
    segmentRoutingIds: c.next('segment_routing_ids'),
    ...c.tail(),
  }));
}
