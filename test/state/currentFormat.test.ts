import { readdirSync } from 'node:fs';
import { PublicKey } from '@solana/web3.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AccountType,
  DecodeError,
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
  decodeDevice,
  decodeLink,
  encodeDevice,
  encodeLink,
  isDeviceView,
  layoutOf,
  viewDevice,
  viewToDevice,
  type Device,
  type Interface,
  type Link,
} from '../../src/index.js';
import { fastPaths } from '../../src/core/codec/fast.js';
import { scanCurrentDevice } from '../../src/core/state/currentDevice.js';
import { FIXTURES_DIR, fixtureBytes } from '../helpers/fixtures.js';

// The current-format fast paths of decodeDevice / decodeLink (src/core/state/currentDevice.ts,
// src/core/state/link.ts) and the lazy viewDevice (src/core/state/viewDevice.ts) must give exactly what the
// general decoders give: the same values (every field, layout markers included) and, for any
// input the general decoder refuses, the same DecodeError. Checked on every fixture and on
// seeded random accounts (valid current-format ones, then mutated, cut and extended).
// DZPROV_FUZZ_RUNS scales the random cases (default 100 000 → 4 000 accounts per property here).

const RUNS = Math.max(200, Math.round(Number(process.env.DZPROV_FUZZ_RUNS ?? 100_000) / 25));
const SEED = Number(process.env.DZPROV_FUZZ_SEED ?? 0xc0ffee) >>> 0;

afterEach(() => {
  fastPaths.enabled = true;
});

/** mulberry32: small, fast, seeded. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Outcome<T> = { value: T } | { error: unknown };

function attempt<T>(f: () => T): Outcome<T> {
  try {
    return { value: f() };
  } catch (error) {
    return { error };
  }
}

/** The general decoder's outcome (fast paths off). */
function general<T>(f: () => T): Outcome<T> {
  fastPaths.enabled = false;
  try {
    return attempt(f);
  } finally {
    fastPaths.enabled = true;
  }
}

const DEVICE_FIELDS = [
  'accountType',
  'owner',
  'index',
  'bumpSeed',
  'locationPk',
  'exchangePk',
  'deviceType',
  'publicIp',
  'status',
  'code',
  'dzPrefixes',
  'metricsPublisherPk',
  'contributorPk',
  'mgmtVrf',
  'referenceCount',
  'usersCount',
  'maxUsers',
  'deviceHealth',
  'desiredStatus',
  'unicastUsersCount',
  'multicastSubscribersCount',
  'maxUnicastUsers',
  'maxMulticastSubscribers',
  'reservedSeats',
  'multicastPublishersCount',
  'maxMulticastPublishers',
  'interfaces',
] as const satisfies readonly (keyof Device)[];

/** Every Device field read through property access (works for a view as for a plain object). */
function fieldsOf(d: Device): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of DEVICE_FIELDS) out[k] = d[k];
  return out;
}

/** Same value (every field, deep, PublicKey BNs included) and same layout markers. */
function expectSameDevice(a: Device, b: Device): void {
  expect(fieldsOf(a)).toStrictEqual(fieldsOf(b));
  expect(layoutOf(a)).toStrictEqual(layoutOf(b));
  a.interfaces.forEach((iface, i) => expect(layoutOf(iface)).toStrictEqual(layoutOf(b.interfaces[i]!)));
}

function expectSameError(a: unknown, b: unknown): void {
  expect(a).toBeInstanceOf(Error);
  expect((a as Error).constructor).toBe((b as Error).constructor);
  expect((a as Error).message).toBe((b as Error).message);
  if (b instanceof DecodeError) {
    const x = a as DecodeError;
    expect([x.accountType, x.field, x.offset, x.reason]).toStrictEqual([b.accountType, b.field, b.offset, b.reason]);
  }
}

function expectSameOutcome<T extends object>(a: Outcome<T>, b: Outcome<T>, same: (x: T, y: T) => void): void {
  if ('error' in b) {
    expect('error' in a ? 'error' : 'value').toBe('error');
    expectSameError((a as { error: unknown }).error, b.error);
  } else {
    expect('value' in a ? 'value' : 'error').toBe('value');
    same((a as { value: T }).value, b.value);
  }
}

