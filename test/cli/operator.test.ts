/**
 * Issue 15 (3): the command surface operators know, as a superset. `device list|get`, `device
 * interface list|get` and `link list|get` with the `doublezero` CLI's flags, filters, table
 * columns and JSON fields (dzprov's fields added after upstream's), against the local JSON-RPC
 * node: every filter with the memcmp filters the node received, every upstream flag in a table
 * written here from upstream's source (never parsed from it at test time), and the write
 * commands refused as "not yet supported". Also: every command on a node without the program.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublicKey } from '@solana/web3.js';
import bs58 from 'bs58';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccountType,
  DeviceDesiredStatus,
  DeviceHealth,
  DeviceStatus,
  DeviceType,
  InterfaceStatus,
  InterfaceType,
  LinkDesiredStatus,
  LinkHealth,
  LinkLinkType,
  LinkStatus,
  LoopbackType,
} from '../../src/index.js';
import { getDevicePda, getLinkPda, getTopologyPda } from '../../src/index.js';
import { PROGRAM_IDS } from '../../src/index.js';
import { encodeDevice, type Device, type Interface } from '../../src/index.js';
import { encodeLink, type Link } from '../../src/index.js';
import { OPTIONS, parseCommandLine, topLevelHelp } from '../../src/cli/args.js';
import { buildSampleLedger, sampleKeypair } from '../helpers/sampleLedger.js';
import { RpcTestServer } from '../helpers/rpcServer.js';
import { dzprov, ensureBuilt, oneLineError, type RunResult } from './harness.js';

// ---------------------------------------------------------------------------------------------
// The node: the sample ledger, plus a transit device with a user tunnel endpoint and flex-algo
// segments, a topology, and a link in it (what the sample ledger does not have).

const ledger = buildSampleLedger();
const PROGRAM = ledger.programId;
const foundation = sampleKeypair('foundation');
const addr = (name: string) => ledger.addresses.get(name)!;
const TOPOLOGY = getTopologyPda(PROGRAM, 'unicast-default')[0];

const sin1 = ledger.values.devices.find((d) => d.code === 'sin-dz1')!;
const EXTRA_DEVICE_PK = getDevicePda(PROGRAM, 900)[0];
const extraIface = (name: string, o: Partial<Interface>): Interface => ({
  size: 45 + name.length + 34 * (o.flexAlgoNodeSegments?.length ?? 0),
  version: 4,
  status: InterfaceStatus.Activated,
  name,
  interfaceType: InterfaceType.Physical,
  interfaceCyoa: 0,
  interfaceDia: 0,
  loopbackType: LoopbackType.None,
  bandwidth: 0n,
  cir: 0n,
  mtu: 9000,
  routingMode: 0,
  vlanId: 0,
  ipNet: '0.0.0.0/0',
  nodeSegmentIdx: 0,
  userTunnelEndpoint: false,
  flexAlgoNodeSegments: [],
  ...o,
});
const EXTRA_DEVICE: Device = {
  ...sin1,
  index: 900n,
  bumpSeed: getDevicePda(PROGRAM, 900)[1],
  code: 'sin-dz3',
  deviceType: DeviceType.Transit,
  status: DeviceStatus.Activated,
  deviceHealth: DeviceHealth.ReadyForUsers,
  desiredStatus: DeviceDesiredStatus.Activated,
  publicIp: '45.77.113.99',
  dzPrefixes: ['46.51.101.0/29', '46.51.102.0/29'],
  interfaces: [
    extraIface('Loopback255', { interfaceType: InterfaceType.Loopback, loopbackType: LoopbackType.Vpnv4, ipNet: '172.16.255.99/32', nodeSegmentIdx: 199, flexAlgoNodeSegments: [{ topology: TOPOLOGY, nodeSegmentIdx: 7 }] }),
    extraIface('Ethernet9', { ipNet: '100.0.0.1/29', bandwidth: 1_500_000n, cir: 1_125n, userTunnelEndpoint: true }),
  ],
};
const lax1Pk = addr('device:lax-dz1');
const EXTRA_LINK_PK = getLinkPda(PROGRAM, 901)[0];
const EXTRA_LINK: Link = {
  ...ledger.values.links.find((l) => l.code === 'ams-fra-1')!,
  index: 901n,
  bumpSeed: getLinkPda(PROGRAM, 901)[1],
  code: 'sin-lax-9',
  sideAPk: EXTRA_DEVICE_PK,
  sideZPk: lax1Pk,
  sideAIfaceName: 'Ethernet9',
  sideZIfaceName: 'Ethernet5',
  linkType: LinkLinkType.WAN,
  bandwidth: 1_500_000_000n,
  delayNs: 1_125_000n,
  jitterNs: 20_000n,
  delayOverrideNs: 0n,
  status: LinkStatus.Activated,
  linkHealth: LinkHealth.ReadyForService,
  desiredStatus: LinkDesiredStatus.Activated,
  linkFlags: 1,
  linkTopologies: [TOPOLOGY],
};

/** A TopologyInfo account: type 17, owner, bump, name (u32 length + UTF-8), bit, algo, constraint, reference count. */
function topologyBytes(name: string): Uint8Array {
  const n = Buffer.from(name);
  return Uint8Array.from([AccountType.Topology, ...foundation.publicKey.toBytes(), 254, n.length, 0, 0, 0, ...n, 1, 129, 0, 1, 0, 0, 0]);
}

