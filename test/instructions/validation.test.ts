import type { PublicKey, TransactionInstruction } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import {
  createAcceptLinkInstruction,
  createCreateDeviceInstruction,
  createCreateDeviceInterfaceInstruction,
  createCreateLinkInstruction,
  createDeleteDeviceInstruction,
  createDeleteDeviceInterfaceInstruction,
  createUpdateDeviceInstruction,
  createUpdateDeviceInterfaceInstruction,
  createUpdateLinkInstruction,
  DeviceType,
  EncodeError,
  InstructionArgumentError,
  InterfaceCYOA,
  InterfaceDIA,
  InterfaceStatus,
  isGlobalIpv4,
  isValidAccountCode,
  LinkLinkType,
  LoopbackType,
  networkContains,
  normalizeInterfaceName,
  RoutingMode,
  tryNormalizeInterfaceName,
  ValidationError,
  CLEAR_TUNNEL_NET,
  type CreateDeviceArgs,
  type CreateDeviceInterfaceArgs,
  type CreateLinkArgs,
  type UpdateDeviceArgs,
  type UpdateDeviceInterfaceArgs,
  type UpdateLinkArgs,
} from '../../src/index.js';
import { pk, PAYER, PROGRAM_ID, thrown } from './_helpers.js';

const base = { programId: PROGRAM_ID, payer: PAYER };
const ZERO = pk(0);

/** Runs `build` and returns the InstructionArgumentError it throws. */
const argError = (build: () => TransactionInstruction): InstructionArgumentError => thrown(build, InstructionArgumentError);

interface Case {
  rule: string;
  build: () => TransactionInstruction;
  field: string;
  error: string;
  code: number | undefined;
}

function runCases(cases: Case[]) {
  it.each(cases)('$rule → $error on $field', ({ build, field, error, code }) => {
    // Given inputs that break one rule / When built
    const e = argError(build);
    // Then a typed ValidationError names the field, the rule and the program error it predicts
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.code).toBe('VALIDATION_ERROR');
    expect(e.field).toBe(field);
    expect(e.rule.length).toBeGreaterThan(0);
    expect(e.programError).toEqual({ name: error, code });
  });
}

// ---------------------------------------------------------------------------------------------
// CreateDevice

const goodDevice: CreateDeviceArgs = {
  code: 'dz-fra1',
  deviceType: DeviceType.Hybrid,
  publicIp: '45.0.0.1',
  dzPrefixes: ['46.0.0.0/29'],
  metricsPublisherPk: pk(9),
  mgmtVrf: 'mgmt',
};
const createDevice = (args: Partial<CreateDeviceArgs>, accounts: { location?: PublicKey; exchange?: PublicKey } = {}) => () =>
  createCreateDeviceInstruction({
    ...base,
    contributor: pk(2),
    location: accounts.location ?? pk(3),
    exchange: accounts.exchange ?? pk(4),
    deviceIndex: 1,
    args: { ...goodDevice, ...args },
  });