// ---------------------------------------------------------------------------------------------
// Random accounts

function gen(rand: () => number) {
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const key = () => {
    const b = new Uint8Array(32);
    for (let i = 0; i < 32; i++) b[i] = int(256);
    b.fill(0, 0, rand() < 0.2 ? int(33) : 0);
    return new PublicKey(b);
  };
  const text = (): string => {
    switch (int(6)) {
      case 0:
        return '';
      case 1:
        return pick(['Loopback255', 'Ethernet1/1', 'mgmt', 'default', 'ams-dz001', 'dz1']);
      case 2: // ASCII across the fixed-arity limit (24)
        return Array.from({ length: int(60) }, () => String.fromCharCode(32 + int(95))).join('');
      case 3:
        return pick(['é', 'Ethernet✓', '\uFEFFbom', 'x'.repeat(23) + 'é', '😀', 'a'.repeat(24), 'b'.repeat(25)]);
      default:
        return `Ethernet${int(64)}/${int(64)}`;
    }
  };
  const octet = () => pick([0, 1, 9, 10, 99, 100, 199, 255, int(256)]);
  const ip = () => `${octet()}.${octet()}.${octet()}.${octet()}`;
  const net = () => `${ip()}/${int(33)}`;
  const u16 = () => pick([0, 1, 255, 256, 9000, 0xffff, int(0x10000)]);
  const u64 = () =>
    pick([0n, 1n, 1023n, 1024n, 0xffffffffn, 0x100000000n, (1n << 53n) + 1n, (1n << 64n) - 1n, BigInt(int(2 ** 31)) * BigInt(int(2 ** 31))]);
  const iface = (): Interface => ({
    size: 0,
    version: 4,
    status: pick(Object.values(InterfaceStatus).filter((v): v is InterfaceStatus => typeof v === 'number')),
    name: text(),
    interfaceType: pick([InterfaceType.Invalid, InterfaceType.Loopback, InterfaceType.Physical]),
    interfaceCyoa: pick([InterfaceCYOA.None]),
    interfaceDia: pick([InterfaceDIA.None]),
    loopbackType: pick([LoopbackType.None, LoopbackType.Vpnv4]),
    bandwidth: u64(),
    cir: u64(),
    mtu: u16(),
    routingMode: pick([RoutingMode.Static]),
    vlanId: u16(),
    ipNet: net(),
    nodeSegmentIdx: u16(),
    userTunnelEndpoint: rand() < 0.5,
    flexAlgoNodeSegments: Array.from({ length: pick([0, 0, 1, 2, 3]) }, () => ({ topology: key(), nodeSegmentIdx: u16() })),
  });
  const device = (): Device => ({
    accountType: AccountType.Device,
    owner: key(),
    index: pick([0n, 7n, 1023n, 1024n, (1n << 64n) + 5n, (1n << 128n) - 1n, u64()]),
    bumpSeed: int(256),
    locationPk: key(),
    exchangePk: key(),
    deviceType: pick([DeviceType.Hybrid, DeviceType.Transit, DeviceType.Edge]),
    publicIp: ip(),
    status: pick([DeviceStatus.Activated, DeviceStatus.Deleting]),
    code: text(),
    dzPrefixes: Array.from({ length: pick([0, 1, 2, 5]) }, net),
    metricsPublisherPk: key(),
    contributorPk: key(),
    mgmtVrf: text(),
    referenceCount: pick([0, 1, 0xffffffff, int(2 ** 32)]),
    usersCount: u16(),
    maxUsers: u16(),
    deviceHealth: pick([DeviceHealth.Pending, DeviceHealth.ReadyForUsers]),
    desiredStatus: pick([DeviceDesiredStatus.Pending, DeviceDesiredStatus.Activated, DeviceDesiredStatus.Drained]),
    unicastUsersCount: u16(),
    multicastSubscribersCount: u16(),
    maxUnicastUsers: u16(),
    maxMulticastSubscribers: u16(),
    reservedSeats: u16(),
    multicastPublishersCount: u16(),
    maxMulticastPublishers: u16(),
    interfaces: Array.from({ length: pick([0, 1, 2, 4]) }, iface),
  });
  const link = (): Link => ({
    accountType: AccountType.Link,
    owner: key(),
    index: pick([0n, 99n, (1n << 64n) + 5n, u64()]),
    bumpSeed: int(256),
    sideAPk: key(),
    sideZPk: key(),
    linkType: pick([LinkLinkType.WAN, LinkLinkType.DZX]),
    bandwidth: u64(),
    mtu: pick([0, 9000, 0xffffffff]),
    delayNs: u64(),
    jitterNs: u64(),
    tunnelId: u16(),
    tunnelNet: net(),
    status: pick([LinkStatus.Activated, LinkStatus.Deleting]),
    code: text(),
    contributorPk: key(),
    sideAIfaceName: text(),
    sideZIfaceName: text(),
    delayOverrideNs: u64(),
    linkHealth: pick([LinkHealth.Pending, LinkHealth.ReadyForService, LinkHealth.Impaired]),
    desiredStatus: pick([LinkDesiredStatus.Pending, LinkDesiredStatus.Activated, LinkDesiredStatus.SoftDrained]),
    linkTopologies: Array.from({ length: pick([0, 0, 1, 3]) }, key),
    linkFlags: pick([0, 1, 0xffffffff]),
  });
  /** Raw damage: byte overwrites (often at the bytes the fast paths check), a cut, or bytes appended. */
  const mutate = (b: Uint8Array): Uint8Array => {
    switch (int(4)) {
      case 0:
        return b; // as encoded: the fast path's own ground
      case 1: {
        const c = b.slice();
        for (let n = 1 + int(3); n > 0; n--) c[int(c.length)] = pick([0, 1, 2, 3, 4, 5, 32, 33, 0x7f, 0x80, 0xc3, 0xff, int(256)]);
        c[0] = b[0]!;
        return c;
      }
      case 2:
        return b.slice(0, int(b.length + 1));
      default: {
        const c = new Uint8Array(b.length + 1 + int(40));
        c.set(b);
        for (let i = b.length; i < c.length; i++) c[i] = int(256);
        return c;
      }
    }
  };
  return { device, link, mutate, rand };
}

