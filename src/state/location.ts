import type { GetProgramAccountsFilter, PublicKey } from '@solana/web3.js';
import { AccountType, LocationStatus, LocationStatusSpec } from '../enums.js';
import { Writer } from '../codec/writer.js';
import {
  accountTypeFilter,
  attachLayout,
  beginDecode,
  layoutOf,
  type AccountBytes,
  type DecodeOptions,
} from './common.js';

/** Discriminator: byte 0 of every Location account. */
export const LOCATION_ACCOUNT_TYPE = AccountType.Location;

/** The decoded Location account (accounts.md §3.3). */
export interface Location {
  accountType: AccountType.Location;
  owner: PublicKey;
  index: bigint;
  bumpSeed: number;
  lat: number;
  lng: number;
  locId: number;
  status: LocationStatus;
  code: string;
  name: string;
  country: string;
  referenceCount: number;
}

/** The trailing (legacy) Location fields, in wire order. */
export const LOCATION_TRAILING_FIELDS = Object.freeze(['reference_count'] as const);

/** How a decoded Location's bytes ended (attached non-enumerably under RAW_LAYOUT). */
export interface LocationLayout {
  /** How many of LOCATION_TRAILING_FIELDS were present (0..1). */
  trailing: number;
  /** Bytes after the last known field (written by a newer program). */
  extra: Uint8Array;
}

const TRAILING_COUNT = LOCATION_TRAILING_FIELDS.length;
const EMPTY = new Uint8Array(0);

/**
 * Decodes a Location account strictly (byte 0 = 3, fields through country required;
 * reference_count defaults to 0 when absent). An undeclared status byte is kept as the number.
 */
export function decodeLocation(input: AccountBytes, opts?: DecodeOptions): Location {
  const r = beginDecode(input, AccountType.Location, opts);
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
  let referenceCount = 0;
  if (r.remaining > 0) {
    referenceCount = r.u32('reference_count');
    trailing = 1;
  }
  const loc: Location = {
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
  if (trailing < TRAILING_COUNT || r.remaining > 0) {
    // A copy (for a Buffer input, slice() would share the caller's memory).
    const extra = r.remaining > 0 ? new Uint8Array(r.buf.subarray(r.pos)) : EMPTY;
    attachLayout<Location, LocationLayout>(loc, { trailing, extra });
  }
  return loc;
}

/**
 * Encodes a Location account. A decoded value gives back its exact bytes; any other value is
 * written in the current full format. Undeclared statuses, NaN coordinates and out-of-range
 * numbers are refused (EncodeError).
 */
export function encodeLocation(loc: Location): Uint8Array {
  const w = new Writer('Location', 128);
  if (loc.accountType !== AccountType.Location) {
    w.fail('account_type', `${String(loc.accountType)} is not ${AccountType.Location} (Location)`);
  }
  w.u8(AccountType.Location, 'account_type');
  w.pubkey(loc.owner, 'owner');
  w.u128(loc.index, 'index');
  w.u8(loc.bumpSeed, 'bump_seed');
  w.f64(loc.lat, 'lat');
  w.f64(loc.lng, 'lng');
  w.u32(loc.locId, 'loc_id');
  if (!LocationStatusSpec.isKnown(loc.status)) {
    w.fail('status', `${String(loc.status)} is not a declared ${LocationStatusSpec.name} value`);
  }
  w.u8(loc.status, 'status');
  w.string(loc.code, 'code');
  w.string(loc.name, 'name');
  w.string(loc.country, 'country');
  const layout = layoutOf<LocationLayout>(loc);
  const n = !layout ? TRAILING_COUNT : layout.trailing >= 1 || loc.referenceCount !== 0 ? 1 : 0;
  if (n > 0) w.u32(loc.referenceCount, 'reference_count');
  if (n === TRAILING_COUNT && layout && layout.extra.length > 0) w.bytes(layout.extra);
  return w.finish();
}

/**
 * The getProgramAccounts memcmp filter selecting Location accounts (byte 0 = 3); combine it with
 * `pubkeyFilter(1, owner)` to narrow by owner.
 */
export function locationFilter(): GetProgramAccountsFilter {
  return accountTypeFilter(AccountType.Location);
}
