/**
 * What a differential case draws besides its request: the two devices of a link (side A, which
 * device requests also target, and side Z, varied alike), the link, GlobalState's feature flags
 * and the caller with its Permission account. Each shape starts from the world's accounts (built
 * by the program, so consistent) and perturbs them: statuses, healths and desired statuses with
 * undeclared values, every device type, public IPs and dz_prefixes the program refuses, codes and
 * mgmt_vrf, missing location or exchange, reference counts, interfaces of every kind (loopbacks,
 * CYOA/DIA with and without addresses, subinterfaces and VLANs, user-tunnel endpoints, every
 * status, legacy names, undeclared enum bytes), legacy account layouts, links with both sides
 * the same device or none, tunnel shapes, out-of-range numbers and topologies.
 */
import fc from 'fast-check';
import { Keypair, PublicKey } from '@solana/web3.js';
import {
  DeviceType,
  InterfaceCYOA,
  InterfaceDIA,
  InterfaceStatus,
  InterfaceType,
  LinkLinkType,
  LinkStatus,
  LoopbackType,
  RoutingMode,
  type Device,
  type Interface,
  type Link,
} from '../../../src/index.js';
import type { DeviceLayout, LinkLayout } from './bytes.js';
import type { CallerName } from './world.js';

/** `[value, weight]` pairs → an arbitrary drawing each value with its weight. */
export function weighted<T>(pairs: readonly (readonly [T, number])[]): fc.Arbitrary<T> {
  return fc.oneof(...pairs.map(([v, weight]) => ({ arbitrary: fc.constant(v), weight })));
}
/** Mostly `kept`, sometimes one of `others`. */
export function mostly<T>(kept: T, others: readonly T[], keptWeight = 6): fc.Arbitrary<T> {
  return weighted<T>([[kept, keptWeight], ...others.map((o) => [o, 1] as const)]);
}

const UNDECLARED = 200;

// ---------------------------------------------------------------------------------------------
// Interfaces

/** An interface added to a device: a template, the status it is in, and an undeclared byte or none. */
export const IFACE_TEMPLATES = [
  'physical',
  'physicalLowBandwidth',
  'physicalZeroBandwidth',
  'cyoaWithIp',
  'cyoaNoIp',
  'diaWithIp',
  'diaNoIp',
  'loopbackVpnv4',
  'loopbackIpv4',
  'loopbackUte',
  'loopbackPublicNoUte',
  'physicalUtePublic',
  'cyoaOnLoopback',
  'subinterface',
  'vlanTooHigh',
  'portChannel',
  'vlanIface',
  'switch',
  'legacyManagement',
  'legacyEthernet3Part',
  'legacyTunnel',
  'lowercaseName',
  'linkLocal',
  'deletingBadName',
] as const;
export type IfaceTemplate = (typeof IFACE_TEMPLATES)[number];

export const IFACE_ENUM_FIELDS = ['status', 'interfaceType', 'interfaceCyoa', 'interfaceDia', 'loopbackType', 'routingMode'] as const;
export type IfaceEnumField = (typeof IFACE_ENUM_FIELDS)[number];

export interface IfaceShape {
  template: IfaceTemplate;
  status: number | 'template';
  undeclared: IfaceEnumField | null;
}

const ifaceStatuses = [0, 1, 2, 3, 4, 5, 6, UNDECLARED];

export const arbIface: fc.Arbitrary<IfaceShape> = fc.record({
  template: fc.constantFrom(...IFACE_TEMPLATES),
  status: mostly<number | 'template'>('template', ifaceStatuses, 5),
  undeclared: mostly<IfaceEnumField | null>(null, IFACE_ENUM_FIELDS, 10),
});

/** A change to one of a world device's own interfaces. */
export const BASE_IFACE_MODS = ['kept', 'status', 'cyoa', 'lowBandwidth', 'lowercase', 'legacyName', 'publicIp', 'linkLocalIp', 'noIp', 'deleting', 'undeclared'] as const;
export type BaseIfaceMod = (typeof BASE_IFACE_MODS)[number];
export const arbBaseIfaceMod = fc.record({
  mod: mostly<BaseIfaceMod>('kept', BASE_IFACE_MODS.slice(1), 24),
  status: fc.constantFrom(...ifaceStatuses),
  field: fc.constantFrom(...IFACE_ENUM_FIELDS),
});
export type BaseIfaceModShape = typeof arbBaseIfaceMod extends fc.Arbitrary<infer T> ? T : never;

