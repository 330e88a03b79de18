import { ValidationError } from '../errors.js';
import { expectBoolean, expectObject } from '../validate.js';
import {
  AccountType,
  LinkDesiredStatus,
  LinkDesiredStatusSpec,
  LinkHealth,
  LinkHealthSpec,
  LinkLinkType,
  LinkLinkTypeSpec,
  LinkStatus,
  LinkStatusSpec,
} from '../enums.js';
import { checkedAccountBytes, fastPaths, isAscii, networkV4At, textAt, u128At, u16At, u32At, u64At } from '../codec/fast.js';
import type { KeyInput, KeyKind } from '../keys.js';
import { accountTypeFilter, beginDecode, layoutOf, type AccountBytes, type DecodeOptions, type ProgramAccountsFilter } from './common.js';
import {
  beginEncode,
  finishEncode,
  isEmptyList,
  trailingFieldsToWrite,
  vecFits,
  withLayout,
  writeEnum,
  type TrailingLayout,
} from './internal.js';

/** Discriminator: byte 0 of every Link account. */
export const LINK_ACCOUNT_TYPE = AccountType.Link;

/** link_flags bit 0: the link is administratively drained for unicast traffic. */
export const LINK_FLAG_UNICAST_DRAINED = 0x1;

/** The decoded Link account (docs/wire-format.md#link). */
export interface Link<K = KeyInput> {
  /** The account-type byte (byte 0), always this account's type. */
  accountType: AccountType.Link;
  /** The key recorded as the account's owner (its creator, or who it was transferred to); not the program that owns the account. */
  owner: K;
  /** The account's index: the GlobalState counter value it was created with, a seed of its address. */
  index: bigint;
  /** The bump seed of the account's program-derived address. */
  bumpSeed: number;
  /** The Device on side A. */
  sideAPk: K;
  /** The Device on side Z. */
  sideZPk: K;
  /** WAN or DZX. */
  linkType: LinkLinkType;
  /** The link's bandwidth, in bits per second. */
  bandwidth: bigint;
  /** The link's MTU, in bytes. */
  mtu: number;
  /** The link's measured delay (round-trip time), in nanoseconds. */
  delayNs: bigint;
  /** The link's jitter, in nanoseconds. */
  jitterNs: bigint;
  /** The tunnel id allocated to the link. */
  tunnelId: number;
  /** The IPv4 network allocated to the link's tunnel, as "a.b.c.d/n". */
  tunnelNet: string;
  /** The link's lifecycle status. */
  status: LinkStatus;
  /** The link's code. */
  code: string;
  /** The Contributor account that operates the link. */
  contributorPk: K;
  /** The interface on side A's device the link uses. */
  sideAIfaceName: string;
  /** The interface on side Z's device the link uses (set when side Z accepts a DZX link). */
  sideZIfaceName: string;
  /** A delay that overrides the measured one for routing, in nanoseconds (0 = no override). */
  delayOverrideNs: bigint;
  /** The link's health as its health oracle last reported it. */
  linkHealth: LinkHealth;
  /** The status its operators want it in. */
  desiredStatus: LinkDesiredStatus;
  /** The Topology accounts (PDAs) the link belongs to (at most 8). */
  linkTopologies: K[];
  /** Flag bits: bit 0 (0x1) = administratively drained for unicast traffic; other bits are reserved and kept as read. */
  linkFlags: number;
}

/** Byte offsets of the fixed-position Link fields (docs/wire-format.md#link). */
export const LINK_OFFSETS = Object.freeze({
  owner: 1,
  index: 33,
  bumpSeed: 49,
  sideAPk: 50,
  sideZPk: 82,
  linkType: 114,
  bandwidth: 115,
  mtu: 123,
  delayNs: 127,
  jitterNs: 135,
  tunnelId: 143,
  tunnelNet: 145,
  status: 150,
  code: 151,
});

/**
 * The trailing (legacy) Link fields, in wire order: an account written by an older program
 * ends before some of them, and they then take these defaults.
 */
export const LINK_TRAILING_FIELDS = Object.freeze([
  'delay_override_ns',
  'link_health',
  'desired_status',
  'link_topologies',
  'link_flags',
] as const);

/** How a decoded Link's bytes ended (attached non-enumerably under RAW_LAYOUT): `trailing` counts LINK_TRAILING_FIELDS. */
export type LinkLayout = TrailingLayout;

const TRAILING_COUNT = LINK_TRAILING_FIELDS.length;

/**
 * Decodes a Link account: byte 0 must be 6 and every field up to side_z_iface_name must be
 * there (else DecodeError naming the field and its offset). Like the program, a trailing
 * (legacy) field is present only when all of its bytes are: from the first one with fewer bytes
 * left than it needs (e.g. a link_topologies count whose keys are cut), it and every later one
 * take the program's defaults (link_health Pending, desired_status Pending, the others 0 /
 * empty). Undeclared enum bytes are kept as the raw number. Bytes after the last trailing field
 * present (a cut field, or bytes after link_flags) are ignored and kept for `encodeLink`.
 */
