import { PublicKey } from '@solana/web3.js';
import {
  AccountType,
  DeviceDesiredStatus,
  DeviceHealth,
  DeviceStatus,
  DeviceType,
  InterfaceCYOA,
  InterfaceDIA,
  InterfaceStatus,
  InterfaceType,
  LinkDesiredStatus,
  LinkHealth,
  LinkLinkType,
  LinkStatus,
  LoopbackType,
  RoutingMode,
} from '../../src/index.js';
import type { Device, Interface } from '../../src/index.js';
import type { Link } from '../../src/index.js';

/** pk(b): the 32-byte key whose first byte is b and the rest zero (the fixtures' convention). */
export function pk(b: number): PublicKey {
  const bytes = new Uint8Array(32);
  bytes[0] = b;
  return new PublicKey(bytes);
}

/** A valid, current-format Device value built by hand (no decoded layout attached). */
export function sampleDevice(overrides: Partial<Device> = {}): Device {
  return {
    accountType: AccountType.Device,
    owner: pk(10),
    index: 7n,
    bumpSeed: 250,
    locationPk: pk(11),
    exchangePk: pk(12),
    deviceType: DeviceType.Hybrid,
    publicIp: '45.77.113.1',
    status: DeviceStatus.Activated,
    code: 'dz1',
    dzPrefixes: ['46.51.100.0/24'],
    metricsPublisherPk: pk(13),
    contributorPk: pk(14),
    mgmtVrf: 'mgmt',
    referenceCount: 0,
    usersCount: 0,
    maxUsers: 96,
    deviceHealth: DeviceHealth.ReadyForUsers,
    desiredStatus: DeviceDesiredStatus.Activated,
    unicastUsersCount: 0,
    multicastSubscribersCount: 0,
    maxUnicastUsers: 0,
    maxMulticastSubscribers: 0,
    reservedSeats: 0,
    multicastPublishersCount: 0,
    maxMulticastPublishers: 0,
    interfaces: [],
    ...overrides,
  };
}

/**
 * A physical, Unlinked 100 Gbps interface named `name`, free of CYOA/DIA: what AcceptLink
 * accepts on side Z for a link of up to 100 Gbps (size as the encoder computes it).
 */
export function sampleInterface(name: string, overrides: Partial<Interface> = {}): Interface {
  return {
    size: 45 + new TextEncoder().encode(name).length,
    version: 4,
    status: InterfaceStatus.Unlinked,
    name,
    interfaceType: InterfaceType.Physical,
    interfaceCyoa: InterfaceCYOA.None,
    interfaceDia: InterfaceDIA.None,
    loopbackType: LoopbackType.None,
    bandwidth: 100_000_000_000n,
    cir: 0n,
    mtu: 9000,
    routingMode: RoutingMode.Static,
    vlanId: 0,
    ipNet: '0.0.0.0/0',
    nodeSegmentIdx: 0,
    userTunnelEndpoint: false,
    flexAlgoNodeSegments: [],
    ...overrides,
  };
}

/** A valid Link value built by hand. */
export function sampleLink(overrides: Partial<Link> = {}): Link {
  return {
    accountType: AccountType.Link,
    owner: pk(20),
    index: 99n,
    bumpSeed: 249,
    sideAPk: pk(21),
    sideZPk: pk(22),
    linkType: LinkLinkType.WAN,
    bandwidth: 10_000_000_000n,
    mtu: 9000,
    delayNs: 5_000_000n,
    jitterNs: 100_000n,
    tunnelId: 500,
    tunnelNet: '10.0.1.0/31',
    status: LinkStatus.Activated,
    code: 'ams-fra',
    contributorPk: pk(23),
    sideAIfaceName: 'Ethernet2',
    sideZIfaceName: 'Ethernet2',
    delayOverrideNs: 0n,
    linkHealth: LinkHealth.ReadyForService,
    desiredStatus: LinkDesiredStatus.Activated,
    linkTopologies: [],
    linkFlags: 0,
    ...overrides,
  };
}