let ifaceSerial = 0;
/** The interface a template stands for (names are unique within a device unless a template repeats). */
export function ifaceFromTemplate(t: IfaceTemplate, n: number, flexTopology: PublicKey): Interface {
  const base: Interface = {
    size: 0,
    version: 4,
    status: InterfaceStatus.Unlinked,
    name: `Ethernet${10 + n}`,
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
  };
  ifaceSerial++;
  const lo = (over: Partial<Interface>): Interface => ({
    ...base,
    name: `Loopback${10 + n}`,
    interfaceType: InterfaceType.Loopback,
    status: InterfaceStatus.Activated,
    loopbackType: LoopbackType.Ipv4,
    bandwidth: 0n,
    ipNet: `172.16.${200 + (n % 50)}.${(ifaceSerial % 200) + 1}/32`,
    ...over,
  });
  switch (t) {
    case 'physical':
      return base;
    case 'physicalLowBandwidth':
      return { ...base, bandwidth: 1_000_000_000n };
    case 'physicalZeroBandwidth':
      return { ...base, bandwidth: 0n };
    case 'cyoaWithIp':
      return { ...base, interfaceCyoa: InterfaceCYOA.GREOverDIA, mtu: 1500, bandwidth: 10_000_000_000n, ipNet: `45.${20 + n}.0.1/30` };
    case 'cyoaNoIp':
      return { ...base, interfaceCyoa: InterfaceCYOA.GREOverFabric, mtu: 1500, bandwidth: 10_000_000_000n };
    case 'diaWithIp':
      return { ...base, interfaceDia: InterfaceDIA.DIA, mtu: 1500, bandwidth: 10_000_000_000n, ipNet: `45.${40 + n}.0.1/30` };
    case 'diaNoIp':
      return { ...base, interfaceDia: InterfaceDIA.DIA, mtu: 1500, bandwidth: 0n };
    case 'loopbackVpnv4':
      return lo({ loopbackType: LoopbackType.Vpnv4, nodeSegmentIdx: 300 + n, flexAlgoNodeSegments: [{ topology: flexTopology, nodeSegmentIdx: 400 + n }] });
    case 'loopbackIpv4':
      return lo({});
    case 'loopbackUte':
      return lo({ userTunnelEndpoint: true, ipNet: `46.${60 + n}.0.9/32` });
    case 'loopbackPublicNoUte':
      return lo({ ipNet: `46.${70 + n}.0.9/32` });
    case 'physicalUtePublic':
      return { ...base, userTunnelEndpoint: true, ipNet: `46.${80 + n}.0.9/32` };
    case 'cyoaOnLoopback':
      return lo({ interfaceCyoa: InterfaceCYOA.GREOverCable, ipNet: `46.${90 + n}.0.9/32` });
    case 'subinterface':
      return { ...base, name: `Ethernet${10 + n}.100`, vlanId: 100 };
    case 'vlanTooHigh':
      return { ...base, name: `Ethernet${10 + n}.5000`, vlanId: 5000 };
    case 'portChannel':
      return { ...base, name: `Port-channel${10 + n}` };
    case 'vlanIface':
      return { ...base, name: `Vlan${100 + n}`, vlanId: 100 + n };
    case 'switch':
      return { ...base, name: `Switch1/1/${10 + n}` };
    case 'legacyManagement':
      return { ...base, name: `Management${1 + n}` };
    case 'legacyEthernet3Part':
      return { ...base, name: `Ethernet1/1/${1 + n}` };
    case 'legacyTunnel':
      return { ...base, name: `Tunnel${7 + n}` };
    case 'lowercaseName':
      return { ...base, name: `ethernet${10 + n}` };
    case 'linkLocal':
      return { ...base, userTunnelEndpoint: true, ipNet: `169.254.${n}.1/31` };
    case 'deletingBadName':
      return { ...base, name: `Bogus${n}`, status: InterfaceStatus.Deleting };
  }
}

/** A byte no program version declares, for an interface enum field. */
export function undeclaredIfaceValue(field: IfaceEnumField): number {
  return field === 'status' ? UNDECLARED : 9;
}

// ---------------------------------------------------------------------------------------------
// Devices

const deviceStatuses = [0, 1, 1, 1, 3, 4, 5, 5, 6, 7, 2, UNDECLARED];
const deviceHealths = [0, 1, 2, 3, 3, 3, 4, 9];
const deviceDesired = [0, 1, 1, 6, 3];