describe('CreateDevice argument rules', () => {
  it('accepts the valid base case, a Transit device with a private IP, and 32-byte codes', () => {
    expect(() => createDevice({})()).not.toThrow();
    expect(() => createDevice({ deviceType: DeviceType.Transit, publicIp: '10.1.1.1' })()).not.toThrow();
    expect(() => createDevice({ code: 'a'.repeat(32), mgmtVrf: 'ж'.repeat(16) })()).not.toThrow();
  });

  runCases([
    { rule: 'code with a space', build: createDevice({ code: 'dz fra' }), field: 'code', error: 'InvalidAccountCode', code: 19 },
    { rule: 'code with a slash', build: createDevice({ code: 'dz/1' }), field: 'code', error: 'InvalidAccountCode', code: 19 },
    { rule: 'code of 33 bytes', build: createDevice({ code: 'a'.repeat(33) }), field: 'code', error: 'CodeTooLong', code: 34 },
    { rule: 'code of 17 two-byte chars (34 bytes)', build: createDevice({ code: 'ж'.repeat(17) }), field: 'code', error: 'CodeTooLong', code: 34 },
    { rule: 'public_ip inside a dz_prefix', build: createDevice({ publicIp: '46.0.0.3' }), field: 'public_ip', error: 'InvalidPublicIp', code: 62 },
    { rule: 'public_ip inside a dz_prefix written with host bits', build: createDevice({ publicIp: '46.0.0.1', dzPrefixes: ['46.0.0.7/29'] }), field: 'public_ip', error: 'InvalidPublicIp', code: 62 },
    { rule: 'private public_ip on a Hybrid', build: createDevice({ publicIp: '192.168.1.1' }), field: 'public_ip', error: 'InvalidPublicIp', code: 62 },
    { rule: 'CGNAT public_ip on an Edge', build: createDevice({ deviceType: DeviceType.Edge, publicIp: '100.64.0.1' }), field: 'public_ip', error: 'InvalidPublicIp', code: 62 },
    { rule: 'public_ip not an address', build: createDevice({ publicIp: '1.2.3' }), field: 'public_ip', error: 'InvalidPublicIp', code: 62 },
    { rule: 'no dz_prefixes', build: createDevice({ dzPrefixes: [] }), field: 'dz_prefixes', error: 'NoDzPrefixes', code: 35 },
    { rule: 'private dz_prefix', build: createDevice({ dzPrefixes: ['46.0.0.0/29', '10.0.0.0/24'] }), field: 'dz_prefixes[1]', error: 'InvalidDzPrefix', code: 38 },
    { rule: 'dz_prefix not a network', build: createDevice({ dzPrefixes: ['46.0.0.0'] }), field: 'dz_prefixes[0]', error: 'InvalidDzPrefix', code: 38 },
    { rule: 'mgmt_vrf with a dot', build: createDevice({ mgmtVrf: 'vrf.1' }), field: 'mgmt_vrf', error: 'InvalidAccountCode', code: 19 },
    { rule: 'mgmt_vrf of 33 bytes', build: createDevice({ mgmtVrf: 'v'.repeat(33) }), field: 'mgmt_vrf', error: 'CodeTooLong', code: 34 },
    // The program asserts that the location and exchange accounts are its own before it reads the
    // device it creates: the all-zero key makes it panic (it never reaches InvalidLocation 36 /
    // InvalidExchange 37, which these predicted before the wider differential test).
    { rule: 'all-zero location', build: createDevice({}, { location: ZERO }), field: 'location', error: 'panic', code: undefined },
    { rule: 'all-zero exchange', build: createDevice({}, { exchange: ZERO }), field: 'exchange', error: 'panic', code: undefined },
  ]);

  it('validate: false skips the program rules but never encodability', () => {
    const raw = (args: Partial<CreateDeviceArgs>) => () =>
      createCreateDeviceInstruction({ ...base, contributor: pk(2), location: pk(3), exchange: pk(4), deviceIndex: 1, args: { ...goodDevice, ...args }, validate: false });
    expect(() => raw({ code: 'not valid!', dzPrefixes: [] })()).not.toThrow();
    expect(raw({ deviceType: 9 as DeviceType })).toThrow(EncodeError);
    expect(raw({ publicIp: '300.1.1.1' })).toThrow(EncodeError);
    expect(raw({ desiredStatus: 2 as never })).toThrow(EncodeError);
  });
});

// ---------------------------------------------------------------------------------------------
// UpdateDevice

const updateDevice = (args: UpdateDeviceArgs, currentDeviceType?: DeviceType) => () =>
  createUpdateDeviceInstruction({ ...base, device: pk(2), currentContributor: pk(3), currentLocation: pk(4), oldDzPrefixCount: 1, args, currentDeviceType });

