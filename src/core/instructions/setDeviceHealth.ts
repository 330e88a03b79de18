import type { KeyInput, KeyKind } from '../keys.js';
import { DeviceHealth, DeviceHealthSpec } from '../enums.js';
import {
  decodeInstructionAs,
  healthInstruction,
  type BaseBuilderInput,
  type DecodedInstructionBase,
  type DecodeInstructionOptions,
  type TailAccounts,
  type CoreInstruction,
} from './common.js';
import { expectObject } from '../validate.js';
import { DoubleZeroInstructionTag } from './tags.js';

const health = healthInstruction('SetDeviceHealth', DeviceHealthSpec, 'device');

/** DeviceSetHealthArgs (docs/wire-format.md#setdevicehealth). */
export interface SetDeviceHealthArgs {
  /** The health to write. */
  health: DeviceHealth;
}
/** The arguments of a SetDeviceHealth instruction as decoded from its data; a field the data lacks holds the program's fallback. */
export type DecodedSetDeviceHealthArgs = SetDeviceHealthArgs;

/** Full SetDeviceHealth instruction data: tag 83 + health byte. */
export function encodeSetDeviceHealthArgs(args: SetDeviceHealthArgs): Uint8Array {
  return health.encodeArgs(args);
}

/** Decodes SetDeviceHealth data; a tag-only buffer decodes health = Pending (the enum default). */
export function decodeSetDeviceHealthArgs<K = Uint8Array>(keys: KeyKind<K> | undefined, data: Uint8Array): DecodedSetDeviceHealthArgs & {
  /** The fields (snake_case) the data lacks, which took the program's fallbacks. */
  defaultedFields: string[];
  /** Bytes after the last field (the program ignores them). */
  trailingBytes: number;
} {
  return health.decodeArgs(data);
}

/** Nothing beyond encodability: any declared DeviceHealth may be written from any state. */
export function validateSetDeviceHealthArgs(args: SetDeviceHealthArgs): void {
  expectObject(args, 'args');
}

export interface CreateSetDeviceHealthInstructionInput extends BaseBuilderInput {
  /** The Device account. */
  device: KeyInput;
  /** The instruction's arguments. */
  args: SetDeviceHealthArgs;
}

/**
 * SetDeviceHealth (tag 83). Accounts: device, GlobalState, payer, system program (Permission
 * PDA with `appendPermission`). The payer must be the health oracle or NETWORK_ADMIN.
 */
export function createSetDeviceHealthInstruction(input: CreateSetDeviceHealthInstructionInput): CoreInstruction {
  return health.create(input);
}

/** The accounts of a SetDeviceHealth instruction by role (in the program's order on the wire). */
export interface SetDeviceHealthAccounts<K = KeyInput> extends TailAccounts<K> {
  /** The Device account. */
  device: K;
  /** The program's GlobalState account. */
  globalState: K;
}

/** A decoded SetDeviceHealth instruction: its name, tag, arguments and accounts by role. */
export type DecodedSetDeviceHealthInstruction<K = KeyInput> = DecodedInstructionBase<
  'SetDeviceHealth',
  DoubleZeroInstructionTag.SetDeviceHealth,
  DecodedSetDeviceHealthArgs,
  SetDeviceHealthAccounts<K>,
  K
>;

/** Decodes a SetDeviceHealth instruction: checks its program id and tag, decodes its arguments and names its accounts by role; InstructionDecodeError for anything else. */
export function decodeSetDeviceHealthInstruction<K>(
  keys: KeyKind<K>,
  ix: CoreInstruction,
  opts?: DecodeInstructionOptions,
): DecodedSetDeviceHealthInstruction<K> {
  return decodeInstructionAs('SetDeviceHealth', ix, opts, keys, (d) => decodeSetDeviceHealthArgs(keys, d), (c): SetDeviceHealthAccounts<K> => ({
    device: c.next('device'),
    globalState: c.next('globalstate'),
    ...c.tail(),
  }));
}
