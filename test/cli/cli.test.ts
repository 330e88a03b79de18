import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Keypair, PublicKey } from '@solana/web3.js';
import { DeviceStatusSpec, DeviceHealthSpec, DeviceDesiredStatusSpec, LinkStatusSpec, LinkHealthSpec, LinkDesiredStatusSpec } from '../../src/index.js';
import { getGlobalStatePda } from '../../src/index.js';
import { decodeDevice } from '../../src/index.js';
import { decodeLink } from '../../src/index.js';
import { buildSampleLedger } from '../helpers/sampleLedger.js';
import { dzprov, ensureBuilt, oneLineError, REPO } from './harness.js';

const NOTICE = 'dzprov: using the embedded sample ledger (offline); pass -e <env> or --url for a DoubleZero ledger';
const SYSTEM_PROGRAM = '11111111111111111111111111111111';

// The sample ledger rebuilt here, decoded with the SDK's decoders, independently of the CLI.
const ledger = buildSampleLedger();
const devices = ledger.records
  .filter((r) => r.data[0] === 5)
  .map((r) => ({ pubkey: r.pubkey.toBase58(), device: decodeDevice(r.data, { programId: ledger.programId }) }));
const links = ledger.records
  .filter((r) => r.data[0] === 6)
  .map((r) => ({ pubkey: r.pubkey.toBase58(), link: decodeLink(r.data, { programId: ledger.programId }) }));
const identity = (name: string) => ledger.identities.find((i) => i.name === name)!.pubkey.toBase58();
const deviceNamed = (code: string) => devices.find((d) => d.device.code === code)!;
const linkNamed = (code: string) => links.find((l) => l.link.code === code)!;

beforeAll(() => {
  ensureBuilt();
});

