/**
 * The raw builders: every field of their arguments drawn. A raw builder takes no roles, so it is
 * judged with a caller the program authorizes for what it builds (the foundation, a NETWORK_ADMIN
 * Permission holder, or the contributor the request names). Given the account(s) as decoded now
 * (`currentDevice`, `currentLink`, the side devices), its checks follow the program on any state;
 * without them, it is judged on clean accounts, where only its arguments decide.
 */
import fc from 'fast-check';
import { Keypair, PublicKey, type TransactionInstruction } from '@solana/web3.js';
import {
  AccountType,
  DeviceDesiredStatus,
  DeviceHealth,
  DeviceStatus,
  InterfaceStatus,
  InterfaceType,
  LinkDesiredStatus,
  LinkHealth,
  LinkLinkType,
  LinkStatus,
  LoopbackType,
  applyUpdateDeviceArgs,
  applyUpdateLinkArgs,
  createAcceptLinkInstruction,
  createCreateDeviceInstruction,
  createCreateDeviceInterfaceInstruction,
  createCreateLinkInstruction,
  createDeleteDeviceInstruction,
  createDeleteDeviceInterfaceInstruction,
  createDeleteLinkInstruction,
  createUpdateDeviceInstruction,
  createUpdateDeviceInterfaceInstruction,
  createUpdateLinkInstruction,
  decodeDevice,
  decodeLink,
  getDevicePda,
  getLinkPda,
  getTopologyPda,
  normalizeInterfaceName,
  type CreateDeviceInterfaceArgs,
  type Device,
  type Interface,
  type Link,
  type UpdateDeviceArgs,
  type UpdateDeviceInterfaceArgs,
  type UpdateLinkArgs,
} from '../../../src/index.js';
import type { ExecResult } from '../oracle.js';
import { after, arbCleanState, arbMostlyMild, arbState, deviceIs, deviceOrThrow, diffFields, firstProblem, linkIs, linkOrThrow } from './common.js';
import { Unjudged, type CaseState, type Kind, type Prepared, type StateShape } from './engine.js';
import { deleteResourcesOf, rawUpdateDevice } from './kinds-device.js';
import { deviceAt } from './kinds-link.js';
import { arbPrivilegedCaller, mostly, weighted, type CallerShape } from './shapes.js';
import { TOPOLOGIES, decodeDeviceOf, decodeLinkOf, type World } from './world.js';

/** An optional field: absent most of the time, else one of `values`, the first (a valid one) three times as often. */
const opt = <T>(values: readonly T[], absent = 3): fc.Arbitrary<T | undefined> =>
  weighted<T | undefined>([[undefined, absent * 2], ...values.map((v, i) => [v, i === 0 ? 3 : 1] as const)]);

/**
 * Who signs a raw request: the case's (privileged) caller, or, when `byOwner`, the owner of the
 * contributor the request names (the program authorizes a contributor for its own accounts).
 */
function signerFor(st: CaseState, byOwner: boolean, contributorPk: PublicKey | undefined): { signer: Keypair; append: boolean } {
  if (!byOwner || !contributorPk) return { signer: st.caller, append: st.appendPermission };
  const owner = st.w.l.contributors.find((c) => c.pk.equals(contributorPk))?.owner;
  if (!owner) return { signer: st.caller, append: st.appendPermission };
  return { signer: owner, append: owner.publicKey.equals(st.caller.publicKey) ? st.appendPermission : false };
}
const arbByOwner = mostly(false, [true], 3);

/** State: with the builder given the current account(s), anything; without, clean accounts. */
function stateFor(withContext: boolean, clean: fc.Arbitrary<StateShape>): fc.Arbitrary<StateShape> {
  return withContext ? arbState : clean;
}

const world = (st: CaseState): World => st.w;
const ADDR = { global: '45.201.7.1', private: '10.7.7.7', documentation: '198.51.100.9', insidePrefix: '' } as const;

// ---------------------------------------------------------------------------------------------
// UpdateDevice

