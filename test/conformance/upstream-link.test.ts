/**
 * The Link parts of the program's own integration tests, ported to dzprov (issue 7, part 2).
 * Upstream: smartcontract/programs/doublezero-serviceability/tests/ — link_wan_test.rs,
 * link_onchain_allocation_test.rs, and the link tests of bandwidth_validation_test.rs and
 * topology_test.rs.
 *
 * Same operations in the same order on a fresh program per test; every Device, interface and
 * Link instruction is built by dzprov, bootstrap accounts (locations, exchanges, contributors,
 * topologies, permissions) by the program's own builders (oracle `build`). Outcomes and checked
 * post-state values are upstream's, decoded (and re-encoded byte for byte) by dzprov. For the
 * requests the program rejects, the test also records what dzprov's offline checks predict.
 *
 * Wire difference that is dzprov's design, not a finding: upstream's UpdateLink requests set
 * `use_onchain_allocation: true` even without tunnel fields; dzprov's builder writes it as
 * "tunnel_id or tunnel_net given" (the program reads it only with those fields).
 */
import { describe, expect, it } from 'vitest';
import { Keypair, PublicKey, TransactionInstruction } from '@solana/web3.js';
import {
  InterfaceCYOA,
  InterfaceDIA,
  InterfaceStatus,
  LinkDesiredStatus,
  LinkLinkType,
  LinkStatus,
  PERMISSION_FLAG_NETWORK_ADMIN,
  createAcceptLinkInstruction,
  createCreateDeviceInterfaceInstruction,
  createCreateLinkInstruction,
  createDeleteLinkInstruction,
  createUpdateDeviceInterfaceInstruction,
  createUpdateLinkInstruction,
  decodeInstruction,
  encodeLink,
  getTopologyPda,
  isUnicastDrained,
  type CreateLinkArgs,
  type UpdateDeviceInterfaceArgs,
  type UpdateLinkArgs,
} from '../../src/index.js';
import { useOracle } from './useOracle.js';
import {
  HELPERS_CONFIG,
  accountExists,
  createContributor,
  createDevice,
  createExchange,
  createLocation,
  createPermission,
  createTopology,
  exec,
  expectBuiltin,
  expectCustom,
  expectOk,
  fundedKeypair,
  getIface,
  ifaceArgs,
  keys,
  nextIndex,
  predicted,
  readDevice,
  readLink,
  readTopology,
  startProgram,
  tryExec,
  type Env,
} from './upstreamHelpers.js';

const oracle = useOracle();

// ---------------------------------------------------------------------------------------------
// Builders (dzprov) with upstream's argument sets

/** upstream `LinkCreateArgs` for a WAN link Ethernet0 → Ethernet1. */
function wanArgs(code: string, over: Partial<CreateLinkArgs> = {}): CreateLinkArgs {
  return {
    code,
    linkType: LinkLinkType.WAN,
    bandwidth: 10_000_000_000n,
    mtu: 9000,
    delayNs: 1_000_000n,
    jitterNs: 100_000n,
    sideAIfaceName: 'Ethernet0',
    sideZIfaceName: 'Ethernet1',
    desiredStatus: LinkDesiredStatus.Activated,
    useOnchainAllocation: true,
    ...over,
  };
}

async function createLinkIx(
  env: Env,
  o: { contributor: PublicKey; sideA: PublicKey; sideZ: PublicKey; args: CreateLinkArgs; signer?: Keypair; validate?: boolean },
): Promise<{ pk: PublicKey; ix: TransactionInstruction }> {
  const linkIndex = await nextIndex(env);
  const ix = createCreateLinkInstruction({
    programId: env.programId,
    payer: (o.signer ?? env.payer).publicKey,
    contributor: o.contributor,
    sideA: o.sideA,
    sideZ: o.sideZ,
    linkIndex,
    args: o.args,
    ...(o.validate === false ? { validate: false } : {}),
  });
  return { pk: ix.keys[0]!.pubkey, ix };
}

function updateLink(
  env: Env,
  o: {
    link: PublicKey;
    contributor: PublicKey;
    args: UpdateLinkArgs;
    signer?: Keypair;
    sideA?: PublicKey;
    sideZ?: PublicKey;
    topologyUnion?: PublicKey[];
    validate?: boolean;
    appendPermission?: boolean;
  },
): TransactionInstruction {
  return createUpdateLinkInstruction({
    programId: env.programId,
    payer: (o.signer ?? env.payer).publicKey,
    link: o.link,
    authority: { kind: 'contributor', contributor: o.contributor },
    args: o.args,
    ...(o.sideA ? { sideA: o.sideA } : {}),
    ...(o.sideZ ? { sideZ: o.sideZ } : {}),
    ...(o.topologyUnion ? { topologyUnion: o.topologyUnion } : {}),
    ...(o.validate === false ? { validate: false } : {}),
    ...(o.appendPermission ? { appendPermission: true } : {}),
  });
}

