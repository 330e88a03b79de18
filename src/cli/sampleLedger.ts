import { createHash } from 'node:crypto';
import { PublicKey } from './publicKey.js';
import { Keypair } from './signer.js';
import {
  AccountType,
  ContributorStatus,
  DeviceDesiredStatus as DD,
  DeviceHealth as DH,
  DeviceStatus as DS,
  DeviceType,
  ExchangeStatus,
  InterfaceCYOA,
  InterfaceDIA,
  InterfaceStatus,
  InterfaceType,
  LinkDesiredStatus as LD,
  LinkHealth as LH,
  LinkLinkType,
  LinkStatus as LS,
  LocationStatus,
  LoopbackType,
  PermissionStatus,
  RoutingMode,
} from './sdk.js';
import { PROGRAM_IDS } from './sdk.js';
import {
  getContributorPda,
  getDevicePda,
  getExchangePda,
  getGlobalConfigPda,
  getGlobalStatePda,
  getLinkPda,
  getLocationPda,
  getPermissionPda,
} from './sdk.js';
import type { Device, Interface } from './sdk.js';
import type { Link } from './sdk.js';
import { encodeDevice } from './sdk.js';
import { encodeLink } from './sdk.js';
import { encodeGlobalState, type GlobalState } from './sdk.js';
import { encodeGlobalConfig, type GlobalConfig } from './sdk.js';
import { encodeContributor, type Contributor } from './sdk.js';
import { encodeLocation, type Location } from './sdk.js';
import { encodeExchange, type Exchange } from './sdk.js';
import {
  encodePermission,
  PERMISSION_FLAG_HEALTH_ORACLE,
  PERMISSION_FLAG_NETWORK_ADMIN,
  type Permission,
} from './sdk.js';
import type { AccountRecord } from './sdk.js';

/**
 * The embedded sample ledger: a small DoubleZero network with devices and links in every
 * lifecycle state, built at runtime from decoded account values and encoded with the SDK's own
 * encoders, so that the CLI reads it through exactly the code path it uses for a real cluster.
 *
 * Everything is deterministic: keys come from fixed seeds (`Keypair.fromSeed(sha256(name))`),
 * addresses are the program's PDAs under the localnet program id.
 *
 * Roles on the sample ledger (GlobalState is in legacy mode, feature_flags 0):
 * - `foundation`     — on the foundation allowlist → networkAdmin (the default `--as`)
 * - `health-oracle`  — GlobalState.health_oracle_pk → healthOracle
 * - `ops`            — a Permission account with NETWORK_ADMIN | HEALTH_ORACLE
 * - `acme`, `globex` — owners of the two contributors → contributor / sideZContributor
 * - `visitor`        — no role at all
 */

export const SAMPLE_PROGRAM_ID: PublicKey = PROGRAM_IDS.localnet;

/** A deterministic keypair for a sample identity or a sample account that is not a PDA. */
export function sampleKeypair(name: string): Keypair {
  const seed = createHash('sha256').update(`dzprov sample ledger: ${name}`).digest();
  return Keypair.fromSeed(new Uint8Array(seed));
}

export interface SampleIdentity {
  /** The name accepted by `--as` on the sample ledger. */
  readonly name: string;
  readonly pubkey: PublicKey;
  /** Why this key holds its roles, for the CLI's "acting as" line. */
  readonly description: string;
}

export interface SampleLedger {
  readonly programId: PublicKey;
  /** Every account, encoded, as the MemoryAccountSource serves them (sorted by address). */
  readonly records: AccountRecord[];
  readonly identities: readonly SampleIdentity[];
  /** The identity a dry run assumes when neither --as nor --keypair is given. */
  readonly defaultIdentity: SampleIdentity;
  /** The decoded values the records were encoded from (for tests and documentation). */
  readonly values: {
    globalState: GlobalState;
    globalConfig: GlobalConfig;
    contributors: Contributor[];
    locations: Location[];
    exchanges: Exchange[];
    permissions: Permission[];
    devices: Device[];
    links: Link[];
  };
  /** Address of every account, by a readable name ("device:ams-dz1", "link:ams-fra-1", "globalstate"...). */
  readonly addresses: ReadonlyMap<string, PublicKey>;
}

// ---------------------------------------------------------------------------------------------
// The network, as data

interface SiteSpec {
  code: string;
  name: string;
  country: string;
  lat: number;
  lng: number;
}

