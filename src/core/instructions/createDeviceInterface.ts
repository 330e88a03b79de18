import type { KeyInput, KeyKind } from '../keys.js';
import {
  InterfaceStatus,
  InterfaceType,
  InterfaceCYOA,
  InterfaceCYOASpec,
  InterfaceDIA,
  InterfaceDIASpec,
  LoopbackType,
  LoopbackTypeSpec,
  RoutingMode,
  RoutingModeSpec,
} from '../enums.js';
import { getTopologyPda } from '../pda.js';
import {
  ArgsReader,
  beginData,
  checkKey,
  decodeInstructionAs,
  deviceTunnelBlockPda,
  finishInstruction,
  globalStatePda,
  readEnum,
  readonly,
  segmentRoutingIdsPda,
  small,
  writable,
  writeEnum,
  type BaseBuilderInput,
  type DecodedInstructionBase,
  type DecodeInstructionOptions,
  type TailAccounts,
  checkBuilderInput,
  type CoreInstruction,
} from './common.js';
import { expectArray, expectDevice, expectKey, expectObject } from '../validate.js';
import type { Device, Interface } from '../state/device.js';
import { checkDeclared, checkDeviceWrite, findInterfaceIndex } from './interfaceRules.js';
import { EXPECTED_PROGRAM_ERRORS } from './errors.js';
import { DoubleZeroInstructionTag } from './tags.js';
import {
  checkNetworkSyntax,
  checkRange,
  CYOA_DIA_INTERFACE_MTU,
  fail,
  INTERFACE_MTU,
  isLinkLocalIpv4,
  isPrivateIpv4,
  MAX_VLAN_ID,
  networkAddress,
  NO_NETWORK,
  normalizeInterfaceName,
  checkTopologyNames,
} from './validation.js';

const TYPE = 'CreateDeviceInterface args';

/** DeviceInterfaceCreateArgs (docs/wire-format.md#device-interface-instructions). */
export interface CreateDeviceInterfaceArgs {
  /** Normalised by the program (`et1` → `Ethernet1`); see normalizeInterfaceName. */
  name: string;
  /** What a loopback is for (None for physical interfaces). */
  loopbackType: LoopbackType;
  /** The VLAN id (0 = none). */
  vlanId: number | bigint;
  /** The interface's IPv4 address and prefix length, as "a.b.c.d/n". */
  ipNet?: string | null;
  /** Whether user tunnels may terminate on the interface. */
  userTunnelEndpoint: boolean;
  /** How users may reach the device over the interface (CYOA; None when it is not a CYOA interface). */
  interfaceCyoa: InterfaceCYOA;
  /** Whether the interface provides direct internet access. */
  interfaceDia: InterfaceDIA;
  /** The bandwidth, in bits per second. */
  bandwidth: number | bigint;
  /** The committed information rate, in bits per second. */
  cir: number | bigint;
  /** The MTU, in bytes. */
  mtu: number | bigint;
  /** How routes are exchanged over the interface. */
  routingMode: RoutingMode;
  /** Derived: the builder always writes true. */
  useOnchainAllocation?: boolean;
  /** Derived: the builder writes the number of topology accounts (Vpnv4 loopbacks only). */
  topologyCount?: number | bigint;
}

/** The arguments of a CreateDeviceInterface instruction as decoded from its data; a field the data lacks holds the program's fallback. */
export interface DecodedCreateDeviceInterfaceArgs {
  /** The interface's name on the device. */
  name: string;
  /** What a loopback is for (None for physical interfaces). */
  loopbackType: LoopbackType;
  /** The VLAN id (0 = none). */
  vlanId: number;
  /** The interface's IPv4 address and prefix length, as "a.b.c.d/n". */
  ipNet: string | null;
  /** Whether user tunnels may terminate on the interface. */
  userTunnelEndpoint: boolean;
  /** How users may reach the device over the interface (CYOA; None when it is not a CYOA interface). */
  interfaceCyoa: InterfaceCYOA;
  /** Whether the interface provides direct internet access. */
  interfaceDia: InterfaceDIA;
  /** The bandwidth, in bits per second. */
  bandwidth: bigint;
  /** The committed information rate, in bits per second. */
  cir: bigint;
  /** The MTU, in bytes. */
  mtu: number;
  /** How routes are exchanged over the interface. */
  routingMode: RoutingMode;
  /** Whether the program allocates the resources itself (always true for what dzprov builds). */
  useOnchainAllocation: boolean;
  /** How many Topology accounts the instruction carries. */
  topologyCount: number;
}

