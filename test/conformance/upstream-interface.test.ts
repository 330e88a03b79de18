/**
 * The device-interface parts of the program's own integration tests, ported to dzprov
 * (issue 7, part 2). Upstream: smartcontract/programs/doublezero-serviceability/tests/ —
 * interface_test.rs, interface_onchain_allocation_test.rs, delete_cyoa_interface_test.rs and
 * the interface tests of bandwidth_validation_test.rs.
 *
 * Same operations in the same order on a fresh program per test; every Device and interface
 * instruction is built by dzprov, bootstrap accounts by the program's own builders (oracle
 * `build`), or — where upstream seeds accounts directly — written with dzprov's encoders.
 * For the requests the program rejects, the test also records what dzprov's offline checks
 * predict (`predicted`): the same error code, or 'none' where the rule needs chain state.
 *
 * Skipped upstream step: `SetFeatureFlags(OnChainAllocationDeprecated)` (upstream
 * `enable_onchain_allocation`) before the flex-algo tests. The flag is retired (bit 0 is
 * reserved, on-chain allocation is always on) and the oracle has no builder for it.
 */
import { describe, expect, it } from 'vitest';
import { Keypair, PublicKey, TransactionInstruction } from '@solana/web3.js';
import {
  AccountType,
  ContributorStatus,
  CURRENT_INTERFACE_SCHEMA_VERSION,
  DeviceDesiredStatus,
  DeviceHealth,
  DeviceStatus,
  DeviceType,
  InterfaceCYOA,
  InterfaceDIA,
  InterfaceStatus,
  InterfaceType,
  LoopbackType,
  PERMISSION_FLAG_NETWORK_ADMIN,
  RoutingMode,
  createCreateDeviceInterfaceInstruction,
  createDeleteDeviceInterfaceInstruction,
  createUpdateDeviceInterfaceInstruction,
  decodeInstruction,
  encodeContributor,
  encodeDevice,
  encodeGlobalState,
  getContributorPda,
  getDeviceTunnelBlockPda,
  getDevicePda,
  getGlobalStatePda,
  getSegmentRoutingIdsPda,
  type CreateDeviceInterfaceArgs,
  type Device,
  type Interface,
  type UpdateDeviceInterfaceArgs,
} from '../../src/index.js';
import { interfaceRecordSize } from '../../src/core/state/interface.js';
import { useOracle } from './useOracle.js';
import {
  HELPERS_CONFIG,
  allocated,
  createContributor,
  createDevice,
  createExchange,
  createLocation,
  createPermission,
  createPrerequisites,
  createTopology,
  emptyResourceExtension,
  exec,
  expectCustom,
  expectOk,
  findIface,
  fundedKeypair,
  getIface,
  ifaceArgs,
  keys,
  predicted,
  readDevice,
  startProgram,
  tryExec,
  type Env,
} from './upstreamHelpers.js';
import { sampleDevice } from '../helpers/accounts.js';

const oracle = useOracle();

type DevEnv = Env & { device: PublicKey; contributor: PublicKey };

function createIface(
  env: DevEnv,
  args: CreateDeviceInterfaceArgs,
  o: { topologyNames?: string[]; signer?: Keypair; validate?: boolean; contributor?: PublicKey } = {},
): TransactionInstruction {
  return createCreateDeviceInterfaceInstruction({
    programId: env.programId,
    payer: (o.signer ?? env.payer).publicKey,
    device: env.device,
    contributor: o.contributor ?? env.contributor,
    args,
    ...(o.topologyNames ? { topologyNames: o.topologyNames } : {}),
    ...(o.validate === false ? { validate: false } : {}),
  });
}

function updateIface(
  env: DevEnv,
  args: UpdateDeviceInterfaceArgs,
  o: { topologyNames?: string[]; signer?: Keypair; validate?: boolean; appendPermission?: boolean } = {},
): TransactionInstruction {
  return createUpdateDeviceInterfaceInstruction({
    programId: env.programId,
    payer: (o.signer ?? env.payer).publicKey,
    device: env.device,
    contributor: env.contributor,
    args,
    ...(o.topologyNames ? { topologyNames: o.topologyNames } : {}),
    ...(o.validate === false ? { validate: false } : {}),
    ...(o.appendPermission ? { appendPermission: true } : {}),
  });
}

function deleteIface(env: DevEnv, name: string): TransactionInstruction {
  return createDeleteDeviceInterfaceInstruction({
    programId: env.programId,
    payer: env.payer.publicKey,
    device: env.device,
    contributor: env.contributor,
    args: { name },
  });
}

