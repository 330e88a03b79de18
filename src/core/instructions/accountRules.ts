/**
 * What the program checks on an account every time it writes one (docs/wire-format.md#write-time-validation):
 * whatever the instruction changed, the whole Device or Link must be valid after the change, or
 * the write fails. A Link whose stored tunnel_net is public, for instance, cannot take any
 * status, desired-status or health write until the tunnel_net is fixed. The checked builders
 * apply their change to the decoded account and ask these functions, in the program's order,
 * before they build anything.
 *
 * A second rule is dzprov's own: an account that holds a value the program does not declare
 * (an unknown status, health, type...) is not written by a checked builder. The program would
 * read that value as its enum's default and write the default back, silently changing a field
 * the caller did not ask to change.
 */
import { keyEquals } from '../keys.js';
import {
  DeviceDesiredStatusSpec,
  DeviceHealthSpec,
  DeviceStatusSpec,
  DeviceType,
  DeviceTypeSpec,
  InterfaceCYOA,
  InterfaceCYOASpec,
  InterfaceDIA,
  InterfaceDIASpec,
  InterfaceStatus,
  InterfaceStatusSpec,
  InterfaceType,
  InterfaceTypeSpec,
  LinkDesiredStatusSpec,
  LinkHealthSpec,
  LinkLinkTypeSpec,
  LinkStatus,
  LinkStatusSpec,
  LoopbackTypeSpec,
  RoutingModeSpec,
  type EnumSpec,
} from '../enums.js';
import type { Device, Interface } from '../state/device.js';
import type { Link } from '../state/link.js';
import { EXPECTED_PROGRAM_ERRORS, type ProgramErrorRef } from './errors.js';
import {
  isDefaultPubkey,
  isGlobalIpv4,
  isLinkLocalIpv4,
  isPrivateIpv4,
  isValidAccountCode,
  MAX_CODE_BYTES,
  MAX_LINK_BANDWIDTH,
  MAX_LINK_DELAY_NS,
  MAX_LINK_TOPOLOGIES,
  MAX_TUNNEL_ID,
  MAX_VLAN_ID,
  MIN_LINK_BANDWIDTH,
  MIN_LINK_DELAY_NS,
  networkAddress,
  NO_NETWORK,
  normalizedOrUndefined,
  utf8Length,
} from './validation.js';

/** Why the program would refuse to write an account: the field, the rule, and the error it returns. */
export interface AccountProblem {
  field: string;
  rule: string;
  programError: ProgramErrorRef;
}

const E = EXPECTED_PROGRAM_ERRORS;
const problem = (field: string, rule: string, programError: ProgramErrorRef): AccountProblem => ({ field, rule, programError });


const outside = (v: bigint, min: bigint, max: bigint): boolean => v < min || v > max;

/** The first rule of the program's Link validation that `link` breaks, in the program's order. */
export function linkWriteProblem(link: Link): AccountProblem | undefined {
  if (link.status === LinkStatus.Deleting) return undefined;
  if (link.status !== LinkStatus.Requested && !isPrivateIpv4(networkAddress(link.tunnelNet))) {
    return problem(
      'tunnel_net',
      `the link's tunnel_net ${link.tunnelNet} is not a private network (only a requested link may lack one), so the program refuses to write the link`,
      E.InvalidTunnelNet,
    );
  }
  if (link.tunnelId > MAX_TUNNEL_ID) return problem('tunnel_id', `the link's tunnel_id ${link.tunnelId} exceeds ${MAX_TUNNEL_ID}`, E.InvalidTunnelId);
  if (outside(link.bandwidth, MIN_LINK_BANDWIDTH, MAX_LINK_BANDWIDTH)) {
    return problem('bandwidth', `the link's bandwidth ${link.bandwidth} bps is outside ${MIN_LINK_BANDWIDTH}..${MAX_LINK_BANDWIDTH}`, E.InvalidBandwidth);
  }
  if (outside(link.delayNs, MIN_LINK_DELAY_NS, MAX_LINK_DELAY_NS)) {
    return problem('delay_ns', `the link's delay ${link.delayNs} ns is outside ${MIN_LINK_DELAY_NS}..${MAX_LINK_DELAY_NS}`, E.InvalidDelay);
  }
  if (outside(link.jitterNs, MIN_LINK_DELAY_NS, MAX_LINK_DELAY_NS)) {
    return problem('jitter_ns', `the link's jitter ${link.jitterNs} ns is outside ${MIN_LINK_DELAY_NS}..${MAX_LINK_DELAY_NS}`, E.InvalidJitter);
  }
  if (link.delayOverrideNs !== 0n && outside(link.delayOverrideNs, MIN_LINK_DELAY_NS, MAX_LINK_DELAY_NS)) {
    return problem('delay_override_ns', `the link's delay override ${link.delayOverrideNs} ns is neither 0 nor in range`, E.InvalidDelay);
  }
  if (!isDefaultPubkey(link.sideAPk) && keyEquals(link.sideAPk, link.sideZPk)) {
    return problem('side_z_pk', 'the link has the same device on both sides', E.InvalidDevicePubkey);
  }
  if (link.linkTopologies.length > MAX_LINK_TOPOLOGIES) {
    return problem('link_topologies', `the link is in ${link.linkTopologies.length} topologies (at most ${MAX_LINK_TOPOLOGIES})`, E.InvalidArgument);
  }
  return undefined;
}