const SITES: readonly SiteSpec[] = [
  { code: 'ams', name: 'Amsterdam', country: 'NL', lat: 52.3676, lng: 4.9041 },
  { code: 'fra', name: 'Frankfurt', country: 'DE', lat: 50.1109, lng: 8.6821 },
  { code: 'lon', name: 'London', country: 'GB', lat: 51.5072, lng: -0.1276 },
  { code: 'nyc', name: 'New York', country: 'US', lat: 40.7128, lng: -74.006 },
  { code: 'chi', name: 'Chicago', country: 'US', lat: 41.8781, lng: -87.6298 },
  { code: 'tyo', name: 'Tokyo', country: 'JP', lat: 35.6762, lng: 139.6503 },
  { code: 'sin', name: 'Singapore', country: 'SG', lat: 1.3521, lng: 103.8198 },
  { code: 'lax', name: 'Los Angeles', country: 'US', lat: 34.0522, lng: -118.2437 },
];

type ContributorCode = 'acme' | 'globex';

interface DeviceSpec {
  code: string;
  site: string;
  contributor: ContributorCode;
  status: DS;
  health: DH;
  desired: DD;
  note: string;
}

/** One device per lifecycle situation; `note` says what the sample is meant to show. */
const DEVICES: readonly DeviceSpec[] = [
  { code: 'ams-dz1', site: 'ams', contributor: 'acme', status: DS.Activated, health: DH.ReadyForUsers, desired: DD.Activated, note: 'in service; plan drain-device shows its links' },
  { code: 'fra-dz1', site: 'fra', contributor: 'acme', status: DS.Activated, health: DH.ReadyForUsers, desired: DD.Activated, note: 'in service' },
  { code: 'lon-dz1', site: 'lon', contributor: 'globex', status: DS.Activated, health: DH.ReadyForUsers, desired: DD.Activated, note: 'in service' },
  { code: 'nyc-dz1', site: 'nyc', contributor: 'globex', status: DS.Activated, health: DH.Impaired, desired: DD.Drained, note: 'drain requested (reconciler: → drained)' },
  { code: 'chi-dz1', site: 'chi', contributor: 'acme', status: DS.Drained, health: DH.ReadyForUsers, desired: DD.Activated, note: 'maintenance done (reconciler: → activated)' },
  { code: 'tyo-dz1', site: 'tyo', contributor: 'globex', status: DS.Drained, health: DH.Impaired, desired: DD.Drained, note: 'in maintenance' },
  { code: 'sin-dz1', site: 'sin', contributor: 'acme', status: DS.DeviceProvisioning, health: DH.ReadyForLinks, desired: DD.Activated, note: 'ready for links (reconciler: → link-provisioning)' },
  { code: 'sin-dz2', site: 'sin', contributor: 'acme', status: DS.DeviceProvisioning, health: DH.Pending, desired: DD.Pending, note: 'just created, no intent yet' },
  { code: 'lax-dz1', site: 'lax', contributor: 'globex', status: DS.LinkProvisioning, health: DH.ReadyForUsers, desired: DD.Activated, note: 'ready for users (reconciler: → activated)' },
  { code: 'lax-dz2', site: 'lax', contributor: 'globex', status: DS.LinkProvisioning, health: DH.ReadyForLinks, desired: DD.Activated, note: 'waiting for health ready-for-users' },
  { code: 'fra-dz2', site: 'fra', contributor: 'acme', status: DS.Deleting, health: DH.Unknown, desired: DD.Pending, note: 'deleted by a legacy DeleteDevice' },
  { code: 'ams-dz0', site: 'ams', contributor: 'acme', status: DS.PendingDeprecated, health: DH.Unknown, desired: DD.Pending, note: 'legacy account, retired status' },
  { code: 'lon-dz0', site: 'lon', contributor: 'globex', status: DS.RejectedDeprecated, health: DH.Unknown, desired: DD.Pending, note: 'legacy account, retired status' },
];

interface LinkSpec {
  code: string;
  a: string;
  z: string;
  type: LinkLinkType;
  status: LS;
  health: LH;
  desired: LD;
  /** Delay in microseconds (stored in ns). */
  delayUs: number;
  gbps: number;
}

const WAN = LinkLinkType.WAN;
const DZX = LinkLinkType.DZX;

