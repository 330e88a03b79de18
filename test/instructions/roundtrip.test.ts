import { PublicKey, type TransactionInstruction } from '@solana/web3.js';
import { serialize, type Schema } from 'borsh';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createAcceptLinkInstruction,
  createCreateDeviceInstruction,
  createCreateDeviceInterfaceInstruction,
  createCreateLinkInstruction,
  createDeleteDeviceInstruction,
  createDeleteDeviceInterfaceInstruction,
  createDeleteLinkInstruction,
  createSetDeviceHealthInstruction,
  createSetLinkHealthInstruction,
  createUpdateDeviceInstruction,
  createUpdateDeviceInterfaceInstruction,
  createUpdateLinkInstruction,
  decodeInstruction,
  DeviceDesiredStatusSpec,
  DeviceHealthSpec,
  DeviceStatusSpec,
  DeviceTypeSpec,
  getDevicePda,
  getDzPrefixBlockPda,
  getLinkPda,
  getPermissionPda,
  getTopologyPda,
  getTunnelIdsPda,
  InterfaceCYOA,
  InterfaceCYOASpec,
  InterfaceDIA,
  InterfaceDIASpec,
  InterfaceStatusSpec,
  LinkDesiredStatusSpec,
  LinkHealthSpec,
  LinkLinkType,
  LinkStatusSpec,
  LoopbackType,
  LoopbackTypeSpec,
  RoutingModeSpec,
  type DecodedInstruction,
  type EnumSpec,
  type LinkUpdateAuthority,
} from '../../src/index.js';
import { arbKey, arbKeys, forAll, singletonPdas } from './_helpers.js';

/**
 * Round trips: random VALID inputs → build (validation on) → decodeInstruction → the same
 * args (with the builder's derived fields) and the same named accounts. Each instruction's
 * data is also re-encoded with the independent `borsh` library from a field table written
 * from docs/wire-format.md#instructions, which must give the same bytes.
 */

const PROGRAM_ID = new PublicKey('JAQxrJ2WuDF4APfSifurJJ4HzV5Z3FyBuBeSMj7mo9aw');
const SYSTEM = '11111111111111111111111111111111';
const { GS, GC, DTB, LIDS, SRIDS, UNICAST_DEFAULT } = singletonPdas(PROGRAM_ID);

// ---------------------------------------------------------------------------------------------
// Plain values for comparison (PublicKey → base58; everything else as is).

