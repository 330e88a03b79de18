import { PublicKey } from '@solana/web3.js';
import bs58 from 'bs58';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AccountType,
  DEVICE_ACCOUNT_TYPE,
  DEVICE_OFFSETS,
  DEVICE_TRAILING_FIELDS,
  DecodeError,
  DeviceDesiredStatus,
  DeviceDesiredStatusSpec,
  DeviceHealth,
  DeviceHealthSpec,
  DeviceStatus,
  DeviceStatusSpec,
  DeviceType,
  DeviceTypeSpec,
  RAW_LAYOUT,
  WrongOwnerError,
  Writer,
  decodeDevice,
  decodeDeviceLegacyInterfaces,
  deviceFilter,
  deviceLegacyInterfaces,
  encodeDevice,
  layoutOf,
  type Device,
  type DeviceLayout,
  type Interface,
} from '../../src/index.js';
import { concat } from '../helpers/codecSuite.js';
import { fixtureBytes, fixtureJson, type FixtureField } from '../helpers/fixtures.js';
import {
  ETHERNET1,
  LOOPBACK0,
  SEG300,
  TOPOLOGY,
  bodyBoundaries,
  catchError,
  declaredFields,
  expectDecodeError,
  expectEncodeError,
  key,
  legacyBytes,
  net,
  segment,
  sizedBytes,
  u16,
  u8,
  type Fields,
} from '../helpers/interfaceRecords.js';

// ---------------------------------------------------------------------------------------------
// Helpers (the hand-written interface records are in test/helpers/interfaceRecords.ts)

const FIXTURE = fixtureBytes('device');

/** Deep copy with every PublicKey as its base58 text, for structural comparison. */
function norm(x: unknown): unknown {
  if (x instanceof PublicKey) return `pk:${x.toBase58()}`;
  if (Array.isArray(x)) return x.map(norm);
  if (x !== null && typeof x === 'object' && !(x instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(x)) out[k] = norm((x as Record<string, unknown>)[k]);
    return out;
  }
  return x;
}

/** The counter block after deprecated_interfaces, in wire order, with the fixture's values. */
const COUNTERS = [
  { field: 'reference_count', key: 'referenceCount', width: 4, value: 12, dflt: 0 },
  { field: 'users_count', key: 'usersCount', width: 2, value: 5, dflt: 0 },
  { field: 'max_users', key: 'maxUsers', width: 2, value: 100, dflt: 0 },
  { field: 'device_health', key: 'deviceHealth', width: 1, value: 3, dflt: DeviceHealth.Pending },
  { field: 'desired_status', key: 'desiredStatus', width: 1, value: 1, dflt: DeviceDesiredStatus.Pending },
  { field: 'unicast_users_count', key: 'unicastUsersCount', width: 2, value: 3, dflt: 0 },
  { field: 'multicast_subscribers_count', key: 'multicastSubscribersCount', width: 2, value: 2, dflt: 0 },
  { field: 'max_unicast_users', key: 'maxUnicastUsers', width: 2, value: 50, dflt: 0 },
  { field: 'max_multicast_subscribers', key: 'maxMulticastSubscribers', width: 2, value: 50, dflt: 0 },
  { field: 'reserved_seats', key: 'reservedSeats', width: 2, value: 3, dflt: 0 },
  { field: 'multicast_publishers_count', key: 'multicastPublishersCount', width: 2, value: 1, dflt: 0 },
  { field: 'max_multicast_publishers', key: 'maxMulticastPublishers', width: 2, value: 10, dflt: 0 },
] as const;

interface Shape {
  /** mgmt_vrf; null = absent (and everything after). */
  mgmtVrf?: string | null;
  /** Legacy elements; null = absent (and everything after). */
  legacy?: Uint8Array[] | null;
  legacyCount?: number;
  /** How many counters are present (0..12); fewer than 12 means nothing follows. */
  counters?: number;
  counterValues?: number[];
  /** Trailing elements; null = absent. */
  trailing?: Uint8Array[] | null;
  trailingCount?: number;
  /** Bytes after everything. */
  tail?: Uint8Array;
}

/** Bytes 0..200 of the fixture: account_type through contributor_pk (c = 3, p = 1). */
const HEAD = FIXTURE.slice(0, 200);

function buildDevice(s: Shape): Uint8Array {
  const w = new Writer('test', 1024);
  w.bytes(HEAD);
  done: {
    if (s.mgmtVrf === null) break done;
    w.string(s.mgmtVrf ?? 'mgmt', 'vrf');
    if (s.legacy === null) break done;
    const legacy = s.legacy ?? [];
    w.u32(s.legacyCount ?? legacy.length, 'n');
    for (const el of legacy) w.bytes(el);
    const nCounters = s.counters ?? 12;
    for (let i = 0; i < nCounters; i++) {
      const c = COUNTERS[i]!;
      const v = s.counterValues?.[i] ?? c.value;
      if (c.width === 4) w.u32(v, c.field);
      else if (c.width === 2) w.u16(v, c.field);
      else w.u8(v, c.field);
    }
    if (nCounters < 12 || s.trailing === null || s.trailing === undefined) break done;
    w.u32(s.trailingCount ?? s.trailing.length, 'k');
    for (const el of s.trailing) w.bytes(el);
  }
  if (s.tail) w.bytes(s.tail);
  return w.finish();
}

/** The fixture's interfaces as Interface values. */
const FIX_IF0: Interface = { size: 88, version: 4, ...LOOPBACK0, flexAlgoNodeSegments: [SEG300] };
const FIX_IF1: Interface = { size: 54, version: 4, ...ETHERNET1, flexAlgoNodeSegments: [] };
/** What the program rebuilds from a V2 legacy record (size 45 + N, version 4, no segments). */
const rebuilt = (f: Fields, over: Partial<Interface> = {}): Interface => ({
  size: 45 + new TextEncoder().encode(f.name).length,
  version: 4,
  ...f,
  flexAlgoNodeSegments: [],
  ...over,
});
/** V1 promotion: cyoa/dia none, bandwidth/cir 0, mtu 9000, routing static. */
const promoted = (f: Fields): Fields => ({ ...f, interfaceCyoa: 0, interfaceDia: 0, bandwidth: 0n, cir: 0n, mtu: 9000, routingMode: 0 });

function roundTrips(bytes: Uint8Array): Device {
  const d = decodeDevice(bytes);
  expect(encodeDevice(d)).toEqual(bytes);
  return d;
}

// ---------------------------------------------------------------------------------------------
// Golden fixture