describe('UpdateDevice argument rules', () => {
  it('checks public_ip only when the device type is known', () => {
    expect(() => updateDevice({ publicIp: '10.0.0.1' })()).not.toThrow();
    expect(() => updateDevice({ publicIp: '10.0.0.1' }, DeviceType.Transit)()).not.toThrow();
    expect(() => updateDevice({ publicIp: '10.0.0.1', deviceType: DeviceType.Transit }, DeviceType.Hybrid)()).not.toThrow();
  });

  runCases([
    { rule: 'code with a space', build: updateDevice({ code: 'a b' }), field: 'code', error: 'InvalidAccountCode', code: 19 },
    { rule: 'code of 33 bytes', build: updateDevice({ code: 'c'.repeat(33) }), field: 'code', error: 'CodeTooLong', code: 34 },
    { rule: 'mgmt_vrf of 33 bytes', build: updateDevice({ mgmtVrf: 'v'.repeat(33) }), field: 'mgmt_vrf', error: 'CodeTooLong', code: 34 },
    { rule: 'empty dz_prefixes', build: updateDevice({ dzPrefixes: [] }), field: 'dz_prefixes', error: 'NoDzPrefixes', code: 35 },
    { rule: 'loopback dz_prefix', build: updateDevice({ dzPrefixes: ['127.0.0.0/8'] }), field: 'dz_prefixes[0]', error: 'InvalidDzPrefix', code: 38 },
    { rule: 'private public_ip on a new Hybrid type', build: updateDevice({ publicIp: '10.0.0.1', deviceType: DeviceType.Hybrid }), field: 'public_ip', error: 'InvalidPublicIp', code: 62 },
    { rule: 'private public_ip on a current Edge', build: updateDevice({ publicIp: '172.16.0.1' }, DeviceType.Edge), field: 'public_ip', error: 'InvalidPublicIp', code: 62 },
  ]);

  it('needs oldDzPrefixCount with dz_prefixes, even without validation', () => {
    const f = () =>
      createUpdateDeviceInstruction({ ...base, device: pk(2), currentContributor: pk(3), currentLocation: pk(4), args: { dzPrefixes: ['8.8.8.0/24'] }, validate: false });
    expect(f).toThrow(ValidationError);
    expect(f).not.toThrow(InstructionArgumentError);
  });
});

// ---------------------------------------------------------------------------------------------
// CreateLink

const goodLink: CreateLinkArgs = {
  code: 'fra-ams',
  linkType: LinkLinkType.WAN,
  bandwidth: 10_000_000_000n,
  mtu: 9000,
  delayNs: 10_000,
  jitterNs: 1_000_000_000,
  sideAIfaceName: 'Ethernet1/1',
  sideZIfaceName: 'Ethernet2',
};
const createLink = (args: Partial<CreateLinkArgs>, sideZ: PublicKey = pk(4)) => () =>
  createCreateLinkInstruction({ ...base, contributor: pk(2), sideA: pk(3), sideZ, linkIndex: 1, args: { ...goodLink, ...args } });

describe('CreateLink argument rules', () => {
  it('accepts the bounds, a long code, and a DZX link without side-Z interface', () => {
    expect(() => createLink({ bandwidth: 400_000_000_000, delayNs: 1_000_000_000n, jitterNs: 10_000n })()).not.toThrow();
    expect(() => createLink({ code: 'x'.repeat(200) })()).not.toThrow();
    expect(() => createLink({ linkType: LinkLinkType.DZX, sideZIfaceName: null })()).not.toThrow();
  });

  runCases([
    { rule: 'use_onchain_allocation false', build: createLink({ useOnchainAllocation: false }), field: 'use_onchain_allocation', error: 'InvalidArgument', code: 65 },
    { rule: 'code with a comma', build: createLink({ code: 'a,b' }), field: 'code', error: 'InvalidAccountCode', code: 19 },
    { rule: 'bad side A interface name', build: createLink({ sideAIfaceName: 'eth0' }), field: 'side_a_iface_name', error: 'InvalidInterfaceName', code: 12 },
    { rule: 'bad side Z interface name', build: createLink({ sideZIfaceName: 'Ethernet' }), field: 'side_z_iface_name', error: 'InvalidInterfaceName', code: 12 },
    { rule: 'DZX with a side-Z interface', build: createLink({ linkType: LinkLinkType.DZX }), field: 'side_z_iface_name', error: 'InvalidInterfaceZForExternal', code: 15 },
    { rule: 'mtu 1500', build: createLink({ mtu: 1500 }), field: 'mtu', error: 'InvalidMtu', code: 46 },
    { rule: 'bandwidth just under 10 Gbps', build: createLink({ bandwidth: 9_999_999_999 }), field: 'bandwidth', error: 'InvalidBandwidth', code: 31 },
    { rule: 'bandwidth just over 400 Gbps', build: createLink({ bandwidth: 400_000_000_001n }), field: 'bandwidth', error: 'InvalidBandwidth', code: 31 },
    { rule: 'delay 9,999 ns', build: createLink({ delayNs: 9_999 }), field: 'delay_ns', error: 'InvalidDelay', code: 32 },
    { rule: 'delay 1,000,000,001 ns', build: createLink({ delayNs: 1_000_000_001n }), field: 'delay_ns', error: 'InvalidDelay', code: 32 },
    { rule: 'jitter 0', build: createLink({ jitterNs: 0 }), field: 'jitter_ns', error: 'InvalidJitter', code: 33 },
    { rule: 'side A = side Z', build: createLink({}, pk(3)), field: 'side_z', error: 'InvalidDevicePubkey', code: 6 },
  ]);
});