function updateIface(env: Env, device: PublicKey, contributor: PublicKey, args: UpdateDeviceInterfaceArgs, signer?: Keypair) {
  return createUpdateDeviceInterfaceInstruction({
    programId: env.programId,
    payer: (signer ?? env.payer).publicKey,
    device,
    contributor,
    args,
  });
}

async function addIface(env: Env, device: PublicKey, contributor: PublicKey, name: string, bandwidth: bigint, signer?: Keypair) {
  await exec(
    env,
    createCreateDeviceInterfaceInstruction({
      programId: env.programId,
      payer: (signer ?? env.payer).publicKey,
      device,
      contributor,
      args: ifaceArgs(name, { bandwidth }),
    }),
    signer ?? env.payer,
  );
}

// ---------------------------------------------------------------------------------------------
// Environments

interface LinkInfra extends Env {
  contributor: PublicKey;
  deviceA: PublicKey;
  deviceZ: PublicKey;
}

/**
 * Two devices with one 100 Gbps physical interface each (A: Ethernet0, Z: Ethernet1).
 * link_wan_test.rs / bandwidth_validation_test.rs: A = "A" 110.0.0.1 100.1.0.0/24;
 * link_onchain_allocation_test.rs (`setup_wan_link_infra`): A = "A" 100.0.0.1 110.1.0.0/24.
 */
async function setupInfra(variant: 'wan' | 'onchain'): Promise<LinkInfra> {
  const env = await startProgram(oracle, HELPERS_CONFIG);
  const location = await createLocation(env);
  const exchange = await createExchange(env);
  const contributor = await createContributor(env, 'cont');
  const a =
    variant === 'wan'
      ? { code: 'A', publicIp: '110.0.0.1', dzPrefixes: ['100.1.0.0/24'] }
      : { code: 'A', publicIp: '100.0.0.1', dzPrefixes: ['110.1.0.0/24'] };
  const deviceA = await createDevice(env, { contributor, location, exchange, ...a });
  await addIface(env, deviceA, contributor, 'Ethernet0', 100_000_000_000n);
  const deviceZ = await createDevice(env, { contributor, location, exchange, code: 'Z', publicIp: '11.0.0.1', dzPrefixes: ['11.1.0.0/23'] });
  await addIface(env, deviceZ, contributor, 'Ethernet1', 100_000_000_000n);
  return { ...env, contributor, deviceA, deviceZ };
}

/** link_wan_test.rs `setup_link_env`: the infra, unicast-default, and an Activated WAN link "la" (10 Gbps). */
async function setupLinkEnv(): Promise<LinkInfra & { link: PublicKey; unicastDefault: PublicKey }> {
  const infra = await setupInfra('wan');
  const unicastDefault = await createTopology(infra, 'unicast-default');
  const { pk: link, ix } = await createLinkIx(infra, { contributor: infra.contributor, sideA: infra.deviceA, sideZ: infra.deviceZ, args: wanArgs('la') });
  await exec(infra, ix);
  return { ...infra, link, unicastDefault };
}

/** link_onchain_allocation_test.rs: infra + unicast-default + the Activated WAN link "wan1". */
async function setupWan1(): Promise<LinkInfra & { link: PublicKey; unicastDefault: PublicKey }> {
  const infra = await setupInfra('onchain');
  const unicastDefault = await createTopology(infra, 'unicast-default');
  const { pk: link, ix } = await createLinkIx(infra, {
    contributor: infra.contributor,
    sideA: infra.deviceA,
    sideZ: infra.deviceZ,
    args: wanArgs('wan1', { delayNs: 500_000n, jitterNs: 50_000n }),
  });
  await exec(infra, ix);
  return { ...infra, link, unicastDefault };
}

// ---------------------------------------------------------------------------------------------