export const arbDeviceShape = fc.record({
  type: weighted<number>([
    [DeviceType.Hybrid, 6],
    [DeviceType.Transit, 2],
    [DeviceType.Edge, 2],
    [9, 1],
  ]),
  publicIp: mostly('kept', ['private', 'documentation'] as const, 8),
  prefixes: mostly('kept', ['two', 'none', 'nonGlobal'] as const, 10),
  code: mostly('kept', ['long', 'upper'] as const, 10),
  mgmtVrf: mostly('kept', ['empty', 'invalid', 'long'] as const, 10),
  location: mostly('kept', ['zero'] as const, 30),
  exchange: mostly('kept', ['zero'] as const, 30),
  status: fc.constantFrom(...deviceStatuses),
  health: fc.constantFrom(...deviceHealths),
  desired: fc.constantFrom(...deviceDesired),
  refs: weighted([
    [0, 5],
    [1, 2],
    [3, 1],
  ] as const),
  contributor: mostly('own', ['other'] as const, 10),
  baseIfaces: fc.array(arbBaseIfaceMod, { minLength: 3, maxLength: 3 }),
  dropBaseIfaces: mostly(false, [true], 12),
  extra: fc.array(arbIface, { maxLength: 3 }),
  layout: weighted<DeviceLayout>([
    ['current', 12],
    ['noTrailingVector', 1],
    ['cutAfterMaxUsers', 1],
    ['v1CutAfterMaxUsers', 1],
  ]),
  counters: fc.record({ maxUsers: fc.constantFrom(0, 128), usersCount: fc.constantFrom(0, 3) }),
});
export type DeviceShape = typeof arbDeviceShape extends fc.Arbitrary<infer T> ? T : never;

/** A clean, writable device: nothing perturbed (raw builders without the current account are judged on these). */
export const CLEAN_DEVICE: Omit<DeviceShape, 'status' | 'health' | 'desired'> = {
  type: DeviceType.Hybrid,
  publicIp: 'kept',
  prefixes: 'kept',
  code: 'kept',
  mgmtVrf: 'kept',
  location: 'kept',
  exchange: 'kept',
  refs: 0,
  contributor: 'own',
  baseIfaces: [0, 1, 2].map(() => ({ mod: 'kept' as const, status: 3, field: 'status' as const })),
  dropBaseIfaces: false,
  extra: [],
  layout: 'current',
  counters: { maxUsers: 0, usersCount: 0 },
};

export interface DeviceContext {
  /** The contributor of the other side (for `contributor: 'other'`). */
  otherContributor: PublicKey;
  flexTopology: PublicKey;
  /** Distinct per device, so interface addresses differ between the two sides. */
  salt: number;
}

/** The device value a shape makes of a world device (enum fields may hold undeclared numbers). */
export function shapeDevice(base: Device, s: DeviceShape, ctx: DeviceContext): Device {
  const ifaces: Interface[] = [];
  if (!s.dropBaseIfaces) {
    base.interfaces.forEach((f, i) => {
      const m = s.baseIfaces[i] ?? { mod: 'kept', status: f.status, field: 'status' };
      ifaces.push(modifyIface(f, m));
    });
  }
  s.extra.forEach((e, i) => {
    const f = ifaceFromTemplate(e.template, i + 3 * ctx.salt, ctx.flexTopology);
    const g: Interface = { ...f, status: e.status === 'template' ? f.status : e.status };
    if (e.undeclared) (g as unknown as Record<string, number>)[e.undeclared] = undeclaredIfaceValue(e.undeclared);
    ifaces.push(g);
  });
  const publicIp = { kept: base.publicIp, private: '10.1.2.3', documentation: '203.0.113.7' }[s.publicIp];
  const dzPrefixes = {
    kept: base.dzPrefixes,
    two: [...base.dzPrefixes, `46.${210 + ctx.salt}.7.0/29`],
    none: [],
    nonGlobal: ['10.9.0.0/24'],
  }[s.prefixes];
  return {
    ...base,
    deviceType: s.type,
    publicIp,
    dzPrefixes,
    code: s.code === 'long' ? 'x'.repeat(33) : s.code === 'upper' ? base.code.toUpperCase() : base.code,
    mgmtVrf: { kept: base.mgmtVrf, empty: '', invalid: 'bad vrf', long: 'v'.repeat(33) }[s.mgmtVrf],
    locationPk: s.location === 'zero' ? PublicKey.default : base.locationPk,
    exchangePk: s.exchange === 'zero' ? PublicKey.default : base.exchangePk,
    status: s.status,
    deviceHealth: s.health,
    desiredStatus: s.desired,
    referenceCount: s.refs,
    contributorPk: s.contributor === 'other' ? ctx.otherContributor : base.contributorPk,
    maxUsers: s.counters.maxUsers,
    usersCount: s.counters.usersCount,
    interfaces: ifaces,
  };
}

