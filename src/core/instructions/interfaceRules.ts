/**
 * What the program does to a device's interfaces in CreateDeviceInterface, UpdateDeviceInterface
 * and DeleteDeviceInterface, in its order (docs/wire-format.md#device-interface-instructions),
 * for the raw builders given the device as decoded now (`currentDevice`): the interface the
 * request names is looked up as the program looks it up, the change is applied to it, and the
 * device it leaves is checked whole (src/core/instructions/accountRules.ts). Each refusal is an
 * InstructionArgumentError naming the error the program returns.
 *
 * Not known offline, and so not checked: whether the caller is privileged (node_segment_idx and
 * topologies need NETWORK_ADMIN or the foundation), whether a node segment id is free in
 * SegmentRoutingIds, and whether each topology name is a Topology account.
 */
import { IllegalTransitionError } from '../errors.js';
import { InterfaceCYOA, InterfaceDIA, InterfaceStatus, InterfaceType, LoopbackType, deviceStatusLabel } from '../enums.js';
import type { Device, Interface } from '../state/device.js';
import { deviceUndeclaredValues, deviceWriteProblem, interfaceWriteProblem } from './accountRules.js';
import { EXPECTED_PROGRAM_ERRORS as E } from './errors.js';
import { CYOA_DIA_INTERFACE_MTU, INTERFACE_MTU, NO_NETWORK, checkTopologyNames, fail } from './validation.js';

/** Rust's eq_ignore_ascii_case: equal once ASCII letters are folded (other characters compared as they are). */
export function asciiEqualIgnoreCase(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x !== y) return false;
  }
  return true;
}

/** The index of the interface the program finds for `name` (the first whose name equals it ignoring ASCII case), or -1. */
export function findInterfaceIndex(device: Pick<Device, 'interfaces'>, name: string): number {
  return device.interfaces.findIndex((f) => asciiEqualIgnoreCase(f.name, name));
}

/** The refusal of a write to a device holding values the program does not declare (it would put its defaults over them). */
export function checkDeclared(device: Device, subject: string): void {
  const undeclared = deviceUndeclaredValues(device);
  if (undeclared !== undefined) {
    throw new IllegalTransitionError(
      subject,
      deviceStatusLabel(device.status),
      '',
      [],
      `the device holds ${undeclared}, which the program does not declare: any write would replace them with the program's defaults`,
    );
  }
}

/** Fails with the first rule of the program's device validation `device` breaks. */
export function checkDeviceWrite(device: Device): void {
  const p = deviceWriteProblem(device);
  if (p) fail(p.field, p.rule, p.programError);
}

/** The device with the interface at `i` replaced by `f`. */
export function withInterfaceAt(device: Device, i: number, f: Interface): Device {
  return { ...device, interfaces: device.interfaces.map((g, j) => (j === i ? f : g)) };
}

/** What UpdateDeviceInterface may change, as the program reads its arguments (null / absent: unchanged). */
export interface InterfaceUpdate {
  /** The interface's name on the device. */
  name: string;
  /** What a loopback is for (None for physical interfaces). */
  loopbackType?: LoopbackType | null;
  /** The VLAN id (0 = none). */
  vlanId?: number | bigint | null;
  /** Whether user tunnels may terminate on the interface. */
  userTunnelEndpoint?: boolean | null;
  /** The status to write. */
  status?: InterfaceStatus | null;
  /** The interface's IPv4 address and prefix length, as "a.b.c.d/n". */
  ipNet?: string | null;
  /** How users may reach the device over the interface (CYOA; None when it is not a CYOA interface). */
  interfaceCyoa?: InterfaceCYOA | null;
  /** Whether the interface provides direct internet access. */
  interfaceDia?: InterfaceDIA | null;
  /** The bandwidth, in bits per second. */
  bandwidth?: number | bigint | null;
  /** The committed information rate, in bits per second. */
  cir?: number | bigint | null;
  /** The MTU, in bytes. */
  mtu?: number | bigint | null;
  /** How routes are exchanged over the interface. */
  routingMode?: number | null;
  /** The node segment index (segment routing SID index). */
  nodeSegmentIdx?: number | bigint | null;
}

/**
 * The device UpdateDeviceInterface leaves (flex-algo topologies and node segment ids aside: the
 * program allocates those), after the program's checks in its order: the interface is found
 * (InterfaceNotFound); loopback_type is never None (InvalidLoopbackType); no CYOA/DIA
 * assignment to an activated physical interface (InterfaceHasEdgeAssignment); ip_net only on a
 * CYOA, DIA or user-tunnel-endpoint interface (InvalidInterfaceIp); topologies only on a Vpnv4
 * loopback (InvalidArgument); a CYOA interface keeps an address (InvalidInterfaceIp); the mtu the
 * resulting CYOA/DIA state requires (InvalidMtu); a CYOA/DIA interface has bandwidth when the
 * request touches either (InvalidBandwidth); the interface's own validation; the device's.
 */
