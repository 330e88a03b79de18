import type { PublicKey } from '@solana/web3.js';
import { PermissionStatus } from '../enums.js';
import { ValidationError } from '../errors.js';
import { ROLES, type Role } from '../lifecycle/roles.js';
import { FEATURE_FLAG_REQUIRE_PERMISSION_ACCOUNTS, isFeatureEnabled, type GlobalState } from '../state/globalState.js';
import { PERMISSION_FLAG_HEALTH_ORACLE, PERMISSION_FLAG_NETWORK_ADMIN, type Permission } from '../state/permission.js';

/** What role resolution reads from GlobalState. */
export type RolesGlobalState = Pick<GlobalState, 'foundationAllowlist' | 'healthOraclePk' | 'featureFlags'>;
/** What role resolution reads from the payer's Permission account. */
export type RolesPermission = Pick<Permission, 'status' | 'userPayer' | 'permissions'>;

export interface ResolveRolesInput {
  payer: PublicKey;
  globalState: RolesGlobalState;
  /**
   * The payer's Permission account (the PDA `["doublezero", "permission", payer]`), decoded and
   * known to be owned by the program; null/undefined when the payer has none.
   */
  permission?: RolesPermission | null;
  /** Owner of the Contributor the device/link belongs to (device.contributorPk / link.contributorPk). */
  contributorOwner?: PublicKey;
  /** (links) Owner of the Contributor of the link's side-Z device. */
  sideZContributorOwner?: PublicKey;
}

/** Whether GlobalState has RequirePermissionAccounts on (the allowlist fallback is disabled). */
export function requiresPermissionAccounts(gs: Pick<GlobalState, 'featureFlags'>): boolean {
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
export function permissionGrants(permission: RolesPermission | null | undefined, payer: PublicKey, flag: bigint): boolean {
  if (!permission) return false;
  if (permission.status !== PermissionStatus.Activated) return false;
  if (!permission.userPayer.equals(payer)) return false;
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
  const { payer, globalState, permission } = input;
  if (!payer || typeof (payer as PublicKey).equals !== 'function') {
    throw new ValidationError('payer', 'must be a PublicKey');
  }
  if (!globalState || !Array.isArray(globalState.foundationAllowlist)) {
    throw new ValidationError('globalState', 'must be a decoded GlobalState');
  }
  const legacy = !requiresPermissionAccounts(globalState);
  const held = new Set<Role>();
  if (input.contributorOwner?.equals(payer)) held.add('contributor');
  if (input.sideZContributorOwner?.equals(payer)) held.add('sideZContributor');
  if (
    permissionGrants(permission, payer, PERMISSION_FLAG_NETWORK_ADMIN) ||
    (legacy && globalState.foundationAllowlist.some((k) => k.equals(payer)))
  ) {
    held.add('networkAdmin');
  }
  if (
    permissionGrants(permission, payer, PERMISSION_FLAG_HEALTH_ORACLE) ||
    (legacy && globalState.healthOraclePk.equals(payer))
  ) {
    held.add('healthOracle');
  }
  return ROLES.filter((r) => held.has(r));
}