// ---------------------------------------------------------------------------------------------
// UpdateLink

const updateLink = (args: UpdateLinkArgs, extra: { topologyUnion?: PublicKey[]; currentSideZIfaceName?: string } = {}) => () =>
  createUpdateLinkInstruction({
    ...base,
    link: pk(2),
    authority: { kind: 'contributor', contributor: pk(3) },
    sideA: pk(4),
    sideZ: pk(5),
    ...extra,
    args,
  });

describe('UpdateLink argument rules', () => {
  it('accepts delay_override 0, a private tunnel_net, tunnel_id 1024 and eight distinct topologies', () => {
    const eight = Array.from({ length: 8 }, (_, i) => pk(20 + i));
    expect(() => updateLink({ delayOverrideNs: 0, tunnelNet: '172.16.0.8/31', tunnelId: 1024 })()).not.toThrow();
    expect(() => updateLink({ linkTopologies: eight }, { topologyUnion: eight })()).not.toThrow();
  });

  it('predicts the panic of a /32 tunnel_net (side Z would have no address)', () => {
    const e = argError(updateLink({ tunnelNet: '172.16.0.8/32' }));
    expect(e.programError).toEqual({ name: 'panic', code: undefined });
  });

  it("refuses, in the side-Z form, the fields the program ignores for side Z's contributor", () => {
    // Given side Z's contributor signing; When it asks for an mtu; Then it is refused, not silently ignored
    const sideZ = () =>
      createUpdateLinkInstruction({ ...base, link: pk(2), authority: { kind: 'sideZContributor', contributor: pk(6) }, sideZ: pk(5), args: { mtu: 9000 } });
    expect(thrown(sideZ, ValidationError).field).toBe('mtu');
  });

  it('refuses to clear the tunnel_net, which the program can never do', () => {
    // Given the default network as tunnel_net: the program would give side Z's interface 0.0.0.1/0
    const e = thrown(updateLink({ tunnelNet: CLEAR_TUNNEL_NET }), ValidationError);
    // Then the raw builder refuses it, naming the field
    expect(e.field).toBe('tunnel_net');
  });

  runCases([
    { rule: 'code with a space', build: updateLink({ code: 'a b' }), field: 'code', error: 'InvalidAccountCode', code: 19 },
    { rule: 'bandwidth 1 Gbps', build: updateLink({ bandwidth: 1_000_000_000 }), field: 'bandwidth', error: 'InvalidBandwidth', code: 31 },
    { rule: 'mtu 1500', build: updateLink({ mtu: 1500 }), field: 'mtu', error: 'InvalidMtu', code: 46 },
    { rule: 'delay 0', build: updateLink({ delayNs: 0 }), field: 'delay_ns', error: 'InvalidDelay', code: 32 },
    { rule: 'jitter 2 s', build: updateLink({ jitterNs: 2_000_000_000n }), field: 'jitter_ns', error: 'InvalidJitter', code: 33 },
    { rule: 'delay_override 5 ns', build: updateLink({ delayOverrideNs: 5 }), field: 'delay_override_ns', error: 'InvalidDelay', code: 32 },
    { rule: 'tunnel_id 1025', build: updateLink({ tunnelId: 1025 }), field: 'tunnel_id', error: 'InvalidTunnelId', code: 29 },
    // A public network is in no DeviceTunnelBlock (those are private): its allocation fails first.
    { rule: 'public tunnel_net', build: updateLink({ tunnelNet: '8.8.8.0/31' }), field: 'tunnel_net', error: 'AllocationFailed', code: 63 },
    { rule: 'tunnel on a link with no side-Z interface', build: updateLink({ tunnelNet: '172.16.0.8/31' }, { currentSideZIfaceName: '' }), field: 'tunnel_net', error: 'InterfaceNotFound', code: 24 },
    { rule: 'host bits in tunnel_net', build: updateLink({ tunnelNet: '172.16.0.9/31' }), field: 'tunnel_net', error: 'AllocationFailed', code: 63 },
    { rule: 'tunnel_net whose network is public', build: updateLink({ tunnelNet: '172.16.0.0/0' }), field: 'tunnel_net', error: 'AllocationFailed', code: 63 },
    {
      rule: 'nine topologies',
      build: updateLink({ linkTopologies: Array.from({ length: 9 }, (_, i) => pk(20 + i)) }, { topologyUnion: [] }),
      field: 'link_topologies',
      error: 'InvalidArgument',
      code: 65,
    },
    {
      rule: 'duplicate topology',
      build: updateLink({ linkTopologies: [pk(20), pk(20)] }, { topologyUnion: [pk(20)] }),
      field: 'link_topologies[1]',
      error: 'InvalidArgument',
      code: 65,
    },
    {
      rule: 'new topology missing from the union',
      build: updateLink({ linkTopologies: [pk(20), pk(21)] }, { topologyUnion: [pk(20)] }),
      field: 'link_topologies[1]',
      error: 'InvalidArgument',
      code: 65,
    },
  ]);

  it('structural inputs are required whatever `validate` says', () => {
    const build = (input: object) => () =>
      createUpdateLinkInstruction({ ...base, link: pk(2), authority: { kind: 'contributor', contributor: pk(3) }, args: {}, validate: false, ...input } as never);
    expect(build({ args: { tunnelNet: '10.0.0.0/31' } })).toThrow(ValidationError);
    expect(build({ args: { linkTopologies: [pk(20)] } })).toThrow(ValidationError);
    expect(build({ authority: { kind: 'sideZContributor', contributor: pk(3) } })).toThrow(ValidationError);
    expect(build({ authority: { kind: 'admin', contributor: pk(3) } })).toThrow(ValidationError);
  });
});

