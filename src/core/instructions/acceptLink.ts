import type { KeyInput, KeyKind } from '../keys.js';
import {
  ArgsReader,
  beginData,
  checkKey,
  decodeInstructionAs,
  deviceTunnelBlockPda,
  finishInstruction,
  globalStatePda,
  linkIdsPda,
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
import { checkInterfaceName } from './validation.js';

const TYPE = 'AcceptLink args';

/** LinkAcceptArgs (docs/wire-format.md#acceptlink). */
export interface AcceptLinkArgs {
  /** Side Z's interface; must exactly match an interface of the side-Z device. */
  sideZIfaceName: string;
  /** Derived: the builder always writes true (false is rejected by the program). */
  useOnchainAllocation?: boolean;
}
/** The arguments of a AcceptLink instruction as decoded from its data; a field the data lacks holds the program's fallback. */
export interface DecodedAcceptLinkArgs {
  /** The interface on side Z's device the link uses. */
  sideZIfaceName: string;
  /** Whether the program allocates the resources itself (always true for what dzprov builds). */
  useOnchainAllocation: boolean;
}

/** Full AcceptLink instruction data: tag 66 + LinkAcceptArgs as given (flag defaults to true). */
export function encodeAcceptLinkArgs(args: AcceptLinkArgs): Uint8Array {
  expectObject(args, 'args');
  const w = beginData(TYPE, DoubleZeroInstructionTag.AcceptLink, 24);
  w.string(args.sideZIfaceName, 'side_z_iface_name');
  w.bool(args.useOnchainAllocation ?? true, 'use_onchain_allocation');
  return w.finish();
}

/** Decodes the arguments of a AcceptLink instruction from its data as the program does (docs/wire-format.md#trailing-defaults-in-args): `defaultedFields` names the fields the data lacks (they take the program's fallbacks), `trailingBytes` counts the ignored bytes after the last field. A field cut short throws. */
export function decodeAcceptLinkArgs<K = Uint8Array>(keys: KeyKind<K> | undefined, data: Uint8Array): DecodedAcceptLinkArgs & {
  /** The fields (snake_case) the data lacks, which took the program's fallbacks. */
  defaultedFields: string[];
  /** Bytes after the last field (the program ignores them). */
  trailingBytes: number;
} {
  const a = new ArgsReader(data, TYPE, DoubleZeroInstructionTag.AcceptLink, keys);
  const sideZIfaceName = a.field('side_z_iface_name', '', (r) => r.string('side_z_iface_name'));
  const useOnchainAllocation = a.field('use_onchain_allocation', false, (r) => r.bool('use_onchain_allocation'));
  return a.done({ sideZIfaceName, useOnchainAllocation });
}

/**
 * Offline check: side_z_iface_name must be the canonical spelling of an interface name, the only
 * one the program's exact comparison can match (else InvalidInterfaceName 12).
 */
export function validateAcceptLinkArgs(args: AcceptLinkArgs): void {
  expectObject(args, 'args');
  checkInterfaceName(args.sideZIfaceName, 'side_z_iface_name', EXPECTED_PROGRAM_ERRORS.InvalidInterfaceName, 'exact');
}

export interface CreateAcceptLinkInstructionInput extends BaseBuilderInput {
  /** The Link account. */
  link: KeyInput;
  /** The side-Z device's contributor_pk. */
  contributor: KeyInput;
  /** link.side_z_pk */
  sideZ: KeyInput;
  /** link.side_a_pk */
  sideA: KeyInput;
  /** The instruction's arguments. */
  args: AcceptLinkArgs;
}

/**
 * AcceptLink (tag 66). Accounts: link, contributor, side Z, GlobalState, side A,
 * DeviceTunnelBlock, LinkIds, payer, system (Permission PDA with `appendPermission`).
 * use_onchain_allocation is forced true.
 */
export function createAcceptLinkInstruction(input: CreateAcceptLinkInstructionInput): CoreInstruction {
  checkBuilderInput(input, true);
  const { programId, link, contributor, sideZ, sideA, args } = input;
  checkKey(link, 'link');
  checkKey(contributor, 'contributor');
  checkKey(sideZ, 'side_z');
  checkKey(sideA, 'side_a');
  if (input.validate !== false) validateAcceptLinkArgs(args);
  const keys = [
    writable(link),
    writable(contributor),
    writable(sideZ),
    writable(globalStatePda(programId)),
    writable(sideA),
    writable(deviceTunnelBlockPda(programId)),
    writable(linkIdsPda(programId)),
  ];
  const data = encodeAcceptLinkArgs({ sideZIfaceName: args.sideZIfaceName, useOnchainAllocation: true });
  return finishInstruction(input, keys, data);
}

/** The accounts of a AcceptLink instruction by role (in the program's order on the wire). */
export interface AcceptLinkAccounts<K = KeyInput> extends TailAccounts<K> {
  /** The Link account. */
  link: K;
  /** The Contributor account that operates the device or link. */
  contributor: K;
  /** The Device on side Z. */
  sideZ: K;
  /** The program's GlobalState account. */
  globalState: K;
  /** The Device on side A. */
  sideA: K;
  /** The allocation table of link tunnel networks. */
  deviceTunnelBlock: K;
  /** The allocation table of link ids. */
  linkIds: K;
}

/** A decoded AcceptLink instruction: its name, tag, arguments and accounts by role. */
export type DecodedAcceptLinkInstruction<K = KeyInput> = DecodedInstructionBase<
  'AcceptLink',
  DoubleZeroInstructionTag.AcceptLink,
  DecodedAcceptLinkArgs,
  AcceptLinkAccounts<K>,
  K
>;

/** Decodes a AcceptLink instruction: checks its program id and tag, decodes its arguments and names its accounts by role; InstructionDecodeError for anything else. */
export function decodeAcceptLinkInstruction<K>(
  keys: KeyKind<K>,
  ix: CoreInstruction,
  opts?: DecodeInstructionOptions,
): DecodedAcceptLinkInstruction<K> {
  return decodeInstructionAs('AcceptLink', ix, opts, keys, (d) => decodeAcceptLinkArgs(keys, d), (c): AcceptLinkAccounts<K> => ({
    link: c.next('link'),
    contributor: c.next('contributor'),
    sideZ: c.next('side_z'),
    globalState: c.next('globalstate'),
    sideA: c.next('side_a'),
    deviceTunnelBlock: c.next('device_tunnel_block'),
    linkIds: c.next('link_ids'),
    ...c.tail(),
  }));
}