export function decodeLink<K>(keys: KeyKind<K>, input: AccountBytes, opts?: DecodeOptions): Link<K> {
  const data = fastPaths.enabled ? checkedAccountBytes(input, AccountType.Link, opts) : undefined;
  return (data !== undefined && decodeCurrentLink(data, keys)) || decodeGeneral(input, opts, keys);
}

/** Byte offset of the code length in every Link account. */
const CODE_AT = 151;

/**
 * The Link of an account in exactly the current format (every trailing field present, nothing
 * after link_flags) with nothing in it that could fail to decode (ASCII strings, prefix ≤ 32),
 * read straight from the bytes; undefined for any other account, which the general decoder then
 * reads (giving the same value for the accounts accepted here: test/state/currentFormat.test.ts).
 */
function decodeCurrentLink<K>(b: Uint8Array, keys: KeyKind<K>): Link<K> | undefined {
  const len = b.length;
  if (len < CODE_AT + 4 || b[149]! > 32) return undefined;
  const codeLen = u32At(b, CODE_AT);
  if (codeLen > len - CODE_AT - 4 - 32 - 4) return undefined;
  const codeAt = CODE_AT + 4;
  let p = codeAt + codeLen + 32; // side_a_iface_name
  const aLen = u32At(b, p);
  if (aLen > len - p - 4 - 4) return undefined;
  const aAt = p + 4;
  p = aAt + aLen;
  const zLen = u32At(b, p);
  // side_z_iface_name, then delay_override_ns 8, link_health 1, desired_status 1, topology count 4
  if (zLen > len - p - 4 - 14) return undefined;
  const zAt = p + 4;
  p = zAt + zLen + 10;
  const topologies = u32At(b, p);
  if (len - p - 8 !== topologies * 32) return undefined; // then link_flags, and the end
  if (!isAscii(b, codeAt, codeAt + codeLen) || !isAscii(b, aAt, aAt + aLen) || !isAscii(b, zAt, zAt + zLen)) return undefined;
  const linkTopologies = new Array<K>(topologies);
  for (let i = 0, k = p + 4; i < topologies; i++, k += 32) linkTopologies[i] = keys.at(b, k);
  const t = zAt + zLen;
  return {
    accountType: AccountType.Link,
    owner: keys.at(b, 1),
    index: u128At(b, 33),
    bumpSeed: b[49]!,
    sideAPk: keys.at(b, 50),
    sideZPk: keys.at(b, 82),
    linkType: b[114]!,
    bandwidth: u64At(b, 115),
    mtu: u32At(b, 123),
    delayNs: u64At(b, 127),
    jitterNs: u64At(b, 135),
    tunnelId: u16At(b, 143),
    tunnelNet: networkV4At(b, 145),
    status: b[150]!,
    code: textAt(b, codeAt, codeLen),
    contributorPk: keys.at(b, codeAt + codeLen),
    sideAIfaceName: textAt(b, aAt, aLen),
    sideZIfaceName: textAt(b, zAt, zLen),
    delayOverrideNs: u64At(b, t),
    linkHealth: b[t + 8]!,
    desiredStatus: b[t + 9]!,
    linkTopologies,
    linkFlags: u32At(b, len - 4),
  };
}

/** The general decoder: every account layout, and every DecodeError. */
function decodeGeneral<K>(input: AccountBytes, opts: DecodeOptions | undefined, keys: KeyKind<K>): Link<K> {
  const r = beginDecode(input, AccountType.Link, opts, keys);
  const owner = r.pubkey('owner');
  const index = r.u128('index');
  const bumpSeed = r.u8('bump_seed');
  const sideAPk = r.pubkey('side_a_pk');
  const sideZPk = r.pubkey('side_z_pk');
  const linkType = r.u8('link_type');
  const bandwidth = r.u64('bandwidth');
  const mtu = r.u32('mtu');
  const delayNs = r.u64('delay_ns');
  const jitterNs = r.u64('jitter_ns');
  const tunnelId = r.u16('tunnel_id');
  const tunnelNet = r.networkV4('tunnel_net');
  const status = r.u8('status');
  const code = r.string('code');
  const contributorPk = r.pubkey('contributor_pk');
  const sideAIfaceName = r.string('side_a_iface_name');
  const sideZIfaceName = r.string('side_z_iface_name');
  let trailing = 0;
  const delayOverrideNs = r.remaining >= 8 ? (trailing++, r.u64('delay_override_ns')) : 0n;
  const linkHealth = trailing === 1 && r.remaining >= 1 ? (trailing++, r.u8('link_health')) : LinkHealth.Pending;
  const desiredStatus =
    trailing === 2 && r.remaining >= 1 ? (trailing++, r.u8('desired_status')) : LinkDesiredStatus.Pending;
  const linkTopologies = trailing === 3 && vecFits(r, 32) ? (trailing++, r.pubkeyVec('link_topologies')) : ([] as K[]);
  const linkFlags = trailing === 4 && r.remaining >= 4 ? (trailing++, r.u32('link_flags')) : 0;
  const link: Link<K> = {
    accountType: AccountType.Link,
    owner,
    index,
    bumpSeed,
    sideAPk,
    sideZPk,
    linkType,
    bandwidth,
    mtu,
    delayNs,
    jitterNs,
    tunnelId,
    tunnelNet,
    status,
    code,
    contributorPk,
    sideAIfaceName,
    sideZIfaceName,
    delayOverrideNs,
    linkHealth,
    desiredStatus,
    linkTopologies,
    linkFlags,
  };
  return trailing === TRAILING_COUNT && r.remaining === 0 ? link : withLayout(r, link, trailing);
}

