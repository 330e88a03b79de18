import type { PublicKey } from './publicKey.js';
import {
  DeviceDesiredStatusSpec,
  DeviceHealthSpec,
  DeviceStatusSpec,
  DeviceTypeSpec,
  InterfaceCYOASpec,
  InterfaceDIASpec,
  InterfaceStatusSpec,
  InterfaceTypeSpec,
  LinkDesiredStatusSpec,
  LinkHealthSpec,
  LinkLinkTypeSpec,
  LinkStatus,
  LinkStatusSpec,
  LinkHealth,
  LoopbackTypeSpec,
  RoutingModeSpec,
  type EnumSpec,
} from './sdk.js';
import type { Role } from './sdk.js';
import type { Contributor } from './sdk.js';
import type { Device, Interface } from './sdk.js';
import type { Exchange } from './sdk.js';
import type { Link } from './sdk.js';
import type { Location } from './sdk.js';
import type { Entry } from './ledger.js';
import { bandwidthText, msCell, msShortest, shortKey, type View } from './rows.js';
import { deviceNextActions, deviceState, linkNextActions, linkState } from './views.js';

/**
 * The views of the `doublezero` CLI's read commands, one row definition each (rows.ts): the
 * keys, table headers and value formats of upstream's DeviceDisplay, LinkDisplay and interface
 * displays (`device list|get`, `device interface list|get`, `link list|get`), then dzprov's own
 * fields. Where upstream serializes an enum with serde it is the Rust variant name ("Activated",
 * "ReadyForUsers", "WAN"); where it prints Display, the program's label ("activated"). An
 * undeclared value read from an account is shown as "unknown (<n>)" in both.
 */

/** The Rust variant name of an enum value (serde's JSON), or "unknown (<n>)". */
export function variant(spec: EnumSpec, v: number): string {
  return spec.isKnown(v) ? spec.variants[v]! : spec.label(v);
}

const label = (spec: EnumSpec, v: number) => spec.label(v);
const list = (items: readonly string[]) => items.join(', ');
const actions = (a: readonly string[]) => (a.length > 0 ? a.join(', ') : '-');

/** The IP networks of a device's user tunnel endpoints (upstream's cyoa_ips). */
export function cyoaIps(d: Device): string[] {
  return d.interfaces.filter((i) => i.userTunnelEndpoint).map((i) => i.ipNet);
}

// ---------------------------------------------------------------------------------------------
// Devices

export interface DeviceRow {
  pubkey: PublicKey;
  device: Device;
  contributor?: Entry<Contributor>;
  location?: Entry<Location>;
  exchange?: Entry<Exchange>;
  /** The roles of the acting key towards this device ([] without one). */
  roles: Role[];
}

const pk = (k: PublicKey) => k.toBase58();
const contributorCode = (r: DeviceRow) => r.contributor?.account.code ?? pk(r.device.contributorPk);
const locationCode = (r: DeviceRow) => r.location?.account.code ?? pk(r.device.locationPk);
const exchangeCode = (r: DeviceRow) => r.exchange?.account.code ?? pk(r.device.exchangePk);
const deviceNext = (r: DeviceRow) => deviceNextActions(r.device, r.roles);
const deviceReconcilerNext = (r: DeviceRow) => deviceState(r.device).next?.label ?? null;

