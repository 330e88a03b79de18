/**
 * The program's write-time validation as the checked builders apply it (docs/wire-format.md#write-time-validation),
 * the undeclared-value rule, and interface-name matching. The conformance suite checks the same
 * predictions against the program itself; these tests pin them without it.
 */
import { describe, expect, it } from 'vitest';
import {
  DeviceHealth,
  DeviceStatus,
  IllegalTransitionError,
  InstructionArgumentError,
  InterfaceStatus,
  LinkHealth,
  LinkStatus,
  acceptLink,
  createCreateLinkInstruction,
  createDeleteDeviceInterfaceInstruction,
  createUpdateDeviceInterfaceInstruction,
  deleteLink,
  drainDevice,
  setLinkHealth,
  softDrainLink,
  LinkLinkType,
  RoutingMode,
  ValidationError,
} from '../../src/index.js';
import { deviceWriteProblem, linkWriteProblem } from '../../src/core/instructions/accountRules.js';
import { pk, sampleDevice, sampleInterface, sampleLink } from '../helpers/accounts.js';
import { PAYER, PROGRAM_ID, thrown } from './_helpers.js';

const base = { programId: PROGRAM_ID, payer: PAYER };
const predicted = (f: () => unknown) => thrown(f, InstructionArgumentError).programError;

describe('linkWriteProblem: the program validation of a link, in its order', () => {
  it.each([
    ['a public tunnel_net', { tunnelNet: '45.0.0.0/31' }, 'InvalidTunnelNet', 28],
    ['no tunnel_net on an activated link', { tunnelNet: '0.0.0.0/0' }, 'InvalidTunnelNet', 28],
    ['tunnel_id 1025', { tunnelId: 1025 }, 'InvalidTunnelId', 29],
    ['bandwidth 1 Gbps', { bandwidth: 1_000_000_000n }, 'InvalidBandwidth', 31],
    ['delay 1 ns', { delayNs: 1n }, 'InvalidDelay', 32],
    ['jitter 2 s', { jitterNs: 2_000_000_000n }, 'InvalidJitter', 33],
    ['delay override 5 ns', { delayOverrideNs: 5n }, 'InvalidDelay', 32],
    ['the same device on both sides', { sideZPk: pk(21) }, 'InvalidDevicePubkey', 6],
    ['nine topologies', { linkTopologies: Array.from({ length: 9 }, (_, i) => pk(40 + i)) }, 'InvalidArgument', 65],
    // both broken: the tunnel_net rule comes first
    ['a public tunnel_net and tunnel_id 1025', { tunnelNet: '45.0.0.0/31', tunnelId: 1025 }, 'InvalidTunnelNet', 28],
  ])('%s → %s', (_, over, name, code) => {
    // Given a valid link with one rule broken; Then the first broken rule names the program error
    expect(linkWriteProblem(sampleLink(over))?.programError).toEqual({ name, code });
  });

  it('exempts a requested link from the tunnel rule and a deleting link from every rule', () => {
    expect(linkWriteProblem(sampleLink({ status: LinkStatus.Requested, tunnelNet: '0.0.0.0/0' }))).toBeUndefined();
    expect(linkWriteProblem(sampleLink({ status: LinkStatus.Deleting, tunnelNet: '45.0.0.0/31', tunnelId: 2000 }))).toBeUndefined();
    expect(linkWriteProblem(sampleLink())).toBeUndefined();
  });
});

describe('deviceWriteProblem', () => {
  it.each([
    ['a documentation-range public_ip', { publicIp: '203.0.113.1' }, 'InvalidPublicIp', 62],
    ['a private dz_prefix', { dzPrefixes: ['10.0.0.0/24'] }, 'InvalidDzPrefix', 38],
    ['no dz_prefix', { dzPrefixes: [] }, 'NoDzPrefixes', 35],
    ['a public interface address', { interfaces: [sampleInterface('Ethernet1', { ipNet: '45.0.0.1/31' })] }, 'InvalidInterfaceIp', 47],
    ['VLAN 4095', { interfaces: [sampleInterface('Ethernet1', { vlanId: 4095 })] }, 'InvalidVlanId', 49],
  ])('%s → %s', (_, over, name, code) => {
    expect(deviceWriteProblem(sampleDevice(over))?.programError).toEqual({ name, code });
  });

  it('skips interfaces being deleted, like the program', () => {
    const d = sampleDevice({ interfaces: [sampleInterface('Ethernet1', { ipNet: '45.0.0.1/31', status: InterfaceStatus.Deleting })] });
    expect(deviceWriteProblem(d)).toBeUndefined();
  });
});

