import type { KeyInput, KeyKind } from '../keys.js';
import { LinkHealth, LinkHealthSpec } from '../enums.js';
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

const health = healthInstruction('SetLinkHealth', LinkHealthSpec, 'link');

/** LinkSetHealthArgs (docs/wire-format.md#setlinkhealth). */
export interface SetLinkHealthArgs {
  /** The health to write. */
  health: LinkHealth;
}
/** The arguments of a SetLinkHealth instruction as decoded from its data; a field the data lacks holds the program's fallback. */
export type DecodedSetLinkHealthArgs = SetLinkHealthArgs;

/** Full SetLinkHealth instruction data: tag 84 + health byte. */
export function encodeSetLinkHealthArgs(args: SetLinkHealthArgs): Uint8Array {
  return health.encodeArgs(args);
}

/** Decodes SetLinkHealth data; a tag-only buffer decodes health = Pending (the enum default). */
export function decodeSetLinkHealthArgs<K = Uint8Array>(keys: KeyKind<K> | undefined, data: Uint8Array): DecodedSetLinkHealthArgs & {
  /** The fields (snake_case) the data lacks, which took the program's fallbacks. */
  defaultedFields: string[];
  /** Bytes after the last field (the program ignores them). */
  trailingBytes: number;
} {
  return health.decodeArgs(data);
}

/** Nothing beyond encodability: any declared LinkHealth may be written from any state. */
export function validateSetLinkHealthArgs(args: SetLinkHealthArgs): void {
  expectObject(args, 'args');
}

export interface CreateSetLinkHealthInstructionInput extends BaseBuilderInput {
  /** The Link account. */
  link: KeyInput;
  /** The instruction's arguments. */
  args: SetLinkHealthArgs;
}

/**
 * SetLinkHealth (tag 84). Accounts: link, GlobalState, payer, system program (Permission
 * PDA with `appendPermission`). The payer must be the health oracle or NETWORK_ADMIN.
 */
export function createSetLinkHealthInstruction(input: CreateSetLinkHealthInstructionInput): CoreInstruction {
  return health.create(input);
}

/** The accounts of a SetLinkHealth instruction by role (in the program's order on the wire). */
export interface SetLinkHealthAccounts<K = KeyInput> extends TailAccounts<K> {
  /** The Link account. */
  link: K;
  /** The program's GlobalState account. */
  globalState: K;
}

/** A decoded SetLinkHealth instruction: its name, tag, arguments and accounts by role. */
export type DecodedSetLinkHealthInstruction<K = KeyInput> = DecodedInstructionBase<
  'SetLinkHealth',
  DoubleZeroInstructionTag.SetLinkHealth,
  DecodedSetLinkHealthArgs,
  SetLinkHealthAccounts<K>,
  K
>;

/** Decodes a SetLinkHealth instruction: checks its program id and tag, decodes its arguments and names its accounts by role; InstructionDecodeError for anything else. */
export function decodeSetLinkHealthInstruction<K>(
  keys: KeyKind<K>,
  ix: CoreInstruction,
  opts?: DecodeInstructionOptions,
): DecodedSetLinkHealthInstruction<K> {
  return decodeInstructionAs('SetLinkHealth', ix, opts, keys, (d) => decodeSetLinkHealthArgs(keys, d), (c): SetLinkHealthAccounts<K> => ({
    link: c.next('link'),
    globalState: c.next('globalstate'),
    ...c.tail(),
  }));
}
