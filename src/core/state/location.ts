import { AccountType, LocationStatus, LocationStatusSpec } from '../enums.js';
import { accountTypeFilter, beginDecode, layoutOf, type AccountBytes, type DecodeOptions, type ProgramAccountsFilter } from './common.js';
import type { KeyInput, KeyKind } from '../keys.js';
import { beginEncode, finishEncode, trailingFieldsToWrite, withLayout, writeEnum, type TrailingLayout } from './internal.js';

/** Discriminator: byte 0 of every Location account. */
export const LOCATION_ACCOUNT_TYPE = AccountType.Location;

/** The decoded Location account (docs/wire-format.md#location). */
export interface Location<K = KeyInput> {
  /** The account-type byte (byte 0), always this account's type. */
  accountType: AccountType.Location;
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
  /** A numeric location id. */
  locId: number;
  /** The location's status. */
  status: LocationStatus;
  /** The location's code, e.g. "lax". */
  code: string;
  /** The location's name. */
  name: string;
  /** The country code. */
  country: string;
  /** How many accounts refer to this one; it cannot be deleted while this is above 0. */
  referenceCount: number;
}

/** The trailing (legacy) Location fields, in wire order. */
export const LOCATION_TRAILING_FIELDS = Object.freeze(['reference_count'] as const);

/** How a decoded Location's bytes ended (attached non-enumerably under RAW_LAYOUT): `trailing` counts LOCATION_TRAILING_FIELDS. */
export type LocationLayout = TrailingLayout;

const TRAILING_COUNT = LOCATION_TRAILING_FIELDS.length;

/**
 * Decodes a Location account: byte 0 = 3 and fields through country required (else
 * DecodeError). reference_count is 0 when fewer than its 4 bytes remain, like the program; the
 * bytes after it (or a cut reference_count) are ignored and kept for the encoder. An undeclared
 * status byte is kept as the number.
 */
export function decodeLocation<K>(keys: KeyKind<K>, input: AccountBytes, opts?: DecodeOptions): Location<K> {
  const r = beginDecode(input, AccountType.Location, opts, keys);
  const owner = r.pubkey('owner');
  const index = r.u128('index');
  const bumpSeed = r.u8('bump_seed');
  const lat = r.f64('lat');
  const lng = r.f64('lng');
  const locId = r.u32('loc_id');
  const status = r.u8('status');
  const code = r.string('code');
  const name = r.string('name');
  const country = r.string('country');
  let trailing = 0;
  const referenceCount = r.remaining >= 4 ? (trailing++, r.u32('reference_count')) : 0;
  const loc: Location<K> = {
    accountType: AccountType.Location,
    owner,
    index,
    bumpSeed,
    lat,
    lng,
    locId,
    status,
    code,
    name,
    country,
    referenceCount,
  };
  return trailing === TRAILING_COUNT && r.remaining === 0 ? loc : withLayout(r, loc, trailing);
}

/**
 * Encodes a Location account. A decoded value gives back its exact bytes; any other value is
 * written in the current full format. Undeclared statuses, NaN coordinates and out-of-range
 * numbers are refused (EncodeError).
 */
export function encodeLocation(loc: Location): Uint8Array {
  const w = beginEncode(loc, AccountType.Location, 128);
  w.pubkey(loc.owner, 'owner');
  w.u128(loc.index, 'index');
  w.u8(loc.bumpSeed, 'bump_seed');
  w.f64(loc.lat, 'lat');
  w.f64(loc.lng, 'lng');
  w.u32(loc.locId, 'loc_id');
  writeEnum(w, LocationStatusSpec, loc.status, 'status');
  w.string(loc.code, 'code');
  w.string(loc.name, 'name');
  w.string(loc.country, 'country');
  const layout = layoutOf<LocationLayout>(loc);
  const n = trailingFieldsToWrite(layout?.trailing, [loc.referenceCount === 0]);
  if (n > 0) w.u32(loc.referenceCount, 'reference_count');
  return finishEncode(w, layout, n, TRAILING_COUNT);
}

/**
 * The getProgramAccounts memcmp filter selecting Location accounts (byte 0 = 3); combine it with
 * `pubkeyFilter(1, owner)` to narrow by owner.
 */
export function locationFilter(): ProgramAccountsFilter {
  return accountTypeFilter(AccountType.Location);
}
