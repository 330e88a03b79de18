import { keyEquals, type KeyInput, type KeyKind } from '../keys.js';
import {
  AccountType,
  InterfaceCYOA,
  InterfaceDIA,
  InterfaceStatus,
  LinkDesiredStatus,
  LinkDesiredStatusSpec,
  LinkHealth,
  LinkLinkType,
  LinkLinkTypeSpec,
  LinkStatus,
} from '../enums.js';
import { ValidationError } from '../errors.js';
import type { Device } from '../state/device.js';
import type { Link } from '../state/link.js';
import { linkWriteProblem } from './accountRules.js';
import { checkDeclared, checkDeviceWrite, findInterfaceIndex, withInterfaceAt } from './interfaceRules.js';
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
import { expectDevice, expectObject } from '../validate.js';
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
  NO_NETWORK,
} from './validation.js';

const TYPE = 'CreateLink args';

/** LinkCreateArgs (docs/wire-format.md#createlink). */
export interface CreateLinkArgs {
  /** Stored ASCII-lowercased by the program; no length limit. */
  code: string;
  /** WAN or DZX. */
  linkType: LinkLinkType;
  /** Bits per second, 10–400 Gbps. */
  bandwidth: number | bigint;
  /** Must be 9000. */
  mtu: number | bigint;
  /** The link's delay (round-trip time), in nanoseconds. */
  delayNs: number | bigint;
  /** The link's jitter, in nanoseconds. */
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

/** The arguments of a CreateLink instruction as decoded from its data; a field the data lacks holds the program's fallback. */
export interface DecodedCreateLinkArgs {
  /** The link's code (the chain does not keep codes unique). */
  code: string;
  /** WAN or DZX. */
  linkType: LinkLinkType;
  /** The bandwidth, in bits per second. */
  bandwidth: bigint;
  /** The MTU, in bytes. */
  mtu: number;
  /** The link's delay (round-trip time), in nanoseconds. */
  delayNs: bigint;
  /** The link's jitter, in nanoseconds. */
  jitterNs: bigint;
  /** The interface on side A's device the link uses. */
  sideAIfaceName: string;
  /** The interface on side Z's device the link uses. */
  sideZIfaceName: string | null;
  /** The desired status (the operators' intent). */
  desiredStatus: LinkDesiredStatus | null;
  /** Whether the program allocates the resources itself (always true for what dzprov builds). */
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
export function decodeCreateLinkArgs<K = Uint8Array>(keys: KeyKind<K> | undefined, data: Uint8Array): DecodedCreateLinkArgs & {
  /** The fields (snake_case) the data lacks, which took the program's fallbacks. */
  defaultedFields: string[];
  /** Bytes after the last field (the program ignores them). */
  trailingBytes: number;
} {
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
  // The program compares the link's bandwidth with each named interface's before anything else:
  // a link wider than any link may be fails there, with the same error the range check gives.
  checkRange(args.bandwidth, 'bandwidth', 0n, MAX_LINK_BANDWIDTH, EXPECTED_PROGRAM_ERRORS.InvalidBandwidth, ' bps');
  if (args.linkType === LinkLinkType.DZX && args.sideZIfaceName != null) {
    fail('side_z_iface_name', 'must be absent for a DZX link (side Z names its interface in AcceptLink)', EXPECTED_PROGRAM_ERRORS.InvalidInterfaceZForExternal);
  }
  if (Number(args.mtu) !== LINK_MTU) fail('mtu', `must be ${LINK_MTU}, got ${String(args.mtu)}`, EXPECTED_PROGRAM_ERRORS.InvalidMtu);
  checkRange(args.bandwidth, 'bandwidth', MIN_LINK_BANDWIDTH, MAX_LINK_BANDWIDTH, EXPECTED_PROGRAM_ERRORS.InvalidBandwidth, ' bps');
  checkRange(args.delayNs, 'delay_ns', MIN_LINK_DELAY_NS, MAX_LINK_DELAY_NS, EXPECTED_PROGRAM_ERRORS.InvalidDelay, ' ns');
  checkRange(args.jitterNs, 'jitter_ns', MIN_LINK_DELAY_NS, MAX_LINK_DELAY_NS, EXPECTED_PROGRAM_ERRORS.InvalidJitter, ' ns');
}

export interface CreateCreateLinkInstructionInput extends BaseBuilderInput {
  /** The Contributor account that operates the device or link. */
  contributor: KeyInput;
  /** Side A device. */
  sideA: KeyInput;
  /** Side Z device; must differ from side A (InvalidDevicePubkey). */
  sideZ: KeyInput;
  /** The NEW link's index: GlobalState.account_index + 1, as read from chain. */
  linkIndex: number | bigint;
  /** The instruction's arguments. */
  args: CreateLinkArgs;
  /**
   * The two side devices as decoded now (give both, or neither). With them, the offline checks
   * make the program's checks on them in its order (each side's contributor, the named
   * interfaces, their CYOA/DIA assignments, bandwidth and status) and check that the program can
   * write both devices back; a side device holding a value the program does not declare is not
   * written (IllegalTransitionError).
   */
  sideADevice?: Device;
  /** The Device on side Z, as read (its contributor decides side Z's rights). */
  sideZDevice?: Device;
}

/** Stands for the tunnel CreateLink allocates from the DeviceTunnelBlock (a private /31). */
const ALLOCATED_TUNNEL_NET = '10.0.0.0/31';

/**
 * The program's checks of CreateLink that read the side devices, in its order, then the two
 * devices and the link as it writes them (tunnel and ids it allocates standing in).
 */
function checkCreateLinkOn(input: CreateCreateLinkInstructionInput, sideA: Device, sideZ: Device): void {
  const E = EXPECTED_PROGRAM_ERRORS;
  const { args, contributor } = input;
  checkDeclared(sideA, 'create link');
  checkDeclared(sideZ, 'create link');
  const dzx = args.linkType === LinkLinkType.DZX;
  if (!keyEquals(sideA.contributorPk, contributor)) fail('side_a', `side-A device ${sideA.code} belongs to another contributor`, E.InvalidContributor);
  if (!dzx && !keyEquals(sideZ.contributorPk, contributor)) fail('side_z', `side-Z device ${sideZ.code} belongs to another contributor (only a DZX link joins two contributors)`, E.InvalidContributor);
  const bandwidth = BigInt(args.bandwidth);
  const end = (d: Device, name: string, field: string) => {
    const f = d.interfaces.find((i) => i.name === name);
    if (!f) fail(field, `device ${d.code} has no interface "${name}" (it has: ${d.interfaces.map((i) => i.name).join(', ') || 'none'})`, E.InvalidInterfaceName);
    if (f.interfaceCyoa !== InterfaceCYOA.None || f.interfaceDia !== InterfaceDIA.None) fail(field, `interface ${f.name} of ${d.code} has a CYOA/DIA assignment`, E.InterfaceHasEdgeAssignment);
    if (f.bandwidth < bandwidth) fail(field, `interface ${f.name} of ${d.code} has ${f.bandwidth} bps, below the link's ${bandwidth}`, E.InvalidBandwidth);
  };
  end(sideA, args.sideAIfaceName, 'side_a_iface_name');
  if (args.sideZIfaceName != null) end(sideZ, args.sideZIfaceName, 'side_z_iface_name');
  if (dzx && args.sideZIfaceName != null) {
    fail('side_z_iface_name', 'must be absent for a DZX link (side Z names its interface in AcceptLink)', E.InvalidInterfaceZForExternal);
  }
  if (Number(args.mtu) !== LINK_MTU) fail('mtu', `must be ${LINK_MTU}, got ${String(args.mtu)}`, E.InvalidMtu);
  // A WAN link is activated at once: both named interfaces must be unlinked, and each takes an
  // address of the tunnel unless it has one. Both devices count one more reference.
  let a: Device = { ...sideA, referenceCount: sideA.referenceCount + 1 };
  let z: Device = { ...sideZ, referenceCount: sideZ.referenceCount + 1 };
  if (!dzx) {
    const activate = (d: Device, i: number, n: number): Device =>
      withInterfaceAt(d, i, { ...d.interfaces[i]!, status: InterfaceStatus.Activated, ipNet: d.interfaces[i]!.ipNet === NO_NETWORK ? `10.0.0.${n}/31` : d.interfaces[i]!.ipNet });
    const ia = findInterfaceIndex(sideA, args.sideAIfaceName);
    if (sideA.interfaces[ia]!.status !== InterfaceStatus.Unlinked) fail('side_a_iface_name', `interface ${args.sideAIfaceName} of ${sideA.code} is not unlinked`, E.InvalidStatus);
    a = activate(a, ia, 0);
    const iz = findInterfaceIndex(sideZ, args.sideZIfaceName ?? '');
    if (iz >= 0) {
      if (sideZ.interfaces[iz]!.status !== InterfaceStatus.Unlinked) fail('side_z_iface_name', `interface ${sideZ.interfaces[iz]!.name} of ${sideZ.code} is not unlinked`, E.InvalidStatus);
      z = activate(z, iz, 1);
    }
  }
  // The program creates the link first, then writes the contributor and the two devices back.
  const link: Link = {
    accountType: AccountType.Link,
    owner: input.payer,
    index: BigInt(input.linkIndex),
    bumpSeed: 0,
    sideAPk: input.sideA,
    sideZPk: input.sideZ,
    linkType: args.linkType,
    bandwidth,
    mtu: Number(args.mtu),
    delayNs: BigInt(args.delayNs),
    jitterNs: BigInt(args.jitterNs),
    tunnelId: dzx ? 0 : 1,
    tunnelNet: dzx ? NO_NETWORK : ALLOCATED_TUNNEL_NET,
    status: dzx ? LinkStatus.Requested : LinkStatus.Activated,
    code: args.code,
    contributorPk: contributor,
    sideAIfaceName: args.sideAIfaceName,
    sideZIfaceName: args.sideZIfaceName ?? '',
    delayOverrideNs: 0n,
    linkHealth: LinkHealth.ReadyForService,
    desiredStatus: args.desiredStatus ?? LinkDesiredStatus.Activated,
    linkTopologies: [],
    linkFlags: 0,
  };
  const p = linkWriteProblem(link);
  if (p) fail(p.field, p.rule, p.programError);
  checkDeviceWrite(a);
  checkDeviceWrite(z);
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
  const { sideADevice, sideZDevice } = input;
  if (sideADevice !== undefined) expectDevice(sideADevice, 'input.sideADevice');
  if (sideZDevice !== undefined) expectDevice(sideZDevice, 'input.sideZDevice');
  if ((sideADevice === undefined) !== (sideZDevice === undefined)) {
    throw new ValidationError('side_devices', 'give both sideADevice and sideZDevice, or neither');
  }
  if (input.validate !== false) {
    if (sideADevice && sideZDevice) {
      expectObject(args, 'args');
      if (args.useOnchainAllocation === false) {
        fail('use_onchain_allocation', 'must be true (the program only creates links with on-chain allocation)', EXPECTED_PROGRAM_ERRORS.InvalidArgument);
      }
      checkCode(args.code, 'code');
      checkCreateLinkOn(input, sideADevice, sideZDevice);
    } else {
      validateCreateLinkArgs(args);
      if (keyEquals(sideA, sideZ)) fail('side_z', 'must differ from side_a', EXPECTED_PROGRAM_ERRORS.InvalidDevicePubkey);
    }
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

/** The accounts of a CreateLink instruction by role (in the program's order on the wire). */
export interface CreateLinkAccounts<K = KeyInput> extends TailAccounts<K> {
  /** The Link account. */
  link: K;
  /** The Contributor account that operates the device or link. */
  contributor: K;
  /** The Device on side A. */
  sideA: K;
  /** The Device on side Z. */
  sideZ: K;
  /** The program's GlobalState account. */
  globalState: K;
  /** The UNICAST-DEFAULT Topology account new links are tagged with. */
  unicastDefaultTopology: K;
  /** The allocation table of link tunnel networks. */
  deviceTunnelBlock: K;
  /** The allocation table of link ids. */
  linkIds: K;
}

/** A decoded CreateLink instruction: its name, tag, arguments and accounts by role. */
export type DecodedCreateLinkInstruction<K = KeyInput> = DecodedInstructionBase<
  'CreateLink',
  DoubleZeroInstructionTag.CreateLink,
  DecodedCreateLinkArgs,
  CreateLinkAccounts<K>,
  K
>;

/** Decodes a CreateLink instruction: checks its program id and tag, decodes its arguments and names its accounts by role; InstructionDecodeError for anything else. */
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