/** interface_test.rs / bandwidth_validation_test.rs setup: device "la" 8.8.8.8, 110.1.0.0/23. */
async function setupDeviceLa(): Promise<DevEnv> {
  const env = await startProgram(oracle, HELPERS_CONFIG);
  const pre = await createPrerequisites(env);
  const device = await createDevice(env, { ...pre, code: 'la', publicIp: '8.8.8.8', dzPrefixes: ['110.1.0.0/23'] });
  return { ...env, device, contributor: pre.contributor };
}

describe('interface_test.rs', () => {
  it('interface_test.rs::test_interface_create_invalid_mtu_non_cyoa', async () => {
    // Given a device
    const env = await setupDeviceLa();
    // When a non-CYOA interface is created with MTU 1500
    const args = ifaceArgs('Et1/1', { mtu: 1500 });
    expect(predicted(() => createIface(env, args))).toBe(46);
    // Then InvalidMtu (must be 9000)
    expectCustom(await tryExec(env, createIface(env, args, { validate: false })), 46);
  });

  it('interface_test.rs::test_interface_create_invalid_mtu_cyoa', async () => {
    // Given a device
    const env = await setupDeviceLa();
    // When a CYOA interface is created with MTU 9000
    const args = ifaceArgs('Et1/1', {
      interfaceCyoa: InterfaceCYOA.GREOverDIA,
      ipNet: '63.243.225.62/30',
      userTunnelEndpoint: true,
      mtu: 9000,
    });
    expect(predicted(() => createIface(env, args))).toBe(46);
    // Then InvalidMtu (must be 1500)
    expectCustom(await tryExec(env, createIface(env, args, { validate: false })), 46);
  });
});

describe('bandwidth_validation_test.rs (interfaces)', () => {
  it('bandwidth_validation_test.rs::test_interface_create_rejects_cyoa_zero_bandwidth', async () => {
    // Given a device
    const env = await setupDeviceLa();
    // When a CYOA interface with bandwidth 0 (and the right MTU) is created
    const args = ifaceArgs('Et1/1', {
      interfaceCyoa: InterfaceCYOA.GREOverDIA,
      ipNet: '63.243.225.62/30',
      userTunnelEndpoint: true,
      mtu: 1500,
      bandwidth: 0n,
    });
    expect(predicted(() => createIface(env, args))).toBe(31);
    // Then InvalidBandwidth
    expectCustom(await tryExec(env, createIface(env, args, { validate: false })), 31);
  });

  it('bandwidth_validation_test.rs::test_interface_create_rejects_dia_zero_bandwidth', async () => {
    const env = await setupDeviceLa();
    // When a DIA interface with bandwidth 0 is created
    const args = ifaceArgs('Et1/2', { interfaceDia: InterfaceDIA.DIA, mtu: 1500, bandwidth: 0n });
    expect(predicted(() => createIface(env, args))).toBe(31);
    // Then InvalidBandwidth
    expectCustom(await tryExec(env, createIface(env, args, { validate: false })), 31);
  });

  it('bandwidth_validation_test.rs::test_interface_update_rejects_setting_cyoa_without_bandwidth', async () => {
    // Given a plain physical interface with bandwidth 0
    const env = await setupDeviceLa();
    await exec(env, createIface(env, ifaceArgs('Ethernet2/1')));
    // When it is flipped to CYOA (mtu 1500, ip_net) without a bandwidth
    const args: UpdateDeviceInterfaceArgs = {
      name: 'Ethernet2/1',
      interfaceCyoa: InterfaceCYOA.GREOverDIA,
      mtu: 1500,
      ipNet: '63.243.225.62/30',
    };
    // (dzprov cannot know the stored bandwidth offline)
    expect(predicted(() => updateIface(env, args))).toBe('none');
    // Then InvalidBandwidth
    expectCustom(await tryExec(env, updateIface(env, args)), 31);
  });
});

// ---------------------------------------------------------------------------------------------

/** interface_onchain_allocation_test.rs `setup_device`: contributor "cont1", device "dev1" 100.0.0.1, 110.1.0.0/24. */
async function setupDevice(env: Env, contributorOwner?: PublicKey): Promise<DevEnv> {
  const location = await createLocation(env);
  const exchange = await createExchange(env);
  const contributor = await createContributor(env, 'cont1', contributorOwner);
  const device = await createDevice(env, { contributor, location, exchange, code: 'dev1', publicIp: '100.0.0.1', dzPrefixes: ['110.1.0.0/24'] });
  return { ...env, device, contributor };
}

