/**
 * The raw builders given the account(s) as decoded now (`currentDevice`, `currentLink`, the side
 * devices): their checks follow the program's on the whole account, in its order. Each case here
 * is a disagreement the wider differential test found (issue 16), with the program's answer.
 */
import { describe, expect, it } from 'vitest';
import {
  DeviceType,
  IllegalTransitionError,
  InstructionArgumentError,
  InterfaceCYOA,
  InterfaceStatus,
  InterfaceType,
  LinkLinkType,
  LinkStatus,
  LoopbackType,
  RoutingMode,
  ValidationError,
  createCreateDeviceInstruction,
  createCreateDeviceInterfaceInstruction,
  createCreateLinkInstruction,
  createDeleteDeviceInterfaceInstruction,
  createUpdateDeviceInstruction,
  createUpdateDeviceInterfaceInstruction,
  createUpdateLinkInstruction,
  deleteDevice,
  decodeUpdateDeviceInterfaceInstruction,
} from '../../src/index.js';
import { physicalInterface } from '../conformance/ledger.js';
import { pk, sampleDevice, sampleInterface, sampleLink } from '../helpers/accounts.js';
import { PAYER, PROGRAM_ID, thrown } from './_helpers.js';

const base = { programId: PROGRAM_ID, payer: PAYER };
const predicted = (f: () => unknown) => thrown(f, InstructionArgumentError).programError;

describe('UpdateDevice with the current device', () => {
  const update = (device: ReturnType<typeof sampleDevice>, args: Parameters<typeof createUpdateDeviceInstruction>[0]['args']) => () =>
    createUpdateDeviceInstruction({ ...base, device: pk(30), currentContributor: device.contributorPk, currentLocation: device.locationPk, currentDevice: device, args });

  it('refuses a type change off Transit when the stored public IP is not globally routable (the program: InvalidPublicIp 62)', () => {
    // Given a Transit device whose public IP is private (allowed for Transit only)
    const transit = sampleDevice({ deviceType: DeviceType.Transit, publicIp: '10.2.2.2' });
    // When its type becomes Hybrid or Edge, the public IP untouched
    // Then the builder predicts InvalidPublicIp, as the program answers
    expect(predicted(update(transit, { deviceType: DeviceType.Hybrid }))).toEqual({ name: 'InvalidPublicIp', code: 62 });
    expect(predicted(update(transit, { deviceType: DeviceType.Edge }))).toEqual({ name: 'InvalidPublicIp', code: 62 });
    // And with a global public IP given too, it builds
    expect(update(transit, { deviceType: DeviceType.Hybrid, publicIp: '45.9.9.9' })().keys.length).toBeGreaterThan(0);
    // And given only the current type, the builder says it cannot check instead of building
    expect(() =>
      createUpdateDeviceInstruction({ ...base, device: pk(30), currentContributor: pk(3), currentLocation: pk(4), currentDeviceType: DeviceType.Transit, args: { deviceType: DeviceType.Edge } }),
    ).toThrow(ValidationError);
  });

  it('checks the device the update leaves in the program\'s order: the public IP before the dz_prefixes', () => {
    // Given a clean device, an update with a private public IP and no dz_prefixes: the program checks public_ip first
    expect(predicted(update(sampleDevice(), { publicIp: '10.0.0.1', dzPrefixes: [] }))).toEqual({ name: 'InvalidPublicIp', code: 62 });
    // And without the device the same order holds
    expect(
      predicted(() =>
        createUpdateDeviceInstruction({ ...base, device: pk(30), currentContributor: pk(3), currentLocation: pk(4), oldDzPrefixCount: 1, currentDeviceType: DeviceType.Hybrid, args: { publicIp: '10.0.0.1', dzPrefixes: [] } }),
      ),
    ).toEqual({ name: 'InvalidPublicIp', code: 62 });
  });

  it('predicts the panic of dz_prefixes emptied on a device that has none (the program asserts a DzPrefixBlock account)', () => {
    expect(predicted(update(sampleDevice({ dzPrefixes: [] }), { dzPrefixes: [] }))).toEqual({ name: 'panic', code: undefined });
  });

  it('refuses to write over a value the program does not declare', () => {
    expect(() => update(sampleDevice({ interfaces: [sampleInterface('Ethernet1', { routingMode: 9 as RoutingMode })] }), { maxUsers: 4 })()).toThrow(IllegalTransitionError);
  });
});