export const arbUpdateDeviceArgs = fc.record({
  code: opt(['dev-new', 'UPPER-Case', 'x'.repeat(33), 'bad code', '']),
  deviceType: opt([0, 1, 2]),
  contributor: opt(['a', 'b'] as const, 6),
  publicIp: opt(['global', 'private', 'documentation'] as const),
  dzPrefixes: opt(['same', 'two', 'none', 'nonGlobal'] as const, 5),
  metricsPublisher: opt([true], 5),
  mgmtVrf: opt(['', 'mgmt2', 'bad vrf', 'v'.repeat(33)]),
  maxUsers: opt([0, 64]),
  usersCount: opt([0, 5], 6),
  status: opt([0, 1, 3, 4, 5, 6, 7], 3),
  desiredStatus: opt([0, 1, 6], 3),
  referenceCount: opt([0, 4], 6),
  maxUnicastUsers: opt([10], 6),
  maxMulticastSubscribers: opt([10], 6),
  unicastUsersCount: opt([1], 6),
  maxMulticastPublishers: opt([2], 6),
  multicastSubscribersCount: opt([1], 6),
  multicastPublishersCount: opt([1], 6),
  move: mostly(false, [true], 8),
});
export type UpdateDeviceReq = typeof arbUpdateDeviceArgs extends fc.Arbitrary<infer T> ? T : never;

export function updateDeviceArgs(w: World, d: Device, r: UpdateDeviceReq): UpdateDeviceArgs {
  const [coa, cob] = w.l.contributors;
  const args: UpdateDeviceArgs = {};
  if (r.code !== undefined) args.code = r.code;
  if (r.deviceType !== undefined) args.deviceType = r.deviceType;
  if (r.contributor !== undefined) args.contributorPk = (r.contributor === 'a' ? coa : cob)!.pk;
  if (r.publicIp !== undefined) args.publicIp = ADDR[r.publicIp];
  if (r.dzPrefixes !== undefined) {
    args.dzPrefixes = { same: d.dzPrefixes, two: [...(d.dzPrefixes.length ? d.dzPrefixes : ['46.1.1.0/29']), '46.222.1.0/29'], none: [], nonGlobal: ['10.3.0.0/24'] }[r.dzPrefixes];
  }
  if (r.metricsPublisher) args.metricsPublisherPk = new PublicKey(new Uint8Array(32).fill(7));
  if (r.mgmtVrf !== undefined) args.mgmtVrf = r.mgmtVrf;
  for (const k of ['maxUsers', 'usersCount', 'status', 'desiredStatus', 'referenceCount', 'maxUnicastUsers', 'maxMulticastSubscribers', 'unicastUsersCount', 'maxMulticastPublishers', 'multicastSubscribersCount', 'multicastPublishersCount'] as const) {
    if (r[k] !== undefined) (args as Record<string, number>)[k] = r[k]!;
  }
  return args;
}

export const updateDevice = (withContext: boolean): Kind<UpdateDeviceReq> => ({
  name: withContext ? 'UpdateDevice' : 'UpdateDevice (no account)',
  weight: withContext ? 5 : 2,
  arb: fc.record({ state: withContext ? arbMostlyMild : arbCleanState(), caller: arbPrivilegedCaller, req: arbUpdateDeviceArgs }),
  prepare: (st, r): Prepared => {
    const w = world(st);
    const build = (validate: boolean) => {
      const d = deviceOrThrow(st, 'devA');
      const newLocation = r.move ? w.l.locations.find((l) => !l.equals(d.locationPk as PublicKey)) : undefined;
      return createUpdateDeviceInstruction({
        programId: w.programId,
        payer: st.caller.publicKey,
        device: st.devAPk,
        currentContributor: d.contributorPk,
        currentLocation: d.locationPk,
        ...(newLocation ? { newLocation } : {}),
        oldDzPrefixCount: d.dzPrefixes.length,
        args: updateDeviceArgs(w, d, r),
        ...(withContext ? { currentDevice: d } : { currentDeviceType: d.deviceType }),
        appendPermission: st.appendPermission,
        validate,
      });
    };
    return {
      decide: () => [build(true)],
      unchecked: () => [build(false)],
      expect: (res) => {
        const d = st.devA!;
        const newLocation = r.move ? w.l.locations.find((l) => !l.equals(d.locationPk as PublicKey)) : undefined;
        return deviceIs(w, res, st.devAPk, applyUpdateDeviceArgs(d, updateDeviceArgs(w, d, r), { currentLocation: d.locationPk, newLocation }) as Device);
      },
      neverValid: () => false,
    };
  },
});

