import type { GetProgramAccountsFilter } from '@solana/web3.js';
import { PublicKey } from '@solana/web3.js';
import { ValidationError } from '../errors.js';
import { AccountType } from '../enums.js';
import { Writer } from '../codec/writer.js';
import { accountTypeFilter, attachLayout, beginDecode, layoutOf, type AccountBytes, type DecodeOptions } from './common.js';

/** Discriminator: byte 0 of the GlobalState account. */
export const GLOBAL_STATE_ACCOUNT_TYPE = AccountType.GlobalState;

/** feature_flags bit 0: `onchain-allocation-deprecated` — retired, always-on behaviour; the bit is reserved. */
export const FEATURE_FLAG_ONCHAIN_ALLOCATION_DEPRECATED = 1n << 0n;
/** feature_flags bit 1: `require-permission-accounts` — every instruction must be authorized by a Permission account. */
export const FEATURE_FLAG_REQUIRE_PERMISSION_ACCOUNTS = 1n << 1n;
/** The defined feature flags by the program's names (accounts.md §3.1). Other bits are undefined. */
export const FEATURE_FLAGS = Object.freeze({
  'onchain-allocation-deprecated': FEATURE_FLAG_ONCHAIN_ALLOCATION_DEPRECATED,
  'require-permission-accounts': FEATURE_FLAG_REQUIRE_PERMISSION_ACCOUNTS,
});

/** The decoded GlobalState singleton (accounts.md §3.1). */
export interface GlobalState {
  accountType: AccountType.GlobalState;
  bumpSeed: number;
  /** Global counter numbering new entities; the next entity uses accountIndex + 1. */
  accountIndex: bigint;
  foundationAllowlist: PublicKey[];
  /** Deprecated, unused by the program. */
  deviceAllowlist: PublicKey[];
  /** Deprecated, unused by the program. */
  userAllowlist: PublicKey[];
  activatorAuthorityPk: PublicKey;
  sentinelAuthorityPk: PublicKey;
  contributorAirdropLamports: bigint;
  userAirdropLamports: bigint;
  healthOraclePk: PublicKey;
  qaAllowlist: PublicKey[];
  /** u128 bitmask (FEATURE_FLAG_*). */
  featureFlags: bigint;
  feedAuthorityPk: PublicKey;
}

/** The trailing (legacy) GlobalState fields, in wire order. */
export const GLOBAL_STATE_TRAILING_FIELDS = Object.freeze([
  'health_oracle_pk',
  'qa_allowlist',
  'feature_flags',
  'feed_authority_pk',
] as const);

/** How a decoded GlobalState's bytes ended (attached non-enumerably under RAW_LAYOUT). */
export interface GlobalStateLayout {
  /** How many of GLOBAL_STATE_TRAILING_FIELDS were present (0..4). */
  trailing: number;
  /** Bytes after the last known field (written by a newer program). */
  extra: Uint8Array;
}

const TRAILING_COUNT = GLOBAL_STATE_TRAILING_FIELDS.length;
const EMPTY = new Uint8Array(0);

/**
 * Decodes the GlobalState account strictly (byte 0 = 1; every field through
 * user_airdrop_lamports required; trailing fields all-or-nothing each, defaulting to the zero
 * key / [] / 0). Bytes after feed_authority_pk are ignored and kept for `encodeGlobalState`.
 */
export function decodeGlobalState(input: AccountBytes, opts?: DecodeOptions): GlobalState {
  const r = beginDecode(input, AccountType.GlobalState, opts);
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
  let healthOraclePk = PublicKey.default;
  let qaAllowlist: PublicKey[] = [];
  let featureFlags = 0n;
  let feedAuthorityPk = PublicKey.default;
  if (r.remaining > 0) {
    healthOraclePk = r.pubkey('health_oracle_pk');
    trailing = 1;
    if (r.remaining > 0) {
      qaAllowlist = r.pubkeyVec('qa_allowlist');
      trailing = 2;
      if (r.remaining > 0) {
        featureFlags = r.u128('feature_flags');
        trailing = 3;
        if (r.remaining > 0) {
          feedAuthorityPk = r.pubkey('feed_authority_pk');
          trailing = 4;
        }
      }
    }
  }

  const gs: GlobalState = {
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
  if (trailing < TRAILING_COUNT || r.remaining > 0) {
    // A copy (for a Buffer input, slice() would share the caller's memory).
    const extra = r.remaining > 0 ? new Uint8Array(r.buf.subarray(r.pos)) : EMPTY;
    attachLayout<GlobalState, GlobalStateLayout>(gs, { trailing, extra });
  }
  return gs;
}

const isZeroKey = (k: unknown): boolean => k instanceof PublicKey && k.equals(PublicKey.default);

function trailingToWrite(gs: GlobalState, layout: GlobalStateLayout | undefined): number {
  if (!layout) return TRAILING_COUNT;
  const isDefault = [
    isZeroKey(gs.healthOraclePk),
    Array.isArray(gs.qaAllowlist) && gs.qaAllowlist.length === 0,
    gs.featureFlags === 0n,
    isZeroKey(gs.feedAuthorityPk),
  ];
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
 * Encodes the GlobalState account. A decoded value gives back its exact bytes (trailing fields
 * present as decoded, plus any later one that was set, plus the extra tail); any other value
 * is written in the current full format. Out-of-range numbers are refused (EncodeError).
 */
export function encodeGlobalState(gs: GlobalState): Uint8Array {
  const w = new Writer('GlobalState', 256);
  if (gs.accountType !== AccountType.GlobalState) {
    w.fail('account_type', `${String(gs.accountType)} is not ${AccountType.GlobalState} (GlobalState)`);
  }
  w.u8(AccountType.GlobalState, 'account_type');
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
  const n = trailingToWrite(gs, layout);
  if (n > 0) w.pubkey(gs.healthOraclePk, 'health_oracle_pk');
  if (n > 1) w.pubkeyVec(gs.qaAllowlist, 'qa_allowlist');
  if (n > 2) w.u128(gs.featureFlags, 'feature_flags');
  if (n > 3) w.pubkey(gs.feedAuthorityPk, 'feed_authority_pk');
  if (n === TRAILING_COUNT && layout && layout.extra.length > 0) w.bytes(layout.extra);
  return w.finish();
}

/** The getProgramAccounts memcmp filter selecting the GlobalState account (byte 0 = 1). */
export function globalStateFilter(): GetProgramAccountsFilter {
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