/** The link's contributor is side A's; DZX links cross to the other contributor's device. */
const LINKS: readonly LinkSpec[] = [
  { code: 'ams-fra-1', a: 'ams-dz1', z: 'fra-dz1', type: WAN, status: LS.Activated, health: LH.ReadyForService, desired: LD.Activated, delayUs: 3900, gbps: 100 },
  { code: 'ams-lon-1', a: 'ams-dz1', z: 'lon-dz1', type: DZX, status: LS.Activated, health: LH.ReadyForService, desired: LD.Activated, delayUs: 4200, gbps: 100 },
  { code: 'ams-chi-1', a: 'ams-dz1', z: 'chi-dz1', type: WAN, status: LS.SoftDrained, health: LH.ReadyForService, desired: LD.Activated, delayUs: 48_700, gbps: 10 },
  { code: 'fra-chi-1', a: 'fra-dz1', z: 'chi-dz1', type: WAN, status: LS.HardDrained, health: LH.Impaired, desired: LD.HardDrained, delayUs: 51_300, gbps: 10 },
  { code: 'fra-lon-1', a: 'fra-dz1', z: 'lon-dz1', type: DZX, status: LS.Activated, health: LH.ReadyForService, desired: LD.HardDrained, delayUs: 7400, gbps: 100 },
  { code: 'lon-nyc-1', a: 'lon-dz1', z: 'nyc-dz1', type: WAN, status: LS.Activated, health: LH.Impaired, desired: LD.SoftDrained, delayUs: 34_500, gbps: 100 },
  { code: 'lon-tyo-1', a: 'lon-dz1', z: 'tyo-dz1', type: WAN, status: LS.SoftDrained, health: LH.Impaired, desired: LD.SoftDrained, delayUs: 109_800, gbps: 10 },
  { code: 'nyc-tyo-1', a: 'nyc-dz1', z: 'tyo-dz1', type: WAN, status: LS.HardDrained, health: LH.Pending, desired: LD.SoftDrained, delayUs: 80_100, gbps: 10 },
  { code: 'fra-sin-1', a: 'fra-dz1', z: 'sin-dz1', type: WAN, status: LS.Provisioning, health: LH.ReadyForService, desired: LD.Activated, delayUs: 79_600, gbps: 10 },
  { code: 'ams-sin-1', a: 'ams-dz1', z: 'sin-dz1', type: WAN, status: LS.Provisioning, health: LH.Pending, desired: LD.Activated, delayUs: 81_200, gbps: 10 },
  { code: 'fra-lax-1', a: 'fra-dz1', z: 'lax-dz1', type: DZX, status: LS.Requested, health: LH.ReadyForService, desired: LD.Activated, delayUs: 75_900, gbps: 10 },
  { code: 'lon-lax-1', a: 'lon-dz1', z: 'lax-dz1', type: WAN, status: LS.Provisioning, health: LH.Unknown, desired: LD.Pending, delayUs: 68_300, gbps: 10 },
  { code: 'ams-fra-2', a: 'ams-dz1', z: 'fra-dz1', type: WAN, status: LS.Deleting, health: LH.Impaired, desired: LD.HardDrained, delayUs: 4100, gbps: 10 },
  { code: 'ams-fra-0', a: 'ams-dz1', z: 'fra-dz1', type: WAN, status: LS.PendingDeprecated, health: LH.Unknown, desired: LD.Pending, delayUs: 4000, gbps: 10 },
  { code: 'lon-nyc-0', a: 'lon-dz1', z: 'nyc-dz1', type: WAN, status: LS.RejectedDeprecated, health: LH.Unknown, desired: LD.Pending, delayUs: 35_000, gbps: 10 },
];

/** The device / link notes, for `show` (sample ledger only). */
export const SAMPLE_NOTES: ReadonlyMap<string, string> = new Map(DEVICES.map((d) => [d.code, d.note]));

// ---------------------------------------------------------------------------------------------
// Building

const GBPS = 1_000_000_000n;

function ifaceSize(name: string, segments: number): number {
  return 45 + Buffer.byteLength(name, 'utf8') + 34 * segments;
}