/** `doublezero device list`: DeviceDisplay (and DeviceDisplayNarrow), then dzprov's fields. */
export const DEVICE_LIST_VIEW: View<DeviceRow> = [
  { key: 'account', json: (r) => pk(r.pubkey), cell: (r) => pk(r.pubkey), narrow: true },
  { key: 'code', json: (r) => r.device.code, cell: (r) => r.device.code, narrow: true },
  { key: 'bump_seed', json: (r) => r.device.bumpSeed },
  { key: 'location_pk', json: (r) => pk(r.device.locationPk) },
  { key: 'contributor_code', header: 'contributor', json: contributorCode, cell: contributorCode, narrow: true },
  { key: 'location_code', header: 'location', json: locationCode, cell: locationCode, narrow: true },
  { key: 'location_name', json: (r) => r.location?.account.name ?? pk(r.device.locationPk) },
  { key: 'exchange_pk', json: (r) => pk(r.device.exchangePk) },
  { key: 'exchange_code', header: 'exchange', json: exchangeCode, cell: exchangeCode, narrow: true },
  { key: 'exchange_name', json: (r) => r.exchange?.account.name ?? pk(r.device.exchangePk) },
  { key: 'device_type', json: (r) => variant(DeviceTypeSpec, r.device.deviceType), cell: (r) => label(DeviceTypeSpec, r.device.deviceType), narrow: true },
  { key: 'public_ip', json: (r) => r.device.publicIp, cell: (r) => r.device.publicIp, narrow: true },
  { key: 'dz_prefixes', json: (r) => list(r.device.dzPrefixes), cell: (r) => list(r.device.dzPrefixes) },
  { key: 'cyoa_ips', json: (r) => cyoaIps(r.device), cell: (r) => list(cyoaIps(r.device)), narrow: true },
  { key: 'users', json: (r) => r.device.usersCount, cell: (r) => String(r.device.usersCount), narrow: true },
  { key: 'max_users', json: (r) => r.device.maxUsers, cell: (r) => String(r.device.maxUsers), narrow: true },
  { key: 'unicast_users_count', json: (r) => r.device.unicastUsersCount },
  { key: 'max_unicast_users', json: (r) => r.device.maxUnicastUsers },
  { key: 'multicast_subscribers_count', json: (r) => r.device.multicastSubscribersCount },
  { key: 'max_multicast_subscribers', json: (r) => r.device.maxMulticastSubscribers },
  { key: 'multicast_publishers_count', json: (r) => r.device.multicastPublishersCount },
  { key: 'max_multicast_publishers', json: (r) => r.device.maxMulticastPublishers },
  { key: 'status', json: (r) => variant(DeviceStatusSpec, r.device.status), cell: (r) => label(DeviceStatusSpec, r.device.status), narrow: true },
  { key: 'health', json: (r) => variant(DeviceHealthSpec, r.device.deviceHealth), cell: (r) => label(DeviceHealthSpec, r.device.deviceHealth), narrow: true },
  { key: 'desired_status', json: (r) => variant(DeviceDesiredStatusSpec, r.device.desiredStatus) },
  { key: 'mgmt_vrf', json: (r) => r.device.mgmtVrf, cell: (r) => r.device.mgmtVrf },
  { key: 'metrics_publisher_pk', json: (r) => pk(r.device.metricsPublisherPk) },
  { key: 'reference_count', json: (r) => r.device.referenceCount },
  { key: 'owner', json: (r) => pk(r.device.owner), cell: (r) => pk(r.device.owner) },
  // dzprov's fields
  { key: 'contributor_pk', extra: true, json: (r) => pk(r.device.contributorPk) },
  { key: 'device_type_label', extra: true, json: (r) => label(DeviceTypeSpec, r.device.deviceType) },
  { key: 'status_label', extra: true, json: (r) => label(DeviceStatusSpec, r.device.status) },
  { key: 'health_label', extra: true, json: (r) => label(DeviceHealthSpec, r.device.deviceHealth) },
  { key: 'desired_status_label', extra: true, json: (r) => label(DeviceDesiredStatusSpec, r.device.desiredStatus), cell: (r) => label(DeviceDesiredStatusSpec, r.device.desiredStatus), header: 'desired_status' },
  { key: 'reserved_seats', extra: true, json: (r) => r.device.reservedSeats },
  { key: 'roles', extra: true, json: (r) => [...r.roles] },
  { key: 'next_actions', extra: true, json: deviceNext, cell: (r) => actions(deviceNext(r)) },
  { key: 'reconciler_next', extra: true, json: deviceReconcilerNext },
];