/** Full CreateDeviceInterface instruction data: tag 73 + the complete Args, as given. */
export function encodeCreateDeviceInterfaceArgs(args: CreateDeviceInterfaceArgs): Uint8Array {
  expectObject(args, 'args');
  const w = beginData(TYPE, DoubleZeroInstructionTag.CreateDeviceInterface, 64);
  w.string(args.name, 'name');
  writeEnum(w, LoopbackTypeSpec, args.loopbackType, 'loopback_type');
  w.u16(small(args.vlanId), 'vlan_id');
  w.option(args.ipNet, 'ip_net', (w, v) => w.networkV4(v, 'ip_net'));
  w.bool(args.userTunnelEndpoint, 'user_tunnel_endpoint');
  writeEnum(w, InterfaceCYOASpec, args.interfaceCyoa, 'interface_cyoa');
  writeEnum(w, InterfaceDIASpec, args.interfaceDia, 'interface_dia');
  w.u64(args.bandwidth, 'bandwidth');
  w.u64(args.cir, 'cir');
  w.u16(small(args.mtu), 'mtu');
  writeEnum(w, RoutingModeSpec, args.routingMode, 'routing_mode');
  w.bool(args.useOnchainAllocation ?? true, 'use_onchain_allocation');
  w.u8(small(args.topologyCount ?? 0), 'topology_count');
  return w.finish();
}

/** Decodes the arguments of a CreateDeviceInterface instruction from its data as the program does (docs/wire-format.md#trailing-defaults-in-args): `defaultedFields` names the fields the data lacks (they take the program's fallbacks), `trailingBytes` counts the ignored bytes after the last field. A field cut short throws. */
export function decodeCreateDeviceInterfaceArgs<K = Uint8Array>(keys: KeyKind<K> | undefined, data: Uint8Array): DecodedCreateDeviceInterfaceArgs & {
  /** The fields (snake_case) the data lacks, which took the program's fallbacks. */
  defaultedFields: string[];
  /** Bytes after the last field (the program ignores them). */
  trailingBytes: number;
} {
  const a = new ArgsReader(data, TYPE, DoubleZeroInstructionTag.CreateDeviceInterface, keys);
  const args: DecodedCreateDeviceInterfaceArgs = {
    name: a.field('name', '', (r) => r.string('name')),
    loopbackType: a.field('loopback_type', LoopbackTypeSpec.defaultValue, (r) => readEnum(r, LoopbackTypeSpec, 'loopback_type')),
    vlanId: a.field('vlan_id', 0, (r) => r.u16('vlan_id')),
    ipNet: a.option('ip_net', (r) => r.networkV4('ip_net')),
    userTunnelEndpoint: a.field('user_tunnel_endpoint', false, (r) => r.bool('user_tunnel_endpoint')),
    interfaceCyoa: a.field('interface_cyoa', InterfaceCYOASpec.defaultValue, (r) => readEnum(r, InterfaceCYOASpec, 'interface_cyoa')),
    interfaceDia: a.field('interface_dia', InterfaceDIASpec.defaultValue, (r) => readEnum(r, InterfaceDIASpec, 'interface_dia')),
    bandwidth: a.field('bandwidth', 0n, (r) => r.u64('bandwidth')),
    cir: a.field('cir', 0n, (r) => r.u64('cir')),
    mtu: a.field('mtu', 0, (r) => r.u16('mtu')),
    routingMode: a.field('routing_mode', RoutingModeSpec.defaultValue, (r) => readEnum(r, RoutingModeSpec, 'routing_mode')),
    useOnchainAllocation: a.field('use_onchain_allocation', false, (r) => r.bool('use_onchain_allocation')),
    topologyCount: a.field('topology_count', 0, (r) => r.u8('topology_count')),
  };
  return a.done(args);
}

