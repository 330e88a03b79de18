import type { PublicKey, TransactionInstruction } from '@solana/web3.js';
import { DeviceHealth, DeviceHealthSpec } from '../enums.js';
import {
  decodeInstructionAs,
  healthInstruction,
  type BaseBuilderInput,
  type DecodedInstructionBase,
  type DecodeInstructionOptions,
  type TailAccounts,
} from './common.js';
import { expectObject } from '../validate.js';
import { DoubleZeroInstructionTag } from './tags.js';

const health = healthInstruction('SetDeviceHealth', DeviceHealthSpec, 'device');

/** DeviceSetHealthArgs (docs/wire-format.md#setdevicehealth). */
export interface SetDeviceHealthArgs {
  health: DeviceHealth;
}
export type DecodedSetDeviceHealthArgs = SetDeviceHealthArgs;

/** Full SetDeviceHealth instruction data: tag 83 + health byte. */
export function encodeSetDeviceHealthArgs(args: SetDeviceHealthArgs): Uint8Array {
  return health.encodeArgs(args);
}

/** Decodes SetDeviceHealth data; a tag-only buffer decodes health = Pending (the enum default). */
export function decodeSetDeviceHealthArgs(data: Uint8Array): DecodedSetDeviceHealthArgs & { defaultedFields: string[]; trailingBytes: number } {
  return health.decodeArgs(data);
}

/** Nothing beyond encodability: any declared DeviceHealth may be written from any state. */
export function validateSetDeviceHealthArgs(args: SetDeviceHealthArgs): void {
  expectObject(args, 'args');
}

export interface CreateSetDeviceHealthInstructionInput extends BaseBuilderInput {
  device: PublicKey;
  args: SetDeviceHealthArgs;
}

/**
 * SetDeviceHealth (tag 83). Accounts: device, GlobalState, payer, system program (Permission
 * PDA with `appendPermission`). The payer must be the health oracle or NETWORK_ADMIN.
 */
export function createSetDeviceHealthInstruction(input: CreateSetDeviceHealthInstructionInput): TransactionInstruction {
  return health.create(input);
}

export interface SetDeviceHealthAccounts extends TailAccounts {
  device: PublicKey;
  globalState: PublicKey;
}

export type DecodedSetDeviceHealthInstruction = DecodedInstructionBase<
  'SetDeviceHealth',
  DoubleZeroInstructionTag.SetDeviceHealth,
  DecodedSetDeviceHealthArgs,
  SetDeviceHealthAccounts
>;

export function decodeSetDeviceHealthInstruction(
  ix: TransactionInstruction,
  opts?: DecodeInstructionOptions,
): DecodedSetDeviceHealthInstruction {
  return decodeInstructionAs('SetDeviceHealth', ix, opts, decodeSetDeviceHealthArgs, (c): SetDeviceHealthAccounts => ({
    device: c.next('device'),
    globalState: c.next('globalstate'),
    ...c.tail(),
  }));
}
