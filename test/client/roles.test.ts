import { Keypair, PublicKey } from '@solana/web3.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveRoles, requiresPermissionAccounts, type RolesGlobalState, type RolesPermission } from '../../src/index.js';
import { PermissionStatus } from '../../src/index.js';
import { ValidationError } from '../../src/index.js';

const payer = Keypair.generate().publicKey;
const other = Keypair.generate().publicKey;
const NETWORK_ADMIN = 0x8n;
const HEALTH_ORACLE = 0x800n;
const FOUNDATION = 0x1n;

function gs(o: { allowlist?: PublicKey[]; oracle?: PublicKey; strict?: boolean } = {}): RolesGlobalState {
  return {
    foundationAllowlist: o.allowlist ?? [],
    healthOraclePk: o.oracle ?? PublicKey.default,
    featureFlags: o.strict ? 0x2n | 0x1n : 0x1n,
  };
}

function perm(permissions: bigint, status = PermissionStatus.Activated, userPayer = payer): RolesPermission {
  return { status, userPayer, permissions };
}

describe('resolveRoles', () => {
  // Given / When / Then for each row: the inputs and the roles docs/lifecycle.md#roles assigns.
  const rows: [string, Parameters<typeof resolveRoles>[0], string[]][] = [
    ['nothing', { payer, globalState: gs() }, []],
    ['contributor owner', { payer, globalState: gs(), contributorOwner: payer }, ['contributor']],
    ['someone else owns the contributor', { payer, globalState: gs(), contributorOwner: other }, []],
    ['side Z contributor owner', { payer, globalState: gs(), sideZContributorOwner: payer }, ['sideZContributor']],
    ['both sides', { payer, globalState: gs(), contributorOwner: payer, sideZContributorOwner: payer }, ['contributor', 'sideZContributor']],
    ['legacy: foundation allowlist', { payer, globalState: gs({ allowlist: [other, payer] }) }, ['networkAdmin']],
    ['strict: foundation allowlist grants nothing', { payer, globalState: gs({ allowlist: [payer], strict: true }) }, []],
    ['legacy: health oracle key', { payer, globalState: gs({ oracle: payer }) }, ['healthOracle']],
    ['strict: health oracle key grants nothing', { payer, globalState: gs({ oracle: payer, strict: true }) }, []],
    ['permission NETWORK_ADMIN', { payer, globalState: gs({ strict: true }), permission: perm(NETWORK_ADMIN) }, ['networkAdmin']],
    ['permission HEALTH_ORACLE', { payer, globalState: gs({ strict: true }), permission: perm(HEALTH_ORACLE) }, ['healthOracle']],
    ['permission both flags', { payer, globalState: gs({ strict: true }), permission: perm(NETWORK_ADMIN | HEALTH_ORACLE) }, ['networkAdmin', 'healthOracle']],
    ['permission FOUNDATION only: no device/link role', { payer, globalState: gs({ strict: true }), permission: perm(FOUNDATION) }, []],
    ['suspended permission', { payer, globalState: gs({ strict: true }), permission: perm(NETWORK_ADMIN | HEALTH_ORACLE, PermissionStatus.Suspended) }, []],
    ['permission of status None', { payer, globalState: gs(), permission: perm(NETWORK_ADMIN, PermissionStatus.None) }, []],
    ['permission granted to another key', { payer, globalState: gs(), permission: perm(NETWORK_ADMIN, PermissionStatus.Activated, other) }, []],
    ['legacy: suspended permission falls back to the allowlist', { payer, globalState: gs({ allowlist: [payer] }), permission: perm(NETWORK_ADMIN, PermissionStatus.Suspended) }, ['networkAdmin']],
    ['legacy: a permission without the flag falls back to the oracle key', { payer, globalState: gs({ oracle: payer }), permission: perm(NETWORK_ADMIN) }, ['networkAdmin', 'healthOracle']],
    ['everything', { payer, globalState: gs({ allowlist: [payer], oracle: payer }), contributorOwner: payer, sideZContributorOwner: payer }, ['contributor', 'sideZContributor', 'networkAdmin', 'healthOracle']],
  ];
  it.each(rows)('%s', (_name, input, expected) => {
    expect(resolveRoles(input)).toEqual(expected);
  });

  it('never grants more in strict mode than in legacy mode (property)', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.boolean(),
        fc.option(fc.record({ flags: fc.bigInt({ min: 0n, max: (1n << 20n) - 1n }), status: fc.constantFrom(0, 1, 2), mine: fc.boolean() })),
        fc.boolean(),
        (inAllowlist, isOracle, p, ownsContributor) => {
          // Given the same payer data under both modes
          const base = {
            payer,
            permission: p ? perm(p.flags, p.status, p.mine ? payer : other) : null,
            contributorOwner: ownsContributor ? payer : other,
          };
          const o = { allowlist: inAllowlist ? [payer] : [], oracle: isOracle ? payer : other };
          // When
          const strict = resolveRoles({ ...base, globalState: gs({ ...o, strict: true }) });
          const legacy = resolveRoles({ ...base, globalState: gs(o) });
          // Then strict ⊆ legacy, and strict privileges come only from an Activated own Permission
          for (const r of strict) expect(legacy).toContain(r);
          const permOk = !!p && p.status === PermissionStatus.Activated && p.mine;
          expect(strict.includes('networkAdmin')).toBe(permOk && (p!.flags & NETWORK_ADMIN) !== 0n);
          expect(strict.includes('healthOracle')).toBe(permOk && (p!.flags & HEALTH_ORACLE) !== 0n);
        },
      ),
    );
  });

  it('reads strict mode from feature flag bit 1 only', () => {
    expect(requiresPermissionAccounts({ featureFlags: 0x2n })).toBe(true);
    expect(requiresPermissionAccounts({ featureFlags: 0x1n })).toBe(false);
    expect(requiresPermissionAccounts({ featureFlags: 1n << 100n })).toBe(false);
  });

  it('refuses a missing payer or GlobalState', () => {
    expect(() => resolveRoles({ payer: undefined as unknown as PublicKey, globalState: gs() })).toThrow(ValidationError);
    expect(() => resolveRoles({ payer, globalState: undefined as unknown as RolesGlobalState })).toThrow(ValidationError);
  });
});