/**
 * The program's offline-checkable rules for CreateDeviceInterface, in its order: name valid
 * (InvalidInterfaceName); CYOA only on physical interfaces (CyoaRequiresPhysical); ip_net only
 * with CYOA, DIA or user_tunnel_endpoint, and CYOA needs ip_net (InvalidInterfaceIp); CYOA/DIA:
 * mtu 1500 and bandwidth > 0, others mtu 9000 (InvalidMtu / InvalidBandwidth); then (with a
 * clean device: the rest depend on the device, see createCreateDeviceInterfaceInstruction's
 * `currentDevice`) no duplicate topology (InvalidArgument); VLAN ≤ 4094 (InvalidVlanId); a
 * non-CYOA/DIA ip_net must be private or link-local unless it is a user-tunnel-endpoint loopback
 * (InvalidInterfaceIp).
 */
export function validateCreateDeviceInterfaceArgs(args: CreateDeviceInterfaceArgs, topologyNames: readonly string[] = []): void {
  const name = checkCreateArguments(args);
  // Only a loopback is given segment ids: a physical interface ignores the topologies.
  if (args.loopbackType === LoopbackType.Vpnv4 && name.startsWith('Loopback')) checkTopologyNames(topologyNames, 'topology_names');
  checkNewInterface(args);
}

/** The checks the program makes on the arguments before it reads the device. */
function checkCreateArguments(args: CreateDeviceInterfaceArgs): string {
  expectObject(args, 'args');
  const name = normalizeInterfaceName(args.name, 'name');
  const loopback = name.startsWith('Loopback');
  const cyoa = args.interfaceCyoa !== InterfaceCYOA.None;
  const dia = args.interfaceDia !== InterfaceDIA.None;
  const ipNet = args.ipNet ?? null;
  if (ipNet !== null) checkNetworkSyntax(ipNet, 'ip_net', EXPECTED_PROGRAM_ERRORS.InvalidInterfaceIp);
  if (cyoa && loopback) fail('interface_cyoa', 'CYOA can only be set on a physical interface', EXPECTED_PROGRAM_ERRORS.CyoaRequiresPhysical);
  if (ipNet !== null && !cyoa && !dia && !args.userTunnelEndpoint) {
    fail('ip_net', 'only a CYOA, DIA or user-tunnel-endpoint interface may be given an ip_net', EXPECTED_PROGRAM_ERRORS.InvalidInterfaceIp);
  }
  if (cyoa && ipNet === null) fail('ip_net', 'a CYOA interface needs an ip_net', EXPECTED_PROGRAM_ERRORS.InvalidInterfaceIp);
  if (cyoa || dia) {
    if (Number(args.mtu) !== CYOA_DIA_INTERFACE_MTU) {
      fail('mtu', `a CYOA/DIA interface must have mtu ${CYOA_DIA_INTERFACE_MTU}, got ${String(args.mtu)}`, EXPECTED_PROGRAM_ERRORS.InvalidMtu);
    }
    if (Number(args.bandwidth) === 0) fail('bandwidth', 'a CYOA/DIA interface needs a bandwidth above 0', EXPECTED_PROGRAM_ERRORS.InvalidBandwidth);
  } else if (Number(args.mtu) !== INTERFACE_MTU) {
    fail('mtu', `a non-CYOA/DIA interface must have mtu ${INTERFACE_MTU}, got ${String(args.mtu)}`, EXPECTED_PROGRAM_ERRORS.InvalidMtu);
  }
  return name;
}