/** The first rule of the program's validation of one interface (index `i` names it) that `iface` breaks. */
export function interfaceWriteProblem(iface: Interface, i: number): AccountProblem | undefined {
  if (iface.status === InterfaceStatus.Deleting) return undefined;
  const field = `interfaces[${i}]`;
  if (normalizedOrUndefined(iface.name) === undefined) {
    return problem(`${field}.name`, `interface name "${iface.name}" is not valid`, E.InvalidInterfaceName);
  }
  if (iface.vlanId > MAX_VLAN_ID) return problem(`${field}.vlan_id`, `VLAN ${iface.vlanId} exceeds ${MAX_VLAN_ID}`, E.InvalidVlanId);
  if (iface.interfaceCyoa !== InterfaceCYOA.None && iface.interfaceType !== InterfaceType.Physical) {
    return problem(`${field}.interface_cyoa`, `${iface.name} has a CYOA assignment but is not physical`, E.CyoaRequiresPhysical);
  }
  const ip = networkAddress(iface.ipNet);
  if (
    iface.ipNet !== NO_NETWORK &&
    iface.interfaceCyoa === InterfaceCYOA.None &&
    iface.interfaceDia === InterfaceDIA.None &&
    !isPrivateIpv4(ip) &&
    !isLinkLocalIpv4(ip) &&
    !(iface.interfaceType === InterfaceType.Loopback && iface.userTunnelEndpoint)
  ) {
    return problem(`${field}.ip_net`, `${iface.name}'s ip_net ${iface.ipNet} is neither private nor link-local`, E.InvalidInterfaceIp);
  }
  return undefined;
}

/** The first rule of the program's Device validation that `device` breaks, in the program's order. */
export function deviceWriteProblem(device: Device): AccountProblem | undefined {
  if (utf8Length(device.code) > MAX_CODE_BYTES) return problem('code', `the device code is longer than ${MAX_CODE_BYTES} bytes`, E.CodeTooLong);
  if (device.mgmtVrf !== '' && !isValidAccountCode(device.mgmtVrf)) {
    return problem('mgmt_vrf', `the device's mgmt_vrf "${device.mgmtVrf}" is not a valid code`, E.InvalidAccountCode);
  }
  if (utf8Length(device.mgmtVrf) > MAX_CODE_BYTES) return problem('mgmt_vrf', `the device's mgmt_vrf is longer than ${MAX_CODE_BYTES} bytes`, E.CodeTooLong);
  if (isDefaultPubkey(device.locationPk)) return problem('location_pk', 'the device has no location', E.InvalidLocation);
  if (isDefaultPubkey(device.exchangePk)) return problem('exchange_pk', 'the device has no exchange', E.InvalidExchange);
  if (device.deviceType !== DeviceType.Transit && !isGlobalIpv4(device.publicIp)) {
    return problem('public_ip', `the device's public_ip ${device.publicIp} is not globally routable`, E.InvalidPublicIp);
  }
  if (device.dzPrefixes.length === 0) return problem('dz_prefixes', 'the device has no dz_prefixes', E.NoDzPrefixes);
  const bad = device.dzPrefixes.find((p) => !isGlobalIpv4(networkAddress(p)));
  if (bad !== undefined) return problem('dz_prefixes', `the device's dz_prefix ${bad} is not globally routable`, E.InvalidDzPrefix);
  for (let i = 0; i < device.interfaces.length; i++) {
    const p = interfaceWriteProblem(device.interfaces[i]!, i);
    if (p) return p;
  }
  return undefined;
}

function undeclared(fields: readonly [string, EnumSpec, number][]): string | undefined {
  const bad = fields.filter(([, spec, v]) => !spec.isKnown(v));
  if (bad.length === 0) return undefined;
  return bad.map(([name, spec, v]) => `${name} ${spec.label(v)}`).join(', ');
}

/**
 * The enum fields of `link` that hold a value the program does not declare (a write would
 * replace each with its enum's default), as "status unknown (200), link_health unknown (9)",
 * or undefined.
 */
export function linkUndeclaredValues(link: Link): string | undefined {
  return undeclared([
    ['link_type', LinkLinkTypeSpec, link.linkType],
    ['status', LinkStatusSpec, link.status],
    ['link_health', LinkHealthSpec, link.linkHealth],
    ['desired_status', LinkDesiredStatusSpec, link.desiredStatus],
  ]);
}

/** As linkUndeclaredValues, for a device and each of its interfaces. */
export function deviceUndeclaredValues(device: Device): string | undefined {
  const fields: [string, EnumSpec, number][] = [
    ['device_type', DeviceTypeSpec, device.deviceType],
    ['status', DeviceStatusSpec, device.status],
    ['device_health', DeviceHealthSpec, device.deviceHealth],
    ['desired_status', DeviceDesiredStatusSpec, device.desiredStatus],
  ];
  device.interfaces.forEach((f, i) => {
    fields.push(
      [`interfaces[${i}].status`, InterfaceStatusSpec, f.status],
      [`interfaces[${i}].interface_type`, InterfaceTypeSpec, f.interfaceType],
      [`interfaces[${i}].interface_cyoa`, InterfaceCYOASpec, f.interfaceCyoa],
      [`interfaces[${i}].interface_dia`, InterfaceDIASpec, f.interfaceDia],
      [`interfaces[${i}].loopback_type`, LoopbackTypeSpec, f.loopbackType],
      [`interfaces[${i}].routing_mode`, RoutingModeSpec, f.routingMode],
    );
  });
  return undeclared(fields);
}