/** `setup_device_with_interface`: contributor "cont", device "dz1" 8.8.8.8 with a Vpnv4 "loopback0". */
async function setupDeviceWithInterface(env: Env): Promise<DevEnv> {
  const pre = await createPrerequisites(env);
  const device = await createDevice(env, { ...pre, code: 'dz1', publicIp: '8.8.8.8', dzPrefixes: ['110.1.0.0/23'] });
  const d: DevEnv = { ...env, device, contributor: pre.contributor };
  await exec(d, createIface(d, ifaceArgs('loopback0', { loopbackType: LoopbackType.Vpnv4 })));
  return d;
}

/** `setup_vpnv4_loopback_with_topologies`: setup_device + a Vpnv4 "Loopback0" in the given topologies. */
async function setupVpnv4Loopback(env: Env, topologies: string[], contributorOwner?: PublicKey): Promise<DevEnv> {
  const d = await setupDevice(env, contributorOwner);
  await exec(d, createIface(d, ifaceArgs('Loopback0', { loopbackType: LoopbackType.Vpnv4 }), { topologyNames: topologies }));
  return d;
}

const topoSet = (i: Interface): string[] => keys(i.flexAlgoNodeSegments.map((s) => s.topology)).sort();
const sr = (env: Env) => getSegmentRoutingIdsPda(env.programId)[0];

