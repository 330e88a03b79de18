import type { PublicKey, TransactionInstruction } from '@solana/web3.js';
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
export interface DecodedAcceptLinkArgs {
  sideZIfaceName: string;
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

export function decodeAcceptLinkArgs(data: Uint8Array): DecodedAcceptLinkArgs & { defaultedFields: string[]; trailingBytes: number } {
  const a = new ArgsReader(data, TYPE, DoubleZeroInstructionTag.AcceptLink);
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
  link: PublicKey;
  /** The side-Z device's contributor_pk. */
  contributor: PublicKey;
  /** link.side_z_pk */
  sideZ: PublicKey;
  /** link.side_a_pk */
  sideA: PublicKey;
  args: AcceptLinkArgs;
}

/**
 * AcceptLink (tag 66). Accounts: link, contributor, side Z, GlobalState, side A,
 * DeviceTunnelBlock, LinkIds, payer, system (Permission PDA with `appendPermission`).
 * use_onchain_allocation is forced true.
 */
export function createAcceptLinkInstruction(input: CreateAcceptLinkInstructionInput): TransactionInstruction {
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

export interface AcceptLinkAccounts extends TailAccounts {
  link: PublicKey;
  contributor: PublicKey;
  sideZ: PublicKey;
  globalState: PublicKey;
  sideA: PublicKey;
  deviceTunnelBlock: PublicKey;
  linkIds: PublicKey;
}

export type DecodedAcceptLinkInstruction = DecodedInstructionBase<
  'AcceptLink',
  DoubleZeroInstructionTag.AcceptLink,
  DecodedAcceptLinkArgs,
  AcceptLinkAccounts
>;

export function decodeAcceptLinkInstruction(
  ix: TransactionInstruction,
  opts?: DecodeInstructionOptions,
): DecodedAcceptLinkInstruction {
  return decodeInstructionAs('AcceptLink', ix, opts, decodeAcceptLinkArgs, (c): AcceptLinkAccounts => ({
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
