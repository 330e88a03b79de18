import type { PublicKey, TransactionInstruction } from '@solana/web3.js';
import { DeviceHealth, DeviceHealthSpec } from '../enums.js';
import {
  AccountCursor,
  ArgsReader,
  beginData,
  beginInstructionDecode,
  checkKey,
  checkTag,
  finishInstruction,
  globalStatePda,
  readEnum,
  writable,
  writeEnum,
  type BaseBuilderInput,
  type DecodedInstructionBase,
  type DecodeInstructionOptions,
  type TailAccounts,
} from './common.js';
import { DoubleZeroInstructionTag } from './tags.js';

const TYPE = 'SetDeviceHealth args';

/** DeviceSetHealthArgs (instructions.md §3.5). */
export interface SetDeviceHealthArgs {
  health: DeviceHealth;
}
export type DecodedSetDeviceHealthArgs = SetDeviceHealthArgs;

/** Full SetDeviceHealth instruction data: tag 83 + health byte. */
export function encodeSetDeviceHealthArgs(args: SetDeviceHealthArgs): Uint8Array {
  const w = beginData(TYPE, DoubleZeroInstructionTag.SetDeviceHealth, 2);
  writeEnum(w, DeviceHealthSpec, args.health, 'health');
  return w.finish();
}

/** Decodes SetDeviceHealth data; a tag-only buffer decodes health = Pending (the enum default). */
export function decodeSetDeviceHealthArgs(data: Uint8Array): DecodedSetDeviceHealthArgs & { defaultedFields: string[]; trailingBytes: number } {
  checkTag(data, DoubleZeroInstructionTag.SetDeviceHealth, TYPE);
  const a = new ArgsReader(data, TYPE);
  const health = a.field('health', DeviceHealthSpec.defaultValue, (r) => readEnum(r, DeviceHealthSpec, 'health'));
  return { health, defaultedFields: a.defaulted, trailingBytes: a.trailingBytes };
}

/** Nothing beyond encodability: any declared DeviceHealth may be written from any state. */
export function validateSetDeviceHealthArgs(_args: SetDeviceHealthArgs): void {}

export interface CreateSetDeviceHealthInstructionInput extends BaseBuilderInput {
  device: PublicKey;
  args: SetDeviceHealthArgs;
}

/**
 * SetDeviceHealth (tag 83). Accounts: device, GlobalState, payer, system program (Permission
 * PDA with `appendPermission`). The payer must be the health oracle or NETWORK_ADMIN.
 */
export function createSetDeviceHealthInstruction(input: CreateSetDeviceHealthInstructionInput): TransactionInstruction {
  checkKey(input.device, 'device');
  const keys = [writable(input.device), writable(globalStatePda(input.programId))];
  return finishInstruction(input, keys, encodeSetDeviceHealthArgs(input.args));
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
  const { defaultedFields, trailingBytes, ...args } = beginInstructionDecode(
    ix,
    DoubleZeroInstructionTag.SetDeviceHealth,
    opts,
    decodeSetDeviceHealthArgs,
  );
  const c = new AccountCursor(ix, 'SetDeviceHealth');
  const device = c.next('device');
  const globalState = c.next('globalstate');
  const tail = c.tail();
  return {
    programId: ix.programId,
    name: 'SetDeviceHealth',
    tag: DoubleZeroInstructionTag.SetDeviceHealth,
    args,
    accounts: { device, globalState, ...tail },
    defaultedFields,
    trailingBytes,
  };
}
