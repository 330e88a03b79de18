import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ROLES,
  ValidationError,
  canAcceptLink,
  canChangeDeviceStatus,
  canChangeLinkStatus,
  canDeleteDevice,
  canDeleteLink,
  canSetDeviceDesiredStatus,
  canSetDeviceHealth,
  canSetLinkDesiredStatus,
  canSetLinkHealth,
  legalDeviceStatusTargets,
  legalLinkStatusTargets,
  type LifecycleResult,
  type Role,
} from '../../src/index.js';

// Any number an account field or a target could hold: small enum-ish ints, big ints, fractions.
const anyValue = fc.oneof(fc.integer({ min: -2, max: 12 }), fc.integer(), fc.double({ noNaN: false }));
const roleList = fc.array(fc.constantFrom(...ROLES), { maxLength: 8 });
const account = fc.record({
  status: anyValue,
  desiredStatus: anyValue,
  health: anyValue,
  referenceCount: fc.integer({ min: 0, max: 3 }),
  interfaces: fc.integer({ min: 0, max: 2 }),
});
type Acc = { status: number; desiredStatus: number; health: number; referenceCount: number; interfaces: number };

/** Every check of the layer, as one function of (account, target, roles). */
const CHECKS: Record<string, (a: Acc, to: number, roles: Role[]) => LifecycleResult> = {
  deviceStatus: (a, to, r) => canChangeDeviceStatus({ status: a.status, desiredStatus: a.desiredStatus, deviceHealth: a.health }, to, r),
  linkStatus: (a, to, r) => canChangeLinkStatus({ status: a.status, desiredStatus: a.desiredStatus, linkHealth: a.health }, to, r),
  deviceDesired: (a, to, r) => canSetDeviceDesiredStatus({ status: a.status, desiredStatus: a.desiredStatus, deviceHealth: a.health }, to, r),
  linkDesired: (a, to, r) => canSetLinkDesiredStatus({ status: a.status, desiredStatus: a.desiredStatus, linkHealth: a.health }, to, r),
  deviceHealth: (a, to, r) => canSetDeviceHealth({ status: a.status, desiredStatus: a.desiredStatus, deviceHealth: a.health }, to, r),
  linkHealth: (a, to, r) => canSetLinkHealth({ status: a.status, desiredStatus: a.desiredStatus, linkHealth: a.health }, to, r),
  deleteDevice: (a, _to, r) => canDeleteDevice({ status: a.status, referenceCount: a.referenceCount, interfaces: new Array(a.interfaces).fill(0) }, r),
  deleteLink: (a, _to, r) => canDeleteLink({ status: a.status }, r),
  acceptLink: (a, _to, r) => canAcceptLink({ status: a.status, desiredStatus: a.desiredStatus, linkHealth: a.health }, r),
};

describe('lifecycle properties', () => {
  for (const [name, check] of Object.entries(CHECKS)) {
    it(`${name}: never throws on any numeric input, and every refusal has a reason`, () => {
      fc.assert(
        fc.property(account, anyValue, roleList, (a, to, roles) => {
          // When
          const r = check(a, to, roles);
          // Then
          if (r.ok) return r.ok === true && Object.keys(r).length === 1;
          return typeof r.reason === 'string' && r.reason.trim().length > 0;
        }),
        { numRuns: 500 },
      );
    });

    it(`${name}: adding roles never turns a legal request into an illegal one`, () => {
      fc.assert(
        fc.property(account, anyValue, roleList, roleList, (a, to, some, more) => {
          // Given a legal request, When the caller holds more roles, Then it stays legal
          if (!check(a, to, some).ok) return true;
          return check(a, to, [...some, ...more]).ok;
        }),
        { numRuns: 500 },
      );
    });

    it(`${name}: role order and duplicates do not change the answer`, () => {
      fc.assert(
        fc.property(account, anyValue, roleList, (a, to, roles) => {
          const shuffled = [...roles].reverse();
          const doubled = [...roles, ...roles];
          const base = check(a, to, roles);
          expect(check(a, to, shuffled)).toEqual(base);
          expect(check(a, to, doubled)).toEqual(base);
        }),
        { numRuns: 300 },
      );
    });

    it(`${name}: an unknown role string is a ValidationError, not a refusal`, () => {
      fc.assert(
        fc.property(
          account,
          anyValue,
          roleList,
          fc.string().filter((s) => !(ROLES as readonly string[]).includes(s)),
          (a, to, roles, bogus) => {
            expect(() => check(a, to, [...roles, bogus as Role])).toThrow(ValidationError);
          },
        ),
        { numRuns: 200 },
      );
    });
  }

  it('legal*StatusTargets are exactly the targets the checks accept', () => {
    fc.assert(
      fc.property(account, roleList, (a, roles) => {
        const device = { status: a.status, desiredStatus: a.desiredStatus, deviceHealth: a.health };
        const link = { status: a.status, desiredStatus: a.desiredStatus, linkHealth: a.health };
        for (const to of legalDeviceStatusTargets(device, roles)) expect(canChangeDeviceStatus(device, to, roles).ok).toBe(true);
        for (const to of legalLinkStatusTargets(link, roles)) expect(canChangeLinkStatus(link, to, roles).ok).toBe(true);
        for (let to = 0; to < 12; to++) {
          expect(canChangeDeviceStatus(device, to, roles).ok).toBe(legalDeviceStatusTargets(device, roles).includes(to));
          expect(canChangeLinkStatus(link, to, roles).ok).toBe(legalLinkStatusTargets(link, roles).includes(to));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('with no role nothing is ever legal', () => {
    fc.assert(
      fc.property(account, anyValue, (a, to) => Object.values(CHECKS).every((check) => !check(a, to, []).ok)),
      { numRuns: 300 },
    );
  });
});