/** One interface as `doublezero device get` shows it (its InterfaceDisplay). */
export const DEVICE_GET_INTERFACE_VIEW: View<Interface> = [
  { key: 'name', json: (i) => i.name, cell: (i) => i.name },
  { key: 'status', json: (i) => label(InterfaceStatusSpec, i.status), cell: (i) => label(InterfaceStatusSpec, i.status) },
  { key: 'interface_type', json: (i) => label(InterfaceTypeSpec, i.interfaceType), cell: (i) => label(InterfaceTypeSpec, i.interfaceType) },
  { key: 'cyoa', json: (i) => label(InterfaceCYOASpec, i.interfaceCyoa), cell: (i) => label(InterfaceCYOASpec, i.interfaceCyoa) },
  { key: 'dia', json: (i) => label(InterfaceDIASpec, i.interfaceDia), cell: (i) => label(InterfaceDIASpec, i.interfaceDia) },
  { key: 'loopback', json: (i) => label(LoopbackTypeSpec, i.loopbackType), cell: (i) => label(LoopbackTypeSpec, i.loopbackType) },
  { key: 'ip_net', json: (i) => i.ipNet, cell: (i) => i.ipNet },
  { key: 'vlan_id', json: (i) => i.vlanId, cell: (i) => String(i.vlanId) },
  { key: 'bandwidth', json: (i) => bandwidthText(i.bandwidth), cell: (i) => bandwidthText(i.bandwidth) },
  { key: 'bandwidth_bps', json: (i) => i.bandwidth },
  { key: 'cir', json: (i) => bandwidthText(i.cir), cell: (i) => bandwidthText(i.cir) },
  { key: 'cir_bps', json: (i) => i.cir },
  { key: 'mtu', json: (i) => i.mtu, cell: (i) => String(i.mtu) },
  { key: 'routing', json: (i) => label(RoutingModeSpec, i.routingMode), cell: (i) => label(RoutingModeSpec, i.routingMode) },
  { key: 'seg_idx', json: (i) => i.nodeSegmentIdx, cell: (i) => String(i.nodeSegmentIdx) },
  { key: 'tunnel_endpoint', json: (i) => i.userTunnelEndpoint, cell: (i) => String(i.userTunnelEndpoint) },
];

const getCode = (e: Entry<{ code: string }> | undefined) => e?.account.code ?? '';

/** `doublezero device get`: its DeviceDisplay (codes of missing accounts are ""), then dzprov's fields. */
export const DEVICE_GET_VIEW: View<DeviceRow> = [
  { key: 'account', json: (r) => pk(r.pubkey), cell: (r) => pk(r.pubkey) },
  { key: 'code', json: (r) => r.device.code, cell: (r) => r.device.code },
  { key: 'contributor_pk', json: (r) => pk(r.device.contributorPk) },
  { key: 'contributor', json: (r) => getCode(r.contributor), cell: (r) => getCode(r.contributor) },
  { key: 'location_pk', json: (r) => pk(r.device.locationPk) },
  { key: 'location', json: (r) => getCode(r.location), cell: (r) => getCode(r.location) },
  { key: 'exchange_pk', json: (r) => pk(r.device.exchangePk) },
  { key: 'exchange', json: (r) => getCode(r.exchange), cell: (r) => getCode(r.exchange) },
  { key: 'device_type', json: (r) => label(DeviceTypeSpec, r.device.deviceType), cell: (r) => label(DeviceTypeSpec, r.device.deviceType) },
  { key: 'public_ip', json: (r) => r.device.publicIp, cell: (r) => r.device.publicIp },
  { key: 'dz_prefixes', json: (r) => list(r.device.dzPrefixes), cell: (r) => list(r.device.dzPrefixes) },
  { key: 'cyoa_ips', json: (r) => cyoaIps(r.device), cell: (r) => list(cyoaIps(r.device)) },
  { key: 'metrics_publisher', json: (r) => pk(r.device.metricsPublisherPk), cell: (r) => pk(r.device.metricsPublisherPk) },
  { key: 'mgmt_vrf', json: (r) => r.device.mgmtVrf, cell: (r) => r.device.mgmtVrf },
  {
    key: 'interfaces',
    json: (r) => r.device.interfaces.map((i) => Object.fromEntries(DEVICE_GET_INTERFACE_VIEW.map((c) => [c.key, c.json!(i)]))),
  },
  { key: 'max_users', json: (r) => r.device.maxUsers, cell: (r) => String(r.device.maxUsers) },
  { key: 'users_count', json: (r) => r.device.usersCount, cell: (r) => String(r.device.usersCount) },
  { key: 'reference_count', json: (r) => r.device.referenceCount, cell: (r) => String(r.device.referenceCount) },
  { key: 'max_unicast_users', json: (r) => r.device.maxUnicastUsers, cell: (r) => String(r.device.maxUnicastUsers) },
  { key: 'unicast_users_count', json: (r) => r.device.unicastUsersCount, cell: (r) => String(r.device.unicastUsersCount) },
  { key: 'max_multicast_subscribers', json: (r) => r.device.maxMulticastSubscribers, cell: (r) => String(r.device.maxMulticastSubscribers) },
  { key: 'multicast_subscribers_count', json: (r) => r.device.multicastSubscribersCount, cell: (r) => String(r.device.multicastSubscribersCount) },
  { key: 'max_multicast_publishers', json: (r) => r.device.maxMulticastPublishers, cell: (r) => String(r.device.maxMulticastPublishers) },
  { key: 'multicast_publishers_count', json: (r) => r.device.multicastPublishersCount, cell: (r) => String(r.device.multicastPublishersCount) },
  { key: 'reserved_seats', json: (r) => r.device.reservedSeats, cell: (r) => String(r.device.reservedSeats) },
  { key: 'desired_status', json: (r) => label(DeviceDesiredStatusSpec, r.device.desiredStatus), cell: (r) => label(DeviceDesiredStatusSpec, r.device.desiredStatus) },
  { key: 'status', json: (r) => label(DeviceStatusSpec, r.device.status), cell: (r) => label(DeviceStatusSpec, r.device.status) },
  { key: 'health', json: (r) => label(DeviceHealthSpec, r.device.deviceHealth), cell: (r) => label(DeviceHealthSpec, r.device.deviceHealth) },
  { key: 'owner', json: (r) => pk(r.device.owner), cell: (r) => pk(r.device.owner) },
  // dzprov's fields
  { key: 'roles', extra: true, json: (r) => [...r.roles], cell: (r) => actions(r.roles) },
  { key: 'next_actions', extra: true, json: deviceNext, cell: (r) => actions(deviceNext(r)) },
  { key: 'reconciler_next', extra: true, json: deviceReconcilerNext, cell: (r) => deviceReconcilerNext(r) ?? '-' },
];