const devices = [...ledger.values.devices.map((d) => ({ pk: ledger.addresses.get(`device:${d.code}`)!, d })), { pk: EXTRA_DEVICE_PK, d: EXTRA_DEVICE }];
const links = [...ledger.values.links.map((l) => ({ pk: ledger.addresses.get(`link:${l.code}`)!, l })), { pk: EXTRA_LINK_PK, l: EXTRA_LINK }];

let server: RpcTestServer;
beforeAll(async () => {
  ensureBuilt();
  server = await new RpcTestServer().listen();
  for (const r of ledger.records) server.setAccount(r.pubkey, { owner: r.owner, data: r.data, lamports: r.lamports });
  server.setAccount(EXTRA_DEVICE_PK, { owner: PROGRAM, data: encodeDevice(EXTRA_DEVICE) });
  server.setAccount(EXTRA_LINK_PK, { owner: PROGRAM, data: encodeLink(EXTRA_LINK) });
  server.setAccount(TOPOLOGY, { owner: PROGRAM, data: topologyBytes('UNICAST-DEFAULT') });
});
afterAll(async () => {
  await server?.close();
});

const node = () => ['--url', server.url, '-e', 'local'];
const as = ['--as', foundation.publicKey.toBase58()];
const run = (args: string[], env: Record<string, string> = {}) => dzprov([...args, ...node()], { env });
async function json<T = Record<string, unknown>[]>(args: string[]): Promise<T> {
  const r = await run([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}
const codes = (rows: { code?: unknown }[]) => rows.map((r) => r.code as string).sort();
/** The error line (the last on stderr; the ledger note comes before it). */
const errorLine = (r: RunResult) => r.stderr.trim().split('\n').at(-1)!;

/** The memcmp filters (offset, hex) of each listing of `type` the node received since the last reset. */
function listingFilters(type: AccountType): { offset: number; hex: string }[][] {
  return server
    .calls('getProgramAccounts')
    .map((c) => ((c.params as unknown[])[1] as { filters: { memcmp: { offset: number; bytes: string; encoding?: string } }[] }).filters)
    .filter((fs) => fs[0]?.memcmp.offset === 0 && bs58.decode(fs[0].memcmp.bytes)[0] === type && fs[0].memcmp.bytes.length <= 2)
    .map((fs) =>
      fs.slice(1).map((f) => ({
        offset: f.memcmp.offset,
        hex: Buffer.from(f.memcmp.encoding === 'base64' ? Buffer.from(f.memcmp.bytes, 'base64') : bs58.decode(f.memcmp.bytes)).toString('hex'),
      })),
    );
}
const hex = (...parts: (PublicKey | number)[]) => Buffer.concat(parts.map((p) => (p instanceof PublicKey ? p.toBuffer() : Buffer.from([p])))).toString('hex');

// ---------------------------------------------------------------------------------------------
// Upstream's flags, written here from smartcontract/cli/src/{device,link}/**/*.rs and
// client/doublezero/src/main.rs (commit 5f9fe325): [long, short, takes a value].

type Flag = readonly [long: string, short: string | null, value: boolean];
const UPSTREAM_FLAGS: Readonly<Record<string, readonly Flag[]>> = {
  'device list': [
    ['contributor', 'c', true],
    ['exchange', null, true],
    ['location', null, true],
    ['device-type', null, true],
    ['status', null, true],
    ['health', null, true],
    ['desired-status', null, true],
    ['code', null, true],
    ['json', null, false],
    ['json-compact', null, false],
    ['narrow', null, false],
  ],
  'link list': [
    ['contributor', 'c', true],
    ['side-a', null, true],
    ['side-z', null, true],
    ['link-type', null, true],
    ['status', null, true],
    ['health', null, true],
    ['desired-status', null, true],
    ['code', null, true],
    ['topology', null, true],
    ['wan', null, false],
    ['dzx', null, false],
    ['json', null, false],
    ['json-compact', null, false],
    ['narrow', null, false],
  ],
  'device interface list': [
    ['json', null, false],
    ['json-compact', null, false],
  ],
  'device get': [
    ['code', null, true],
    ['json', null, false],
  ],
  'link get': [
    ['code', null, true],
    ['json', null, false],
  ],
  'device interface get': [['json', null, false]],
};
/** The `doublezero` binary's global flags dzprov takes (same meaning). */
const UPSTREAM_GLOBAL_FLAGS: readonly Flag[] = [
  ['env', 'e', true],
  ['url', null, true],
  ['ws', null, true],
  ['program-id', null, true],
  ['keypair', null, true],
];
/** Its global flags dzprov does not take, and why. */
const UPSTREAM_GLOBAL_FLAGS_NOT_TAKEN: Readonly<Record<string, string>> = {
  'solana-url': 'dzprov never reads Solana L1',
  'geo-program-id': 'the geolocation program is not dzprov\'s',
  'sock-file': 'dzprov does not talk to doublezerod',
  'no-version-warning': 'dzprov does not check the program version',
  'log-level': 'DZPROV_DEBUG=1 gives stack traces',
};

describe('every upstream flag, against dzprov\'s', () => {
  const opts = OPTIONS as Record<string, { type: string; short?: string; value?: string }>;
  const cases = Object.entries(UPSTREAM_FLAGS).flatMap(([command, flags]) => flags.map((f) => [command, ...f] as const));

  it.each(cases)('%s --%s (short %s, takes a value: %s)', (command, long, short, value) => {
    // Given upstream's flag, dzprov has it with the same short form and the same kind
    const def = opts[long];
    expect(def, `dzprov has no --${long}`).toBeDefined();
    expect(def!.short ?? null).toBe(short);
    expect(def!.type).toBe(value ? 'string' : 'boolean');
    // And the command takes it (with a value of the right kind where it needs one)
    const args = [...command.split(' ')];
    if (command === 'device interface get') args.push('ams-dz1', 'Ethernet1');
    if ((command === 'device get' || command === 'link get') && long !== 'code') args.push('--code', 'x');
    const sample: Record<string, string> = { 'device-type': 'hybrid', status: 'activated', health: 'impaired', 'desired-status': 'activated', 'link-type': 'WAN' };
    const argv = [...args, `--${long}`, ...(value ? [sample[long] ?? 'x'] : [])];
    expect(parseCommandLine(argv).command?.name).toBe(command);
    if (short) expect(parseCommandLine([...args, `-${short}`, 'x']).options.filters.contributor).toBe('x');
  });

  it.each(UPSTREAM_GLOBAL_FLAGS)('global --%s (short %s) applies to every command', (long, short, value) => {
    const def = opts[long]!;
    expect(def.type).toBe(value ? 'string' : 'boolean');
    if (short) expect(def.short).toBe(short);
    for (const c of ['device list', 'link get', 'devices', 'drain-device', 'watch', 'config get']) {
      expect((OPTIONS as Record<string, { for: unknown }>)[long]!.for, `${long} for ${c}`).toBe('all');
    }
  });

  it.each(Object.entries(UPSTREAM_GLOBAL_FLAGS_NOT_TAKEN))('global --%s is not taken (%s): an unknown option, exit 2', async (long) => {
    const r = await dzprov(['device', 'list', `--${long}`, 'x']);
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toMatch(new RegExp(`^dzprov: error: unknown option --${long}`));
  });
});

// ---------------------------------------------------------------------------------------------
// Filters: the rows, and what the node was asked

describe('device list filters', () => {
  const sel = (p: (d: Device) => boolean) => devices.filter((x) => p(x.d)).map((x) => x.d.code).sort();
  const ams = ledger.values.locations.find((l) => l.code === 'ams')!;
  const amsPk = addr('location:ams');
  const xamsPk = addr('exchange:xams');
  const acmePk = addr('contributor:acme');

  it.each([
    ['--location ams (code)', ['--location', 'ams'], (d: Device) => d.locationPk.equals(amsPk), [{ offset: 50, hex: hex(amsPk) }]],
    ['--location <address>', ['--location', amsPk.toBase58()], (d: Device) => d.locationPk.equals(amsPk), [{ offset: 50, hex: hex(amsPk) }]],
    ['--exchange xams', ['--exchange', 'xams'], (d: Device) => d.exchangePk.equals(xamsPk), [{ offset: 82, hex: hex(xamsPk) }]],
    ['--device-type transit', ['--device-type', 'transit'], (d: Device) => d.deviceType === DeviceType.Transit, [{ offset: 114, hex: hex(DeviceType.Transit) }]],
    ['--status drained', ['--status', 'drained'], (d: Device) => d.status === DeviceStatus.Drained, [{ offset: 119, hex: hex(DeviceStatus.Drained) }]],
    ['--status pending (the program\'s FromStr spelling)', ['--status', 'pending'], (d: Device) => d.status === DeviceStatus.PendingDeprecated, [{ offset: 119, hex: hex(0) }]],
    ['--contributor acme (here: contributor_pk follows the code)', ['--contributor', 'acme'], (d: Device) => d.contributorPk.equals(acmePk), []],
    ['-c globex', ['-c', 'globex'], (d: Device) => !d.contributorPk.equals(acmePk), []],
    ['--health impaired (a trailing field: here)', ['--health', 'impaired'], (d: Device) => d.deviceHealth === DeviceHealth.Impaired, []],
    ['--desired-status drained', ['--desired-status', 'drained'], (d: Device) => d.desiredStatus === DeviceDesiredStatus.Drained, []],
    ['--code dz1 (a substring, as upstream)', ['--code', 'dz1'], (d: Device) => d.code.includes('dz1'), []],
    [
      'all four node filters: location, exchange and type joined into one memcmp (the node takes 4 filters)',
      ['--location', 'ams', '--exchange', 'xams', '--device-type', 'hybrid', '--status', 'activated', '--health', 'ready-for-users'],
      (d: Device) => d.locationPk.equals(amsPk) && d.deviceType === DeviceType.Hybrid && d.status === DeviceStatus.Activated && d.deviceHealth === DeviceHealth.ReadyForUsers,
      [
        { offset: 50, hex: hex(amsPk, xamsPk, DeviceType.Hybrid) },
        { offset: 119, hex: hex(DeviceStatus.Activated) },
      ],
    ],
  ] as const)('%s', async (_name, flags, want, memcmps) => {
    // Given the node's request log cleared
    server.resetRecords();
    // When listing with the filter
    const rows = await json([...['device', 'list'], ...flags]);
    // Then the rows are the matching devices
    expect(codes(rows)).toEqual(sel(want));
    // And the device listing carried exactly these memcmp filters (after the account type)
    expect(listingFilters(AccountType.Device)).toEqual([memcmps]);
    expect(ams.code).toBe('ams');
  });

  it('a contributor, location or exchange that is not on the chain is named (exit 1)', async () => {
    const r = await run(['device', 'list', '--location', 'mars']);
    expect(r.code).toBe(1);
    expect(errorLine(r)).toBe('dzprov: error: unknown location "mars" (--location takes a location\'s code or address)');
    const c = await run(['device', 'list', '-c', 'ACME']);
    expect(errorLine(c)).toBe('dzprov: error: unknown contributor "ACME" (did you mean "acme"?)');
  });
});

describe('link list filters', () => {
  const sel = (p: (l: Link) => boolean) => links.filter((x) => p(x.l)).map((x) => x.l.code).sort();
  const ams1 = addr('device:ams-dz1');
  const fra1 = addr('device:fra-dz1');

  it.each([
    ['--side-a ams-dz1', ['--side-a', 'ams-dz1'], (l: Link) => l.sideAPk.equals(ams1), [{ offset: 50, hex: hex(ams1) }]],
    ['--side-z fra-dz1', ['--side-z', fra1.toBase58()], (l: Link) => l.sideZPk.equals(fra1), [{ offset: 82, hex: hex(fra1) }]],
    ['--link-type DZX', ['--link-type', 'DZX'], (l: Link) => l.linkType === LinkLinkType.DZX, [{ offset: 114, hex: hex(LinkLinkType.DZX) }]],
    ['--wan', ['--wan'], (l: Link) => l.linkType === LinkLinkType.WAN, [{ offset: 114, hex: hex(LinkLinkType.WAN) }]],
    ['--dzx', ['--dzx'], (l: Link) => l.linkType === LinkLinkType.DZX, [{ offset: 114, hex: hex(LinkLinkType.DZX) }]],
    ['--status soft-drained', ['--status', 'soft-drained'], (l: Link) => l.status === LinkStatus.SoftDrained, [{ offset: 150, hex: hex(LinkStatus.SoftDrained) }]],
    ['-c globex', ['-c', 'globex'], (l: Link) => l.contributorPk.equals(addr('contributor:globex')), []],
    ['--health impaired', ['--health', 'impaired'], (l: Link) => l.linkHealth === LinkHealth.Impaired, []],
    ['--desired-status hard-drained', ['--desired-status', 'hard-drained'], (l: Link) => l.desiredStatus === LinkDesiredStatus.HardDrained, []],
    ['--code fra', ['--code', 'fra'], (l: Link) => l.code.includes('fra'), []],
    ['--topology unicast-default (upper-cased, as upstream)', ['--topology', 'unicast-default'], (l: Link) => l.linkTopologies.some((t) => t.equals(TOPOLOGY)), []],
    ['--topology default: links in no topology', ['--topology', 'default'], (l: Link) => l.linkTopologies.length === 0, []],
    [
      'side A, side Z and type joined into one memcmp, with the status',
      ['--side-a', 'ams-dz1', '--side-z', 'fra-dz1', '--link-type', 'WAN', '--status', 'activated'],
      (l: Link) => l.sideAPk.equals(ams1) && l.sideZPk.equals(fra1) && l.linkType === LinkLinkType.WAN && l.status === LinkStatus.Activated,
      [
        { offset: 50, hex: hex(ams1, fra1, LinkLinkType.WAN) },
        { offset: 150, hex: hex(LinkStatus.Activated) },
      ],
    ],
  ] as const)('%s', async (_name, flags, want, memcmps) => {
    server.resetRecords();
    const rows = await json([...['link', 'list'], ...flags]);
    expect(codes(rows)).toEqual(sel(want));
    expect(listingFilters(AccountType.Link)).toEqual([memcmps]);
  });
});

describe('bad filter values: a usage error naming the flag, exit 2, nothing sent', () => {
  it.each([
    [['device', 'list', '--status', 'up'], '--status "up" is not a device status (pending, activated, deleting, rejected, drained, device-provisioning, link-provisioning)'],
    [['device', 'list', '--health', 'fine'], '--health "fine" is not a device health (unknown, pending, ready-for-links, ready-for-users, impaired)'],
    [['device', 'list', '--desired-status', 'soft-drained'], '--desired-status "soft-drained" is not a device desired status (pending, activated, drained)'],
    [['device', 'list', '--device-type', 'router'], '--device-type "router" is not a device type (hybrid, transit, edge)'],
    [['link', 'list', '--link-type', 'wan'], '--link-type "wan" is not a link type (WAN, DZX (upper case, as the program spells them))'],
    [['link', 'list', '--status', 'drained'], '--status "drained" is not a link status (pending, activated, deleting, rejected, requested, hard-drained, soft-drained, provisioning)'],
    [['link', 'list', '--wan', '--dzx'], 'link list: --wan and --dzx exclude each other'],
    [['link', 'list', '--link-type', 'WAN', '--dzx'], 'link list: --link-type and --dzx both choose the type: give one'],
    [['device', 'list', '--side-a', 'x'], 'option --side-a does not apply to device list'],
    [['device', 'list', '--code', ' '], 'option --code needs a non-empty value'],
    [['device', 'get'], 'device get: missing --code <code|pubkey>'],
    [['device', 'get', 'a', '--code', 'b'], 'device get: give the code once (--code or the argument)'],
    // a unit without a number
    [['device', 'list', '--timeout', 's'], '--timeout "s" is not a positive number of seconds (a number, no unit: --timeout 30)'],
    [['device', 'list', '--timeout', '30s'], '--timeout "30s" is not a positive number of seconds (a number, no unit: --timeout 30)'],
    [['device', 'list', '-e', 'mainnet'], 'unknown environment "mainnet" for -e (expected mainnet-beta or m, testnet or t, devnet or d, local or l)'],
    [['device', 'list', '--program-id', 'moon'], 'invalid --program-id "moon": expected a base58 public key or an environment (mainnet-beta/m, testnet/t, devnet/d, local/l)'],
  ])('%j', async (args, message) => {
    server.resetRecords();
    const r = await dzprov([...args, '--url', server.url]);
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toMatch(new RegExp(`^dzprov: error: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(server.requests).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------
// JSON fields and value formats

/** Upstream's JSON keys in order (serde of DeviceDisplay, LinkDisplay, ...), and dzprov's after them. */
const KEYS = {
  deviceList: {
    upstream: ['account', 'code', 'bump_seed', 'location_pk', 'contributor_code', 'location_code', 'location_name', 'exchange_pk', 'exchange_code', 'exchange_name', 'device_type', 'public_ip', 'dz_prefixes', 'cyoa_ips', 'users', 'max_users', 'unicast_users_count', 'max_unicast_users', 'multicast_subscribers_count', 'max_multicast_subscribers', 'multicast_publishers_count', 'max_multicast_publishers', 'status', 'health', 'desired_status', 'mgmt_vrf', 'metrics_publisher_pk', 'reference_count', 'owner'],
    dzprov: ['contributor_pk', 'device_type_label', 'status_label', 'health_label', 'desired_status_label', 'reserved_seats', 'roles', 'next_actions', 'reconciler_next'],
  },
  deviceGet: {
    upstream: ['account', 'code', 'contributor_pk', 'contributor', 'location_pk', 'location', 'exchange_pk', 'exchange', 'device_type', 'public_ip', 'dz_prefixes', 'cyoa_ips', 'metrics_publisher', 'mgmt_vrf', 'interfaces', 'max_users', 'users_count', 'reference_count', 'max_unicast_users', 'unicast_users_count', 'max_multicast_subscribers', 'multicast_subscribers_count', 'max_multicast_publishers', 'multicast_publishers_count', 'reserved_seats', 'desired_status', 'status', 'health', 'owner'],
    dzprov: ['roles', 'next_actions', 'reconciler_next'],
  },
  deviceGetInterface: {
    upstream: ['name', 'status', 'interface_type', 'cyoa', 'dia', 'loopback', 'ip_net', 'vlan_id', 'bandwidth', 'bandwidth_bps', 'cir', 'cir_bps', 'mtu', 'routing', 'seg_idx', 'tunnel_endpoint'],
    dzprov: [],
  },
  interfaceList: {
    upstream: ['device', 'name', 'interface_type', 'loopback_type', 'interface_cyoa', 'interface_dia', 'bandwidth', 'cir', 'mtu', 'routing_mode', 'vlan_id', 'ip_net', 'node_segment_idx', 'user_tunnel_endpoint', 'status'],
    dzprov: ['device_pk'],
  },
  interfaceGet: {
    upstream: ['name', 'status', 'loopback_type', 'interface_cyoa', 'bandwidth', 'cir', 'mtu', 'routing_mode', 'vlan_id', 'ip_net', 'node_segment_idx', 'user_tunnel_endpoint', 'flex_algo_node_segments', 'device_pk'],
    dzprov: ['device', 'interface_type', 'interface_dia'],
  },
  linkList: {
    upstream: ['account', 'code', 'contributor_code', 'side_a_pk', 'side_a_name', 'side_a_iface_name', 'side_z_pk', 'side_z_name', 'side_z_iface_name', 'link_type', 'bandwidth', 'mtu', 'delay_ns', 'jitter_ns', 'delay_override_ns', 'tunnel_id', 'tunnel_net', 'desired_status', 'status', 'health', 'owner', 'link_topologies', 'unicast_drained'],
    dzprov: ['contributor_pk', 'link_type_label', 'status_label', 'health_label', 'desired_status_label', 'roles', 'next_actions', 'reconciler_next'],
  },
  linkGet: {
    upstream: ['account', 'code', 'contributor_pk', 'contributor', 'side_a_pk', 'side_a', 'side_a_iface_name', 'side_z_pk', 'side_z', 'side_z_iface_name', 'tunnel_type', 'bandwidth', 'mtu', 'delay', 'jitter', 'delay_override', 'tunnel_id', 'tunnel_net', 'desired_status', 'status', 'health', 'owner', 'link_topologies', 'unicast_drained'],
    dzprov: ['roles', 'next_actions', 'reconciler_next'],
  },
} as const;

describe('JSON: upstream\'s field names and value formats first, dzprov\'s fields after', () => {
  it('device list', async () => {
    const rows = await json(['device', 'list', ...as]);
    for (const r of rows) expect(Object.keys(r)).toEqual([...KEYS.deviceList.upstream, ...KEYS.deviceList.dzprov]);
    const ams = rows.find((r) => r.code === 'ams-dz1')!;
    const extra = rows.find((r) => r.code === 'sin-dz3')!;
    // Enums as serde writes them (the Rust variant), keys as base58, prefixes joined by ", "
    expect(ams).toMatchObject({ account: addr('device:ams-dz1').toBase58(), device_type: 'Hybrid', status: 'Activated', health: 'ReadyForUsers', desired_status: 'Activated', contributor_code: 'acme', location_code: 'ams', location_name: 'Amsterdam', exchange_code: 'xams', cyoa_ips: [], users: 12 });
    expect(extra).toMatchObject({ device_type: 'Transit', dz_prefixes: '46.51.101.0/29, 46.51.102.0/29', cyoa_ips: ['100.0.0.1/29'], public_ip: '45.77.113.99' });
    expect(rows.find((r) => r.code === 'ams-dz0')).toMatchObject({ status: 'PendingDeprecated', status_label: 'pending (deprecated)', health: 'Unknown' });
    // dzprov's: labels, roles and the legal next actions for --as
    expect(ams).toMatchObject({ status_label: 'activated', health_label: 'ready-for-users', roles: ['networkAdmin'], next_actions: ['drain-device'], reconciler_next: null });
    // Upstream's order: by exchange name, then code
    const order = rows.map((r) => `${r.exchange_name as string}\u0000${r.code as string}`);
    expect(order).toEqual([...order].sort());
  });

  it('device get (--code, or the argument) and its interfaces', async () => {
    const got = await json<Record<string, unknown>>(['device', 'get', '--code', 'sin-dz3']);
    expect(Object.keys(got)).toEqual([...KEYS.deviceGet.upstream, ...KEYS.deviceGet.dzprov]);
    // Display labels here (upstream's get prints them), codes of the related accounts
    expect(got).toMatchObject({ code: 'sin-dz3', device_type: 'transit', status: 'activated', health: 'ready-for-users', contributor: 'acme', location: 'sin', exchange: 'xsin' });
    const ifaces = got.interfaces as Record<string, unknown>[];
    for (const i of ifaces) expect(Object.keys(i)).toEqual([...KEYS.deviceGetInterface.upstream]);
    expect(ifaces[1]).toEqual({ name: 'Ethernet9', status: 'activated', interface_type: 'physical', cyoa: 'none', dia: 'none', loopback: 'none', ip_net: '100.0.0.1/29', vlan_id: 0, bandwidth: '1.50Mbps', bandwidth_bps: 1500000, cir: '1.12Kbps', cir_bps: 1125, mtu: 9000, routing: 'static', seg_idx: 0, tunnel_endpoint: true });
    const byArg = await json<Record<string, unknown>>(['device', 'get', 'sin-dz3']);
    expect(byArg).toEqual(got);
  });

  it('device interface list (one device, and every device) and get', async () => {
    const one = await json(['device', 'interface', 'list', 'sin-dz3']);
    for (const r of one) expect(Object.keys(r)).toEqual([...KEYS.interfaceList.upstream, ...KEYS.interfaceList.dzprov]);
    expect(one[1]).toMatchObject({ device: 'sin-dz3', name: 'Ethernet9', interface_type: 'Physical', loopback_type: 'None', interface_cyoa: 'None', interface_dia: 'None', bandwidth: 1500000, cir: 1125, routing_mode: 'Static', user_tunnel_endpoint: true, status: 'activated' });
    expect(one[0]).toMatchObject({ interface_type: 'Loopback', loopback_type: 'Vpnv4', node_segment_idx: 199 });
    const all = await json(['device', 'interface', 'list']);
    expect(all.length).toBe(devices.reduce((n, x) => n + x.d.interfaces.length, 0));
    const get = await json<Record<string, unknown>>(['device', 'interface', 'get', 'sin-dz3', 'loopback255']);
    expect(Object.keys(get)).toEqual([...KEYS.interfaceGet.upstream, ...KEYS.interfaceGet.dzprov]);
    // Flex-algo segments by topology name, as upstream; the name is matched ignoring case
    expect(get).toMatchObject({ name: 'Loopback255', loopback_type: 'vpnv4', bandwidth: 0, flex_algo_node_segments: 'UNICAST-DEFAULT:7', device_pk: EXTRA_DEVICE_PK.toBase58() });
  });

  it('link list', async () => {
    const rows = await json(['link', 'list', ...as]);
    for (const r of rows) expect(Object.keys(r)).toEqual([...KEYS.linkList.upstream, ...KEYS.linkList.dzprov]);
    const extra = rows.find((r) => r.code === 'sin-lax-9')!;
    // Bandwidth and delays as numbers (u64 in bps and ns), enums as variants, topologies by name
    expect(extra).toMatchObject({ link_type: 'WAN', bandwidth: 1500000000, delay_ns: 1125000, jitter_ns: 20000, delay_override_ns: 0, status: 'Activated', health: 'ReadyForService', desired_status: 'Activated', side_a_name: 'sin-dz3', side_z_name: 'lax-dz1', link_topologies: 'UNICAST-DEFAULT', unicast_drained: true });
    expect(rows.find((r) => r.code === 'fra-lon-1')).toMatchObject({ link_type: 'DZX', link_topologies: 'default', unicast_drained: false, desired_status: 'HardDrained', desired_status_label: 'hard-drained' });
    // Upstream's order: side A's name, side Z's name, code
    const order = rows.map((r) => `${r.side_a_name as string}\u0000${r.side_z_name as string}\u0000${r.code as string}`);
    expect(order).toEqual([...order].sort());
  });

  it('link get: delays as upstream writes them ("1.125ms"), the type as tunnel_type', async () => {
    const got = await json<Record<string, unknown>>(['link', 'get', '--code', 'sin-lax-9']);
    expect(Object.keys(got)).toEqual([...KEYS.linkGet.upstream, ...KEYS.linkGet.dzprov]);
    expect(got).toMatchObject({ tunnel_type: 'WAN', bandwidth: 1500000000, delay: '1.125ms', jitter: '0.02ms', delay_override: '0ms', side_a: 'sin-dz3', side_z: 'lax-dz1', status: 'activated', health: 'ready-for-service', link_topologies: 'UNICAST-DEFAULT', unicast_drained: true });
  });

  it('--json-compact: the same JSON on one line', async () => {
    const pretty = await run(['link', 'get', '--code', 'ams-fra-1', '--json']);
    const compact = await run(['link', 'get', '--code', 'ams-fra-1', '--json-compact']);
    expect(compact.lines).toHaveLength(1);
    expect(JSON.parse(compact.stdout)).toEqual(JSON.parse(pretty.stdout));
  });
});

describe('the scripts operators already run work unchanged', () => {
  it('device list --code <code> --json | jq -r ".[0].account"', async () => {
    const r = await run(['device', 'list', '--code', 'lon-dz1', '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { account: string }[])[0]!.account).toBe(addr('device:lon-dz1').toBase58());
  });

  it('device get --code <code>: " field | value" lines, then the interface table', async () => {
    const r = await run(['device', 'get', '--code', 'ams-dz1']);
    expect(r.code).toBe(0);
    const field = (name: string) => r.lines.find((l) => new RegExp(`^ ${name} +\\| `).test(l))?.replace(/^ \S+ +\| /, '');
    expect([field('account'), field('code'), field('status'), field('health'), field('contributor')]).toEqual([addr('device:ams-dz1').toBase58(), 'ams-dz1', 'activated', 'ready-for-users', 'acme']);
    expect(r.lines).toContain(' name        | status    | interface_type | cyoa | dia  | loopback | ip_net          | vlan_id | bandwidth | cir  | mtu  | routing | seg_idx | tunnel_endpoint ');
    // Notes go to stderr: stdout is what a script parses
    expect(r.stdout).not.toContain('dzprov:');
  });

  it('link get --code <code> --json', async () => {
    const got = await json<{ account: string; code: string }>(['link', 'get', '--code', 'ams-fra-1']);
    expect([got.account, got.code]).toEqual([addr('link:ams-fra-1').toBase58(), 'ams-fra-1']);
  });

  it('an unknown code is one line (exit 1)', async () => {
    const r = await run(['link', 'get', '--code', 'nope-1']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(2); // the ledger line, then the error
    expect(errorLine(r)).toBe('dzprov: error: unknown link "nope-1" (run "dzprov link list" for the list)');
  });
});

describe('tables: upstream\'s columns (and narrow columns), dzprov\'s after them', () => {
  const header = (r: RunResult) => r.lines[0]!.split('|').map((h) => h.trim());

  it.each([
    [['device', 'list'], ['account', 'code', 'contributor', 'location', 'exchange', 'device_type', 'public_ip', 'dz_prefixes', 'cyoa_ips', 'users', 'max_users', 'status', 'health', 'mgmt_vrf', 'owner', 'desired_status', 'next_actions']],
    [['device', 'list', '--narrow'], ['account', 'code', 'contributor', 'location', 'exchange', 'device_type', 'public_ip', 'cyoa_ips', 'users', 'max_users', 'status', 'health']],
    [['link', 'list'], ['account', 'code', 'contributor', 'side_a_name', 'side_a_iface_name', 'side_z_name', 'side_z_iface_name', 'link_type', 'bandwidth', 'mtu', 'delay_ms', 'jitter_ms', 'delay_override_ms', 'tunnel_id', 'tunnel_net', 'status', 'health', 'owner', 'link_topologies', 'unicast_drained', 'desired_status', 'next_actions']],
    [['link', 'list', '--narrow'], ['account', 'code', 'contributor', 'side_a_iface_name', 'side_z_iface_name', 'link_type', 'bandwidth', 'delay_ms', 'jtr_ms', 'dly_ovrd_ms', 'tnl_id', 'status', 'health', 'topos', 'unicast_drained']],
    [['device', 'interface', 'list'], ['device', 'name', 'interface_type', 'loopback_type', 'interface_cyoa', 'interface_dia', 'bandwidth', 'cir', 'mtu', 'routing_mode', 'vlan_id', 'ip_net', 'node_segment_idx', 'user_tunnel_endpoint', 'status']],
  ])('%j', async (args, columns) => {
    const r = await run(args);
    expect(r.code).toBe(0);
    expect(header(r)).toEqual(columns);
    // One line per row, every line the same width, never wrapped (awk -F'|' and cut keep working)
    const widths = new Set(r.lines.map((l) => [...l].length));
    expect(widths.size).toBe(1);
  });

  it('link list --narrow abbreviates as upstream: short account, sft_drain / hrd_drain, ready, topology names', async () => {
    const r = await run(['link', 'list', '--narrow']);
    const row = (code: string) => r.lines.find((l) => l.includes(` ${code} `))!.split('|').map((c) => c.trim());
    expect(row('sin-lax-9')).toEqual([`${EXTRA_LINK_PK.toBase58().slice(0, 10)}..`, 'sin-lax-9', 'acme', 'Ethernet9', 'Ethernet5', 'WAN', '1Gbps', '1.12ms', '0.02ms', '0.00ms', String(EXTRA_LINK.tunnelId), 'activated', 'ready', 'UNICAST-DEFAULT', 'true']);
    expect(row('ams-chi-1')[11]).toBe('sft_drain');
    expect(row('fra-chi-1')[11]).toBe('hrd_drain');
  });
});

describe('the doublezero write commands: a clear "not yet supported" (exit 2), never "unknown command"', () => {
  it.each([
    ['config set', ['--env', 'testnet'], 'meanwhile: dzprov reads the doublezero config file and never writes it'],
  ])('%s %j', async (name, rest, hint) => {
    server.resetRecords();
    const r = await dzprov([...name.split(' '), ...rest]);
    expect(r.code).toBe(2);
    const line = oneLineError(r);
    expect(line).toMatch(new RegExp(`^dzprov: error: "doublezero ${name}" is not yet supported by dzprov`));
    if (hint) expect(line).toContain(hint);
    expect(line).not.toMatch(/unknown (command|option)/);
    expect(server.requests).toHaveLength(0);
  });

  it('a bare group names its subcommands; help lists the doublezero commands and what is not yet supported', async () => {
    const r = await dzprov(['link']);
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toMatch(/^dzprov: error: link needs a subcommand: list, get, create wan, create dzx, accept, update, delete/);
    const help = topLevelHelp();
    expect(help).toMatch(/^ {2}device list +list devices/m);
    expect(help).toMatch(/^ {2}-e, --env <env> +DoubleZero environment/m);
    expect(help.replace(/\s+/g, ' ')).toContain('Not yet supported (usage error, exit code 2): device set-health');
    expect((await dzprov(['device', '--help'])).stdout).toMatch(/^Usage: dzprov device <list, get, create, update, delete, interface/);
  });
});

// ---------------------------------------------------------------------------------------------
// Every command on a node without the program

describe('a node where the program is not deployed: one clear error in every command (exit 2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dzprov-op-'));
  const updates = join(dir, 'updates.txt');
  writeFileSync(updates, 'ams-dz1 impaired\n');
  const devnet = PROGRAM_IDS.devnet.toBase58();

  it.each([
    [['devices']],
    [['links']],
    [['show', 'ams-dz1']],
    [['next']],
    [['plan', 'drain-device', 'ams-dz1']],
    [['drain-device', 'ams-dz1', ...as]],
    [['set-health', updates, ...as]],
    [['watch', '--timeout', '10']],
    [['device', 'list']],
    [['device', 'get', '--code', 'ams-dz1']],
    [['device', 'interface', 'list']],
    [['device', 'interface', 'get', 'ams-dz1', 'Ethernet1']],
    [['link', 'list']],
    [['link', 'get', '--code', 'ams-fra-1']],
  ])('%j', async (args) => {
    // Given devnet's program id on a node that holds only the local program
    const r = await dzprov([...args, '--url', server.url, '-e', 'devnet', '--json']);
    // Then the command stops with ProgramNotDeployedError, whatever it is
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr.trim().split('\n').at(-1)!)).toEqual({
      error: 'ProgramNotDeployedError',
      code: 'PROGRAM_NOT_DEPLOYED',
      message: `the serviceability program ${devnet} does not exist on the node ${server.url}: it is not deployed there, so this node belongs to another chain or environment (the program lives on the DoubleZero ledger, not on Solana's clusters), or the program id is wrong`,
      exitCode: 2,
      programId: devnet,
      rpcUrl: server.url,
      reason: 'missing',
    });
  });
});

describe('environments in the CLI', () => {
  it('-e local with DZ_LEDGER_RPC_URL reads that node, the WebSocket URL following it', async () => {
    const r = await dzprov(['device', 'list', '-e', 'l', '--json'], { env: { DZ_LEDGER_RPC_URL: server.url } });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as unknown[]).length).toBe(devices.length);
    expect(r.stderr).toContain(`dzprov: ${server.url} · local · program ${PROGRAM.toBase58()}`);
    const cfg = JSON.parse((await dzprov(['config', 'get', '-e', 'l', '--json'], { env: { DZ_LEDGER_RPC_URL: server.url } })).stdout);
    expect(cfg.wsUrl).toEqual({ value: server.url.replace('http://', 'ws://'), source: 'derived', from: 'derived from the RPC URL (DZ_LEDGER_RPC_URL)' });
  });

  it('watch takes the WebSocket URL derived from --url (same host and port) and runs', async () => {
    const r = await dzprov(['watch', '--url', server.url, '-e', 'l', '--timeout', '1.5', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/watching \d+ devices and \d+ links/);
    expect(server.calls('programSubscribe').length).toBeGreaterThan(0);
  });
});
