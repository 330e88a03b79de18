import {
  AccountType,
  DeviceDesiredStatus,
  DeviceDesiredStatusSpec,
  DeviceHealth,
  DeviceHealthSpec,
  DeviceStatus,
  DeviceStatusSpec,
  DeviceType,
  DeviceTypeSpec,
  InterfaceCYOA,
  InterfaceDIA,
  InterfaceStatus,
  InterfaceType,
  LoopbackType,
  RoutingMode,
} from '../enums.js';
import type { Reader } from '../codec/reader.js';
import { checkedAccountBytes, fastPaths, ipv4At, networkV4At, textAt, u128At, u16At, u32At } from '../codec/fast.js';
import { AT, AT_COUNTERS, AT_MGMT, AT_PREFIXES, AT_RECORDS, CODE_AT, readCurrentRecords, scanCurrentDevice } from './currentDevice.js';
import type { KeyInput, KeyKind } from '../keys.js';
import { EncodeError } from '../errors.js';
import { expectArray, expectObject } from '../validate.js';
import { accountTypeFilter, attachLayout, beginDecode, layoutOf, type AccountBytes, type DecodeOptions, type ProgramAccountsFilter } from './common.js';
import { beginEncode, finishEncode, restOf, trailingFieldsToWrite, vecFits, writeEnum, type TrailingLayout } from './internal.js';
import {
  LegacyInterfaceTag,
  checkInterface,
  interfaceFromLegacy,
  legacyFromInterface,
  legacyMatchesInterface,
  readInterfaceRecord,
  readLegacyInterface,
  sameSegments,
  writeInterfaceRecord,
  writeLegacyInterface,
  type LegacyInterface,
} from './interface.js';

/** Discriminator: byte 0 of every Device account. */
export const DEVICE_ACCOUNT_TYPE = AccountType.Device;

/** One flex-algo node segment of an interface (34 bytes on the wire). */
export interface FlexAlgoNodeSegment<K = KeyInput> {
  /** The Topology account (PDA) the segment belongs to. */
  topology: K;
  /** The node segment index (segment routing SID index) in that topology. */
  nodeSegmentIdx: number;
}

/** A device interface: an element of the trailing size-prefixed `interfaces` vector (docs/wire-format.md#size-prefixed-interface-records). */
export interface Interface<K = KeyInput> {
  /** Total on-disk record length including the 3-byte header. */
  size: number;
  /** Record schema version (4 today). */
  version: number;
  /** The interface's provisioning status. */
  status: InterfaceStatus;
  /** The interface name as the device knows it, e.g. "Ethernet1/1" or "Loopback255". */
  name: string;
  /** Loopback or physical. */
  interfaceType: InterfaceType;
  /** How users may reach the device over this interface (None when it is not a CYOA interface). */
  interfaceCyoa: InterfaceCYOA;
  /** Whether the interface provides direct internet access. */
  interfaceDia: InterfaceDIA;
  /** What a loopback is for (None for physical interfaces). */
  loopbackType: LoopbackType;
  /** The interface's bandwidth, in bits per second (0 = not set). */
  bandwidth: bigint;
  /** The committed information rate, in bits per second (0 = not set). */
  cir: bigint;
  /** The MTU, in bytes. */
  mtu: number;
  /** How routes are exchanged over the interface (static or BGP). */
  routingMode: RoutingMode;
  /** The VLAN id (0 = none). */
  vlanId: number;
  /** The interface's IPv4 address and prefix length, as "a.b.c.d/n" ("0.0.0.0/0" = none). */
  ipNet: string;
  /** The node segment index (segment routing SID index; 0 = none). */
  nodeSegmentIdx: number;
  /** Whether user tunnels may terminate on this interface. */
  userTunnelEndpoint: boolean;
  /** The interface's flex-algo node segments, one per topology. */
  flexAlgoNodeSegments: FlexAlgoNodeSegment<K>[];
}