// ---------------------------------------------------------------------------------------------
// AcceptLink, DeleteDevice

describe('AcceptLink and DeleteDevice argument rules', () => {
  runCases([
    {
      rule: 'side-Z interface name not an interface name',
      build: () => createAcceptLinkInstruction({ ...base, link: pk(2), contributor: pk(3), sideZ: pk(4), sideA: pk(5), args: { sideZIfaceName: 'xe-0/0/0' } }),
      field: 'side_z_iface_name',
      error: 'InvalidInterfaceName',
      code: 12,
    },
    {
      rule: 'atomic delete without owners',
      build: () =>
        createDeleteDeviceInstruction({
          ...base,
          device: pk(2),
          contributor: pk(3),
          resources: { kind: 'atomic', location: pk(4), exchange: pk(5), owners: [], deviceOwner: pk(6) },
        }),
      field: 'owners',
      error: 'panic',
      code: undefined,
    },
  ]);

  it('validate: false builds the atomic form without owners exactly like the Rust builder (resource_count 0)', () => {
    const ix = createDeleteDeviceInstruction({
      ...base,
      device: pk(2),
      contributor: pk(3),
      resources: { kind: 'atomic', location: pk(4), exchange: pk(5), owners: [], deviceOwner: pk(6) },
      validate: false,
    });
    expect(ix.data.toString('hex')).toBe('1a00');
    expect(ix.keys).toHaveLength(8);
  });
});

// ---------------------------------------------------------------------------------------------
// Interfaces

const goodIface: CreateDeviceInterfaceArgs = {
  name: 'Ethernet1',
  loopbackType: LoopbackType.None,
  vlanId: 0,
  userTunnelEndpoint: false,
  interfaceCyoa: InterfaceCYOA.None,
  interfaceDia: InterfaceDIA.None,
  bandwidth: 10_000_000_000n,
  cir: 0,
  mtu: 9000,
  routingMode: RoutingMode.Static,
};
const createIface = (args: Partial<CreateDeviceInterfaceArgs>, topologyNames?: string[]) => () =>
  createCreateDeviceInterfaceInstruction({ ...base, device: pk(2), contributor: pk(3), topologyNames, args: { ...goodIface, ...args } });
