import { describe, expect, it } from 'vitest';
import {
  ROLES,
  ValidationError,
  canDeleteDevice,
  canDeleteLink,
  canSetDeviceDesiredStatus,
  canSetDeviceHealth,
  canSetLinkDesiredStatus,
  canSetLinkHealth,
  type LifecycleResult,
  type Role,
} from '../../src/index.js';

// Transcribed by hand from docs/lifecycle.md#desired-status-and-health and
// #deletion. Role letters: C contributor, Z sideZContributor, N networkAdmin, H healthOracle.
// The write tables have no "from" column: the expected answer ignores the account's state.
const WRITES = {
  deviceDesired: { legal: '1,6', roles: 'CN' }, // Activated, Drained
  linkDesired: { legal: '1,6,7', roles: 'CZN' }, // Activated, HardDrained, SoftDrained
  deviceHealth: { legal: '1,2,3,4', roles: 'HN' }, // Pending, ReadyForLinks, ReadyForUsers, Impaired
  linkHealth: { legal: '1,2,3', roles: 'HN' }, // Pending, ReadyForService, Impaired
};
const LETTER: Record<Role, string> = { contributor: 'C', sideZContributor: 'Z', networkAdmin: 'N', healthOracle: 'H' };
const ROLE_SUBSETS: Role[][] = Array.from({ length: 16 }, (_, mask) => ROLES.filter((_r, i) => (mask >> i) & 1));
const has = (roles: Role[], letters: string) => roles.some((r) => letters.includes(LETTER[r]));
const legalValue = (csv: string, v: number) => csv.split(',').map(Number).includes(v);

function collect(
  name: string,
  got: LifecycleResult,
  want: boolean,
  where: string,
  mismatches: string[],
): void {
  if (got.ok !== want) mismatches.push(`${name} ${where}: got ${JSON.stringify(got)}, want ok=${want}`);
  if (!got.ok && (typeof got.reason !== 'string' || got.reason.trim() === '')) mismatches.push(`${name} ${where}: empty reason`);
}

describe('desired status and health writes — exhaustive', () => {
  it('devices: every status × desired × health × role set × value', () => {
    const mismatches: string[] = [];
    let legal = 0;
    for (const status of [0, 1, 2, 3, 4, 5, 6, 7, 8, 255])
      for (const desiredStatus of [0, 1, 6, 3])
        for (const deviceHealth of [0, 1, 2, 3, 4, 9])
          for (const roles of ROLE_SUBSETS)
            for (const to of [0, 1, 2, 3, 4, 5, 6, 7, 255, -1, 0.5]) {
              // Given a device in any state, When a value is written
              const device = { status, desiredStatus, deviceHealth };
              const where = `s=${status} d=${desiredStatus} h=${deviceHealth} [${roles}] to=${to}`;
              const d = canSetDeviceDesiredStatus(device, to, roles);
              const h = canSetDeviceHealth(device, to, roles);
              // Then it is legal exactly when the value and a role are in the table
              collect('desired', d, legalValue(WRITES.deviceDesired.legal, to) && has(roles, WRITES.deviceDesired.roles), where, mismatches);
              collect('health', h, legalValue(WRITES.deviceHealth.legal, to) && has(roles, WRITES.deviceHealth.roles), where, mismatches);
              if (d.ok) legal++;
              if (h.ok) legal++;
            }
    expect(mismatches).toEqual([]);
    expect(legal).toBeGreaterThan(0);
  });

  it('links: every status × desired × health × role set × value', () => {
    const mismatches: string[] = [];
    for (const status of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 255])
      for (const desiredStatus of [0, 1, 6, 7, 2])
        for (const linkHealth of [0, 1, 2, 3, 4])
          for (const roles of ROLE_SUBSETS)
            for (const to of [0, 1, 2, 3, 4, 5, 6, 7, 8, 255, -1]) {
              const link = { status, desiredStatus, linkHealth };
              const where = `s=${status} d=${desiredStatus} h=${linkHealth} [${roles}] to=${to}`;
              collect('desired', canSetLinkDesiredStatus(link, to, roles), legalValue(WRITES.linkDesired.legal, to) && has(roles, WRITES.linkDesired.roles), where, mismatches);
              collect('health', canSetLinkHealth(link, to, roles), legalValue(WRITES.linkHealth.legal, to) && has(roles, WRITES.linkHealth.roles), where, mismatches);
            }
    expect(mismatches).toEqual([]);
  });

  it('explains refusals', () => {
    const device = { status: 1, desiredStatus: 1, deviceHealth: 3 };
    const link = { status: 1, desiredStatus: 1, linkHealth: 2 };
    expect(canSetDeviceDesiredStatus(device, 0, ['contributor'])).toEqual({
      ok: false,
      reason: 'device desired status pending is never written; legal values: activated, drained',
    });
    expect(canSetDeviceHealth(device, 0, ['healthOracle'])).toEqual({
      ok: false,
      reason: 'device health unknown is never written; legal values: pending, ready-for-links, ready-for-users, impaired',
    });
    expect(canSetLinkDesiredStatus(link, 9, ['contributor'])).toEqual({
      ok: false,
      reason: 'unknown (9) is not a link desired status the program declares; legal values: activated, soft-drained, hard-drained',
    });
    expect(canSetLinkHealth(link, 2, ['contributor', 'sideZContributor'])).toEqual({
      ok: false,
      reason: 'setting link health to ready-for-service requires role healthOracle or networkAdmin; caller has contributor and sideZContributor',
    });
  });

  it('throws ValidationError for unknown roles', () => {
    expect(() => canSetDeviceHealth({ status: 1, desiredStatus: 1, deviceHealth: 3 }, 3, ['oracle' as Role])).toThrow(ValidationError);
    expect(() => canSetLinkDesiredStatus({ status: 1, desiredStatus: 1, linkHealth: 2 }, 1, [undefined as unknown as Role])).toThrow(ValidationError);
  });
});