/** The decoded Device account (docs/wire-format.md#device). */
export interface Device<K = KeyInput> {
  /** The account-type byte (byte 0), always this account's type. */
  accountType: AccountType.Device;
  /** The key recorded as the account's owner (its creator, or who it was transferred to); not the program that owns the account. */
  owner: K;
  /** The account's index: the GlobalState counter value it was created with, a seed of its address. */
  index: bigint;
  /** The bump seed of the account's program-derived address. */
  bumpSeed: number;
  /** The Location account the device is at. */
  locationPk: K;
  /** The Exchange account the device belongs to. */
  exchangePk: K;
  /** The device's role in the network. */
  deviceType: DeviceType;
  /** The device's public IPv4 address, as "a.b.c.d". */
  publicIp: string;
  /** The device's lifecycle status. */
  status: DeviceStatus;
  /** The device's code, e.g. "lax-dz01". */
  code: string;
  /** The DoubleZero IPv4 prefixes the device serves users from, as "a.b.c.d/n". */
  dzPrefixes: string[];
  /** The key that publishes the device's telemetry. */
  metricsPublisherPk: K;
  /** The Contributor account that operates the device. */
  contributorPk: K;
  /** The management VRF ("" = the default VRF). */
  mgmtVrf: string;
  /** How many accounts refer to this one; it cannot be deleted while this is above 0. */
  referenceCount: number;
  /** How many users are connected (all kinds). */
  usersCount: number;
  /** The most users the device accepts (all kinds; 0 = none). */
  maxUsers: number;
  /** The device's health as its health oracle last reported it. */
  deviceHealth: DeviceHealth;
  /** The status its operator wants it in. */
  desiredStatus: DeviceDesiredStatus;
  /** How many unicast users are connected. */
  unicastUsersCount: number;
  /** How many multicast subscribers are connected. */
  multicastSubscribersCount: number;
  /** The most unicast users the device accepts. */
  maxUnicastUsers: number;
  /** The most multicast subscribers the device accepts. */
  maxMulticastSubscribers: number;
  /** User seats held back from the limits above. */
  reservedSeats: number;
  /** How many multicast publishers are connected. */
  multicastPublishersCount: number;
  /** The most multicast publishers the device accepts. */
  maxMulticastPublishers: number;
  /** The authoritative interface list (trailing vector, or rebuilt from the legacy records). */
  interfaces: Interface<K>[];
}

/** Byte offsets of the fixed-position Device fields (docs/wire-format.md#device). */
export const DEVICE_OFFSETS = Object.freeze({
  owner: 1,
  index: 33,
  bumpSeed: 49,
  locationPk: 50,
  exchangePk: 82,
  deviceType: 114,
  publicIp: 115,
  status: 119,
  code: 120,
});

/**
 * The trailing (legacy) Device fields, in wire order: an account written by an older program
 * ends before some of them (historically after contributor_pk, after max_users, after
 * max_multicast_publishers), and they then take the program's defaults.
 */
export const DEVICE_TRAILING_FIELDS = Object.freeze([
  'mgmt_vrf',
  'deprecated_interfaces',
  'reference_count',
  'users_count',
  'max_users',
  'device_health',
  'desired_status',
  'unicast_users_count',
  'multicast_subscribers_count',
  'max_unicast_users',
  'max_multicast_subscribers',
  'reserved_seats',
  'multicast_publishers_count',
  'max_multicast_publishers',
  'interfaces',
] as const);

const TRAILING_COUNT = DEVICE_TRAILING_FIELDS.length;

/**
 * How a decoded Device's bytes were laid out, attached non-enumerably under RAW_LAYOUT when they
 * differ from what the current program writes, so that `encodeDevice(decodeDevice(b))` is `b`.
 */
export interface DeviceLayout extends TrailingLayout {
  /** The `deprecated_interfaces` records as stored. */
  legacy: LegacyInterface<unknown>[];
  /** Whether `interfaces` came from a non-empty trailing vector (else rebuilt from `legacy`). */
  fromTrailing: boolean;
  /** Copies of the decoded `interfaces`, to notice later edits. */
  snapshot: Interface<unknown>[];
}