const cyoa = { interfaceCyoa: InterfaceCYOA.GREOverDIA, ipNet: '45.0.0.0/30', mtu: 1500 };

describe('CreateDeviceInterface argument rules', () => {
  it('accepts physical, CYOA, DIA, and user-tunnel-endpoint loopback forms', () => {
    expect(() => createIface({})()).not.toThrow();
    expect(() => createIface({ ...cyoa })()).not.toThrow();
    expect(() => createIface({ interfaceDia: InterfaceDIA.DIA, mtu: 1500 })()).not.toThrow();
    expect(() => createIface({ name: 'lo1', userTunnelEndpoint: true, ipNet: '45.0.0.1/32' })()).not.toThrow();
    expect(() => createIface({ name: 'Loopback1', loopbackType: LoopbackType.Vpnv4 }, ['a', 'b'])()).not.toThrow();
  });

  runCases([
    { rule: 'invalid name', build: createIface({ name: 'ge-0/0/0' }), field: 'name', error: 'InvalidInterfaceName', code: 12 },
    { rule: 'CYOA on a loopback', build: createIface({ ...cyoa, name: 'Loopback0' }), field: 'interface_cyoa', error: 'CyoaRequiresPhysical', code: 69 },
    { rule: 'CYOA on a loopback shorthand', build: createIface({ ...cyoa, name: 'lo0' }), field: 'interface_cyoa', error: 'CyoaRequiresPhysical', code: 69 },
    { rule: 'ip_net on a plain interface', build: createIface({ ipNet: '10.0.0.0/31' }), field: 'ip_net', error: 'InvalidInterfaceIp', code: 47 },
    { rule: 'CYOA without ip_net', build: createIface({ ...cyoa, ipNet: null }), field: 'ip_net', error: 'InvalidInterfaceIp', code: 47 },
    { rule: 'CYOA with mtu 9000', build: createIface({ ...cyoa, mtu: 9000 }), field: 'mtu', error: 'InvalidMtu', code: 46 },
    { rule: 'DIA with zero bandwidth', build: createIface({ interfaceDia: InterfaceDIA.DIA, mtu: 1500, bandwidth: 0 }), field: 'bandwidth', error: 'InvalidBandwidth', code: 31 },
    { rule: 'plain interface with mtu 1500', build: createIface({ mtu: 1500 }), field: 'mtu', error: 'InvalidMtu', code: 46 },
    { rule: 'VLAN 4095', build: createIface({ vlanId: 4095 }), field: 'vlan_id', error: 'InvalidVlanId', code: 49 },
    {
      rule: 'public ip_net on a physical user-tunnel endpoint',
      build: createIface({ userTunnelEndpoint: true, ipNet: '45.0.0.0/31' }),
      field: 'ip_net',
      error: 'InvalidInterfaceIp',
      code: 47,
    },
    {
      rule: 'the same topology twice (case-insensitive)',
      build: createIface({ name: 'Loopback1', loopbackType: LoopbackType.Vpnv4 }, ['algo-1', 'ALGO-1']),
      field: 'topology_names[1]',
      error: 'InvalidArgument',
      code: 65,
    },
  ]);

  it('a topology name longer than a PDA seed is refused whatever `validate` says', () => {
    const f = () =>
      createCreateDeviceInterfaceInstruction({
        ...base,
        device: pk(2),
        contributor: pk(3),
        topologyNames: ['t'.repeat(33)],
        args: { ...goodIface, name: 'Loopback1', loopbackType: LoopbackType.Vpnv4 },
        validate: false,
      });
    expect(f).toThrow(ValidationError);
  });
});

const updateIface = (args: Partial<UpdateDeviceInterfaceArgs>, topologyNames?: string[] | null) => () =>
  createUpdateDeviceInterfaceInstruction({ ...base, device: pk(2), contributor: pk(3), topologyNames, args: { name: 'Ethernet1', ...args } });

