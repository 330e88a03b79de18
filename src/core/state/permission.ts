import { ValidationError } from '../errors.js';
import { AccountType, PermissionStatus, PermissionStatusSpec } from '../enums.js';
import { accountTypeFilter, attachLayout, beginDecode, layoutOf, type AccountBytes, type DecodeOptions, type ProgramAccountsFilter } from './common.js';
import type { KeyInput, KeyKind } from '../keys.js';
import { expectObject } from '../validate.js';
import { beginEncode, finishEncode, restOf, writeEnum } from './internal.js';

/** Discriminator: byte 0 of every Permission account. */
export const PERMISSION_ACCOUNT_TYPE = AccountType.Permission;

/** Size of a Permission account (fixed). */
export const PERMISSION_SIZE = 83;

/** Byte offsets of the Permission fields (docs/wire-format.md#permission). */
export const PERMISSION_OFFSETS = Object.freeze({
  owner: 1,
  bumpSeed: 33,
  status: 34,
  userPayer: 35,
  permissions: 67,
});

// Permission flag bits (docs/wire-format.md#permission). Any one matching bit authorizes (OR semantics).
/** Contributors, allowlists, global state. */
export const PERMISSION_FLAG_FOUNDATION = 1n << 0n;
/** Create/update/suspend/resume/delete Permission accounts. */
export const PERMISSION_FLAG_PERMISSION_ADMIN = 1n << 1n;
/** Locations and exchanges. */
export const PERMISSION_FLAG_INFRA_ADMIN = 1n << 2n;
/** Devices and links (create, activate, reject, update, delete, set health). */
export const PERMISSION_FLAG_NETWORK_ADMIN = 1n << 3n;
/** Tenants, their administrators and payment status. */
export const PERMISSION_FLAG_TENANT_ADMIN = 1n << 4n;
/** Multicast groups and their allowlists. */
export const PERMISSION_FLAG_MULTICAST_ADMIN = 1n << 5n;
/** Feed access. */
export const PERMISSION_FLAG_FEED_AUTHORITY = 1n << 6n;
/** Activate/reject entities. */
export const PERMISSION_FLAG_ACTIVATOR = 1n << 7n;
/** Suspend entities. */
export const PERMISSION_FLAG_SENTINEL = 1n << 8n;
/** Ban / request ban / delete users, close accounts. */
export const PERMISSION_FLAG_USER_ADMIN = 1n << 9n;
/** Create/modify access passes. */
export const PERMISSION_FLAG_ACCESS_PASS_ADMIN = 1n << 10n;
/** Report device/link health. */
export const PERMISSION_FLAG_HEALTH_ORACLE = 1n << 11n;
/** QA operations. */
export const PERMISSION_FLAG_QA = 1n << 12n;
/** GlobalState: feature flags, allowlists, authority keys. */
export const PERMISSION_FLAG_GLOBALSTATE_ADMIN = 1n << 13n;
/** Contributors. */
export const PERMISSION_FLAG_CONTRIBUTOR_ADMIN = 1n << 14n;
/** Segment-routing topologies. */
export const PERMISSION_FLAG_TOPOLOGY_ADMIN = 1n << 15n;
/** ResourceExtension accounts. */
export const PERMISSION_FLAG_RESOURCE_ADMIN = 1n << 16n;
/** Index accounts. */
export const PERMISSION_FLAG_INDEX_ADMIN = 1n << 17n;

/** Every defined permission flag by the program's name, in bit order. */
export const PERMISSION_FLAGS = Object.freeze({
  FOUNDATION: PERMISSION_FLAG_FOUNDATION,
  PERMISSION_ADMIN: PERMISSION_FLAG_PERMISSION_ADMIN,
  INFRA_ADMIN: PERMISSION_FLAG_INFRA_ADMIN,
  NETWORK_ADMIN: PERMISSION_FLAG_NETWORK_ADMIN,
  TENANT_ADMIN: PERMISSION_FLAG_TENANT_ADMIN,
  MULTICAST_ADMIN: PERMISSION_FLAG_MULTICAST_ADMIN,
  FEED_AUTHORITY: PERMISSION_FLAG_FEED_AUTHORITY,
  ACTIVATOR: PERMISSION_FLAG_ACTIVATOR,
  SENTINEL: PERMISSION_FLAG_SENTINEL,
  USER_ADMIN: PERMISSION_FLAG_USER_ADMIN,
  ACCESS_PASS_ADMIN: PERMISSION_FLAG_ACCESS_PASS_ADMIN,
  HEALTH_ORACLE: PERMISSION_FLAG_HEALTH_ORACLE,
  QA: PERMISSION_FLAG_QA,
  GLOBALSTATE_ADMIN: PERMISSION_FLAG_GLOBALSTATE_ADMIN,
  CONTRIBUTOR_ADMIN: PERMISSION_FLAG_CONTRIBUTOR_ADMIN,
  TOPOLOGY_ADMIN: PERMISSION_FLAG_TOPOLOGY_ADMIN,
  RESOURCE_ADMIN: PERMISSION_FLAG_RESOURCE_ADMIN,
  INDEX_ADMIN: PERMISSION_FLAG_INDEX_ADMIN,
});
/** The program's name of one permission flag (a key of PERMISSION_FLAGS). */
export type PermissionFlagName = keyof typeof PERMISSION_FLAGS;