describe('checked builders refuse writes the program would fail, and accounts holding undeclared values', () => {
  const link = { ...base, linkPk: pk(30), roles: ['networkAdmin' as const] };

  it('a pending (deprecated) link with a public tunnel_net takes no health write: InvalidTunnelNet, predicted', () => {
    // Given the case a source review found: a PendingDeprecated link whose tunnel_net is public
    const stale = sampleLink({ status: LinkStatus.PendingDeprecated, tunnelNet: '45.0.0.0/31' });
    // Then a health write, legal by policy, is refused with the program's error
    expect(predicted(() => setLinkHealth({ ...link, roles: ['healthOracle'], link: stale, to: LinkHealth.Impaired }))).toEqual({
      name: 'InvalidTunnelNet',
      code: 28,
    });
  });

  it('a device holding an undeclared health byte is not written over', () => {
    // Given an Activated device whose health byte is 9 (undeclared)
    const device = sampleDevice({ deviceHealth: 9 as DeviceHealth });
    // When a contributor drains it (legal by the lifecycle); Then IllegalTransitionError names the value
    const e = thrown(() => drainDevice({ ...base, roles: ['contributor'], devicePk: pk(31), device }), IllegalTransitionError);
    expect(e.reason).toContain('device_health unknown (9)');
  });

  it('AcceptLink checks side A too, after side Z, in the program order', () => {
    const requested = sampleLink({ status: LinkStatus.Requested, linkType: LinkLinkType.DZX, sideZIfaceName: '', tunnelNet: '0.0.0.0/0', tunnelId: 0 });
    const sideZDevice = sampleDevice({ interfaces: [sampleInterface('Ethernet9')] });
    const accept = (sideADevice: ReturnType<typeof sampleDevice>, name = 'Ethernet9') => () =>
      acceptLink({ ...link, link: requested, sideZDevice, sideADevice, sideZIfaceName: name });
    // side A lacks the link's interface → InterfaceNotFound; side Z lacks the name → InvalidInterfaceName first
    expect(predicted(accept(sampleDevice()))).toEqual({ name: 'InterfaceNotFound', code: 24 });
    expect(predicted(accept(sampleDevice(), 'Ethernet7'))).toEqual({ name: 'InvalidInterfaceName', code: 12 });
    // side A's interface linked → InvalidStatus
    const linkedA = sampleDevice({ interfaces: [sampleInterface('Ethernet2', { status: InterfaceStatus.Activated })] });
    expect(predicted(accept(linkedA))).toEqual({ name: 'InvalidStatus', code: 7 });
    // both fine → built
    expect(accept(sampleDevice({ interfaces: [sampleInterface('Ethernet2')] }))().keys.length).toBeGreaterThan(0);
  });

  it('DeleteLink refuses when a side device could not be written back', () => {
    const drained = sampleLink({ status: LinkStatus.HardDrained });
    const badSide = sampleDevice({ publicIp: '10.0.0.1', interfaces: [sampleInterface('Ethernet2', { status: InterfaceStatus.Activated })] });
    const sideZDevice = sampleDevice();
    expect(predicted(() => deleteLink({ ...link, link: drained, sideADevice: badSide, sideZDevice }))).toEqual({ name: 'InvalidPublicIp', code: 62 });
    expect(deleteLink({ ...link, link: drained, sideADevice: sampleDevice(), sideZDevice }).keys.length).toBeGreaterThan(0);
  });

  it('AcceptLink and DeleteLink need both side devices, or an explicit skip (issue 16: the checks were skipped silently)', () => {
    // Given a requested link and a drained one, and no side devices
    const requested = sampleLink({ status: LinkStatus.Requested, linkType: LinkLinkType.DZX, sideZIfaceName: '', tunnelNet: '0.0.0.0/0', tunnelId: 0 });
    const drained = sampleLink({ status: LinkStatus.HardDrained });
    const sideZDevice = sampleDevice({ interfaces: [sampleInterface('Ethernet9')] });
    // When they are accepted / deleted without a side device, Then a ValidationError names the missing one
    expect(thrown(() => acceptLink({ ...link, link: requested, sideZDevice, sideZIfaceName: 'Ethernet9' }), ValidationError).field).toBe('input.sideADevice');
    expect(thrown(() => deleteLink({ ...link, link: drained, sideADevice: sampleDevice() }), ValidationError).field).toBe('input.sideZDevice');
    // And skipSideDeviceChecks builds them unchecked, as asked
    expect(acceptLink({ ...link, link: requested, sideZDevice, sideZIfaceName: 'Ethernet9', skipSideDeviceChecks: true }).keys.length).toBeGreaterThan(0);
    expect(deleteLink({ ...link, link: drained, skipSideDeviceChecks: true }).keys.length).toBeGreaterThan(0);
  });

  it('AcceptLink refuses by policy before it predicts anything from a side device the program would misread', () => {
    // Given a side-Z device holding an interface whose routing_mode byte is undeclared: the program
    // cannot read its interface records (it reads the device without interfaces)
    const requested = sampleLink({ status: LinkStatus.Requested, linkType: LinkLinkType.DZX, sideZIfaceName: '', tunnelNet: '0.0.0.0/0', tunnelId: 0 });
    const sideZDevice = sampleDevice({ interfaces: [sampleInterface('Ethernet9', { routingMode: 9 as RoutingMode })] });
    // When side A lacks the link's interface too
    // Then the refusal is the policy on undeclared values, not a prediction about side A
    expect(() => acceptLink({ ...link, link: requested, sideZDevice, sideADevice: sampleDevice(), sideZIfaceName: 'Ethernet9' })).toThrow(IllegalTransitionError);
  });

  it('AcceptLink uses the interface the program finds (the first matching ignoring case) once side Z holds the exact name', () => {
    // Given a legacy side-Z device holding "ethernet9" (linked) before "Ethernet9" (unlinked)
    const requested = sampleLink({ status: LinkStatus.Requested, linkType: LinkLinkType.DZX, sideZIfaceName: '', tunnelNet: '0.0.0.0/0', tunnelId: 0 });
    const sideZDevice = sampleDevice({
      interfaces: [sampleInterface('ethernet9', { status: InterfaceStatus.Activated }), sampleInterface('Ethernet9')],
    });
    const sideADevice = sampleDevice({ interfaces: [sampleInterface('Ethernet2')] });
    // When side Z accepts on "Ethernet9": the program checks the first match, which is linked
    expect(predicted(() => acceptLink({ ...link, link: requested, sideZDevice, sideADevice, sideZIfaceName: 'Ethernet9' }))).toEqual({ name: 'InvalidStatus', code: 7 });
  });

  it('a drain on a link holding an undeclared status is refused by policy', () => {
    expect(() => softDrainLink({ ...link, link: sampleLink({ status: 200 as LinkStatus }) })).toThrow(IllegalTransitionError);
  });

  it('a drain from an undeclared device status is refused', () => {
    expect(() => drainDevice({ ...base, roles: ['networkAdmin'], devicePk: pk(31), device: sampleDevice({ status: 2 as DeviceStatus }) })).toThrow(
      IllegalTransitionError,
    );
  });
});

