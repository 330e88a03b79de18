/**
 * The values of the `doublezero` CLI's device, interface and link flags, as dzprov reads them: the
 * interface enums in clap's spellings (upstream's device/interface/types.rs, ValueEnum), networks
 * as the ipnetwork crate parses them (a bare address is a /32, a dotted netmask), `device update
 * --contributor me`, and the MTU `device interface update` writes without --mtu (upstream's
 * device/interface/update.rs). Each is run through the built CLI against a test node holding the
 * sample ledger and judged by the instruction it builds; bad input is a usage error naming the
 * flag (exit 2) with nothing read or sent. What the program makes of them is in
 * test/conformance/deviceOnboarding.test.ts and linkOnboarding.test.ts.
 */
import type { PublicKey } from '@solana/web3.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  InterfaceCYOA,
  InterfaceDIA,
  LoopbackType,
  RoutingMode,
  decodeContributor,
  decodeDevice,
  encodeContributor,
  encodeDevice,
  getContributorPda,
} from '../../src/index.js';
import { clapValueName } from '../../src/cli/deviceCommands.js';
import { UsageError } from '../../src/cli/errors.js';
import { parseNetwork, parseNetworkList } from '../../src/cli/units.js';
import { buildSampleLedger, sampleKeypair } from '../helpers/sampleLedger.js';
import { dzprov, oneLineError, useSampleLedgerNode } from './harness.js';

const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
};

describe('networks as the doublezero CLI reads them (the ipnetwork crate)', () => {
  // The answers of ipnetwork 0.21.1 (the version of upstream's Cargo.lock), Ipv4Network::from_str
  // then Display, recorded by running the crate on each input.
  it.each([
    ['10.0.0.1', '10.0.0.1/32'],
    ['10.0.0.0/24', '10.0.0.0/24'],
    ['10.0.0.1/24', '10.0.0.1/24'],
    ['10.0.0.0/255.255.255.0', '10.0.0.0/24'],
    ['10.0.0.0/255.255.254.0', '10.0.0.0/23'],
    ['10.0.0.0/128.0.0.0', '10.0.0.0/1'],
    ['10.0.0.0/0.0.0.0', '10.0.0.0/0'],
    ['10.0.0.0/255.255.255.255', '10.0.0.0/32'],
    ['10.0.0.0/+24', '10.0.0.0/24'],
    ['10.0.0.0/024', '10.0.0.0/24'],
    ['10.0.0.0/00000000000000000000000024', '10.0.0.0/24'],
  ])('%s is %s', (text, canonical) => {
    expect(parseNetwork(text, '--ip-net', 'device interface create')).toBe(canonical);
  });

  // Every one refused by ipnetwork 0.21.1 too (InvalidPrefix, InvalidAddr or InvalidCidrFormat).
  it.each([
    ['10.0.0.0/255.0.255.0', /the netmask 255\.0\.255\.0 is not contiguous/],
    ['10.0.0.0/0.255.255.255', /the netmask 0\.255\.255\.255 is not contiguous/],
    ['10.0.0.0/33', /the prefix length "33" is not 0\.\.32/],
    ['10.0.0.0/256', /the prefix length "256" is not 0\.\.32/],
    ['10.0.0.0/', /the prefix length "" is not 0\.\.32/],
    ['10.0.0.0/+', /the prefix length "\+" is not 0\.\.32/],
    ['10.0.0.0/-0', /the prefix length "-0" is not 0\.\.32/],
    ['10.0.0.0/24.0', /the prefix length "24\.0" is not 0\.\.32/],
    ['10.0.0.0/0x18', /the prefix length "0x18" is not 0\.\.32/],
    ['10.0.0.0/1.2.3', /the prefix length "1\.2\.3" is not 0\.\.32/],
    ['10.0.0.0/255.255.255.00', /the prefix length "255\.255\.255\.00" is not 0\.\.32/],
    ['10.0.0.0/24 ', /the prefix length "24 " is not 0\.\.32/],
    ['10.0.0.0//24', /more than one "\/"/],
    ['10.0.0.0/24/', /more than one "\/"/],
    ['010.0.0.0/24', /not an IPv4 network or address/],
    ['10.0.0.256', /not an IPv4 network or address/],
    ['1.2.3', /not an IPv4 network or address/],
    [' 10.0.0.0/24', /not an IPv4 network or address/],
    ['/', /not an IPv4 network or address/],
    ['０.0.0.0', /not an IPv4 network or address/],
  ])('%j is a UsageError naming the flag: %s', (text, why) => {
    const e = thrown(() => parseNetwork(text, '--tunnel-net', 'link update'));
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).message).toMatch(new RegExp(`^link update: --tunnel-net "${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}": `));
    expect((e as UsageError).message).toMatch(why);
  });

  it('a list is split on commas, each item trimmed and read the same way; an empty item is refused', () => {
    expect(parseNetworkList('46.51.200.0/255.255.255.248, 46.51.201.9 ,46.51.202.0/29', '--dz-prefixes')).toEqual(['46.51.200.0/29', '46.51.201.9/32', '46.51.202.0/29']);
    expect(() => parseNetworkList('46.51.200.0/29,', '--dz-prefixes', 'device create')).toThrow(/^device create: --dz-prefixes "46\.51\.200\.0\/29," has an empty item/);
    expect(() => parseNetworkList('46.51.200.0/29,46.51.201.0/255.0.255.0', '--dz-prefixes')).toThrow(/--dz-prefixes "46\.51\.201\.0\/255\.0\.255\.0": the netmask 255\.0\.255\.0 is not contiguous/);
  });
});

