import type { KeyInput, KeyKind } from '../keys.js';
import { ValidationError } from '../errors.js';
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
import { DoubleZeroInstructionTag } from './tags.js';

const TYPE = 'DeleteLink args';

/** LinkDeleteArgs (docs/wire-format.md#deletelink). The only valid encoding is `2201`. */
export interface DeleteLinkArgs {
  /** Derived: the builder always writes true (false is rejected by the program). */
  useOnchainDeallocation?: boolean;
}
/** The arguments of a DeleteLink instruction as decoded from its data; a field the data lacks holds the program's fallback. */
export interface DecodedDeleteLinkArgs {
  /** Whether the program releases the resources itself (always true for what dzprov builds). */
  useOnchainDeallocation: boolean;
}

/** Full DeleteLink instruction data: tag 34 + use_onchain_deallocation (defaults to true). */
export function encodeDeleteLinkArgs(args: DeleteLinkArgs = {}): Uint8Array {
  if (args !== undefined) expectObject(args, 'args');
  const w = beginData(TYPE, DoubleZeroInstructionTag.DeleteLink, 2);
  w.bool(args.useOnchainDeallocation ?? true, 'use_onchain_deallocation');
  return w.finish();
}

/** Decodes the arguments of a DeleteLink instruction from its data as the program does (docs/wire-format.md#trailing-defaults-in-args): `defaultedFields` names the fields the data lacks (they take the program's fallbacks), `trailingBytes` counts the ignored bytes after the last field. A field cut short throws. */
export function decodeDeleteLinkArgs<K = Uint8Array>(keys: KeyKind<K> | undefined, data: Uint8Array): DecodedDeleteLinkArgs & {
  /** The fields (snake_case) the data lacks, which took the program's fallbacks. */
  defaultedFields: string[];
  /** Bytes after the last field (the program ignores them). */
  trailingBytes: number;
} {
  const a = new ArgsReader(data, TYPE, DoubleZeroInstructionTag.DeleteLink, keys);
  const useOnchainDeallocation = a.field('use_onchain_deallocation', false, (r) => r.bool('use_onchain_deallocation'));
  return a.done({ useOnchainDeallocation });
}

export interface CreateDeleteLinkInstructionInput extends BaseBuilderInput {
  /** The Link account. */
  link: KeyInput;
  /** link.contributor_pk */
  contributor: KeyInput;
  /** link.side_a_pk */
  sideA: KeyInput;
  /** link.side_z_pk */
  sideZ: KeyInput;
  /** link.owner (receives the link account's lamports). */
  owner: KeyInput;
  /** The link's stored link_topologies, as stored (one writable account each); default none. */
  linkTopologies?: readonly KeyInput[];
  /** The instruction's arguments. */
  args?: DeleteLinkArgs;
}

/**
 * DeleteLink (tag 34). Accounts: link, contributor, GlobalState, side A, side Z,
 * DeviceTunnelBlock, LinkIds, owner, one account per stored topology, payer, system
 * (Permission PDA last with `appendPermission`). use_onchain_deallocation is forced true.
 * No Args rule can be checked offline (the status rule needs the link: see checked builders).
 */
export function createDeleteLinkInstruction(input: CreateDeleteLinkInstructionInput): CoreInstruction {
  checkBuilderInput(input, false);
  const { programId, link, contributor, sideA, sideZ, owner } = input;
  checkKey(link, 'link');
  checkKey(contributor, 'contributor');
  checkKey(sideA, 'side_a');
  checkKey(sideZ, 'side_z');
  checkKey(owner, 'owner');
  const topologies = input.linkTopologies ?? [];
  if (!Array.isArray(topologies)) throw new ValidationError('link_topologies', 'must be an array of KeyInput');
  topologies.forEach((t, i) => checkKey(t, `link_topologies[${i}]`));
  const keys = [
    writable(link),
    writable(contributor),
    writable(globalStatePda(programId)),
    writable(sideA),
    writable(sideZ),
    writable(deviceTunnelBlockPda(programId)),
    writable(linkIdsPda(programId)),
    writable(owner),
  ];
  for (const t of topologies) keys.push(writable(t));
  return finishInstruction(input, keys, encodeDeleteLinkArgs({ useOnchainDeallocation: true }));
}

/** The accounts of a DeleteLink instruction by role (in the program's order on the wire). */
export interface DeleteLinkAccounts<K = KeyInput> extends TailAccounts<K> {
  /** The Link account. */
  link: K;
  /** The Contributor account that operates the device or link. */
  contributor: K;
  /** The program's GlobalState account. */
  globalState: K;
  /** The Device on side A. */
  sideA: K;
  /** The Device on side Z. */
  sideZ: K;
  /** The allocation table of link tunnel networks. */
  deviceTunnelBlock: K;
  /** The allocation table of link ids. */
  linkIds: K;
  /** The link's recorded owner (receives the closed account's lamports). */
  owner: K;
  /** The Topology accounts the instruction carries. */
  topologies: K[];
}

/** A decoded DeleteLink instruction: its name, tag, arguments and accounts by role. */
export type DecodedDeleteLinkInstruction<K = KeyInput> = DecodedInstructionBase<
  'DeleteLink',
  DoubleZeroInstructionTag.DeleteLink,
  DecodedDeleteLinkArgs,
  DeleteLinkAccounts<K>,
  K
>;

/** Decodes a DeleteLink instruction: checks its program id and tag, decodes its arguments and names its accounts by role; InstructionDecodeError for anything else. */
export function decodeDeleteLinkInstruction<K>(
  keys: KeyKind<K>,
  ix: CoreInstruction,
  opts?: DecodeInstructionOptions,
): DecodedDeleteLinkInstruction<K> {
  return decodeInstructionAs('DeleteLink', ix, opts, keys, (d) => decodeDeleteLinkArgs(keys, d), (c): DeleteLinkAccounts<K> => {
    const fixed = {
      link: c.next('link'),
      contributor: c.next('contributor'),
      globalState: c.next('globalstate'),
      sideA: c.next('side_a'),
      sideZ: c.next('side_z'),
      deviceTunnelBlock: c.next('device_tunnel_block'),
      linkIds: c.next('link_ids'),
      owner: c.next('owner'),
    };
    const { tail, middle } = c.splitTail();
    if (middle < 0) c.fail('needs the payer and system program after the owner account');
    const topologies = c.take(middle, 'topologies');
    return { ...fixed, topologies, ...tail };
  });
}
