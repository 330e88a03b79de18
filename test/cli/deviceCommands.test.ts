/**
 * The device onboarding commands of the built CLI (`device create|update|delete`, `device
 * interface create|update|delete`) against a test node holding the sample ledger: the instruction
 * a dry run shows is the one the program's rules ask for (account order, PDA of the next index,
 * resource accounts), a re-run of what exists is "already done", and bad input is a usage error
 * naming the flag (exit 2) with nothing simulated or sent. Units as the doublezero CLI writes them.
 * (Sending, and the program's verdict, are in test/conformance/deviceOnboarding.test.ts.)
 */
import bs58 from 'bs58';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceDesiredStatus, DeviceStatus, decodeGlobalState, getDevicePda, getDzPrefixBlockPda, getGlobalStatePda, getTunnelIdsPda } from '../../src/index.js';
import { parseBandwidth } from '../../src/cli/units.js';
import { UsageError } from '../../src/cli/errors.js';
import { buildSampleLedger, sampleKeypair } from '../helpers/sampleLedger.js';
import { RpcTestServer } from '../helpers/rpcServer.js';
import { dzprov, ensureBuilt, oneLineError } from './harness.js';

const ledger = buildSampleLedger();
const PROGRAM = ledger.programId;
const foundation = sampleKeypair('foundation');
const acme = sampleKeypair('acme');
let server: RpcTestServer;

beforeAll(async () => {
  ensureBuilt();
  server = await new RpcTestServer().listen();
  for (const r of ledger.records) server.setAccount(r.pubkey, { owner: r.owner, data: r.data, lamports: r.lamports });
});
afterAll(async () => {
  await server?.close();
});

const node = () => ['--url', server.url, '-e', 'local'];
const sent = () => server.requests.filter((r) => r.method === 'simulateTransaction' || r.method === 'sendTransaction');

