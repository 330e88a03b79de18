import { describe, expect, it } from 'vitest';
import { DeviceDesiredStatus, DeviceHealth, DeviceStatus, LinkDesiredStatus, LinkHealth, LinkStatus } from '../../src/index.js';
import { planDeviceMaintenance, planDeviceReturn } from '../../src/index.js';
import { decodeUpdateDeviceInstruction } from '../../src/index.js';
import { decodeUpdateLinkInstruction } from '../../src/index.js';
import { pk, sampleDevice, sampleLink } from '../helpers/accounts.js';

const programId = pk(255);
const payer = pk(1);
const devicePk = pk(30);

describe('device maintenance planner', () => {
  it('soft-drains every Activated link touching the device, then drains the device', () => {
    // Given a device with two Activated links on it (one per side), one drained link and a foreign link
    const device = sampleDevice();
    const l1 = { pubkey: pk(60), link: sampleLink({ sideAPk: devicePk }) };
    const l2 = { pubkey: pk(61), link: sampleLink({ sideZPk: devicePk }) };
    const drained = { pubkey: pk(62), link: sampleLink({ sideAPk: devicePk, status: LinkStatus.SoftDrained }) };
    const foreign = { pubkey: pk(63), link: sampleLink() };
    // When planning maintenance as the contributor
    const plan = planDeviceMaintenance({ programId, payer, devicePk, device, links: [l1, foreign, drained, l2], roles: ['contributor'] });
    // Then the steps are: soft-drain l1, soft-drain l2, drain the device — each with its instruction
    expect(plan.ready).toBe(true);
    expect(plan.steps.map((s) => [s.kind, s.target.toBase58()])).toEqual([
      ['soft-drain-link', l1.pubkey.toBase58()],
      ['soft-drain-link', l2.pubkey.toBase58()],
      ['drain-device', devicePk.toBase58()],
    ]);
    for (const s of plan.steps.slice(0, 2)) {
      if (s.blocked) throw new Error('unexpected block');
      const a = decodeUpdateLinkInstruction(s.instruction).args;
      expect([a.status, a.desiredStatus]).toEqual([LinkStatus.SoftDrained, LinkDesiredStatus.SoftDrained]);
    }
    const last = plan.steps[2]!;
    if (last.blocked) throw new Error('unexpected block');
    const a = decodeUpdateDeviceInstruction(last.instruction).args;
    expect([a.status, a.desiredStatus]).toEqual([DeviceStatus.Drained, DeviceDesiredStatus.Drained]);
  });

  it('says which step is blocked and why, and attaches no instruction to it', () => {
    // Given a device that is still link-provisioning
    const device = sampleDevice({ status: DeviceStatus.LinkProvisioning });
    const l1 = { pubkey: pk(60), link: sampleLink({ sideAPk: devicePk }) };
    // When a health oracle plans maintenance
    const plan = planDeviceMaintenance({ programId, payer, devicePk, device, links: [l1], roles: ['healthOracle'] });
    // Then both steps are blocked with reasons
    expect(plan.ready).toBe(false);
    expect(plan.steps.every((s) => s.blocked)).toBe(true);
    for (const s of plan.steps) {
      expect(s.blocked && s.reason.length > 0).toBe(true);
      expect('instruction' in s).toBe(false);
    }
  });

  it('return: undrain the device (ReadyForUsers) then return its soft-drained links (ReadyForService)', () => {
    // Given a drained, healthy device with one soft-drained healthy link and one impaired
    const device = sampleDevice({ status: DeviceStatus.Drained, desiredStatus: DeviceDesiredStatus.Drained, deviceHealth: DeviceHealth.ReadyForUsers });
    const ok = { pubkey: pk(60), link: sampleLink({ sideAPk: devicePk, status: LinkStatus.SoftDrained }) };
    const sick = { pubkey: pk(61), link: sampleLink({ sideZPk: devicePk, status: LinkStatus.SoftDrained, linkHealth: LinkHealth.Impaired }) };
    // When planning the return as network admin
    const plan = planDeviceReturn({ programId, payer, devicePk, device, links: [ok, sick], roles: ['networkAdmin'] });
    // Then undrain and the healthy link are ready; the impaired link is blocked on its health
    expect(plan.steps.map((s) => [s.kind, s.blocked])).toEqual([
      ['undrain-device', false],
      ['activate-link', false],
      ['activate-link', true],
    ]);
    const blocked = plan.steps[2]!;
    expect(blocked.blocked && blocked.reason).toMatch(/ready-for-service/);
    const first = plan.steps[0]!;
    if (first.blocked) throw new Error('unexpected block');
    const a = decodeUpdateDeviceInstruction(first.instruction).args;
    expect([a.status, a.desiredStatus]).toEqual([DeviceStatus.Activated, DeviceDesiredStatus.Activated]);
  });

  it('a step that cannot be built from the inputs is blocked with the reason, not thrown', () => {
    // Given a link on which the caller is only side Z's contributor, without sideZContributorPk
    const device = sampleDevice();
    const l1 = { pubkey: pk(60), link: sampleLink({ sideZPk: devicePk }), roles: ['sideZContributor' as const] };
    // When planning maintenance
    const plan = planDeviceMaintenance({ programId, payer, devicePk, device, links: [l1], roles: ['contributor'] });
    // Then the link step is blocked naming the missing input, and the device step is still built
    const [linkStep, deviceStep] = plan.steps;
    expect(linkStep!.blocked && linkStep!.reason).toMatch(/side_z_contributor_pk/);
    expect(deviceStep!.blocked).toBe(false);
    expect(plan.ready).toBe(false);
    // And with the key given, it is built with the side-Z preamble
    const ok = planDeviceMaintenance({ programId, payer, devicePk, device, links: [{ ...l1, sideZContributorPk: pk(32) }], roles: ['contributor'] });
    expect(ok.ready).toBe(true);
  });
});