describe('link_wan_test.rs', () => {
  it('link_wan_test.rs::test_cannot_set_cyoa_on_linked_interface', async () => {
    // Given two devices with clean interfaces and an Activated WAN link between them (20 Gbps)
    const env = await setupInfra('wan');
    const { pk: link, ix } = await createLinkIx(env, { contributor: env.contributor, sideA: env.deviceA, sideZ: env.deviceZ, args: wanArgs('test-link', { bandwidth: 20_000_000_000n }) });
    await createTopology(env, 'unicast-default');
    await exec(env, ix);
    expect(await accountExists(env, link)).toBe(true);
    // Then both interfaces are linked (Activated)
    expect(getIface(await readDevice(env, env.deviceA), 'Ethernet0').status).toBe(InterfaceStatus.Activated);

    // When CYOA is set on side A's linked interface → InterfaceHasEdgeAssignment
    const cyoa = { name: 'Ethernet0', interfaceCyoa: InterfaceCYOA.GREOverDIA };
    expect(predicted(() => updateIface(env, env.deviceA, env.contributor, cyoa))).toBe('none');
    expectCustom(await tryExec(env, updateIface(env, env.deviceA, env.contributor, cyoa)), 83);
    // When DIA is set on side Z's linked interface → InterfaceHasEdgeAssignment
    expectCustom(await tryExec(env, updateIface(env, env.deviceZ, env.contributor, { name: 'Ethernet1', interfaceDia: InterfaceDIA.DIA })), 83);
  });

  it('link_wan_test.rs::test_link_create_invalid_mtu', async () => {
    // Given the link environment
    const env = await setupLinkEnv();
    // When a second link is created with MTU 1500
    const args = wanArgs('invalid-mtu', { bandwidth: 20_000_000_000n, mtu: 1500 });
    const o = { contributor: env.contributor, sideA: env.deviceA, sideZ: env.deviceZ, args };
    await expect(createLinkIx(env, o)).rejects.toMatchObject({ programError: { code: 46 } });
    const { ix } = await createLinkIx(env, { ...o, validate: false });
    // Then InvalidMtu
    expectCustom(await tryExec(env, ix), 46);
  });

  it('link_wan_test.rs::test_link_activation_auto_tags_unicast_default', async () => {
    // Given the link created after unicast-default existed
    const env = await setupLinkEnv();
    // Then it is Activated and tagged with unicast-default
    const k = await readLink(env, env.link);
    expect(k.status).toBe(LinkStatus.Activated);
    expect(keys(k.linkTopologies)).toEqual(keys([env.unicastDefault]));
  });

  it('link_wan_test.rs::test_link_activation_succeeds_without_unicast_default', async () => {
    // Given two devices and NO unicast-default topology
    const env = await setupInfra('wan');
    // When the link is created (dzprov still names the unicast-default PDA, uninitialized)
    const { pk: link, ix } = await createLinkIx(env, { contributor: env.contributor, sideA: env.deviceA, sideZ: env.deviceZ, args: wanArgs('la') });
    expect(ix.keys[5]!.pubkey.equals(getTopologyPda(env.programId, 'unicast-default')[0])).toBe(true);
    await exec(env, ix);
    // Then it is Activated with no topology
    const k = await readLink(env, link);
    expect(k.status).toBe(LinkStatus.Activated);
    expect(k.linkTopologies).toEqual([]);
  });

  it('link_wan_test.rs::test_link_topology_cap_at_8_rejected', async () => {
    const env = await setupLinkEnv();
    // When 9 topologies are set (upstream passes no topology account)
    const nine = Array.from({ length: 9 }, () => Keypair.generate().publicKey);
    const o = { link: env.link, contributor: env.contributor, args: { linkTopologies: nine }, topologyUnion: [] as PublicKey[] };
    expect(predicted(() => updateLink(env, o))).toBe(65);
    // Then InvalidArgument
    expectCustom(await tryExec(env, updateLink(env, { ...o, validate: false })), 65);
  });

  it('link_wan_test.rs::test_link_topology_invalid_account_rejected', async () => {
    const env = await setupLinkEnv();
    // When the link is moved to a topology account that does not exist
    const bogus = Keypair.generate().publicKey;
    const ix = updateLink(env, { link: env.link, contributor: env.contributor, args: { linkTopologies: [bogus] }, topologyUnion: [env.unicastDefault, bogus] });
    // Then the program panics (account validation) → ProgramFailedToComplete
    expectBuiltin(await tryExec(env, ix), 'ProgramFailedToComplete');
  });

  it('link_wan_test.rs::test_link_topology_valid_accepted', async () => {
    const env = await setupLinkEnv();
    // Given a second topology
    const topoA = await createTopology(env, 'topo-a');
    // When the link is moved to it (union: unicast-default removed, topo-a added)
    const r = await tryExec(
      env,
      updateLink(env, { link: env.link, contributor: env.contributor, args: { linkTopologies: [topoA] }, topologyUnion: [env.unicastDefault, topoA] }),
    );
    // Then it succeeds
    expectOk(r);
  });

  it('link_wan_test.rs::test_link_topology_reassigned_by_foundation', async () => {
    const env = await setupLinkEnv();
    const hb = await createTopology(env, 'high-bandwidth');
    expect(keys((await readLink(env, env.link)).linkTopologies)).toEqual(keys([env.unicastDefault]));
    // When the foundation reassigns the link to high-bandwidth
    await exec(env, updateLink(env, { link: env.link, contributor: env.contributor, args: { linkTopologies: [hb] }, topologyUnion: [env.unicastDefault, hb] }));
    // Then link_topologies = [high-bandwidth]
    expect(keys((await readLink(env, env.link)).linkTopologies)).toEqual(keys([hb]));
  });

  it('link_wan_test.rs::test_link_topology_cleared_by_foundation', async () => {
    const env = await setupLinkEnv();
    expect(keys((await readLink(env, env.link)).linkTopologies)).toEqual(keys([env.unicastDefault]));
    // When the foundation clears link_topologies
    await exec(env, updateLink(env, { link: env.link, contributor: env.contributor, args: { linkTopologies: [] }, topologyUnion: [env.unicastDefault] }));
    // Then it is empty
    expect((await readLink(env, env.link)).linkTopologies).toEqual([]);
  });

  it('link_wan_test.rs::test_link_topology_update_rejected_for_non_foundation', async () => {
    const env = await setupLinkEnv();
    // Given a funded key outside the foundation that does not own the contributor
    const stranger = await fundedKeypair(env, 1_000_000_000n);
    // When it sets link_topologies
    const ix = updateLink(env, {
      link: env.link,
      contributor: env.contributor,
      signer: stranger,
      args: { linkTopologies: [env.unicastDefault] },
      topologyUnion: [env.unicastDefault],
    });
    // Then NotAllowed
    expectCustom(await tryExec(env, ix, stranger), 8);
  });

  it('link_wan_test.rs::test_wan_link_drain_transitions', async () => {
    const env = await setupLinkEnv();
    expect((await readLink(env, env.link)).status).toBe(LinkStatus.Activated);
    // When the link goes Activated → HardDrained → SoftDrained → Activated
    for (const status of [LinkStatus.HardDrained, LinkStatus.SoftDrained, LinkStatus.Activated]) {
      await exec(env, updateLink(env, { link: env.link, contributor: env.contributor, args: { status } }));
      // Then each status is stored
      expect((await readLink(env, env.link)).status).toBe(status);
    }
  });
});

