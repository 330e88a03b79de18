import { describe, expect, it } from 'vitest';
import {
  DEVICE_STATUS_TRANSITIONS,
  ROLES,
  ValidationError,
  canChangeDeviceStatus,
  legalDeviceStatusTargets,
  type Role,
} from '../../src/index.js';

// The expected policy, transcribed by hand from docs/lifecycle.md#device-status,
// keyed "from>to". Role letters: C contributor, Z sideZContributor, N networkAdmin, H healthOracle.
// `req(desired, health)` is the "requires" column (DeviceDesiredStatus Activated = 1;
// DeviceHealth ReadyForLinks = 2, ReadyForUsers = 3).
const EXPECTED: Record<string, { roles: string; req: (desired: number, health: number) => boolean }> = {
  '0>6': { roles: 'N', req: () => true },
  '6>7': { roles: 'N', req: (d, h) => d === 1 && (h === 2 || h === 3) },
  '7>1': { roles: 'N', req: (d, h) => d === 1 && h === 3 },
  '1>5': { roles: 'CN', req: () => true },
  '5>1': { roles: 'CN', req: (_d, h) => h === 3 },
};
const LETTER: Record<Role, string> = { contributor: 'C', sideZContributor: 'Z', networkAdmin: 'N', healthOracle: 'H' };
const DECLARED_STATUS = [0, 1, 3, 4, 5, 6, 7];

/** All 16 subsets of the four roles. */
const ROLE_SUBSETS: Role[][] = Array.from({ length: 16 }, (_, mask) => ROLES.filter((_r, i) => (mask >> i) & 1));

function expectedOk(status: number, desired: number, health: number, roles: Role[], to: number): boolean {
  const row = EXPECTED[`${status}>${to}`];
  if (!row) return false;
  if (!roles.some((r) => row.roles.includes(LETTER[r]))) return false;
  return row.req(desired, health);
}

const STATUSES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 255];
const DESIREDS = [0, 1, 6, 3, 255];
const HEALTHS = [0, 1, 2, 3, 4, 9];
const TARGETS = [...STATUSES, -1, 1.5, Number.NaN];