/** The new interface's own write-time rules (the device's validation of it). */
function checkNewInterface(args: CreateDeviceInterfaceArgs): void {
  const name = normalizeInterfaceName(args.name, 'name');
  const loopback = name.startsWith('Loopback');
  const cyoa = args.interfaceCyoa !== InterfaceCYOA.None;
  const dia = args.interfaceDia !== InterfaceDIA.None;
  const ipNet = args.ipNet ?? null;
  checkRange(args.vlanId, 'vlan_id', 0n, BigInt(MAX_VLAN_ID), EXPECTED_PROGRAM_ERRORS.InvalidVlanId);
  if (ipNet !== null && ipNet !== NO_NETWORK && !cyoa && !dia && !(loopback && args.userTunnelEndpoint)) {
    const ip = networkAddress(ipNet);
    if (!isPrivateIpv4(ip) && !isLinkLocalIpv4(ip)) {
      fail('ip_net', `${ipNet} must be private or link-local (only user-tunnel-endpoint loopbacks may use other addresses)`, EXPECTED_PROGRAM_ERRORS.InvalidInterfaceIp);
    }
  }
}

/** Stands for the address CreateDeviceInterface allocates to a loopback from the DeviceTunnelBlock (a private network). */
const ALLOCATED_LOOPBACK_IP = '10.0.0.1/32';

/**
 * The interface CreateDeviceInterface adds (what the program allocates — a loopback's address, a
 * Vpnv4 loopback's node segment ids — standing in as placeholders).
 */
export function interfaceCreatedBy(args: CreateDeviceInterfaceArgs, topologies: readonly KeyInput[] = []): Interface {
  encodeCreateDeviceInterfaceArgs(args); // every field of the right type, or a typed error naming it
  expectArray(topologies, 'topologies');
  topologies.forEach((t, i) => expectKey(t, `topologies[${i}]`));
  const name = normalizeInterfaceName(args.name, 'name');
  const loopback = name.startsWith('Loopback');
  const vpnv4 = loopback && args.loopbackType === LoopbackType.Vpnv4;
  const given = args.ipNet ?? NO_NETWORK;
  return {
    size: 0,
    version: 4,
    status: loopback ? InterfaceStatus.Activated : InterfaceStatus.Unlinked,
    name,
    interfaceType: loopback ? InterfaceType.Loopback : InterfaceType.Physical,
    loopbackType: args.loopbackType,
    interfaceCyoa: args.interfaceCyoa,
    interfaceDia: args.interfaceDia,
    bandwidth: BigInt(args.bandwidth),
    cir: BigInt(args.cir),
    mtu: Number(args.mtu),
    routingMode: args.routingMode,
    vlanId: Number(args.vlanId),
    ipNet: loopback && given === NO_NETWORK ? ALLOCATED_LOOPBACK_IP : given,
    nodeSegmentIdx: vpnv4 ? 1 : 0,
    userTunnelEndpoint: args.userTunnelEndpoint,
    flexAlgoNodeSegments: vpnv4 ? topologies.map((topology, i) => ({ topology, nodeSegmentIdx: 2 + i })) : [],
  };
}

export interface CreateCreateDeviceInterfaceInstructionInput extends BaseBuilderInput {
  /** The Device account. */
  device: KeyInput;
  /** device.contributor_pk */
  contributor: KeyInput;
  /** Flex-algo topologies; used only for Vpnv4 loopbacks (ignored otherwise, like the Rust builder). */
  topologyNames?: readonly string[];
  /** The instruction's arguments. */
  args: CreateDeviceInterfaceArgs;
  /**
   * The device as decoded now, for the offline checks: after the argument rules, the program's
   * checks on the device in its order (no interface of that name yet, InterfaceAlreadyExists;
   * then the device with the new interface validated whole), and a device holding a value the
   * program does not declare is not written (IllegalTransitionError).
   */
  currentDevice?: Device;
}

/**
 * CreateDeviceInterface (tag 73). Accounts: device, contributor, GlobalState,
 * DeviceTunnelBlock, SegmentRoutingIds, Topology(name) read-only per topology name (Vpnv4
 * loopbacks only), payer, system (Permission PDA with `appendPermission`).
 * use_onchain_allocation = true; topology_count = number of topology accounts.
 */