// ---------------------------------------------------------------------------------------------

const FIXTURES = readdirSync(FIXTURES_DIR)
  .filter((f) => f.endsWith('.bin'))
  .map((f) => f.slice(0, -4));

describe('current-format fast paths give what the general decoders give', () => {
  it.each(FIXTURES)('on fixture %s.bin (decodeDevice and decodeLink)', (name) => {
    const bytes = fixtureBytes(name);
    expectSameOutcome(
      attempt(() => decodeDevice(bytes)),
      general(() => decodeDevice(bytes)),
      expectSameDevice,
    );
    expectSameOutcome(
      attempt(() => decodeLink(bytes)),
      general(() => decodeLink(bytes)),
      (a, b) => expect(a).toStrictEqual(b),
    );
  });

  it('takes the fast path on the golden Device and Link', () => {
    expect(scanCurrentDevice(fixtureBytes('device'))).toBe(true);
    expect(isDeviceView(viewDevice(fixtureBytes('device')))).toBe(true);
  });

  it(`on ${RUNS} random Device accounts, mutated, cut or extended (seed ${SEED})`, () => {
    const g = gen(prng(SEED));
    let fast = 0;
    for (let i = 0; i < RUNS; i++) {
      const bytes = g.mutate(encodeDevice(g.device()));
      if (bytes.length > 0 && bytes[0] === AccountType.Device && scanCurrentDevice(bytes)) fast++;
      expectSameOutcome(
        attempt(() => decodeDevice(bytes)),
        general(() => decodeDevice(bytes)),
        expectSameDevice,
      );
    }
    // the cases exercise both paths
    expect(fast).toBeGreaterThan(RUNS / 5);
    expect(fast).toBeLessThan(RUNS);
  });

  it(`on ${RUNS} random Link accounts, mutated, cut or extended (seed ${SEED + 1})`, () => {
    const g = gen(prng(SEED + 1));
    for (let i = 0; i < RUNS; i++) {
      const bytes = g.mutate(encodeLink(g.link()));
      expectSameOutcome(
        attempt(() => decodeLink(bytes)),
        general(() => decodeLink(bytes)),
        (a, b) => {
          expect(a).toStrictEqual(b);
          expect(layoutOf(a)).toStrictEqual(layoutOf(b));
        },
      );
    }
  });

  it('reads AccountInfo inputs and checks the arguments and the owner exactly as before', () => {
    const bytes = fixtureBytes('device');
    const programId = new PublicKey(new Uint8Array(32).fill(9));
    const other = new PublicKey(new Uint8Array(32).fill(8));
    for (const [input, opts] of [
      [{ data: bytes, owner: programId }, { programId }],
      [{ data: bytes, owner: other }, { programId }],
      [bytes, { owner: other, programId }],
      [{ data: 'not bytes' as unknown as Uint8Array }, undefined],
      [new Uint8Array(0), undefined],
      // arguments of the wrong types are refused by the general path, never read by the fast one
      [bytes, { owner: 'not a key' as unknown as PublicKey }],
      [bytes, { address: 42 as unknown as PublicKey }],
      [bytes, null as unknown as undefined],
      [{ data: bytes, owner: 'not a key' as unknown as PublicKey }, undefined],
      [[bytes] as unknown as Uint8Array, undefined],
    ] as const) {
      expectSameOutcome(
        attempt(() => decodeDevice(input, opts)),
        general(() => decodeDevice(input, opts)),
        expectSameDevice,
      );
      expectSameOutcome(attempt(() => viewDevice(input, opts)), attempt(() => decodeDevice(input, opts)), expectSameDevice);
      const link = input instanceof Uint8Array && input.length > 0 ? fixtureBytes('link') : input;
      expectSameOutcome(
        attempt(() => decodeLink(link, opts)),
        general(() => decodeLink(link, opts)),
        (a, b) => expect(a).toStrictEqual(b),
      );
    }
  });
});