function stringOf(v: unknown): string {
  if (v instanceof PublicKey) return v.toBase58();
  return String(v);
}
function expectType(v: unknown, f: FixtureField): void {
  const want =
    f.typ === 'pubkey' ? 'PublicKey' : f.typ === 'u64' || f.typ === 'u128' ? 'bigint' : f.typ === 'bool' ? 'boolean' : f.typ === 'string' || f.typ === 'ipv4' || f.typ === 'networkv4' ? 'string' : 'number';
  const got = v instanceof PublicKey ? 'PublicKey' : typeof v;
  expect(got, `${f.name} type`).toBe(want);
}
const camel = (s: string): string => {
  const renames: Record<string, string> = { InterfaceCYOA: 'interfaceCyoa', InterfaceDIA: 'interfaceDia' };
  return renames[s] ?? s[0]!.toLowerCase() + s.slice(1);
};
function lookup(d: Device, legacy: ReturnType<typeof decodeDeviceLegacyInterfaces>, name: string): unknown {
  let m: RegExpExecArray | null;
  const own = (o: object, k: string): unknown => {
    if (!Object.prototype.hasOwnProperty.call(o, k)) throw new Error(`fixture field ${name} has no counterpart (${k})`);
    return (o as Record<string, unknown>)[k];
  };
  if (name === 'DzPrefixesLen') return d.dzPrefixes.length;
  if ((m = /^DzPrefixes(\d+)$/.exec(name))) return d.dzPrefixes[Number(m[1])];
  if (name === 'InterfacesLen') return legacy.length;
  if ((m = /^Interface(\d+)Version$/.exec(name))) return legacy[Number(m[1])]!.tag;
  if ((m = /^Interface(\d+)(\w+)$/.exec(name))) return own(legacy[Number(m[1])]!, camel(m[2]!));
  if (name === 'NewInterfacesLen') return d.interfaces.length;
  if ((m = /^NewInterface(\d+)FlexAlgoNodeSegmentsLen$/.exec(name))) return d.interfaces[Number(m[1])]!.flexAlgoNodeSegments.length;
  if ((m = /^NewInterface(\d+)FlexAlgoNodeSegments(\d+)(\w+)$/.exec(name))) {
    return own(d.interfaces[Number(m[1])]!.flexAlgoNodeSegments[Number(m[2])]!, camel(m[3]!));
  }
  if ((m = /^NewInterface(\d+)(\w+)$/.exec(name))) return own(d.interfaces[Number(m[1])]!, camel(m[2]!));
  return own(d, camel(name));
}

describe('Device fixture (device.bin / device.json)', () => {
  it('decodes to exactly every field of device.json (none skipped)', () => {
    // Given
    const json = fixtureJson('device');
    // When
    const d = decodeDevice(FIXTURE);
    const legacy = decodeDeviceLegacyInterfaces(FIXTURE);
    // Then
    expect(json.account_type).toBe(DEVICE_ACCOUNT_TYPE);
    let checked = 0;
    for (const f of json.fields) {
      const v = lookup(d, legacy, f.name);
      expectType(v, f);
      expect(stringOf(v), f.name).toBe(f.value);
      checked++;
    }
    expect(checked).toBe(json.fields.length);
    expect(checked).toBe(95);
  });

  it('decodes to the full expected value (nothing extra)', () => {
    // When
    const d = decodeDevice(FIXTURE);
    // Then
    expect(norm(d)).toEqual(
      norm({
        accountType: AccountType.Device,
        owner: new PublicKey('5Jq6NhSQCWgh9GhMZJ3aJJhdZdALBoX2NWjqDUrh8VK5'),
        index: 7n,
        bumpSeed: 250,
        locationPk: new PublicKey('5NjW2CAV6MBQYxpL4oK2CESrpdj6tkcvxP3iigAgrHyR'),
        exchangePk: new PublicKey('5SdufgtZzBg7xewJaJaU6AC65eHsbhiqYFMcDsUga6dm'),
        deviceType: DeviceType.Edge,
        publicIp: '203.0.113.1',
        status: DeviceStatus.Activated,
        code: 'dz1',
        dzPrefixes: ['10.10.0.0/24'],
        metricsPublisherPk: new PublicKey('5WYKKBcet2AqNM4H5oquz5wKLereJepk87fVj4ngHuJ7'),
        contributorPk: new PublicKey('5aSixgLjmrfYn3BFbK7Mt1gYbfRR1bvehyyPEG6g1hxT'),
        mgmtVrf: 'mgmt',
        referenceCount: 12,
        usersCount: 5,
        maxUsers: 100,
        deviceHealth: DeviceHealth.ReadyForUsers,
        desiredStatus: DeviceDesiredStatus.Activated,
        unicastUsersCount: 3,
        multicastSubscribersCount: 2,
        maxUnicastUsers: 50,
        maxMulticastSubscribers: 50,
        reservedSeats: 3,
        multicastPublishersCount: 1,
        maxMulticastPublishers: 10,
        interfaces: [FIX_IF0, FIX_IF1],
      }),
    );
  });

  it('re-encodes byte for byte; it is in the current format, so it carries no layout marker and a spread copy encodes the same', () => {
    // When
    const d = decodeDevice(FIXTURE);
    // Then
    expect(encodeDevice(d)).toEqual(FIXTURE);
    expect(layoutOf(d)).toBeUndefined();
    expect(encodeDevice({ ...d, interfaces: d.interfaces.map((i) => ({ ...i })) })).toEqual(FIXTURE);
  });

  it('accepts web3.js AccountInfo and checks the owner when the program id is given', () => {
    // Given
    const programId = new PublicKey('ser2VaTMAcYTaauMrTSfSrxBaUDq7BLNs2xfUugTAGv');
    const other = new PublicKey('11111111111111111111111111111111');
    // When / Then
    expect(decodeDevice({ data: FIXTURE, owner: programId }, { programId }).code).toBe('dz1');
    expect(() => decodeDevice({ data: FIXTURE, owner: other }, { programId })).toThrow(WrongOwnerError);
  });

  it('the hand-written builder reproduces the fixture (builder sanity check)', () => {
    expect(
      buildDevice({
        legacy: [legacyBytes(1, LOOPBACK0), legacyBytes(1, ETHERNET1)],
        trailing: [sizedBytes(LOOPBACK0, [SEG300]), sizedBytes(ETHERNET1)],
      }),
    ).toEqual(FIXTURE);
  });

  it('deviceFilter selects byte 0 = 5; offsets of the fixed fields match the fixture', () => {
    // Then
    expect(deviceFilter()).toEqual({ memcmp: { offset: 0, bytes: bs58.encode(Uint8Array.of(5)) } });
    const d = decodeDevice(FIXTURE);
    expect(FIXTURE.slice(DEVICE_OFFSETS.owner, DEVICE_OFFSETS.owner + 32)).toEqual(d.owner.toBytes());
    expect(FIXTURE.slice(DEVICE_OFFSETS.locationPk, DEVICE_OFFSETS.locationPk + 32)).toEqual(d.locationPk.toBytes());
    expect(FIXTURE.slice(DEVICE_OFFSETS.exchangePk, DEVICE_OFFSETS.exchangePk + 32)).toEqual(d.exchangePk.toBytes());
    expect(FIXTURE[DEVICE_OFFSETS.index]).toBe(7);
    expect(FIXTURE[DEVICE_OFFSETS.bumpSeed]).toBe(250);
    expect(FIXTURE[DEVICE_OFFSETS.deviceType]).toBe(2);
    expect([...FIXTURE.slice(DEVICE_OFFSETS.publicIp, DEVICE_OFFSETS.publicIp + 4)]).toEqual([203, 0, 113, 1]);
    expect(FIXTURE[DEVICE_OFFSETS.status]).toBe(1);
    expect(FIXTURE[DEVICE_OFFSETS.code]).toBe(3);
  });

  it('deviceLegacyInterfaces gives the tag-1 projection for a current-format device', () => {
    // When
    const d = decodeDevice(FIXTURE);
    // Then
    expect(deviceLegacyInterfaces(d)).toEqual(decodeDeviceLegacyInterfaces(FIXTURE));
  });
});

