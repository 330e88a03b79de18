/**
 * The Device and Link parts of the program's builder-drift and resource-account tests, ported
 * to dzprov (issue 7, part 2). Upstream: smartcontract/programs/doublezero-serviceability/tests/
 * — rfc26_builders_test.rs (create_device, create_link, delete_device atomic: the Rust builders
 * run against the program to catch account-order drift; here dzprov's builders take their place)
 * and resource_extension_test.rs (the DzPrefixBlock / TunnelIds lifecycle of a device).
 *
 * Not ported from these files: location / user / multicast / generic resource instructions
 * (not Device or Link), and rfc26's `clear_topology_batched` half of
 * test_builder_create_link_and_clear_topology (ClearTopology has no dzprov or oracle builder).
 */
import { describe, expect, it } from 'vitest';
import { PublicKey } from '@solana/web3.js';
import {
  DeviceStatus,
  LinkDesiredStatus,
  LinkLinkType,
  LinkStatus,
  createCreateDeviceInterfaceInstruction,
  createCreateLinkInstruction,
  createDeleteDeviceInstruction,
  createUpdateDeviceInstruction,
  getDzPrefixBlockPda,
  getTunnelIdsPda,
} from '../../src/index.js';
import { useOracle } from './useOracle.js';
import {
  HELPERS_CONFIG,
  accountExists,
  allocated,
  createContributor,
  createDevice,
  createDeviceIx,
  createExchange,
  createLocation,
  createPrerequisites,
  createTopology,
  exec,
  ifaceArgs,
  keys,
  nextIndex,
  readDevice,
  readLink,
  resourceOwner,
  startProgram,
  type Env,
} from './upstreamHelpers.js';

const oracle = useOracle();

/** Drain (status only, foundation). */
async function drain(env: Env, device: PublicKey) {
  const d = await readDevice(env, device);
  await exec(
    env,
    createUpdateDeviceInstruction({
      programId: env.programId,
      payer: env.payer.publicKey,
      device,
      currentContributor: d.contributorPk,
      currentLocation: d.locationPk,
      args: { status: DeviceStatus.Drained },
    }),
  );
}

/** Atomic DeleteDevice with the resource owners read from chain, in processor order. */
async function deleteAtomic(env: Env, device: PublicKey, resources: PublicKey[]) {
  const d = await readDevice(env, device);
  const owners = [];
  for (const r of resources) owners.push(await resourceOwner(env, r));
  await exec(
    env,
    createDeleteDeviceInstruction({
      programId: env.programId,
      payer: env.payer.publicKey,
      device,
      contributor: d.contributorPk,
      resources: { kind: 'atomic', location: d.locationPk, exchange: d.exchangePk, owners, deviceOwner: d.owner },
    }),
  );
}

describe('rfc26_builders_test.rs (devices and links)', () => {
  it('rfc26_builders_test.rs::test_builder_create_device', async () => {
    // Given the test_helpers setup
    const env = await startProgram(oracle, HELPERS_CONFIG);
    const pre = await createPrerequisites(env);
    // When dzprov's CreateDevice builder builds the device (upstream passes resource_count 0; the builder derives it)
    const { pk, ix } = await createDeviceIx(env, { ...pre, code: 'dz1', publicIp: '8.8.8.8', dzPrefixes: ['110.1.0.0/23'] });
    await exec(env, ix);
    // Then the device account exists at the derived PDA
    expect(await accountExists(env, pk)).toBe(true);
  });

  it('rfc26_builders_test.rs::test_builder_create_link_and_clear_topology (create_link half)', async () => {
    // Given two activated devices with one interface each, and unicast-default
    const env = await startProgram(oracle, HELPERS_CONFIG);
    const pre = await createPrerequisites(env);
    const deviceA = await createDevice(env, { ...pre, code: 'dza', publicIp: '100.0.0.1', dzPrefixes: ['110.1.0.0/24'] });
    const iface = (device: PublicKey, name: string) =>
      createCreateDeviceInterfaceInstruction({
        programId: env.programId,
        payer: env.payer.publicKey,
        device,
        contributor: pre.contributor,
        args: ifaceArgs(name, { bandwidth: 100_000_000_000n }),
      });
    await exec(env, iface(deviceA, 'Ethernet0'));
    const deviceZ = await createDevice(env, { ...pre, code: 'dzz', publicIp: '101.0.0.1', dzPrefixes: ['111.1.0.0/24'] });
    await exec(env, iface(deviceZ, 'Ethernet1'));
    const unicastDefault = await createTopology(env, 'unicast-default');
    // When dzprov's CreateLink builder builds the WAN link wan1
    const ix = createCreateLinkInstruction({
      programId: env.programId,
      payer: env.payer.publicKey,
      contributor: pre.contributor,
      sideA: deviceA,
      sideZ: deviceZ,
      linkIndex: await nextIndex(env),
      args: {
        code: 'wan1',
        linkType: LinkLinkType.WAN,
        bandwidth: 10_000_000_000n,
        mtu: 9000,
        delayNs: 500_000n,
        jitterNs: 50_000n,
        sideAIfaceName: 'Ethernet0',
        sideZIfaceName: 'Ethernet1',
        desiredStatus: LinkDesiredStatus.Activated,
        useOnchainAllocation: true,
      },
    });
    await exec(env, ix);
    // Then it is Activated and tagged into unicast-default
    const k = await readLink(env, ix.keys[0]!.pubkey);
    expect(k.status).toBe(LinkStatus.Activated);
    expect(keys(k.linkTopologies)).toEqual(keys([unicastDefault]));
    // (the clear_topology_batched half is not ported: no ClearTopology builder in dzprov or the oracle)
  });

  it('rfc26_builders_test.rs::test_builder_delete_device_atomic', async () => {
    // Given an activated device "deld", drained
    const env = await startProgram(oracle, HELPERS_CONFIG);
    const pre = await createPrerequisites(env);
    const device = await createDevice(env, { ...pre, code: 'deld', publicIp: '12.0.0.1', dzPrefixes: ['12.1.0.0/24'] });
    await drain(env, device);
    // When dzprov's atomic DeleteDevice is built with the resource owners read from chain
    const tunnelIds = getTunnelIdsPda(env.programId, device, 0)[0];
    const block0 = getDzPrefixBlockPda(env.programId, device, 0)[0];
    await deleteAtomic(env, device, [tunnelIds, block0]);
    // Then the device and its resources are closed
    expect(await accountExists(env, device)).toBe(false);
    expect(await accountExists(env, tunnelIds)).toBe(false);
    expect(await accountExists(env, block0)).toBe(false);
  });
});