describe('interface builders with the current device', () => {
  const legacy = sampleDevice({ interfaces: [sampleInterface('Management1'), sampleInterface('Ethernet1', { status: InterfaceStatus.Activated })] });

  it('deletes, or marks Deleting, an interface stored under a legacy name (the program: success; before: InterfaceNotFound 24 predicted)', () => {
    // Given a device holding "Management1" (an older program version accepted it)
    // When it is deleted, or marked Deleting, with the device given
    const del = createDeleteDeviceInterfaceInstruction({ ...base, device: pk(30), contributor: legacy.contributorPk, currentDevice: legacy, args: { name: 'management1' } });
    const upd = createUpdateDeviceInterfaceInstruction({ ...base, device: pk(30), contributor: legacy.contributorPk, currentDevice: legacy, args: { name: 'Management1', status: InterfaceStatus.Deleting } });
    // Then both build: the program finds it ignoring case, and a Deleting interface is not validated
    expect(del.keys.length).toBeGreaterThan(0);
    expect(decodeUpdateDeviceInterfaceInstruction(upd).args.status).toBe(InterfaceStatus.Deleting);
    // And any other write to the device is refused with the error the program gives for that name
    expect(predicted(() => createUpdateDeviceInterfaceInstruction({ ...base, device: pk(30), contributor: legacy.contributorPk, currentDevice: legacy, args: { name: 'Ethernet1', cir: 5n } }))).toEqual({
      name: 'InvalidInterfaceName',
      code: 12,
    });
  });

  it('looks the name up among the stored ones, and checks the interface as the update leaves it', () => {
    const device = sampleDevice({ interfaces: [sampleInterface('Ethernet1', { status: InterfaceStatus.Activated })] });
    const upd = (args: Partial<Parameters<typeof createUpdateDeviceInterfaceInstruction>[0]['args']>) => () =>
      createUpdateDeviceInterfaceInstruction({ ...base, device: pk(30), contributor: device.contributorPk, currentDevice: device, args: { name: 'Ethernet1', ...args } });
    expect(predicted(upd({ name: 'Ethernet7' }))).toEqual({ name: 'InterfaceNotFound', code: 24 });
    // an activated (linked) physical interface takes no CYOA
    expect(predicted(upd({ interfaceCyoa: InterfaceCYOA.GREOverDIA, ipNet: '45.0.0.1/30', mtu: 1500 }))).toEqual({ name: 'InterfaceHasEdgeAssignment', code: 83 });
    // mtu 1500 on a plain interface: the program checks the merged state
    expect(predicted(upd({ mtu: 1500 }))).toEqual({ name: 'InvalidMtu', code: 46 });
    // an interface that is not a Vpnv4 loopback takes no topologies
    expect(predicted(() => createUpdateDeviceInterfaceInstruction({ ...base, device: pk(30), contributor: device.contributorPk, currentDevice: device, topologyNames: ['a'], args: { name: 'Ethernet1' } }))).toEqual({
      name: 'InvalidArgument',
      code: 65,
    });
  });

  it('CreateDeviceInterface: the name taken (InterfaceAlreadyExists 56) before the VLAN, which is checked with the device', () => {
    const device = sampleDevice({ interfaces: [sampleInterface('Ethernet1')] });
    const create = (args: Partial<Parameters<typeof createCreateDeviceInterfaceInstruction>[0]['args']>) => () =>
      createCreateDeviceInterfaceInstruction({ ...base, device: pk(30), contributor: device.contributorPk, currentDevice: device, args: physicalInterface('Ethernet1', args) });
    expect(predicted(create({ vlanId: 5000 }))).toEqual({ name: 'InterfaceAlreadyExists', code: 56 });
    expect(predicted(create({ name: 'et2', vlanId: 5000 }))).toEqual({ name: 'InvalidVlanId', code: 49 });
    expect(create({ name: 'lo3', loopbackType: LoopbackType.Ipv4 })().keys.length).toBeGreaterThan(0);
  });
});