/**
 * Encodes a Link account. A value returned by `decodeLink` gives back exactly the bytes it was
 * decoded from (same trailing fields present, same extra tail); any other value is written in
 * the current full format. Undeclared enum values and out-of-range numbers are refused
 * (EncodeError).
 */
export function encodeLink(link: Link): Uint8Array {
  const w = beginEncode(link, AccountType.Link, 256);
  w.pubkey(link.owner, 'owner');
  w.u128(link.index, 'index');
  w.u8(link.bumpSeed, 'bump_seed');
  w.pubkey(link.sideAPk, 'side_a_pk');
  w.pubkey(link.sideZPk, 'side_z_pk');
  writeEnum(w, LinkLinkTypeSpec, link.linkType, 'link_type');
  w.u64(link.bandwidth, 'bandwidth');
  w.u32(link.mtu, 'mtu');
  w.u64(link.delayNs, 'delay_ns');
  w.u64(link.jitterNs, 'jitter_ns');
  w.u16(link.tunnelId, 'tunnel_id');
  w.networkV4(link.tunnelNet, 'tunnel_net');
  writeEnum(w, LinkStatusSpec, link.status, 'status');
  w.string(link.code, 'code');
  w.pubkey(link.contributorPk, 'contributor_pk');
  w.string(link.sideAIfaceName, 'side_a_iface_name');
  w.string(link.sideZIfaceName, 'side_z_iface_name');
  const layout = layoutOf<LinkLayout>(link);
  const n = trailingFieldsToWrite(layout?.trailing, [
    link.delayOverrideNs === 0n,
    link.linkHealth === LinkHealth.Pending,
    link.desiredStatus === LinkDesiredStatus.Pending,
    isEmptyList(link.linkTopologies),
    link.linkFlags === 0,
  ]);
  if (n > 0) w.u64(link.delayOverrideNs, 'delay_override_ns');
  if (n > 1) writeEnum(w, LinkHealthSpec, link.linkHealth, 'link_health');
  if (n > 2) writeEnum(w, LinkDesiredStatusSpec, link.desiredStatus, 'desired_status');
  if (n > 3) w.pubkeyVec(link.linkTopologies, 'link_topologies');
  if (n > 4) w.u32(link.linkFlags, 'link_flags');
  return finishEncode(w, layout, n, TRAILING_COUNT);
}

/**
 * The getProgramAccounts memcmp filter selecting Link accounts (byte 0 = 6). Combine it with
 * `pubkeyFilter(LINK_OFFSETS.sideAPk, key)` (or owner / sideZPk) to narrow further.
 */
export function linkFilter(): ProgramAccountsFilter {
  return accountTypeFilter(AccountType.Link);
}

/** Whether the link is administratively drained for unicast traffic (link_flags bit 0). */
export function isUnicastDrained(link: Pick<Link, 'linkFlags'>): boolean {
  expectObject(link, 'link');
  checkFlags(link.linkFlags, 'link.linkFlags');
  return (link.linkFlags & LINK_FLAG_UNICAST_DRAINED) !== 0;
}

/**
 * `flags` with LINK_FLAG_UNICAST_DRAINED set (`on`) or cleared; every other bit is preserved
 * (the reserved bits belong to the program). Throws ValidationError if `flags` is not a u32.
 */
export function withUnicastDrained(flags: number, on: boolean): number {
  checkFlags(flags, 'link_flags');
  expectBoolean(on, 'on');
  return (on ? flags | LINK_FLAG_UNICAST_DRAINED : flags & ~LINK_FLAG_UNICAST_DRAINED) >>> 0;
}

/** `flags` must be a u32 bitmask (a ValidationError naming `name` otherwise). */
function checkFlags(flags: unknown, name: string): asserts flags is number {
  if (typeof flags !== 'number' || !Number.isInteger(flags) || flags < 0 || flags > 0xffffffff) {
    throw new ValidationError(name, 'a u32 bitmask', `${name} ${typeof flags === 'string' ? JSON.stringify(flags) : String(flags)} is not a u32`);
  }
}
