import { keyEquals, type KeyInput } from '../keys.js';
import { PermissionStatus } from '../enums.js';
import { DecodeError, ValidationError } from '../errors.js';
import { ROLES, type Role } from '../lifecycle/roles.js';
import { FEATURE_FLAG_REQUIRE_PERMISSION_ACCOUNTS, isFeatureEnabled, type GlobalState } from '../state/globalState.js';
import { expectBigint, expectBytes, expectFunction, expectInteger, expectObject, expectOptionalKey, expectKey, expectWhole } from '../validate.js';
import { PERMISSION_FLAG_HEALTH_ORACLE, PERMISSION_FLAG_NETWORK_ADMIN, type Permission } from '../state/permission.js';

/** What role resolution reads from GlobalState. */
export type RolesGlobalState = Pick<GlobalState<KeyInput>, 'foundationAllowlist' | 'healthOraclePk' | 'featureFlags'>;
/** What role resolution reads from the payer's Permission account. */
export type RolesPermission = Pick<Permission<KeyInput>, 'status' | 'userPayer' | 'permissions'>;

/** What resolveRoles works the payer's roles out from: the payer, GlobalState, its Permission account and the owners of the contributors involved. */
export interface ResolveRolesInput {
  /** The key whose roles are resolved. */
  payer: KeyInput;
  /** The program's GlobalState (allowlists, health oracle, flags). */
  globalState: RolesGlobalState;
  /**
   * The payer's Permission account (the PDA `["doublezero", "permission", payer]`), decoded and
   * known to be owned by the program; null/undefined when the payer has none.
   */
  permission?: RolesPermission | null;
  /** Owner of the Contributor the device/link belongs to (device.contributorPk / link.contributorPk). */
  contributorOwner?: KeyInput;
  /** (links) Owner of the Contributor of the link's side-Z device. */
  sideZContributorOwner?: KeyInput;
}

/**
 * What the account at the payer's Permission PDA means, as the program reads it: the program
 * takes it as the payer's Permission account when it owns it (a foreign-owned one would make
 * authorization fail hard, so it is never appended), and it grants what it decodes to: nothing
 * when it does not decode as an Activated Permission (the program then falls back to the
 * GlobalState allowlists, unless RequirePermissionAccounts is on). `decode` is the door's
 * Permission decoder; a DecodeError is "grants nothing", not a failure.
 */
export function permissionAccountOf<P>(
  programId: KeyInput,
  account: { owner: KeyInput; data: Uint8Array } | null | undefined,
  decode: (data: Uint8Array) => P,
): {
  /** What the account grants, decoded; null when it grants nothing. */
  permission: P | null;
  /** Whether the program owns an account at the PDA (then instructions may carry it). */
  hasPermissionAccount: boolean;
} {
  expectKey(programId, 'programId');
  if (account !== null && account !== undefined) {
    expectObject(account, 'account');
    expectKey(account.owner, 'account.owner');
    expectBytes(account.data, 'account.data');
  }
  expectFunction(decode, 'decode');
  const hasPermissionAccount = !!account && keyEquals(account.owner, programId) && account.data.length > 0;
  if (!hasPermissionAccount) return { permission: null, hasPermissionAccount };
  try {
    return { permission: decode(account.data), hasPermissionAccount };
  } catch (e) {
    if (e instanceof DecodeError) return { permission: null, hasPermissionAccount };
    throw e;
  }
}

/** A Permission (as role resolution reads it) of the right shape. */
function checkPermission(permission: unknown, name: string): asserts permission is RolesPermission {
  expectObject(permission, name);
  expectInteger(permission.status, `${name}.status`);
  expectKey(permission.userPayer, `${name}.userPayer`);
  expectWhole(permission.permissions, `${name}.permissions`);
}