function modifyIface(f: Interface, m: BaseIfaceModShape): Interface {
  switch (m.mod) {
    case 'kept':
      return f;
    case 'status':
      return { ...f, status: m.status };
    case 'cyoa':
      return { ...f, interfaceCyoa: InterfaceCYOA.GREOverPublicPeering, mtu: 1500, ipNet: f.ipNet === '0.0.0.0/0' ? '45.77.0.1/30' : f.ipNet };
    case 'lowBandwidth':
      return { ...f, bandwidth: 1_000_000_000n };
    case 'lowercase':
      return { ...f, name: f.name.toLowerCase() };
    case 'legacyName':
      return { ...f, name: f.interfaceType === InterfaceType.Loopback ? 'Tunnel0' : `Management${f.name.replace(/\D/g, '') || '0'}` };
    case 'publicIp':
      return { ...f, ipNet: '46.99.0.1/31' };
    case 'linkLocalIp':
      return { ...f, ipNet: '169.254.3.1/31' };
    case 'noIp':
      return { ...f, ipNet: '0.0.0.0/0' };
    case 'deleting':
      return { ...f, status: InterfaceStatus.Deleting };
    case 'undeclared':
      return { ...f, [m.field]: undeclaredIfaceValue(m.field) } as Interface;
  }
}

// ---------------------------------------------------------------------------------------------
// Links

const linkStatuses = [0, 1, 1, 1, 3, 4, 5, 5, 6, 7, 8, 2, UNDECLARED];
const linkHealths = [0, 1, 2, 2, 2, 3, 9];
const linkDesired = [0, 1, 1, 6, 7, 3];

export const arbLinkShape = fc.record({
  which: fc.constantFrom('wan', 'dzx'),
  status: fc.constantFrom(...linkStatuses),
  health: fc.constantFrom(...linkHealths),
  desired: fc.constantFrom(...linkDesired),
  linkType: mostly('kept', ['flip', 'undeclared'] as const, 12),
  tunnelNet: mostly('kept', ['public', 'cleared', 'otherPrivate'] as const, 8),
  tunnelId: mostly<'kept' | 0 | 1024 | 1025 | 2000>('kept', [0, 1024, 1025, 2000], 8),
  contributor: mostly('kept', ['other'] as const, 10),
  bandwidth: mostly('kept', ['low', 'high'] as const, 16),
  delay: mostly('kept', ['out'] as const, 16),
  jitter: mostly('kept', ['out'] as const, 16),
  override: weighted([
    [0n, 8],
    [500_000n, 2],
    [5n, 1],
  ] as const),
  sides: mostly('kept', ['same', 'zero'] as const, 8),
  sideAIface: mostly('kept', ['missing', 'lowercase'] as const, 12),
  sideZIface: mostly('kept', ['missing', 'lowercase', 'empty'] as const, 12),
  topologies: mostly('kept', ['none', 'two', 'duplicate', 'nine'] as const, 8),
  flags: mostly(0, [1], 8),
  layout: weighted<LinkLayout>([
    ['current', 12],
    ['cutAfterDesiredStatus', 1],
    ['cutAfterSideZIfaceName', 1],
  ]),
});
export type LinkShape = typeof arbLinkShape extends fc.Arbitrary<infer T> ? T : never;

