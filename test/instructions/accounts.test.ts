import type { TransactionInstruction } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import {
  createAcceptLinkInstruction,
  createCreateDeviceInstruction,
  createCreateDeviceInterfaceInstruction,
  createCreateLinkInstruction,
  createDeleteDeviceInstruction,
  createDeleteDeviceInterfaceInstruction,
  createDeleteLinkInstruction,
  createSetDeviceHealthInstruction,
  createSetLinkHealthInstruction,
  createUpdateDeviceInstruction,
  createUpdateDeviceInterfaceInstruction,
  createUpdateLinkInstruction,
  DeviceHealth,
  DeviceType,
  getDevicePda,
  getDzPrefixBlockPda,
  getLinkPda,
  getPermissionPda,
  getTopologyPda,
  getTunnelIdsPda,
  InterfaceCYOA,
  InterfaceDIA,
  LinkHealth,
  LinkLinkType,
  LinkStatus,
  LoopbackType,
  RoutingMode,
  type CreateDeviceArgs,
  type CreateDeviceInterfaceArgs,
  type BaseBuilderInput,
  type CreateLinkArgs,
} from '../../src/index.js';
import { metas, pk, PAYER, PROGRAM_ID, r, singletonPdas, TAIL, w, type MetaRow } from './_helpers.js';

/**
 * Exhaustive account-list tables: every form of every builder, in processor order, with the
 * signer/writable flags the Rust builders emit (docs/wire-format.md#account-lists, #instructions). Expected PDAs
 * are derived here with pda.ts, independently of the builders' cached derivations.
 */

const P = PROGRAM_ID;
const { GS, GC, DTB, LIDS, SRIDS, UNICAST_DEFAULT } = singletonPdas(P);
const PERMISSION = r(getPermissionPda(P, PAYER)[0]);
const base = { programId: P, payer: PAYER };

const DEVICE = pk(2);
const CONTRIB = pk(3);
const LOC = pk(4);
const EXCH = pk(5);
const LINK = pk(6);
const SIDE_A = pk(7);
const SIDE_Z = pk(8);
const OTHER = pk(9);

const deviceArgs = (prefixes: string[]): CreateDeviceArgs => ({
  code: 'dz1',
  deviceType: DeviceType.Hybrid,
  publicIp: '1.1.1.1',
  dzPrefixes: prefixes,
  metricsPublisherPk: pk(10),
  mgmtVrf: 'mgmt',
});
const linkArgs: CreateLinkArgs = {
  code: 'l1',
  linkType: LinkLinkType.WAN,
  bandwidth: 10_000_000_000n,
  mtu: 9000,
  delayNs: 1_000_000n,
  jitterNs: 100_000n,
  sideAIfaceName: 'Ethernet1',
  sideZIfaceName: 'Ethernet2',
};
const ifaceArgs = (loopbackType: LoopbackType, name = 'Loopback255'): CreateDeviceInterfaceArgs => ({
  name,
  loopbackType,
  vlanId: 0,
  userTunnelEndpoint: false,
  interfaceCyoa: InterfaceCYOA.None,
  interfaceDia: InterfaceDIA.None,
  bandwidth: 0,
  cir: 0,
  mtu: 9000,
  routingMode: RoutingMode.Static,
});

const dev1 = getDevicePda(P, 1)[0];
const tunnelIds = (d = DEVICE) => w(getTunnelIdsPda(P, d, 0)[0]);
const dzBlock = (i: number, d = DEVICE) => w(getDzPrefixBlockPda(P, d, i)[0]);

interface Form {
  form: string;
  /** Builds the form from `b`: the program id and payer, with or without appendPermission. */
  build: (b: BaseBuilderInput) => TransactionInstruction;
  /** The accounts without the Permission PDA. */
  accounts: MetaRow[];
}