function iface(p: {
  name: string;
  status: InterfaceStatus;
  type: InterfaceType;
  loopback?: LoopbackType;
  ipNet: string;
  bandwidth?: bigint;
  nodeSegmentIdx?: number;
  cyoa?: InterfaceCYOA;
  dia?: InterfaceDIA;
  userTunnelEndpoint?: boolean;
}): Interface {
  return {
    size: ifaceSize(p.name, 0),
    version: 4,
    status: p.status,
    name: p.name,
    interfaceType: p.type,
    interfaceCyoa: p.cyoa ?? InterfaceCYOA.None,
    interfaceDia: p.dia ?? InterfaceDIA.None,
    loopbackType: p.loopback ?? LoopbackType.None,
    bandwidth: p.bandwidth ?? 0n,
    cir: 0n,
    mtu: 9000,
    routingMode: RoutingMode.Static,
    vlanId: 0,
    ipNet: p.ipNet,
    nodeSegmentIdx: p.nodeSegmentIdx ?? 0,
    userTunnelEndpoint: p.userTunnelEndpoint ?? false,
    flexAlgoNodeSegments: [],
  };
}

function byCode<T extends { code: string }>(items: readonly T[], code: string): T {
  const found = items.find((i) => i.code === code);
  if (!found) throw new Error(`sample ledger: no ${code}`);
  return found;
}

let cached: SampleLedger | undefined;

/** Builds (once per process) and returns the sample ledger. */
export function sampleLedger(): SampleLedger {
  cached ??= buildSampleLedger();
  return cached;
}

