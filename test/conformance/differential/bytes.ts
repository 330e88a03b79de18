/**
 * The differential test's own writer of Device and Link accounts, independent of dzprov's
 * encoders: it writes any byte in an enum field (an undeclared value is stored as it would be by
 * a newer program, in every copy of the field), and the layouts older program versions left on
 * chain (the shapes the program's own state tests hold: V1 interface records, accounts cut after
 * max_users or after side_z_iface_name, no trailing interface vector). dzprov decodes what this
 * writes; for the current layout with declared values it must equal dzprov's encoder (checked
 * when the test starts).
 */
import { Writer } from '../../../src/core/codec/writer.js';
import { AccountType, type Device, type Interface, type Link } from '../../../src/index.js';

/** How a Device account ends, as the program versions wrote it. */
export type DeviceLayout =
  /** The current program: legacy V2 records and the trailing size-prefixed vector. */
  | 'current'
  /** Every counter, legacy V2 records, no trailing vector (before the size-prefixed records). */
  | 'noTrailingVector'
  /** Cut after max_users, legacy V2 records (health, desired status and later counters default). */
  | 'cutAfterMaxUsers'
  /** The program's state-compatibility device: V1 records, cut after max_users. */
  | 'v1CutAfterMaxUsers';

/** How a Link account ends: current, or cut (the state-compatibility link ends after side_z_iface_name). */
export type LinkLayout = 'current' | 'cutAfterDesiredStatus' | 'cutAfterSideZIfaceName';

function fixed(w: Writer, d: Device): void {
  w.u8(AccountType.Device, 'account_type');
  w.pubkey(d.owner, 'owner');
  w.u128(d.index, 'index');
  w.u8(d.bumpSeed, 'bump_seed');
  w.pubkey(d.locationPk, 'location_pk');
  w.pubkey(d.exchangePk, 'exchange_pk');
  w.u8(d.deviceType, 'device_type');
  w.ipv4(d.publicIp, 'public_ip');
  w.u8(d.status, 'status');
  w.string(d.code, 'code');
  w.networkV4Vec(d.dzPrefixes, 'dz_prefixes');
  w.pubkey(d.metricsPublisherPk, 'metrics_publisher_pk');
  w.pubkey(d.contributorPk, 'contributor_pk');
}

function legacyRecord(w: Writer, f: Interface, v1: boolean): void {
  w.u8(v1 ? 0 : 1, 'tag');
  w.u8(f.status, 'status');
  w.string(f.name, 'name');
  w.u8(f.interfaceType, 'interface_type');
  if (v1) {
    w.u8(f.loopbackType, 'loopback_type');
  } else {
    w.u8(f.interfaceCyoa, 'interface_cyoa');
    w.u8(f.interfaceDia, 'interface_dia');
    w.u8(f.loopbackType, 'loopback_type');
    w.u64(f.bandwidth, 'bandwidth');
    w.u64(f.cir, 'cir');
    w.u16(f.mtu, 'mtu');
    w.u8(f.routingMode, 'routing_mode');
  }
  w.u16(f.vlanId, 'vlan_id');
  w.networkV4(f.ipNet, 'ip_net');
  w.u16(f.nodeSegmentIdx, 'node_segment_idx');
  w.bool(f.userTunnelEndpoint, 'user_tunnel_endpoint');
}

function record(w: Writer, f: Interface): void {
  const body = new Writer('interface', 96);
  body.u8(f.status, 'status');
  body.string(f.name, 'name');
  body.u8(f.interfaceType, 'interface_type');
  body.u8(f.interfaceCyoa, 'interface_cyoa');
  body.u8(f.interfaceDia, 'interface_dia');
  body.u8(f.loopbackType, 'loopback_type');
  body.u64(f.bandwidth, 'bandwidth');
  body.u64(f.cir, 'cir');
  body.u16(f.mtu, 'mtu');
  body.u8(f.routingMode, 'routing_mode');
  body.u16(f.vlanId, 'vlan_id');
  body.networkV4(f.ipNet, 'ip_net');
  body.u16(f.nodeSegmentIdx, 'node_segment_idx');
  body.bool(f.userTunnelEndpoint, 'user_tunnel_endpoint');
  body.vecLen(f.flexAlgoNodeSegments.length, 'flex_algo_node_segments');
  for (const s of f.flexAlgoNodeSegments) {
    body.pubkey(s.topology, 'topology');
    body.u16(s.nodeSegmentIdx, 'node_segment_idx');
  }
  const bytes = body.finish();
  w.u16(bytes.length + 3, 'size');
  w.u8(4, 'version');
  w.bytes(bytes);
}