// ---------------------------------------------------------------------------------------------
// Interfaces

export interface InterfaceRow {
  devicePk: PublicKey;
  deviceCode: string;
  iface: Interface;
  /** (get) The flex-algo node segments as upstream shows them: "<topology>:<index>" per line. */
  segments?: string;
}

/** `doublezero device interface list`: DeviceInterfaceDisplay, then dzprov's fields. */
export const INTERFACE_LIST_VIEW: View<InterfaceRow> = [
  { key: 'device', json: (r) => r.deviceCode, cell: (r) => r.deviceCode },
  { key: 'name', json: (r) => r.iface.name, cell: (r) => r.iface.name },
  { key: 'interface_type', json: (r) => variant(InterfaceTypeSpec, r.iface.interfaceType), cell: (r) => label(InterfaceTypeSpec, r.iface.interfaceType) },
  { key: 'loopback_type', json: (r) => variant(LoopbackTypeSpec, r.iface.loopbackType), cell: (r) => label(LoopbackTypeSpec, r.iface.loopbackType) },
  { key: 'interface_cyoa', json: (r) => variant(InterfaceCYOASpec, r.iface.interfaceCyoa), cell: (r) => label(InterfaceCYOASpec, r.iface.interfaceCyoa) },
  { key: 'interface_dia', json: (r) => variant(InterfaceDIASpec, r.iface.interfaceDia), cell: (r) => label(InterfaceDIASpec, r.iface.interfaceDia) },
  { key: 'bandwidth', json: (r) => r.iface.bandwidth, cell: (r) => bandwidthText(r.iface.bandwidth) },
  { key: 'cir', json: (r) => r.iface.cir, cell: (r) => bandwidthText(r.iface.cir) },
  { key: 'mtu', json: (r) => r.iface.mtu, cell: (r) => String(r.iface.mtu) },
  { key: 'routing_mode', json: (r) => variant(RoutingModeSpec, r.iface.routingMode), cell: (r) => label(RoutingModeSpec, r.iface.routingMode) },
  { key: 'vlan_id', json: (r) => r.iface.vlanId, cell: (r) => String(r.iface.vlanId) },
  { key: 'ip_net', json: (r) => r.iface.ipNet, cell: (r) => r.iface.ipNet },
  { key: 'node_segment_idx', json: (r) => r.iface.nodeSegmentIdx, cell: (r) => String(r.iface.nodeSegmentIdx) },
  { key: 'user_tunnel_endpoint', json: (r) => r.iface.userTunnelEndpoint, cell: (r) => String(r.iface.userTunnelEndpoint) },
  { key: 'status', json: (r) => label(InterfaceStatusSpec, r.iface.status), cell: (r) => label(InterfaceStatusSpec, r.iface.status) },
  // dzprov's fields
  { key: 'device_pk', extra: true, json: (r) => pk(r.devicePk) },
];

