import type { PublicKey, TransactionInstruction } from '@solana/web3.js';
import { LinkHealth, LinkHealthSpec } from '../enums.js';
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

const health = healthInstruction('SetLinkHealth', LinkHealthSpec, 'link');

/** LinkSetHealthArgs (docs/wire-format.md#setlinkhealth). */
export interface SetLinkHealthArgs {
  health: LinkHealth;
}
export type DecodedSetLinkHealthArgs = SetLinkHealthArgs;

/** Full SetLinkHealth instruction data: tag 84 + health byte. */
export function encodeSetLinkHealthArgs(args: SetLinkHealthArgs): Uint8Array {
  return health.encodeArgs(args);
}

/** Decodes SetLinkHealth data; a tag-only buffer decodes health = Pending (the enum default). */
export function decodeSetLinkHealthArgs(data: Uint8Array): DecodedSetLinkHealthArgs & { defaultedFields: string[]; trailingBytes: number } {
  return health.decodeArgs(data);
}

/** Nothing beyond encodability: any declared LinkHealth may be written from any state. */
export function validateSetLinkHealthArgs(args: SetLinkHealthArgs): void {
  expectObject(args, 'args');
}

export interface CreateSetLinkHealthInstructionInput extends BaseBuilderInput {
  link: PublicKey;
  args: SetLinkHealthArgs;
}

/**
 * SetLinkHealth (tag 84). Accounts: link, GlobalState, payer, system program (Permission
 * PDA with `appendPermission`). The payer must be the health oracle or NETWORK_ADMIN.
 */
export function createSetLinkHealthInstruction(input: CreateSetLinkHealthInstructionInput): TransactionInstruction {
  return health.create(input);
}

export interface SetLinkHealthAccounts extends TailAccounts {
  link: PublicKey;
  globalState: PublicKey;
}

export type DecodedSetLinkHealthInstruction = DecodedInstructionBase<
  'SetLinkHealth',
  DoubleZeroInstructionTag.SetLinkHealth,
  DecodedSetLinkHealthArgs,
  SetLinkHealthAccounts
>;

export function decodeSetLinkHealthInstruction(
  ix: TransactionInstruction,
  opts?: DecodeInstructionOptions,
): DecodedSetLinkHealthInstruction {
  return decodeInstructionAs('SetLinkHealth', ix, opts, decodeSetLinkHealthArgs, (c): SetLinkHealthAccounts => ({
    link: c.next('link'),
    globalState: c.next('globalstate'),
    ...c.tail(),
  }));
}
