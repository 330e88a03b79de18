import { ValidationError } from '../errors.js';
import { AccountType } from '../enums.js';
import { accountTypeFilter, beginDecode, layoutOf, type AccountBytes, type DecodeOptions, type ProgramAccountsFilter } from './common.js';
import type { KeyInput, KeyKind } from '../keys.js';
import { expectObject, expectString } from '../validate.js';
import {
  beginEncode,
  finishEncode,
  isEmptyList,
  isZeroKey,
  trailingFieldsToWrite,
  vecFits,
  withLayout,
  type TrailingLayout,
} from './internal.js';

/** Discriminator: byte 0 of the GlobalState account. */
export const GLOBAL_STATE_ACCOUNT_TYPE = AccountType.GlobalState;

/** feature_flags bit 0: `onchain-allocation-deprecated` — retired, always-on behaviour; the bit is reserved. */
export const FEATURE_FLAG_ONCHAIN_ALLOCATION_DEPRECATED = 1n << 0n;
/** feature_flags bit 1: `require-permission-accounts` — every instruction must be authorized by a Permission account. */
export const FEATURE_FLAG_REQUIRE_PERMISSION_ACCOUNTS = 1n << 1n;
/** The defined feature flags by the program's names (docs/wire-format.md#globalstate). Other bits are undefined. */
export const FEATURE_FLAGS = Object.freeze({
  'onchain-allocation-deprecated': FEATURE_FLAG_ONCHAIN_ALLOCATION_DEPRECATED,
  'require-permission-accounts': FEATURE_FLAG_REQUIRE_PERMISSION_ACCOUNTS,
});

/** The decoded GlobalState singleton (docs/wire-format.md#globalstate). */
export interface GlobalState<K = KeyInput> {
  /** The account-type byte (byte 0), always this account's type. */
  accountType: AccountType.GlobalState;
  /** The bump seed of the account's program-derived address. */
  bumpSeed: number;
  /** Global counter numbering new entities; the next entity uses accountIndex + 1. */
  accountIndex: bigint;
  /** The foundation's keys: network admins while Permission accounts are not required. */
  foundationAllowlist: K[];
  /** Deprecated, unused by the program. */
  deviceAllowlist: K[];
  /** Deprecated, unused by the program. */
  userAllowlist: K[];
  /** The activator service's key. */
  activatorAuthorityPk: K;
  /** The sentinel service's key. */
  sentinelAuthorityPk: K;
  /** Lamports airdropped to a new contributor. */
  contributorAirdropLamports: bigint;
  /** Lamports airdropped to a new user. */
  userAirdropLamports: bigint;
  /** The health oracle's key: it writes device and link health while Permission accounts are not required. */
  healthOraclePk: K;
  /** Keys allowed to run QA operations. */
  qaAllowlist: K[];
  /** u128 bitmask (FEATURE_FLAG_*). */
  featureFlags: bigint;
  /** The feed authority's key. */
  feedAuthorityPk: K;
}

/** The trailing (legacy) GlobalState fields, in wire order. */
export const GLOBAL_STATE_TRAILING_FIELDS = Object.freeze([
  'health_oracle_pk',
  'qa_allowlist',
  'feature_flags',
  'feed_authority_pk',
] as const);

/** How a decoded GlobalState's bytes ended (attached non-enumerably under RAW_LAYOUT): `trailing` counts GLOBAL_STATE_TRAILING_FIELDS. */
export type GlobalStateLayout = TrailingLayout;

const TRAILING_COUNT = GLOBAL_STATE_TRAILING_FIELDS.length;

/**
 * Decodes the GlobalState account: byte 0 = 1 and every field through user_airdrop_lamports
 * required (a cut or overrunning allowlist among the first three is a DecodeError, as in the
 * program). Like the program, a trailing field is present only when all of its bytes are: from
 * the first one with fewer bytes left than it needs (e.g. a qa_allowlist whose keys are cut),
 * it and every later one default (zero key / [] / 0). Bytes after the last trailing field
 * present are ignored and kept for `encodeGlobalState`.
 */
export function decodeGlobalState<K>(keys: KeyKind<K>, input: AccountBytes, opts?: DecodeOptions): GlobalState<K> {
  const r = beginDecode(input, AccountType.GlobalState, opts, keys);
  const bumpSeed = r.u8('bump_seed');
  const accountIndex = r.u128('account_index');
  const foundationAllowlist = r.pubkeyVec('foundation_allowlist');
  const deviceAllowlist = r.pubkeyVec('device_allowlist');
  const userAllowlist = r.pubkeyVec('user_allowlist');
  const activatorAuthorityPk = r.pubkey('activator_authority_pk');
  const sentinelAuthorityPk = r.pubkey('sentinel_authority_pk');
  const contributorAirdropLamports = r.u64('contributor_airdrop_lamports');
  const userAirdropLamports = r.u64('user_airdrop_lamports');
  let trailing = 0;
  const healthOraclePk = r.remaining >= 32 ? (trailing++, r.pubkey('health_oracle_pk')) : keys.zero;
  const qaAllowlist = trailing === 1 && vecFits(r, 32) ? (trailing++, r.pubkeyVec('qa_allowlist')) : [];
  const featureFlags = trailing === 2 && r.remaining >= 16 ? (trailing++, r.u128('feature_flags')) : 0n;
  const feedAuthorityPk =
    trailing === 3 && r.remaining >= 32 ? (trailing++, r.pubkey('feed_authority_pk')) : keys.zero;
  const gs: GlobalState<K> = {
    accountType: AccountType.GlobalState,
    bumpSeed,
    accountIndex,
    foundationAllowlist,
    deviceAllowlist,
    userAllowlist,
    activatorAuthorityPk,
    sentinelAuthorityPk,
    contributorAirdropLamports,
    userAirdropLamports,
    healthOraclePk,
    qaAllowlist,
    featureFlags,
    feedAuthorityPk,
  };
  return trailing === TRAILING_COUNT && r.remaining === 0 ? gs : withLayout(r, gs, trailing);
}