describe('UpdateDeviceInterface and DeleteDeviceInterface argument rules', () => {
  it('accepts partial updates whose outcome depends on the stored interface', () => {
    expect(() => updateIface({ mtu: 1500 })()).not.toThrow();
    expect(() => updateIface({ interfaceCyoa: InterfaceCYOA.GREOverFabric })()).not.toThrow();
    expect(() => updateIface({ ipNet: '45.0.0.0/31' })()).not.toThrow();
  });

  it('accepts names outside today\'s grammar, which older program versions stored (issue 16: a device holding one could not be repaired)', () => {
    // Given names an older program version accepted (the program still finds them, ignoring case)
    for (const name of ['Management1', 'Ethernet1/1/1', 'Tunnel7', 'mgmt0']) {
      // When the interface is deleted, or marked Deleting, without the device at hand
      // Then the builders build: deleting it is how such a device is repaired
      expect(() => updateIface({ name, status: InterfaceStatus.Deleting })()).not.toThrow();
      expect(() => createDeleteDeviceInterfaceInstruction({ ...base, device: pk(2), contributor: pk(3), args: { name } })).not.toThrow();
    }
    // And a Deleting interface is not validated: its VLAN is not checked either
    expect(() => updateIface({ status: InterfaceStatus.Deleting, vlanId: 5000 })()).not.toThrow();
  });

  runCases([
    // A shorthand of a name in today's grammar can never match: stored names are canonical.
    { rule: 'shorthand name', build: updateIface({ name: 'et1' }), field: 'name', error: 'InterfaceNotFound', code: 24 },
    { rule: 'loopback_type None', build: updateIface({ loopbackType: LoopbackType.None }), field: 'loopback_type', error: 'InvalidLoopbackType', code: 58 },
    { rule: 'VLAN 5000', build: updateIface({ vlanId: 5000 }), field: 'vlan_id', error: 'InvalidVlanId', code: 49 },
    { rule: 'mtu 1000', build: updateIface({ mtu: 1000 }), field: 'mtu', error: 'InvalidMtu', code: 46 },
    { rule: 'CYOA with mtu 9000', build: updateIface({ interfaceCyoa: InterfaceCYOA.GREOverCable, mtu: 9000 }), field: 'mtu', error: 'InvalidMtu', code: 46 },
    {
      rule: 'no CYOA/DIA with mtu 1500',
      build: updateIface({ interfaceCyoa: InterfaceCYOA.None, interfaceDia: InterfaceDIA.None, mtu: 1500 }),
      field: 'mtu',
      error: 'InvalidMtu',
      code: 46,
    },
    { rule: 'DIA with zero bandwidth', build: updateIface({ interfaceDia: InterfaceDIA.DIA, bandwidth: 0 }), field: 'bandwidth', error: 'InvalidBandwidth', code: 31 },
    {
      rule: 'ip_net on an interface that is not CYOA, DIA nor endpoint',
      build: updateIface({ ipNet: '10.0.0.0/31', interfaceCyoa: InterfaceCYOA.None, interfaceDia: InterfaceDIA.None, userTunnelEndpoint: false }),
      field: 'ip_net',
      error: 'InvalidInterfaceIp',
      code: 47,
    },
    {
      rule: 'CYOA while clearing ip_net',
      build: updateIface({ interfaceCyoa: InterfaceCYOA.GREOverDIA, ipNet: '0.0.0.0/0' }),
      field: 'ip_net',
      error: 'InvalidInterfaceIp',
      code: 47,
    },
    { rule: 'the same topology twice', build: updateIface({ name: 'Loopback0' }, ['x', 'x']), field: 'topology_names[1]', error: 'InvalidArgument', code: 65 },
    {
      rule: 'delete with a shorthand name',
      build: () => createDeleteDeviceInterfaceInstruction({ ...base, device: pk(2), contributor: pk(3), args: { name: 'lo0' } }),
      field: 'name',
      error: 'InterfaceNotFound',
      code: 24,
    },
  ]);
});

// ---------------------------------------------------------------------------------------------
// The rule helpers, against the program's own examples