/**
 * Decodes a Device account (docs/wire-format.md#device).
 *
 * - owner (when known) → at least one byte → byte 0 must be 5; then every field up to
 *   contributor_pk must be there (else DecodeError naming the field and its offset).
 * - The trailing (legacy) fields from mgmt_vrf on are read like the program reads them: a field
 *   is present only when all of its bytes are; from the first one with fewer bytes left than it
 *   needs (a cut string or number, a `deprecated_interfaces` count whose records are cut), it
 *   and every later one are absent and take the program's defaults (device_health Pending,
 *   desired_status Pending, the others 0 / "" / []). The bytes from the cut on are kept as the
 *   layout's extra tail, so `encodeDevice` gives them back.
 * - `deprecated_interfaces` is read record by record with its tag (V1, V2, reserved 2, V3 with
 *   its segment vector, tag ≥ 4 = tag byte only); enum bytes raw, bools strict.
 * - `interfaces` (docs/wire-format.md#which-interfaces-a-device-reports): when the trailing size-prefixed vector is absent, its count
 *   is cut, a record overruns the data or has `size` < 3, or its count is 0, it is rebuilt from
 *   the legacy records (see `interfaceFromLegacy`: V1 promoted with mtu 9000, version 4, no
 *   segments, size 45 + N as the Rust program computes it — not the upstream SDKs' 0), and the
 *   bytes of a vector that did not decode are kept as the extra tail. A vector with count > 0
 *   whose records all fit is authoritative; its count must equal the legacy count, else
 *   DecodeError "corrupt account" (the program aborts there).
 * - An undeclared enum byte in a Device field is kept as the raw number (its label says
 *   "unknown (n)"), where the program would substitute the enum's default. Bytes after the last
 *   known field are ignored (and kept for `encodeDevice`).
 *
 * Where this decoder is stricter than the program (which never rejects, it defaults or falls
 * back): contents that are wholly there but invalid — a legacy record that is not strict Borsh
 * (bool byte ≥ 2, prefix > 32, bad UTF-8), bad UTF-8 in mgmt_vrf, a trailing record whose body
 * does not decode within its `size` — are a DecodeError naming the field and offset.
 */
export function decodeDevice<K>(keys: KeyKind<K>, input: AccountBytes, opts?: DecodeOptions): Device<K> {
  // The current-format fast path (src/core/state/currentDevice.ts); every other account, and every
  // error, goes through the general decoder.
  const data = fastPaths.enabled ? checkedAccountBytes(input, AccountType.Device, opts) : undefined;
  if (data !== undefined && scanCurrentDevice(data)) return buildCurrentDevice(data, keys);
  return decode(input, opts, null, keys);
}


/** The Device of the account `scanCurrentDevice` just accepted (AT holds its offsets). */
function buildCurrentDevice<K>(b: Uint8Array, keys: KeyKind<K>): Device<K> {
  const codeLen = u32At(b, CODE_AT);
  const code = textAt(b, CODE_AT + 4, codeLen);
  let p = AT[AT_PREFIXES]!;
  const np = u32At(b, p);
  p += 4;
  const dzPrefixes = new Array<string>(np);
  for (let i = 0; i < np; i++, p += 5) dzPrefixes[i] = networkV4At(b, p);
  const m = AT[AT_MGMT]!;
  const c = AT[AT_COUNTERS]!;
  const interfaces = readCurrentRecords(b, AT[AT_RECORDS]!, keys);
  return {
    accountType: AccountType.Device,
    owner: keys.at(b, 1),
    index: u128At(b, 33),
    bumpSeed: b[49]!,
    locationPk: keys.at(b, 50),
    exchangePk: keys.at(b, 82),
    deviceType: b[114]!,
    publicIp: ipv4At(b, 115),
    status: b[119]!,
    code,
    dzPrefixes,
    metricsPublisherPk: keys.at(b, p),
    contributorPk: keys.at(b, p + 32),
    mgmtVrf: textAt(b, m + 4, u32At(b, m)),
    referenceCount: u32At(b, c),
    usersCount: u16At(b, c + 4),
    maxUsers: u16At(b, c + 6),
    deviceHealth: b[c + 8]!,
    desiredStatus: b[c + 9]!,
    unicastUsersCount: u16At(b, c + 10),
    multicastSubscribersCount: u16At(b, c + 12),
    maxUnicastUsers: u16At(b, c + 14),
    maxMulticastSubscribers: u16At(b, c + 16),
    reservedSeats: u16At(b, c + 18),
    multicastPublishersCount: u16At(b, c + 20),
    maxMulticastPublishers: u16At(b, c + 22),
    interfaces,
  };
}


