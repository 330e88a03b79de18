import { AccountType, ContributorStatus, ContributorStatusSpec } from '../enums.js';
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

/** Discriminator: byte 0 of every Contributor account. */
export const CONTRIBUTOR_ACCOUNT_TYPE = AccountType.Contributor;

/** The decoded Contributor account (docs/wire-format.md#contributor). */
export interface Contributor<K = KeyInput> {
  /** The account-type byte (byte 0), always this account's type. */
  accountType: AccountType.Contributor;
  /** The key recorded as the account's owner (its creator, or who it was transferred to); not the program that owns the account. */
  owner: K;
  /** The account's index: the GlobalState counter value it was created with, a seed of its address. */
  index: bigint;
  /** The bump seed of the account's program-derived address. */
  bumpSeed: number;
  /** The contributor's status. */
  status: ContributorStatus;
  /** The contributor's code. */
  code: string;
  /** How many accounts refer to this one; it cannot be deleted while this is above 0. */
  referenceCount: number;
  /** The key of the contributor's operations manager (zero key when none). */
  opsManagerPk: K;
}

/** The trailing (legacy) Contributor fields, in wire order. */
export const CONTRIBUTOR_TRAILING_FIELDS = Object.freeze(['ops_manager_pk'] as const);

/** How a decoded Contributor's bytes ended (attached non-enumerably under RAW_LAYOUT): `trailing` counts CONTRIBUTOR_TRAILING_FIELDS. */
export type ContributorLayout = TrailingLayout;

const TRAILING_COUNT = CONTRIBUTOR_TRAILING_FIELDS.length;

/**
 * Decodes a Contributor account: byte 0 = 10 and fields through reference_count required (else
 * DecodeError). ops_manager_pk is the zero key when fewer than its 32 bytes remain, like the
 * program; the bytes after it (or a cut ops_manager_pk) are ignored and kept for the encoder.
 */
export function decodeContributor<K>(keys: KeyKind<K>, input: AccountBytes, opts?: DecodeOptions): Contributor<K> {
  const r = beginDecode(input, AccountType.Contributor, opts, keys);
  const owner = r.pubkey('owner');
  const index = r.u128('index');
  const bumpSeed = r.u8('bump_seed');
  const status = r.u8('status');
  const code = r.string('code');
  const referenceCount = r.u32('reference_count');
  let trailing = 0;
  const opsManagerPk = r.remaining >= 32 ? (trailing++, r.pubkey('ops_manager_pk')) : keys.zero;
  const c: Contributor<K> = {
    accountType: AccountType.Contributor,
    owner,
    index,
    bumpSeed,
    status,
    code,
    referenceCount,
    opsManagerPk,
  };
  return trailing === TRAILING_COUNT && r.remaining === 0 ? c : withLayout(r, c, trailing);
}

/**
 * Encodes a Contributor account. A decoded value gives back its exact bytes; any other value
 * is written in the current full format. Undeclared statuses and out-of-range numbers are
 * refused (EncodeError).
 */
export function encodeContributor(c: Contributor): Uint8Array {
  const w = beginEncode(c, AccountType.Contributor, 128);
  w.pubkey(c.owner, 'owner');
  w.u128(c.index, 'index');
  w.u8(c.bumpSeed, 'bump_seed');
  writeEnum(w, ContributorStatusSpec, c.status, 'status');
  w.string(c.code, 'code');
  w.u32(c.referenceCount, 'reference_count');
  const layout = layoutOf<ContributorLayout>(c);
  const n = trailingFieldsToWrite(layout?.trailing, [isZeroKey(c.opsManagerPk)]);
  if (n > 0) w.pubkey(c.opsManagerPk, 'ops_manager_pk');
  return finishEncode(w, layout, n, TRAILING_COUNT);
}

/**
 * The getProgramAccounts memcmp filter selecting Contributor accounts (byte 0 = 10); combine it with
 * `pubkeyFilter(1, owner)` to narrow by owner.
 */
export function contributorFilter(): ProgramAccountsFilter {
  return accountTypeFilter(AccountType.Contributor);
}