describe('link_onchain_allocation_test.rs', () => {
  it('link_onchain_allocation_test.rs::test_create_link_atomic_with_onchain_allocation', async () => {
    // Given two devices and unicast-default; When the WAN link wan1 is created
    const env = await setupWan1();
    // Then it is Activated with a tunnel_net allocated
    const k = await readLink(env, env.link);
    expect(k.status).toBe(LinkStatus.Activated);
    expect(k.tunnelNet.startsWith('0.0.0.0')).toBe(false);
  });

  it('link_onchain_allocation_test.rs::test_delete_link_atomic_with_deallocation', async () => {
    const env = await setupWan1();
    const k = await readLink(env, env.link);
    expect(k.status).toBe(LinkStatus.Activated);
    // When it is soft-drained, then deleted with its stored topology
    await exec(env, updateLink(env, { link: env.link, contributor: env.contributor, args: { status: LinkStatus.SoftDrained } }));
    await exec(
      env,
      createDeleteLinkInstruction({
        programId: env.programId,
        payer: env.payer.publicKey,
        link: env.link,
        contributor: env.contributor,
        sideA: env.deviceA,
        sideZ: env.deviceZ,
        owner: k.owner,
        linkTopologies: [env.unicastDefault],
      }),
    );
    // Then the link account is closed
    expect(await accountExists(env, env.link)).toBe(false);
  });

  it('link_onchain_allocation_test.rs::test_delete_link_atomic_rejects_activated_status', async () => {
    const env = await setupWan1();
    const k = await readLink(env, env.link);
    expect(k.status).toBe(LinkStatus.Activated);
    // When the Activated link is deleted (upstream passes no topology account)
    const r = await tryExec(
      env,
      createDeleteLinkInstruction({
        programId: env.programId,
        payer: env.payer.publicKey,
        link: env.link,
        contributor: env.contributor,
        sideA: env.deviceA,
        sideZ: env.deviceZ,
        owner: k.owner,
      }),
    );
    // Then InvalidStatus, and the link is unchanged
    expectCustom(r, 7);
    expect((await readLink(env, env.link)).status).toBe(LinkStatus.Activated);
  });

  it('link_onchain_allocation_test.rs::test_update_link_tunnel_reallocation_with_onchain_allocation', async () => {
    const env = await setupWan1();
    const k0 = await readLink(env, env.link);
    expect(k0.status).toBe(LinkStatus.Activated);
    const base = { link: env.link, contributor: env.contributor };

    // When tunnel_id is reallocated to 42
    const ixId = updateLink(env, { ...base, args: { tunnelId: 42 } });
    expect(decodeInstruction(ixId).args).toMatchObject({ useOnchainAllocation: true });
    await exec(env, ixId);
    // Then tunnel_id is 42 and tunnel_net unchanged
    let k = await readLink(env, env.link);
    expect(k.tunnelId).toBe(42);
    expect(k.tunnelNet).toBe(k0.tunnelNet);

    // When tunnel_net is reallocated to 10.100.0.10/31 (inside the DeviceTunnelBlock)
    await exec(env, updateLink(env, { ...base, args: { tunnelNet: '10.100.0.10/31' }, sideA: env.deviceA, sideZ: env.deviceZ }));
    // Then tunnel_net changed, tunnel_id kept, and both interfaces got their /31 address
    k = await readLink(env, env.link);
    expect(k.tunnelNet).toBe('10.100.0.10/31');
    expect(k.tunnelId).toBe(42);
    expect(getIface(await readDevice(env, env.deviceA), 'Ethernet0').ipNet).toBe('10.100.0.10/31');
    expect(getIface(await readDevice(env, env.deviceZ), 'Ethernet1').ipNet).toBe('10.100.0.11/31');

    // When the original tunnel_id is requested again (it was freed)
    await exec(env, updateLink(env, { ...base, args: { tunnelId: k0.tunnelId } }));
    // Then it is allocated again
    expect((await readLink(env, env.link)).tunnelId).toBe(k0.tunnelId);
  });

  it('link_onchain_allocation_test.rs::test_update_link_tunnel_reallocation_rejects_non_foundation', async () => {
    const env = await setupWan1();
    // Given a funded key outside the foundation
    const nf = await fundedKeypair(env, 1_000_000_000n);
    // When it reallocates tunnel_id
    const r = await tryExec(env, updateLink(env, { link: env.link, contributor: env.contributor, signer: nf, args: { tunnelId: 99 } }), nf);
    // Then NotAllowed
    expectCustom(r, 8);
  });

  it('link_onchain_allocation_test.rs::test_accept_link_with_onchain_allocation', async () => {
    // Given contributor 1 (the foundation payer) and contributor 2 (its own key)
    const env = await startProgram(oracle, HELPERS_CONFIG);
    const location = await createLocation(env);
    const exchange = await createExchange(env);
    const contributor1 = await createContributor(env, 'cont1');
    const payer2 = await fundedKeypair(env, 10_000_000_000n);
    const contributor2 = await createContributor(env, 'cont2', payer2.publicKey);
    // And device A (contributor 1) with Ethernet0, device Z (contributor 2, created by its owner) with Ethernet1
    const deviceA = await createDevice(env, { contributor: contributor1, location, exchange, code: 'A', publicIp: '100.0.0.1', dzPrefixes: ['110.1.0.0/24'] });
    await addIface(env, deviceA, contributor1, 'Ethernet0', 100_000_000_000n);
    const deviceZ = await createDevice(env, {
      contributor: contributor2,
      location,
      exchange,
      code: 'Z',
      publicIp: '11.0.0.1',
      dzPrefixes: ['11.1.0.0/23'],
      signer: payer2,
    });
    await addIface(env, deviceZ, contributor2, 'Ethernet1', 100_000_000_000n, payer2);
    // And a DZX link (15 Gbps) without a side-Z interface
    await createTopology(env, 'unicast-default');
    const { pk: link, ix } = await createLinkIx(env, {
      contributor: contributor1,
      sideA: deviceA,
      sideZ: deviceZ,
      args: wanArgs('la', { linkType: LinkLinkType.DZX, bandwidth: 15_000_000_000n, sideZIfaceName: null }),
    });
    await exec(env, ix);
    expect((await readLink(env, link)).status).toBe(LinkStatus.Requested);

    // When side Z's contributor accepts it on Ethernet1
    await exec(
      env,
      createAcceptLinkInstruction({
        programId: env.programId,
        payer: payer2.publicKey,
        link,
        contributor: contributor2,
        sideZ: deviceZ,
        sideA: deviceA,
        args: { sideZIfaceName: 'Ethernet1' },
      }),
      payer2,
    );
    // Then it is Activated with a tunnel_net allocated
    const k = await readLink(env, link);
    expect(k.status).toBe(LinkStatus.Activated);
    expect(k.tunnelNet.startsWith('0.0.0.0')).toBe(false);
  });

  it('link_onchain_allocation_test.rs::test_delete_link_via_network_admin_permission_with_topology_union', async () => {
    // Given the Activated link wan1, soft-drained by the contributor owner
    const env = await setupWan1();
    await exec(env, updateLink(env, { link: env.link, contributor: env.contributor, args: { status: LinkStatus.SoftDrained } }));
    const k = await readLink(env, env.link);
    expect(keys(k.linkTopologies)).toEqual(keys([env.unicastDefault]));
    // And a key with NETWORK_ADMIN (not the contributor owner, not foundation)
    const admin = await fundedKeypair(env, 1_000_000_000n);
    await createPermission(env, admin.publicKey, PERMISSION_FLAG_NETWORK_ADMIN);
    const del = (appendPermission: boolean) =>
      createDeleteLinkInstruction({
        programId: env.programId,
        payer: admin.publicKey,
        link: env.link,
        contributor: env.contributor,
        sideA: env.deviceA,
        sideZ: env.deviceZ,
        owner: k.owner,
        linkTopologies: k.linkTopologies,
        ...(appendPermission ? { appendPermission: true } : {}),
      });
    // When it deletes the link WITHOUT its Permission account → InvalidOwnerPubkey, link kept
    expectCustom(await tryExec(env, del(false), admin), 1);
    expect(await accountExists(env, env.link)).toBe(true);
    // When it deletes the link with its Permission PDA after the topology union
    expectOk(await tryExec(env, del(true), admin));
    // Then the link is closed
    expect(await accountExists(env, env.link)).toBe(false);
  });

  it('link_onchain_allocation_test.rs::test_update_link_topologies_via_network_admin_permission', async () => {
    const env = await setupWan1();
    // Given a second topology and a NETWORK_ADMIN key
    const alt = await createTopology(env, 'unicast-alt');
    const admin = await fundedKeypair(env, 1_000_000_000n);
    await createPermission(env, admin.publicKey, PERMISSION_FLAG_NETWORK_ADMIN);
    // When it sets link_topologies = [unicast-default, unicast-alt] with its Permission PDA appended
    const ix = updateLink(env, {
      link: env.link,
      contributor: env.contributor,
      signer: admin,
      args: { linkTopologies: [env.unicastDefault, alt] },
      topologyUnion: [env.unicastDefault, alt],
      appendPermission: true,
    });
    expectOk(await tryExec(env, ix, admin));
    // Then the topology was added
    expect(keys((await readLink(env, env.link)).linkTopologies)).toEqual(keys([env.unicastDefault, alt]));
  });
});

