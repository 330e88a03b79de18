import type { PublicKey, TransactionInstruction } from '@solana/web3.js';
import { LinkHealth, LinkHealthSpec } from '../enums.js';
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

const TYPE = 'SetLinkHealth args';

/** LinkSetHealthArgs (instructions.md §4.6). */
export interface SetLinkHealthArgs {
  health: LinkHealth;
}
export type DecodedSetLinkHealthArgs = SetLinkHealthArgs;

/** Full SetLinkHealth instruction data: tag 84 + health byte. */
export function encodeSetLinkHealthArgs(args: SetLinkHealthArgs): Uint8Array {
  const w = beginData(TYPE, DoubleZeroInstructionTag.SetLinkHealth, 2);
  writeEnum(w, LinkHealthSpec, args.health, 'health');
  return w.finish();
}

/** Decodes SetLinkHealth data; a tag-only buffer decodes health = Pending (the enum default). */
export function decodeSetLinkHealthArgs(data: Uint8Array): DecodedSetLinkHealthArgs & { defaultedFields: string[]; trailingBytes: number } {
  checkTag(data, DoubleZeroInstructionTag.SetLinkHealth, TYPE);
  const a = new ArgsReader(data, TYPE);
  const health = a.field('health', LinkHealthSpec.defaultValue, (r) => readEnum(r, LinkHealthSpec, 'health'));
  return { health, defaultedFields: a.defaulted, trailingBytes: a.trailingBytes };
}

/** Nothing beyond encodability: any declared LinkHealth may be written from any state. */
export function validateSetLinkHealthArgs(_args: SetLinkHealthArgs): void {}

export interface CreateSetLinkHealthInstructionInput extends BaseBuilderInput {
  link: PublicKey;
  args: SetLinkHealthArgs;
}

/**
 * SetLinkHealth (tag 84). Accounts: link, GlobalState, payer, system program (Permission
 * PDA with `appendPermission`). The payer must be the health oracle or NETWORK_ADMIN.
 */
export function createSetLinkHealthInstruction(input: CreateSetLinkHealthInstructionInput): TransactionInstruction {
  checkKey(input.link, 'link');
  const keys = [writable(input.link), writable(globalStatePda(input.programId))];
  return finishInstruction(input, keys, encodeSetLinkHealthArgs(input.args));
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
  const { defaultedFields, trailingBytes, ...args } = beginInstructionDecode(
    ix,
    DoubleZeroInstructionTag.SetLinkHealth,
    opts,
    decodeSetLinkHealthArgs,
  );
  const c = new AccountCursor(ix, 'SetLinkHealth');
  const link = c.next('link');
  const globalState = c.next('globalstate');
  const tail = c.tail();
  return {
    programId: ix.programId,
    name: 'SetLinkHealth',
    tag: DoubleZeroInstructionTag.SetLinkHealth,
    args,
    accounts: { link, globalState, ...tail },
    defaultedFields,
    trailingBytes,
  };
}