export function createCreateDeviceInterfaceInstruction(input: CreateCreateDeviceInterfaceInstructionInput): CoreInstruction {
  checkBuilderInput(input, true);
  const { programId, device, contributor, args } = input;
  checkKey(programId, 'program_id');
  checkKey(device, 'device');
  checkKey(contributor, 'contributor');
  const names = input.topologyNames ?? [];
  const vpnv4 = args.loopbackType === LoopbackType.Vpnv4;
  if (vpnv4) checkTopologyNames(names, 'topology_names', false);
  const current = input.currentDevice;
  if (current !== undefined) expectDevice(current, 'input.currentDevice');
  if (input.validate !== false) {
    if (current === undefined) validateCreateDeviceInterfaceArgs(args, names);
    else {
      const name = checkCreateArguments(args);
      checkDeclared(current, 'create device interface');
      if (findInterfaceIndex(current, name) >= 0) fail('name', `device ${current.code} already has an interface "${name}"`, EXPECTED_PROGRAM_ERRORS.InterfaceAlreadyExists);
      if (vpnv4 && name.startsWith('Loopback')) checkTopologyNames(names, 'topology_names');
      checkDeviceWrite({ ...current, interfaces: [...current.interfaces, interfaceCreatedBy(args, names.map((n) => getTopologyPda(programId, n)[0]))] });
    }
  }
  const keys = [
    writable(device),
    writable(contributor),
    writable(globalStatePda(programId)),
    writable(deviceTunnelBlockPda(programId)),
    writable(segmentRoutingIdsPda(programId)),
  ];
  if (vpnv4) for (const n of names) keys.push(readonly(getTopologyPda(programId, n)[0]));
  const data = encodeCreateDeviceInterfaceArgs({
    ...args,
    useOnchainAllocation: true,
    topologyCount: vpnv4 ? names.length : 0,
  });
  return finishInstruction(input, keys, data);
}

/** The accounts of a CreateDeviceInterface instruction by role (in the program's order on the wire). */
export interface CreateDeviceInterfaceAccounts<K = KeyInput> extends TailAccounts<K> {
  /** The Device account. */
  device: K;
  /** The Contributor account that operates the device or link. */
  contributor: K;
  /** The program's GlobalState account. */
  globalState: K;
  /** The allocation table of link tunnel networks. */
  deviceTunnelBlock: K;
  /** The allocation table of segment routing ids. */
  segmentRoutingIds: K;
  /** `topology_count` topology accounts. */
  topologies: K[];
}

/** A decoded CreateDeviceInterface instruction: its name, tag, arguments and accounts by role. */
export type DecodedCreateDeviceInterfaceInstruction<K = KeyInput> = DecodedInstructionBase<
  'CreateDeviceInterface',
  DoubleZeroInstructionTag.CreateDeviceInterface,
  DecodedCreateDeviceInterfaceArgs,
  CreateDeviceInterfaceAccounts<K>,
  K
>;

/** Decodes a CreateDeviceInterface instruction: checks its program id and tag, decodes its arguments and names its accounts by role; InstructionDecodeError for anything else. */
export function decodeCreateDeviceInterfaceInstruction<K>(
  keys: KeyKind<K>,
  ix: CoreInstruction,
  opts?: DecodeInstructionOptions,
): DecodedCreateDeviceInterfaceInstruction<K> {
  return decodeInstructionAs('CreateDeviceInterface', ix, opts, keys, (d) => decodeCreateDeviceInterfaceArgs(keys, d), (c, args): CreateDeviceInterfaceAccounts<K> => ({
    device: c.next('device'),
    contributor: c.next('contributor'),
    globalState: c.next('globalstate'),
    deviceTunnelBlock: c.next('device_tunnel_block'),
    segmentRoutingIds: c.next('segment_routing_ids'),
    topologies: c.take(args.topologyCount, 'topologies'),
    ...c.tail(),
  }));
}