describe("clap's spellings of the interface enums", () => {
  // heck's kebab-case of each variant name (clap's ValueEnum default), as upstream's `doublezero
  // device interface create --help` lists them.
  it.each([
    ['GREOverDIA', 'gre-over-dia'],
    ['GREOverFabric', 'gre-over-fabric'],
    ['GREOverPrivatePeering', 'gre-over-private-peering'],
    ['GREOverPublicPeering', 'gre-over-public-peering'],
    ['GREOverCable', 'gre-over-cable'],
    ['PimRpAddr', 'pim-rp-addr'],
    ['Vpnv4', 'vpnv4'],
    ['Ipv4', 'ipv4'],
    ['DIA', 'dia'],
    ['None', 'none'],
    ['Static', 'static'],
    ['BGP', 'bgp'],
  ])('%s is %s', (variant, spelling) => {
    expect(clapValueName(variant)).toBe(spelling);
  });
});

const ledger = buildSampleLedger();
const sampleNode = useSampleLedgerNode(ledger);
const node = () => sampleNode.server;

const acme = sampleKeypair('acme').publicKey.toBase58();
const foundation = sampleKeypair('foundation').publicKey.toBase58();
const run = (args: string[], as = acme, json = true) => dzprov([...args, '--url', node().url, '-e', 'local', '--as', as, ...(json ? ['--json'] : [])]);

interface ActionJson {
  change: string;
  alreadyDone: string | null;
  instructions: { name: string; decoded: { args: Record<string, unknown> } }[];
}
/** The arguments of the one instruction a dry run built. */
async function built(args: string[], as = acme): Promise<{ change: string; args: Record<string, unknown> }> {
  const r = await run(args, as);
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  const out = JSON.parse(r.stdout) as ActionJson;
  expect(out.alreadyDone, out.change).toBeNull();
  return { change: out.change, args: out.instructions[0]!.decoded.args };
}
/**
 * A usage error naming the flag (exit 2): nothing simulated or sent, and with `unread` nothing
 * asked of the node at all (the flag was refused before anything was read).
 */
async function refused(args: string[], message: RegExp, as = acme, unread = true): Promise<void> {
  node().resetRecords();
  const r = await run(args, as, false);
  expect(r.code, r.stderr).toBe(2);
  // Refused before anything is read: the error is all there is on stderr; after a read, the last line
  expect(unread ? oneLineError(r) : r.stderr.trim().split('\n').at(-1)).toMatch(message);
  expect(node().requests.filter((q) => q.method === 'simulateTransaction' || q.method === 'sendTransaction')).toHaveLength(0);
  if (unread) expect(node().requests).toHaveLength(0);
}