/**
 * The `deprecated_interfaces` records of a Device account exactly as stored (tags and raw enum
 * bytes), decoded with the same strictness as `decodeDevice`. Empty when the account predates
 * the field (or its records are cut short).
 */
export function decodeDeviceLegacyInterfaces<K>(keys: KeyKind<K>, input: AccountBytes, opts?: DecodeOptions): LegacyInterface<K>[] {
  const out: { legacy: LegacyInterface<K>[] } = { legacy: [] };
  decode(input, opts, out, keys);
  return out.legacy;
}

/**
 * The `deprecated_interfaces` records of a decoded Device: the stored records when the device
 * carries a layout marker; otherwise (a current-format account, or a value built by hand) the
 * records the current program writes for its `interfaces` (one tag-1 V2 record each).
 */
export function deviceLegacyInterfaces<K>(device: Device<K>): LegacyInterface<K>[] {
  expectObject(device, 'device');
  const layout = layoutOf<DeviceLayout>(device);
  if (layout) return layout.legacy as LegacyInterface<K>[];
  const interfaces: readonly Interface<K>[] = device.interfaces;
  expectArray(interfaces, 'device.interfaces');
  const out = new Array<LegacyInterface<K>>(interfaces.length);
  for (let i = 0; i < interfaces.length; i++) {
    const iface: Interface<K> = interfaces[i] as Interface<K>;
    expectObject(iface, `device.interfaces[${i}]`);
    out[i] = legacyFromInterface(iface);
  }
  return out;
}