// ---------------------------------------------------------------------------------------------

describe('legacy shapes (hand-built from the spec tables)', () => {
  it('device_legacy shape: V1 + V2 legacy records, no trailing vector → interfaces rebuilt (V1 mtu 9000, size 45 + N)', () => {
    // Given tags 0 (V1, 27 bytes at 212) and 1 (V2, 48 bytes at 239)
    const bytes = buildDevice({ legacy: [legacyBytes(0, LOOPBACK0), legacyBytes(1, ETHERNET1)], trailing: null });
    // When
    const d = roundTrips(bytes);
    const legacy = decodeDeviceLegacyInterfaces(bytes);
    // Then
    expect(bytes[212]).toBe(0);
    expect(bytes[239]).toBe(1);
    expect(bytes.length).toBe(212 + 27 + 48 + 24);
    expect(legacy.map((l) => l.tag)).toEqual([0, 1]);
    expect(d.interfaces).toEqual([rebuilt(promoted(LOOPBACK0)), rebuilt(ETHERNET1)]);
    expect(d.interfaces.map((i) => i.size)).toEqual([54, 54]);
    expect(d.interfaces[0]!.mtu).toBe(9000);
    expect(layoutOf<DeviceLayout>(d)).toMatchObject({ trailing: 14, fromTrailing: false });
    expect(deviceLegacyInterfaces(d)).toEqual(legacy);
  });

  it('a V1 record promotes with mtu 9000 even when the V1 bytes came from an interface with another mtu', () => {
    // Given
    const bytes = buildDevice({ legacy: [legacyBytes(0, { ...ETHERNET1, mtu: 1500 })], trailing: null });
    // When
    const d = roundTrips(bytes);
    // Then
    expect(d.interfaces).toEqual([rebuilt(promoted(ETHERNET1))]);
  });

  it('a trailing vector with count 0 → rebuilt from the legacy records (the program falls back), re-encoded with count 0', () => {
    // Given
    const bytes = buildDevice({ legacy: [legacyBytes(0, LOOPBACK0), legacyBytes(1, ETHERNET1)], trailing: [] });
    // When
    const d = roundTrips(bytes);
    // Then
    expect(bytes.length).toBe(212 + 27 + 48 + 24 + 4);
    expect(d.interfaces).toEqual([rebuilt(promoted(LOOPBACK0)), rebuilt(ETHERNET1)]);
    expect(layoutOf<DeviceLayout>(d)).toMatchObject({ trailing: 15, fromTrailing: false });
  });

  it('no interfaces at all with trailing count 0 is the current format (no marker)', () => {
    // Given
    const bytes = buildDevice({ legacy: [], trailing: [] });
    // When
    const d = roundTrips(bytes);
    // Then
    expect(d.interfaces).toEqual([]);
    expect(layoutOf(d)).toBeUndefined();
  });

  it('a historical V3 legacy record (tag 3 + segments) does not misalign the account', () => {
    // Given V3 with two segments, then V2, then the counter block and no trailing vector
    const segs = [SEG300, { topology: PublicKey.default, nodeSegmentIdx: 7 }];
    const bytes = buildDevice({ legacy: [legacyBytes(3, LOOPBACK0, segs), legacyBytes(1, ETHERNET1)], trailing: null });
    // When
    const d = roundTrips(bytes);
    const legacy = decodeDeviceLegacyInterfaces(bytes);
    // Then: the segments are consumed and dropped from the rebuild, as the program does
    expect(legacy[0]!.flexAlgoNodeSegments).toEqual(segs);
    expect(d.interfaces).toEqual([rebuilt(LOOPBACK0), rebuilt(ETHERNET1)]);
    expect(d.maxMulticastPublishers).toBe(10);
    expect(d.referenceCount).toBe(12);
  });

  it('a V3 legacy record next to a trailing vector: the trailing records win and everything re-encodes', () => {
    // Given
    const bytes = buildDevice({
      legacy: [legacyBytes(3, LOOPBACK0, [SEG300]), legacyBytes(1, ETHERNET1)],
      trailing: [sizedBytes(LOOPBACK0, [SEG300]), sizedBytes(ETHERNET1)],
    });
    // When
    const d = roundTrips(bytes);
    // Then
    expect(d.interfaces).toEqual([FIX_IF0, FIX_IF1]);
    expect(layoutOf(d)).toBeDefined();
  });

  it.each([4, 9, 255])('a legacy tag %i is the tag byte only and rebuilds to the program default V2', (tag) => {
    // Given
    const bytes = buildDevice({ legacy: [legacyBytes(tag, LOOPBACK0), legacyBytes(1, ETHERNET1)], trailing: null });
    // When
    const d = roundTrips(bytes);
    // Then
    expect(bytes.length).toBe(212 + 1 + 48 + 24);
    expect(d.interfaces).toEqual([
      {
        size: 45,
        version: 4,
        status: 2,
        name: '',
        interfaceType: 0,
        interfaceCyoa: 0,
        interfaceDia: 0,
        loopbackType: 0,
        bandwidth: 0n,
        cir: 0n,
        mtu: 9000,
        routingMode: 0,
        vlanId: 0,
        ipNet: '0.0.0.0/0',
        nodeSegmentIdx: 0,
        userTunnelEndpoint: false,
        flexAlgoNodeSegments: [],
      },
      rebuilt(ETHERNET1),
    ]);
  });

  it('a legacy tag 2 (reserved) reads like tag 1 and is kept', () => {
    // Given
    const bytes = buildDevice({ legacy: [legacyBytes(2, ETHERNET1)], trailing: null });
    // When
    const d = roundTrips(bytes);
    // Then
    expect(d.interfaces).toEqual([rebuilt(ETHERNET1)]);
    expect(deviceLegacyInterfaces(d)[0]!.tag).toBe(2);
  });

  it('truncated after contributor_pk (pre-metadata device): every later field takes its default', () => {
    // Given
    const bytes = buildDevice({ mgmtVrf: null });
    // When
    const d = roundTrips(bytes);
    // Then
    expect(bytes.length).toBe(200);
    expect(d).toMatchObject({
      mgmtVrf: '',
      interfaces: [],
      referenceCount: 0,
      usersCount: 0,
      maxUsers: 0,
      deviceHealth: DeviceHealth.Pending,
      desiredStatus: DeviceDesiredStatus.Pending,
      unicastUsersCount: 0,
      multicastSubscribersCount: 0,
      maxUnicastUsers: 0,
      maxMulticastSubscribers: 0,
      reservedSeats: 0,
      multicastPublishersCount: 0,
      maxMulticastPublishers: 0,
    });
    expect(decodeDeviceLegacyInterfaces(bytes)).toEqual([]);
    expect(layoutOf<DeviceLayout>(d)?.trailing).toBe(0);
  });

  it('truncated after max_users with three V1 records (the 314-byte-style real-data shape)', () => {
    // Given
    const third = { ...LOOPBACK0, name: 'Loopback1', nodeSegmentIdx: 101 };
    const bytes = buildDevice({ legacy: [legacyBytes(0, LOOPBACK0), legacyBytes(0, ETHERNET1), legacyBytes(0, third)], counters: 3 });
    // When
    const d = roundTrips(bytes);
    // Then
    expect(d.interfaces).toEqual([rebuilt(promoted(LOOPBACK0)), rebuilt(promoted(ETHERNET1)), rebuilt(promoted(third))]);
    expect(d).toMatchObject({ referenceCount: 12, usersCount: 5, maxUsers: 100, deviceHealth: DeviceHealth.Pending, desiredStatus: DeviceDesiredStatus.Pending, maxMulticastPublishers: 0 });
    expect(layoutOf<DeviceLayout>(d)?.trailing).toBe(5);
  });

  it('truncated after max_multicast_publishers (before the trailing vector existed)', () => {
    // Given
    const bytes = buildDevice({ legacy: [legacyBytes(1, LOOPBACK0), legacyBytes(1, ETHERNET1)], trailing: null });
    // When
    const d = roundTrips(bytes);
    // Then
    expect(d.interfaces).toEqual([rebuilt(LOOPBACK0), rebuilt(ETHERNET1)]);
    expect(d.maxMulticastPublishers).toBe(10);
    expect(layoutOf<DeviceLayout>(d)?.trailing).toBe(14);
  });

  it('future-version shape: the last trailing record re-stamped version 5, size 62, plus 8 ab bytes', () => {
    // Given device.bin with record 1 (at 424) re-stamped and extended
    const bytes = concat(FIXTURE, new Uint8Array(8).fill(0xab));
    bytes[424] = 62;
    bytes[425] = 0;
    bytes[426] = 5;
    // When
    const d = roundTrips(bytes);
    // Then: same interface values, the extras skipped, decoding ends exactly at the end
    expect(bytes.length).toBe(486);
    expect(d.interfaces).toEqual([FIX_IF0, { ...FIX_IF1, size: 62, version: 5 }]);
    expect(layoutOf<DeviceLayout>(d)?.extra).toEqual(new Uint8Array(0));
    const { interfaces: _a, ...rest } = d;
    const { interfaces: _b, ...fixtureRest } = decodeDevice(FIXTURE);
    expect(norm(rest)).toEqual(norm(fixtureRest));
    // A spread copy is written as the current program writes it: version 4, no extras.
    expect(encodeDevice({ ...d, interfaces: d.interfaces.map((i) => ({ ...i })) })).toEqual(FIXTURE);
  });

  it('bytes after the last known field are ignored (a newer program wrote them) and kept for re-encoding', () => {
    // Given
    const bytes = concat(FIXTURE, Uint8Array.of(1, 2, 3, 4, 5));
    // When
    const d = roundTrips(bytes);
    // Then
    expect(norm(d)).toEqual(norm(decodeDevice(FIXTURE)));
    expect(layoutOf<DeviceLayout>(d)?.extra).toEqual(Uint8Array.of(1, 2, 3, 4, 5));
    expect(encodeDevice({ ...d })).toEqual(FIXTURE);
  });

  it('a short trailing record body re-encodes exactly and its missing fields take the size-prefixed record defaults (mtu 0)', () => {
    // Given Ethernet1's trailing body cut after loopback_type (status, name, type, cyoa, dia, loopback)
    const bytes = buildDevice({ legacy: [legacyBytes(1, ETHERNET1)], trailing: [sizedBytes(ETHERNET1, [], { cut: 18 })] });
    // When
    const d = roundTrips(bytes);
    // Then
    expect(d.interfaces[0]).toEqual({ ...rebuilt(ETHERNET1), size: 21, bandwidth: 0n, cir: 0n, mtu: 0, routingMode: 0, vlanId: 0, ipNet: '0.0.0.0/0', nodeSegmentIdx: 0, userTunnelEndpoint: false });
  });

  it('legacy records that differ from the trailing records are kept as stored', () => {
    // Given a V1 legacy record paired with a trailing record of other values
    const bytes = buildDevice({ legacy: [legacyBytes(0, LOOPBACK0)], trailing: [sizedBytes({ ...LOOPBACK0, mtu: 1500, name: 'Loopback9' })] });
    // When
    const d = roundTrips(bytes);
    // Then
    expect(d.interfaces[0]!.name).toBe('Loopback9');
    expect(decodeDeviceLegacyInterfaces(bytes)[0]!.name).toBe('Loopback0');
  });

  it('an undeclared enum byte in a Device field is kept as the raw number; its label says unknown; encode refuses it', () => {
    // Given status 2 (removed Suspended), device_type 9, device_health 200, desired_status 3
    const bytes = FIXTURE.slice();
    bytes[119] = 2;
    bytes[114] = 9;
    bytes[316] = 200;
    bytes[317] = 3;
    // When
    const d = decodeDevice(bytes);
    // Then
    expect([d.status, d.deviceType, d.deviceHealth, d.desiredStatus]).toEqual([2, 9, 200, 3]);
    expect(DeviceStatusSpec.label(d.status)).toBe('unknown (2)');
    expect(DeviceTypeSpec.label(d.deviceType)).toBe('unknown (9)');
    expect(DeviceHealthSpec.label(d.deviceHealth)).toBe('unknown (200)');
    expect(DeviceDesiredStatusSpec.label(d.desiredStatus)).toBe('unknown (3)');
    expectEncodeError(() => encodeDevice(d), 'device_type', /not a declared DeviceType/);
    expectEncodeError(() => encodeDevice({ ...d, deviceType: 2 }), 'status', /DeviceStatus/);
    expectEncodeError(() => encodeDevice({ ...d, deviceType: 2, status: 1 }), 'device_health', /DeviceHealth/);
    expectEncodeError(() => encodeDevice({ ...d, deviceType: 2, status: 1, deviceHealth: 3 }), 'desired_status', /DeviceDesiredStatus/);
  });
});