/** Whether GlobalState has RequirePermissionAccounts on (the allowlist fallback is disabled). */
export function requiresPermissionAccounts(gs: Pick<GlobalState, 'featureFlags'>): boolean {
  expectObject(gs, 'globalState');
  expectBigint(gs.featureFlags, 'globalState.featureFlags');
  return isFeatureEnabled(gs, FEATURE_FLAG_REQUIRE_PERMISSION_ACCOUNTS);
}

/**
 * Whether `permission` is an Activated grant of `flag` to `payer`.
 *
 * Stricter than the program: besides the status and the flag, this also requires
 * `permission.userPayer == payer`, which the program never reads (it checks only that the
 * account is the payer's Permission PDA, then its status and flags). Harmless: the PDA is
 * derived from the payer (`["doublezero", "permission", payer]`), so the account the client
 * reads for a payer records that payer unless it was written inconsistently — and then
 * reporting no role is the safe answer.
 */
export function permissionGrants(permission: RolesPermission | null | undefined, payer: KeyInput, flag: bigint): boolean {
  expectKey(payer, 'payer');
  expectBigint(flag, 'flag');
  if (permission === null || permission === undefined) return false;
  checkPermission(permission, 'permission');
  if (permission.status !== PermissionStatus.Activated) return false;
  if (!keyEquals(permission.userPayer, payer)) return false;
  return (BigInt(permission.permissions) & flag) !== 0n;
}

/**
 * The roles `payer` holds (docs/lifecycle.md#roles, docs/wire-format.md#authorization), derived from on-chain
 * data only. Pure. Returned in the order of `ROLES`; the empty list is "no role".
 *
 * - contributor: payer == contributorOwner.
 * - sideZContributor: payer == sideZContributorOwner.
 * - networkAdmin: an Activated Permission with NETWORK_ADMIN, or — while RequirePermissionAccounts
 *   is off — payer on GlobalState.foundation_allowlist.
 * - healthOracle: an Activated Permission with HEALTH_ORACLE, or — while RequirePermissionAccounts
 *   is off — payer == GlobalState.health_oracle_pk. (SetDevice/LinkHealth also accept
 *   networkAdmin; the lifecycle tables say so, this function does not fold one into the other.)
 */
export function resolveRoles(input: ResolveRolesInput): Role[] {
  expectObject(input, 'input');
  const { payer, globalState, permission } = input;
  expectKey(payer, 'input.payer');
  expectObject(globalState, 'input.globalState');
  if (!Array.isArray(globalState.foundationAllowlist)) {
    throw new ValidationError('globalState', 'must be a decoded GlobalState');
  }
  globalState.foundationAllowlist.forEach((k, i) => expectKey(k, `input.globalState.foundationAllowlist[${i}]`));
  expectKey(globalState.healthOraclePk, 'input.globalState.healthOraclePk');
  expectOptionalKey(input.contributorOwner ?? undefined, 'input.contributorOwner');
  expectOptionalKey(input.sideZContributorOwner ?? undefined, 'input.sideZContributorOwner');
  if (permission !== null && permission !== undefined) checkPermission(permission, 'input.permission');
  const legacy = !requiresPermissionAccounts(globalState);
  const held = new Set<Role>();
  if (input.contributorOwner !== undefined && keyEquals(input.contributorOwner, payer)) held.add('contributor');
  if (input.sideZContributorOwner !== undefined && keyEquals(input.sideZContributorOwner, payer)) held.add('sideZContributor');
  if (
    permissionGrants(permission, payer, PERMISSION_FLAG_NETWORK_ADMIN) ||
    (legacy && globalState.foundationAllowlist.some((k) => keyEquals(k, payer)))
  ) {
    held.add('networkAdmin');
  }
  if (
    permissionGrants(permission, payer, PERMISSION_FLAG_HEALTH_ORACLE) ||
    (legacy && keyEquals(globalState.healthOraclePk, payer))
  ) {
    held.add('healthOracle');
  }
  return ROLES.filter((r) => held.has(r));
}