function decode<K>(
  input: AccountBytes,
  opts: DecodeOptions | undefined,
  out: { legacy: LegacyInterface<K>[] } | null,
  keys: KeyKind<K>,
): Device<K> {
  const r = beginDecode(input, AccountType.Device, opts, keys);
  const owner = r.pubkey('owner');
  const index = r.u128('index');
  const bumpSeed = r.u8('bump_seed');
  const locationPk = r.pubkey('location_pk');
  const exchangePk = r.pubkey('exchange_pk');
  const deviceType = r.u8('device_type');
  const publicIp = r.ipv4('public_ip');
  const status = r.u8('status');
  const code = r.string('code');
  const dzPrefixes = r.networkV4Vec('dz_prefixes');
  const metricsPublisherPk = r.pubkey('metrics_publisher_pk');
  const contributorPk = r.pubkey('contributor_pk');

  let trailing = 0;
  const mgmtVrf = vecFits(r, 1) ? (trailing++, r.string('mgmt_vrf')) : '';
  let legacyAt = -1;
  let legacyCount = 0;
  if (trailing === 1 && r.remaining >= 4) {
    // Only the record boundaries are read here; the records are decoded (strictly) below, unless
    // they turn out to be the byte-identical V2 projection of the trailing records.
    const n = r.dv.getUint32(r.pos, true);
    const end = legacyRecordsEnd(r, r.pos + 4, n);
    if (end >= 0) {
      legacyCount = n;
      legacyAt = r.pos + 4;
      r.pos = end;
      trailing++;
    }
  }
  try {
    let referenceCount = 0;
    let usersCount = 0;
    let maxUsers = 0;
    let deviceHealth: number = DeviceHealth.Pending;
    let desiredStatus: number = DeviceDesiredStatus.Pending;
    let unicastUsersCount = 0;
    let multicastSubscribersCount = 0;
    let maxUnicastUsers = 0;
    let maxMulticastSubscribers = 0;
    let reservedSeats = 0;
    let multicastPublishersCount = 0;
    let maxMulticastPublishers = 0;
    if (trailing === 2 && r.remaining >= COUNTER_BLOCK_SIZE) {
      // the whole 24-byte counter block is there (every account since it exists)
      const dv = r.dv;
      const p = r.pos;
      referenceCount = dv.getUint32(p, true);
      usersCount = dv.getUint16(p + 4, true);
      maxUsers = dv.getUint16(p + 6, true);
      deviceHealth = r.buf[p + 8]!;
      desiredStatus = r.buf[p + 9]!;
      unicastUsersCount = dv.getUint16(p + 10, true);
      multicastSubscribersCount = dv.getUint16(p + 12, true);
      maxUnicastUsers = dv.getUint16(p + 14, true);
      maxMulticastSubscribers = dv.getUint16(p + 16, true);
      reservedSeats = dv.getUint16(p + 18, true);
      multicastPublishersCount = dv.getUint16(p + 20, true);
      maxMulticastPublishers = dv.getUint16(p + 22, true);
      r.pos = p + COUNTER_BLOCK_SIZE;
      trailing = 14;
    } else if (trailing === 2) {
      // an older account, ending in the block: each counter present only when wholly there
      if (r.remaining >= 4) {
        referenceCount = r.u32('reference_count');
        trailing++;
      }
      if (trailing === 3 && r.remaining >= 2) {
        usersCount = r.u16('users_count');
        trailing++;
      }
      if (trailing === 4 && r.remaining >= 2) {
        maxUsers = r.u16('max_users');
        trailing++;
      }
      if (trailing === 5 && r.remaining >= 1) {
        deviceHealth = r.u8('device_health');
        trailing++;
      }
      if (trailing === 6 && r.remaining >= 1) {
        desiredStatus = r.u8('desired_status');
        trailing++;
      }
      if (trailing === 7 && r.remaining >= 2) {
        unicastUsersCount = r.u16('unicast_users_count');
        trailing++;
      }
      if (trailing === 8 && r.remaining >= 2) {
        multicastSubscribersCount = r.u16('multicast_subscribers_count');
        trailing++;
      }
      if (trailing === 9 && r.remaining >= 2) {
        maxUnicastUsers = r.u16('max_unicast_users');
        trailing++;
      }
      if (trailing === 10 && r.remaining >= 2) {
        maxMulticastSubscribers = r.u16('max_multicast_subscribers');
        trailing++;
      }
      if (trailing === 11 && r.remaining >= 2) {
        reservedSeats = r.u16('reserved_seats');
        trailing++;
      }
      if (trailing === 12 && r.remaining >= 2) {
        multicastPublishersCount = r.u16('multicast_publishers_count');
        trailing++;
      }
      if (trailing === 13 && r.remaining >= 2) {
        maxMulticastPublishers = r.u16('max_multicast_publishers');
        trailing++;
      }
    }
    let records: Interface<K>[] | null = null;
    let recordsAt = -1;
    if (trailing === 14 && r.remaining >= 4) {
      const countAt = r.pos;
      const k = r.dv.getUint32(countAt, true);
      // A vector whose records do not all fit (size < 3, or running past the data) is absent:
      // the program rebuilds from the legacy records; its bytes stay as the extra tail.
      if (sizedRecordsFit(r, countAt + 4, k)) {
        r.pos = countAt + 4;
        if (k > 0) {
          recordsAt = r.pos;
          records = new Array<Interface<K>>(k);
          for (let i = 0; i < k; i++) records[i] = readInterfaceRecord(r, i);
          if (k !== legacyCount) {
            r.fail(
              'interfaces',
              `corrupt account: ${k} trailing interface record(s) but ${legacyCount} legacy record(s) (the program aborts on this)`,
              countAt,
            );
          }
        }
        trailing++;
      }
    }

    const current =
      trailing === TRAILING_COUNT &&
      r.remaining === 0 &&
      (records === null ? legacyCount === 0 : isCurrentFormat(r.buf, legacyAt, records, recordsAt));
    // The legacy records are needed unless they are exactly what the current program derives
    // from the trailing records (then decoding them again would only repeat the same bytes).
    const legacy: LegacyInterface<K>[] = current && !out ? [] : readLegacyRecords(r, legacyAt, legacyCount);
    if (out) out.legacy = legacy;

    let interfaces: Interface<K>[];
    if (records) {
      interfaces = records;
    } else {
      interfaces = new Array<Interface<K>>(legacy.length);
      for (let i = 0; i < legacy.length; i++) interfaces[i] = interfaceFromLegacy(legacy[i]!);
    }

    const device: Device<K> = {
      accountType: AccountType.Device,
      owner,
      index,
      bumpSeed,
      locationPk,
      exchangePk,
      deviceType,
      publicIp,
      status,
      code,
      dzPrefixes,
      metricsPublisherPk,
      contributorPk,
      mgmtVrf,
      referenceCount,
      usersCount,
      maxUsers,
      deviceHealth,
      desiredStatus,
      unicastUsersCount,
      multicastSubscribersCount,
      maxUnicastUsers,
      maxMulticastSubscribers,
      reservedSeats,
      multicastPublishersCount,
      maxMulticastPublishers,
      interfaces,
    };
    // A current-format account needs no marker: without one the encoder writes exactly that format.
    if (!current) {
      attachLayout<Device<K>, DeviceLayout>(device, {
        trailing,
        legacy,
        fromTrailing: records !== null,
        snapshot: interfaces.map(copyInterface),
        extra: restOf(r),
      });
    }
    return device;
  } catch (e) {
    // Report the first bad byte: a legacy record that does not decode comes before this error
    // (skipped above, it is decoded strictly only now).
    readLegacyRecords(r, legacyAt, legacyCount);
    throw e;
  }
}