describe('code charset (Rust char::is_alphanumeric, or : _ -)', () => {
  it.each([
    ['', true],
    ['dz-fra_1:a', true],
    ['Éé', true],
    ['ж', true],
    ['٣', true], // Arabic-Indic digit three (Nd)
    ['Ⅻ', true], // Roman numeral twelve (Nl)
    ['½', true], // vulgar fraction (No)
    ['\u0345', true], // U+0345, a combining mark that is Alphabetic
    ['中文', true],
    ['a b', false],
    ['a/b', false],
    ['a.b', false],
    ['a@b', false],
    ['😀', false],
    ['e\u0301', false], // e + U+0301 combining acute: a mark that is not Alphabetic
    ['a\tb', false],
  ])('%j → %s', (code, ok) => {
    expect(isValidAccountCode(code)).toBe(ok);
  });
});

describe('globally routable IPv4 (the program\'s own test vectors)', () => {
  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '100.63.255.255',
    '100.128.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '198.18.0.1',
    '198.19.0.1',
    '203.0.114.1',
  ])('%s is global', (ip) => expect(isGlobalIpv4(ip)).toBe(true));
  it.each([
    '0.0.0.0',
    '0.1.2.3',
    '10.0.0.1',
    '10.255.255.255',
    '100.64.0.1',
    '100.127.255.255',
    '127.0.0.1',
    '169.254.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.0.0.1',
    '192.0.2.1',
    '192.168.0.1',
    '198.51.100.1',
    '203.0.113.1',
    '224.0.0.1',
    '239.255.255.255',
    '240.0.0.1',
    '255.255.255.255',
  ])('%s is not global', (ip) => expect(isGlobalIpv4(ip)).toBe(false));
});

describe('networkContains (host bits ignored, like ipnetwork)', () => {
  it.each([
    ['10.0.0.0/24', '10.0.0.1', true],
    ['10.0.0.77/24', '10.0.0.1', true],
    ['10.0.0.0/24', '10.0.1.1', false],
    ['0.0.0.0/0', '200.1.2.3', true],
    ['8.8.8.8/32', '8.8.8.8', true],
    ['8.8.8.8/32', '8.8.8.9', false],
  ])('%s contains %s: %s', (net, ip, ok) => expect(networkContains(net, ip)).toBe(ok));
});

describe('interface names (the program\'s validate_iface)', () => {
  it.each([
    ['Ethernet1', 'Ethernet1'],
    ['Ethernet1/1', 'Ethernet1/1'],
    ['ethernet2/2', 'Ethernet2/2'],
    ['ETHERNET2/2', 'Ethernet2/2'],
    ['Ethernet1/1.123', 'Ethernet1/1.123'],
    ['et2/4', 'Ethernet2/4'],
    ['Switch1/1/1', 'Switch1/1/1'],
    ['Switch1/1/1.42', 'Switch1/1/1.42'],
    ['sw3/12/20', 'Switch3/12/20'],
    ['Loopback0', 'Loopback0'],
    ['lo0', 'Loopback0'],
    ['Port-Channel1', 'Port-channel1'],
    ['Port-Channel1.5000', 'Port-channel1.5000'],
    ['po1000.2035', 'Port-channel1000.2035'],
    ['Vlan123', 'Vlan123'],
    ['Vlan123.456', 'Vlan123.456'],
    ['vl1001', 'Vlan1001'],
    ['Ethernet+1', 'Ethernet+1'], // Rust's u32 parser takes a leading '+'
    ['Ethernet4294967295', 'Ethernet4294967295'],
    ['Ethernet1.2.3', 'Ethernet1.2.3'], // only the first sub-interface part is checked
  ])('%s → %s', (name, normal) => {
    expect(normalizeInterfaceName(name)).toBe(normal);
  });

  it.each(['Ethernet1/1.abc', 'Switch1/1/1.foobar', 'Port-Channel1.', 'InvalidInterface', 'Ethernet', 'Ethernet1/2/3', 'Switch1/2', 'Loopback', 'Ethernet4294967296', 'Ethernet-1', 'et', 'ab', 'éth1', '', 'Ethernet 1'])(
    '%j is refused',
    (name) => {
      expect(tryNormalizeInterfaceName(name)).toBeUndefined();
      expect(() => normalizeInterfaceName(name)).toThrow(InstructionArgumentError);
    },
  );
});