describe('deletion — exhaustive', () => {
  it('DeleteDevice: status × reference count × interfaces × role set', () => {
    const mismatches: string[] = [];
    let legal = 0;
    for (const status of [0, 1, 2, 3, 4, 5, 6, 7, 8, 255])
      for (const referenceCount of [0, 1, 7])
        for (const ifaceCount of [0, 1, 2])
          for (const roles of ROLE_SUBSETS) {
            // Given
            const device = { status, referenceCount, interfaces: new Array<unknown>(ifaceCount).fill({}) };
            // When
            const got = canDeleteDevice(device, roles);
            // Then: declared, not Activated (1) and not Deleting (3); no references; no interfaces; C or N
            const want = [0, 4, 5, 6, 7].includes(status) && referenceCount === 0 && ifaceCount === 0 && has(roles, 'CN');
            const where = `s=${status} rc=${referenceCount} if=${ifaceCount} [${roles}]`;
            collect('DeleteDevice', got, want, where, mismatches);
            if (got.ok) legal++;
            else {
              // every unmet condition is named
              if ((referenceCount !== 0) !== got.reason.includes('reference count')) mismatches.push(`${where}: reference count part: ${got.reason}`);
              if ((ifaceCount !== 0) !== got.reason.includes('interface')) mismatches.push(`${where}: interfaces part: ${got.reason}`);
              if (!has(roles, 'CN') !== got.reason.includes('requires role')) mismatches.push(`${where}: role part: ${got.reason}`);
            }
          }
    expect(mismatches).toEqual([]);
    expect(legal).toBe(5 * 12); // 5 deletable statuses × 12 role sets holding C or N
  });

  it('DeleteLink: status × role set (desired status and health do not matter)', () => {
    const mismatches: string[] = [];
    for (const status of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 255])
      for (const roles of ROLE_SUBSETS) {
        const got = canDeleteLink({ status }, roles);
        // spec/lifecycle.md: drained, Provisioning or Requested, or a legacy dead end (Pending 0, Rejected 4)
        const want = [0, 4, 5, 6, 7, 8].includes(status) && has(roles, 'CN');
        collect('DeleteLink', got, want, `s=${status} [${roles}]`, mismatches);
      }
    expect(mismatches).toEqual([]);
  });

  it('explains deletion refusals', () => {
    expect(canDeleteLink({ status: 1 }, ['contributor'])).toEqual({
      ok: false,
      reason: 'link is activated; DeleteLink needs soft-drained, hard-drained, provisioning, requested, pending (deprecated) or rejected (deprecated) (drain it first)',
    });
    expect(canDeleteDevice({ status: 5, referenceCount: 2, interfaces: [{}] }, ['networkAdmin'])).toEqual({
      ok: false,
      reason:
        'device reference count is 2 (links or users still use it; it must be 0). Also, device still has 1 interface (delete it first)',
    });
    const undeclared = canDeleteDevice({ status: 2 as number, referenceCount: 0, interfaces: [] }, ['networkAdmin']);
    expect(!undeclared.ok && undeclared.reason).toContain('unknown (2)');
  });

  it('throws ValidationError when interfaces is not an array', () => {
    expect(() => canDeleteDevice({ status: 5, referenceCount: 0, interfaces: undefined as never }, ['networkAdmin'])).toThrow(ValidationError);
  });
});