describe('interface names the program can never match are refused offline', () => {
  const createLink = (sideAIfaceName: string) => () =>
    createCreateLinkInstruction({
      ...base,
      contributor: pk(2),
      sideA: pk(3),
      sideZ: pk(4),
      linkIndex: 9,
      args: { code: 'l', linkType: LinkLinkType.WAN, bandwidth: 10_000_000_000n, mtu: 9000, delayNs: 1_000_000n, jitterNs: 10_000n, sideAIfaceName, sideZIfaceName: 'Ethernet1' },
    });
  const updateIface = (name: string) => () =>
    createUpdateDeviceInterfaceInstruction({ ...base, device: pk(3), contributor: pk(2), args: { name, mtu: 9000 } });
  const deleteIface = (name: string) => () => createDeleteDeviceInterfaceInstruction({ ...base, device: pk(3), contributor: pk(2), args: { name } });

  it('CreateLink compares exactly: only the canonical spelling', () => {
    expect(createLink('Ethernet1')().keys.length).toBeGreaterThan(0);
    for (const name of ['ethernet1', 'et1', 'ETHERNET1']) {
      const e = thrown(createLink(name), InstructionArgumentError);
      expect(e.programError).toEqual({ name: 'InvalidInterfaceName', code: 12 });
      expect(e.message).toContain('"Ethernet1"');
    }
  });

  it('Update/DeleteDeviceInterface ignore case but do not expand shorthands', () => {
    for (const f of [updateIface, deleteIface]) {
      expect(f('ethernet1')().keys.length).toBeGreaterThan(0);
      expect(thrown(f('et1'), InstructionArgumentError).programError).toEqual({ name: 'InterfaceNotFound', code: 24 });
    }
  });
});
