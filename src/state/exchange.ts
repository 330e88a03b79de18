import type { GetProgramAccountsFilter } from '@solana/web3.js';
import { PublicKey } from '@solana/web3.js';
import { AccountType, ExchangeStatus, ExchangeStatusSpec } from '../enums.js';
import { Writer } from '../codec/writer.js';
import {
  accountTypeFilter,
  attachLayout,
  beginDecode,
  layoutOf,
  type AccountBytes,
  type DecodeOptions,
} from './common.js';

/** Discriminator: byte 0 of every Exchange account. */
export const EXCHANGE_ACCOUNT_TYPE = AccountType.Exchange;

/** The decoded Exchange account (accounts.md §3.4). */
export interface Exchange {
  accountType: AccountType.Exchange;
  owner: PublicKey;
  index: bigint;
  bumpSeed: number;
  lat: number;
  lng: number;
  /** 10000–10999 when assigned; 0 = not assigned; old accounts may hold other values. */
  bgpCommunity: number;
  /** The upper half of the former u32 bgp_community; kept as stored. */
  unused: number;
  status: ExchangeStatus;
  code: string;
  name: string;
  referenceCount: number;
  device1Pk: PublicKey;
  device2Pk: PublicKey;
}

/** The trailing (legacy) Exchange fields, in wire order. */
export const EXCHANGE_TRAILING_FIELDS = Object.freeze(['reference_count', 'device1_pk', 'device2_pk'] as const);

/** How a decoded Exchange's bytes ended (attached non-enumerably under RAW_LAYOUT). */
export interface ExchangeLayout {
  /** How many of EXCHANGE_TRAILING_FIELDS were present (0..3). */
  trailing: number;
  /** Bytes after the last known field (written by a newer program). */
  extra: Uint8Array;
}

const TRAILING_COUNT = EXCHANGE_TRAILING_FIELDS.length;
const EMPTY = new Uint8Array(0);

/**
 * Decodes an Exchange account strictly (byte 0 = 4, fields through name required; the
 * trailing reference_count, device1_pk, device2_pk default to 0 / zero key when absent).
 */
export function decodeExchange(input: AccountBytes, opts?: DecodeOptions): Exchange {
  const r = beginDecode(input, AccountType.Exchange, opts);
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
  let referenceCount = 0;
  let device1Pk = PublicKey.default;
  let device2Pk = PublicKey.default;
  if (r.remaining > 0) {
    referenceCount = r.u32('reference_count');
    trailing = 1;
    if (r.remaining > 0) {
      device1Pk = r.pubkey('device1_pk');
      trailing = 2;
      if (r.remaining > 0) {
        device2Pk = r.pubkey('device2_pk');
        trailing = 3;
      }
    }
  }
  const x: Exchange = {
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
  if (trailing < TRAILING_COUNT || r.remaining > 0) {
    // A copy (for a Buffer input, slice() would share the caller's memory).
    const extra = r.remaining > 0 ? new Uint8Array(r.buf.subarray(r.pos)) : EMPTY;
    attachLayout<Exchange, ExchangeLayout>(x, { trailing, extra });
  }
  return x;
}

const isZeroKey = (k: unknown): boolean => k instanceof PublicKey && k.equals(PublicKey.default);

function trailingToWrite(x: Exchange, layout: ExchangeLayout | undefined): number {
  if (!layout) return TRAILING_COUNT;
  const isDefault = [x.referenceCount === 0, isZeroKey(x.device1Pk), isZeroKey(x.device2Pk)];
  let n = Math.min(Math.max(0, layout.trailing | 0), TRAILING_COUNT);
  for (let i = TRAILING_COUNT - 1; i >= n; i--) {
    if (!isDefault[i]) {
      n = i + 1;
      break;
    }
  }
  return n;
}

/**
 * Encodes an Exchange account. A decoded value gives back its exact bytes; any other value is
 * written in the current full format. Undeclared statuses, NaN coordinates and out-of-range
 * numbers are refused (EncodeError).
 */
export function encodeExchange(x: Exchange): Uint8Array {
  const w = new Writer('Exchange', 192);
  if (x.accountType !== AccountType.Exchange) {
    w.fail('account_type', `${String(x.accountType)} is not ${AccountType.Exchange} (Exchange)`);
  }
  w.u8(AccountType.Exchange, 'account_type');
  w.pubkey(x.owner, 'owner');
  w.u128(x.index, 'index');
  w.u8(x.bumpSeed, 'bump_seed');
  w.f64(x.lat, 'lat');
  w.f64(x.lng, 'lng');
  w.u16(x.bgpCommunity, 'bgp_community');
  w.u16(x.unused, 'unused');
  if (!ExchangeStatusSpec.isKnown(x.status)) {
    w.fail('status', `${String(x.status)} is not a declared ${ExchangeStatusSpec.name} value`);
  }
  w.u8(x.status, 'status');
  w.string(x.code, 'code');
  w.string(x.name, 'name');
  const layout = layoutOf<ExchangeLayout>(x);
  const n = trailingToWrite(x, layout);
  if (n > 0) w.u32(x.referenceCount, 'reference_count');
  if (n > 1) w.pubkey(x.device1Pk, 'device1_pk');
  if (n > 2) w.pubkey(x.device2Pk, 'device2_pk');
  if (n === TRAILING_COUNT && layout && layout.extra.length > 0) w.bytes(layout.extra);
  return w.finish();
}

/**
 * The getProgramAccounts memcmp filter selecting Exchange accounts (byte 0 = 4); combine it with
 * `pubkeyFilter(1, owner)` to narrow by owner.
 */
export function exchangeFilter(): GetProgramAccountsFilter {
  return accountTypeFilter(AccountType.Exchange);
}