function plain(v: unknown): unknown {
  if (v instanceof PublicKey) return v.toBase58();
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = plain(x);
    return out;
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Independent Borsh layouts (docs/wire-format.md#instructions), encoded with the borsh library.

type D = 'u8' | 'u16' | 'u32' | 'u64' | 'bool' | 'string' | 'pubkey' | 'ipv4' | 'net' | { option: D } | { vec: D };
type Layout = [string, D][];

function schemaOf(d: D): Schema {
  if (d === 'pubkey') return { array: { type: 'u8', len: 32 } };
  if (d === 'ipv4') return { array: { type: 'u8', len: 4 } };
  if (d === 'net') return { struct: { ip: { array: { type: 'u8', len: 4 } }, prefix: 'u8' } };
  if (typeof d === 'string') return d;
  if ('option' in d) return { option: schemaOf(d.option) };
  return { array: { type: schemaOf(d.vec) } };
}

function valueOf(d: D, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (d === 'pubkey') return Array.from((v as PublicKey).toBytes());
  if (d === 'ipv4') return (v as string).split('.').map(Number);
  if (d === 'net') {
    const [ip, prefix] = (v as string).split('/');
    return { ip: ip!.split('.').map(Number), prefix: Number(prefix) };
  }
  if (d === 'u64') return BigInt(v as bigint);
  if (typeof d === 'string') return v;
  if ('option' in d) return valueOf(d.option, v);
  return (v as unknown[]).map((x) => valueOf(d.vec, x));
}

function borshData(tag: number, layout: Layout, args: Record<string, unknown>): string {
  const schema: Schema = { struct: Object.fromEntries(layout.map(([k, d]) => [k, schemaOf(d)])) };
  const value = Object.fromEntries(layout.map(([k, d]) => [k, valueOf(d, args[k])]));
  return Buffer.concat([Buffer.from([tag]), Buffer.from(serialize(schema, value))]).toString('hex');
}

const opt = (d: D): D => ({ option: d });
const LAYOUTS: Record<string, Layout> = {
  CreateDevice: [
    ['code', 'string'],
    ['deviceType', 'u8'],
    ['publicIp', 'ipv4'],
    ['dzPrefixes', { vec: 'net' }],
    ['metricsPublisherPk', 'pubkey'],
    ['mgmtVrf', 'string'],
    ['desiredStatus', opt('u8')],
    ['resourceCount', 'u8'],
  ],
  UpdateDevice: [
    ['code', opt('string')],
    ['deviceType', opt('u8')],
    ['contributorPk', opt('pubkey')],
    ['publicIp', opt('ipv4')],
    ['dzPrefixes', opt({ vec: 'net' })],
    ['metricsPublisherPk', opt('pubkey')],
    ['mgmtVrf', opt('string')],
    ['maxUsers', opt('u16')],
    ['usersCount', opt('u16')],
    ['status', opt('u8')],
    ['desiredStatus', opt('u8')],
    ['resourceCount', 'u64'],
    ['referenceCount', opt('u32')],
    ['maxUnicastUsers', opt('u16')],
    ['maxMulticastSubscribers', opt('u16')],
    ['unicastUsersCount', opt('u16')],
    ['maxMulticastPublishers', opt('u16')],
    ['multicastSubscribersCount', opt('u16')],
    ['multicastPublishersCount', opt('u16')],
  ],
  DeleteDevice: [['resourceCount', 'u8']],
  SetDeviceHealth: [['health', 'u8']],
  CreateDeviceInterface: [
    ['name', 'string'],
    ['loopbackType', 'u8'],
    ['vlanId', 'u16'],
    ['ipNet', opt('net')],
    ['userTunnelEndpoint', 'bool'],
    ['interfaceCyoa', 'u8'],
    ['interfaceDia', 'u8'],
    ['bandwidth', 'u64'],
    ['cir', 'u64'],
    ['mtu', 'u16'],
    ['routingMode', 'u8'],
    ['useOnchainAllocation', 'bool'],
    ['topologyCount', 'u8'],
  ],
  UpdateDeviceInterface: [
    ['name', 'string'],
    ['loopbackType', opt('u8')],
    ['vlanId', opt('u16')],
    ['userTunnelEndpoint', opt('bool')],
    ['status', opt('u8')],
    ['ipNet', opt('net')],
    ['nodeSegmentIdx', opt('u16')],
    ['interfaceCyoa', opt('u8')],
    ['interfaceDia', opt('u8')],
    ['bandwidth', opt('u64')],
    ['cir', opt('u64')],
    ['mtu', opt('u16')],
    ['routingMode', opt('u8')],
    ['topologyCount', 'u8'],
    ['updateTopologies', 'bool'],
  ],
  DeleteDeviceInterface: [
    ['name', 'string'],
    ['useOnchainDeallocation', 'bool'],
  ],
  CreateLink: [
    ['code', 'string'],
    ['linkType', 'u8'],
    ['bandwidth', 'u64'],
    ['mtu', 'u32'],
    ['delayNs', 'u64'],
    ['jitterNs', 'u64'],
    ['sideAIfaceName', 'string'],
    ['sideZIfaceName', opt('string')],
    ['desiredStatus', opt('u8')],
    ['useOnchainAllocation', 'bool'],
  ],
  AcceptLink: [
    ['sideZIfaceName', 'string'],
    ['useOnchainAllocation', 'bool'],
  ],
  UpdateLink: [
    ['code', opt('string')],
    ['contributorPk', opt('pubkey')],
    ['tunnelType', opt('u8')],
    ['bandwidth', opt('u64')],
    ['mtu', opt('u32')],
    ['delayNs', opt('u64')],
    ['jitterNs', opt('u64')],
    ['status', opt('u8')],
    ['delayOverrideNs', opt('u64')],
    ['desiredStatus', opt('u8')],
    ['tunnelId', opt('u16')],
    ['tunnelNet', opt('net')],
    ['useOnchainAllocation', 'bool'],
    ['linkTopologies', opt({ vec: 'pubkey' })],
    ['unicastDrained', opt('bool')],
  ],
  DeleteLink: [['useOnchainDeallocation', 'bool']],
  SetLinkHealth: [['health', 'u8']],
};

/** Decodes, checks name/args/accounts, and re-encodes the decoded Args with borsh. */
function roundTrip(ix: TransactionInstruction, name: string, args: Record<string, unknown>, accounts: Record<string, unknown>): DecodedInstruction {
  const d = decodeInstruction(ix, { programId: PROGRAM_ID });
  expect(d.name).toBe(name);
  expect(d.tag).toBe(ix.data[0]);
  expect(plain(d.args)).toEqual(plain(args));
  expect(plain(d.accounts)).toEqual(plain(accounts));
  expect(d.defaultedFields).toEqual([]);
  expect(d.trailingBytes).toBe(0);
  expect(ix.data.toString('hex')).toBe(borshData(ix.data[0]!, LAYOUTS[name]!, d.args as unknown as Record<string, unknown>));
  return d;
}

/** Every round trip draws the payer and whether the Permission PDA is appended. */
interface Common {
  payer: PublicKey;
  permission: boolean;
}
/** fc.record of `fields` plus the payer and the appendPermission flag. */
function arbIx<R extends object>(fields: { [K in keyof R]: fc.Arbitrary<R[K]> }): fc.Arbitrary<R & Common> {
  return fc.record({ ...fields, payer: arbKey, permission: fc.boolean() }) as fc.Arbitrary<R & Common>;
}
/** The builder inputs every instruction takes. */
const base = (t: Common) => ({ programId: PROGRAM_ID, payer: t.payer, appendPermission: t.permission });
/** The accounts every decoded instruction ends with. */
const tail = (t: Common) => ({
  payer: t.payer,
  systemProgram: SYSTEM,
  ...(t.permission ? { permission: getPermissionPda(PROGRAM_ID, t.payer)[0] } : {}),
});

// ---------------------------------------------------------------------------------------------
// Arbitraries for valid inputs

const enumArb = <E extends number>(spec: EnumSpec<E>): fc.Arbitrary<E> => fc.constantFrom(...spec.values);
const optional = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null | undefined> =>
  fc.oneof({ weight: 2, arbitrary: a }, fc.constant(null), fc.constant(undefined));
/** An integer input given as number or bigint. */
const int = (min: number, max: number): fc.Arbitrary<number | bigint> =>
  fc.integer({ min, max }).chain((n) => fc.constantFrom<number | bigint>(n, BigInt(n)));
const u64 = (min: bigint, max: bigint): fc.Arbitrary<number | bigint> =>
  fc.bigInt({ min, max }).map((b) => (b <= BigInt(Number.MAX_SAFE_INTEGER) && b % 2n === 0n ? Number(b) : b));
const toNum = (v: number | bigint | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));
const toBig = (v: number | bigint | null | undefined): bigint | null => (v === null || v === undefined ? null : BigInt(v));
const orNull = <T>(v: T | null | undefined): T | null => (v === undefined ? null : v);

/** Codes: the program's charset incl. non-ASCII alphanumerics, at most 32 UTF-8 bytes. */
const CODE_CHARS = [...'abcdefxyzABCZ0189:_-', 'é', 'ж', 'ß', '٣', 'Ⅻ', '中', 'ǅ'];
const arbCode = fc.array(fc.constantFrom(...CODE_CHARS), { maxLength: 10 }).map((a) => a.join(''));

const GLOBAL_FIRST_OCTETS = [1, 2, 8, 9, 11, 45, 99, 101, 126, 128, 150, 168, 170, 171, 173, 191, 193, 197, 199, 202, 204, 223];
const byte = fc.integer({ min: 0, max: 255 });
const arbGlobalIp = fc
  .tuple(fc.constantFrom(...GLOBAL_FIRST_OCTETS), byte, byte, byte)
  .map((o) => o.join('.'));
/** A tunnel_net the program can allocate: a whole private network of 2 or more addresses. */
const arbTunnelNet = fc.tuple(byte, byte, fc.integer({ min: 16, max: 31 })).map(([a, b, n]) => {
  const v = ((172 << 24) | (16 << 16) | (a << 8) | b) >>> 0;
  const m = (v & ((0xffffffff << (32 - n)) >>> 0)) >>> 0;
  return `${m >>> 24}.${(m >>> 16) & 0xff}.${(m >>> 8) & 0xff}.${m & 0xff}/${n}`;
});

const arbPrivateNet = fc
  .tuple(fc.constantFrom('10', '172.16', '172.31', '192.168'), byte, byte, fc.integer({ min: 8, max: 32 }))
  .map(([p, a, b, n]) => (p.includes('.') ? `${p}.${a}.${b & 0xfe}/${n}` : `${p}.${a}.${b}.0/${n}`));

const num = fc.integer({ min: 0, max: 4000 });
const arbIfaceName = fc.oneof(
  fc.tuple(num, fc.option(num, { nil: undefined })).map(([a, b]) => `Ethernet${a}${b === undefined ? '' : `/${b}`}`),
  fc.tuple(num, num, num).map(([a, b, c]) => `Switch${a}/${b}/${c}`),
  num.map((a) => `Port-channel${a}`),
  num.map((a) => `Vlan${a}`),
  fc.tuple(num, num).map(([a, s]) => `Ethernet${a}.${s}`),
);
const arbLoopbackName = num.map((a) => `Loopback${a}`);
const arbTopologyNames = fc.uniqueArray(fc.stringMatching(/^[a-z0-9-]{1,12}$/), {
  maxLength: 6,
  selector: (s) => s.toUpperCase(),
});

// ---------------------------------------------------------------------------------------------

describe('build → decodeInstruction round trips (valid inputs, validation on)', () => {
  it('CreateDevice', () => {
    const arb = arbIx({
      keys: arbKeys(4),
      deviceIndex: fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }),
      deviceType: enumArb(DeviceTypeSpec),
      code: arbCode,
      mgmtVrf: arbCode,
      ipFirst: fc.constantFrom(...GLOBAL_FIRST_OCTETS),
      ipRest: fc.tuple(byte, byte, byte),
      prefixes: fc.array(fc.tuple(fc.constantFrom(...GLOBAL_FIRST_OCTETS), byte, fc.integer({ min: 8, max: 32 })), { minLength: 1, maxLength: 4 }),
      desiredStatus: optional(enumArb(DeviceDesiredStatusSpec)),
    });
    forAll(arb, (t) => {
      // Given a public IP whose first octet no prefix shares (so no prefix contains it)
      const publicIp = [t.ipFirst, ...t.ipRest].join('.');
      const dzPrefixes = t.prefixes.map(([a, b, n]) => `${a === t.ipFirst ? (a === 1 ? 2 : 1) : a}.${b}.0.0/${n}`);
      const [contributor, location, exchange, metrics] = t.keys as [PublicKey, PublicKey, PublicKey, PublicKey];
      const args = { code: t.code, deviceType: t.deviceType, publicIp, dzPrefixes, metricsPublisherPk: metrics, mgmtVrf: t.mgmtVrf, desiredStatus: t.desiredStatus };
      // When
      const ix = createCreateDeviceInstruction({
        ...base(t),
        contributor,
        location,
        exchange,
        deviceIndex: t.deviceIndex,
        args,
      });
      // Then
      const device = getDevicePda(PROGRAM_ID, t.deviceIndex)[0];
      roundTrip(
        ix,
        'CreateDevice',
        { ...args, desiredStatus: orNull(t.desiredStatus), resourceCount: 1 + dzPrefixes.length },
        {
          device,
          contributor,
          location,
          exchange,
          globalState: GS,
          globalConfig: GC,
          resources: [getTunnelIdsPda(PROGRAM_ID, device, 0)[0], ...dzPrefixes.map((_, i) => getDzPrefixBlockPda(PROGRAM_ID, device, i)[0])],
          ...tail(t),
        },
      );
    });
  });

  it('UpdateDevice', () => {
    const u16 = optional(int(0, 65535));
    const arb = arbIx({
      keys: arbKeys(4),
      moves: fc.boolean(),
      oldDzPrefixCount: fc.integer({ min: 0, max: 5 }),
      args: fc.record({
        code: optional(arbCode),
        deviceType: optional(enumArb(DeviceTypeSpec)),
        contributorPk: optional(arbKey),
        publicIp: optional(arbGlobalIp),
        dzPrefixes: optional(fc.array(arbGlobalIp.map((ip) => `${ip}/24`), { minLength: 1, maxLength: 4 })),
        metricsPublisherPk: optional(arbKey),
        mgmtVrf: optional(arbCode),
        maxUsers: u16,
        usersCount: u16,
        status: optional(enumArb(DeviceStatusSpec)),
        desiredStatus: optional(enumArb(DeviceDesiredStatusSpec)),
        referenceCount: optional(u64(0n, 0xffffffffn)),
        maxUnicastUsers: u16,
        maxMulticastSubscribers: u16,
        unicastUsersCount: u16,
        maxMulticastPublishers: u16,
        multicastSubscribersCount: u16,
        multicastPublishersCount: u16,
      }),
    });
    forAll(arb, (t) => {
      const [device, contributor, location, other] = t.keys as [PublicKey, PublicKey, PublicKey, PublicKey];
      const newLocation = t.moves ? other : location;
      const ix = createUpdateDeviceInstruction({
        ...base(t),
        device,
        currentContributor: contributor,
        currentLocation: location,
        newLocation,
        oldDzPrefixCount: t.oldDzPrefixCount,
        args: t.args,
      });
      const a = t.args;
      const max = a.dzPrefixes ? Math.max(t.oldDzPrefixCount, a.dzPrefixes.length) : -1;
      roundTrip(
        ix,
        'UpdateDevice',
        {
          code: orNull(a.code),
          deviceType: orNull(a.deviceType),
          contributorPk: orNull(a.contributorPk),
          publicIp: orNull(a.publicIp),
          dzPrefixes: orNull(a.dzPrefixes),
          metricsPublisherPk: orNull(a.metricsPublisherPk),
          mgmtVrf: orNull(a.mgmtVrf),
          maxUsers: toNum(a.maxUsers),
          usersCount: toNum(a.usersCount),
          status: orNull(a.status),
          desiredStatus: orNull(a.desiredStatus),
          resourceCount: BigInt(max + 1),
          referenceCount: toNum(a.referenceCount),
          maxUnicastUsers: toNum(a.maxUnicastUsers),
          maxMulticastSubscribers: toNum(a.maxMulticastSubscribers),
          unicastUsersCount: toNum(a.unicastUsersCount),
          maxMulticastPublishers: toNum(a.maxMulticastPublishers),
          multicastSubscribersCount: toNum(a.multicastSubscribersCount),
          multicastPublishersCount: toNum(a.multicastPublishersCount),
        },
        {
          device,
          contributor,
          currentLocation: location,
          newLocation,
          globalState: GS,
          ...(max >= 0 ? { globalConfig: GC } : {}),
          resources:
            max >= 0
              ? [getTunnelIdsPda(PROGRAM_ID, device, 0)[0], ...Array.from({ length: max }, (_, i) => getDzPrefixBlockPda(PROGRAM_ID, device, i)[0])]
              : [],
          ...tail(t),
        },
      );
    });
  });

  it('DeleteDevice (legacy and atomic)', () => {
    const arb = arbIx({
      keys: arbKeys(5),
      owners: fc.option(fc.array(arbKey, { minLength: 1, maxLength: 6 }), { nil: undefined }),
    });
    forAll(arb, (t) => {
      const [device, contributor, location, exchange, deviceOwner] = t.keys as PublicKey[] as [PublicKey, PublicKey, PublicKey, PublicKey, PublicKey];
      const resources = t.owners
        ? ({ kind: 'atomic', location, exchange, owners: t.owners, deviceOwner } as const)
        : ({ kind: 'legacy' } as const);
      const ix = createDeleteDeviceInstruction({ ...base(t), device, contributor, resources });
      const n = t.owners?.length ?? 0;
      const d = roundTrip(
        ix,
        'DeleteDevice',
        { resourceCount: n },
        {
          device,
          contributor,
          globalState: GS,
          ...(n ? { location, exchange } : {}),
          resources:
            n > 0
              ? [getTunnelIdsPda(PROGRAM_ID, device, 0)[0], ...Array.from({ length: n - 1 }, (_, i) => getDzPrefixBlockPda(PROGRAM_ID, device, i)[0])]
              : [],
          resourceOwners: t.owners ?? [],
          ...(n ? { deviceOwner } : {}),
          ...tail(t),
        },
      );
      expect(d.name === 'DeleteDevice' && d.form).toBe(n ? 'atomic' : 'legacy');
    });
  });

  it('SetDeviceHealth and SetLinkHealth', () => {
    const arb = arbIx({
      target: arbKey,
      deviceHealth: enumArb(DeviceHealthSpec),
      linkHealth: enumArb(LinkHealthSpec),
    });
    forAll(arb, (t) => {
      roundTrip(
        createSetDeviceHealthInstruction({ ...base(t), device: t.target, args: { health: t.deviceHealth } }),
        'SetDeviceHealth',
        { health: t.deviceHealth },
        { device: t.target, globalState: GS, ...tail(t) },
      );
      roundTrip(
        createSetLinkHealthInstruction({ ...base(t), link: t.target, args: { health: t.linkHealth } }),
        'SetLinkHealth',
        { health: t.linkHealth },
        { link: t.target, globalState: GS, ...tail(t) },
      );
    });
  });

  it('CreateDeviceInterface', () => {
    const arb = arbIx({
      keys: arbKeys(2),
      loopback: fc.boolean(),
      physicalName: arbIfaceName,
      loopbackName: arbLoopbackName,
      loopbackType: enumArb(LoopbackTypeSpec),
      cyoa: enumArb(InterfaceCYOASpec),
      dia: enumArb(InterfaceDIASpec),
      ute: fc.boolean(),
      withIp: fc.boolean(),
      ipNet: arbPrivateNet,
      vlanId: int(0, 4094),
      bandwidth: u64(1n, (1n << 64n) - 1n),
      cir: u64(0n, (1n << 64n) - 1n),
      routingMode: enumArb(RoutingModeSpec),
      topologyNames: arbTopologyNames,
    });
    forAll(arb, (t) => {
      const [device, contributor] = t.keys as [PublicKey, PublicKey];
      const cyoa = t.loopback ? InterfaceCYOA.None : t.cyoa;
      const edge = cyoa !== InterfaceCYOA.None || t.dia !== InterfaceDIA.None;
      const ipNet = cyoa !== InterfaceCYOA.None || ((edge || t.ute) && t.withIp) ? t.ipNet : null;
      const args = {
        name: t.loopback ? t.loopbackName : t.physicalName,
        loopbackType: t.loopbackType,
        vlanId: t.vlanId,
        ipNet,
        userTunnelEndpoint: t.ute,
        interfaceCyoa: cyoa,
        interfaceDia: t.dia,
        bandwidth: t.bandwidth,
        cir: t.cir,
        mtu: edge ? 1500 : 9000,
        routingMode: t.routingMode,
      };
      const ix = createCreateDeviceInterfaceInstruction({
        ...base(t),
        device,
        contributor,
        topologyNames: t.topologyNames,
        args,
      });
      const vpnv4 = t.loopbackType === LoopbackType.Vpnv4;
      roundTrip(
        ix,
        'CreateDeviceInterface',
        {
          ...args,
          vlanId: Number(args.vlanId),
          bandwidth: BigInt(args.bandwidth),
          cir: BigInt(args.cir),
          useOnchainAllocation: true,
          topologyCount: vpnv4 ? t.topologyNames.length : 0,
        },
        {
          device,
          contributor,
          globalState: GS,
          deviceTunnelBlock: DTB,
          segmentRoutingIds: SRIDS,
          topologies: vpnv4 ? t.topologyNames.map((n) => getTopologyPda(PROGRAM_ID, n)[0]) : [],
          ...tail(t),
        },
      );
    });
  });

  it('UpdateDeviceInterface', () => {
    const arb = arbIx({
      keys: arbKeys(2),
      name: fc.oneof(arbIfaceName, arbLoopbackName),
      loopbackType: optional(fc.constantFrom(LoopbackType.Vpnv4, LoopbackType.Ipv4, LoopbackType.PimRpAddr)),
      vlanId: optional(int(0, 4094)),
      ute: optional(fc.boolean()),
      status: optional(enumArb(InterfaceStatusSpec)),
      ipNet: optional(arbPrivateNet),
      nodeSegmentIdx: optional(int(0, 65535)),
      cyoa: optional(enumArb(InterfaceCYOASpec)),
      dia: optional(enumArb(InterfaceDIASpec)),
      bandwidth: optional(u64(1n, (1n << 64n) - 1n)),
      cir: optional(u64(0n, (1n << 64n) - 1n)),
      withMtu: fc.boolean(),
      otherMtu: fc.constantFrom(1500, 9000),
      routingMode: optional(enumArb(RoutingModeSpec)),
      topologyNames: optional(arbTopologyNames),
    });
    forAll(arb, (t) => {
      const [device, contributor] = t.keys as [PublicKey, PublicKey];
      const edge = (t.cyoa != null && t.cyoa !== InterfaceCYOA.None) || (t.dia != null && t.dia !== InterfaceDIA.None);
      const mtu = !t.withMtu ? null : edge ? 1500 : t.cyoa != null && t.dia != null ? 9000 : t.otherMtu;
      // ip_net given with CYOA, DIA and user_tunnel_endpoint all given and all unset is refused
      const ute = t.ipNet != null && !edge && t.cyoa != null && t.dia != null && t.ute === false ? true : t.ute;
      const args = {
        name: t.name,
        loopbackType: t.loopbackType,
        vlanId: t.vlanId,
        userTunnelEndpoint: ute,
        status: t.status,
        ipNet: t.ipNet,
        nodeSegmentIdx: t.nodeSegmentIdx,
        interfaceCyoa: t.cyoa,
        interfaceDia: t.dia,
        bandwidth: t.bandwidth,
        cir: t.cir,
        mtu,
        routingMode: t.routingMode,
      };
      const ix = createUpdateDeviceInterfaceInstruction({
        ...base(t),
        device,
        contributor,
        topologyNames: t.topologyNames,
        args,
      });
      const names = t.topologyNames ?? null;
      const seg = t.nodeSegmentIdx != null || names !== null;
      roundTrip(
        ix,
        'UpdateDeviceInterface',
        {
          name: t.name,
          loopbackType: orNull(t.loopbackType),
          vlanId: toNum(t.vlanId),
          userTunnelEndpoint: orNull(ute),
          status: orNull(t.status),
          ipNet: orNull(t.ipNet),
          nodeSegmentIdx: toNum(t.nodeSegmentIdx),
          interfaceCyoa: orNull(t.cyoa),
          interfaceDia: orNull(t.dia),
          bandwidth: toBig(t.bandwidth),
          cir: toBig(t.cir),
          mtu,
          routingMode: orNull(t.routingMode),
          topologyCount: names?.length ?? 0,
          updateTopologies: names !== null,
        },
        {
          device,
          contributor,
          globalState: GS,
          ...(seg ? { segmentRoutingIds: SRIDS } : {}),
          topologies: (names ?? []).map((n) => getTopologyPda(PROGRAM_ID, n)[0]),
          ...tail(t),
        },
      );
    });
  });

  it('DeleteDeviceInterface', () => {
    const arb = arbIx({ keys: arbKeys(2), name: fc.oneof(arbIfaceName, arbLoopbackName) });
    forAll(arb, (t) => {
      const [device, contributor] = t.keys as [PublicKey, PublicKey];
      const ix = createDeleteDeviceInterfaceInstruction({
        ...base(t),
        device,
        contributor,
        args: { name: t.name },
      });
      roundTrip(
        ix,
        'DeleteDeviceInterface',
        { name: t.name, useOnchainDeallocation: true },
        {
          device,
          contributor,
          globalState: GS,
          deviceTunnelBlock: DTB,
          segmentRoutingIds: SRIDS,
          ...tail(t),
        },
      );
    });
  });

  it('CreateLink', () => {
    const delay = u64(10_000n, 1_000_000_000n);
    const arb = arbIx({
      keys: arbKeys(3),
      linkIndex: fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }),
      code: arbCode,
      linkType: fc.constantFrom(LinkLinkType.WAN, LinkLinkType.DZX),
      bandwidth: u64(10_000_000_000n, 400_000_000_000n),
      mtu: fc.constantFrom<number | bigint>(9000, 9000n),
      delayNs: delay,
      jitterNs: delay,
      sideAIfaceName: arbIfaceName,
      sideZIfaceName: optional(arbIfaceName),
      desiredStatus: optional(enumArb(LinkDesiredStatusSpec)),
    });
    forAll(arb, (t) => {
      const [contributor, sideA, sideZ] = t.keys as [PublicKey, PublicKey, PublicKey];
      const sideZIfaceName = t.linkType === LinkLinkType.DZX ? null : t.sideZIfaceName;
      const args = {
        code: t.code,
        linkType: t.linkType,
        bandwidth: t.bandwidth,
        mtu: t.mtu,
        delayNs: t.delayNs,
        jitterNs: t.jitterNs,
        sideAIfaceName: t.sideAIfaceName,
        sideZIfaceName,
        desiredStatus: t.desiredStatus,
      };
      const ix = createCreateLinkInstruction({
        ...base(t),
        contributor,
        sideA,
        sideZ,
        linkIndex: t.linkIndex,
        args,
      });
      roundTrip(
        ix,
        'CreateLink',
        {
          ...args,
          bandwidth: BigInt(t.bandwidth),
          mtu: 9000,
          delayNs: BigInt(t.delayNs),
          jitterNs: BigInt(t.jitterNs),
          sideZIfaceName: orNull(sideZIfaceName),
          desiredStatus: orNull(t.desiredStatus),
          useOnchainAllocation: true,
        },
        {
          link: getLinkPda(PROGRAM_ID, t.linkIndex)[0],
          contributor,
          sideA,
          sideZ,
          globalState: GS,
          unicastDefaultTopology: UNICAST_DEFAULT,
          deviceTunnelBlock: DTB,
          linkIds: LIDS,
          ...tail(t),
        },
      );
    });
  });

  it('AcceptLink', () => {
    const arb = arbIx({ keys: arbKeys(4), name: arbIfaceName });
    forAll(arb, (t) => {
      const [link, contributor, sideZ, sideA] = t.keys as [PublicKey, PublicKey, PublicKey, PublicKey];
      const ix = createAcceptLinkInstruction({
        ...base(t),
        link,
        contributor,
        sideZ,
        sideA,
        args: { sideZIfaceName: t.name },
      });
      roundTrip(
        ix,
        'AcceptLink',
        { sideZIfaceName: t.name, useOnchainAllocation: true },
        {
          link,
          contributor,
          sideZ,
          globalState: GS,
          sideA,
          deviceTunnelBlock: DTB,
          linkIds: LIDS,
          ...tail(t),
        },
      );
    });
  });

  it('UpdateLink (both preambles, every optional section)', () => {
    const delay = u64(10_000n, 1_000_000_000n);
    const arb = arbIx({
      keys: arbKeys(4),
      sideZForm: fc.boolean(),
      topologies: fc.uniqueArray(arbKey, { maxLength: 8, selector: (k) => k.toBase58() }),
      extraUnion: fc.array(arbKey, { maxLength: 3 }),
      withTopologies: fc.boolean(),
      args: fc.record({
        code: optional(arbCode),
        contributorPk: optional(arbKey),
        tunnelType: optional(fc.constantFrom(LinkLinkType.WAN, LinkLinkType.DZX)),
        bandwidth: optional(u64(10_000_000_000n, 400_000_000_000n)),
        mtu: optional(fc.constant(9000)),
        delayNs: optional(delay),
        jitterNs: optional(delay),
        status: optional(enumArb(LinkStatusSpec)),
        delayOverrideNs: optional(fc.oneof(fc.constant(0), delay)),
        desiredStatus: optional(enumArb(LinkDesiredStatusSpec)),
        tunnelId: optional(int(0, 1024)),
        tunnelNet: optional(arbTunnelNet),
        unicastDrained: optional(fc.boolean()),
      }),
    });
    forAll(arb, (t) => {
      const [link, contributor, sideA, sideZ] = t.keys as [PublicKey, PublicKey, PublicKey, PublicKey];
      const authority: LinkUpdateAuthority = t.sideZForm ? { kind: 'sideZContributor', contributor } : { kind: 'contributor', contributor };
      const union = [...t.extraUnion, ...t.topologies];
      // In the side-Z form the program ignores the contributor's fields and refuses the privileged
      // ones (tunnel, topologies) and unicast_drained from side Z's contributor: the builder refuses them too.
      const own = t.sideZForm
        ? { code: null, tunnelType: null, bandwidth: null, mtu: null, delayNs: null, jitterNs: null, tunnelId: null, tunnelNet: null, unicastDrained: null }
        : {};
      const withTopologies = t.withTopologies && !t.sideZForm;
      const args = { ...t.args, ...own, linkTopologies: withTopologies ? t.topologies : null };
      const ix = createUpdateLinkInstruction({
        ...base(t),
        link,
        authority,
        sideA,
        sideZ,
        ...(withTopologies ? { topologyUnion: union } : {}),
        args,
      });
      const a = args;
      const net = a.tunnelNet != null;
      const tunnel = net || a.tunnelId != null;
      const d = roundTrip(
        ix,
        'UpdateLink',
        {
          code: orNull(a.code),
          contributorPk: orNull(a.contributorPk),
          tunnelType: orNull(a.tunnelType),
          bandwidth: toBig(a.bandwidth),
          mtu: toNum(a.mtu),
          delayNs: toBig(a.delayNs),
          jitterNs: toBig(a.jitterNs),
          status: orNull(a.status),
          delayOverrideNs: toBig(a.delayOverrideNs),
          desiredStatus: orNull(a.desiredStatus),
          tunnelId: toNum(a.tunnelId),
          tunnelNet: orNull(a.tunnelNet),
          useOnchainAllocation: tunnel,
          linkTopologies: withTopologies ? t.topologies : null,
          unicastDrained: orNull(a.unicastDrained),
        },
        {
          link,
          contributor,
          ...(t.sideZForm ? { preambleSideZ: sideZ } : {}),
          globalState: GS,
          ...(net ? { sideA, sideZ } : {}),
          ...(tunnel ? { deviceTunnelBlock: DTB, linkIds: LIDS } : {}),
          topologies: withTopologies ? union : [],
          ...tail(t),
        },
      );
      expect(d.name === 'UpdateLink' && plain(d.authority)).toEqual(plain(authority));
    });
  });

  it('DeleteLink', () => {
    const arb = arbIx({
      keys: arbKeys(5),
      topologies: fc.array(arbKey, { maxLength: 8 }),
    });
    forAll(arb, (t) => {
      const [link, contributor, sideA, sideZ, owner] = t.keys as [PublicKey, PublicKey, PublicKey, PublicKey, PublicKey];
      const ix = createDeleteLinkInstruction({
        ...base(t),
        link,
        contributor,
        sideA,
        sideZ,
        owner,
        linkTopologies: t.topologies,
      });
      roundTrip(
        ix,
        'DeleteLink',
        { useOnchainDeallocation: true },
        {
          link,
          contributor,
          globalState: GS,
          sideA,
          sideZ,
          deviceTunnelBlock: DTB,
          linkIds: LIDS,
          owner,
          topologies: t.topologies,
          ...tail(t),
        },
      );
    });
  });
});