describe('resource_extension_test.rs (devices)', () => {
  /** upstream `setup_device_for_dz_prefix_tests`: device "test-dev" 100.0.0.1 with 110.1.0.0/24. */
  async function setupDevice(): Promise<Env & { device: PublicKey }> {
    const env = await startProgram(oracle, HELPERS_CONFIG);
    const location = await createLocation(env, { code: 'test', name: 'Test Location', country: 'us', lat: 0, lng: 0 });
    const exchange = await createExchange(env, { code: 'test', name: 'Test Exchange', lat: 0, lng: 0 });
    const contributor = await createContributor(env, 'test');
    const device = await createDevice(env, { contributor, location, exchange, code: 'test-dev', publicIp: '100.0.0.1', dzPrefixes: ['110.1.0.0/24'] });
    return { ...env, device };
  }

  /** upstream `update_device_dz_prefixes` (dzprov derives the resource accounts from the old count). */
  async function updateDzPrefixes(env: Env, device: PublicKey, dzPrefixes: string[]) {
    const d = await readDevice(env, device);
    await exec(
      env,
      createUpdateDeviceInstruction({
        programId: env.programId,
        payer: env.payer.publicKey,
        device,
        currentContributor: d.contributorPk,
        currentLocation: d.locationPk,
        oldDzPrefixCount: d.dzPrefixes.length,
        args: { dzPrefixes },
      }),
    );
  }

  it('resource_extension_test.rs::test_device_create_update_close_manages_resources', async () => {
    const env = await setupDevice();
    const [pda0, pda1, pda2] = [
      getTunnelIdsPda(env.programId, env.device, 0)[0],
      getDzPrefixBlockPda(env.programId, env.device, 0)[0],
      getDzPrefixBlockPda(env.programId, env.device, 1)[0],
    ];
    // Given TunnelIds and DzPrefixBlock 0 created with the device, no DzPrefixBlock 1
    expect(await accountExists(env, pda0)).toBe(true);
    expect(await accountExists(env, pda1)).toBe(true);
    expect(await accountExists(env, pda2)).toBe(false);
    // When a second prefix is added
    await updateDzPrefixes(env, env.device, ['110.1.0.0/24', '110.2.0.0/24']);
    // Then DzPrefixBlock 1 exists
    for (const pda of [pda0, pda1, pda2]) expect(await accountExists(env, pda)).toBe(true);
    // When the device is drained and closed atomically with its three resources
    await drain(env, env.device);
    await deleteAtomic(env, env.device, [pda0, pda1, pda2]);
    // Then every resource account is closed
    for (const pda of [pda0, pda1, pda2]) expect(await accountExists(env, pda)).toBe(false);
  });

  it('resource_extension_test.rs::test_dz_prefix_block_reserves_first_ip_on_creation', async () => {
    // Given a device created with 110.1.0.0/24
    const env = await setupDevice();
    // Then its DzPrefixBlock holds exactly one allocation: the first address
    expect(await allocated(env, getDzPrefixBlockPda(env.programId, env.device, 0)[0])).toEqual(['110.1.0.0']);
  });

  it('resource_extension_test.rs::test_device_update_dz_prefixes_shrink_closes_orphaned_blocks', async () => {
    const env = await setupDevice();
    const [tunnel, block0, block1] = [
      getTunnelIdsPda(env.programId, env.device, 0)[0],
      getDzPrefixBlockPda(env.programId, env.device, 0)[0],
      getDzPrefixBlockPda(env.programId, env.device, 1)[0],
    ];
    expect(await accountExists(env, block0)).toBe(true);
    expect(await accountExists(env, block1)).toBe(false);
    // When the device grows to two prefixes
    await updateDzPrefixes(env, env.device, ['110.1.0.0/24', '110.2.0.0/24']);
    expect(await accountExists(env, block0)).toBe(true);
    expect(await accountExists(env, block1)).toBe(true);
    // When it shrinks back to one (dzprov passes max(old, new) = 2 blocks)
    await updateDzPrefixes(env, env.device, ['110.1.0.0/24']);
    // Then the orphaned block is closed
    expect(await accountExists(env, block0)).toBe(true);
    expect(await accountExists(env, block1)).toBe(false);
    // When the device is closed with the reduced resource set
    await drain(env, env.device);
    await deleteAtomic(env, env.device, [tunnel, block0]);
    // Then both remaining resources are closed
    expect(await accountExists(env, tunnel)).toBe(false);
    expect(await accountExists(env, block0)).toBe(false);
  });
});
