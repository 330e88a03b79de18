import { AccountType, ExchangeStatus, ExchangeStatusSpec } from '../enums.js';
import { accountTypeFilter, beginDecode, layoutOf, type AccountBytes, type DecodeOptions, type ProgramAccountsFilter } from './common.js';
import type { KeyInput, KeyKind } from '../keys.js';
import {
  beginEncode,
  finishEncode,
  isZeroKey,
  trailingFieldsToWrite,
  withLayout,
  writeEnum,
  type TrailingLayout,
} from './internal.js';

/** Discriminator: byte 0 of every Exchange account. */
export const EXCHANGE_ACCOUNT_TYPE = AccountType.Exchange;

/** The decoded Exchange account (docs/wire-format.md#exchange). */
export interface Exchange<K = KeyInput> {
  /** The account-type byte (byte 0), always this account's type. */
  accountType: AccountType.Exchange;
  /** The key recorded as the account's owner (its creator, or who it was transferred to); not the program that owns the account. */
  owner: K;
  /** The account's index: the GlobalState counter value it was created with, a seed of its address. */
  index: bigint;
  /** The bump seed of the account's program-derived address. */
  bumpSeed: number;
  /** Latitude in degrees (north positive). */
  lat: number;
  /** Longitude in degrees (east positive). */
  lng: number;
  /** 10000–10999 when assigned; 0 = not assigned; old accounts may hold other values. */
  bgpCommunity: number;
  /** The upper half of the former u32 bgp_community; kept as stored. */
  unused: number;
  /** The exchange's status. */
  status: ExchangeStatus;
  /** The exchange's code. */
  code: string;
  /** The exchange's name. */
  name: string;
  /** How many accounts refer to this one; it cannot be deleted while this is above 0. */
  referenceCount: number;
  /** The first Device of the exchange (zero key when none). */
  device1Pk: K;
  /** The second Device of the exchange (zero key when none). */
  device2Pk: K;
}

/** The trailing (legacy) Exchange fields, in wire order. */
export const EXCHANGE_TRAILING_FIELDS = Object.freeze(['reference_count', 'device1_pk', 'device2_pk'] as const);

/** How a decoded Exchange's bytes ended (attached non-enumerably under RAW_LAYOUT): `trailing` counts EXCHANGE_TRAILING_FIELDS. */
export type ExchangeLayout = TrailingLayout;

const TRAILING_COUNT = EXCHANGE_TRAILING_FIELDS.length;

/**
 * Decodes an Exchange account: byte 0 = 4 and fields through name required (else DecodeError).
 * Like the program, a trailing field (reference_count, device1_pk, device2_pk) is present only
 * when all of its bytes are; from the first one cut short, it and every later one default
 * (0 / zero key). Bytes after the last trailing field present are kept for the encoder.
 */
export function decodeExchange<K>(keys: KeyKind<K>, input: AccountBytes, opts?: DecodeOptions): Exchange<K> {
  const r = beginDecode(input, AccountType.Exchange, opts, keys);
  const owner = r.pubkey('owner');
  const index = r.u128('index');
  const bumpSeed = r.u8('bump_seed');
  const lat = r.f64('lat');
  const lng = r.f64('lng');
  const bgpCommunity = r.u16('bgp_community');
  const unused = r.u16('unused');
  const status = r.u8('status');
  const code = r.string('code');
  const name = r.string('name');
  let trailing = 0;
  const referenceCount = r.remaining >= 4 ? (trailing++, r.u32('reference_count')) : 0;
  const device1Pk = trailing === 1 && r.remaining >= 32 ? (trailing++, r.pubkey('device1_pk')) : keys.zero;
  const device2Pk = trailing === 2 && r.remaining >= 32 ? (trailing++, r.pubkey('device2_pk')) : keys.zero;
  const x: Exchange<K> = {
    accountType: AccountType.Exchange,
    owner,
    index,
    bumpSeed,
    lat,
    lng,
    bgpCommunity,
    unused,
    status,
    code,
    name,
    referenceCount,
    device1Pk,
    device2Pk,
  };
  return trailing === TRAILING_COUNT && r.remaining === 0 ? x : withLayout(r, x, trailing);
}

/**
 * Encodes an Exchange account. A decoded value gives back its exact bytes; any other value is
 * written in the current full format. Undeclared statuses, NaN coordinates and out-of-range
 * numbers are refused (EncodeError).
 */
export function encodeExchange(x: Exchange): Uint8Array {
  const w = beginEncode(x, AccountType.Exchange, 192);
  w.pubkey(x.owner, 'owner');
  w.u128(x.index, 'index');
  w.u8(x.bumpSeed, 'bump_seed');
  w.f64(x.lat, 'lat');
  w.f64(x.lng, 'lng');
  w.u16(x.bgpCommunity, 'bgp_community');
  w.u16(x.unused, 'unused');
  writeEnum(w, ExchangeStatusSpec, x.status, 'status');
  w.string(x.code, 'code');
  w.string(x.name, 'name');
  const layout = layoutOf<ExchangeLayout>(x);
  const n = trailingFieldsToWrite(layout?.trailing, [x.referenceCount === 0, isZeroKey(x.device1Pk), isZeroKey(x.device2Pk)]);
  if (n > 0) w.u32(x.referenceCount, 'reference_count');
  if (n > 1) w.pubkey(x.device1Pk, 'device1_pk');
  if (n > 2) w.pubkey(x.device2Pk, 'device2_pk');
  return finishEncode(w, layout, n, TRAILING_COUNT);
}

/**
 * The getProgramAccounts memcmp filter selecting Exchange accounts (byte 0 = 4); combine it with
 * `pubkeyFilter(1, owner)` to narrow by owner.
 */
export function exchangeFilter(): ProgramAccountsFilter {
  return accountTypeFilter(AccountType.Exchange);
}