describe('canChangeDeviceStatus — exhaustive against the hand-written table', () => {
  it('agrees on every status × desired × health × role set × target, and explains every refusal', () => {
    // Given every combination (undeclared values 2, 8, 255, -1, 1.5, NaN included)
    const mismatches: string[] = [];
    let checked = 0;
    let legal = 0;
    const rowsSeenLegal = new Set<string>();
    for (const status of STATUSES)
      for (const desiredStatus of DESIREDS)
        for (const deviceHealth of HEALTHS)
          for (const roles of ROLE_SUBSETS)
            for (const to of TARGETS) {
              // When
              const got = canChangeDeviceStatus({ status, desiredStatus, deviceHealth }, to, roles);
              const want = expectedOk(status, desiredStatus, deviceHealth, roles, to);
              checked++;
              const where = `${status}>${to} d=${desiredStatus} h=${deviceHealth} roles=[${roles.join(',')}]`;
              // Then
              if (got.ok !== want) mismatches.push(`${where}: got ${JSON.stringify(got)}, want ok=${want}`);
              if (got.ok) {
                legal++;
                rowsSeenLegal.add(`${status}>${to}`);
                continue;
              }
              const reason = got.reason;
              if (typeof reason !== 'string' || reason.trim() === '') mismatches.push(`${where}: empty reason`);
              const row = EXPECTED[`${status}>${to}`];
              if (!DECLARED_STATUS.includes(status)) {
                if (!reason.includes('does not declare')) mismatches.push(`${where}: reason should say the current status is undeclared: ${reason}`);
              } else if (!DECLARED_STATUS.includes(to)) {
                if (!reason.includes('is not a device status')) mismatches.push(`${where}: reason should say the target is undeclared: ${reason}`);
              } else if (row) {
                const roleMissing = !roles.some((r) => row.roles.includes(LETTER[r]));
                const reqMissing = !row.req(desiredStatus, deviceHealth);
                if (reason.includes('requires role') !== roleMissing) mismatches.push(`${where}: role part wrong: ${reason}`);
                if (reason.includes(' needs ') !== reqMissing) mismatches.push(`${where}: requirement part wrong: ${reason}`);
              }
            }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(10 * 5 * 6 * 16 * 13);
    // every row of the expected table was reached as legal at least once (the loop is not vacuous)
    expect([...rowsSeenLegal].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(legal).toBeGreaterThan(0);
  });

  it('legalDeviceStatusTargets lists exactly the declared targets the table allows', () => {
    const mismatches: string[] = [];
    for (const status of STATUSES)
      for (const desiredStatus of DESIREDS)
        for (const deviceHealth of HEALTHS)
          for (const roles of ROLE_SUBSETS) {
            // When
            const got = legalDeviceStatusTargets({ status, desiredStatus, deviceHealth }, roles);
            // Then
            const want = DECLARED_STATUS.filter((to) => expectedOk(status, desiredStatus, deviceHealth, roles, to));
            if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${status} d=${desiredStatus} h=${deviceHealth} [${roles}]: ${got} vs ${want}`);
          }
    expect(mismatches).toEqual([]);
  });

  it('exports the table with one row per row of docs/lifecycle.md', () => {
    // Then
    expect(DEVICE_STATUS_TRANSITIONS.map((r) => `${r.from}>${r.to}`).sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(Object.isFrozen(DEVICE_STATUS_TRANSITIONS)).toBe(true);
    expect(Object.isFrozen(DEVICE_STATUS_TRANSITIONS[0])).toBe(true);
    expect(Object.isFrozen(DEVICE_STATUS_TRANSITIONS[1]!.requires.health)).toBe(true);
  });
});

describe('canChangeDeviceStatus — reasons an operator reads', () => {
  const dev = (status: number, desiredStatus: number, deviceHealth: number) => ({ status, desiredStatus, deviceHealth });

  it('names the state, the target and the missing health', () => {
    // Given a link-provisioning device whose health is still pending
    // When
    const r = canChangeDeviceStatus(dev(7, 1, 1), 1, ['networkAdmin']);
    // Then
    expect(r).toEqual({ ok: false, reason: 'device is link-provisioning; activated needs health ready-for-users (it is pending)' });
  });

  it('names the missing desired status too: promotion never invents intent', () => {
    const r = canChangeDeviceStatus(dev(6, 0, 2), 7, ['networkAdmin']);
    expect(r).toEqual({
      ok: false,
      reason: 'device is device-provisioning; link-provisioning needs desired status activated (it is pending)',
    });
  });

  it('names the roles that may do it and the roles the caller has', () => {
    const r = canChangeDeviceStatus(dev(5, 1, 3), 1, ['healthOracle']);
    expect(r).toEqual({ ok: false, reason: 'drained → activated requires role contributor or networkAdmin; caller has healthOracle' });
    const none = canChangeDeviceStatus(dev(5, 1, 3), 1, []);
    expect(none).toEqual({ ok: false, reason: 'drained → activated requires role contributor or networkAdmin; caller has no role' });
  });

  it('reports a missing role and an unmet requirement together', () => {
    const r = canChangeDeviceStatus(dev(5, 1, 4), 1, ['sideZContributor']);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toBe(
      'drained → activated requires role contributor or networkAdmin; caller has sideZContributor. Also, device is drained; activated needs health ready-for-users (it is impaired)',
    );
  });

  it('points Deleting at DeleteDevice and the removed value 2 at its removal', () => {
    const del = canChangeDeviceStatus(dev(1, 1, 3), 3, ['networkAdmin']);
    expect(!del.ok && del.reason).toContain('DeleteDevice');
    const two = canChangeDeviceStatus(dev(1, 1, 3), 2, ['networkAdmin']);
    expect(!two.ok && two.reason).toContain('unknown (2) is not a device status');
    expect(!two.ok && two.reason).toContain('formerly Suspended');
  });

  it('says which steps exist when a stage is skipped', () => {
    const r = canChangeDeviceStatus(dev(6, 1, 3), 1, ['networkAdmin']);
    expect(r).toEqual({
      ok: false,
      reason: 'device-provisioning → activated is not a step of the device lifecycle; from device-provisioning the lifecycle allows → link-provisioning',
    });
  });

  it('refuses to move out of an undeclared status', () => {
    const r = canChangeDeviceStatus(dev(8, 1, 3), 1, ['networkAdmin']);
    expect(r).toEqual({
      ok: false,
      reason: 'device status is unknown (8), a value the program does not declare; no status change out of it is legal',
    });
  });

  it('refuses a same-status change', () => {
    const r = canChangeDeviceStatus(dev(5, 6, 3), 5, ['networkAdmin']);
    expect(!r.ok && r.reason).toMatch(/^device is already drained;/);
  });
});

describe('canChangeDeviceStatus — bad input', () => {
  it('throws ValidationError for an unknown role string', () => {
    // Given a role that is not one of ROLES
    const call = () => canChangeDeviceStatus({ status: 1, desiredStatus: 1, deviceHealth: 3 }, 5, ['admin' as Role]);
    // Then
    expect(call).toThrow(ValidationError);
    expect(call).toThrow(/"admin" is not a role/);
  });

  it('throws ValidationError when roles is not an array or the device is missing', () => {
    expect(() => canChangeDeviceStatus({ status: 1, desiredStatus: 1, deviceHealth: 3 }, 5, 'networkAdmin' as unknown as Role[])).toThrow(ValidationError);
    expect(() => canChangeDeviceStatus(null as never, 5, ['networkAdmin'])).toThrow(ValidationError);
  });

  it('accepts duplicated roles as one', () => {
    const r = canChangeDeviceStatus({ status: 1, desiredStatus: 1, deviceHealth: 3 }, 5, ['contributor', 'contributor']);
    expect(r).toEqual({ ok: true });
  });
});
