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
    // Given a device with two Activated links of its own contributor on it (one per side), one
    // drained link and a foreign link
    const device = sampleDevice();
    const own = { contributorPk: device.contributorPk };
    const l1 = { pubkey: pk(60), link: sampleLink({ ...own, sideAPk: devicePk }) };
    const l2 = { pubkey: pk(61), link: sampleLink({ ...own, sideZPk: devicePk }) };
    const drained = { pubkey: pk(62), link: sampleLink({ ...own, sideAPk: devicePk, status: LinkStatus.SoftDrained }) };
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
    // Given a link with the device on side A, on which the caller is (said to be) only side Z's
    // contributor, without sideZContributorPk
    const device = sampleDevice();
    const l1 = { pubkey: pk(60), link: sampleLink({ sideAPk: devicePk }), roles: ['sideZContributor' as const] };
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

  it('per-link roles come from the links, not the device (issue 16: a side-Z contributor was planned as the link\'s contributor)', () => {
    // Given a DZX link of another contributor with the device on side Z, and one with the device on side A
    const device = sampleDevice();
    const asSideZ = { pubkey: pk(60), link: sampleLink({ sideZPk: devicePk }) };
    const asSideA = { pubkey: pk(61), link: sampleLink({ sideAPk: devicePk }) };
    // When the device's contributor plans maintenance without per-link roles
    const plan = planDeviceMaintenance({ programId, payer, devicePk, device, links: [asSideZ, asSideA], roles: ['contributor'] });
    // Then the side-Z link is soft-drained as side Z's contributor (the side-Z preamble, the device's
    // contributor passed: what the program accepts), and the other contributor's side-A link is
    // blocked: the caller holds no role on it (the program would answer NotAllowed)
    const [z, a] = plan.steps;
    if (z!.blocked) throw new Error(`unexpected block: ${z!.reason}`);
    const d = decodeUpdateLinkInstruction(z!.instruction);
    expect(d.authority.kind).toBe('sideZContributor');
    expect(d.accounts.contributor.equals(device.contributorPk)).toBe(true);
    expect(a!.blocked && a!.reason).toMatch(/role/);
    expect(plan.ready).toBe(false);
  });

  it('blocks the steps the program would refuse to write or that would rewrite undeclared values (issue 16)', () => {
    // Given a device whose stored public IP is not globally routable, and a link whose tunnel_net is public
    const device = sampleDevice({ publicIp: '10.1.1.1' });
    const own = { contributorPk: device.contributorPk };
    const publicTunnel = { pubkey: pk(60), link: sampleLink({ ...own, sideAPk: devicePk, tunnelNet: '45.0.0.0/31' }) };
    // When the contributor plans maintenance
    const plan = planDeviceMaintenance({ programId, payer, devicePk, device, links: [publicTunnel], roles: ['contributor'] });
    // Then both steps are blocked with the program's error (InvalidTunnelNet 28, InvalidPublicIp 62), none reported ready
    const [linkStep, deviceStep] = plan.steps;
    expect(linkStep!.blocked && linkStep!.reason).toMatch(/InvalidTunnelNet \(28\)/);
    expect(deviceStep!.blocked && deviceStep!.reason).toMatch(/InvalidPublicIp \(62\)/);
    expect(plan.ready).toBe(false);
    // And a device holding an undeclared health byte is not drained (the write would replace it)
    const odd = planDeviceMaintenance({ programId, payer, devicePk, device: sampleDevice({ deviceHealth: 9 as DeviceHealth }), links: [], roles: ['contributor'] });
    expect(odd.steps[0]!.blocked && odd.steps[0]!.reason).toMatch(/does not declare/);
  });
});