/** `doublezero device interface get`: its InterfaceDisplay, then dzprov's fields. */
export const INTERFACE_GET_VIEW: View<InterfaceRow> = [
  { key: 'name', json: (r) => r.iface.name, cell: (r) => r.iface.name },
  { key: 'status', json: (r) => label(InterfaceStatusSpec, r.iface.status), cell: (r) => label(InterfaceStatusSpec, r.iface.status) },
  { key: 'loopback_type', json: (r) => label(LoopbackTypeSpec, r.iface.loopbackType), cell: (r) => label(LoopbackTypeSpec, r.iface.loopbackType) },
  { key: 'interface_cyoa', json: (r) => label(InterfaceCYOASpec, r.iface.interfaceCyoa), cell: (r) => label(InterfaceCYOASpec, r.iface.interfaceCyoa) },
  { key: 'bandwidth', json: (r) => r.iface.bandwidth, cell: (r) => String(r.iface.bandwidth) },
  { key: 'cir', json: (r) => r.iface.cir, cell: (r) => String(r.iface.cir) },
  { key: 'mtu', json: (r) => r.iface.mtu, cell: (r) => String(r.iface.mtu) },
  { key: 'routing_mode', json: (r) => label(RoutingModeSpec, r.iface.routingMode), cell: (r) => label(RoutingModeSpec, r.iface.routingMode) },
  { key: 'vlan_id', json: (r) => r.iface.vlanId, cell: (r) => String(r.iface.vlanId) },
  { key: 'ip_net', json: (r) => r.iface.ipNet, cell: (r) => r.iface.ipNet },
  { key: 'node_segment_idx', json: (r) => r.iface.nodeSegmentIdx, cell: (r) => String(r.iface.nodeSegmentIdx) },
  { key: 'user_tunnel_endpoint', json: (r) => r.iface.userTunnelEndpoint, cell: (r) => String(r.iface.userTunnelEndpoint) },
  { key: 'flex_algo_node_segments', json: (r) => r.segments ?? '', cell: (r) => r.segments ?? '' },
  { key: 'device_pk', json: (r) => pk(r.devicePk), cell: (r) => pk(r.devicePk) },
  // dzprov's fields
  { key: 'device', extra: true, json: (r) => r.deviceCode, cell: (r) => r.deviceCode },
  { key: 'interface_type', extra: true, json: (r) => label(InterfaceTypeSpec, r.iface.interfaceType), cell: (r) => label(InterfaceTypeSpec, r.iface.interfaceType) },
  { key: 'interface_dia', extra: true, json: (r) => label(InterfaceDIASpec, r.iface.interfaceDia), cell: (r) => label(InterfaceDIASpec, r.iface.interfaceDia) },
];

// ---------------------------------------------------------------------------------------------
// Links

export interface LinkRow {
  pubkey: PublicKey;
  link: Link;
  contributor?: Entry<Contributor>;
  sideA?: Entry<Device>;
  sideZ?: Entry<Device>;
  /** Topology names by address (base58). */
  topologies: ReadonlyMap<string, string>;
  roles: Role[];
}

/** Upstream's link_topologies: "default" for none, else the names (unknown ones by address), ", "-joined. */
function topologyNames(r: LinkRow, unknown: (key: string) => string): string {
  if (r.link.linkTopologies.length === 0) return 'default';
  return r.link.linkTopologies.map((t) => r.topologies.get(t.toBase58()) ?? unknown(t.toBase58())).join(', ');
}

const linkContributor = (r: LinkRow) => r.contributor?.account.code ?? pk(r.link.contributorPk);
const sideAName = (r: LinkRow) => r.sideA?.account.code ?? pk(r.link.sideAPk);
const sideZName = (r: LinkRow) => r.sideZ?.account.code ?? pk(r.link.sideZPk);
const unicastDrained = (r: LinkRow) => (r.link.linkFlags & 1) !== 0;
const linkNext = (r: LinkRow) => linkNextActions(r.link, r.roles);
const linkReconcilerNext = (r: LinkRow) => linkState(r.link).next?.label ?? null;