/** The counter block reference_count … max_multicast_publishers: u32, 2 × u16, 2 × u8, 7 × u16. */
const COUNTER_BLOCK_SIZE = 24;

/** Fixed bytes of a legacy body after the name: V1 12, V2 (tags 1, 2, 3) 33. */
const LEGACY_V1_AFTER_NAME = 12;
const LEGACY_V2_AFTER_NAME = 33;

/**
 * Where the `n` legacy records starting at `p` end, reading only what gives their length (tag,
 * name length, tag-3 segment count); -1 when they do not all fit in the data (the vector is cut).
 */
function legacyRecordsEnd(r: Reader<unknown>, p: number, n: number): number {
  const b = r.buf;
  const len = b.length;
  for (let i = 0; i < n; i++) {
    if (p >= len) return -1;
    const tag = b[p]!;
    if (tag > LegacyInterfaceTag.V3) {
      p += 1;
      continue;
    }
    if (p + 6 > len) return -1;
    const nameLen = r.dv.getUint32(p + 2, true);
    p += 6 + nameLen + (tag === LegacyInterfaceTag.V1 ? LEGACY_V1_AFTER_NAME : LEGACY_V2_AFTER_NAME);
    if (p > len) return -1;
    if (tag === LegacyInterfaceTag.V3) {
      if (p + 4 > len) return -1;
      p += 4 + 34 * r.dv.getUint32(p, true);
      if (p > len) return -1;
    }
  }
  return p;
}

/**
 * Whether `k` size-prefixed records starting at `p` all fit in the data: each has its 3-byte
 * header, a `size` of at least 3, and ends within the data.
 */
function sizedRecordsFit(r: Reader<unknown>, p: number, k: number): boolean {
  const b = r.buf;
  const len = b.length;
  for (let i = 0; i < k; i++) {
    if (p + 3 > len) return false;
    const size = b[p]! | (b[p + 1]! << 8);
    if (size < 3) return false;
    p += size;
    if (p > len) return false;
  }
  return true;
}

/** Decodes (strictly) the `n` legacy records at `at`, leaving the reader's position alone. */
function readLegacyRecords<K>(r: Reader<K>, at: number, n: number): LegacyInterface<K>[] {
  if (n === 0) return [];
  const saved = r.pos;
  r.pos = at;
  const out = new Array<LegacyInterface<K>>(n);
  for (let i = 0; i < n; i++) out[i] = readLegacyInterface(r, i);
  r.pos = saved;
  return out;
}