/** A Device account's bytes in `layout`; enum fields are written as the numbers they hold. */
export function deviceBytes(d: Device, layout: DeviceLayout = 'current'): Uint8Array {
  const w = new Writer('Device', 512);
  fixed(w, d);
  w.string(d.mgmtVrf, 'mgmt_vrf');
  const v1 = layout === 'v1CutAfterMaxUsers';
  w.vecLen(d.interfaces.length, 'deprecated_interfaces');
  for (const f of d.interfaces) legacyRecord(w, f, v1);
  w.u32(d.referenceCount, 'reference_count');
  w.u16(d.usersCount, 'users_count');
  w.u16(d.maxUsers, 'max_users');
  if (layout === 'cutAfterMaxUsers' || layout === 'v1CutAfterMaxUsers') return w.finish();
  w.u8(d.deviceHealth, 'device_health');
  w.u8(d.desiredStatus, 'desired_status');
  w.u16(d.unicastUsersCount, 'unicast_users_count');
  w.u16(d.multicastSubscribersCount, 'multicast_subscribers_count');
  w.u16(d.maxUnicastUsers, 'max_unicast_users');
  w.u16(d.maxMulticastSubscribers, 'max_multicast_subscribers');
  w.u16(d.reservedSeats, 'reserved_seats');
  w.u16(d.multicastPublishersCount, 'multicast_publishers_count');
  w.u16(d.maxMulticastPublishers, 'max_multicast_publishers');
  if (layout === 'noTrailingVector') return w.finish();
  w.vecLen(d.interfaces.length, 'interfaces');
  for (const f of d.interfaces) record(w, f);
  return w.finish();
}

/** A Link account's bytes in `layout`; enum fields are written as the numbers they hold. */
export function linkBytes(k: Link, layout: LinkLayout = 'current'): Uint8Array {
  const w = new Writer('Link', 320);
  w.u8(AccountType.Link, 'account_type');
  w.pubkey(k.owner, 'owner');
  w.u128(k.index, 'index');
  w.u8(k.bumpSeed, 'bump_seed');
  w.pubkey(k.sideAPk, 'side_a_pk');
  w.pubkey(k.sideZPk, 'side_z_pk');
  w.u8(k.linkType, 'link_type');
  w.u64(k.bandwidth, 'bandwidth');
  w.u32(k.mtu, 'mtu');
  w.u64(k.delayNs, 'delay_ns');
  w.u64(k.jitterNs, 'jitter_ns');
  w.u16(k.tunnelId, 'tunnel_id');
  w.networkV4(k.tunnelNet, 'tunnel_net');
  w.u8(k.status, 'status');
  w.string(k.code, 'code');
  w.pubkey(k.contributorPk, 'contributor_pk');
  w.string(k.sideAIfaceName, 'side_a_iface_name');
  w.string(k.sideZIfaceName, 'side_z_iface_name');
  if (layout === 'cutAfterSideZIfaceName') return w.finish();
  w.u64(k.delayOverrideNs, 'delay_override_ns');
  w.u8(k.linkHealth, 'link_health');
  w.u8(k.desiredStatus, 'desired_status');
  if (layout === 'cutAfterDesiredStatus') return w.finish();
  w.pubkeyVec(k.linkTopologies, 'link_topologies');
  w.u32(k.linkFlags, 'link_flags');
  return w.finish();
}
