import { AccountType } from '../enums.js';
import { accountTypeFilter, beginDecode, layoutOf, type AccountBytes, type DecodeOptions, type ProgramAccountsFilter } from './common.js';
import type { KeyInput, KeyKind } from '../keys.js';
import { beginEncode, finishEncode, trailingFieldsToWrite, withLayout, type TrailingLayout } from './internal.js';

/** Discriminator: byte 0 of the GlobalConfig account. */
export const GLOBAL_CONFIG_ACCOUNT_TYPE = AccountType.GlobalConfig;

/** Lowest BGP community the program hands out; also next_bgp_community's default when absent. */
export const BGP_COMMUNITY_MIN = 10000;

/** Size of a current-format GlobalConfig account. */
export const GLOBAL_CONFIG_SIZE = 64;

/** The decoded GlobalConfig singleton (docs/wire-format.md#globalconfig). */
export interface GlobalConfig<K = KeyInput> {
  /** The account-type byte (byte 0), always this account's type. */
  accountType: AccountType.GlobalConfig;
  /** The key recorded as the account's owner (its creator, or who it was transferred to); not the program that owns the account. */
  owner: K;
  /** The bump seed of the account's program-derived address. */
  bumpSeed: number;
  /** The network's own BGP autonomous system number. */
  localAsn: number;
  /** The BGP autonomous system number of the peers. */
  remoteAsn: number;
  /** The IPv4 block link tunnel networks are allocated from, as "a.b.c.d/n". */
  deviceTunnelBlock: string;
  /** The IPv4 block user tunnels are allocated from. */
  userTunnelBlock: string;
  /** The IPv4 block multicast group addresses are allocated from. */
  multicastgroupBlock: string;
  /** The next BGP community value to assign (10000 to 10999). */
  nextBgpCommunity: number;
  /** The IPv4 block multicast publisher addresses are allocated from. */
  multicastPublisherBlock: string;
}

/** The trailing (legacy) GlobalConfig fields, in wire order. */
export const GLOBAL_CONFIG_TRAILING_FIELDS = Object.freeze(['next_bgp_community', 'multicast_publisher_block'] as const);

/** How a decoded GlobalConfig's bytes ended (attached non-enumerably under RAW_LAYOUT): `trailing` counts GLOBAL_CONFIG_TRAILING_FIELDS. */
export type GlobalConfigLayout = TrailingLayout;

const TRAILING_COUNT = GLOBAL_CONFIG_TRAILING_FIELDS.length;
const NET_DEFAULT = '0.0.0.0/0';

/**
 * Decodes the GlobalConfig account: byte 0 = 2 and fields through multicastgroup_block required
 * (else DecodeError). A trailing field is present only when all of its bytes are; from the first
 * one cut short, it and the later one default like the program: next_bgp_community 10000,
 * multicast_publisher_block 0.0.0.0/0 (a present block with prefix > 32 is a DecodeError). Bytes
 * after the last trailing field present are ignored and kept for the encoder.
 */
export function decodeGlobalConfig<K>(keys: KeyKind<K>, input: AccountBytes, opts?: DecodeOptions): GlobalConfig<K> {
  const r = beginDecode(input, AccountType.GlobalConfig, opts, keys);
  const owner = r.pubkey('owner');
  const bumpSeed = r.u8('bump_seed');
  const localAsn = r.u32('local_asn');
  const remoteAsn = r.u32('remote_asn');
  const deviceTunnelBlock = r.networkV4('device_tunnel_block');
  const userTunnelBlock = r.networkV4('user_tunnel_block');
  const multicastgroupBlock = r.networkV4('multicastgroup_block');
  let trailing = 0;
  const nextBgpCommunity = r.remaining >= 2 ? (trailing++, r.u16('next_bgp_community')) : BGP_COMMUNITY_MIN;
  const multicastPublisherBlock =
    trailing === 1 && r.remaining >= 5 ? (trailing++, r.networkV4('multicast_publisher_block')) : NET_DEFAULT;
  const gc: GlobalConfig<K> = {
    accountType: AccountType.GlobalConfig,
    owner,
    bumpSeed,
    localAsn,
    remoteAsn,
    deviceTunnelBlock,
    userTunnelBlock,
    multicastgroupBlock,
    nextBgpCommunity,
    multicastPublisherBlock,
  };
  return trailing === TRAILING_COUNT && r.remaining === 0 ? gc : withLayout(r, gc, trailing);
}

/**
 * Encodes the GlobalConfig account. A decoded value gives back its exact bytes; any other
 * value is written in the current 64-byte format. Out-of-range numbers and malformed
 * networks are refused (EncodeError).
 */
export function encodeGlobalConfig(gc: GlobalConfig): Uint8Array {
  const w = beginEncode(gc, AccountType.GlobalConfig, GLOBAL_CONFIG_SIZE);
  w.pubkey(gc.owner, 'owner');
  w.u8(gc.bumpSeed, 'bump_seed');
  w.u32(gc.localAsn, 'local_asn');
  w.u32(gc.remoteAsn, 'remote_asn');
  w.networkV4(gc.deviceTunnelBlock, 'device_tunnel_block');
  w.networkV4(gc.userTunnelBlock, 'user_tunnel_block');
  w.networkV4(gc.multicastgroupBlock, 'multicastgroup_block');
  const layout = layoutOf<GlobalConfigLayout>(gc);
  const n = trailingFieldsToWrite(layout?.trailing, [
    gc.nextBgpCommunity === BGP_COMMUNITY_MIN,
    gc.multicastPublisherBlock === NET_DEFAULT,
  ]);
  if (n > 0) w.u16(gc.nextBgpCommunity, 'next_bgp_community');
  if (n > 1) w.networkV4(gc.multicastPublisherBlock, 'multicast_publisher_block');
  return finishEncode(w, layout, n, TRAILING_COUNT);
}

/** The getProgramAccounts memcmp filter selecting the GlobalConfig account (byte 0 = 2). */
export function globalConfigFilter(): ProgramAccountsFilter {
  return accountTypeFilter(AccountType.GlobalConfig);
}