describe('bandwidth_validation_test.rs (links)', () => {
  it('bandwidth_validation_test.rs::test_link_create_rejects_insufficient_interface_bandwidth', async () => {
    // Given two devices whose interfaces are 100 Gbps
    const env = await setupInfra('wan');
    await createTopology(env, 'unicast-default');
    // When a 200 Gbps WAN link is created between them
    const o = {
      contributor: env.contributor,
      sideA: env.deviceA,
      sideZ: env.deviceZ,
      args: wanArgs('la', { bandwidth: 200_000_000_000n }),
    };
    // (in range for a link: only the interfaces' bandwidth, on chain, forbids it)
    const { ix } = await createLinkIx(env, o);
    // Then InvalidBandwidth (side A's interface is too small)
    expectCustom(await tryExec(env, ix), 31);
  });

  /** upstream `setup_dzx_link_for_accept`: a Requested DZX link A (contributor 1) → Z (contributor 2). */
  async function setupDzx(sideABandwidth: bigint, sideZBandwidth: bigint, linkBandwidth: bigint) {
    const env = await startProgram(oracle, HELPERS_CONFIG);
    const location = await createLocation(env);
    const exchange = await createExchange(env);
    const contributor1 = await createContributor(env, 'cont1');
    const payer2 = await fundedKeypair(env, 10_000_000_000n);
    const contributor2 = await createContributor(env, 'cont2', payer2.publicKey);
    const deviceA = await createDevice(env, { contributor: contributor1, location, exchange, code: 'A', publicIp: '110.0.0.1', dzPrefixes: ['100.1.0.0/24'] });
    await addIface(env, deviceA, contributor1, 'Ethernet0', sideABandwidth);
    const deviceZ = await createDevice(env, {
      contributor: contributor2,
      location,
      exchange,
      code: 'Z',
      publicIp: '11.0.0.1',
      dzPrefixes: ['11.1.0.0/23'],
      signer: payer2,
    });
    await addIface(env, deviceZ, contributor2, 'Ethernet1', sideZBandwidth, payer2);
    await createTopology(env, 'unicast-default');
    const { pk: link, ix } = await createLinkIx(env, {
      contributor: contributor1,
      sideA: deviceA,
      sideZ: deviceZ,
      args: wanArgs('la', { linkType: LinkLinkType.DZX, bandwidth: linkBandwidth, sideZIfaceName: null }),
    });
    await exec(env, ix);
    const accept = () =>
      createAcceptLinkInstruction({
        programId: env.programId,
        payer: payer2.publicKey,
        link,
        contributor: contributor2,
        sideZ: deviceZ,
        sideA: deviceA,
        args: { sideZIfaceName: 'Ethernet1' },
      });
    return { ...env, payer2, contributor1, deviceA, link, accept };
  }

  it('bandwidth_validation_test.rs::test_link_accept_rejects_insufficient_side_z_bandwidth', async () => {
    // Given a 100 Gbps DZX link whose side-Z interface is 50 Gbps
    const env = await setupDzx(100_000_000_000n, 50_000_000_000n, 100_000_000_000n);
    // When side Z accepts it → InvalidBandwidth
    expectCustom(await tryExec(env, env.accept(), env.payer2), 31);
  });

  it('bandwidth_validation_test.rs::test_link_accept_rejects_insufficient_side_a_bandwidth', async () => {
    // Given a 100 Gbps DZX link whose side-A interface is then lowered to 50 Gbps
    const env = await setupDzx(100_000_000_000n, 100_000_000_000n, 100_000_000_000n);
    await exec(env, updateIface(env, env.deviceA, env.contributor1, { name: 'Ethernet0', bandwidth: 50_000_000_000n }));
    // When side Z accepts it → InvalidBandwidth
    expectCustom(await tryExec(env, env.accept(), env.payer2), 31);
  });
});