describe('CreateDevice and DeleteDevice: accounts the program asserts are its own', () => {
  it('an all-zero location or exchange makes the program panic, after the code check', () => {
    const args = { code: 'dev', deviceType: DeviceType.Hybrid, publicIp: '45.1.1.1', dzPrefixes: ['46.1.1.0/29'], metricsPublisherPk: pk(9), mgmtVrf: '' };
    const create = (over: object) => () => createCreateDeviceInstruction({ ...base, contributor: pk(3), location: pk(4), exchange: pk(5), deviceIndex: 7n, args, ...over });
    expect(predicted(create({ location: pk(0) }))).toEqual({ name: 'panic', code: undefined });
    expect(predicted(create({ exchange: pk(0), args: { ...args, code: 'bad code' } }))).toEqual({ name: 'InvalidAccountCode', code: 19 });
  });

  it('checked atomic DeleteDevice: a device without a location panics; the accounts given must be the device\'s', () => {
    const device = sampleDevice({ status: 6, locationPk: pk(0) });
    const atomic = { kind: 'atomic' as const, location: device.locationPk, exchange: device.exchangePk, owners: [pk(40)], deviceOwner: device.owner };
    const input = { ...base, roles: ['networkAdmin' as const], devicePk: pk(30) };
    expect(predicted(() => deleteDevice({ ...input, device, resources: atomic }))).toEqual({ name: 'panic', code: undefined });
    const ok = sampleDevice({ status: 6 });
    expect(predicted(() => deleteDevice({ ...input, device: ok, resources: { ...atomic, location: pk(77) } }))).toEqual({ name: 'InvalidLocationPubkey', code: 2 });
    expect(predicted(() => deleteDevice({ ...input, device: ok, resources: { ...atomic, location: ok.locationPk, deviceOwner: pk(78) } }))).toEqual({ name: 'InvalidOwnerPubkey', code: 1 });
  });
});