// ---------------------------------------------------------------------------------------------
// CreateDevice

const arbCreateDevice = fc.record({
  code: weighted([
    ['new-dev', 6],
    ['NEW-Dev', 1],
    ['x'.repeat(33), 1],
    ['bad code!', 1],
  ] as const),
  deviceType: weighted([
    [0, 4],
    [1, 1],
    [2, 1],
  ] as const),
  publicIp: mostly('global', ['private', 'documentation', 'insidePrefix'] as const, 6),
  dzPrefixes: weighted([
    ['one', 6],
    ['two', 1],
    ['slash32', 1],
    ['none', 1],
    ['nonGlobal', 1],
  ] as const),
  mgmtVrf: mostly('mgmt', ['', 'bad vrf', 'v'.repeat(33)], 6),
  desiredStatus: weighted<number | null>([
    [null, 3],
    [0, 1],
    [1, 2],
    [6, 1],
  ]),
  location: mostly('first', ['second', 'zero'] as const, 8),
  exchange: mostly('first', ['zero'] as const, 10),
  contributor: fc.constantFrom('a', 'b'),
  byOwner: fc.boolean(),
});
type CreateDeviceReq = typeof arbCreateDevice extends fc.Arbitrary<infer T> ? T : never;

const createDevice: Kind<CreateDeviceReq> = {
  name: 'CreateDevice',
  weight: 3,
  arb: fc.record({ state: arbCleanState(), caller: arbPrivilegedCaller, req: arbCreateDevice }),
  prepare: (st, r): Prepared => {
    const w = world(st);
    const contributor = w.l.contributors[r.contributor === 'a' ? 0 : 1]!;
    const signer = r.byOwner ? contributor.owner : st.caller;
    const append = r.byOwner ? false : st.appendPermission;
    const index = w.base.gs.accountIndex + 1n;
    const dzPrefixes = { one: ['46.230.1.0/29'], two: ['46.230.1.0/29', '46.230.2.0/28'], slash32: ['46.230.3.7/32'], none: [], nonGlobal: ['10.1.0.0/24'] }[r.dzPrefixes];
    const publicIp = r.publicIp === 'insidePrefix' ? '46.230.1.3' : ADDR[r.publicIp];
    const location = r.location === 'zero' ? PublicKey.default : w.l.locations[r.location === 'first' ? 0 : 1]!;
    const exchange = r.exchange === 'zero' ? PublicKey.default : w.l.exchanges[0]!;
    const metricsPublisherPk = new PublicKey(new Uint8Array(32).fill(9));
    const args = { code: r.code, deviceType: r.deviceType, publicIp, dzPrefixes, metricsPublisherPk, mgmtVrf: r.mgmtVrf, desiredStatus: r.desiredStatus };
    const build = (validate: boolean) =>
      createCreateDeviceInstruction({ programId: w.programId, payer: signer.publicKey, contributor: contributor.pk, location, exchange, deviceIndex: index, args, appendPermission: append, validate });
    return {
      signers: [signer],
      decide: () => [build(true)],
      unchecked: () => [build(false)],
      expect: (res) => {
        const [pk, bump] = getDevicePda(w.programId, index);
        const want: Device = {
          accountType: AccountType.Device,
          owner: signer.publicKey,
          index,
          bumpSeed: bump,
          locationPk: location,
          exchangePk: exchange,
          deviceType: r.deviceType,
          publicIp,
          status: DeviceStatus.Activated,
          code: r.code.replace(/[A-Z]/g, (c) => c.toLowerCase()),
          dzPrefixes,
          metricsPublisherPk,
          contributorPk: contributor.pk,
          mgmtVrf: r.mgmtVrf,
          referenceCount: 0,
          usersCount: 0,
          maxUsers: 0,
          deviceHealth: DeviceHealth.ReadyForUsers,
          desiredStatus: r.desiredStatus ?? DeviceDesiredStatus.Activated,
          unicastUsersCount: 0,
          multicastSubscribersCount: 0,
          maxUnicastUsers: 0,
          maxMulticastSubscribers: 0,
          reservedSeats: 0,
          multicastPublishersCount: 0,
          maxMulticastPublishers: 0,
          interfaces: [],
        };
        return deviceIs(w, res, pk, want, 'the new device');
      },
    };
  },
};