describe('interface_onchain_allocation_test.rs', () => {
  it('interface_onchain_allocation_test.rs::test_create_loopback_vpnv4_with_onchain_allocation', async () => {
    // Given a device
    const env = await setupDevice(await startProgram(oracle, HELPERS_CONFIG));
    // When a Vpnv4 loopback is created
    await exec(env, createIface(env, ifaceArgs('Loopback0', { loopbackType: LoopbackType.Vpnv4 })));
    // Then it is Activated with an IP and a node segment id allocated
    const i = (await readDevice(env, env.device)).interfaces[0]!;
    expect(i.status).toBe(InterfaceStatus.Activated);
    expect(i.interfaceType).toBe(InterfaceType.Loopback);
    expect(i.ipNet).not.toBe('0.0.0.0/0');
    expect(i.nodeSegmentIdx).not.toBe(0);
  });

  it('interface_onchain_allocation_test.rs::test_create_loopback_non_vpnv4_with_onchain_allocation', async () => {
    const env = await setupDevice(await startProgram(oracle, HELPERS_CONFIG));
    // When a non-Vpnv4 loopback is created
    await exec(env, createIface(env, ifaceArgs('Loopback100')));
    // Then it is Activated with an IP but no node segment id
    const i = (await readDevice(env, env.device)).interfaces[0]!;
    expect(i.status).toBe(InterfaceStatus.Activated);
    expect(i.ipNet).not.toBe('0.0.0.0/0');
    expect(i.nodeSegmentIdx).toBe(0);
  });

  it('interface_onchain_allocation_test.rs::test_create_loopback_with_onchain_allocation_honors_supplied_ip_net', async () => {
    const env = await setupDevice(await startProgram(oracle, HELPERS_CONFIG));
    // When a user-tunnel-endpoint loopback is created with a caller-supplied public ip_net
    const supplied = '45.33.101.1/32';
    await exec(env, createIface(env, ifaceArgs('Loopback100', { ipNet: supplied, userTunnelEndpoint: true })));
    // Then the supplied ip_net is kept and nothing is allocated from the DeviceTunnelBlock
    const i = (await readDevice(env, env.device)).interfaces[0]!;
    expect(i.status).toBe(InterfaceStatus.Activated);
    expect(i.interfaceType).toBe(InterfaceType.Loopback);
    expect(i.userTunnelEndpoint).toBe(true);
    expect(i.ipNet).toBe(supplied);
    expect(await allocated(env, getDeviceTunnelBlockPda(env.programId)[0])).toEqual([]);
  });

  it('interface_onchain_allocation_test.rs::test_create_physical_with_onchain_allocation', async () => {
    const env = await setupDevice(await startProgram(oracle, HELPERS_CONFIG));
    // When a physical interface is created
    await exec(env, createIface(env, ifaceArgs('Ethernet0')));
    // Then it is Unlinked with nothing allocated
    const i = (await readDevice(env, env.device)).interfaces[0]!;
    expect(i.status).toBe(InterfaceStatus.Unlinked);
    expect(i.interfaceType).toBe(InterfaceType.Physical);
    expect(i.ipNet).toBe('0.0.0.0/0');
    expect(i.nodeSegmentIdx).toBe(0);
  });

  it('interface_onchain_allocation_test.rs::test_delete_loopback_with_onchain_deallocation', async () => {
    // Given an Activated Vpnv4 loopback
    const env = await setupDevice(await startProgram(oracle, HELPERS_CONFIG));
    await exec(env, createIface(env, ifaceArgs('Loopback0', { loopbackType: LoopbackType.Vpnv4 })));
    let d = await readDevice(env, env.device);
    expect(d.interfaces.length).toBe(1);
    expect(d.interfaces[0]!.status).toBe(InterfaceStatus.Activated);
    // When it is deleted (atomic)
    await exec(env, deleteIface(env, 'Loopback0'));
    // Then it is removed
    d = await readDevice(env, env.device);
    expect(d.interfaces.length).toBe(0);
  });

  it('interface_onchain_allocation_test.rs::test_delete_physical_with_onchain_deallocation', async () => {
    // Given an Unlinked physical interface
    const env = await setupDevice(await startProgram(oracle, HELPERS_CONFIG));
    await exec(env, createIface(env, ifaceArgs('Ethernet0')));
    expect((await readDevice(env, env.device)).interfaces[0]!.status).toBe(InterfaceStatus.Unlinked);
    // When it is deleted
    await exec(env, deleteIface(env, 'Ethernet0'));
    // Then it is removed
    expect((await readDevice(env, env.device)).interfaces.length).toBe(0);
  });

  it('interface_onchain_allocation_test.rs::test_update_interface_node_segment_idx_onchain_alloc', async () => {
    // Given a device with a Vpnv4 loopback0
    const env = await setupDeviceWithInterface(await startProgram(oracle, HELPERS_CONFIG));
    // When node_segment_idx is set to 42 (dzprov adds the SegmentRoutingIds account)
    const ix = updateIface(env, { name: 'loopback0', nodeSegmentIdx: 42 });
    expect(ix.keys[3]!.pubkey.equals(sr(env))).toBe(true);
    await exec(env, ix);
    // Then the interface holds 42 and 42 is allocated
    expect((await readDevice(env, env.device)).interfaces[0]!.nodeSegmentIdx).toBe(42);
    expect(await allocated(env, sr(env))).toContain(42);
  });

  it('interface_onchain_allocation_test.rs::test_update_interface_node_segment_idx_change_value', async () => {
    const env = await setupDeviceWithInterface(await startProgram(oracle, HELPERS_CONFIG));
    // When node_segment_idx goes to 100 then 200
    await exec(env, updateIface(env, { name: 'loopback0', nodeSegmentIdx: 100 }));
    await exec(env, updateIface(env, { name: 'loopback0', nodeSegmentIdx: 200 }));
    // Then 200 is held and allocated, 100 is free again
    expect((await readDevice(env, env.device)).interfaces[0]!.nodeSegmentIdx).toBe(200);
    const ids = await allocated(env, sr(env));
    expect(ids).not.toContain(100);
    expect(ids).toContain(200);
  });

  it('interface_onchain_allocation_test.rs::test_update_interface_node_segment_idx_clear', async () => {
    const env = await setupDeviceWithInterface(await startProgram(oracle, HELPERS_CONFIG));
    // When node_segment_idx goes to 50 then 0
    await exec(env, updateIface(env, { name: 'loopback0', nodeSegmentIdx: 50 }));
    await exec(env, updateIface(env, { name: 'loopback0', nodeSegmentIdx: 0 }));
    // Then it is 0 and 50 is free
    expect((await readDevice(env, env.device)).interfaces[0]!.nodeSegmentIdx).toBe(0);
    expect(await allocated(env, sr(env))).not.toContain(50);
  });

  it('interface_onchain_allocation_test.rs::test_update_interface_node_segment_idx_missing_resource_account (edited instruction: dzprov cannot build it)', async () => {
    const env = await setupDeviceWithInterface(await startProgram(oracle, HELPERS_CONFIG));
    // When node_segment_idx is sent WITHOUT the SegmentRoutingIds account. dzprov's builder
    // always adds that account when node_segment_idx is given, so it cannot express this
    // request; the dzprov-built instruction is edited here to drop it (upstream's account list).
    const built = updateIface(env, { name: 'loopback0', nodeSegmentIdx: 42 });
    expect(built.keys[3]!.pubkey.equals(sr(env))).toBe(true);
    const edited = new TransactionInstruction({
      programId: built.programId,
      keys: [...built.keys.slice(0, 3), ...built.keys.slice(4)],
      data: built.data,
    });
    // Then InvalidArgument
    expectCustom(await tryExec(env, edited), 65);
  });

  it('interface_onchain_allocation_test.rs::test_update_interface_node_segment_idx_authorized_by_network_admin_permission', async () => {
    const env = await setupDeviceWithInterface(await startProgram(oracle, HELPERS_CONFIG));
    // Given a key that is neither the contributor's owner nor on the foundation allowlist
    const admin = await fundedKeypair(env, 10_000_000n);
    // When it sets node_segment_idx without a Permission account → NotAllowed
    expectCustom(await tryExec(env, updateIface(env, { name: 'loopback0', nodeSegmentIdx: 42 }, { signer: admin }), admin), 8);
    // When the foundation grants it NETWORK_ADMIN and it sends the Permission PDA last
    await createPermission(env, admin.publicKey, PERMISSION_FLAG_NETWORK_ADMIN);
    const ix = updateIface(env, { name: 'loopback0', nodeSegmentIdx: 42 }, { signer: admin, appendPermission: true });
    expectOk(await tryExec(env, ix, admin));
    // Then the update landed and 42 is allocated
    expect((await readDevice(env, env.device)).interfaces[0]!.nodeSegmentIdx).toBe(42);
    expect(await allocated(env, sr(env))).toContain(42);
  });

  it('interface_onchain_allocation_test.rs::test_update_interface_node_segment_idx_duplicate_allocation', async () => {
    // Given loopback0 and a second Vpnv4 loopback1
    const env = await setupDeviceWithInterface(await startProgram(oracle, HELPERS_CONFIG));
    await exec(env, createIface(env, ifaceArgs('loopback1', { loopbackType: LoopbackType.Vpnv4 })));
    // And 42 held by loopback0
    await exec(env, updateIface(env, { name: 'loopback0', nodeSegmentIdx: 42 }));
    // When loopback1 asks for 42
    const r = await tryExec(env, updateIface(env, { name: 'loopback1', nodeSegmentIdx: 42 }));
    // Then AllocationFailed
    expectCustom(r, 63);
  });

  it('interface_onchain_allocation_test.rs::test_delete_loopback_deallocates_flex_algo_segments', async () => {
    // Given a device and two topologies (SetFeatureFlags skipped: retired flag, see header)
    const env = await startProgram(oracle, HELPERS_CONFIG);
    const d = await setupDevice(env);
    const topoA = await createTopology(env, 'topo-a');
    const topoB = await createTopology(env, 'topo-b');
    // When a Vpnv4 loopback is created in both topologies
    await exec(d, createIface(d, ifaceArgs('Loopback0', { loopbackType: LoopbackType.Vpnv4 }), { topologyNames: ['topo-a', 'topo-b'] }));
    // Then a primary and two flex-algo SR ids are allocated
    const i = (await readDevice(d, d.device)).interfaces[0]!;
    expect(i.flexAlgoNodeSegments.length).toBe(2);
    expect(keys(i.flexAlgoNodeSegments.map((s) => s.topology))).toEqual(keys([topoA, topoB]));
    const ids = [i.nodeSegmentIdx, i.flexAlgoNodeSegments[0]!.nodeSegmentIdx, i.flexAlgoNodeSegments[1]!.nodeSegmentIdx];
    let alloc = await allocated(d, sr(d));
    for (const id of ids) expect(alloc).toContain(id);
    // When the loopback is deleted
    await exec(d, deleteIface(d, 'Loopback0'));
    // Then all three ids are free
    expect((await readDevice(d, d.device)).interfaces.length).toBe(0);
    alloc = await allocated(d, sr(d));
    for (const id of ids) expect(alloc).not.toContain(id);
  });

  it('interface_onchain_allocation_test.rs::test_update_topologies_adds_segment', async () => {
    const env = await startProgram(oracle, HELPERS_CONFIG);
    const topoA = await createTopology(env, 'topo-a');
    const topoB = await createTopology(env, 'topo-b');
    const d = await setupVpnv4Loopback(env, ['topo-a']);
    const aIdx = (await readDevice(d, d.device)).interfaces[0]!.flexAlgoNodeSegments[0]!.nodeSegmentIdx;
    // When the topologies become {topo-a, topo-b}
    await exec(d, updateIface(d, { name: 'Loopback0' }, { topologyNames: ['topo-a', 'topo-b'] }));
    // Then both are there and topo-a kept its SR id
    const i = (await readDevice(d, d.device)).interfaces[0]!;
    expect(topoSet(i)).toEqual(keys([topoA, topoB]).sort());
    expect(i.flexAlgoNodeSegments.find((s) => s.topology.equals(topoA))!.nodeSegmentIdx).toBe(aIdx);
  });

  it('interface_onchain_allocation_test.rs::test_update_topologies_removes_segment', async () => {
    const env = await startProgram(oracle, HELPERS_CONFIG);
    const topoA = await createTopology(env, 'topo-a');
    const topoB = await createTopology(env, 'topo-b');
    const d = await setupVpnv4Loopback(env, ['topo-a', 'topo-b']);
    const removed = (await readDevice(d, d.device)).interfaces[0]!.flexAlgoNodeSegments.find((s) => s.topology.equals(topoB))!.nodeSegmentIdx;
    // When the topologies become {topo-a}
    await exec(d, updateIface(d, { name: 'Loopback0' }, { topologyNames: ['topo-a'] }));
    // Then topo-b's SR id is free
    expect(topoSet((await readDevice(d, d.device)).interfaces[0]!)).toEqual(keys([topoA]));
    expect(await allocated(d, sr(d))).not.toContain(removed);
  });

  it('interface_onchain_allocation_test.rs::test_update_topologies_clear', async () => {
    const env = await startProgram(oracle, HELPERS_CONFIG);
    await createTopology(env, 'topo-a');
    await createTopology(env, 'topo-b');
    const d = await setupVpnv4Loopback(env, ['topo-a', 'topo-b']);
    const initial = (await readDevice(d, d.device)).interfaces[0]!.flexAlgoNodeSegments.map((s) => s.nodeSegmentIdx);
    // When the topology set is cleared (update_topologies with no topology)
    const ix = updateIface(d, { name: 'Loopback0' }, { topologyNames: [] });
    expect(decodeInstruction(ix).args).toMatchObject({ updateTopologies: true, topologyCount: 0 });
    await exec(d, ix);
    // Then no flex-algo segment is left and their ids are free
    expect((await readDevice(d, d.device)).interfaces[0]!.flexAlgoNodeSegments).toEqual([]);
    const alloc = await allocated(d, sr(d));
    for (const id of initial) expect(alloc).not.toContain(id);
  });

  it('interface_onchain_allocation_test.rs::test_update_topologies_no_op', async () => {
    const env = await startProgram(oracle, HELPERS_CONFIG);
    await createTopology(env, 'topo-a');
    await createTopology(env, 'topo-b');
    const d = await setupVpnv4Loopback(env, ['topo-a', 'topo-b']);
    const sortSegs = (i: Interface) =>
      [...i.flexAlgoNodeSegments].map((s) => [s.topology.toBase58(), s.nodeSegmentIdx] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const before = sortSegs((await readDevice(d, d.device)).interfaces[0]!);
    // When the same set is sent again
    await exec(d, updateIface(d, { name: 'Loopback0' }, { topologyNames: ['topo-a', 'topo-b'] }));
    // Then nothing changed (no SR id churn)
    expect(sortSegs((await readDevice(d, d.device)).interfaces[0]!)).toEqual(before);
  });

  it('interface_onchain_allocation_test.rs::test_update_topologies_full_swap', async () => {
    const env = await startProgram(oracle, HELPERS_CONFIG);
    await createTopology(env, 'topo-a');
    const topoB = await createTopology(env, 'topo-b');
    const d = await setupVpnv4Loopback(env, ['topo-a']);
    const primary = (await readDevice(d, d.device)).interfaces[0]!.nodeSegmentIdx;
    const countBefore = (await allocated(d, sr(d))).length;
    // When topo-a is swapped for topo-b
    await exec(d, updateIface(d, { name: 'Loopback0' }, { topologyNames: ['topo-b'] }));
    // Then the set is {topo-b}, the primary id is untouched, and the allocated count is unchanged
    const i = (await readDevice(d, d.device)).interfaces[0]!;
    expect(topoSet(i)).toEqual(keys([topoB]));
    expect(i.nodeSegmentIdx).toBe(primary);
    expect((await allocated(d, sr(d))).length).toBe(countBefore);
  });

  it('interface_onchain_allocation_test.rs::test_update_topologies_rejects_non_vpnv4', async () => {
    const env = await startProgram(oracle, HELPERS_CONFIG);
    const d = await setupDevice(env);
    // Given an Ipv4 (non-Vpnv4) loopback
    await exec(d, createIface(d, ifaceArgs('Loopback0', { loopbackType: LoopbackType.Ipv4 })));
    await createTopology(env, 'topo-a');
    // When topologies are set on it
    const args = { name: 'Loopback0' };
    expect(predicted(() => updateIface(d, args, { topologyNames: ['topo-a'] }))).toBe('none');
    // Then InvalidArgument
    expectCustom(await tryExec(d, updateIface(d, args, { topologyNames: ['topo-a'] })), 65);
  });

  it('interface_onchain_allocation_test.rs::test_update_topologies_rejects_duplicates', async () => {
    const env = await startProgram(oracle, HELPERS_CONFIG);
    await createTopology(env, 'topo-a');
    const d = await setupVpnv4Loopback(env, []);
    // When the same topology is named twice
    expect(predicted(() => updateIface(d, { name: 'Loopback0' }, { topologyNames: ['topo-a', 'topo-a'] }))).toBe(65);
    const ix = updateIface(d, { name: 'Loopback0' }, { topologyNames: ['topo-a', 'topo-a'], validate: false });
    // Then InvalidArgument
    expectCustom(await tryExec(d, ix), 65);
  });

  it('interface_onchain_allocation_test.rs::test_update_topologies_allowed_for_contributor', async () => {
    const env = await startProgram(oracle, HELPERS_CONFIG);
    const topoA = await createTopology(env, 'topo-a');
    const topoB = await createTopology(env, 'topo-b');
    // Given a contributor owned by a key outside the foundation allowlist. Upstream creates the
    // contributor with the foundation payer as owner and then hands it over with
    // UpdateContributor { owner }; the oracle has no builder for UpdateContributor, so the
    // contributor is created with that owner from the start (the same resulting state).
    const contributorOwner = Keypair.generate();
    const d = await setupVpnv4Loopback(env, ['topo-a'], contributorOwner.publicKey);
    await env.oracle.fund(contributorOwner.publicKey, 1_000_000_000n);
    // When the contributor's owner sets the topologies to {topo-a, topo-b}
    await exec(d, updateIface(d, { name: 'Loopback0' }, { topologyNames: ['topo-a', 'topo-b'], signer: contributorOwner }), contributorOwner);
    // Then it is allowed
    expect(topoSet((await readDevice(d, d.device)).interfaces[0]!)).toEqual(keys([topoA, topoB]).sort());
  });

  it('interface_onchain_allocation_test.rs::test_create_device_interface_rejects_duplicate_topology_accounts', async () => {
    const env = await startProgram(oracle, HELPERS_CONFIG);
    await createTopology(env, 'topo-a');
    const d = await setupDevice(env);
    // When a Vpnv4 loopback names the same topology twice
    const args = ifaceArgs('Loopback0', { loopbackType: LoopbackType.Vpnv4 });
    expect(predicted(() => createIface(d, args, { topologyNames: ['topo-a', 'topo-a'] }))).toBe(65);
    const r = await tryExec(d, createIface(d, args, { topologyNames: ['topo-a', 'topo-a'], validate: false }));
    // Then InvalidArgument
    expectCustom(r, 65);
  });
});

// ---------------------------------------------------------------------------------------------

describe('delete_cyoa_interface_test.rs', () => {
  /**
   * Upstream seeds GlobalState (payer on the foundation allowlist, account_index 2), a
   * Contributor (index 1) and a Device (index 2) with a valid CYOA Ethernet1 and an INVALID
   * CYOA Ethernet2 (no ip_net) directly into the bank. Here the same accounts are written
   * with dzprov's encoders.
   */
  async function seed(withPools: boolean): Promise<DevEnv> {
    const programId = Keypair.generate().publicKey;
    await oracle.start(programId);
    const env: Env = { oracle, programId, payer: oracle.bank };
    const payer = env.payer.publicKey;
    const lamports = 1_000_000_000n;
    const [gsPk, gsBump] = getGlobalStatePda(programId);
    const [coPk, coBump] = getContributorPda(programId, 1);
    const [devPk, devBump] = getDevicePda(programId, 2);
    await oracle.setAccount(gsPk, {
      owner: programId,
      lamports,
      data: encodeGlobalState({
        accountType: AccountType.GlobalState,
        bumpSeed: gsBump,
        accountIndex: 2n,
        foundationAllowlist: [payer],
        deviceAllowlist: [],
        userAllowlist: [],
        activatorAuthorityPk: PublicKey.default,
        sentinelAuthorityPk: PublicKey.default,
        contributorAirdropLamports: 0n,
        userAirdropLamports: 0n,
        healthOraclePk: PublicKey.default,
        qaAllowlist: [],
        featureFlags: 0n,
        feedAuthorityPk: PublicKey.default,
      }),
    });
    await oracle.setAccount(coPk, {
      owner: programId,
      lamports,
      data: encodeContributor({
        accountType: AccountType.Contributor,
        owner: payer,
        index: 1n,
        bumpSeed: coBump,
        status: ContributorStatus.Activated,
        code: 'test-co',
        referenceCount: 1,
        opsManagerPk: PublicKey.default,
      }),
    });
    const cyoa = (name: string, ipNet: string): Interface => {
      const i: Interface = {
        size: 0,
        version: CURRENT_INTERFACE_SCHEMA_VERSION,
        status: InterfaceStatus.Unlinked,
        name,
        interfaceType: InterfaceType.Physical,
        interfaceCyoa: InterfaceCYOA.GREOverDIA,
        interfaceDia: InterfaceDIA.None,
        loopbackType: LoopbackType.None,
        bandwidth: 1000n,
        cir: 500n,
        mtu: 1500,
        routingMode: RoutingMode.Static,
        vlanId: 0,
        ipNet,
        nodeSegmentIdx: 0,
        userTunnelEndpoint: false,
        flexAlgoNodeSegments: [],
      };
      return { ...i, size: interfaceRecordSize(i) };
    };
    const device: Device = sampleDevice({
      owner: payer,
      index: 2n,
      bumpSeed: devBump,
      locationPk: Keypair.generate().publicKey,
      exchangePk: Keypair.generate().publicKey,
      publicIp: '8.8.8.8',
      code: 'test-dev',
      dzPrefixes: ['110.1.0.0/23'],
      metricsPublisherPk: PublicKey.default,
      contributorPk: coPk,
      maxUsers: 128,
      // Ethernet1 valid CYOA; Ethernet2 INVALID: CYOA without ip_net (legacy data)
      interfaces: [cyoa('Ethernet1', '63.243.225.62/30'), cyoa('Ethernet2', '0.0.0.0/0')],
    });
    await oracle.setAccount(devPk, { owner: programId, lamports, data: encodeDevice(device) });
    if (withPools) {
      const [dtb, dtbBump] = getDeviceTunnelBlockPda(programId);
      const [sri, sriBump] = getSegmentRoutingIdsPda(programId);
      await oracle.setAccount(dtb, { owner: programId, lamports, data: emptyResourceExtension(programId, dtbBump, { ip: '10.0.0.0', prefix: 24 }, 64) });
      await oracle.setAccount(sri, { owner: programId, lamports, data: emptyResourceExtension(programId, sriBump, { range: [1, 1024] }, 128) });
    }
    return { ...env, device: devPk, contributor: coPk };
  }

  it('delete_cyoa_interface_test.rs::test_update_cyoa_interface_with_invalid_sibling', async () => {
    // Given a device whose sibling interface Ethernet2 holds invalid legacy CYOA state
    const env = await seed(false);
    // When Ethernet1's MTU is updated (name given in lower case)
    const r = await tryExec(env, updateIface(env, { name: 'ethernet1', mtu: 1500 }));
    // Then it succeeds
    expectOk(r);
    const d = await readDevice(env, env.device);
    const e1 = getIface(d, 'Ethernet1');
    expect(e1.mtu).toBe(1500);
    expect(e1.ipNet).toBe('63.243.225.62/30');
    // And the invalid sibling is untouched
    const e2 = getIface(d, 'Ethernet2');
    expect(e2.status).toBe(InterfaceStatus.Unlinked);
    expect(e2.ipNet).toBe('0.0.0.0/0');
  });

  it('delete_cyoa_interface_test.rs::test_delete_cyoa_interface_with_invalid_sibling', async () => {
    // Given the same device, and empty DeviceTunnelBlock / SegmentRoutingIds pools
    const env = await seed(true);
    // When Ethernet1 is deleted atomically
    const r = await tryExec(env, deleteIface(env, 'ethernet1'));
    // Then it succeeds and removes Ethernet1 outright
    expectOk(r);
    const d = await readDevice(env, env.device);
    expect(findIface(d, 'Ethernet1')).toBeUndefined();
    // And the invalid sibling is untouched
    const e2 = getIface(d, 'Ethernet2');
    expect(e2.status).toBe(InterfaceStatus.Unlinked);
    expect(e2.ipNet).toBe('0.0.0.0/0');
  });
});
