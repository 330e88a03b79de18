import { ValidationError } from '../errors.js';

/**
 * A caller's role towards one Device or Link (docs/lifecycle.md#roles). Roles are derived from
 * on-chain data by the caller of this layer (Contributor owners, Permission accounts,
 * GlobalState), never asserted by a user. Holding no role is the empty set.
 *
 * - `contributor`: payer owns the Contributor the device/link belongs to.
 * - `sideZContributor`: (links only) payer owns the Contributor of the link's side-Z device.
 * - `networkAdmin`: NETWORK_ADMIN permission, or (legacy mode) on the foundation allowlist.
 * - `healthOracle`: HEALTH_ORACLE permission, or (legacy mode) GlobalState.health_oracle_pk.
 */
export type Role = 'contributor' | 'sideZContributor' | 'networkAdmin' | 'healthOracle';

/** Every role, in the order docs/lifecycle.md#roles lists them. */
export const ROLES: readonly Role[] = Object.freeze(['contributor', 'sideZContributor', 'networkAdmin', 'healthOracle'] as const);

const KNOWN = new Set<string>(ROLES);

/** Whether `x` is one of the role names. */
export function isRole(x: unknown): x is Role {
  return typeof x === 'string' && KNOWN.has(x);
}

/**
 * Checks a caller's role list and returns it as a set (duplicates collapse; order is
 * irrelevant; the empty list is "no role").
 *
 * An entry that is not one of {@link ROLES} is a programming error in whatever derived the
 * roles, not a lifecycle refusal: it throws `ValidationError('roles', ...)` rather than
 * silently counting as "no role".
 */
export function roleSet(roles: readonly Role[]): ReadonlySet<Role> {
  if (!Array.isArray(roles)) {
    throw new ValidationError('roles', 'must be an array of roles', `invalid roles: expected an array of ${ROLES.join(', ')}`);
  }
  for (const r of roles) {
    if (!isRole(r)) {
      throw new ValidationError(
        'roles',
        'unknown role',
        `invalid roles: ${JSON.stringify(r) ?? String(r)} is not a role (expected ${ROLES.join(', ')})`,
      );
    }
  }
  return new Set(roles);
}

/** "contributor", "contributor or networkAdmin", "contributor, sideZContributor or networkAdmin". */
export function rolesPhrase(roles: readonly Role[], conj: 'or' | 'and' = 'or'): string {
  if (roles.length === 0) return '';
  if (roles.length === 1) return roles[0]!;
  return `${roles.slice(0, -1).join(', ')} ${conj} ${roles[roles.length - 1]!}`;
}

/** How the caller's roles are described in reasons: "caller has healthOracle" / "caller has no role". */
export function heldPhrase(held: ReadonlySet<Role>): string {
  const list = ROLES.filter((r) => held.has(r));
  return list.length === 0 ? 'caller has no role' : `caller has ${rolesPhrase(list, 'and')}`;
}

/** True when any held role is among the allowed ones. */
export function anyRoleAllowed(held: ReadonlySet<Role>, allowed: readonly Role[]): boolean {
  return allowed.some((r) => held.has(r));
}