/**
 * Whether the interface part is what the current program writes: each legacy record is a tag-1
 * V2 record whose body is byte for byte the version-4 body of the matching trailing record
 * (the V2 body is the version-4 body without the segment vector), and each trailing record is a
 * plain version-4 record (no layout marker: complete body, nothing after it, bool byte 0/1).
 * The byte comparison also vouches for the legacy bodies: they equal bytes already decoded.
 */
function isCurrentFormat(b: Uint8Array, legacyAt: number, records: Interface<unknown>[], recordsAt: number): boolean {
  let lp = legacyAt;
  let sp = recordsAt;
  for (let i = 0; i < records.length; i++) {
    if (layoutOf(records[i]!) !== undefined) return false;
    if (b[lp] !== LegacyInterfaceTag.V2) return false;
    const size = b[sp]! | (b[sp + 1]! << 8);
    // V2 body after the tag: status 1 + name 4 + N + 33; it must match the record body's start.
    const nameLen = (b[lp + 2]! | (b[lp + 3]! << 8) | (b[lp + 4]! << 16)) + b[lp + 5]! * 0x1000000;
    const bodyLen = 38 + nameLen;
    if (bodyLen > size - 3 - 4) return false;
    const x = lp + 1;
    const y = sp + 3;
    for (let j = 0; j < bodyLen; j++) if (b[x + j] !== b[y + j]) return false;
    lp += 1 + bodyLen;
    sp += size;
  }
  return true;
}

function copyInterface<K>(i: Interface<K>): Interface<K> {
  return { ...i, flexAlgoNodeSegments: i.flexAlgoNodeSegments.map((s) => ({ ...s })) };
}

function sameInterface(a: unknown, b: Interface<unknown>): boolean {
  if (a === null || typeof a !== 'object') return false;
  const x = a as Interface<unknown>;
  return (
    x.version === b.version &&
    // compares the 14 value fields, which an Interface has too (the record tag is not read)
    legacyMatchesInterface(x as unknown as LegacyInterface, b as Interface) &&
    sameSegments(x.flexAlgoNodeSegments as FlexAlgoNodeSegment[], b.flexAlgoNodeSegments as FlexAlgoNodeSegment[])
  );
}

function interfacesUnchanged(interfaces: unknown, snapshot: Interface<unknown>[]): boolean {
  if (!Array.isArray(interfaces) || interfaces.length !== snapshot.length) return false;
  for (let i = 0; i < snapshot.length; i++) if (!sameInterface(interfaces[i], snapshot[i]!)) return false;
  return true;
}

/**
 * How many trailing fields a decoded device with unchanged interfaces writes: as decoded, or
 * more when a later one no longer holds its default.
 */
function trailingToWrite(d: Device, layout: DeviceLayout): number {
  return trailingFieldsToWrite(layout.trailing, [
    d.mgmtVrf === '',
    true, // deprecated_interfaces: unchanged, so as absent as it was
    d.referenceCount === 0,
    d.usersCount === 0,
    d.maxUsers === 0,
    d.deviceHealth === DeviceHealth.Pending,
    d.desiredStatus === DeviceDesiredStatus.Pending,
    d.unicastUsersCount === 0,
    d.multicastSubscribersCount === 0,
    d.maxUnicastUsers === 0,
    d.maxMulticastSubscribers === 0,
    d.reservedSeats === 0,
    d.multicastPublishersCount === 0,
    d.maxMulticastPublishers === 0,
    true, // interfaces: unchanged
  ]);
}

/**
 * Encodes a Device account.
 *
 * A value returned by `decodeDevice` gives back exactly the bytes it was decoded from: same
 * trailing fields present, the stored legacy records (V1/V2/V3/tag ≥ 4) when the interfaces
 * were not edited, the trailing vector as stored (present, empty or absent; short bodies,
 * newer-version body bytes), and the extra tail. Any other value — built by hand or a spread
 * copy — is written like the current program writes it: every field, the legacy vector as one
 * tag-1 V2 record per interface (flex-algo segments dropped), then the trailing vector of
 * version-4 records with freshly computed sizes (45 + N + 34k). When the interfaces of a decoded
 * device were edited, the interface part is written that way too (record layouts kept).
 * `Interface.size` is never trusted: sizes are always computed from what is written.
 *
 * Undeclared enum values and out-of-range numbers are refused (EncodeError).
 */