/**
 * Encodes the GlobalState account. A decoded value gives back its exact bytes (trailing fields
 * present as decoded, plus any later one that was set, plus the extra tail); any other value
 * is written in the current full format. Out-of-range numbers are refused (EncodeError).
 */
export function encodeGlobalState(gs: GlobalState): Uint8Array {
  const w = beginEncode(gs, AccountType.GlobalState, 256);
  w.u8(gs.bumpSeed, 'bump_seed');
  w.u128(gs.accountIndex, 'account_index');
  w.pubkeyVec(gs.foundationAllowlist, 'foundation_allowlist');
  w.pubkeyVec(gs.deviceAllowlist, 'device_allowlist');
  w.pubkeyVec(gs.userAllowlist, 'user_allowlist');
  w.pubkey(gs.activatorAuthorityPk, 'activator_authority_pk');
  w.pubkey(gs.sentinelAuthorityPk, 'sentinel_authority_pk');
  w.u64(gs.contributorAirdropLamports, 'contributor_airdrop_lamports');
  w.u64(gs.userAirdropLamports, 'user_airdrop_lamports');
  const layout = layoutOf<GlobalStateLayout>(gs);
  const n = trailingFieldsToWrite(layout?.trailing, [
    isZeroKey(gs.healthOraclePk),
    isEmptyList(gs.qaAllowlist),
    gs.featureFlags === 0n,
    isZeroKey(gs.feedAuthorityPk),
  ]);
  if (n > 0) w.pubkey(gs.healthOraclePk, 'health_oracle_pk');
  if (n > 1) w.pubkeyVec(gs.qaAllowlist, 'qa_allowlist');
  if (n > 2) w.u128(gs.featureFlags, 'feature_flags');
  if (n > 3) w.pubkey(gs.feedAuthorityPk, 'feed_authority_pk');
  return finishEncode(w, layout, n, TRAILING_COUNT);
}

/** The getProgramAccounts memcmp filter selecting the GlobalState account (byte 0 = 1). */
export function globalStateFilter(): ProgramAccountsFilter {
  return accountTypeFilter(AccountType.GlobalState);
}

/**
 * Whether every bit of `flag` is set in the feature flags (of a GlobalState or a raw bitmask).
 * Throws ValidationError for a flag that is not a non-zero bigint.
 */
export function isFeatureEnabled(state: Pick<GlobalState, 'featureFlags'> | bigint, flag: bigint): boolean {
  if (typeof flag !== 'bigint' || flag <= 0n) {
    throw new ValidationError('feature_flag', 'a non-zero bigint bit mask', `feature flag ${String(flag)} is not a non-zero bigint bit mask`);
  }
  if (typeof state !== 'bigint') expectObject(state, 'state');
  const flags = typeof state === 'bigint' ? state : state.featureFlags;
  if (typeof flags !== 'bigint') {
    throw new ValidationError('feature_flags', 'a bigint', `feature_flags ${String(flags)} is not a bigint`);
  }
  return (flags & flag) === flag;
}

/**
 * The program's FeatureFlag FromStr: "onchain-allocation-deprecated" (or its legacy spelling
 * "onchain-allocation") and "require-permission-accounts", case-sensitive. Returns the bit
 * mask; throws ValidationError for anything else.
 */
export function parseFeatureFlag(text: string): bigint {
  expectString(text, 'text');
  switch (text) {
    case 'onchain-allocation-deprecated':
    case 'onchain-allocation':
      return FEATURE_FLAG_ONCHAIN_ALLOCATION_DEPRECATED;
    case 'require-permission-accounts':
      return FEATURE_FLAG_REQUIRE_PERMISSION_ACCOUNTS;
    default:
      throw new ValidationError(
        'feature_flag',
        'a known feature flag',
        `unknown feature flag ${JSON.stringify(text)} (expected "onchain-allocation-deprecated" or "require-permission-accounts")`,
      );
  }
}

/** The names of the defined feature flags set in `flags`, in bit order (undefined bits are not listed). */
export function enabledFeatureFlags(flags: bigint): (keyof typeof FEATURE_FLAGS)[] {
  if (typeof flags !== 'bigint') {
    throw new ValidationError('feature_flags', 'a bigint', `feature_flags ${String(flags)} is not a bigint`);
  }
  return (Object.keys(FEATURE_FLAGS) as (keyof typeof FEATURE_FLAGS)[]).filter((k) => (flags & FEATURE_FLAGS[k]) !== 0n);
}
