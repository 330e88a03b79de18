import { Keypair, type PublicKey } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import {
  ValidationError,
  planDeviceMaintenanceSteps,
  planDeviceReturnSteps,
  type MaintenanceLink,
  type Role,
} from '../../src/index.js';

const pk = (): PublicKey => Keypair.generate().publicKey;
const DEVICE = pk();
const OTHER = pk();
const FAR = pk();

function link(sideAPk: PublicKey, sideZPk: PublicKey, status: number, linkHealth = 2, roles?: Role[]): MaintenanceLink {
  return { pubkey: pk(), link: { sideAPk, sideZPk, status, desiredStatus: status === 1 ? 1 : status, linkHealth }, ...(roles ? { roles } : {}) };
}

describe('planDeviceMaintenanceSteps', () => {
  it('soft-drains each activated link touching the device, in order, then drains the device', () => {
    // Given an activated device with links on side A and side Z, one far away, one already drained
    const a = link(DEVICE, OTHER, 1);
    const z = link(OTHER, DEVICE, 1);
    const far = link(OTHER, FAR, 1);
    const drained = link(DEVICE, OTHER, 7);
    const device = { status: 1, desiredStatus: 1, deviceHealth: 3 };
    // When
    const steps = planDeviceMaintenanceSteps({ device, devicePk: DEVICE, links: [a, far, z, drained], roles: ['contributor'] });
    // Then
    expect(steps.map((s) => [s.kind, s.target.toBase58(), s.from, s.to, s.desiredStatus, s.check.ok])).toEqual([
      ['soft-drain-link', a.pubkey.toBase58(), 1, 7, 7, true],
      ['soft-drain-link', z.pubkey.toBase58(), 1, 7, 7, true],
      ['drain-device', DEVICE.toBase58(), 1, 5, 6, true],
    ]);
  });

  it('uses per-link roles and says which step is blocked and why', () => {
    // Given a link whose caller holds no role towards it, and a device the caller cannot drain
    const blocked = link(DEVICE, OTHER, 1, 2, ['healthOracle']);
    const fine = link(OTHER, DEVICE, 1, 2, ['sideZContributor']);
    const device = { status: 1, desiredStatus: 1, deviceHealth: 3 };
    // When
    const steps = planDeviceMaintenanceSteps({ device, devicePk: DEVICE, links: [blocked, fine], roles: ['sideZContributor'] });
    // Then
    expect(steps.map((s) => s.check)).toEqual([
      { ok: false, reason: 'activated → soft-drained requires role contributor, sideZContributor or networkAdmin; caller has healthOracle' },
      { ok: true },
      { ok: false, reason: 'activated → drained requires role contributor or networkAdmin; caller has sideZContributor' },
    ]);
  });

  it('reports a device that is not activated', () => {
    const device = { status: 7, desiredStatus: 1, deviceHealth: 2 };
    const steps = planDeviceMaintenanceSteps({ device, devicePk: DEVICE, links: [], roles: ['networkAdmin'] });
    expect(steps).toHaveLength(1);
    expect(steps[0]!.check).toEqual({
      ok: false,
      reason: 'link-provisioning → drained is not a step of the device lifecycle; from link-provisioning the lifecycle allows → activated',
    });
  });

  it('refuses a link listed twice and unknown roles', () => {
    const a = link(DEVICE, OTHER, 1);
    const device = { status: 1, desiredStatus: 1, deviceHealth: 3 };
    expect(() => planDeviceMaintenanceSteps({ device, devicePk: DEVICE, links: [a, a], roles: ['contributor'] })).toThrow(ValidationError);
    expect(() => planDeviceMaintenanceSteps({ device, devicePk: DEVICE, links: [a], roles: ['boss' as Role] })).toThrow(ValidationError);
    expect(() => planDeviceMaintenanceSteps({ device, devicePk: DEVICE, links: [{ ...a, roles: ['x' as Role] }], roles: ['contributor'] })).toThrow(ValidationError);
  });

  it('the maintenance plan followed by the return plan round-trips (simulated forward)', () => {
    // Given an activated device with two activated links
    const links = [link(DEVICE, OTHER, 1), link(FAR, DEVICE, 1)];
    const device = { status: 1, desiredStatus: 1, deviceHealth: 3 };
    const plan = planDeviceMaintenanceSteps({ device, devicePk: DEVICE, links, roles: ['networkAdmin'] });
    expect(plan.every((s) => s.check.ok)).toBe(true);
    // When the steps are applied (status and desired status written together)
    const after = links.map((l) => {
      const step = plan.find((s) => s.target.equals(l.pubkey))!;
      return { ...l, link: { ...l.link, status: step.to, desiredStatus: step.desiredStatus } };
    });
    const drain = plan[plan.length - 1]!;
    const drainedDevice = { ...device, status: drain.to, desiredStatus: drain.desiredStatus };
    // Then the return plan undrains the device first and brings both links back
    const back = planDeviceReturnSteps({ device: drainedDevice, devicePk: DEVICE, links: after, roles: ['networkAdmin'] });
    expect(back.map((s) => [s.kind, s.from, s.to, s.desiredStatus, s.check.ok])).toEqual([
      ['undrain-device', 5, 1, 1, true],
      ['activate-link', 7, 1, 1, true],
      ['activate-link', 7, 1, 1, true],
    ]);
  });
});

describe('planDeviceReturnSteps', () => {
  it('returns soft-drained links only, unless includeHardDrained', () => {
    // Given a drained device with one soft-drained and one hard-drained link touching it
    const soft = link(DEVICE, OTHER, 7);
    const hard = link(OTHER, DEVICE, 6);
    const activeElsewhere = link(OTHER, FAR, 7);
    const device = { status: 5, desiredStatus: 6, deviceHealth: 3 };
    // When
    const def = planDeviceReturnSteps({ device, devicePk: DEVICE, links: [soft, hard, activeElsewhere], roles: ['contributor'] });
    const all = planDeviceReturnSteps({ device, devicePk: DEVICE, links: [soft, hard, activeElsewhere], roles: ['contributor'], includeHardDrained: true });
    // Then
    expect(def.map((s) => s.target.toBase58())).toEqual([DEVICE.toBase58(), soft.pubkey.toBase58()]);
    expect(all.map((s) => [s.target.toBase58(), s.from])).toEqual([
      [DEVICE.toBase58(), 5],
      [soft.pubkey.toBase58(), 7],
      [hard.pubkey.toBase58(), 6],
    ]);
  });

  it('blocks on health: device ready-for-users, links ready-for-service', () => {
    // Given an impaired device and a link whose health is pending
    const l = link(DEVICE, OTHER, 7, 1);
    const device = { status: 5, desiredStatus: 6, deviceHealth: 4 };
    // When
    const steps = planDeviceReturnSteps({ device, devicePk: DEVICE, links: [l], roles: ['networkAdmin'] });
    // Then
    expect(steps.map((s) => s.check)).toEqual([
      { ok: false, reason: 'device is drained; activated needs health ready-for-users (it is impaired)' },
      { ok: false, reason: 'link is soft-drained; activated needs health ready-for-service (it is pending)' },
    ]);
  });
});