const forms: Form[] = [
  // ---- CreateDevice: 1 + N resource accounts
  ...[0, 1, 3].map((n): Form => ({
    form: `CreateDevice with ${n} dz_prefixes`,
    build: (b) =>
      createCreateDeviceInstruction({
        ...b,
        contributor: CONTRIB,
        location: LOC,
        exchange: EXCH,
        deviceIndex: 1,
        args: deviceArgs(['8.8.8.0/24', '9.9.9.0/24', '11.0.0.0/8'].slice(0, n)),
        // no prefix at all is refused by the program (NoDzPrefixes): build it unvalidated
        ...(n === 0 ? { validate: false } : {}),
      }),
    accounts: [
      w(dev1),
      w(CONTRIB),
      w(LOC),
      w(EXCH),
      w(GS),
      w(GC),
      tunnelIds(dev1),
      ...Array.from({ length: n }, (_, i) => dzBlock(i, dev1)),
      ...TAIL,
    ],
  })),
  // ---- UpdateDevice: location pair always; resources only with dz_prefixes, max(old, new)
  {
    form: 'UpdateDevice without dz_prefixes (old count ignored)',
    build: (b) =>
      createUpdateDeviceInstruction({ ...b, device: DEVICE, currentContributor: CONTRIB, currentLocation: LOC, oldDzPrefixCount: 3, args: { maxUsers: 96 } }),
    accounts: [w(DEVICE), w(CONTRIB), w(LOC), w(LOC), w(GS), ...TAIL],
  },
  {
    form: 'UpdateDevice moving to a new location',
    build: (b) =>
      createUpdateDeviceInstruction({ ...b, device: DEVICE, currentContributor: CONTRIB, currentLocation: LOC, newLocation: OTHER, args: {} }),
    accounts: [w(DEVICE), w(CONTRIB), w(LOC), w(OTHER), w(GS), ...TAIL],
  },
  ...(
    [
      [1, 1],
      [3, 1],
      [1, 2],
      [0, 2],
    ] as const
  ).map(([old, now]): Form => ({
    form: `UpdateDevice dz_prefixes old ${old} → new ${now}`,
    build: (b) =>
      createUpdateDeviceInstruction({
        ...b,
        device: DEVICE,
        currentContributor: CONTRIB,
        currentLocation: LOC,
        oldDzPrefixCount: old,
        args: { dzPrefixes: ['8.8.8.0/24', '9.9.9.0/24'].slice(0, now) },
      }),
    accounts: [
      w(DEVICE),
      w(CONTRIB),
      w(LOC),
      w(LOC),
      w(GS),
      w(GC),
      tunnelIds(),
      ...Array.from({ length: Math.max(old, now) }, (_, i) => dzBlock(i)),
      ...TAIL,
    ],
  })),
  // ---- DeleteDevice
  {
    form: 'DeleteDevice legacy',
    build: (b) => createDeleteDeviceInstruction({ ...b, device: DEVICE, contributor: CONTRIB, resources: { kind: 'legacy' } }),
    accounts: [w(DEVICE), w(CONTRIB), w(GS), ...TAIL],
  },
  {
    form: 'DeleteDevice atomic, three owners',
    build: (b) =>
      createDeleteDeviceInstruction({
        ...b,
        device: DEVICE,
        contributor: CONTRIB,
        resources: { kind: 'atomic', location: LOC, exchange: EXCH, owners: [pk(20), pk(21), pk(22)], deviceOwner: pk(23) },
      }),
    accounts: [
      w(DEVICE),
      w(CONTRIB),
      w(GS),
      w(LOC),
      w(EXCH),
      tunnelIds(),
      dzBlock(0),
      dzBlock(1),
      w(pk(20)),
      w(pk(21)),
      w(pk(22)),
      w(pk(23)),
      ...TAIL,
    ],
  },
  // ---- health setters
  {
    form: 'SetDeviceHealth',
    build: (b) => createSetDeviceHealthInstruction({ ...b, device: DEVICE, args: { health: DeviceHealth.Impaired } }),
    accounts: [w(DEVICE), w(GS), ...TAIL],
  },
  {
    form: 'SetLinkHealth',
    build: (b) => createSetLinkHealthInstruction({ ...b, link: LINK, args: { health: LinkHealth.Impaired } }),
    accounts: [w(LINK), w(GS), ...TAIL],
  },
  // ---- interfaces
  {
    form: 'CreateDeviceInterface, not Vpnv4: topology names ignored',
    build: (b) =>
      createCreateDeviceInterfaceInstruction({ ...b, device: DEVICE, contributor: CONTRIB, topologyNames: ['topo-a'], args: ifaceArgs(LoopbackType.Ipv4) }),
    accounts: [w(DEVICE), w(CONTRIB), w(GS), w(DTB), w(SRIDS), ...TAIL],
  },
  {
    form: 'CreateDeviceInterface, Vpnv4 with two topologies (read-only)',
    build: (b) =>
      createCreateDeviceInterfaceInstruction({
        ...b,
        device: DEVICE,
        contributor: CONTRIB,
        topologyNames: ['topo-a', 'TOPO-B'],
        args: ifaceArgs(LoopbackType.Vpnv4),
      }),
    accounts: [
      w(DEVICE),
      w(CONTRIB),
      w(GS),
      w(DTB),
      w(SRIDS),
      r(getTopologyPda(P, 'TOPO-A')[0]),
      r(getTopologyPda(P, 'TOPO-B')[0]),
      ...TAIL,
    ],
  },
  {
    form: 'UpdateDeviceInterface, topologies untouched',
    build: (b) => createUpdateDeviceInterfaceInstruction({ ...b, device: DEVICE, contributor: CONTRIB, args: { name: 'Ethernet1', vlanId: 5 } }),
    accounts: [w(DEVICE), w(CONTRIB), w(GS), ...TAIL],
  },
  {
    form: 'UpdateDeviceInterface with node_segment_idx',
    build: (b) =>
      createUpdateDeviceInterfaceInstruction({ ...b, device: DEVICE, contributor: CONTRIB, args: { name: 'Loopback255', nodeSegmentIdx: 42 } }),
    accounts: [w(DEVICE), w(CONTRIB), w(GS), w(SRIDS), ...TAIL],
  },
  {
    form: 'UpdateDeviceInterface clearing topologies ([])',
    build: (b) =>
      createUpdateDeviceInterfaceInstruction({ ...b, device: DEVICE, contributor: CONTRIB, topologyNames: [], args: { name: 'Loopback255' } }),
    accounts: [w(DEVICE), w(CONTRIB), w(GS), w(SRIDS), ...TAIL],
  },
  {
    form: 'UpdateDeviceInterface setting two topologies',
    build: (b) =>
      createUpdateDeviceInterfaceInstruction({
        ...b,
        device: DEVICE,
        contributor: CONTRIB,
        topologyNames: ['a', 'b'],
        args: { name: 'Loopback255' },
      }),
    accounts: [w(DEVICE), w(CONTRIB), w(GS), w(SRIDS), r(getTopologyPda(P, 'A')[0]), r(getTopologyPda(P, 'B')[0]), ...TAIL],
  },
  {
    form: 'DeleteDeviceInterface',
    build: (b) => createDeleteDeviceInterfaceInstruction({ ...b, device: DEVICE, contributor: CONTRIB, args: { name: 'Ethernet1' } }),
    accounts: [w(DEVICE), w(CONTRIB), w(GS), w(DTB), w(SRIDS), ...TAIL],
  },
  // ---- links
  {
    form: 'CreateLink',
    build: (b) => createCreateLinkInstruction({ ...b, contributor: CONTRIB, sideA: SIDE_A, sideZ: SIDE_Z, linkIndex: 7n, args: linkArgs }),
    accounts: [w(getLinkPda(P, 7)[0]), w(CONTRIB), w(SIDE_A), w(SIDE_Z), w(GS), w(UNICAST_DEFAULT), w(DTB), w(LIDS), ...TAIL],
  },
  {
    form: 'AcceptLink (side Z before GlobalState, side A after)',
    build: (b) => createAcceptLinkInstruction({ ...b, link: LINK, contributor: CONTRIB, sideZ: SIDE_Z, sideA: SIDE_A, args: { sideZIfaceName: 'Ethernet3' } }),
    accounts: [w(LINK), w(CONTRIB), w(SIDE_Z), w(GS), w(SIDE_A), w(DTB), w(LIDS), ...TAIL],
  },
  {
    form: 'UpdateLink, link-contributor form',
    build: (b) =>
      createUpdateLinkInstruction({ ...b, link: LINK, authority: { kind: 'contributor', contributor: CONTRIB }, args: { status: LinkStatus.HardDrained } }),
    accounts: [w(LINK), w(CONTRIB), w(GS), ...TAIL],
  },
  {
    form: 'UpdateLink, side-Z form',
    build: (b) =>
      createUpdateLinkInstruction({
        ...b,
        link: LINK,
        authority: { kind: 'sideZContributor', contributor: CONTRIB },
        sideZ: SIDE_Z,
        args: { status: LinkStatus.SoftDrained },
      }),
    accounts: [w(LINK), w(CONTRIB), w(SIDE_Z), w(GS), ...TAIL],
  },
  {
    form: 'UpdateLink with tunnel_id only: pools, no device pair',
    build: (b) =>
      createUpdateLinkInstruction({ ...b, link: LINK, authority: { kind: 'contributor', contributor: CONTRIB }, args: { tunnelId: 500 } }),
    accounts: [w(LINK), w(CONTRIB), w(GS), w(DTB), w(LIDS), ...TAIL],
  },
  {
    form: 'UpdateLink with tunnel_net: device pair then pools',
    build: (b) =>
      createUpdateLinkInstruction({
        ...b,
        link: LINK,
        authority: { kind: 'contributor', contributor: CONTRIB },
        sideA: SIDE_A,
        sideZ: SIDE_Z,
        args: { tunnelNet: '172.16.0.0/31' },
      }),
    accounts: [w(LINK), w(CONTRIB), w(GS), w(SIDE_A), w(SIDE_Z), w(DTB), w(LIDS), ...TAIL],
  },
  {
    form: 'UpdateLink side-Z form with tunnel_net: side Z appears twice',
    build: (b) =>
      createUpdateLinkInstruction({
        ...b,
        link: LINK,
        authority: { kind: 'sideZContributor', contributor: CONTRIB },
        sideA: SIDE_A,
        sideZ: SIDE_Z,
        args: { tunnelNet: '10.0.0.0/31', tunnelId: 1 },
        // The layout is what is tested: with validation, the side-Z form takes no tunnel fields
        // (only the link's contributor or a network admin may set them, in the contributor form).
        validate: false,
      }),
    accounts: [w(LINK), w(CONTRIB), w(SIDE_Z), w(GS), w(SIDE_A), w(SIDE_Z), w(DTB), w(LIDS), ...TAIL],
  },
  {
    form: 'UpdateLink with link_topologies: the union, writable, in the given order',
    build: (b) =>
      createUpdateLinkInstruction({
        ...b,
        link: LINK,
        authority: { kind: 'contributor', contributor: CONTRIB },
        topologyUnion: [pk(30), pk(31), pk(32)],
        args: { linkTopologies: [pk(32), pk(31)] },
      }),
    accounts: [w(LINK), w(CONTRIB), w(GS), w(pk(30)), w(pk(31)), w(pk(32)), ...TAIL],
  },
  {
    form: 'UpdateLink: topology union ignored without link_topologies',
    build: (b) =>
      createUpdateLinkInstruction({
        ...b,
        link: LINK,
        authority: { kind: 'contributor', contributor: CONTRIB },
        topologyUnion: [pk(30)],
        args: { unicastDrained: true },
      }),
    accounts: [w(LINK), w(CONTRIB), w(GS), ...TAIL],
  },
  {
    form: 'UpdateLink, every section',
    build: (b) =>
      createUpdateLinkInstruction({
        ...b,
        link: LINK,
        authority: { kind: 'sideZContributor', contributor: CONTRIB },
        sideA: SIDE_A,
        sideZ: SIDE_Z,
        topologyUnion: [pk(30)],
        args: { tunnelNet: '192.168.0.0/31', tunnelId: 2, linkTopologies: [pk(30)] },
        validate: false, // the layout, see above
      }),
    accounts: [w(LINK), w(CONTRIB), w(SIDE_Z), w(GS), w(SIDE_A), w(SIDE_Z), w(DTB), w(LIDS), w(pk(30)), ...TAIL],
  },
  {
    form: 'DeleteLink without topologies',
    build: (b) => createDeleteLinkInstruction({ ...b, link: LINK, contributor: CONTRIB, sideA: SIDE_A, sideZ: SIDE_Z, owner: OTHER }),
    accounts: [w(LINK), w(CONTRIB), w(GS), w(SIDE_A), w(SIDE_Z), w(DTB), w(LIDS), w(OTHER), ...TAIL],
  },
  {
    form: 'DeleteLink with the stored topologies (duplicates kept)',
    build: (b) =>
      createDeleteLinkInstruction({
        ...b,
        link: LINK,
        contributor: CONTRIB,
        sideA: SIDE_A,
        sideZ: SIDE_Z,
        owner: OTHER,
        linkTopologies: [pk(30), pk(30), pk(31)],
      }),
    accounts: [w(LINK), w(CONTRIB), w(GS), w(SIDE_A), w(SIDE_Z), w(DTB), w(LIDS), w(OTHER), w(pk(30)), w(pk(30)), w(pk(31)), ...TAIL],
  },
];

/** Every form as built by default, then with appendPermission: the payer's Permission PDA, read-only, last. */
const rows = forms.flatMap(({ form, build, accounts }) => [
  { form, build: () => build(base), accounts },
  { form: `${form} with appendPermission`, build: () => build({ ...base, appendPermission: true }), accounts: [...accounts, PERMISSION] },
]);

describe('account lists of every builder form', () => {
  it.each(rows)('$form', ({ build, accounts }) => {
    // Given the form's inputs / When built
    const ix = build();
    // Then the accounts, their order and flags are the Rust builder's
    expect(ix.programId.equals(P)).toBe(true);
    expect(metas(ix)).toEqual(accounts);
  });

  it('in every form the payer is the one and only signer', () => {
    for (const { build } of rows) {
      const ix = build();
      const signers = ix.keys.filter((k) => k.isSigner).map((k) => k.pubkey.toBase58());
      expect(signers).toEqual([PAYER.toBase58()]);
    }
  });
});