export function updateInterfaceOn(device: Device, a: InterfaceUpdate, opts: { updateTopologies: boolean; topologyNames?: readonly string[] | null }): Device {
  const i = findInterfaceIndex(device, a.name);
  if (i < 0) fail('name', `device ${device.code} has no interface "${a.name}" (it has: ${device.interfaces.map((f) => f.name).join(', ') || 'none'})`, E.InterfaceNotFound);
  const f: Interface = { ...device.interfaces[i]! };
  if (a.loopbackType != null) {
    if (a.loopbackType === LoopbackType.None) fail('loopback_type', 'cannot be set to None', E.InvalidLoopbackType);
    f.loopbackType = a.loopbackType;
  }
  const activePhysical = f.status === InterfaceStatus.Activated && f.interfaceType === InterfaceType.Physical;
  if (a.interfaceCyoa != null) {
    if (a.interfaceCyoa !== InterfaceCYOA.None && activePhysical) fail('interface_cyoa', `${f.name} is an activated physical interface (linked): no CYOA assignment`, E.InterfaceHasEdgeAssignment);
    f.interfaceCyoa = a.interfaceCyoa;
  }
  if (a.interfaceDia != null) {
    if (a.interfaceDia !== InterfaceDIA.None && activePhysical) fail('interface_dia', `${f.name} is an activated physical interface (linked): no DIA assignment`, E.InterfaceHasEdgeAssignment);
    f.interfaceDia = a.interfaceDia;
  }
  if (a.bandwidth != null) f.bandwidth = BigInt(a.bandwidth);
  if (a.cir != null) f.cir = BigInt(a.cir);
  if (a.mtu != null) f.mtu = Number(a.mtu);
  if (a.routingMode != null) f.routingMode = a.routingMode;
  if (a.vlanId != null) f.vlanId = Number(a.vlanId);
  if (a.userTunnelEndpoint != null) f.userTunnelEndpoint = a.userTunnelEndpoint;
  if (a.status != null) f.status = a.status;
  if (a.ipNet != null) {
    if (f.interfaceCyoa === InterfaceCYOA.None && f.interfaceDia === InterfaceDIA.None && !f.userTunnelEndpoint) {
      fail('ip_net', `${f.name} is neither CYOA, DIA nor a user-tunnel endpoint: it takes no ip_net`, E.InvalidInterfaceIp);
    }
    f.ipNet = a.ipNet;
  }
  if (a.nodeSegmentIdx != null) f.nodeSegmentIdx = Number(a.nodeSegmentIdx);
  if (opts.updateTopologies && f.loopbackType !== LoopbackType.Vpnv4) {
    fail('topology_names', `${f.name} is not a Vpnv4 loopback: it takes no flex-algo topologies`, E.InvalidArgument);
  }
  if (opts.updateTopologies && opts.topologyNames) checkTopologyNames(opts.topologyNames, 'topology_names');
  if (f.interfaceCyoa !== InterfaceCYOA.None && f.ipNet === NO_NETWORK) fail('ip_net', `${f.name} has a CYOA assignment and needs an ip_net`, E.InvalidInterfaceIp);
  const edge = f.interfaceCyoa !== InterfaceCYOA.None || f.interfaceDia !== InterfaceDIA.None;
  const mtu = edge ? CYOA_DIA_INTERFACE_MTU : INTERFACE_MTU;
  if (f.mtu !== mtu) fail('mtu', `${f.name} would have mtu ${f.mtu}; ${edge ? 'a CYOA/DIA' : 'a non-CYOA/DIA'} interface needs ${mtu}`, E.InvalidMtu);
  const touches = a.interfaceCyoa != null || a.interfaceDia != null || a.bandwidth != null;
  if (touches && edge && f.bandwidth === 0n) fail('bandwidth', `${f.name} would be a CYOA/DIA interface without bandwidth`, E.InvalidBandwidth);
  // The interface's own validation, then the device's: both are the device validation's rules.
  const own = interfaceWriteProblem(f, i);
  if (own) fail(own.field, own.rule, own.programError);
  const post = withInterfaceAt(device, i, f);
  checkDeviceWrite(post);
  return post;
}

/** The device DeleteDeviceInterface leaves: the interface found (InterfaceNotFound), activated or unlinked (InvalidStatus), removed; the device's validation. */
export function deleteInterfaceOn(device: Device, name: string): Device {
  const i = findInterfaceIndex(device, name);
  if (i < 0) fail('name', `device ${device.code} has no interface "${name}" (it has: ${device.interfaces.map((f) => f.name).join(', ') || 'none'})`, E.InterfaceNotFound);
  const f = device.interfaces[i]!;
  if (f.status !== InterfaceStatus.Activated && f.status !== InterfaceStatus.Unlinked) {
    fail('name', `${f.name} is neither activated nor unlinked, so it cannot be deleted`, E.InvalidStatus);
  }
  const post = { ...device, interfaces: device.interfaces.filter((_, j) => j !== i) };
  checkDeviceWrite(post);
  return post;
}

/**
 * The CreateDeviceInterface checks that need the device, after the argument checks: no interface
 * of that (normalised) name yet (InterfaceAlreadyExists), then the device with the new interface
 * (`iface`, addresses the program allocates standing in) validated whole.
 */
export function createInterfaceOn(device: Device, iface: Interface): Device {
  if (findInterfaceIndex(device, iface.name) >= 0) fail('name', `device ${device.code} already has an interface "${iface.name}"`, E.InterfaceAlreadyExists);
  const post = { ...device, interfaces: [...device.interfaces, iface] };
  checkDeviceWrite(post);
  return post;
}