describe.concurrent('dzprov basics', () => {
  it('starts with a node shebang', () => {
    // Given the built binary
    const text = readFileSync(join(REPO, 'dist/cli/main.js'), 'utf8');
    // Then its first line is the shebang
    expect(text.split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    // When
    const r = await dzprov(['--version']);
    // Then
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`dzprov ${pkg.version}\n`);
  });

  it('--help lists every command; a command --help shows its usage', async () => {
    const top = await dzprov(['--help']);
    expect(top.code).toBe(0);
    for (const c of [
      'devices',
      'links',
      'show',
      'next',
      'plan drain-device',
      'plan return-device',
      'drain-device',
      'accept-link',
      'set-link-desired-status',
      'set-device-status <device> <status>',
      'set-link-status <link> <status>',
    ]) {
      expect(top.stdout).toContain(c);
    }
    const sub = await dzprov(['drain-device', '-h']);
    expect(sub.code).toBe(0);
    expect(sub.lines[0]).toBe('Usage: dzprov drain-device <device> [options]');
    expect(sub.stdout).toContain('--send');
    const dev = await dzprov(['devices', '--help']);
    expect(dev.stdout).not.toContain('--send');
    const status = await dzprov(['set-device-status', '--help']);
    expect(status.lines[0]).toBe('Usage: dzprov set-device-status <device> <status> [options]');
    expect(status.stdout).toContain('pending (deprecated) → device-provisioning');
    expect((await dzprov(['help', 'set-link-status'])).stdout).toContain('requested → activated is not a status write: use accept-link.');
  });

  it('help plan / plan --help describe both plans; help <unknown> is a usage error', async () => {
    for (const args of [['help', 'plan'], ['plan', '--help']]) {
      const r = await dzprov(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('plan drain-device <device>');
      expect(r.stdout).toContain('plan return-device <device>');
      expect(r.stdout).toContain('--include-hard-drained');
    }
    const h = await dzprov(['help', 'show']);
    expect(h.lines[0]).toBe('Usage: dzprov show <code|pubkey> [options]');
    const u = await dzprov(['help', 'nope']);
    expect(u.code).toBe(2);
    expect(oneLineError(u)).toBe('dzprov: error: unknown command "nope" (run "dzprov --help" for usage)');
  });

  it('no command prints the help and exits 2', async () => {
    const r = await dzprov([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Usage: dzprov <command>');
  });

  it.each([
    [['frobnicate'], /^dzprov: error: unknown command "frobnicate" \(run "dzprov --help" for usage\)$/],
    [['devicez'], /^dzprov: error: unknown command "devicez" \(did you mean "devices" or "device"\?\)/],
    [['device'], /^dzprov: error: device needs a subcommand: list, get, create, update, delete, interface/],
    [['device', 'frob'], /^dzprov: error: unknown command "device frob" \(device: list, get, create, update, delete, interface/],
    [['devices', '--frob'], /^dzprov: error: unknown option --frob/],
    [['show'], /^dzprov: error: show: missing <code\|pubkey>/],
    [['devices', 'extra'], /^dzprov: error: devices: unexpected argument "extra"/],
    [['plan'], /^dzprov: error: plan needs a subcommand/],
    [['plan', 'explode', 'x'], /^dzprov: error: unknown plan "explode"/],
    [['devices', '--rpc'], /^dzprov: error: option --rpc needs a value/],
    [['devices', '--json=yes'], /^dzprov: error: option --json takes no value/],
    [['devices', '--send'], /^dzprov: error: option --send does not apply to devices/],
    [['devices', '-u', 'nowhere'], /^dzprov: error: -u "nowhere" is not a URL \(/],
    [['devices', '--url', 'd', '--rpc', 'http://x'], /^dzprov: error: options --url and --rpc are the same option: give one/],
    [['devices', '--commitment', 'max'], /^dzprov: error: unknown commitment "max" \(expected one of processed, confirmed, finalized\)/],
    [['drain-device', 'ams-dz1', '--compute-unit-price', '1.5'], /^dzprov: error: --compute-unit-price "1.5" is not a whole number of micro-lamports/],
    [['devices', '--compute-unit-price', '1'], /^dzprov: error: option --compute-unit-price does not apply to devices/],
    [['watch', '--count', '0'], /^dzprov: error: --count "0" is not a positive whole number/],
    [['watch', '--timeout', 'soon'], /^dzprov: error: --timeout "soon" is not a positive number of seconds/],
    [['watch', 'nodes'], /^dzprov: error: watch: "nodes" is not devices or links/],
    [['watch'], /^dzprov: error: watch needs a DoubleZero ledger: pass -e <environment> or --url <url>/],
    [['devices', '--network', 'moon'], /^dzprov: error: unknown environment "moon" for --network \(expected mainnet-beta or m, testnet or t, devnet or d, local or l\)/],
    [['devices', '-e', 'moon'], /^dzprov: error: unknown environment "moon" for -e \(expected mainnet-beta or m, testnet or t, devnet or d, local or l\)/],
    [['devices', '-e', 'localnet'], /^dzprov: error: unknown environment "localnet" for -e/],
    [['devices', '-e', 'd', '--network', 'd'], /^dzprov: error: options -e and --network are the same option: give one/],
    [['devices', '--rpc', 'ftp://x'], /^dzprov: error: RPC URL "ftp:\/\/x" \(--rpc\) must start with http/],
    [['devices', '--as', 'nobody'], /^dzprov: error: --as "nobody" is neither a base58 public key nor a sample identity/],
    [['devices', '--wide', '--wide'], /^dzprov: error: option --wide given more than once/],
  ])('usage error %j exits 2 with one line', async (args, message) => {
    // When
    const r = await dzprov(args);
    // Then
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toMatch(message);
  });
});

describe.concurrent('dzprov devices / links on the embedded sample ledger', () => {
  it('devices --wide: says it is the sample ledger, then an aligned table of every device', async () => {
    // When (--wide: no cell is cut or wrapped)
    const r = await dzprov(['devices', '--wide']);
    // Then
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.lines[0]).toBe(NOTICE);
    expect(r.lines[1]).toMatch(/^acting as foundation \(\w+\): networkAdmin \(foundation allowlist\); --as <name\|pubkey> to change$/);
    const header = r.lines.findIndex((l) => l.startsWith('CODE'));
    expect(r.lines[header]).toMatch(/^CODE\s+PUBKEY\s+STATUS\s+HEALTH\s+DESIRED\s+CONTRIBUTOR\s+NEXT ACTIONS$/);
    const rows = r.lines.slice(header + 1, header + 1 + devices.length);
    // every device appears once, columns aligned under the header
    const statusCol = r.lines[header]!.indexOf('STATUS');
    for (const { pubkey, device } of devices) {
      const row = rows.find((l) => l.startsWith(`${device.code} `));
      expect(row, device.code).toBeDefined();
      expect(row).toContain(pubkey);
      expect(row!.slice(statusCol).startsWith(DeviceStatusSpec.label(device.status))).toBe(true);
    }
    expect(r.lines.at(-1)).toBe(`${devices.length} devices`);
    // no colour when stdout is not a TTY
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it('devices --json: an array matching the decoded sample ledger, labels and values, notices on stderr', async () => {
    // When
    const r = await dzprov(['devices', '--json']);
    // Then stdout is pure JSON
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe(NOTICE);
    const rows = JSON.parse(r.stdout) as Array<Record<string, any>>;
    expect(rows).toHaveLength(devices.length);
    for (const { pubkey, device } of devices) {
      const row = rows.find((x) => x.pubkey === pubkey)!;
      expect(row.code).toBe(device.code);
      expect(row.status).toEqual({ value: device.status, label: DeviceStatusSpec.label(device.status) });
      expect(row.health).toEqual({ value: device.deviceHealth, label: DeviceHealthSpec.label(device.deviceHealth) });
      expect(row.desiredStatus).toEqual({ value: device.desiredStatus, label: DeviceDesiredStatusSpec.label(device.desiredStatus) });
      expect(Array.isArray(row.nextActions)).toBe(true);
    }
    // sorted by code
    expect(rows.map((x) => x.code)).toEqual([...rows.map((x) => x.code)].sort());
  });

  // The legal next status actions per device for the default identity (foundation, networkAdmin),
  // written out by hand from docs/lifecycle.md.
  const FOUNDATION_DEVICE_ACTIONS: Record<string, string[]> = {
    'ams-dz1': ['drain-device'],
    'fra-dz1': ['drain-device'],
    'lon-dz1': ['drain-device'],
    'nyc-dz1': ['drain-device'],
    'chi-dz1': ['undrain-device'],
    'tyo-dz1': [],
    'sin-dz1': ['promote-device link-provisioning'],
    'sin-dz2': [],
    'lax-dz1': ['promote-device activated'],
    'lax-dz2': [],
    'fra-dz2': [],
    'ams-dz0': ['set-device-status device-provisioning'],
    'lon-dz0': [],
  };

  it('devices --json: next actions follow the lifecycle for networkAdmin', async () => {
    const rows = JSON.parse((await dzprov(['devices', '--json'])).stdout) as Array<{ code: string; nextActions: string[]; roles: string[] }>;
    expect(Object.fromEntries(rows.map((x) => [x.code, x.nextActions]))).toEqual(FOUNDATION_DEVICE_ACTIONS);
    for (const x of rows) expect(x.roles).toEqual(['networkAdmin']);
  });

  it('devices --as acme: a contributor may drain and undrain its own devices only', async () => {
    // When acting as the owner of contributor acme (by sample identity name)
    const r = await dzprov(['devices', '--json', '--as', 'acme']);
    const rows = JSON.parse(r.stdout) as Array<{ code: string; nextActions: string[]; roles: string[] }>;
    const by = Object.fromEntries(rows.map((x) => [x.code, x]));
    // Then
    expect(by['ams-dz1']!.nextActions).toEqual(['drain-device']);
    expect(by['ams-dz1']!.roles).toEqual(['contributor']);
    expect(by['chi-dz1']!.nextActions).toEqual(['undrain-device']);
    expect(by['sin-dz1']!.nextActions).toEqual([]); // promotion is networkAdmin only
    expect(by['lon-dz1']!.nextActions).toEqual([]); // globex's device
    expect(by['lon-dz1']!.roles).toEqual([]);
    // --as also accepts the base58 key
    const byKey = JSON.parse((await dzprov(['devices', '--json', '--as', identity('acme')])).stdout);
    expect(byKey).toEqual(rows);
  });

  it('links --json: every link with both sides named, and the legal next actions', async () => {
    const r = await dzprov(['links', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, any>>;
    expect(rows).toHaveLength(links.length);
    for (const { pubkey, link } of links) {
      const row = rows.find((x) => x.pubkey === pubkey)!;
      expect(row.code).toBe(link.code);
      expect(row.status).toEqual({ value: link.status, label: LinkStatusSpec.label(link.status) });
      expect(row.health).toEqual({ value: link.linkHealth, label: LinkHealthSpec.label(link.linkHealth) });
      expect(row.desiredStatus).toEqual({ value: link.desiredStatus, label: LinkDesiredStatusSpec.label(link.desiredStatus) });
      expect(row.sideA.pubkey).toBe(link.sideAPk.toBase58());
      expect(row.sideZ.pubkey).toBe(link.sideZPk.toBase58());
      expect(row.sideA.code).toBe(devices.find((d) => d.pubkey === link.sideAPk.toBase58())!.device.code);
    }
    const next = Object.fromEntries(rows.map((x) => [x.code, [...x.nextActions].sort()]));
    expect(next).toEqual({
      'ams-fra-1': ['hard-drain-link', 'soft-drain-link'],
      'ams-lon-1': ['hard-drain-link', 'soft-drain-link'],
      'ams-chi-1': ['activate-link', 'hard-drain-link'],
      'fra-chi-1': ['soft-drain-link'],
      'fra-lon-1': ['hard-drain-link', 'soft-drain-link'],
      'lon-nyc-1': ['hard-drain-link', 'soft-drain-link'],
      'lon-tyo-1': ['hard-drain-link'],
      'nyc-tyo-1': ['soft-drain-link'],
      'fra-sin-1': ['activate-link'],
      'ams-sin-1': [],
      'fra-lax-1': ['accept-link'],
      'lon-lax-1': [],
      'ams-fra-2': [],
      'ams-fra-0': ['set-link-status provisioning'],
      'lon-nyc-0': [],
    });
  });

  it('links: the requested DZX link can be accepted by side Z (globex), not by side A (acme)', async () => {
    const asGlobex = JSON.parse((await dzprov(['links', '--json', '--as', 'globex'])).stdout) as Array<Record<string, any>>;
    const asAcme = JSON.parse((await dzprov(['links', '--json', '--as', 'acme'])).stdout) as Array<Record<string, any>>;
    const g = asGlobex.find((x) => x.code === 'fra-lax-1')!;
    const a = asAcme.find((x) => x.code === 'fra-lax-1')!;
    expect(g.roles).toEqual(['sideZContributor']);
    expect(g.nextActions).toEqual(['accept-link']);
    expect(a.roles).toEqual(['contributor']);
    expect(a.nextActions).toEqual([]);
  });

  it('devices / links tables: a legal move with no dedicated command shows the set-*-status command that makes it', async () => {
    const d = await dzprov(['devices', '--wide']);
    expect(d.lines.find((l) => l.startsWith('ams-dz0 '))).toMatch(/\sset-device-status device-provisioning$/);
    const l = await dzprov(['links', '--wide']);
    expect(l.lines.find((x) => x.startsWith('ams-fra-0 '))).toMatch(/\sset-link-status provisioning$/);
    expect(d.stdout + l.stdout).not.toContain('→ ');
  });

  it('links --wide: table with aligned columns', async () => {
    const r = await dzprov(['links', '--wide']);
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe(NOTICE);
    const header = r.lines.find((l) => l.startsWith('CODE'))!;
    expect(header).toMatch(/^CODE\s+PUBKEY\s+TYPE\s+SIDE A\s+SIDE Z\s+STATUS\s+HEALTH\s+DESIRED\s+NEXT ACTIONS$/);
    const col = header.indexOf('SIDE Z');
    const row = r.lines.find((l) => l.startsWith('fra-lax-1 '))!;
    expect(row.slice(col).startsWith('lax-dz1')).toBe(true);
    expect(r.lines.at(-1)).toBe(`${links.length} links`);
  });
});

describe.concurrent('dzprov show / next / plan', () => {
  it('show <device code>: every field with labels, interfaces, links and the lifecycle verdicts', async () => {
    const r = await dzprov(['show', 'chi-dz1']);
    expect(r.code).toBe(0);
    const { pubkey } = deviceNamed('chi-dz1');
    expect(r.stdout).toContain(`device chi-dz1  ${pubkey}`);
    expect(r.stdout).toMatch(/status:\s+drained \(5\)/);
    expect(r.stdout).toMatch(/health:\s+ready-for-users \(3\)/);
    expect(r.stdout).toMatch(/desired status:\s+activated \(1\)/);
    expect(r.stdout).toMatch(/location:\s+\w+ \(chi\)/);
    expect(r.stdout).toContain('Loopback255  loopback  activated');
    expect(r.stdout).toMatch(/undrain-device\s+allowed/);
    expect(r.stdout).toMatch(/drain-device\s+blocked: /);
    expect(r.stdout).toContain('reconciler next: activated (dzprov undrain-device chi-dz1)');
    expect(r.stdout).toMatch(/set-device-status\s+allowed: activated\n/);
  });

  it('show: set-device-status / set-link-status list the statuses the caller may write now', async () => {
    const dev = await dzprov(['show', 'ams-dz0']);
    expect(dev.stdout).toMatch(/set-device-status\s+allowed: device-provisioning\n/);
    const link = JSON.parse((await dzprov(['show', 'ams-fra-0', '--json'])).stdout);
    expect(link.valueWrites.find((w: { action: string }) => w.action === 'set-link-status')).toEqual({ action: 'set-link-status', allowed: ['provisioning'] });
    const visitor = await dzprov(['show', 'ams-dz0', '--as', 'visitor', '--wide']);
    expect(visitor.stdout).toMatch(/set-device-status\s+blocked: no status write from pending \(deprecated\) is allowed for a caller with no role\n/);
  });

  it('show <link pubkey> --json: the full account with enum values and labels', async () => {
    const { pubkey, link } = linkNamed('fra-lax-1');
    const r = await dzprov(['show', pubkey, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.kind).toBe('link');
    expect(j.pubkey).toBe(pubkey);
    expect(j.account.code).toBe('fra-lax-1');
    expect(j.account.status).toEqual({ value: 5, label: 'requested' });
    expect(j.account.linkType).toEqual({ value: 127, label: 'DZX' });
    expect(j.account.bandwidth).toBe(link.bandwidth.toString());
    expect(j.account.sideZIfaceName).toBe('');
    const accept = j.actions.find((a: { action: string }) => a.action === 'accept-link');
    expect(accept.legal).toBe(true);
    const activate = j.actions.find((a: { action: string }) => a.action === 'activate-link');
    expect(activate.legal).toBe(false);
    expect(activate.reason).toContain('AcceptLink');
  });

  it('next: the reconciler step of every device and link, with the command to run', async () => {
    const r = await dzprov(['next', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, any>>;
    expect(rows).toHaveLength(devices.length + links.length);
    const by = (code: string) => rows.find((x) => x.code === code)!;
    expect(by('nyc-dz1').next).toEqual({ value: 5, label: 'drained' });
    expect(by('nyc-dz1').action).toBe('drain-device');
    expect(by('sin-dz1').next).toEqual({ value: 7, label: 'link-provisioning' });
    expect(by('sin-dz1').action).toBe('promote-device');
    expect(by('lax-dz1').next).toEqual({ value: 1, label: 'activated' });
    expect(by('chi-dz1').action).toBe('undrain-device');
    expect(by('ams-dz1').next).toBeNull();
    expect(by('lon-nyc-1').next).toEqual({ value: 7, label: 'soft-drained' });
    expect(by('fra-lon-1').next).toEqual({ value: 6, label: 'hard-drained' });
    expect(by('nyc-tyo-1').next).toEqual({ value: 7, label: 'soft-drained' });
    expect(by('ams-chi-1').action).toBe('activate-link');
    expect(by('fra-sin-1').action).toBe('activate-link');
    expect(by('ams-sin-1').next).toBeNull();
    // every step the reconciler proposes is legal for networkAdmin
    for (const x of rows) if (x.next) expect(x.legal, x.code).toBe(true);
    const human = await dzprov(['next', '--wide']);
    expect(human.stdout).toMatch(/device\s+nyc-dz1\s+activated\s+drained\s+impaired\s+→ drained\s+dzprov drain-device nyc-dz1/);
    expect(human.lines.at(-1)).toMatch(/^\d+ of 28 devices and links have a reconciler step due$/);
  });

  it('plan drain-device: soft-drain each activated link of the device, then drain it', async () => {
    const r = await dzprov(['plan', 'drain-device', 'ams-dz1', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.steps.map((s: any) => [s.action, s.target.code, s.legal])).toEqual([
      ['soft-drain-link', 'ams-fra-1', true],
      ['soft-drain-link', 'ams-lon-1', true],
      ['drain-device', 'ams-dz1', true],
    ]);
    expect(j.ready).toBe(true);
    // each legal step carries the instruction the checked builders build
    expect(j.steps[2].instruction.data).toBe(`17${'00'.repeat(9)}01050106${'00'.repeat(8)}${'00'.repeat(7)}`);
    const human = await dzprov(['plan', 'drain-device', 'ams-dz1', '--wide']);
    expect(human.stdout).toMatch(/1\s+soft-drain-link\s+ams-fra-1\s+activated → soft-drained\s+ok/);
    expect(human.lines.at(-1)).toContain('3 steps, all legal');
  });

  it('plan return-device: blocked steps say why', async () => {
    // tyo-dz1 is drained with health impaired: undrain is blocked; its soft-drained link needs ready-for-service
    const r = await dzprov(['plan', 'return-device', 'tyo-dz1', '--json']);
    const j = JSON.parse(r.stdout);
    expect(r.code).toBe(0);
    expect(j.steps[0].action).toBe('undrain-device');
    expect(j.steps[0].legal).toBe(false);
    expect(j.steps[0].reason).toContain('health ready-for-users (it is impaired)');
    expect(j.steps.slice(1).map((s: any) => s.target.code)).toEqual(['lon-tyo-1']);
    expect(j.blocked).toBe(2);
    // chi-dz1: undrain ok, ams-chi-1 back to activated; the hard-drained fra-chi-1 only with --include-hard-drained
    const chi = JSON.parse((await dzprov(['plan', 'return-device', 'chi-dz1', '--json'])).stdout);
    expect(chi.steps.map((s: any) => [s.action, s.target.code, s.legal])).toEqual([
      ['undrain-device', 'chi-dz1', true],
      ['activate-link', 'ams-chi-1', true],
    ]);
    const chiAll = JSON.parse((await dzprov(['plan', 'return-device', 'chi-dz1', '--include-hard-drained', '--json'])).stdout);
    expect(chiAll.steps.map((s: any) => [s.target.code, s.legal])).toEqual([
      ['chi-dz1', true],
      ['ams-chi-1', true],
      ['fra-chi-1', false],
    ]);
    const human = await dzprov(['plan', 'return-device', 'tyo-dz1', '--wide']);
    expect(human.stdout).toMatch(/undrain-device\s+tyo-dz1\s+drained → activated\s+blocked: /);
    expect(human.lines.at(-1)).toBe('2 steps, 2 blocked');
  });
});

describe.concurrent('dzprov actions (dry run on the sample ledger)', () => {
  it('drain-device prints the checked UpdateDevice: accounts with flags, data hex, decoded args', async () => {
    // When
    const r = await dzprov(['drain-device', 'ams-dz1', '--json']);
    // Then
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const { pubkey, device } = deviceNamed('ams-dz1');
    const ix = j.instructions[0];
    expect(ix.programId).toBe(ledger.programId.toBase58());
    expect(ix.name).toBe('UpdateDevice');
    // UpdateDevice: tag 0x17, 9 × None, status Some(Drained=5), desired_status Some(Drained=6), resource_count 0 (u64), 7 × None
    expect(ix.data).toBe(`17${'00'.repeat(9)}0105${'0106'}${'00'.repeat(8)}${'00'.repeat(7)}`);
    expect(ix.accounts.map((a: any) => [a.pubkey, a.isSigner, a.isWritable])).toEqual([
      [pubkey, false, true],
      [device.contributorPk.toBase58(), false, true],
      [device.locationPk.toBase58(), false, true],
      [device.locationPk.toBase58(), false, true],
      [getGlobalStatePda(ledger.programId)[0].toBase58(), false, true],
      [identity('foundation'), true, true],
      [SYSTEM_PROGRAM, false, true],
    ]);
    expect(ix.decoded.args.status).toEqual({ value: 5, label: 'drained' });
    expect(ix.decoded.args.desiredStatus).toEqual({ value: 6, label: 'drained' });
    expect(j.computeBudget.map((c: any) => c.data)).toEqual(['02c05c1500', '0100000400']);
    expect(j.simulation).toEqual({ available: false, reason: 'simulation unavailable on the sample ledger (offline)' });
    expect(j.dryRun).toBe(true);
    expect(j.sent).toBeNull();
    expect(j.roles).toEqual(['networkAdmin']);
  });

  it('drain-device, human output: instruction, data, decoded view and "simulation unavailable"', async () => {
    const r = await dzprov(['drain-device', 'ams-dz1']);
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe(NOTICE);
    expect(r.stdout).toContain('dry run: drain-device ams-dz1 — status activated → drained, desired status → drained');
    expect(r.stdout).toContain('instruction: UpdateDevice (tag 23)');
    expect(r.stdout).toContain(`data      17${'00'.repeat(9)}01050106${'00'.repeat(15)}`);
    expect(r.stdout).toContain('decoded   UpdateDevice { status=drained (5), desiredStatus=drained (6)');
    expect(r.stdout).toMatch(new RegExp(`${identity('foundation')}\\s+signer\\s+writable\\s+payer`));
    expect(r.stdout).toContain('\nsimulation unavailable on the sample ledger (offline)\n');
    expect(r.stdout).toContain('compute budget: SetComputeUnitLimit(1400000) 02c05c1500, RequestHeapFrame(262144) 0100000400');
    expect(r.lines.at(-1)).toBe('not sent: dry run on the sample ledger');
  });

  it('set-device-health parses the value with the program parser and builds SetDeviceHealth', async () => {
    const r = await dzprov(['set-device-health', 'lax-dz2', 'READY-FOR-USERS', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.instructions[0].name).toBe('SetDeviceHealth');
    expect(j.instructions[0].data).toBe('5303');
    expect(j.change).toBe('health ready-for-links → ready-for-users');
  });

  it('soft-drain-link builds UpdateLink with status and desired status soft-drained', async () => {
    const r = await dzprov(['soft-drain-link', 'ams-fra-1', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.instructions[0].name).toBe('UpdateLink');
    expect(j.instructions[0].data).toBe(`1f${'00'.repeat(7)}0107000107${'00'.repeat(5)}`);
  });

  it('accept-link as side Z builds AcceptLink with the interface name', async () => {
    // Given lax-dz1 (side Z of the requested fra-lax-1) has the Unlinked Ethernet1 for it
    const r = await dzprov(['accept-link', 'fra-lax-1', 'Ethernet1', '--as', 'globex', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.instructions[0].name).toBe('AcceptLink');
    expect(j.instructions[0].data).toBe(`42${'09000000'}${Buffer.from('Ethernet1').toString('hex')}01`);
    expect(j.roles).toEqual(['sideZContributor']);
  });

  it("accept-link on an interface side Z does not have is one line naming it (exit 1), nothing built", async () => {
    // When
    const r = await dzprov(['accept-link', 'fra-lax-1', 'Ethernet99', '--as', 'globex']);
    // Then
    expect(r.code).toBe(1);
    expect(oneLineError(r)).toMatch(/^dzprov: error: .*side-Z device lax-dz1 has no interface "Ethernet99" \(it has: Loopback255, Loopback256, Ethernet1, Ethernet2\)/);
    expect(r.stdout).not.toContain('instruction');
    // and an interface already in use (Ethernet2 carries lon-lax-1) is refused too
    const used = await dzprov(['accept-link', 'fra-lax-1', 'Ethernet2', '--as', 'globex']);
    expect(used.code).toBe(1);
    expect(oneLineError(used)).toMatch(/interface Ethernet2 is activated, not unlinked/);
  });

  it('set-device-status builds a status-only UpdateDevice for a move no other command makes', async () => {
    // Given ams-dz0 is pending (deprecated); the foundation (networkAdmin) moves it on
    const r = await dzprov(['set-device-status', 'ams-dz0', 'device-provisioning', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.action).toBe('set-device-status');
    expect(j.change).toBe('status pending (deprecated) → device-provisioning');
    expect(j.instructions[0].name).toBe('UpdateDevice');
    // UpdateDevice: tag 0x17, 9 × None, status Some(DeviceProvisioning=6), desired_status None, resource_count 0, 7 × None
    expect(j.instructions[0].data).toBe(`17${'00'.repeat(9)}0106${'00'}${'00'.repeat(8)}${'00'.repeat(7)}`);
    expect(j.instructions[0].decoded.args).toEqual({ status: { value: 6, label: 'device-provisioning' }, resourceCount: '0' });
    expect(j.roles).toEqual(['networkAdmin']);
    const human = await dzprov(['set-device-status', 'ams-dz0', 'device-provisioning']);
    expect(human.stdout).toContain('dry run: set-device-status ams-dz0 — status pending (deprecated) → device-provisioning');
  });

  it('set-device-status into drained writes the desired status too, as drain-device does', async () => {
    const r = await dzprov(['set-device-status', 'ams-dz1', 'drained', '--json']);
    const d = await dzprov(['drain-device', 'ams-dz1', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).change).toBe('status activated → drained, desired status → drained');
    expect(JSON.parse(r.stdout).instructions).toEqual(JSON.parse(d.stdout).instructions);
  });

  it('set-link-status builds a status-only UpdateLink (pending → provisioning)', async () => {
    const r = await dzprov(['set-link-status', 'ams-fra-0', 'provisioning', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.change).toBe('status pending (deprecated) → provisioning');
    expect(j.instructions[0].name).toBe('UpdateLink');
    expect(j.instructions[0].decoded.args.status.label).toBe('provisioning');
    expect(j.instructions[0].decoded.args.desiredStatus).toBeUndefined();
  });

  it('set-device-status / set-link-status: a bad value is a usage error (2), an illegal move a one-line refusal (1)', async () => {
    const bad = await dzprov(['set-device-status', 'ams-dz0', 'sideways']);
    expect(bad.code).toBe(2);
    expect(oneLineError(bad)).toMatch(/^dzprov: error: set-device-status: "sideways" is not a valid DeviceStatus \(expected one of .*"device-provisioning"/);
    const badLink = await dzprov(['set-link-status', 'ams-fra-0', 'sideways']);
    expect(badLink.code).toBe(2);
    expect(oneLineError(badLink)).toContain('"soft-drained"');
    const illegal = await dzprov(['set-device-status', 'ams-dz1', 'pending']);
    expect(illegal.code).toBe(1);
    expect(oneLineError(illegal)).toMatch(/^dzprov: error: cannot change device status from activated to pending \(deprecated\): /);
    const accept = await dzprov(['set-link-status', 'fra-lax-1', 'activated', '--as', 'globex']);
    expect(accept.code).toBe(1);
    expect(oneLineError(accept)).toMatch(/AcceptLink/);
  });

  it('the ops identity (Permission account) gets its Permission PDA appended, read-only', async () => {
    const r = await dzprov(['set-link-health', 'ams-sin-1', 'ready-for-service', '--as', 'ops', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const last = j.instructions[0].accounts.at(-1);
    expect(last.isSigner).toBe(false);
    expect(last.isWritable).toBe(false);
    expect(j.roles).toEqual(['networkAdmin', 'healthOracle']);
  });

  it('an illegal transition is refused with its reason, before anything is built (exit 1)', async () => {
    // Given sin-dz1 is in device-provisioning
    const r = await dzprov(['drain-device', 'sin-dz1']);
    // Then
    expect(r.code).toBe(1);
    const line = oneLineError(r);
    expect(line).toMatch(/^dzprov: error: cannot change device status from device-provisioning to drained: /);
    expect(r.stdout).not.toContain('instruction');
  });

  it('a role that may not do it is refused (visitor drains, acme promotes)', async () => {
    const v = await dzprov(['drain-device', 'ams-dz1', '--as', 'visitor']);
    expect(v.code).toBe(1);
    expect(oneLineError(v)).toMatch(/requires role contributor or networkAdmin; caller has no role/);
    const a = await dzprov(['promote-device', 'sin-dz1', 'link-provisioning', '--as', 'acme']);
    expect(a.code).toBe(1);
    expect(oneLineError(a)).toMatch(/networkAdmin/);
  });

  it('promote-device names its target: the step due is taken, another one refused, none without a status', async () => {
    // Given sin-dz1 device-provisioning with desired status activated and health ready-for-links
    // When the step due is named
    const ok = await dzprov(['promote-device', 'sin-dz1', 'link-provisioning', '--json']);
    // Then it is built: an UpdateDevice writing link-provisioning only
    expect(ok.code).toBe(0);
    const j = JSON.parse(ok.stdout) as { change: string; instructions: { decoded: { args: Record<string, unknown> } }[] };
    expect(j.change).toBe('status device-provisioning → link-provisioning');
    expect(j.instructions[0]!.decoded.args).toEqual({ status: { value: 7, label: 'link-provisioning' }, resourceCount: '0' });
    // When a step that is not due is named: refused by the lifecycle (exit 1)
    const later = await dzprov(['promote-device', 'sin-dz1', 'activated']);
    expect(later.code).toBe(1);
    expect(oneLineError(later)).toMatch(/cannot change device status \(promote\) from device-provisioning to activated: the next provisioning step is link-provisioning, not activated/);
    // When a status no promotion leads to is named: a usage error before anything is read (exit 2)
    const bad = await dzprov(['promote-device', 'sin-dz1', 'device-provisioning']);
    expect(bad.code).toBe(2);
    expect(oneLineError(bad)).toMatch(/device-provisioning is not a status a promotion leads to \(activated, drained, link-provisioning\)/);
    // When no status is given (dzprov 0.1's form): a usage error naming the command to run
    const bare = await dzprov(['promote-device', 'sin-dz1']);
    expect(bare.code).toBe(2);
    expect(oneLineError(bare)).toBe(
      'dzprov: error: promote-device: missing <status>: name the step to take, e.g. "dzprov promote-device sin-dz1 link-provisioning" (the step due is shown by "dzprov next" and "dzprov show sin-dz1") (run "dzprov promote-device --help" for usage)',
    );
    // and next and show print the step as the command to run, target included
    expect((await dzprov(['next', '--wide'])).stdout).toContain('dzprov promote-device sin-dz1 link-provisioning');
    expect((await dzprov(['show', 'lax-dz1', '--wide'])).stdout).toMatch(/reconciler next: activated \(dzprov promote-device lax-dz1 activated\)/);
    // and a device already at the status named is "already done": nothing to send (exit 0)
    const done = await dzprov(['promote-device', 'lax-dz1', 'link-provisioning']);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/already done: device lax-dz1 is already link-provisioning; nothing to send/);
  });

  it('an unknown device is one line, exit 1', async () => {
    const r = await dzprov(['drain-device', 'xyz']);
    expect(r.code).toBe(1);
    expect(oneLineError(r)).toBe('dzprov: error: unknown device "xyz" (run "dzprov devices" for the list)');
    const s = await dzprov(['show', 'xyz']);
    expect(s.code).toBe(1);
    expect(oneLineError(s)).toMatch(/^dzprov: error: unknown device or link "xyz"/);
    const l = await dzprov(['soft-drain-link', 'ams-dz1']);
    expect(oneLineError(l)).toBe('dzprov: error: unknown link "ams-dz1" ("ams-dz1" is a device)');
  });

  it('a bad enum value lists the accepted values (exit 2)', async () => {
    const r = await dzprov(['set-device-health', 'ams-dz1', 'great']);
    expect(r.code).toBe(2);
    const line = oneLineError(r);
    expect(line).toMatch(/^dzprov: error: set-device-health: "great" is not a valid DeviceHealth \(expected one of /);
    for (const v of ['pending', 'ready-for-links', 'ready-for-users', 'impaired']) expect(line).toContain(`"${v}"`);
    const d = await dzprov(['set-link-desired-status', 'ams-fra-1', 'sideways']);
    expect(d.code).toBe(2);
    expect(oneLineError(d)).toContain('"soft-drained"');
  });

  it('an unreadable keypair is one line naming the file and the problem (exit 2: bad input, nothing sent)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dzprov-cli-'));
    const missing = join(dir, 'nope.json');
    const r = await dzprov(['drain-device', 'ams-dz1', '--keypair', missing]);
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toBe(`dzprov: error: cannot read keypair ${JSON.stringify(missing)}: no such file`);
    const notJson = join(dir, 'bad.json');
    writeFileSync(notJson, 'hello');
    expect(oneLineError(await dzprov(['drain-device', 'ams-dz1', '--keypair', notJson]))).toMatch(/not JSON/);
    const short = join(dir, 'short.json');
    writeFileSync(short, JSON.stringify([1, 2, 3]));
    expect(oneLineError(await dzprov(['drain-device', 'ams-dz1', '--keypair', short]))).toMatch(/expected 64 numbers, found 3/);
    const mismatched = join(dir, 'mismatch.json');
    const kp = Array.from(Keypair.generate().secretKey);
    kp[40] = (kp[40]! + 1) % 256;
    writeFileSync(mismatched, JSON.stringify(kp));
    expect(oneLineError(await dzprov(['drain-device', 'ams-dz1', '--keypair', mismatched]))).toMatch(/not an ed25519 keypair/);
  });

  it('a readable keypair is the payer of a dry run when --as is not given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dzprov-cli-'));
    const kp = Keypair.generate();
    const file = join(dir, 'id.json');
    writeFileSync(file, JSON.stringify(Array.from(kp.secretKey)));
    // A key with no role on the sample ledger: the drain is refused for lack of a role
    const r = await dzprov(['drain-device', 'ams-dz1', '--keypair', file]);
    expect(r.code).toBe(1);
    expect(oneLineError(r)).toMatch(/caller has no role/);
    // With --as foundation the dry run uses the foundation's roles
    const ok = await dzprov(['drain-device', 'ams-dz1', '--keypair', file, '--as', 'foundation', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).payer).toBe(identity('foundation'));
  });

  it('--send is refused on the sample ledger with a clear message (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dzprov-cli-'));
    const file = join(dir, 'id.json');
    writeFileSync(file, JSON.stringify(Array.from(Keypair.generate().secretKey)));
    const r = await dzprov(['drain-device', 'ams-dz1', '--send', '--keypair', file]);
    expect(r.code).toBe(1);
    expect(oneLineError(r)).toMatch(/^dzprov: error: refusing --send: the embedded sample ledger is an offline demo/);
    expect(r.stdout).toBe('');
  });
});

describe.concurrent('dzprov and an unreachable RPC node', () => {
  it('fails with one line and exit 3', async () => {
    // When the RPC URL points at a closed port
    const r = await dzprov(['devices', '--rpc', 'http://127.0.0.1:1']);
    // Then
    expect(r.code).toBe(3);
    expect(oneLineError(r)).toMatch(/^dzprov: error: cannot read from the RPC node http:\/\/127\.0\.0\.1:1: /);
    expect(r.lines[0]).toBe('dzprov: http://127.0.0.1:1 · mainnet-beta · program ser2VaTMAcYTaauMrTSfSrxBaUDq7BLNs2xfUugTAGv');
  });

  it('DZPROV_RPC_URL selects the cluster too, and its path (API keys) is not printed', async () => {
    const r = await dzprov(['devices', '--json'], { env: { DZPROV_RPC_URL: 'http://127.0.0.1:1/secret-token' } });
    expect(r.code).toBe(3);
    expect(r.stderr).not.toContain('secret-token');
    expect(r.stderr).toContain('http://127.0.0.1:1:');
    expect(new PublicKey(identity('foundation'))).toBeTruthy();
  });
});