describe('topology_test.rs (links)', () => {
  /** upstream topology_test.rs `setup_wan_link`: devices dza/dzb and the 20 Gbps WAN link "dza-dzb". */
  async function setupWanLink(env: Env) {
    const location = await createLocation(env);
    const exchange = await createExchange(env);
    const contributor = await createContributor(env, 'cont');
    const deviceA = await createDevice(env, { contributor, location, exchange, code: 'dza', publicIp: '8.8.8.8', dzPrefixes: ['110.1.0.0/23'] });
    await addIface(env, deviceA, contributor, 'Ethernet0', 100_000_000_000n);
    const deviceZ = await createDevice(env, { contributor, location, exchange, code: 'dzb', publicIp: '9.9.9.9', dzPrefixes: ['111.1.0.0/23'] });
    await addIface(env, deviceZ, contributor, 'Ethernet1', 100_000_000_000n);
    const { pk: link, ix } = await createLinkIx(env, {
      contributor,
      sideA: deviceA,
      sideZ: deviceZ,
      args: wanArgs('dza-dzb', { bandwidth: 20_000_000_000n }),
    });
    await exec(env, ix);
    return { ...env, link, contributor, deviceA, deviceZ };
  }

  /** upstream `assign_link_topology`: link_topologies = `topologies`, accounts = current ∪ new. */
  async function assignLinkTopology(env: Env, link: PublicKey, contributor: PublicKey, topologies: PublicKey[]) {
    const current = (await readLink(env, link)).linkTopologies;
    const union = [...current];
    for (const t of topologies) if (!union.some((u) => u.equals(t))) union.push(t);
    await exec(env, updateLink(env, { link, contributor, args: { linkTopologies: topologies }, topologyUnion: union }));
  }

  it('topology_test.rs::test_link_unicast_drained_contributor_can_set_own_link', async () => {
    const env = await startProgram(oracle, HELPERS_CONFIG);
    await createTopology(env, 'unicast-default');
    const s = await setupWanLink(env);
    expect(isUnicastDrained(await readLink(s, s.link))).toBe(false);
    // When the contributor owner sets unicast_drained
    await exec(s, updateLink(s, { link: s.link, contributor: s.contributor, args: { unicastDrained: true } }));
    // Then the link is unicast-drained
    expect(isUnicastDrained(await readLink(s, s.link))).toBe(true);
  });

  it('topology_test.rs::test_link_unicast_drained_contributor_cannot_set_other_link', async () => {
    const env = await startProgram(oracle, HELPERS_CONFIG);
    await createTopology(env, 'unicast-default');
    const s = await setupWanLink(env);
    // Given another contributor "bad" owned by another key
    const bad = await fundedKeypair(env, 10_000_000n);
    const contributorB = await createContributor(env, 'bad', bad.publicKey);
    // When its owner sets unicast_drained on the link naming contributor B
    const r = await tryExec(s, updateLink(s, { link: s.link, contributor: contributorB, signer: bad, args: { unicastDrained: true } }), bad);
    // Then NotAllowed
    expectCustom(r, 8);
  });

  it('topology_test.rs::test_link_unicast_drained_foundation_can_set_any_link', async () => {
    const env = await startProgram(oracle, HELPERS_CONFIG);
    await createTopology(env, 'unicast-default');
    const s = await setupWanLink(env);
    // When the foundation sets unicast_drained
    await exec(s, updateLink(s, { link: s.link, contributor: s.contributor, args: { unicastDrained: true } }));
    // Then the link is unicast-drained
    expect(isUnicastDrained(await readLink(s, s.link))).toBe(true);
  });

  it('topology_test.rs::test_link_unicast_drained_orthogonal_to_status_and_topologies', async () => {
    const env = await startProgram(oracle, HELPERS_CONFIG);
    const topo = await createTopology(env, 'test-topology');
    await createTopology(env, 'unicast-default');
    const s = await setupWanLink(env);
    await assignLinkTopology(s, s.link, s.contributor, [topo]);
    const before = await readLink(s, s.link);
    expect(keys(before.linkTopologies)).toContain(topo.toBase58());
    expect(isUnicastDrained(before)).toBe(false);
    // When unicast_drained is set
    await exec(s, updateLink(s, { link: s.link, contributor: s.contributor, args: { unicastDrained: true } }));
    // Then only the flag changed
    const after = await readLink(s, s.link);
    expect(isUnicastDrained(after)).toBe(true);
    expect(after.status).toBe(before.status);
    expect(keys(after.linkTopologies)).toEqual(keys(before.linkTopologies));
  });

  it('topology_test.rs::test_link_update_rejects_duplicate_topologies', async () => {
    const env = await startProgram(oracle, HELPERS_CONFIG);
    await createTopology(env, 'unicast-default');
    const topoA = await createTopology(env, 'topo-a');
    const s = await setupWanLink(env);
    await assignLinkTopology(s, s.link, s.contributor, [topoA]);
    expect((await readTopology(s, topoA)).referenceCount).toBe(1);
    // When link_topologies names topo-a twice (one account)
    const o = { link: s.link, contributor: s.contributor, args: { linkTopologies: [topoA, topoA] }, topologyUnion: [topoA] };
    expect(predicted(() => updateLink(s, o))).toBe(65);
    // Then InvalidArgument, and neither the link nor the reference count changed
    expectCustom(await tryExec(s, updateLink(s, { ...o, validate: false })), 65);
    expect(keys((await readLink(s, s.link)).linkTopologies)).toEqual(keys([topoA]));
    expect((await readTopology(s, topoA)).referenceCount).toBe(1);
  });

  /**
   * upstream `setup_skewed_topology_scenario`: two links in topo-a (reference_count 2), then
   * link1's stored link_topologies rewritten to [topo-a, topo-a] (written here with dzprov's
   * encodeLink, where upstream re-serializes the program's Link).
   */
  async function setupSkewed() {
    const env = await startProgram(oracle, HELPERS_CONFIG);
    await createTopology(env, 'unicast-default');
    const topoA = await createTopology(env, 'topo-a');
    const s = await setupWanLink(env);
    // upstream `add_second_wan_link`
    await addIface(s, s.deviceA, s.contributor, 'Ethernet2', 100_000_000_000n);
    await addIface(s, s.deviceZ, s.contributor, 'Ethernet3', 100_000_000_000n);
    const { pk: link2, ix } = await createLinkIx(s, {
      contributor: s.contributor,
      sideA: s.deviceA,
      sideZ: s.deviceZ,
      args: wanArgs('dza-dzb-2', { bandwidth: 20_000_000_000n, sideAIfaceName: 'Ethernet2', sideZIfaceName: 'Ethernet3' }),
    });
    await exec(s, ix);
    for (const link of [s.link, link2]) await assignLinkTopology(s, link, s.contributor, [topoA]);
    expect((await readTopology(s, topoA)).referenceCount).toBe(2);
    const link1 = await readLink(s, s.link);
    const skewed = { ...link1, linkTopologies: [...link1.linkTopologies, topoA] };
    expect(keys(skewed.linkTopologies)).toEqual(keys([topoA, topoA]));
    const data = encodeLink(skewed);
    const before = await s.oracle.getAccount(s.link);
    const rent = await s.oracle.rentExempt(data.length);
    await s.oracle.setAccount(s.link, { owner: s.programId, lamports: rent > before.lamports ? rent : before.lamports, data });
    return { ...s, topoA, link2 };
  }

  it('topology_test.rs::test_link_delete_with_duplicate_topology_decrements_once', async () => {
    const s = await setupSkewed();
    // Given link1 soft-drained, still holding [topo-a, topo-a]
    await exec(s, updateLink(s, { link: s.link, contributor: s.contributor, args: { status: LinkStatus.SoftDrained } }));
    const link1 = await readLink(s, s.link);
    expect(keys(link1.linkTopologies)).toEqual(keys([s.topoA, s.topoA]));
    // When link1 is deleted. dzprov's builder takes the link's stored link_topologies as
    // stored, so it names topo-a twice (upstream passes it once); both are accepted.
    await exec(
      s,
      createDeleteLinkInstruction({
        programId: s.programId,
        payer: s.payer.publicKey,
        link: s.link,
        contributor: s.contributor,
        sideA: s.deviceA,
        sideZ: s.deviceZ,
        owner: link1.owner,
        linkTopologies: link1.linkTopologies,
      }),
    );
    // Then topo-a is decremented once (link2 still references it)
    expect((await readTopology(s, s.topoA)).referenceCount).toBe(1);
    // upstream `assert_topology_delete_blocked` also sends DeleteTopology("topo-a") and expects
    // ReferenceCountNotZero; the oracle has no DeleteTopology builder, so only its second
    // check (link2 keeps topo-a) is ported.
    expect(keys((await readLink(s, s.link2)).linkTopologies)).toEqual(keys([s.topoA]));
  });

  it('topology_test.rs::test_link_update_clearing_duplicate_topology_decrements_once', async () => {
    const s = await setupSkewed();
    // When link1's topologies are cleared (union: topo-a once)
    await exec(s, updateLink(s, { link: s.link, contributor: s.contributor, args: { linkTopologies: [] }, topologyUnion: [s.topoA] }));
    // Then link1 has none and topo-a was decremented once
    expect((await readLink(s, s.link)).linkTopologies).toEqual([]);
    expect((await readTopology(s, s.topoA)).referenceCount).toBe(1);
    // (DeleteTopology check not ported: no builder, see above)
    expect(keys((await readLink(s, s.link2)).linkTopologies)).toEqual(keys([s.topoA]));
  });
});