// ---------------------------------------------------------------------------------------------

describe('truncation tables', () => {
  /** Fixed fields (docs/wire-format.md#device) with their start offsets in device.bin; 200 is the end of contributor_pk. */
  const FIXED: [string, number][] = [
    ['owner', 1],
    ['index', 33],
    ['bump_seed', 49],
    ['location_pk', 50],
    ['exchange_pk', 82],
    ['device_type', 114],
    ['public_ip', 115],
    ['status', 119],
    ['code', 120],
    ['dz_prefixes', 127],
    ['metrics_publisher_pk', 136],
    ['contributor_pk', 168],
  ];

  it('a non-trailing field missing or cut at any byte is a DecodeError naming it at its start offset', () => {
    for (let i = 0; i < FIXED.length; i++) {
      const [field, start] = FIXED[i]!;
      const next = i + 1 < FIXED.length ? FIXED[i + 1]![1] : 200;
      for (let cut = start; cut < next; cut++) {
        // When / Then
        expectDecodeError(() => decodeDevice(FIXTURE.slice(0, cut)), field, start);
      }
    }
  });

  it('empty data and a wrong account-type byte are DecodeErrors on account_type at 0', () => {
    // Given
    const link = FIXTURE.slice();
    link[0] = AccountType.Link;
    // When / Then
    expectDecodeError(() => decodeDevice(new Uint8Array(0)), 'account_type', 0, /no data/);
    expectDecodeError(() => decodeDevice(link), 'account_type', 0, /expected 5/);
    expectDecodeError(() => decodeDevice(Uint8Array.of(0)), 'account_type', 0);
  });

  /** Trailing fields in device.bin: [field, start, end]. */
  const TRAILING: [string, number, number][] = [
    ['mgmt_vrf', 200, 208],
    ['deprecated_interfaces', 208, 308],
    ['reference_count', 308, 312],
    ['users_count', 312, 314],
    ['max_users', 314, 316],
    ['device_health', 316, 317],
    ['desired_status', 317, 318],
    ['unicast_users_count', 318, 320],
    ['multicast_subscribers_count', 320, 322],
    ['max_unicast_users', 322, 324],
    ['max_multicast_subscribers', 324, 326],
    ['reserved_seats', 326, 328],
    ['multicast_publishers_count', 328, 330],
    ['max_multicast_publishers', 330, 332],
    ['interfaces', 332, 478],
  ];

  it('the trailing field table is DEVICE_TRAILING_FIELDS', () => {
    expect(TRAILING.map(([f]) => f)).toEqual([...DEVICE_TRAILING_FIELDS]);
  });

  it('cut at every trailing field boundary: decodes, earlier fields kept, later ones default, and re-encodes exactly', () => {
    const full = decodeDevice(FIXTURE) as unknown as Record<string, unknown>;
    const defaults: Record<string, unknown> = { mgmtVrf: '', interfaces: [] };
    for (const c of COUNTERS) defaults[c.key] = c.dflt;
    const keyOf: Record<string, string> = { mgmt_vrf: 'mgmtVrf' };
    for (const c of COUNTERS) keyOf[c.field] = c.key;
    for (let k = 0; k < TRAILING.length; k++) {
      // Given the fixture cut where trailing field k starts
      const cut = TRAILING[k]![1];
      const bytes = FIXTURE.slice(0, cut);
      // When
      const d = roundTrips(bytes) as unknown as Record<string, unknown>;
      // Then
      expect(layoutOf<DeviceLayout>(d)?.trailing).toBe(k);
      for (let j = 0; j < TRAILING.length; j++) {
        const field = TRAILING[j]![0];
        if (field === 'deprecated_interfaces' || field === 'interfaces') continue;
        const key = keyOf[field]!;
        expect(d[key], `${field} with ${k} trailing field(s)`).toEqual(j < k ? full[key] : defaults[key]);
      }
      // interfaces: none before the legacy vector, else rebuilt from the two V2 legacy records
      expect(d.interfaces).toEqual(k < 2 ? [] : [rebuilt(LOOPBACK0), rebuilt(ETHERNET1)]);
    }
  });

  it('cut anywhere inside a trailing field: it and every later one default, the cut bytes are kept and re-encoded', () => {
    const full = decodeDevice(FIXTURE) as unknown as Record<string, unknown>;
    const defaults: Record<string, unknown> = { mgmtVrf: '' };
    for (const c of COUNTERS) defaults[c.key] = c.dflt;
    const keyOf: Record<string, string> = { mgmt_vrf: 'mgmtVrf' };
    for (const c of COUNTERS) keyOf[c.field] = c.key;
    for (let k = 0; k < TRAILING.length; k++) {
      const [field, start, end] = TRAILING[k]!;
      for (let cut = start + 1; cut < end; cut++) {
        // Given the fixture cut inside trailing field k
        const bytes = FIXTURE.slice(0, cut);
        // When decoded (and re-encoded: the exact bytes come back)
        const d = roundTrips(bytes) as unknown as Record<string, unknown>;
        // Then the fields before it are kept, it and the later ones take their defaults
        const layout = layoutOf<DeviceLayout>(d as unknown as Device)!;
        expect([field, cut, layout.trailing, layout.extra]).toEqual([field, cut, k, FIXTURE.slice(start, cut)]);
        for (let j = 0; j < TRAILING.length; j++) {
          const f = TRAILING[j]![0];
          if (f === 'deprecated_interfaces' || f === 'interfaces') continue;
          expect(d[keyOf[f]!], `${f} with a cut at ${cut}`).toEqual(j < k ? full[keyOf[f]!] : defaults[keyOf[f]!]);
        }
        // interfaces: none without the legacy vector, else rebuilt from the two V2 legacy records
        expect([cut, d.interfaces]).toEqual([cut, k < 2 ? [] : [rebuilt(LOOPBACK0), rebuilt(ETHERNET1)]]);
        expect(deviceLegacyInterfaces(d as unknown as Device)).toHaveLength(k < 2 ? 0 : 2);
      }
    }
  });

  it('the second legacy record cut, the trailing count cut, a trailing record cut: absent vectors (exact spots)', () => {
    // second legacy record missing or cut → deprecated_interfaces absent (and everything after it)
    for (const n of [260, 270, 307]) expect([n, layoutOf<DeviceLayout>(roundTrips(FIXTURE.slice(0, n)))?.trailing]).toEqual([n, 1]);
    // trailing count cut, or a record running past the data → interfaces rebuilt from the legacy records
    for (const n of [333, 335, 336, 400, 424, 426, 477]) {
      const d = roundTrips(FIXTURE.slice(0, n));
      expect([n, layoutOf<DeviceLayout>(d)?.trailing, layoutOf<DeviceLayout>(d)?.fromTrailing]).toEqual([n, 14, false]);
      expect(d.interfaces).toEqual([rebuilt(LOOPBACK0), rebuilt(ETHERNET1)]);
      expect(d.maxMulticastPublishers).toBe(decodeDevice(FIXTURE).maxMulticastPublishers);
    }
  });

  it('1 to 3 bytes after max_multicast_publishers are a cut trailing count: interfaces rebuilt, the bytes kept', () => {
    for (const n of [1, 2, 3]) {
      // Given
      const bytes = concat(buildDevice({ legacy: [legacyBytes(1, ETHERNET1)], trailing: null }), new Uint8Array(n).fill(9));
      // When
      const d = roundTrips(bytes);
      // Then
      expect(d.interfaces).toEqual([rebuilt(ETHERNET1)]);
      expect(layoutOf<DeviceLayout>(d)).toMatchObject({ trailing: 14, fromTrailing: false, extra: new Uint8Array(n).fill(9) });
    }
  });

  it('a counter set on a device decoded from a cut account drops the cut bytes and writes the fields up to it', () => {
    // Given the fixture cut inside reserved_seats (the legacy records and earlier counters present)
    const d = decodeDevice(FIXTURE.slice(0, 327));
    // When max_multicast_publishers is set
    d.maxMulticastPublishers = 7;
    const out = encodeDevice(d);
    // Then reserved_seats and multicast_publishers_count are written with defaults, then the counter
    expect(out.length).toBe(332);
    expect(out.subarray(0, 326)).toEqual(FIXTURE.subarray(0, 326));
    expect([...out.subarray(326)]).toEqual([0, 0, 0, 0, 7, 0]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('strict errors', () => {
  it('a bool byte 2 in a legacy body is a DecodeError at its offset (259 in device.bin)', () => {
    // Given
    const bytes = FIXTURE.slice();
    bytes[259] = 2;
    // When / Then
    expectDecodeError(() => decodeDevice(bytes), 'deprecated_interfaces[0].user_tunnel_endpoint', 259, /bool/);
    expectDecodeError(() => decodeDeviceLegacyInterfaces(bytes), 'deprecated_interfaces[0].user_tunnel_endpoint', 259);
  });

  it('the first bad byte is reported: a bad legacy bool before a later count mismatch', () => {
    // Given legacy bool byte 2 and a trailing count of 3
    const bytes = FIXTURE.slice();
    bytes[259] = 2;
    bytes[332] = 3;
    // When / Then
    expectDecodeError(() => decodeDevice(bytes), 'deprecated_interfaces[0].user_tunnel_endpoint', 259);
  });

  it('prefix length 33 in dz_prefixes, a legacy ip_net and a trailing ip_net', () => {
    // Given
    const a = FIXTURE.slice();
    a[135] = 33;
    const b = FIXTURE.slice();
    b[212 + 31 + 9 + 4] = 33; // legacy record 0: ip_net at rel 31 + N
    const c = FIXTURE.slice();
    c[424 + 33 + 9 + 4] = 33; // trailing record 1: ip_net at rel 33 + N
    // When / Then
    expectDecodeError(() => decodeDevice(a), 'dz_prefixes', 131, /prefix/);
    expectDecodeError(() => decodeDevice(b), 'deprecated_interfaces[0].ip_net', 252, /prefix/);
    expectDecodeError(() => decodeDevice(c), 'interfaces[1].ip_net', 466, /prefix/);
  });

  it('trailing count ≠ legacy count is a corrupt account (the program aborts)', () => {
    // Given one legacy record and two trailing records
    const bytes = buildDevice({ legacy: [legacyBytes(1, LOOPBACK0)], trailing: [sizedBytes(LOOPBACK0, [SEG300]), sizedBytes(ETHERNET1)] });
    // When / Then
    expectDecodeError(() => decodeDevice(bytes), 'interfaces', 212 + 48 + 24, /corrupt.*2 trailing.*1 legacy/);
  });

  it('invalid UTF-8 is a DecodeError; a garbage dz_prefixes count too, but garbage interface-vector counts are cut vectors', () => {
    // Given
    const badCode = FIXTURE.slice();
    badCode[124] = 0xff;
    const badVrf = FIXTURE.slice();
    badVrf[204] = 0xc3; // truncated 2-byte sequence
    const bigPrefixes = FIXTURE.slice();
    new DataView(bigPrefixes.buffer).setUint32(127, 0xffffffff, true);
    const bigLegacy = FIXTURE.slice();
    new DataView(bigLegacy.buffer).setUint32(208, 0x7fffffff, true);
    const bigTrailing = FIXTURE.slice();
    new DataView(bigTrailing.buffer).setUint32(332, 0x10000000, true);
    // When / Then
    expectDecodeError(() => decodeDevice(badCode), 'code', 120, /UTF-8/);
    expectDecodeError(() => decodeDevice(badVrf), 'mgmt_vrf', 200, /UTF-8/);
    expectDecodeError(() => decodeDevice(bigPrefixes), 'dz_prefixes', 127, /cannot fit/);
    // a legacy count beyond the data: deprecated_interfaces and everything after it absent
    const a = roundTrips(bigLegacy);
    expect(layoutOf<DeviceLayout>(a)).toMatchObject({ trailing: 1, extra: bigLegacy.slice(208) });
    expect([a.interfaces, a.maxUsers]).toEqual([[], 0]);
    // a trailing count beyond the data: interfaces rebuilt from the legacy records
    const b = roundTrips(bigTrailing);
    expect(layoutOf<DeviceLayout>(b)).toMatchObject({ trailing: 14, fromTrailing: false, extra: bigTrailing.slice(332) });
    expect(b.interfaces).toEqual([rebuilt(LOOPBACK0), rebuilt(ETHERNET1)]);
  });

  it('a legacy name length running past the data is a cut legacy vector (absent, bytes kept)', () => {
    // Given
    const bytes = FIXTURE.slice();
    new DataView(bytes.buffer).setUint32(214, 5000, true);
    // When
    const d = roundTrips(bytes);
    // Then
    expect(layoutOf<DeviceLayout>(d)).toMatchObject({ trailing: 1, extra: bytes.slice(208) });
    expect(d.interfaces).toEqual([]);
  });

  it('a trailing record with size below 3 or running past the data: interfaces rebuilt from the legacy records (docs/wire-format.md#which-interfaces-a-device-reports)', () => {
    // Given
    const small = FIXTURE.slice();
    small[424] = 2;
    const over = FIXTURE.slice();
    over[424] = 55;
    for (const bytes of [small, over]) {
      // When
      const d = roundTrips(bytes);
      // Then
      expect(d.interfaces).toEqual([rebuilt(LOOPBACK0), rebuilt(ETHERNET1)]);
      expect(layoutOf<DeviceLayout>(d)).toMatchObject({ trailing: 14, fromTrailing: false, extra: bytes.slice(332) });
    }
  });

  it('a trailing record whose body does not decode within its size stays a DecodeError', () => {
    // Given record 1's name length running past its 54-byte body (the record itself fits)
    const bytes = FIXTURE.slice();
    new DataView(bytes.buffer).setUint32(428, 60, true);
    // When / Then
    expectDecodeError(() => decodeDevice(bytes), 'interfaces[1].name', 428, /runs past the record body/);
  });
});

// ---------------------------------------------------------------------------------------------

describe('encodeDevice', () => {
  it('a device built by hand is written like the current program: legacy tag-1 records, then version-4 records with fresh sizes', () => {
    // Given the fixture's values, built by hand, with wrong sizes and versions in the interfaces
    const d = decodeDevice(FIXTURE);
    const byHand: Device = { ...d, interfaces: [{ ...FIX_IF0, size: 1, version: 9 }, { ...FIX_IF1, size: 0, version: 1 }] };
    // When / Then
    expect(encodeDevice(byHand)).toEqual(FIXTURE);
  });

  it('editing the interfaces of a legacy-only device writes the current format (legacy V2 + trailing vector)', () => {
    // Given
    const d = decodeDevice(buildDevice({ legacy: [legacyBytes(0, LOOPBACK0), legacyBytes(1, ETHERNET1)], trailing: null }));
    d.interfaces[0]!.mtu = 1500;
    // When
    const out = encodeDevice(d);
    const back = decodeDevice(out);
    // Then
    expect(back.interfaces).toEqual([rebuilt({ ...promoted(LOOPBACK0), mtu: 1500 }), rebuilt(ETHERNET1)]);
    expect(decodeDeviceLegacyInterfaces(out).map((l) => l.tag)).toEqual([1, 1]);
    expect(layoutOf(back)).toBeUndefined();
    expect(out).toEqual(
      buildDevice({
        legacy: [legacyBytes(1, { ...promoted(LOOPBACK0), mtu: 1500 }), legacyBytes(1, ETHERNET1)],
        trailing: [sizedBytes({ ...promoted(LOOPBACK0), mtu: 1500 }), sizedBytes(ETHERNET1)],
      }),
    );
  });

  it('adding an interface to a decoded device writes it in both vectors', () => {
    // Given
    const d = decodeDevice(FIXTURE);
    const added: Interface = { ...FIX_IF1, name: 'Ethernet2', vlanId: 7, flexAlgoNodeSegments: [{ topology: TOPOLOGY, nodeSegmentIdx: 9 }] };
    d.interfaces.push(added);
    // When
    const back = decodeDevice(encodeDevice(d));
    // Then
    expect(back.interfaces).toEqual([FIX_IF0, FIX_IF1, { ...added, size: 88 }]);
    expect(decodeDeviceLegacyInterfaces(encodeDevice(d))).toHaveLength(3);
  });

  it('setting a counter on a truncated device writes the trailing fields up to it, and no further', () => {
    // Given a device ending after max_users
    const bytes = buildDevice({ legacy: [legacyBytes(0, LOOPBACK0)], counters: 3 });
    const d = decodeDevice(bytes);
    d.maxMulticastPublishers = 5;
    // When
    const out = encodeDevice(d);
    const back = decodeDevice(out);
    // Then
    expect(out.length).toBe(bytes.length + 16); // device_health … max_multicast_publishers
    expect(back.maxMulticastPublishers).toBe(5);
    expect(back.deviceHealth).toBe(DeviceHealth.Pending);
    expect(layoutOf<DeviceLayout>(back)?.trailing).toBe(14);
    expect(back.interfaces).toEqual(d.interfaces);
  });

  it('setting mgmt_vrf on a pre-metadata device writes just that field', () => {
    // Given
    const d = decodeDevice(buildDevice({ mgmtVrf: null }));
    d.mgmtVrf = 'vrf1';
    // When
    const out = encodeDevice(d);
    // Then
    expect(out.length).toBe(200 + 8);
    expect(decodeDevice(out).mgmtVrf).toBe('vrf1');
  });

  it('refuses undeclared enum values and out-of-range numbers with EncodeError naming the field', () => {
    // An undeclared discriminant, as decoding an account can produce.
    const raw = <T,>(n: number): T => n as unknown as T;
    const d = decodeDevice(FIXTURE);
    const cases: [Partial<Device>, string][] = [
      [{ accountType: 6 as AccountType.Device }, 'account_type'],
      [{ bumpSeed: 256 }, 'bump_seed'],
      [{ index: -1n }, 'index'],
      [{ index: 1n << 128n }, 'index'],
      [{ maxUsers: 70000 }, 'max_users'],
      [{ referenceCount: -1 }, 'reference_count'],
      [{ reservedSeats: 1.5 }, 'reserved_seats'],
      [{ publicIp: '300.0.0.1' }, 'public_ip'],
      [{ dzPrefixes: ['10.0.0.0/33'] }, 'dz_prefixes'],
      [{ owner: 'x' as unknown as PublicKey }, 'owner'],
      [{ status: raw(2) }, 'status'],
      [{ deviceHealth: raw(5) }, 'device_health'],
      [{ desiredStatus: raw(2) }, 'desired_status'],
      [{ interfaces: [FIX_IF0, { ...FIX_IF1, status: raw(9) }] }, 'interfaces[1].status'],
      [{ interfaces: [{ ...FIX_IF0, routingMode: raw(2) }, FIX_IF1] }, 'interfaces[0].routing_mode'],
      [{ interfaces: [FIX_IF0, { ...FIX_IF1, mtu: 65536 }] }, 'interfaces[1].mtu'],
      [{ interfaces: [FIX_IF0, { ...FIX_IF1, bandwidth: -1n }] }, 'interfaces[1].bandwidth'],
      [{ interfaces: [FIX_IF0, { ...FIX_IF1, cir: 1n << 64n }] }, 'interfaces[1].cir'],
      [{ interfaces: [{ ...FIX_IF0, ipNet: '10.0.0.1' }] }, 'interfaces[0].ip_net'],
      [{ interfaces: [{ ...FIX_IF0, vlanId: 1.5 }] }, 'interfaces[0].vlan_id'],
      [{ interfaces: [{ ...FIX_IF0, userTunnelEndpoint: 1 as unknown as boolean }] }, 'interfaces[0].user_tunnel_endpoint'],
      [{ interfaces: [{ ...FIX_IF0, flexAlgoNodeSegments: [{ topology: 'x' as unknown as PublicKey, nodeSegmentIdx: 1 }] }] }, 'interfaces[0].flex_algo_node_segments'],
      [{ interfaces: [{ ...FIX_IF0, flexAlgoNodeSegments: [{ topology: TOPOLOGY, nodeSegmentIdx: 65536 }] }] }, 'interfaces[0].flex_algo_node_segments'],
      [{ interfaces: [null as unknown as Interface] }, 'interfaces[0].interface'],
      [{ interfaces: 'none' as unknown as Interface[] }, 'interfaces'],
    ];
    for (const [patch, field] of cases) {
      expectEncodeError(() => encodeDevice({ ...d, ...patch }), field);
    }
  });

  it('the layout marker is non-enumerable and lost by spread copies', () => {
    // Given
    const d = decodeDevice(buildDevice({ legacy: [legacyBytes(0, LOOPBACK0)], trailing: null }));
    // Then
    expect(Object.keys(d)).not.toContain(String(RAW_LAYOUT));
    expect(Object.getOwnPropertyDescriptor(d, RAW_LAYOUT)?.enumerable).toBe(false);
    expect(layoutOf({ ...d })).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const u128 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });
const ipv4 = fc.tuple(u8, u8, u8, u8).map((o) => o.join('.'));
const text = (maxLength: number) => fc.string({ unit: 'binary', maxLength });
const iface: fc.Arbitrary<Interface> = fc.tuple(declaredFields, fc.array(segment, { maxLength: 3 })).map(([f, segs]) => ({
  size: 45 + new TextEncoder().encode(f.name).length + 34 * segs.length,
  version: 4,
  ...f,
  flexAlgoNodeSegments: segs,
}));
const device: fc.Arbitrary<Device> = fc
  .record({
    owner: key,
    index: u128,
    bumpSeed: u8,
    locationPk: key,
    exchangePk: key,
    deviceType: fc.constantFrom(...DeviceTypeSpec.values),
    publicIp: ipv4,
    status: fc.constantFrom(...DeviceStatusSpec.values),
    code: text(32),
    dzPrefixes: fc.array(net, { maxLength: 4 }),
    metricsPublisherPk: key,
    contributorPk: key,
    mgmtVrf: text(32),
    referenceCount: u32,
    usersCount: u16,
    maxUsers: u16,
    deviceHealth: fc.constantFrom(...DeviceHealthSpec.values),
    desiredStatus: fc.constantFrom(...DeviceDesiredStatusSpec.values),
    unicastUsersCount: u16,
    multicastSubscribersCount: u16,
    maxUnicastUsers: u16,
    maxMulticastSubscribers: u16,
    reservedSeats: u16,
    multicastPublishersCount: u16,
    maxMulticastPublishers: u16,
    interfaces: fc.array(iface, { maxLength: 4 }),
  })
  .map((d) => ({ accountType: AccountType.Device as const, ...d }));

describe('properties', () => {
  it('any valid Device → encode → decode gives it back (current format, no marker) and re-encodes identically', () => {
    fc.assert(
      fc.property(device, (d) => {
        // When
        const bytes = encodeDevice(d);
        const back = decodeDevice(bytes);
        // Then
        expect(norm(back)).toEqual(norm(d));
        expect(layoutOf(back)).toBeUndefined();
        expect(encodeDevice(back)).toEqual(bytes);
        expect(bytes.length).toBe(
          228 +
            new TextEncoder().encode(d.code).length +
            5 * d.dzPrefixes.length +
            new TextEncoder().encode(d.mgmtVrf).length +
            d.interfaces.reduce((n, i) => n + (39 + new TextEncoder().encode(i.name).length) + i.size, 0),
        );
      }),
      { numRuns: 300 },
    );
  });

  const legacyElement = fc
    .tuple(fc.oneof(fc.constantFrom(0, 1, 2, 3), fc.integer({ min: 4, max: 255 })), declaredFields, fc.array(segment, { maxLength: 2 }))
    .map(([tag, f, segs]) => legacyBytes(tag, f, segs));
  const trailingElement = fc
    .tuple(declaredFields, fc.array(segment, { maxLength: 2 }), u8, fc.option(fc.integer({ min: 0, max: 14 }), { nil: undefined }), fc.uint8Array({ maxLength: 6 }))
    .map(([f, segs, version, cutField, extra]) => {
      const cut = cutField === undefined ? undefined : bodyBoundaries(new TextEncoder().encode(f.name).length)[cutField];
      return sizedBytes(f, segs, { version, cut, extra: cut === undefined ? extra : new Uint8Array(0) });
    });

  it('any account shape an older, current or newer program could have written re-encodes byte for byte', () => {
    fc.assert(
      fc.property(
        fc.array(legacyElement, { maxLength: 3 }),
        fc.integer({ min: 0, max: 15 }),
        fc.boolean(),
        fc.array(trailingElement, { maxLength: 3 }),
        fc.uint8Array({ maxLength: 8 }),
        text(8),
        (legacy, present, trailingEmpty, trailing, tail, vrf) => {
          // Given: `present` trailing fields; the trailing vector (when present) empty or one record per legacy record
          const records = trailingEmpty ? [] : legacy.map((_, i) => trailing[i % Math.max(1, trailing.length)] ?? sizedBytes(LOOPBACK0));
          const bytes = buildDevice({
            mgmtVrf: present >= 1 ? vrf : null,
            legacy: present >= 2 ? legacy : null,
            counters: Math.max(0, Math.min(12, present - 2)),
            trailing: present === 15 ? records : null,
            tail: present === 15 ? tail : undefined,
          });
          // When
          const d = decodeDevice(bytes);
          const out = encodeDevice(d);
          // Then
          expect(out).toEqual(bytes);
          expect(layoutOf<DeviceLayout>(d)?.trailing ?? 15).toBe(present);
          expect(d.interfaces).toHaveLength(present >= 2 ? legacy.length : 0);
          expect(norm(decodeDevice(out))).toEqual(norm(d));
        },
      ),
      { numRuns: 400 },
    );
  });
});