export function buildSampleLedger(): SampleLedger {
  const programId = SAMPLE_PROGRAM_ID;
  const addresses = new Map<string, PublicKey>();
  const records: AccountRecord[] = [];
  const put = (name: string, address: PublicKey, data: Uint8Array): void => {
    addresses.set(name, address);
    records.push({ pubkey: address, owner: programId, lamports: rentFor(data.length), data });
  };

  const id = (name: string): PublicKey => sampleKeypair(name).publicKey;
  const foundation = id('foundation');
  const oracle = id('health-oracle');
  const ops = id('ops');
  const owners: Record<ContributorCode, PublicKey> = { acme: id('acme'), globex: id('globex') };

  // One account index counter for every indexed entity, as GlobalState.account_index.
  let index = 0n;
  const next = (): bigint => ++index;

  // Contributors.
  const contributors: Contributor[] = [];
  const contributorPk: Record<string, PublicKey> = {};
  for (const code of ['acme', 'globex'] as const) {
    const i = next();
    const [pk, bump] = getContributorPda(programId, i);
    contributorPk[code] = pk;
    contributors.push({
      accountType: AccountType.Contributor,
      owner: owners[code],
      index: i,
      bumpSeed: bump,
      status: ContributorStatus.Activated,
      code,
      referenceCount: 0,
      opsManagerPk: id(`${code}-ops-manager`),
    });
  }

  // Locations and exchanges.
  const locations: Location[] = [];
  const exchanges: Exchange[] = [];
  const locationPk: Record<string, PublicKey> = {};
  const exchangePk: Record<string, PublicKey> = {};
  SITES.forEach((s, n) => {
    const li = next();
    const [lpk, lbump] = getLocationPda(programId, li);
    locationPk[s.code] = lpk;
    locations.push({
      accountType: AccountType.Location,
      owner: foundation,
      index: li,
      bumpSeed: lbump,
      lat: s.lat,
      lng: s.lng,
      locId: n + 1,
      status: LocationStatus.Activated,
      code: s.code,
      name: s.name,
      country: s.country,
      referenceCount: 0,
    });
    const xi = next();
    const [xpk, xbump] = getExchangePda(programId, xi);
    exchangePk[s.code] = xpk;
    exchanges.push({
      accountType: AccountType.Exchange,
      owner: foundation,
      index: xi,
      bumpSeed: xbump,
      lat: s.lat,
      lng: s.lng,
      bgpCommunity: 10000 + n,
      unused: 0,
      status: ExchangeStatus.Activated,
      code: `x${s.code}`,
      name: `${s.name} exchange`,
      referenceCount: 0,
      device1Pk: PublicKey.default,
      device2Pk: PublicKey.default,
    });
  });

  // Devices (interfaces are added below, once the links are known).
  const devices: Device[] = [];
  const devicePk: Record<string, PublicKey> = {};
  DEVICES.forEach((d, n) => {
    const i = next();
    const [pk, bump] = getDevicePda(programId, i);
    devicePk[d.code] = pk;
    const retired = d.status === DS.PendingDeprecated || d.status === DS.RejectedDeprecated || d.status === DS.Deleting;
    const inService = d.status === DS.Activated || d.status === DS.Drained;
    const users = d.status === DS.Activated ? 12 + ((n * 7) % 30) : 0;
    devices.push({
      accountType: AccountType.Device,
      owner: owners[d.contributor],
      index: i,
      bumpSeed: bump,
      locationPk: locationPk[d.site]!,
      exchangePk: exchangePk[d.site]!,
      deviceType: DeviceType.Hybrid,
      publicIp: `45.77.113.${n + 10}`,
      status: d.status,
      code: d.code,
      dzPrefixes: [`46.51.100.${n * 8}/29`],
      metricsPublisherPk: id(`metrics-publisher:${d.code}`),
      contributorPk: contributorPk[d.contributor]!,
      mgmtVrf: 'mgmt',
      referenceCount: 0,
      usersCount: users,
      maxUsers: inService ? 96 : 0,
      deviceHealth: d.health,
      desiredStatus: d.desired,
      unicastUsersCount: users,
      multicastSubscribersCount: 0,
      maxUnicastUsers: inService ? 96 : 0,
      maxMulticastSubscribers: inService ? 16 : 0,
      reservedSeats: 0,
      multicastPublishersCount: 0,
      maxMulticastPublishers: inService ? 8 : 0,
      interfaces: retired
        ? []
        : [
            iface({
              name: 'Loopback255',
              status: InterfaceStatus.Activated,
              type: InterfaceType.Loopback,
              loopback: LoopbackType.Vpnv4,
              ipNet: `172.16.255.${n + 1}/32`,
              nodeSegmentIdx: 100 + n,
            }),
            iface({
              name: 'Loopback256',
              status: InterfaceStatus.Activated,
              type: InterfaceType.Loopback,
              loopback: LoopbackType.Ipv4,
              ipNet: `172.16.254.${n + 1}/32`,
            }),
          ],
    });
  });

  // Links, with a physical interface on each side.
  const links: Link[] = [];
  const linkPk: Record<string, PublicKey> = {};
  const ethernetCount: Record<string, number> = {};
  const nextEthernet = (device: string): string => {
    ethernetCount[device] = (ethernetCount[device] ?? 0) + 1;
    return `Ethernet${ethernetCount[device]}`;
  };
  LINKS.forEach((l, n) => {
    const i = next();
    const [pk, bump] = getLinkPda(programId, i);
    linkPk[l.code] = pk;
    const a = byCode(devices, l.a);
    const z = byCode(devices, l.z);
    const aSpec = byCode(DEVICES, l.a);
    const requested = l.status === LS.Requested;
    const net = requested ? '0.0.0.0/0' : `172.16.0.${n * 2}/31`;
    const bandwidth = BigInt(l.gbps) * GBPS;
    // The link's physical interface on one side (host 0 of the /31 on side A, 1 on side Z).
    const side = (device: Device, host: number): string => {
      const name = nextEthernet(device.code);
      device.interfaces.push(
        iface({
          name,
          status: requested ? InterfaceStatus.Unlinked : InterfaceStatus.Activated,
          type: InterfaceType.Physical,
          ipNet: requested ? '0.0.0.0/0' : `172.16.0.${n * 2 + host}/31`,
          bandwidth,
        }),
      );
      device.referenceCount += 1;
      return name;
    };
    const aIface = side(a, 0);
    const zIface = side(z, 1);
    links.push({
      accountType: AccountType.Link,
      owner: owners[aSpec.contributor],
      index: i,
      bumpSeed: bump,
      sideAPk: devicePk[l.a]!,
      sideZPk: devicePk[l.z]!,
      linkType: l.type,
      bandwidth,
      mtu: 9000,
      delayNs: BigInt(l.delayUs) * 1000n,
      jitterNs: BigInt(Math.max(10, Math.round(l.delayUs / 100))) * 1000n,
      tunnelId: requested ? 0 : 500 + n,
      tunnelNet: net,
      status: l.status,
      code: l.code,
      contributorPk: contributorPk[aSpec.contributor]!,
      sideAIfaceName: aIface,
      // A DZX link is created with an empty side-Z interface; AcceptLink fills it in.
      sideZIfaceName: requested ? '' : zIface,
      delayOverrideNs: 0n,
      linkHealth: l.health,
      desiredStatus: l.desired,
      linkTopologies: [],
      linkFlags: 0,
    });
  });

  // Reference counts: contributors count their devices and links; sites their devices.
  for (const c of contributors) {
    const pk = contributorPk[c.code]!;
    c.referenceCount =
      devices.filter((d) => d.contributorPk.equals(pk)).length + links.filter((l) => l.contributorPk.equals(pk)).length;
  }
  for (const loc of locations) loc.referenceCount = devices.filter((d) => d.locationPk.equals(locationPk[loc.code]!)).length;
  for (const x of exchanges) {
    const site = x.code.slice(1);
    const here = devices.filter((d) => d.exchangePk.equals(exchangePk[site]!));
    x.referenceCount = here.length;
    x.device1Pk = here[0] ? devicePk[here[0].code]! : PublicKey.default;
    x.device2Pk = here[1] ? devicePk[here[1].code]! : PublicKey.default;
  }

  // Singletons and the Permission account.
  const [gsPk, gsBump] = getGlobalStatePda(programId);
  const globalState: GlobalState = {
    accountType: AccountType.GlobalState,
    bumpSeed: gsBump,
    accountIndex: index,
    foundationAllowlist: [foundation],
    deviceAllowlist: [],
    userAllowlist: [],
    activatorAuthorityPk: id('activator'),
    sentinelAuthorityPk: id('sentinel'),
    contributorAirdropLamports: 1_000_000_000n,
    userAirdropLamports: 40_000n,
    healthOraclePk: oracle,
    qaAllowlist: [],
    featureFlags: 0n,
    feedAuthorityPk: id('feed-authority'),
  };
  const [gcPk, gcBump] = getGlobalConfigPda(programId);
  const globalConfig: GlobalConfig = {
    accountType: AccountType.GlobalConfig,
    owner: foundation,
    bumpSeed: gcBump,
    localAsn: 65000,
    remoteAsn: 21682,
    deviceTunnelBlock: '172.16.0.0/16',
    userTunnelBlock: '169.254.0.0/16',
    multicastgroupBlock: '233.84.178.0/24',
    nextBgpCommunity: 10000 + SITES.length,
    multicastPublisherBlock: '148.51.120.0/21',
  };
  const [permPk, permBump] = getPermissionPda(programId, ops);
  const permissions: Permission[] = [
    {
      accountType: AccountType.Permission,
      owner: foundation,
      bumpSeed: permBump,
      status: PermissionStatus.Activated,
      userPayer: ops,
      permissions: PERMISSION_FLAG_NETWORK_ADMIN | PERMISSION_FLAG_HEALTH_ORACLE,
    },
  ];

  // Encode everything with the SDK's own encoders.
  put('globalstate', gsPk, encodeGlobalState(globalState));
  put('globalconfig', gcPk, encodeGlobalConfig(globalConfig));
  contributors.forEach((c) => put(`contributor:${c.code}`, contributorPk[c.code]!, encodeContributor(c)));
  locations.forEach((l) => put(`location:${l.code}`, locationPk[l.code]!, encodeLocation(l)));
  exchanges.forEach((x) => put(`exchange:${x.code}`, exchangePk[x.code.slice(1)]!, encodeExchange(x)));
  put('permission:ops', permPk, encodePermission(permissions[0]!));
  devices.forEach((d) => put(`device:${d.code}`, devicePk[d.code]!, encodeDevice(d)));
  links.forEach((l) => put(`link:${l.code}`, linkPk[l.code]!, encodeLink(l)));
  records.sort((x, y) => x.pubkey.toBase58().localeCompare(y.pubkey.toBase58()));

  const identities: SampleIdentity[] = [
    { name: 'foundation', pubkey: foundation, description: 'on the foundation allowlist → networkAdmin' },
    { name: 'health-oracle', pubkey: oracle, description: 'GlobalState health oracle → healthOracle' },
    { name: 'ops', pubkey: ops, description: 'Permission account NETWORK_ADMIN | HEALTH_ORACLE' },
    { name: 'acme', pubkey: owners.acme, description: 'owner of contributor acme' },
    { name: 'globex', pubkey: owners.globex, description: 'owner of contributor globex' },
    { name: 'visitor', pubkey: id('visitor'), description: 'no role' },
  ];
  return {
    programId,
    records,
    identities,
    defaultIdentity: identities[0]!,
    values: { globalState, globalConfig, contributors, locations, exchanges, permissions, devices, links },
    addresses,
  };
}

/** Rent-exempt minimum for `size` bytes at the default rent (what a real account would hold). */
function rentFor(size: number): number {
  return (128 + size) * 3480 * 2;
}