/** Narrow tables abbreviate the drained statuses and the long health, as upstream does. */
function narrowStatus(v: number): string {
  if (v === LinkStatus.SoftDrained) return 'sft_drain';
  if (v === LinkStatus.HardDrained) return 'hrd_drain';
  return LinkStatusSpec.label(v);
}
function narrowHealth(v: number): string {
  return v === LinkHealth.ReadyForService ? 'ready' : LinkHealthSpec.label(v);
}

/** `doublezero link list`: LinkDisplay (and LinkDisplayNarrow), then dzprov's fields. */
export const LINK_LIST_VIEW: View<LinkRow> = [
  { key: 'account', json: (r) => pk(r.pubkey), cell: (r) => pk(r.pubkey), narrow: { cell: (r) => shortKey(pk(r.pubkey)) } },
  { key: 'code', json: (r) => r.link.code, cell: (r) => r.link.code, narrow: true },
  { key: 'contributor_code', header: 'contributor', json: linkContributor, cell: linkContributor, narrow: true },
  { key: 'side_a_pk', json: (r) => pk(r.link.sideAPk) },
  { key: 'side_a_name', json: sideAName, cell: sideAName },
  { key: 'side_a_iface_name', json: (r) => r.link.sideAIfaceName, cell: (r) => r.link.sideAIfaceName, narrow: true },
  { key: 'side_z_pk', json: (r) => pk(r.link.sideZPk) },
  { key: 'side_z_name', json: sideZName, cell: sideZName },
  { key: 'side_z_iface_name', json: (r) => r.link.sideZIfaceName, cell: (r) => r.link.sideZIfaceName, narrow: true },
  { key: 'link_type', json: (r) => variant(LinkLinkTypeSpec, r.link.linkType), cell: (r) => label(LinkLinkTypeSpec, r.link.linkType), narrow: true },
  { key: 'bandwidth', json: (r) => r.link.bandwidth, cell: (r) => bandwidthText(r.link.bandwidth), narrow: true },
  { key: 'mtu', json: (r) => r.link.mtu, cell: (r) => String(r.link.mtu) },
  { key: 'delay_ns', header: 'delay_ms', json: (r) => r.link.delayNs, cell: (r) => msCell(r.link.delayNs), narrow: true },
  { key: 'jitter_ns', header: 'jitter_ms', json: (r) => r.link.jitterNs, cell: (r) => msCell(r.link.jitterNs), narrow: { header: 'jtr_ms' } },
  {
    key: 'delay_override_ns',
    header: 'delay_override_ms',
    json: (r) => r.link.delayOverrideNs,
    cell: (r) => msCell(r.link.delayOverrideNs),
    narrow: { header: 'dly_ovrd_ms' },
  },
  { key: 'tunnel_id', json: (r) => r.link.tunnelId, cell: (r) => String(r.link.tunnelId), narrow: { header: 'tnl_id' } },
  { key: 'tunnel_net', json: (r) => r.link.tunnelNet, cell: (r) => r.link.tunnelNet },
  { key: 'desired_status', json: (r) => variant(LinkDesiredStatusSpec, r.link.desiredStatus) },
  { key: 'status', json: (r) => variant(LinkStatusSpec, r.link.status), cell: (r) => label(LinkStatusSpec, r.link.status), narrow: { cell: (r) => narrowStatus(r.link.status) } },
  { key: 'health', json: (r) => variant(LinkHealthSpec, r.link.linkHealth), cell: (r) => label(LinkHealthSpec, r.link.linkHealth), narrow: { cell: (r) => narrowHealth(r.link.linkHealth) } },
  { key: 'owner', json: (r) => pk(r.link.owner), cell: (r) => pk(r.link.owner) },
  {
    key: 'link_topologies',
    json: (r) => topologyNames(r, (k) => k),
    cell: (r) => topologyNames(r, (k) => k),
    narrow: { header: 'topos', cell: (r) => topologyNames(r, shortKey) },
  },
  { key: 'unicast_drained', json: unicastDrained, cell: (r) => String(unicastDrained(r)), narrow: true },
  // dzprov's fields
  { key: 'contributor_pk', extra: true, json: (r) => pk(r.link.contributorPk) },
  { key: 'link_type_label', extra: true, json: (r) => label(LinkLinkTypeSpec, r.link.linkType) },
  { key: 'status_label', extra: true, json: (r) => label(LinkStatusSpec, r.link.status) },
  { key: 'health_label', extra: true, json: (r) => label(LinkHealthSpec, r.link.linkHealth) },
  { key: 'desired_status_label', extra: true, header: 'desired_status', json: (r) => label(LinkDesiredStatusSpec, r.link.desiredStatus), cell: (r) => label(LinkDesiredStatusSpec, r.link.desiredStatus) },
  { key: 'roles', extra: true, json: (r) => [...r.roles] },
  { key: 'next_actions', extra: true, json: linkNext, cell: (r) => actions(linkNext(r)) },
  { key: 'reconciler_next', extra: true, json: linkReconcilerNext },
];