// ---------------------------------------------------------------------------------------------
// DeleteDevice

const createDeleteDevice: Kind<{ form: 'legacy' | 'client'; byOwner: boolean }> = {
  name: 'DeleteDevice',
  weight: 1,
  arb: fc.record({
    state: arbCleanState({ deviceStatuses: [0, 4, 5, 6, 7] }).map((s) => ({ ...s, devA: { ...s.devA, dropBaseIfaces: true } })),
    caller: arbPrivilegedCaller,
    req: fc.record({ form: fc.constantFrom<'legacy' | 'client'>('legacy', 'client'), byOwner: arbByOwner }),
  }),
  prepare: (st, r): Prepared => {
    const w = world(st);
    const { signer, append } = signerFor(st, r.byOwner, st.devA?.contributorPk as PublicKey | undefined);
    const resources = () => (r.form === 'legacy' ? ({ kind: 'legacy' } as const) : deleteResourcesOf(w, st.devAPk, deviceOrThrow(st, 'devA')));
    const build = (validate: boolean) =>
      createDeleteDeviceInstruction({ programId: w.programId, payer: signer.publicKey, device: st.devAPk, contributor: deviceOrThrow(st, 'devA').contributorPk, resources: resources(), appendPermission: append, validate });
    return {
      signers: [signer],
      decide: () => [build(true)],
      unchecked: () => [build(false)],
      expect: (res) => (resources().kind === 'legacy' ? deviceIs(w, res, st.devAPk, { ...st.devA!, status: DeviceStatus.Deleting }) : after(res, st.devAPk) ? 'device not closed' : undefined),
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Interfaces

const NAMES = ['Ethernet5', 'ethernet6', 'et7', 'Ethernet8.100', 'Ethernet9/2', 'Loopback5', 'lo6', 'Port-channel3', 'Vlan42', 'Switch1/1/3', 'Ethernet1', 'Management1', 'Ethernet1/1/1', ''] as const;

export const arbCreateInterface = fc.record({
  name: weighted<(typeof NAMES)[number]>(NAMES.map((n, i) => [n, i < 10 ? 3 : 1] as const)),
  loopbackType: weighted([
    [LoopbackType.None, 4],
    [LoopbackType.Vpnv4, 2],
    [LoopbackType.Ipv4, 2],
    [LoopbackType.PimRpAddr, 1],
  ] as const),
  vlanId: weighted([
    [0, 5],
    [100, 2],
    [5000, 1],
  ] as const),
  ipNet: weighted<string | null>([
    [null, 5],
    ['45.12.0.1/30', 2],
    ['10.20.0.1/31', 1],
    ['169.254.20.1/31', 1],
    ['46.60.0.9/32', 1],
    ['0.0.0.0/0', 1],
  ]),
  userTunnelEndpoint: mostly(false, [true], 4),
  interfaceCyoa: weighted([
    [0, 5],
    [1, 1],
    [2, 1],
    [5, 1],
  ] as const),
  interfaceDia: weighted([
    [0, 5],
    [1, 2],
  ] as const),
  bandwidth: weighted([
    [100_000_000_000n, 4],
    [10_000_000_000n, 1],
    [0n, 1],
  ] as const),
  cir: fc.constantFrom(0n, 1_000n),
  mtu: weighted([
    [9000, 4],
    [1500, 2],
    [1400, 1],
  ] as const),
  routingMode: fc.constantFrom(0, 1),
  topologies: weighted<readonly string[]>([
    [[], 3],
    [['flex-a'], 2],
    [['flex-a', 'flex-b'], 1],
    [['flex-a', 'FLEX-A'], 1],
  ]),
  withContext: fc.constant<boolean>(true),
  byOwner: arbByOwner,
});
export type CreateInterfaceReq = typeof arbCreateInterface extends fc.Arbitrary<infer T> ? T : never;

/** The interface the program added last, with the values it allocated taken over when they are well formed. */
function allocatedInterface(w: World, res: ExecResult, pk: PublicKey, model: Interface, pool: { ip: boolean; ids: boolean }): Interface | string {
  const a = after(res, pk);
  if (!a) return 'device is gone';
  const got = decodeDeviceOf(w, a.data).interfaces.at(-1);
  if (!got) return 'no interface added';
  const out = { ...model };
  if (pool.ip) {
    if (!/^172\.16\.\d+\.\d+\/32$/.test(got.ipNet)) return `allocated ip_net ${got.ipNet} is not a /32 of the DeviceTunnelBlock`;
    out.ipNet = got.ipNet;
  }
  if (pool.ids) {
    if (got.nodeSegmentIdx < 1) return `allocated node_segment_idx ${got.nodeSegmentIdx}`;
    out.nodeSegmentIdx = got.nodeSegmentIdx;
    if (got.flexAlgoNodeSegments.length !== model.flexAlgoNodeSegments.length) return `flex-algo segments ${JSON.stringify(diffFields({ s: got.flexAlgoNodeSegments }, { s: model.flexAlgoNodeSegments }))}`;
    out.flexAlgoNodeSegments = model.flexAlgoNodeSegments.map((s, i) => ({ ...s, nodeSegmentIdx: got.flexAlgoNodeSegments[i]!.nodeSegmentIdx }));
  }
  return out;
}

/** The CreateDeviceInterface arguments of a request. */
export function createInterfaceArgs(r: CreateInterfaceReq): CreateDeviceInterfaceArgs {
  return {
    name: r.name,
    loopbackType: r.loopbackType,
    vlanId: r.vlanId,
    ipNet: r.ipNet,
    userTunnelEndpoint: r.userTunnelEndpoint,
    interfaceCyoa: r.interfaceCyoa,
    interfaceDia: r.interfaceDia,
    bandwidth: r.bandwidth,
    cir: r.cir,
    mtu: r.mtu,
    routingMode: r.routingMode,
  };
}

export const createInterface = (withContext: boolean): Kind<CreateInterfaceReq> => ({
  name: withContext ? 'CreateDeviceInterface' : 'CreateDeviceInterface (no account)',
  weight: withContext ? 5 : 2,
  arb: fc.record({ state: withContext ? arbMostlyMild : arbCleanState(), caller: arbPrivilegedCaller, req: arbCreateInterface.map((r) => ({ ...r, withContext })) }),
  prepare: (st, r): Prepared => {
    const w = world(st);
    const { signer, append } = signerFor(st, r.byOwner, st.devA?.contributorPk as PublicKey | undefined);
    const args = createInterfaceArgs(r);
    // Without the device, judged only where the device decides nothing: a clean device lacking that name.
    const clean = r.withContext || (st.devA !== null && isClean(st.devA) && !st.devA.interfaces.some((f) => f.name.toLowerCase() === (tryName(r.name) ?? '').toLowerCase()));
    const build = (validate: boolean) => {
      const d = deviceOrThrow(st, 'devA');
      return createCreateDeviceInterfaceInstruction({
        programId: w.programId,
        payer: signer.publicKey,
        device: st.devAPk,
        contributor: d.contributorPk,
        topologyNames: r.topologies,
        args,
        ...(r.withContext ? { currentDevice: d } : {}),
        appendPermission: append,
        validate,
      });
    };
    return {
      signers: [signer],
      decide: () => {
        if (!clean) throw new Unjudged();
        return [build(true)];
      },
      unchecked: () => [build(false)],
      expect: (res) => {
        const d = st.devA!;
        const name = normalizeInterfaceName(r.name);
        const loopback = name.startsWith('Loopback');
        const vpnv4 = loopback && r.loopbackType === LoopbackType.Vpnv4;
        const topologies = r.loopbackType === LoopbackType.Vpnv4 ? r.topologies : [];
        const model: Interface = {
          size: 0,
          version: 4,
          status: loopback ? InterfaceStatus.Activated : InterfaceStatus.Unlinked,
          name,
          interfaceType: loopback ? InterfaceType.Loopback : InterfaceType.Physical,
          loopbackType: r.loopbackType,
          interfaceCyoa: r.interfaceCyoa,
          interfaceDia: r.interfaceDia,
          bandwidth: r.bandwidth,
          cir: r.cir,
          mtu: r.mtu,
          routingMode: r.routingMode,
          vlanId: r.vlanId,
          ipNet: r.ipNet ?? '0.0.0.0/0',
          nodeSegmentIdx: 0,
          userTunnelEndpoint: r.userTunnelEndpoint,
          flexAlgoNodeSegments: vpnv4 ? topologies.map((t) => ({ topology: getTopologyPda(w.programId, t)[0], nodeSegmentIdx: 0 })) : [],
        };
        const f = allocatedInterface(w, res, st.devAPk, model, { ip: loopback && (r.ipNet ?? '0.0.0.0/0') === '0.0.0.0/0', ids: vpnv4 });
        if (typeof f === 'string') return f;
        return deviceIs(w, res, st.devAPk, { ...d, interfaces: [...d.interfaces, f] });
      },
    };
  },
});


function tryName(n: string): string | undefined {
  try {
    return normalizeInterfaceName(n);
  } catch {
    return undefined;
  }
}

/** A device as the world made it, nothing perturbed but its status fields. */
function isClean(d: Device): boolean {
  return d.interfaces.every((f) => f.status !== InterfaceStatus.Deleting);
}

export const arbUpdateInterface = fc.record({
  target: fc.nat({ max: 6 }),
  spelling: weighted([
    ['stored', 8],
    ['lower', 2],
    ['upper', 1],
    ['shorthand', 1],
    ['missing', 1],
    ['legacy', 1],
  ] as const),
  loopbackType: opt([2, 1, 3, 0], 5),
  vlanId: opt([0, 100, 5000], 5),
  userTunnelEndpoint: opt([true, false], 5),
  status: opt([0, 1, 2, 3, 4, 5, 6], 3),
  ipNet: opt(['45.13.0.1/30', '10.21.0.1/31', '169.254.21.1/31', '0.0.0.0/0'], 4),
  nodeSegmentIdx: opt([0, 555], 8),
  interfaceCyoa: opt([1, 0, 3], 4),
  interfaceDia: opt([0, 1], 5),
  bandwidth: opt([0n, 10_000_000_000n, 100_000_000_000n], 4),
  cir: opt([0n, 5n], 6),
  mtu: opt([1500, 9000, 1400], 4),
  routingMode: opt([0, 1], 6),
  topologies: weighted<readonly string[] | null>([
    [null, 8],
    [[], 1],
    [['flex-a'], 1],
    [['flex-b', 'flex-a'], 1],
    [['flex-a', 'FLEX-A'], 1],
  ]),
});
export type UpdateInterfaceReq = typeof arbUpdateInterface extends fc.Arbitrary<infer T> ? T : never;

/** The interface name a request spells, from the device's own names. */
export function spelled(d: Device | null, target: number, how: UpdateInterfaceReq['spelling']): string {
  const stored = d && d.interfaces.length > 0 ? d.interfaces[target % d.interfaces.length]!.name : 'Ethernet1';
  switch (how) {
    case 'stored':
      return stored;
    case 'lower':
      return stored.toLowerCase();
    case 'upper':
      return stored.toUpperCase();
    case 'shorthand':
      return stored.replace(/^Ethernet/, 'et').replace(/^Loopback/, 'lo');
    case 'missing':
      return 'Ethernet77';
    case 'legacy':
      return 'Management1';
  }
}

export function updateInterfaceArgs(name: string, r: UpdateInterfaceReq): UpdateDeviceInterfaceArgs {
  const args: UpdateDeviceInterfaceArgs = { name };
  for (const k of ['loopbackType', 'vlanId', 'userTunnelEndpoint', 'status', 'ipNet', 'nodeSegmentIdx', 'interfaceCyoa', 'interfaceDia', 'bandwidth', 'cir', 'mtu', 'routingMode'] as const) {
    if (r[k] !== undefined) (args as unknown as Record<string, unknown>)[k] = r[k];
  }
  return args;
}

/**
 * Without the device, UpdateDeviceInterface is judged on clean devices with requests whose outcome
 * the arguments decide: no CYOA/DIA, address or topology changes (those depend on the stored
 * interface), names stored or spelled so that no stored name can match.
 */
const arbSelfContainedUpdate = fc
  .record({
    target: fc.nat({ max: 6 }),
    spelling: weighted([
      ['stored', 8],
      ['lower', 2],
      ['upper', 1],
      ['shorthand', 1],
    ] as const),
    loopbackType: opt([0, 1, 2, 3], 5),
    vlanId: opt([0, 100, 5000], 4),
    status: opt([1, 2, 3, 4, 5, 6], 3),
    bandwidth: opt([10_000_000_000n, 100_000_000_000n], 4),
    cir: opt([0n, 5n], 6),
    mtu: opt([9000, 1400], 4),
    routingMode: opt([0, 1], 6),
  })
  .map((r): UpdateInterfaceReq => ({ ...r, userTunnelEndpoint: undefined, ipNet: undefined, nodeSegmentIdx: undefined, interfaceCyoa: undefined, interfaceDia: undefined, topologies: null }));

export const updateInterface = (withContext: boolean): Kind<UpdateInterfaceReq> => ({
  name: withContext ? 'UpdateDeviceInterface' : 'UpdateDeviceInterface (no account)',
  weight: withContext ? 6 : 2,
  arb: fc.record({ state: withContext ? arbMostlyMild : arbCleanState(), caller: arbPrivilegedCaller, req: withContext ? arbUpdateInterface : arbSelfContainedUpdate }),
  prepare: (st, r): Prepared => {
    const w = world(st);
    const name = spelled(st.devA, r.target, r.spelling);
    const build = (validate: boolean) => {
      const d = deviceOrThrow(st, 'devA');
      return createUpdateDeviceInterfaceInstruction({
        programId: w.programId,
        payer: st.caller.publicKey,
        device: st.devAPk,
        contributor: d.contributorPk,
        topologyNames: r.topologies,
        args: updateInterfaceArgs(name, r),
        ...(withContext ? { currentDevice: d } : {}),
        appendPermission: st.appendPermission,
        validate,
      });
    };
    return {
      decide: () => [build(true)],
      unchecked: () => [build(false)],
      expect: (res) => {
        const d = st.devA!;
        const i = d.interfaces.findIndex((f) => f.name.toLowerCase() === name.toLowerCase());
        const f: Interface = { ...d.interfaces[i]! };
        const a = updateInterfaceArgs(name, r);
        if (a.loopbackType != null) f.loopbackType = a.loopbackType;
        if (a.interfaceCyoa != null) f.interfaceCyoa = a.interfaceCyoa;
        if (a.interfaceDia != null) f.interfaceDia = a.interfaceDia;
        if (a.bandwidth != null) f.bandwidth = BigInt(a.bandwidth);
        if (a.cir != null) f.cir = BigInt(a.cir);
        if (a.mtu != null) f.mtu = Number(a.mtu);
        if (a.routingMode != null) f.routingMode = a.routingMode;
        if (a.vlanId != null) f.vlanId = Number(a.vlanId);
        if (a.userTunnelEndpoint != null) f.userTunnelEndpoint = a.userTunnelEndpoint;
        if (a.status != null) f.status = a.status;
        if (a.ipNet != null) f.ipNet = a.ipNet;
        if (a.nodeSegmentIdx != null) f.nodeSegmentIdx = Number(a.nodeSegmentIdx);
        if (r.topologies !== null) {
          // Kept segments keep their ids; new ones get ids the program allocates (taken from its answer).
          const got = decodeDeviceOf(w, after(res, st.devAPk)!.data).interfaces[i]!;
          const want = r.topologies.map((t) => getTopologyPda(w.programId, t)[0]);
          const gotTopologies = got.flexAlgoNodeSegments.map((s) => (s.topology as PublicKey).toBase58()).sort();
          const wantTopologies = [...new Set(want.map((t) => t.toBase58()))].sort();
          if (JSON.stringify(gotTopologies) !== JSON.stringify(wantTopologies)) return `flex-algo topologies ${JSON.stringify(gotTopologies)}, wanted ${JSON.stringify(wantTopologies)}`;
          for (const s of got.flexAlgoNodeSegments) {
            const kept = f.flexAlgoNodeSegments.find((k) => (k.topology as PublicKey).equals(s.topology as PublicKey));
            if (kept && kept.nodeSegmentIdx !== s.nodeSegmentIdx) return `kept segment of ${(s.topology as PublicKey).toBase58()} changed id`;
          }
          f.flexAlgoNodeSegments = got.flexAlgoNodeSegments;
        }
        return deviceIs(w, res, st.devAPk, { ...d, interfaces: d.interfaces.map((g, j) => (j === i ? f : g)) });
      },
    };
  },
  describe: (st, r) => `UpdateDeviceInterface(${spelled(st.devA, r.target, r.spelling)}, ${JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))})`,
});

export const deleteInterface = (withContext: boolean): Kind<{ target: number; spelling: UpdateInterfaceReq['spelling'] }> => ({
  name: withContext ? 'DeleteDeviceInterface' : 'DeleteDeviceInterface (no account)',
  weight: withContext ? 4 : 1,
  arb: fc.record({
    state: withContext ? arbState : arbCleanState(),
    caller: arbPrivilegedCaller,
    req: fc.record({ target: fc.nat({ max: 6 }), spelling: weighted([['stored', 6], ['lower', 1], ['shorthand', 1], ['missing', 1], ['legacy', 1]] as const) }),
  }),
  prepare: (st, r): Prepared => {
    const w = world(st);
    const name = spelled(st.devA, r.target, r.spelling);
    const build = (validate: boolean) => {
      const d = deviceOrThrow(st, 'devA');
      return createDeleteDeviceInterfaceInstruction({
        programId: w.programId,
        payer: st.caller.publicKey,
        device: st.devAPk,
        contributor: d.contributorPk,
        args: { name },
        ...(withContext ? { currentDevice: d } : {}),
        appendPermission: st.appendPermission,
        validate,
      });
    };
    // Without the device, only names the clean device holds (activated or unlinked) or cannot hold are judged.
    const judged = () => {
      if (withContext) return true;
      const d = st.devA;
      if (!d) return false;
      const f = d.interfaces.find((g) => g.name.toLowerCase() === name.toLowerCase());
      return f === undefined ? r.spelling === 'shorthand' : f.status === InterfaceStatus.Activated || f.status === InterfaceStatus.Unlinked;
    };
    return {
      decide: () => {
        if (!judged()) throw new Unjudged();
        return [build(true)];
      },
      unchecked: () => [build(false)],
      expect: (res) => {
        const d = st.devA!;
        const i = d.interfaces.findIndex((f) => f.name.toLowerCase() === name.toLowerCase());
        return deviceIs(w, res, st.devAPk, { ...d, interfaces: d.interfaces.filter((_, j) => j !== i) });
      },
    };
  },
  describe: (st, r) => `DeleteDeviceInterface(${spelled(st.devA, r.target, r.spelling)})`,
});

export const rawDeviceKinds: Kind<never>[] = [
  updateDevice(true),
  updateDevice(false),
  createDevice,
  createDeleteDevice,
  createInterface(true),
  createInterface(false),
  updateInterface(true),
  updateInterface(false),
  deleteInterface(true),
  deleteInterface(false),
] as Kind<never>[];

export { Keypair, LinkDesiredStatus, LinkHealth, LinkLinkType, LinkStatus, TOPOLOGIES, decodeDevice, decodeLink, getLinkPda, applyUpdateLinkArgs, createAcceptLinkInstruction, createCreateLinkInstruction, createDeleteLinkInstruction, createUpdateLinkInstruction, deviceAt, linkIs, linkOrThrow, firstProblem, rawUpdateDevice, decodeLinkOf };
export type { Link, TransactionInstruction, UpdateLinkArgs };