export function shapeLink(base: Link, s: LinkShape, topologies: readonly PublicKey[], otherContributor?: PublicKey): Link {
  const tunnelNet = { kept: base.tunnelNet, public: '45.0.0.0/31', cleared: '0.0.0.0/0', otherPrivate: '10.77.0.0/31' }[s.tunnelNet];
  const [ud, a] = topologies as [PublicKey, PublicKey, PublicKey];
  const linkTopologies = {
    kept: base.linkTopologies,
    none: [],
    two: [ud, a],
    duplicate: [ud, ud],
    nine: Array.from({ length: 9 }, (_, i) => topologies[i % topologies.length]!),
  }[s.topologies];
  const sideAPk = s.sides === 'zero' ? PublicKey.default : base.sideAPk;
  const sideZPk = s.sides === 'zero' ? PublicKey.default : s.sides === 'same' ? base.sideAPk : base.sideZPk;
  const ifaceName = (name: string, how: LinkShape['sideAIface'] | LinkShape['sideZIface']) =>
    how === 'kept' ? name : how === 'missing' ? 'Ethernet9' : how === 'lowercase' ? name.toLowerCase() : '';
  return {
    ...base,
    linkType: (s.linkType === 'kept' ? base.linkType : s.linkType === 'flip' ? (base.linkType === LinkLinkType.WAN ? LinkLinkType.DZX : LinkLinkType.WAN) : 9) as LinkLinkType,
    status: s.status,
    linkHealth: s.health,
    desiredStatus: s.desired,
    tunnelNet,
    tunnelId: s.tunnelId === 'kept' ? base.tunnelId : s.tunnelId,
    bandwidth: s.bandwidth === 'kept' ? base.bandwidth : s.bandwidth === 'low' ? 1_000_000_000n : 500_000_000_000n,
    delayNs: s.delay === 'kept' ? base.delayNs : 5n,
    jitterNs: s.jitter === 'kept' ? base.jitterNs : 2_000_000_000n,
    delayOverrideNs: s.override,
    sideAPk,
    sideZPk,
    sideAIfaceName: ifaceName(base.sideAIfaceName, s.sideAIface),
    sideZIfaceName: base.sideZIfaceName === '' && s.sideZIface === 'kept' ? '' : ifaceName(base.sideZIfaceName || 'Ethernet1', s.sideZIface),
    linkTopologies,
    linkFlags: s.flags,
    contributorPk: s.contributor === 'other' && otherContributor ? otherContributor : base.contributorPk,
  };
}

/** A link kept as the world made it, with only its status fields drawn. */
export const CLEAN_LINK: Omit<LinkShape, 'which' | 'status' | 'health' | 'desired'> = {
  linkType: 'kept',
  tunnelNet: 'kept',
  tunnelId: 'kept',
  contributor: 'kept',
  bandwidth: 'kept',
  delay: 'kept',
  jitter: 'kept',
  override: 0n,
  sides: 'kept',
  sideAIface: 'kept',
  sideZIface: 'kept',
  topologies: 'kept',
  flags: 0,
  layout: 'current',
};

// ---------------------------------------------------------------------------------------------
// Callers, Permission accounts, GlobalState

export const PERMISSION_SHAPES = [
  'none',
  'networkAdmin',
  'healthOracle',
  'both',
  'otherFlags',
  'suspended',
  'undeclaredStatus',
  'wrongUserPayer',
  'truncated',
  'wrongType',
  'foreign',
] as const;
export type PermissionShape = (typeof PERMISSION_SHAPES)[number];

export const arbCaller = fc.record({
  who: weighted<CallerName>([
    ['foundation', 6],
    ['foundation2', 1],
    ['contributorA', 6],
    ['contributorB', 3],
    ['healthOracle', 4],
    ['activator', 1],
    ['sentinel', 1],
    ['feed', 1],
    ['qa', 1],
    ['stranger', 2],
  ]),
  permission: mostly<PermissionShape>('none', PERMISSION_SHAPES.slice(1), 25),
  /** Other defined flags a Permission account may hold (foundation, activator, sentinel, QA, feed...). */
  otherFlags: fc.constantFrom(1n << 0n, 1n << 6n, 1n << 7n, 1n << 8n, 1n << 12n, (1n << 0n) | (1n << 12n), 1n << 100n),
  featureFlags: weighted<bigint>([
    [0n, 10],
    [2n, 3],
    [1n, 1],
    [3n, 1],
    [1n << 7n, 1],
    [(1n << 7n) | 2n, 1],
  ]),
});
export type CallerShape = typeof arbCaller extends fc.Arbitrary<infer T> ? T : never;

/** A privileged caller as the raw builders assume one: the foundation (legacy) or a NETWORK_ADMIN Permission holder. */
export const arbPrivilegedCaller: fc.Arbitrary<CallerShape> = fc.oneof(
  fc.record({
    who: fc.constantFrom<CallerName>('foundation', 'foundation2'),
    permission: fc.constantFrom<PermissionShape>('none', 'none', 'healthOracle', 'otherFlags'),
    otherFlags: fc.constant(1n << 7n),
    featureFlags: fc.constantFrom(0n, 1n, 1n << 7n),
  }),
  fc.record({
    who: fc.constantFrom<CallerName>('stranger', 'contributorB', 'activator', 'foundation'),
    permission: fc.constantFrom<PermissionShape>('networkAdmin', 'both'),
    otherFlags: fc.constant(0n),
    featureFlags: fc.constantFrom(0n, 2n, 3n),
  }),
);

export { Keypair };
export { LinkStatus };