describe('CreateLink and UpdateLink with the accounts they write', () => {
  it('CreateLink with the side devices: their contributor, interfaces and writes, in the program\'s order', () => {
    const a = sampleDevice({ interfaces: [sampleInterface('Ethernet1', { interfaceType: InterfaceType.Physical })] });
    const z = sampleDevice({ interfaces: [sampleInterface('Ethernet1')] });
    const args = { code: 'l', linkType: LinkLinkType.WAN, bandwidth: 10_000_000_000n, mtu: 9000, delayNs: 1_000_000n, jitterNs: 10_000n, sideAIfaceName: 'Ethernet1', sideZIfaceName: 'Ethernet1' };
    const create = (over: object) => () => createCreateLinkInstruction({ ...base, contributor: a.contributorPk, sideA: pk(40), sideZ: pk(41), linkIndex: 9n, sideADevice: a, sideZDevice: z, args, ...over });
    expect(create({})().keys.length).toBeGreaterThan(0);
    expect(predicted(create({ contributor: pk(99) }))).toEqual({ name: 'InvalidContributor', code: 14 });
    expect(predicted(create({ args: { ...args, sideZIfaceName: 'Ethernet8' } }))).toEqual({ name: 'InvalidInterfaceName', code: 12 });
    // the side-A device cannot be written back (its public IP)
    expect(predicted(create({ sideADevice: { ...a, publicIp: '10.0.0.1' } }))).toEqual({ name: 'InvalidPublicIp', code: 62 });
  });

  it('CreateLink without them: a link wider than any may be fails first at the interfaces\' bandwidth', () => {
    const args = { code: 'l', linkType: LinkLinkType.DZX, bandwidth: 500_000_000_000n, mtu: 9000, delayNs: 1_000_000n, jitterNs: 10_000n, sideAIfaceName: 'Ethernet1', sideZIfaceName: 'Ethernet1' };
    expect(predicted(() => createCreateLinkInstruction({ ...base, contributor: pk(3), sideA: pk(40), sideZ: pk(41), linkIndex: 9n, args }))).toEqual({ name: 'InvalidBandwidth', code: 31 });
  });

  it('UpdateLink: a Deleting link is not validated; the side-Z form takes no privileged field', () => {
    const link = sampleLink();
    const update = (args: object, over: object = {}) => () =>
      createUpdateLinkInstruction({ ...base, link: pk(50), authority: { kind: 'contributor', contributor: link.contributorPk }, sideA: link.sideAPk, sideZ: link.sideZPk, args, ...over });
    // Given a status write to Deleting with an out-of-range bandwidth: the program stores both
    expect(update({ status: LinkStatus.Deleting, bandwidth: 500_000_000_000n })().keys.length).toBeGreaterThan(0);
    // And the side-Z form refuses tunnel fields, topologies and unicast_drained (the program answers NotAllowed)
    const sideZ = { authority: { kind: 'sideZContributor', contributor: pk(60) } };
    expect(thrown(update({ tunnelId: 5 }, sideZ), ValidationError).field).toBe('tunnelId');
    expect(thrown(update({ unicastDrained: true }, sideZ), ValidationError).field).toBe('unicastDrained');
  });

  it('UpdateLink with the current link and side devices: the side interfaces are looked up before a /32 panics', () => {
    const link = sampleLink({ sideAIfaceName: 'Ethernet2', sideZIfaceName: 'Ethernet2' });
    const a = sampleDevice();
    const z = sampleDevice({ interfaces: [sampleInterface('Ethernet2')] });
    const update = (tunnelNet: string, sideADevice = a) => () =>
      createUpdateLinkInstruction({ ...base, link: pk(50), authority: { kind: 'contributor', contributor: link.contributorPk }, sideA: link.sideAPk, sideZ: link.sideZPk, currentLink: link, sideADevice, sideZDevice: z, args: { tunnelNet } });
    expect(predicted(update('10.9.0.0/32'))).toEqual({ name: 'InterfaceNotFound', code: 24 });
    expect(predicted(update('10.9.0.0/32', sampleDevice({ interfaces: [sampleInterface('Ethernet2')] })))).toEqual({ name: 'panic', code: undefined });
    // and without the side devices the builder says it needs them
    expect(() => createUpdateLinkInstruction({ ...base, link: pk(50), authority: { kind: 'contributor', contributor: link.contributorPk }, sideA: link.sideAPk, sideZ: link.sideZPk, currentLink: link, args: { tunnelNet: '10.9.0.0/31' } })).toThrow(
      ValidationError,
    );
    // and a stored public tunnel_net makes any write fail (InvalidTunnelNet)
    expect(
      predicted(() =>
        createUpdateLinkInstruction({ ...base, link: pk(50), authority: { kind: 'contributor', contributor: link.contributorPk }, currentLink: { ...link, tunnelNet: '45.0.0.0/31' }, args: { delayOverrideNs: 0n } }),
      ),
    ).toEqual({ name: 'InvalidTunnelNet', code: 28 });
  });
});

describe('the order of the writes', () => {
  it('CreateLink creates the link (validated) before it writes the side devices back', () => {
    // Given a side-A device that cannot be written back (its mgmt_vrf) and a link delay out of range
    const a = sampleDevice({ mgmtVrf: 'bad vrf', interfaces: [sampleInterface('Ethernet1')] });
    const z = sampleDevice();
    const args = { code: 'l', linkType: LinkLinkType.DZX, bandwidth: 10_000_000_000n, mtu: 9000, delayNs: 5n, jitterNs: 10_000n, sideAIfaceName: 'Ethernet1' };
    // When it is created, Then the link's delay is what the program refuses first
    expect(predicted(() => createCreateLinkInstruction({ ...base, contributor: a.contributorPk, sideA: pk(40), sideZ: pk(41), linkIndex: 9n, sideADevice: a, sideZDevice: z, args }))).toEqual({
      name: 'InvalidDelay',
      code: 32,
    });
  });

  it('UpdateDevice: a move reads both Location accounts; the all-zero key is none (InvalidAccountData)', () => {
    const device = sampleDevice({ locationPk: pk(0) });
    expect(
      predicted(() =>
        createUpdateDeviceInstruction({ ...base, device: pk(30), currentContributor: device.contributorPk, currentLocation: device.locationPk, newLocation: pk(77), currentDevice: device, args: {} }),
      ),
    ).toEqual({ name: 'InvalidAccountData', code: undefined });
  });
});
