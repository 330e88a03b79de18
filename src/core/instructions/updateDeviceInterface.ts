import type { KeyInput, KeyKind } from '../keys.js';
import {
  InterfaceCYOA,
  InterfaceCYOASpec,
  InterfaceDIA,
  InterfaceDIASpec,
  InterfaceStatus,
  InterfaceStatusSpec,
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
import { expectDevice, expectObject } from '../validate.js';
import type { Device } from '../state/device.js';
import { checkDeclared, updateInterfaceOn } from './interfaceRules.js';
import { EXPECTED_PROGRAM_ERRORS } from './errors.js';
import { DoubleZeroInstructionTag } from './tags.js';
import {
  checkInterfaceName,
  checkNetworkSyntax,
  checkRange,
  checkTopologyNames,
  CYOA_DIA_INTERFACE_MTU,
  fail,
  INTERFACE_MTU,
  MAX_VLAN_ID,
  NO_NETWORK,
} from './validation.js';

const TYPE = 'UpdateDeviceInterface args';

/** DeviceInterfaceUpdateArgs (docs/wire-format.md#device-interface-instructions); absent / null = unchanged. */
export interface UpdateDeviceInterfaceArgs {
  /** Matched case-insensitively against the device's interfaces. */
  name: string;
  /** What a loopback is for (None for physical interfaces); unchanged when absent. */
  loopbackType?: LoopbackType | null;
  /** The VLAN id (0 = none); unchanged when absent. */
  vlanId?: number | bigint | null;
  /** Whether user tunnels may terminate on the interface; unchanged when absent. */
  userTunnelEndpoint?: boolean | null;
  /** The status to write; unchanged when absent. */
  status?: InterfaceStatus | null;
  /** The interface's IPv4 address and prefix length, as "a.b.c.d/n"; unchanged when absent. */
  ipNet?: string | null;
  /** Privileged only. */
  nodeSegmentIdx?: number | bigint | null;
  /** How users may reach the device over the interface (CYOA; None when it is not a CYOA interface); unchanged when absent. */
  interfaceCyoa?: InterfaceCYOA | null;
  /** Whether the interface provides direct internet access; unchanged when absent. */
  interfaceDia?: InterfaceDIA | null;
  /** The bandwidth, in bits per second; unchanged when absent. */
  bandwidth?: number | bigint | null;
  /** The committed information rate, in bits per second; unchanged when absent. */
  cir?: number | bigint | null;
  /** The MTU, in bytes; unchanged when absent. */
  mtu?: number | bigint | null;
  /** How routes are exchanged over the interface; unchanged when absent. */
  routingMode?: RoutingMode | null;
  /** Derived: the builder writes the number of topology names. */
  topologyCount?: number | bigint;
  /** Derived: the builder writes "topology names given". */
  updateTopologies?: boolean;
}

/** The arguments of a UpdateDeviceInterface instruction as decoded from its data; a field the data lacks holds the program's fallback. */
export interface DecodedUpdateDeviceInterfaceArgs {
  /** The interface's name on the device. */
  name: string;
  /** What a loopback is for (None for physical interfaces). */
  loopbackType: LoopbackType | null;
  /** The VLAN id (0 = none). */
  vlanId: number | null;
  /** Whether user tunnels may terminate on the interface. */
  userTunnelEndpoint: boolean | null;
  /** The status to write. */
  status: InterfaceStatus | null;
  /** The interface's IPv4 address and prefix length, as "a.b.c.d/n". */
  ipNet: string | null;
  /** The node segment index (segment routing SID index). */
  nodeSegmentIdx: number | null;
  /** How users may reach the device over the interface (CYOA; None when it is not a CYOA interface). */
  interfaceCyoa: InterfaceCYOA | null;
  /** Whether the interface provides direct internet access. */
  interfaceDia: InterfaceDIA | null;
  /** The bandwidth, in bits per second. */
  bandwidth: bigint | null;
  /** The committed information rate, in bits per second. */
  cir: bigint | null;
  /** The MTU, in bytes. */
  mtu: number | null;
  /** How routes are exchanged over the interface. */
  routingMode: RoutingMode | null;
  /** How many Topology accounts the instruction carries. */
  topologyCount: number;
  /** Whether the instruction replaces the interface's topologies. */
  updateTopologies: boolean;
}

/** Full UpdateDeviceInterface instruction data: tag 76 + the complete Args, as given. */
export function encodeUpdateDeviceInterfaceArgs(args: UpdateDeviceInterfaceArgs): Uint8Array {
  expectObject(args, 'args');
  const w = beginData(TYPE, DoubleZeroInstructionTag.UpdateDeviceInterface, 48);
  w.string(args.name, 'name');
  w.option(args.loopbackType, 'loopback_type', (w, v) => writeEnum(w, LoopbackTypeSpec, v, 'loopback_type'));
  w.option(args.vlanId, 'vlan_id', (w, v) => w.u16(small(v), 'vlan_id'));
  w.option(args.userTunnelEndpoint, 'user_tunnel_endpoint', (w, v) => w.bool(v, 'user_tunnel_endpoint'));
  w.option(args.status, 'status', (w, v) => writeEnum(w, InterfaceStatusSpec, v, 'status'));
  w.option(args.ipNet, 'ip_net', (w, v) => w.networkV4(v, 'ip_net'));
  w.option(args.nodeSegmentIdx, 'node_segment_idx', (w, v) => w.u16(small(v), 'node_segment_idx'));
  w.option(args.interfaceCyoa, 'interface_cyoa', (w, v) => writeEnum(w, InterfaceCYOASpec, v, 'interface_cyoa'));
  w.option(args.interfaceDia, 'interface_dia', (w, v) => writeEnum(w, InterfaceDIASpec, v, 'interface_dia'));
  w.option(args.bandwidth, 'bandwidth', (w, v) => w.u64(v, 'bandwidth'));
  w.option(args.cir, 'cir', (w, v) => w.u64(v, 'cir'));
  w.option(args.mtu, 'mtu', (w, v) => w.u16(small(v), 'mtu'));
  w.option(args.routingMode, 'routing_mode', (w, v) => writeEnum(w, RoutingModeSpec, v, 'routing_mode'));
  w.u8(small(args.topologyCount ?? 0), 'topology_count');
  w.bool(args.updateTopologies ?? false, 'update_topologies');
  return w.finish();
}

/** Decodes the arguments of a UpdateDeviceInterface instruction from its data as the program does (docs/wire-format.md#trailing-defaults-in-args): `defaultedFields` names the fields the data lacks (they take the program's fallbacks), `trailingBytes` counts the ignored bytes after the last field. A field cut short throws. */
export function decodeUpdateDeviceInterfaceArgs<K = Uint8Array>(keys: KeyKind<K> | undefined, data: Uint8Array): DecodedUpdateDeviceInterfaceArgs & {
  /** The fields (snake_case) the data lacks, which took the program's fallbacks. */
  defaultedFields: string[];
  /** Bytes after the last field (the program ignores them). */
  trailingBytes: number;
} {
  const a = new ArgsReader(data, TYPE, DoubleZeroInstructionTag.UpdateDeviceInterface, keys);
  const args: DecodedUpdateDeviceInterfaceArgs = {
    name: a.field('name', '', (r) => r.string('name')),
    loopbackType: a.option('loopback_type', (r) => readEnum(r, LoopbackTypeSpec, 'loopback_type')),
    vlanId: a.option('vlan_id', (r) => r.u16('vlan_id')),
    userTunnelEndpoint: a.option('user_tunnel_endpoint', (r) => r.bool('user_tunnel_endpoint')),
    status: a.option('status', (r) => readEnum(r, InterfaceStatusSpec, 'status')),
    ipNet: a.option('ip_net', (r) => r.networkV4('ip_net')),
    nodeSegmentIdx: a.option('node_segment_idx', (r) => r.u16('node_segment_idx')),
    interfaceCyoa: a.option('interface_cyoa', (r) => readEnum(r, InterfaceCYOASpec, 'interface_cyoa')),
    interfaceDia: a.option('interface_dia', (r) => readEnum(r, InterfaceDIASpec, 'interface_dia')),
    bandwidth: a.option('bandwidth', (r) => r.u64('bandwidth')),
    cir: a.option('cir', (r) => r.u64('cir')),
    mtu: a.option('mtu', (r) => r.u16('mtu')),
    routingMode: a.option('routing_mode', (r) => readEnum(r, RoutingModeSpec, 'routing_mode')),
    topologyCount: a.field('topology_count', 0, (r) => r.u8('topology_count')),
    updateTopologies: a.field('update_topologies', false, (r) => r.bool('update_topologies')),
  };
  return a.done(args);
}

/**
 * The offline-checkable part of the program's UpdateDeviceInterface rules without the device
 * (most depend on the stored interface: give the builder `currentDevice`): a name in today's
 * grammar that only a shorthand expansion would match is refused (InterfaceNotFound: stored names
 * are canonical), a name outside it passes (an older program version may have stored it); loopback_type never None
 * (InvalidLoopbackType); VLAN ≤ 4094 (InvalidVlanId); mtu 1500 or 9000, and exactly the one
 * the given CYOA/DIA values require (InvalidMtu); no zero bandwidth together with a CYOA/DIA
 * assignment (InvalidBandwidth); ip_net needs CYOA, DIA or user_tunnel_endpoint when all
 * three are given, and a CYOA assignment cannot clear ip_net (InvalidInterfaceIp); no
 * duplicate topology (InvalidArgument).
 */
export function validateUpdateDeviceInterfaceArgs(
  args: UpdateDeviceInterfaceArgs,
  topologyNames: readonly string[] | null = null,
): void {
  expectObject(args, 'args');
  checkInterfaceName(args.name, 'name', EXPECTED_PROGRAM_ERRORS.InterfaceNotFound, 'caseInsensitive');
  if (args.loopbackType === LoopbackType.None) {
    fail('loopback_type', 'cannot be set to None', EXPECTED_PROGRAM_ERRORS.InvalidLoopbackType);
  }
  if (args.ipNet != null) checkNetworkSyntax(args.ipNet, 'ip_net', EXPECTED_PROGRAM_ERRORS.InvalidInterfaceIp);
  const cyoaSet = args.interfaceCyoa != null && args.interfaceCyoa !== InterfaceCYOA.None;
  const diaSet = args.interfaceDia != null && args.interfaceDia !== InterfaceDIA.None;
  if (args.ipNet != null && args.interfaceCyoa != null && args.interfaceDia != null && args.userTunnelEndpoint != null) {
    if (!cyoaSet && !diaSet && !args.userTunnelEndpoint) {
      fail('ip_net', 'only a CYOA, DIA or user-tunnel-endpoint interface may be given an ip_net', EXPECTED_PROGRAM_ERRORS.InvalidInterfaceIp);
    }
  }
  // Flex-algo topologies are reconciled before the interface's CYOA, MTU and bandwidth checks.
  if (topologyNames != null) checkTopologyNames(topologyNames, 'topology_names');
  if (cyoaSet && args.ipNet === NO_NETWORK) fail('ip_net', 'a CYOA interface needs an ip_net', EXPECTED_PROGRAM_ERRORS.InvalidInterfaceIp);
  if (args.mtu != null) {
    const mtu = Number(args.mtu);
    if (mtu !== CYOA_DIA_INTERFACE_MTU && mtu !== INTERFACE_MTU) {
      fail('mtu', `must be ${CYOA_DIA_INTERFACE_MTU} (CYOA/DIA) or ${INTERFACE_MTU}, got ${mtu}`, EXPECTED_PROGRAM_ERRORS.InvalidMtu);
    }
    const expected = cyoaSet || diaSet ? CYOA_DIA_INTERFACE_MTU : args.interfaceCyoa != null && args.interfaceDia != null ? INTERFACE_MTU : mtu;
    if (mtu !== expected) {
      fail('mtu', `must be ${expected} for the given CYOA/DIA assignment, got ${mtu}`, EXPECTED_PROGRAM_ERRORS.InvalidMtu);
    }
  }
  if ((cyoaSet || diaSet) && args.bandwidth != null && Number(args.bandwidth) === 0) {
    fail('bandwidth', 'a CYOA/DIA interface needs a bandwidth above 0', EXPECTED_PROGRAM_ERRORS.InvalidBandwidth);
  }
  // The interface's own validation, which a Deleting interface skips.
  if (args.vlanId != null && args.status !== InterfaceStatus.Deleting) {
    checkRange(args.vlanId, 'vlan_id', 0n, BigInt(MAX_VLAN_ID), EXPECTED_PROGRAM_ERRORS.InvalidVlanId);
  }
}

export interface CreateUpdateDeviceInterfaceInstructionInput extends BaseBuilderInput {
  /** The Device account. */
  device: KeyInput;
  /** device.contributor_pk */
  contributor: KeyInput;
  /**
   * Absent / null: leave the interface's flex-algo topologies alone; `[]`: clear them; a list:
   * set exactly these (Vpnv4 loopbacks only).
   */
  topologyNames?: readonly string[] | null;
  /** The instruction's arguments. */
  args: UpdateDeviceInterfaceArgs;
  /**
   * The device as decoded now, for the offline checks: the interface is looked up as the program
   * looks it up (any stored name, a legacy one included), the change applied and checked in the
   * program's order, and the device it leaves validated whole (src/core/instructions/interfaceRules.ts);
   * a device holding a value the program does not declare is not written (IllegalTransitionError).
   */
  currentDevice?: Device;
}

/**
 * UpdateDeviceInterface (tag 76). Accounts: device, contributor, GlobalState;
 * SegmentRoutingIds when nodeSegmentIdx or topology names are given; Topology(name)
 * read-only per name; payer, system (Permission PDA last with `appendPermission`).
 * update_topologies = topology names given; topology_count = their number.
 */
export function createUpdateDeviceInterfaceInstruction(input: CreateUpdateDeviceInterfaceInstructionInput): CoreInstruction {
  checkBuilderInput(input, true);
  const { programId, device, contributor, args } = input;
  checkKey(programId, 'program_id');
  checkKey(device, 'device');
  checkKey(contributor, 'contributor');
  const names = input.topologyNames ?? null;
  if (names !== null) checkTopologyNames(names, 'topology_names', false);
  const current = input.currentDevice;
  if (current !== undefined) expectDevice(current, 'input.currentDevice');
  if (input.validate !== false) {
    if (current === undefined) validateUpdateDeviceInterfaceArgs(args, names);
    else {
      expectObject(args, 'args');
      if (args.ipNet != null) checkNetworkSyntax(args.ipNet, 'ip_net', EXPECTED_PROGRAM_ERRORS.InvalidInterfaceIp);
      checkDeclared(current, 'update device interface');
      updateInterfaceOn(current, args, { updateTopologies: names !== null, topologyNames: names });
    }
  }
  const keys = [writable(device), writable(contributor), writable(globalStatePda(programId))];
  if (args.nodeSegmentIdx != null || names !== null) keys.push(writable(segmentRoutingIdsPda(programId)));
  if (names !== null) for (const n of names) keys.push(readonly(getTopologyPda(programId, n)[0]));
  const data = encodeUpdateDeviceInterfaceArgs({
    ...args,
    updateTopologies: names !== null,
    topologyCount: names?.length ?? 0,
  });
  return finishInstruction(input, keys, data);
}

/** The accounts of a UpdateDeviceInterface instruction by role (in the program's order on the wire). */
export interface UpdateDeviceInterfaceAccounts<K = KeyInput> extends TailAccounts<K> {
  /** The Device account. */
  device: K;
  /** The Contributor account that operates the device or link. */
  contributor: K;
  /** The program's GlobalState account. */
  globalState: K;
  /** Present when update_topologies is set or any account sits between GlobalState and the payer. */
  segmentRoutingIds?: K;
  /** The Topology accounts the instruction carries. */
  topologies: K[];
}

/** A decoded UpdateDeviceInterface instruction: its name, tag, arguments and accounts by role. */
export type DecodedUpdateDeviceInterfaceInstruction<K = KeyInput> = DecodedInstructionBase<
  'UpdateDeviceInterface',
  DoubleZeroInstructionTag.UpdateDeviceInterface,
  DecodedUpdateDeviceInterfaceArgs,
  UpdateDeviceInterfaceAccounts<K>,
  K
>;

/** Decodes an UpdateDeviceInterface instruction (split-trailing Permission detection). */
export function decodeUpdateDeviceInterfaceInstruction<K>(
  keys: KeyKind<K>,
  ix: CoreInstruction,
  opts?: DecodeInstructionOptions,
): DecodedUpdateDeviceInterfaceInstruction<K> {
  return decodeInstructionAs('UpdateDeviceInterface', ix, opts, keys, (d) => decodeUpdateDeviceInterfaceArgs(keys, d), (c, args): UpdateDeviceInterfaceAccounts<K> => {
    const device = c.next('device');
    const contributor = c.next('contributor');
    const globalState = c.next('globalstate');
    const { tail, middle } = c.splitTail();
    if (middle < 0) c.fail('needs the payer and system program after GlobalState');
    const segPresent = args.updateTopologies || middle > 0;
    if (args.updateTopologies && middle === 0) c.fail('update_topologies needs the SegmentRoutingIds account');
    const segmentRoutingIds = segPresent ? c.next('segment_routing_ids') : undefined;
    const topologies = segPresent ? c.take(middle - 1, 'topologies') : [];
    return {
      device,
      contributor,
      globalState,
      ...(segmentRoutingIds ? { segmentRoutingIds } : {}),
      topologies,
      ...tail,
    };
  });
}
