import type { PublicKey } from '@solana/web3.js';
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
  LoopbackType,
  RoutingMode,
} from '../enums.js';

/** Discriminator: byte 0 of every Device account. */
export const DEVICE_ACCOUNT_TYPE = AccountType.Device;

/** One flex-algo node segment of an interface (34 bytes on the wire). */
export interface FlexAlgoNodeSegment {
  topology: PublicKey;
  nodeSegmentIdx: number;
}

/** A device interface: an element of the trailing size-prefixed `interfaces` vector (accounts.md §3.8.2). */
export interface Interface {
  /** Total on-disk record length including the 3-byte header. */
  size: number;
  /** Record schema version (4 today). */
  version: number;
  status: InterfaceStatus;
  name: string;
  interfaceType: InterfaceType;
  interfaceCyoa: InterfaceCYOA;
  interfaceDia: InterfaceDIA;
  loopbackType: LoopbackType;
  bandwidth: bigint;
  cir: bigint;
  mtu: number;
  routingMode: RoutingMode;
  vlanId: number;
  ipNet: string;
  nodeSegmentIdx: number;
  userTunnelEndpoint: boolean;
  flexAlgoNodeSegments: FlexAlgoNodeSegment[];
}

/** The decoded Device account (accounts.md §3.8). */
export interface Device {
  accountType: AccountType.Device;
  owner: PublicKey;
  index: bigint;
  bumpSeed: number;
  locationPk: PublicKey;
  exchangePk: PublicKey;
  deviceType: DeviceType;
  publicIp: string;
  status: DeviceStatus;
  code: string;
  dzPrefixes: string[];
  metricsPublisherPk: PublicKey;
  contributorPk: PublicKey;
  mgmtVrf: string;
  referenceCount: number;
  usersCount: number;
  maxUsers: number;
  deviceHealth: DeviceHealth;
  desiredStatus: DeviceDesiredStatus;
  unicastUsersCount: number;
  multicastSubscribersCount: number;
  maxUnicastUsers: number;
  maxMulticastSubscribers: number;
  reservedSeats: number;
  multicastPublishersCount: number;
  maxMulticastPublishers: number;
  /** The authoritative interface list (trailing vector, or rebuilt from the legacy records). */
  interfaces: Interface[];
}