const linkGetCode = (e: Entry<{ code: string }> | undefined) => e?.account.code ?? '';

/** `doublezero link get`: its LinkDisplay (codes of missing accounts are ""), then dzprov's fields. */
export const LINK_GET_VIEW: View<LinkRow> = [
  { key: 'account', json: (r) => pk(r.pubkey), cell: (r) => pk(r.pubkey) },
  { key: 'code', json: (r) => r.link.code, cell: (r) => r.link.code },
  { key: 'contributor_pk', json: (r) => pk(r.link.contributorPk) },
  { key: 'contributor', json: (r) => linkGetCode(r.contributor), cell: (r) => linkGetCode(r.contributor) },
  { key: 'side_a_pk', json: (r) => pk(r.link.sideAPk) },
  { key: 'side_a', json: (r) => linkGetCode(r.sideA), cell: (r) => linkGetCode(r.sideA) },
  { key: 'side_a_iface_name', json: (r) => r.link.sideAIfaceName, cell: (r) => r.link.sideAIfaceName },
  { key: 'side_z_pk', json: (r) => pk(r.link.sideZPk) },
  { key: 'side_z', json: (r) => linkGetCode(r.sideZ), cell: (r) => linkGetCode(r.sideZ) },
  { key: 'side_z_iface_name', json: (r) => r.link.sideZIfaceName, cell: (r) => r.link.sideZIfaceName },
  { key: 'tunnel_type', json: (r) => label(LinkLinkTypeSpec, r.link.linkType), cell: (r) => label(LinkLinkTypeSpec, r.link.linkType) },
  { key: 'bandwidth', json: (r) => r.link.bandwidth, cell: (r) => String(r.link.bandwidth) },
  { key: 'mtu', json: (r) => r.link.mtu, cell: (r) => String(r.link.mtu) },
  { key: 'delay', json: (r) => msShortest(r.link.delayNs), cell: (r) => msShortest(r.link.delayNs) },
  { key: 'jitter', json: (r) => msShortest(r.link.jitterNs), cell: (r) => msShortest(r.link.jitterNs) },
  { key: 'delay_override', json: (r) => msShortest(r.link.delayOverrideNs), cell: (r) => msShortest(r.link.delayOverrideNs) },
  { key: 'tunnel_id', json: (r) => r.link.tunnelId, cell: (r) => String(r.link.tunnelId) },
  { key: 'tunnel_net', json: (r) => r.link.tunnelNet, cell: (r) => r.link.tunnelNet },
  { key: 'desired_status', json: (r) => label(LinkDesiredStatusSpec, r.link.desiredStatus), cell: (r) => label(LinkDesiredStatusSpec, r.link.desiredStatus) },
  { key: 'status', json: (r) => label(LinkStatusSpec, r.link.status), cell: (r) => label(LinkStatusSpec, r.link.status) },
  { key: 'health', json: (r) => label(LinkHealthSpec, r.link.linkHealth), cell: (r) => label(LinkHealthSpec, r.link.linkHealth) },
  { key: 'owner', json: (r) => pk(r.link.owner), cell: (r) => pk(r.link.owner) },
  { key: 'link_topologies', json: (r) => topologyNames(r, (k) => k), cell: (r) => topologyNames(r, (k) => k) },
  { key: 'unicast_drained', json: unicastDrained, cell: (r) => String(unicastDrained(r)) },
  // dzprov's fields
  { key: 'roles', extra: true, json: (r) => [...r.roles], cell: (r) => actions(r.roles) },
  { key: 'next_actions', extra: true, json: linkNext, cell: (r) => actions(linkNext(r)) },
  { key: 'reconciler_next', extra: true, json: linkReconcilerNext, cell: (r) => linkReconcilerNext(r) ?? '-' },
];