/** All 18 defined flags (0x3FFFF); bits 18–127 are undefined. */
export const ALL_PERMISSION_FLAGS = 0x3ffffn;

/** The decoded Permission account (docs/wire-format.md#permission). */
export interface Permission<K = KeyInput> {
  /** The account-type byte (byte 0), always this account's type. */
  accountType: AccountType.Permission;
  /** The key recorded as the account's owner (its creator, or who it was transferred to); not the program that owns the account. */
  owner: K;
  /** The bump seed of the account's program-derived address. */
  bumpSeed: number;
  /** Only an Activated Permission grants its flags. */
  status: PermissionStatus;
  /** The key this permission is granted to (also the PDA seed). */
  userPayer: K;
  /** u128 bitmask of PERMISSION_FLAG_* bits. */
  permissions: bigint;
}

/** How a decoded Permission's bytes ended (attached non-enumerably under RAW_LAYOUT, only when there is a tail). */
export interface PermissionLayout {
  /** Bytes after byte 83 (written by a newer program). */
  extra: Uint8Array;
}

/** Decodes a Permission account strictly (byte 0 = 15, all 83 bytes required; later bytes ignored and kept). */
export function decodePermission<K>(keys: KeyKind<K>, input: AccountBytes, opts?: DecodeOptions): Permission<K> {
  const r = beginDecode(input, AccountType.Permission, opts, keys);
  const owner = r.pubkey('owner');
  const bumpSeed = r.u8('bump_seed');
  const status = r.u8('status');
  const userPayer = r.pubkey('user_payer');
  const permissions = r.u128('permissions');
  const p: Permission<K> = { accountType: AccountType.Permission, owner, bumpSeed, status, userPayer, permissions };
  if (r.remaining > 0) attachLayout<Permission<K>, PermissionLayout>(p, { extra: restOf(r) });
  return p;
}

/**
 * Encodes a Permission account (83 bytes, plus the extra tail of a decoded value). Undeclared
 * statuses and out-of-range numbers are refused (EncodeError).
 */
export function encodePermission(p: Permission): Uint8Array {
  const w = beginEncode(p, AccountType.Permission, PERMISSION_SIZE);
  w.pubkey(p.owner, 'owner');
  w.u8(p.bumpSeed, 'bump_seed');
  writeEnum(w, PermissionStatusSpec, p.status, 'status');
  w.pubkey(p.userPayer, 'user_payer');
  w.u128(p.permissions, 'permissions');
  return finishEncode(w, layoutOf<PermissionLayout>(p), 0, 0);
}

/**
 * The getProgramAccounts memcmp filter selecting Permission accounts (byte 0 = 15); combine it
 * with `pubkeyFilter(PERMISSION_OFFSETS.userPayer, key)` to find the one granted to a key.
 */
export function permissionFilter(): ProgramAccountsFilter {
  return accountTypeFilter(AccountType.Permission);
}

function bits(v: unknown, field: string): bigint {
  if (typeof v !== 'bigint' || v < 0n || v >= 1n << 128n) {
    throw new ValidationError(field, 'a u128 bigint bit mask', `${field} ${String(v)} is not a u128 bigint bit mask`);
  }
  return v;
}

/**
 * Whether `perm` (a Permission account or a raw bitmask) has any bit of `flag` set — the
 * program's OR semantics: one matching bit authorizes. Only the bits are checked, not the
 * account's status. Throws ValidationError for a zero or non-bigint flag.
 */
export function hasPermissionFlag(perm: Pick<Permission, 'permissions'> | bigint, flag: bigint): boolean {
  const f = bits(flag, 'permission_flag');
  if (f === 0n) throw new ValidationError('permission_flag', 'a non-zero bit mask', 'permission flag 0 matches nothing');
  if (typeof perm !== 'bigint') expectObject(perm, 'perm');
  const p = bits(typeof perm === 'bigint' ? perm : perm.permissions, 'permissions');
  return (p & f) !== 0n;
}

/** The names of the defined flags set in `permissions`, in bit order (undefined bits are not listed). */
export function permissionFlagNames(permissions: bigint): PermissionFlagName[] {
  const p = bits(permissions, 'permissions');
  return (Object.keys(PERMISSION_FLAGS) as PermissionFlagName[]).filter((k) => (p & PERMISSION_FLAGS[k]) !== 0n);
}