describe('the interface enums in the doublezero CLI’s spellings and the program’s', () => {
  const create = (...flags: string[]) => ['device', 'interface', 'create', 'ams-dz1', 'Ethernet31', '--bandwidth', '10G', ...flags];

  it.each([
    ['gre-over-dia', InterfaceCYOA.GREOverDIA],
    ['gre-over-fabric', InterfaceCYOA.GREOverFabric],
    ['gre-over-private-peering', InterfaceCYOA.GREOverPrivatePeering],
    ['gre-over-public-peering', InterfaceCYOA.GREOverPublicPeering],
    ['gre-over-cable', InterfaceCYOA.GREOverCable],
    ['GREOverCable', InterfaceCYOA.GREOverCable],
  ])('--interface-cyoa %s builds CYOA %i, with mtu 1500 and a bare --ip-net as a /32', async (spelling, cyoa) => {
    const { args } = await built(create('--interface-cyoa', spelling, '--ip-net', '45.77.114.31'));
    expect(args).toMatchObject({ name: 'Ethernet31', interfaceCyoa: cyoa, ipNet: '45.77.114.31/32', mtu: 1500 });
  });

  it.each([
    ['vpnv4', LoopbackType.Vpnv4],
    ['ipv4', LoopbackType.Ipv4],
    ['pim-rp-addr', LoopbackType.PimRpAddr],
    ['pim_rp_addr', LoopbackType.PimRpAddr],
  ])('--loopback-type %s builds loopback type %i', async (spelling, type) => {
    const { args } = await built(['device', 'interface', 'create', 'ams-dz1', 'Loopback300', '--loopback-type', spelling]);
    expect(args).toMatchObject({ name: 'Loopback300', loopbackType: type });
  });

  it.each([
    [['--interface-dia', 'dia'], { interfaceDia: InterfaceDIA.DIA, mtu: 1500 }],
    [['--interface-dia', 'none'], { interfaceDia: InterfaceDIA.None, mtu: 9000 }],
    [['--routing-mode', 'bgp'], { routingMode: RoutingMode.BGP }],
    [['--routing-mode', 'static'], { routingMode: RoutingMode.Static }],
  ])('%j builds %j', async (flags, fields) => {
    const { args } = await built(create(...flags));
    expect(args).toMatchObject(fields);
  });

  it('a spelling neither tool takes is a usage error listing both sets (clap is case-sensitive), nothing read', async () => {
    await refused(create('--interface-cyoa', 'GRE-OVER-DIA', '--ip-net', '45.77.114.31'), /--interface-cyoa: "GRE-OVER-DIA" is not a valid InterfaceCYOA \(expected one of .*"gre-over-dia".*"GREOverDIA"/);
    await refused(create('--loopback-type', 'pim-rp'), /--loopback-type: "pim-rp" is not a valid LoopbackType \(expected one of .*"pim-rp-addr".*"pim_rp_addr"/);
  });
});

describe('networks in the flags that take one', () => {
  it('--ip-net with a dotted netmask, --dz-prefixes with a netmask and a bare address: built as a.b.c.d/n', async () => {
    const iface = await built(['device', 'interface', 'create', 'ams-dz1', 'Ethernet31', '--bandwidth', '10G', '--interface-cyoa', 'gre-over-dia', '--ip-net', '45.77.114.0/255.255.255.252']);
    expect(iface.args.ipNet).toBe('45.77.114.0/30');
    const create = await built([
      'device', 'create', '--code', 'ams-dz9', '--contributor', 'acme', '--location', 'ams', '--exchange', 'xams',
      '--public-ip', '45.77.114.9', '--dz-prefixes', '46.51.200.0/255.255.255.248, 46.51.201.9',
    ]);
    expect(create.args.dzPrefixes).toEqual(['46.51.200.0/29', '46.51.201.9/32']);
    const update = await built(['device', 'update', '--pubkey', 'ams-dz1', '--dz-prefixes', '46.51.200.0/255.255.255.248']);
    expect(update.args.dzPrefixes).toEqual(['46.51.200.0/29']);
    expect(update.change).toContain('dz prefixes 46.51.100.0/29 → 46.51.200.0/29');
  });

  it('link update --tunnel-net with a dotted netmask; a network that is already the link’s, so written, is already done', async () => {
    const link = ledger.values.links.find((l) => l.code === 'ams-fra-1')!;
    expect(link.tunnelNet).toBe('172.16.0.0/31');
    const { args } = await built(['link', 'update', '--pubkey', 'ams-fra-1', '--tunnel-net', '172.16.9.0/255.255.255.254'], foundation);
    expect(args.tunnelNet).toBe('172.16.9.0/31');
    const same = await run(['link', 'update', '--pubkey', 'ams-fra-1', '--tunnel-net', '172.16.0.0/255.255.255.254'], foundation);
    expect(same.code, same.stderr).toBe(0);
    expect((JSON.parse(same.stdout) as ActionJson).alreadyDone).toMatch(/already has tunnelNet 172\.16\.0\.0\/31/);
  });

  it.each([
    [['link', 'update', '--pubkey', 'ams-fra-1', '--tunnel-net', '172.16.9.0/255.0.255.254'], /link update: --tunnel-net "172\.16\.9\.0\/255\.0\.255\.254": the netmask 255\.0\.255\.254 is not contiguous/],
    [['device', 'interface', 'create', 'ams-dz1', 'Ethernet31', '--bandwidth', '10G', '--interface-cyoa', 'gre-over-dia', '--ip-net', '45.77.114.0/255.255.0.255'], /--ip-net "45\.77\.114\.0\/255\.255\.0\.255": the netmask 255\.255\.0\.255 is not contiguous/],
    [['device', 'update', '--pubkey', 'ams-dz1', '--dz-prefixes', '46.51.200.0/29,46.51.201.0/33'], /--dz-prefixes "46\.51\.201\.0\/33": the prefix length "33" is not 0\.\.32/],
    [['device', 'interface', 'update', 'fra-dz1', 'Ethernet5', '--ip-net', '45.77.114'], /--ip-net "45\.77\.114": not an IPv4 network or address/],
  ])('%j: a usage error naming the flag, nothing read', async (args, message) => {
    await refused(args, message, foundation);
  });
});

describe('device update --contributor me: the Contributor the payer owns', () => {
  const foundationKey = sampleKeypair('foundation').publicKey;
  const ops = sampleKeypair('ops').publicKey;
  const acmeRecord = ledger.values.contributors.find((c) => c.code === 'acme')!;
  /** A Contributor account owned by `owner` at the address of index `index`, on the test node; its address. */
  const addContributor = (index: bigint, code: string, owner: PublicKey): PublicKey => {
    const [pk, bumpSeed] = getContributorPda(ledger.programId, index);
    const data = encodeContributor({ ...acmeRecord, index, bumpSeed, code, owner, referenceCount: 0 });
    expect(decodeContributor(data).owner.toBase58()).toBe(owner.toBase58());
    node().setAccount(pk, { owner: ledger.programId, data, lamports: 10_000_000 });
    return pk;
  };
  let mine: PublicKey;
  beforeAll(() => {
    // Given a Contributor the foundation owns, and two the ops key owns
    mine = addContributor(900n, 'fdn', foundationKey);
    addContributor(901n, 'ops1', ops);
    addContributor(902n, 'ops2', ops);
  });

  it('for a network admin owning one Contributor: the device is given to it', async () => {
    const { args, change } = await built(['device', 'update', '--pubkey', 'ams-dz1', '--contributor', 'me'], foundation);
    expect(args.contributorPk).toBe(mine.toBase58());
    expect(change).toMatch(/contributor/);
  });

  it('for the device’s own contributor: it already is its contributor, nothing to send', async () => {
    const r = await run(['device', 'update', '--pubkey', 'ams-dz1', '--contributor', 'me']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as ActionJson).alreadyDone).toMatch(/already has these values/);
  });

  it('a payer owning none or several is a usage error naming --contributor; with --status, "give --status alone"', async () => {
    const visitor = sampleKeypair('visitor').publicKey.toBase58();
    // When a payer owning no Contributor, then one owning two, give --contributor me
    // Then each is a usage error naming --contributor (the ledger was read to know), nothing simulated
    await refused(['device', 'update', '--pubkey', 'ams-dz1', '--contributor', 'me'], new RegExp(`--contributor me: the payer ${visitor} owns no Contributor: name the contributor by code or address`), visitor, false);
    await refused(['device', 'update', '--pubkey', 'ams-dz1', '--contributor', 'me'], /--contributor me: the payer \w+ owns 2 Contributors \((ops1, ops2|ops2, ops1)\)/, ops.toBase58(), false);
    // And "me" with --status is refused like any field with --status, before anything is read
    await refused(['device', 'update', '--pubkey', 'ams-dz1', '--contributor', 'me', '--status', 'drained'], /give --status alone/, foundation);
  });
});

describe('device interface update without --mtu writes the MTU the interface will need, as the doublezero CLI does', () => {
  const fra = ledger.values.devices.find((d) => d.code === 'fra-dz1')!;
  const fraPk = ledger.addresses.get('device:fra-dz1')!;

  it('made CYOA or DIA: mtu 1500 written, and the change says why', async () => {
    expect(fra.interfaces.find((i) => i.name === 'Ethernet5')).toMatchObject({ mtu: 9000, interfaceCyoa: InterfaceCYOA.None, interfaceDia: InterfaceDIA.None });
    const cyoa = await built(['device', 'interface', 'update', 'fra-dz1', 'Ethernet5', '--interface-cyoa', 'gre-over-dia', '--ip-net', '45.77.114.2']);
    expect(cyoa.args).toMatchObject({ name: 'Ethernet5', interfaceCyoa: InterfaceCYOA.GREOverDIA, ipNet: '45.77.114.2/32', mtu: 1500 });
    expect(cyoa.change).toContain('mtu 9000 → 1500 (mtu 1500 set without --mtu, as the doublezero CLI does: a CYOA/DIA interface needs it)');
    const dia = await built(['device', 'interface', 'update', 'fra-dz1', 'Ethernet5', '--interface-dia', 'dia']);
    expect(dia.args).toMatchObject({ interfaceDia: InterfaceDIA.DIA, mtu: 1500 });
  });

  it('--mtu given is what is written; an update that keeps the MTU right writes none', async () => {
    const given = await built(['device', 'interface', 'update', 'fra-dz1', 'Ethernet5', '--interface-dia', 'dia', '--mtu', '1500']);
    expect(given.args.mtu).toBe(1500);
    expect(given.change).not.toContain('set without --mtu');
    const plain = await built(['device', 'interface', 'update', 'fra-dz1', 'Ethernet5', '--bandwidth', '20G']);
    expect(plain.args).not.toHaveProperty('mtu');
    expect(plain.change).not.toContain('set without --mtu');
  });

  it('no longer CYOA or DIA: mtu 9000 written', async () => {
    // Given fra-dz1's Ethernet5 as a DIA port at mtu 1500
    const original = ledger.records.find((r) => r.pubkey.equals(fraPk))!;
    const device = decodeDevice(original.data, { programId: ledger.programId });
    const dia = { ...device, interfaces: device.interfaces.map((i) => (i.name === 'Ethernet5' ? { ...i, interfaceDia: InterfaceDIA.DIA, mtu: 1500 } : i)) };
    node().setAccount(fraPk, { owner: original.owner, data: encodeDevice(dia), lamports: original.lamports });
    try {
      // When it is made DIA none without --mtu
      const { args, change } = await built(['device', 'interface', 'update', 'fra-dz1', 'Ethernet5', '--interface-dia', 'none']);
      // Then mtu 9000 is written with it
      expect(args).toMatchObject({ interfaceDia: InterfaceDIA.None, mtu: 9000 });
      expect(change).toContain('mtu 1500 → 9000 (mtu 9000 set without --mtu, as the doublezero CLI does: an interface neither CYOA nor DIA needs it)');
    } finally {
      node().setAccount(fraPk, { owner: original.owner, data: original.data, lamports: original.lamports });
    }
  });
});