describe('bandwidths as the doublezero CLI writes them', () => {
  it.each([
    ['10G', 10_000_000_000n],
    ['10Gbps', 10_000_000_000n],
    ['10 gbps', 10_000_000_000n],
    ['100M', 100_000_000n],
    ['100Mbps', 100_000_000n],
    ['500Kbps', 500_000n],
    ['1.5G', 1_500_000_000n],
    ['0bps', 0n],
    ['7b', 7n],
  ])('%s is %s bps', (text, bps) => {
    expect(parseBandwidth(text, '--bandwidth', 'device interface create')).toBe(bps);
  });
  it.each([
    ['Gbps', /a unit without a number/],
    ['10', /needs a unit/],
    ['10x', /unknown unit "x"/],
    ['0.5bps', /not a whole number of bits/],
    ['', /not a bandwidth/],
    ['18446744073709551616bps', /too large/],
  ])('%j is refused naming the flag', (text, why) => {
    const e = (() => {
      try {
        parseBandwidth(text, '--bandwidth', 'device interface create');
      } catch (x) {
        return x;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toMatch(/^device interface create: --bandwidth /);
    expect((e as Error).message).toMatch(why);
  });
});

describe('device create on a test node', () => {
  const create = ['device', 'create', '--code', 'ams-dz9', '--contributor', 'acme', '--location', 'ams', '--exchange', 'xams', '--public-ip', '45.77.114.9', '--dz-prefixes', '46.51.200.0/29,46.51.201.0/29'];

  it('a dry run shows CreateDevice at the next index with its resource accounts, simulated, nothing sent', async () => {
    server.resetRecords();
    const r = await dzprov([...create, ...node(), '--as', acme.publicKey.toBase58(), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      dryRun: boolean;
      target: { pubkey: string; code: string };
      roles: string[];
      instructions: { name: string; accounts: { pubkey: string; isSigner: boolean }[]; decoded: { args: Record<string, unknown> } }[];
      sent: unknown;
    };
    // The device's address is the PDA of GlobalState's account index + 1, as the program derives it
    const gsPk = getGlobalStatePda(PROGRAM)[0];
    const gs = decodeGlobalState(ledger.records.find((x) => x.pubkey.equals(gsPk))!.data);
    const device = getDevicePda(PROGRAM, gs.accountIndex + 1n)[0];
    expect(out.dryRun).toBe(true);
    expect(out.target).toMatchObject({ pubkey: device.toBase58(), code: 'ams-dz9' });
    expect(out.roles).toEqual(['contributor']);
    const ix = out.instructions[0]!;
    expect(ix.name).toBe('CreateDevice');
    const keys = ix.accounts.map((a) => a.pubkey);
    expect(keys[0]).toBe(device.toBase58());
    expect(keys.slice(6, 9)).toEqual([getTunnelIdsPda(PROGRAM, device, 0)[0], getDzPrefixBlockPda(PROGRAM, device, 0)[0], getDzPrefixBlockPda(PROGRAM, device, 1)[0]].map((k) => k.toBase58()));
    expect(ix.accounts.find((a) => a.isSigner)!.pubkey).toBe(acme.publicKey.toBase58());
    expect(ix.decoded.args).toMatchObject({ code: 'ams-dz9', publicIp: '45.77.114.9', dzPrefixes: ['46.51.200.0/29', '46.51.201.0/29'], mgmtVrf: 'default', resourceCount: 3 });
    // The metrics publisher defaults to the payer, as with doublezero device create
    expect(ix.decoded.args.metricsPublisherPk).toBe(acme.publicKey.toBase58());
    expect(out.sent).toBeNull();
    expect(server.requests.some((x) => x.method === 'simulateTransaction')).toBe(true);
    expect(server.requests.some((x) => x.method === 'sendTransaction')).toBe(false);
  });

  it('the create of a device that exists with these very fields is already done', async () => {
    const d = ledger.values.devices.find((x) => x.code === 'ams-dz1')!;
    server.resetRecords();
    const r = await dzprov([
      'device', 'create', '--code', 'ams-dz1', '--contributor', 'acme', '--location', 'ams', '--exchange', 'xams',
      '--public-ip', d.publicIp, '--dz-prefixes', d.dzPrefixes.join(','), '--mgmt-vrf', d.mgmtVrf,
      '--metrics-publisher', bs58.encode(d.metricsPublisherPk.toBytes()), ...node(), '--as', acme.publicKey.toBase58(), '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { alreadyDone: string }).alreadyDone).toMatch(/^device ams-dz1 already exists with these fields/);
    expect(sent()).toHaveLength(0);
  });

  it.each([
    ['a code already used with other fields', ['--code', 'ams-dz1'], /--code: device ams-dz1 already exists .* with other fields: public IP is/],
    ['a public IP already used', ['--public-ip', '45.77.113.11'], /--public-ip: public IP 45\.77\.113\.11 is already device fra-dz1's/],
    ['a public IP inside another device’s prefix', ['--public-ip', '46.51.100.3'], /--public-ip: public IP 46\.51\.100\.3 lies inside dz prefix 46\.51\.100\.0\/29 of device ams-dz1/],
    ['an unknown contributor code', ['--contributor', 'nobody'], /--contributor: no Contributor has the code "nobody"/],
    ['an unknown exchange code', ['--exchange', 'xnowhere'], /--exchange: no Exchange has the code "xnowhere"/],
    ['a public IP that is no address', ['--public-ip', '45.77.114'], /--public-ip: "45\.77\.114" is not an IPv4 address/],
    ['no dz prefix', ['--dz-prefixes', '46.51.200.0/29,'], /--dz-prefixes "46\.51\.200\.0\/29," has an empty item/],
    ['a private prefix', ['--dz-prefixes', '10.0.0.0/29'], /--dz-prefixes: 10\.0\.0\.0\/29 is not a globally routable prefix/],
    ['a code the program refuses', ['--code', 'ams dz9'], /--code: /],
    ['an unknown device type', ['--device-type', 'router'], /--device-type: /],
  ])('bad input: %s is a usage error naming the flag, nothing simulated or sent', async (_what, change, message) => {
    const args = [...create];
    for (let i = 0; i < change.length; i += 2) {
      const at = args.indexOf(change[i]!);
      if (at < 0) args.push(change[i]!, change[i + 1]!);
      else args[at + 1] = change[i + 1]!;
    }
    server.resetRecords();
    // A dry run (it would simulate): nothing is simulated either
    const r = await dzprov([...args, ...node(), '--as', acme.publicKey.toBase58()]);
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toMatch(message);
    expect(sent()).toHaveLength(0);
  });

  it('a flag missing, or one of another command: a usage error before anything is read', async () => {
    server.resetRecords();
    const r = await dzprov(['device', 'create', '--code', 'x', '--contributor', 'acme', '--location', 'ams', '--exchange', 'xams', '--dz-prefixes', '46.51.200.0/29', ...node()]);
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toMatch(/device create: missing --public-ip/);
    const other = await dzprov(['device', 'create', '--bandwidth', '10G', ...node()]);
    expect(other.code).toBe(2);
    expect(oneLineError(other)).toMatch(/option --bandwidth does not apply to device create/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('device update, delete and the interface commands on a test node', () => {
  it('device update --status drained is the lifecycle-checked drain: status and desired status written together', async () => {
    const r = await dzprov(['device', 'update', '--pubkey', 'ams-dz1', '--status', 'drained', ...node(), '--as', acme.publicKey.toBase58(), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { instructions: { name: string; decoded: { args: Record<string, { value: number }> } }[] };
    expect(out.instructions[0]!.name).toBe('UpdateDevice');
    expect(out.instructions[0]!.decoded.args.status!.value).toBe(DeviceStatus.Drained);
    expect(out.instructions[0]!.decoded.args.desiredStatus!.value).toBe(DeviceDesiredStatus.Drained);
  });

  it('device update of fields: the values given, already done when the device has them', async () => {
    const d = ledger.values.devices.find((x) => x.code === 'ams-dz1')!;
    const r = await dzprov(['device', 'update', '--pubkey', 'ams-dz1', '--max-users', '128', '--mgmt-vrf', 'oob', ...node(), '--as', acme.publicKey.toBase58(), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { instructions: { name: string; decoded: { args: Record<string, unknown> } }[] };
    expect(out.instructions[0]!.decoded.args).toMatchObject({ maxUsers: 128, mgmtVrf: 'oob' });
    const same = await dzprov(['device', 'update', '--pubkey', 'ams-dz1', '--max-users', String(d.maxUsers), ...node(), '--as', acme.publicKey.toBase58()]);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain('already done');
    // --status with fields, a contributor writing a network admin's field: refused
    const both = await dzprov(['device', 'update', '--pubkey', 'ams-dz1', '--status', 'drained', '--max-users', '1', ...node()]);
    expect(both.code).toBe(2);
    expect(oneLineError(both)).toMatch(/give --status alone/);
    const priv = await dzprov(['device', 'update', '--pubkey', 'ams-dz1', '--users-count', '1', ...node(), '--as', acme.publicKey.toBase58()]);
    expect(priv.code).toBe(1);
    expect(oneLineError(priv)).toMatch(/users(Count)? is written only for a network admin|usersCount is written only for a network admin/);
  });

  it('device interface create: the defaults of doublezero (mtu 9000, static), bandwidth in its units; bad input exit 2', async () => {
    const r = await dzprov(['device', 'interface', 'create', 'ams-dz1', 'Ethernet30', '--bandwidth', '10Gbps', ...node(), '--as', foundation.publicKey.toBase58(), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { instructions: { name: string; decoded: { args: Record<string, unknown> } }[] };
    expect(out.instructions[0]!.name).toBe('CreateDeviceInterface');
    expect(out.instructions[0]!.decoded.args).toMatchObject({ name: 'Ethernet30', bandwidth: '10000000000', mtu: 9000, vlanId: 0 });
    server.resetRecords();
    for (const [args, message] of [
      [['Foo1'], /<name>: "Foo1" is not an interface name/],
      [['Ethernet31', '--bandwidth', 'Gbps'], /--bandwidth "Gbps": a unit without a number/],
      [['Ethernet31', '--mtu', '1500'], /--mtu: a non-CYOA\/DIA interface must have mtu 9000/],
      [['Ethernet31', '--interface-cyoa', 'GREOverDIA', '--bandwidth', '1G'], /--ip-net: a CYOA interface needs an ip_net/],
      [['Ethernet31', '--user-tunnel-endpoint', 'yes'], /--user-tunnel-endpoint "yes" is not true or false/],
      [['Ethernet31', '--vlan-id', '-1'], /option --vlan-id|--vlan-id/],
    ] as const) {
      const bad = await dzprov(['device', 'interface', 'create', 'ams-dz1', ...args, ...node(), '--send']);
      expect(bad.code, args.join(' ')).toBe(2);
      expect(oneLineError(bad)).toMatch(message);
    }
    expect(server.requests).toHaveLength(0);
  });

  it('device delete of an activated device: refused by the lifecycle, nothing simulated', async () => {
    server.resetRecords();
    const r = await dzprov(['device', 'delete', '--pubkey', 'ams-dz1', ...node(), '--as', acme.publicKey.toBase58()]);
    expect(r.code).toBe(1);
    expect(oneLineError(r)).toMatch(/cannot delete device \(it is activated\): device is activated; drain it first/);
    expect(sent()).toHaveLength(0);
  });
});
