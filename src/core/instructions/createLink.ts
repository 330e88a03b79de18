import { keyEquals, type KeyInput, type KeyKind } from '../keys.js';
import { LinkDesiredStatus, LinkDesiredStatusSpec, LinkLinkType, LinkLinkTypeSpec } from '../enums.js';
import { getLinkPda } from '../pda.js';
import {
  ArgsReader,
  beginData,
  checkKey,
  decodeInstructionAs,
  deviceTunnelBlockPda,
  finishInstruction,
  globalStatePda,
  linkIdsPda,
  readEnum,
  small,
  unicastDefaultTopologyPda,
  writable,
  writeEnum,
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
import {
  checkCode,
  checkInterfaceName,
  checkRange,
  fail,
  LINK_MTU,
  MAX_LINK_BANDWIDTH,
  MAX_LINK_DELAY_NS,
  MIN_LINK_BANDWIDTH,
  MIN_LINK_DELAY_NS,
} from './validation.js';

const TYPE = 'CreateLink args';

/** LinkCreateArgs (docs/wire-format.md#createlink). */
export interface CreateLinkArgs {
  /** Stored ASCII-lowercased by the program; no length limit. */
  code: string;
  linkType: LinkLinkType;
  /** Bits per second, 10–400 Gbps. */
  bandwidth: number | bigint;
  /** Must be 9000. */
  mtu: number | bigint;
  delayNs: number | bigint;
  jitterNs: number | bigint;
  /** Must exactly match an interface of side A. */
  sideAIfaceName: string;
  /** WAN: optional side-Z interface; DZX: must be absent (side Z names it in AcceptLink). */
  sideZIfaceName?: string | null;
  /** None → the program stores Activated. */
  desiredStatus?: LinkDesiredStatus | null;
  /** Passed through like the Rust builder; defaults to true (false is rejected by the program). */
  useOnchainAllocation?: boolean;
}

export interface DecodedCreateLinkArgs {
  code: string;
  linkType: LinkLinkType;
  bandwidth: bigint;
  mtu: number;
  delayNs: bigint;
  jitterNs: bigint;
  sideAIfaceName: string;
  sideZIfaceName: string | null;
  desiredStatus: LinkDesiredStatus | null;
  useOnchainAllocation: boolean;
}

/** Full CreateLink instruction data: tag 28 + the complete LinkCreateArgs, as given. */
export function encodeCreateLinkArgs(args: CreateLinkArgs): Uint8Array {
  expectObject(args, 'args');
  const w = beginData(TYPE, DoubleZeroInstructionTag.CreateLink, 96);
  w.string(args.code, 'code');
  writeEnum(w, LinkLinkTypeSpec, args.linkType, 'link_type');
  w.u64(args.bandwidth, 'bandwidth');
  w.u32(small(args.mtu), 'mtu');
  w.u64(args.delayNs, 'delay_ns');
  w.u64(args.jitterNs, 'jitter_ns');
  w.string(args.sideAIfaceName, 'side_a_iface_name');
  w.option(args.sideZIfaceName, 'side_z_iface_name', (w, v) => w.string(v, 'side_z_iface_name'));
  w.option(args.desiredStatus, 'desired_status', (w, v) => writeEnum(w, LinkDesiredStatusSpec, v, 'desired_status'));
  w.bool(args.useOnchainAllocation ?? true, 'use_onchain_allocation');
  return w.finish();
}

/** Decodes CreateLink instruction data (tag + Args) with the program's trailing-default rule. */
export function decodeCreateLinkArgs<K = Uint8Array>(keys: KeyKind<K> | undefined, data: Uint8Array): DecodedCreateLinkArgs & { defaultedFields: string[]; trailingBytes: number } {
  const a = new ArgsReader(data, TYPE, DoubleZeroInstructionTag.CreateLink, keys);
  const args: DecodedCreateLinkArgs = {
    code: a.field('code', '', (r) => r.string('code')),
    linkType: a.field('link_type', LinkLinkTypeSpec.defaultValue, (r) => readEnum(r, LinkLinkTypeSpec, 'link_type')),
    bandwidth: a.field('bandwidth', 0n, (r) => r.u64('bandwidth')),
    mtu: a.field('mtu', 0, (r) => r.u32('mtu')),
    delayNs: a.field('delay_ns', 0n, (r) => r.u64('delay_ns')),
    jitterNs: a.field('jitter_ns', 0n, (r) => r.u64('jitter_ns')),
    sideAIfaceName: a.field('side_a_iface_name', '', (r) => r.string('side_a_iface_name')),
    sideZIfaceName: a.option('side_z_iface_name', (r) => r.string('side_z_iface_name')),
    desiredStatus: a.option('desired_status', (r) => readEnum(r, LinkDesiredStatusSpec, 'desired_status')),
    useOnchainAllocation: a.field('use_onchain_allocation', false, (r) => r.bool('use_onchain_allocation')),
  };
  return a.done(args);
}

/**
 * The program's offline-checkable rules for CreateLink, in its order: use_onchain_allocation
 * true (InvalidArgument); code charset (InvalidAccountCode); interface names in their canonical
 * spelling, the only one the exact comparison matches (InvalidInterfaceName); no side-Z interface on a DZX link (InvalidInterfaceZForExternal);
 * mtu 9000 (InvalidMtu); bandwidth 10–400 Gbps (InvalidBandwidth); delay and jitter
 * 10,000..1,000,000,000 ns (InvalidDelay / InvalidJitter). Link codes have no length limit.
 */
export function validateCreateLinkArgs(args: CreateLinkArgs): void {
  expectObject(args, 'args');
  if (args.useOnchainAllocation === false) {
    fail('use_onchain_allocation', 'must be true (the program only creates links with on-chain allocation)', EXPECTED_PROGRAM_ERRORS.InvalidArgument);
  }
  checkCode(args.code, 'code');
  checkInterfaceName(args.sideAIfaceName, 'side_a_iface_name', EXPECTED_PROGRAM_ERRORS.InvalidInterfaceName, 'exact');
  if (args.sideZIfaceName != null) {
    checkInterfaceName(args.sideZIfaceName, 'side_z_iface_name', EXPECTED_PROGRAM_ERRORS.InvalidInterfaceName, 'exact');
  }
  if (args.linkType === LinkLinkType.DZX && args.sideZIfaceName != null) {
    fail('side_z_iface_name', 'must be absent for a DZX link (side Z names its interface in AcceptLink)', EXPECTED_PROGRAM_ERRORS.InvalidInterfaceZForExternal);
  }
  if (Number(args.mtu) !== LINK_MTU) fail('mtu', `must be ${LINK_MTU}, got ${String(args.mtu)}`, EXPECTED_PROGRAM_ERRORS.InvalidMtu);
  checkRange(args.bandwidth, 'bandwidth', MIN_LINK_BANDWIDTH, MAX_LINK_BANDWIDTH, EXPECTED_PROGRAM_ERRORS.InvalidBandwidth, ' bps');
  checkRange(args.delayNs, 'delay_ns', MIN_LINK_DELAY_NS, MAX_LINK_DELAY_NS, EXPECTED_PROGRAM_ERRORS.InvalidDelay, ' ns');
  checkRange(args.jitterNs, 'jitter_ns', MIN_LINK_DELAY_NS, MAX_LINK_DELAY_NS, EXPECTED_PROGRAM_ERRORS.InvalidJitter, ' ns');
}

export interface CreateCreateLinkInstructionInput extends BaseBuilderInput {
  contributor: KeyInput;
  /** Side A device. */
  sideA: KeyInput;
  /** Side Z device; must differ from side A (InvalidDevicePubkey). */
  sideZ: KeyInput;
  /** The NEW link's index: GlobalState.account_index + 1, as read from chain. */
  linkIndex: number | bigint;
  args: CreateLinkArgs;
}

/**
 * CreateLink (tag 28). Accounts: Link PDA(linkIndex), contributor, side A, side Z,
 * GlobalState, Topology("unicast-default"), DeviceTunnelBlock, LinkIds, payer, system
 * (Permission PDA with `appendPermission`). The Args are passed through unchanged.
 */
export function createCreateLinkInstruction(input: CreateCreateLinkInstructionInput): CoreInstruction {
  checkBuilderInput(input, true);
  const { programId, contributor, sideA, sideZ, linkIndex, args } = input;
  checkKey(programId, 'program_id');
  checkKey(contributor, 'contributor');
  checkKey(sideA, 'side_a');
  checkKey(sideZ, 'side_z');
  if (input.validate !== false) {
    validateCreateLinkArgs(args);
    if (keyEquals(sideA, sideZ)) fail('side_z', 'must differ from side_a', EXPECTED_PROGRAM_ERRORS.InvalidDevicePubkey);
  }
  const keys = [
    writable(getLinkPda(programId, linkIndex)[0]),
    writable(contributor),
    writable(sideA),
    writable(sideZ),
    writable(globalStatePda(programId)),
    writable(unicastDefaultTopologyPda(programId)),
    writable(deviceTunnelBlockPda(programId)),
    writable(linkIdsPda(programId)),
  ];
  return finishInstruction(input, keys, encodeCreateLinkArgs(args));
}

export interface CreateLinkAccounts<K = KeyInput> extends TailAccounts<K> {
  link: K;
  contributor: K;
  sideA: K;
  sideZ: K;
  globalState: K;
  unicastDefaultTopology: K;
  deviceTunnelBlock: K;
  linkIds: K;
}

export type DecodedCreateLinkInstruction<K = KeyInput> = DecodedInstructionBase<
  'CreateLink',
  DoubleZeroInstructionTag.CreateLink,
  DecodedCreateLinkArgs,
  CreateLinkAccounts<K>,
  K
>;

export function decodeCreateLinkInstruction<K>(
  keys: KeyKind<K>,
  ix: CoreInstruction,
  opts?: DecodeInstructionOptions,
): DecodedCreateLinkInstruction<K> {
  return decodeInstructionAs('CreateLink', ix, opts, keys, (d) => decodeCreateLinkArgs(keys, d), (c): CreateLinkAccounts<K> => ({
    link: c.next('link'),
    contributor: c.next('contributor'),
    sideA: c.next('side_a'),
    sideZ: c.next('side_z'),
    globalState: c.next('globalstate'),
    unicastDefaultTopology: c.next('unicast_default_topology'),
    deviceTunnelBlock: c.next('device_tunnel_block'),
    linkIds: c.next('link_ids'),
    ...c.tail(),
  }));
}