describe('viewDevice agrees with decodeDevice', () => {
  it.each(FIXTURES)('on fixture %s.bin', (name) => {
    const bytes = fixtureBytes(name);
    expectSameOutcome(
      attempt(() => viewDevice(bytes)),
      attempt(() => decodeDevice(bytes)),
      expectSameDevice,
    );
  });

  it(`on ${RUNS} random Device accounts, mutated, cut or extended (seed ${SEED + 2})`, () => {
    const g = gen(prng(SEED + 2));
    let views = 0;
    for (let i = 0; i < RUNS; i++) {
      const bytes = g.mutate(encodeDevice(g.device()));
      const v = attempt(() => viewDevice(bytes));
      expectSameOutcome(v, attempt(() => decodeDevice(bytes)), expectSameDevice);
      if ('value' in v && isDeviceView(v.value)) {
        views++;
        // a view encodes like the plain object (its account's bytes, or the same EncodeError for
        // an undeclared enum byte), and converts to the plain object
        const view = v.value;
        expectSameOutcome(
          attempt(() => encodeDevice(view)),
          attempt(() => encodeDevice(decodeDevice(bytes))),
          (a, b) => {
            expect(a).toStrictEqual(b);
            expect(a).toStrictEqual(bytes);
          },
        );
        expect(viewToDevice(view)).toStrictEqual(decodeDevice(bytes));
      }
    }
    expect(views).toBeGreaterThan(RUNS / 5);
  });

  it('holds its own copy of the bytes, and is read-only', () => {
    const bytes = fixtureBytes('device');
    const v = viewDevice(bytes);
    const before = fieldsOf(v);
    bytes.fill(0xee, 1);
    expect(fieldsOf(v)).toStrictEqual(before);
    expect(() => {
      (v as { code: string }).code = 'x';
    }).toThrow(TypeError);
    // every read builds a new value, equal to the last
    expect(v.owner).not.toBe(v.owner);
    expect(v.owner.equals(v.owner)).toBe(true);
    expect(Object.keys(v)).toStrictEqual([]);
  });
});