export function encodeDevice(device: Device): Uint8Array {
  if (device === null || typeof device !== 'object') throw new EncodeError('Device', 'device', 'is not a Device object');
  const w = beginEncode(device, AccountType.Device, 512);
  const interfaces = device.interfaces;
  if (!Array.isArray(interfaces)) w.fail('interfaces', 'is not an array');
  for (let i = 0; i < interfaces.length; i++) checkInterface(w, interfaces[i]!, i);

  w.pubkey(device.owner, 'owner');
  w.u128(device.index, 'index');
  w.u8(device.bumpSeed, 'bump_seed');
  w.pubkey(device.locationPk, 'location_pk');
  w.pubkey(device.exchangePk, 'exchange_pk');
  writeEnum(w, DeviceTypeSpec, device.deviceType, 'device_type');
  w.ipv4(device.publicIp, 'public_ip');
  writeEnum(w, DeviceStatusSpec, device.status, 'status');
  w.string(device.code, 'code');
  w.networkV4Vec(device.dzPrefixes, 'dz_prefixes');
  w.pubkey(device.metricsPublisherPk, 'metrics_publisher_pk');
  w.pubkey(device.contributorPk, 'contributor_pk');

  const layout = layoutOf<DeviceLayout>(device);
  const unchanged = layout !== undefined && interfacesUnchanged(interfaces, layout.snapshot);
  // An edited interface list (or a value without layout) is written in the full current format.
  const n = unchanged ? trailingToWrite(device, layout!) : TRAILING_COUNT;
  if (n > 0) w.string(device.mgmtVrf, 'mgmt_vrf');
  if (n > 1) {
    if (unchanged) {
      const legacy = layout!.legacy;
      w.vecLen(legacy.length, 'deprecated_interfaces');
      for (let i = 0; i < legacy.length; i++) writeLegacyInterface(w, legacy[i]! as LegacyInterface, i);
    } else {
      w.vecLen(interfaces.length, 'deprecated_interfaces');
      for (let i = 0; i < interfaces.length; i++) writeLegacyInterface(w, legacyFromInterface(interfaces[i]!), i);
    }
  }
  if (n > 2) w.u32(device.referenceCount, 'reference_count');
  if (n > 3) w.u16(device.usersCount, 'users_count');
  if (n > 4) w.u16(device.maxUsers, 'max_users');
  if (n > 5) writeEnum(w, DeviceHealthSpec, device.deviceHealth, 'device_health');
  if (n > 6) writeEnum(w, DeviceDesiredStatusSpec, device.desiredStatus, 'desired_status');
  if (n > 7) w.u16(device.unicastUsersCount, 'unicast_users_count');
  if (n > 8) w.u16(device.multicastSubscribersCount, 'multicast_subscribers_count');
  if (n > 9) w.u16(device.maxUnicastUsers, 'max_unicast_users');
  if (n > 10) w.u16(device.maxMulticastSubscribers, 'max_multicast_subscribers');
  if (n > 11) w.u16(device.reservedSeats, 'reserved_seats');
  if (n > 12) w.u16(device.multicastPublishersCount, 'multicast_publishers_count');
  if (n > 13) w.u16(device.maxMulticastPublishers, 'max_multicast_publishers');
  if (n > 14) {
    if (unchanged && !layout!.fromTrailing) {
      // The interfaces were rebuilt from the legacy records and the trailing vector was empty.
      w.vecLen(0, 'interfaces');
    } else {
      w.vecLen(interfaces.length, 'interfaces');
      const asDecoded = layout !== undefined;
      for (let i = 0; i < interfaces.length; i++) writeInterfaceRecord(w, interfaces[i]!, i, { asDecoded });
    }
  }
  return finishEncode(w, layout, n, TRAILING_COUNT);
}

/** The getProgramAccounts filter selecting Device accounts (byte 0 = 5). */
export function deviceFilter(): ProgramAccountsFilter {
  return accountTypeFilter(AccountType.Device);
}
