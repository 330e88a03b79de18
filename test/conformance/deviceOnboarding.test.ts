/**
 * Device onboarding through DzClient against the oracle node (the program itself as the ledger):
 * createDevice with its resource accounts, updateDevice, the interface intents, and retirement
 * (drain, delete the interfaces, delete the device). Every state the client reports is compared
 * with the bank's bytes read through the oracle driver; re-runs are "already done" and send nothing;
 * conflicts and bad input are refused before anything is sent.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keypair, PublicKey } from '@solana/web3.js';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccountConflictError,
  DeviceStatus,
  DeviceType,
  DzClient,
  IllegalTransitionError,
  InstructionArgumentError,
  InterfaceCYOA,
  InterfaceDIA,
  InterfaceStatus,
  InterfaceType,
  LoopbackType,
  ValidationError,
  decodeDevice,
  deviceStatusLabel as DeviceStatusSpecLabel,
  encodeDevice,
  getDzPrefixBlockPda,
  getTunnelIdsPda,
  type Device,
} from '../../src/index.js';
import { startOracleNode, type OracleNode } from '../oracle-node/node.js';
import { dzprov, ensureBuilt } from '../cli/harness.js';
import { globalState } from './ledger.js';
import { useOracle } from './useOracle.js';

const oracle = useOracle();
let node: OracleNode;
let client: DzClient;

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const coa = () => node.chain.contributors[0]!;
const cob = () => node.chain.contributors[1]!;

beforeAll(async () => {
  node = await startOracleNode({ oracle, port: 0, seed: false, keysDir: mkdtempSync(join(tmpdir(), 'dzprov-onboard-')) });
  client = new DzClient({ rpcUrl: node.url, network: 'localnet', WebSocket, confirm: { pollIntervalMs: 100 } });
});

afterAll(async () => {
  await node?.close();
});

/** The device as the bank holds it, after checking `device` is exactly its bytes. */
async function expectDeviceIsBank(pk: PublicKey, device: Device | null): Promise<Device> {
  const a = await oracle.getAccount(pk);
  expect(a.exists, `${pk.toBase58()} exists in the bank`).toBe(true);
  expect(device).not.toBeNull();
  expect(hex(encodeDevice(device!))).toBe(hex(a.data));
  return decodeDevice(a.data, { programId: node.programId });
}

const request = () => ({
  code: 'AMS-DZ9',
  contributor: coa().code,
  location: 'ams',
  exchange: 'xams',
  publicIp: '45.90.1.1',
  dzPrefixes: ['46.90.1.0/29', '46.90.2.0/29'],
});

describe('device onboarding through DzClient, judged by the program', () => {
  it('creates a device with its resource accounts, then finds the same create already done', async () => {
    const landed = node.ledger.landed.size;
    // When coa's owner creates a device, naming contributor, location and exchange by code
    const r = await client.createDevice(request(), coa().owner);
    // Then one transaction landed and the device read back is the bank's
    expect(r.outcome).toBe('landed');
    expect(node.ledger.landed.size).toBe(landed + 1);
    expect(r.before).toBeNull();
    expect(r.labels.before.status).toBe('absent');
    const pk = (await client.findDeviceByCode('ams-dz9')).pubkey;
    const bank = await expectDeviceIsBank(pk, r.after);
    expect(bank.code).toBe('ams-dz9');
    expect(bank.contributorPk.toBase58()).toBe(coa().pk.toBase58());
    expect(bank.locationPk.toBase58()).toBe(node.chain.locations[0]!.toBase58());
    expect(bank.exchangePk.toBase58()).toBe(node.chain.exchanges[0]!.toBase58());
    expect(bank.deviceType).toBe(DeviceType.Hybrid);
    expect(bank.mgmtVrf).toBe('default');
    expect(bank.metricsPublisherPk.toBase58()).toBe(coa().owner.publicKey.toBase58());
    expect(bank.dzPrefixes).toEqual(['46.90.1.0/29', '46.90.2.0/29']);
    // And the program created the resource accounts: TunnelIds and one DzPrefixBlock per prefix
    for (const res of [getTunnelIdsPda(node.programId, pk, 0)[0], getDzPrefixBlockPda(node.programId, pk, 0)[0], getDzPrefixBlockPda(node.programId, pk, 1)[0]]) {
      expect((await oracle.getAccount(res)).exists, res.toBase58()).toBe(true);
    }

    // When the same create is run again
    const again = await client.createDevice(request(), coa().owner);
    // Then nothing is sent: the device exists with these fields
    expect(again.outcome).toBe('already-done');
    expect(again.signatures).toEqual([]);
    expect(node.ledger.landed.size).toBe(landed + 1);
    await expectDeviceIsBank(pk, again.after);
  });

  it('refuses a create that conflicts: same code other fields, a public IP already used, before anything is sent', async () => {
    const landed = node.ledger.landed.size;
    const sameCode = client.prepareCreateDevice({ ...request(), mgmtVrf: 'other' }, coa().owner.publicKey);
    await expect(sameCode).rejects.toBeInstanceOf(AccountConflictError);
    await expect(sameCode).rejects.toThrow(/mgmt VRF is default/);
    const sameIp = client.prepareCreateDevice({ ...request(), code: 'ams-dz10', dzPrefixes: ['46.90.9.0/29'] }, coa().owner.publicKey);
    await expect(sameIp).rejects.toMatchObject({ name: 'AccountConflictError', field: 'publicIp' });
    const inPrefix = client.prepareCreateDevice({ ...request(), code: 'ams-dz10', publicIp: '46.90.2.3', dzPrefixes: ['46.90.9.0/29'] }, coa().owner.publicKey);
    await expect(inPrefix).rejects.toThrow(/inside dz prefix 46.90.2.0\/29/);
    expect(node.ledger.landed.size).toBe(landed);
  });

  it('validates the request before any read, naming the field', async () => {
    // A client with no node: a read would fail with another error
    const offline = new DzClient({ rpcUrl: 'http://127.0.0.1:9', network: 'localnet', retry: { maxAttempts: 1 } });
    const payer = Keypair.generate().publicKey;
    for (const [bad, field] of [
      [{ ...request(), publicIp: '45.90.1' }, 'public_ip'],
      [{ ...request(), dzPrefixes: [] }, 'dz_prefixes'],
      [{ ...request(), code: 'bad code!' }, 'code'],
      [{ ...request(), contributor: '' }, 'request.contributor'],
      [{ ...request(), colour: 'blue' }, 'request.colour'],
    ] as const) {
      const e = await offline.prepareCreateDevice(bad as never, payer).catch((x: unknown) => x);
      expect(e, JSON.stringify(bad)).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).field).toBe(field);
      // Before any read the program's answer is not known (it checks the caller and the accounts
      // first): a plain ValidationError, as for links, never an InstructionArgumentError
      expect(e).not.toBeInstanceOf(InstructionArgumentError);
    }
    const none = await offline.prepareCreateDevice({ ...request(), dzPrefixes: [] }, payer).catch((x: unknown) => x);
    expect((none as ValidationError).rule).toBe('must hold at least one prefix (the program answers NoDzPrefixes)');
    const vlan = await (async () => offline.prepareCreateDeviceInterface('ams-dz9', { name: 'Ethernet1', vlanId: 5000 }, payer))().catch((x: unknown) => x);
    expect(vlan).toBeInstanceOf(ValidationError);
    expect(vlan).not.toBeInstanceOf(InstructionArgumentError);
    expect(vlan).toMatchObject({ field: 'vlan_id', rule: 'must be between 0 and 4094, got 5000 (the program answers InvalidVlanId)' });
    const e = await (async () => offline.prepareCreateDeviceInterface('ams-dz9', { name: 'Foo1' }, payer))().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).field).toBe('request.name');
  });

  it('refuses a create by a payer who is neither the contributor’s owner nor a network admin', async () => {
    const e = await client.prepareCreateDevice({ ...request(), code: 'ams-dz11', publicIp: '45.90.11.1', dzPrefixes: ['46.90.11.0/29'] }, node.chain.stranger.publicKey).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(IllegalTransitionError);
    expect((e as Error).message).toMatch(/needs contributor .* or networkAdmin/);
  });

  it('updates the device’s fields and moves it, then finds the same update already done', async () => {
    const { pubkey: pk } = await client.findDeviceByCode('ams-dz9');
    const changes = { mgmtVrf: 'mgmt', maxUsers: 64, publicIp: '45.90.1.2', location: 'fra' };
    const r = await client.updateDevice('ams-dz9', changes, coa().owner);
    expect(r.outcome).toBe('landed');
    const bank = await expectDeviceIsBank(pk, r.after);
    expect(bank.mgmtVrf).toBe('mgmt');
    expect(bank.maxUsers).toBe(64);
    expect(bank.publicIp).toBe('45.90.1.2');
    expect(bank.locationPk.toBase58()).toBe(node.chain.locations[1]!.toBase58());
    const again = await client.updateDevice('ams-dz9', changes, coa().owner);
    expect(again.outcome).toBe('already-done');
    expect(again.signatures).toEqual([]);
    // A contributor may not write the privileged fields (the program would drop them silently)
    await expect(client.prepareUpdateDevice('ams-dz9', { usersCount: 3 }, coa().owner.publicKey)).rejects.toBeInstanceOf(IllegalTransitionError);
    // Another contributor's owner has no role on the device
    await expect(client.prepareUpdateDevice('ams-dz9', { maxUsers: 1 }, cob().owner.publicKey)).rejects.toBeInstanceOf(IllegalTransitionError);
  });

  it('creates, updates and deletes interfaces (physical, loopback, CYOA, subinterface), each re-run already done', async () => {
    const { pubkey: pk } = await client.findDeviceByCode('ams-dz9');
    const owner = coa().owner;
    // Physical, given in the short form the program normalises
    const eth = await client.createDeviceInterface('ams-dz9', { name: 'et1', bandwidth: 10_000_000_000n }, owner);
    expect(eth.outcome).toBe('landed');
    let bank = await expectDeviceIsBank(pk, eth.after);
    const e1 = bank.interfaces.find((i) => i.name === 'Ethernet1')!;
    expect(e1.interfaceType).toBe(InterfaceType.Physical);
    expect(e1.status).toBe(InterfaceStatus.Unlinked);
    expect(e1.mtu).toBe(9000);
    expect(e1.bandwidth).toBe(10_000_000_000n);
    expect((await client.createDeviceInterface('ams-dz9', { name: 'Ethernet1', bandwidth: 10_000_000_000n }, owner)).outcome).toBe('already-done');
    await expect(client.prepareCreateDeviceInterface('ams-dz9', { name: 'Ethernet1', bandwidth: 1_000_000_000n }, owner.publicKey)).rejects.toBeInstanceOf(AccountConflictError);
    // A loopback: its address allocated by the program
    const lo = await client.createDeviceInterface('ams-dz9', { name: 'Loopback0', loopbackType: 2 }, owner);
    bank = await expectDeviceIsBank(pk, lo.after);
    expect(bank.interfaces.find((i) => i.name === 'Loopback0')!.interfaceType).toBe(InterfaceType.Loopback);
    // A CYOA port with its address, mtu 1500 by default
    const cyoa = await client.createDeviceInterface('ams-dz9', { name: 'Ethernet2', interfaceCyoa: InterfaceCYOA.GREOverDIA, ipNet: '45.90.50.1/30', bandwidth: 1_000_000_000n }, owner);
    bank = await expectDeviceIsBank(pk, cyoa.after);
    expect(bank.interfaces.find((i) => i.name === 'Ethernet2')!.mtu).toBe(1500);
    // A subinterface
    const sub = await client.createDeviceInterface('ams-dz9', { name: 'Ethernet1.100', vlanId: 100 }, owner);
    bank = await expectDeviceIsBank(pk, sub.after);
    expect(bank.interfaces.find((i) => i.name === 'Ethernet1.100')!.vlanId).toBe(100);
    // Update
    const up = await client.updateDeviceInterface('ams-dz9', { name: 'Ethernet1', bandwidth: 100_000_000_000n }, owner);
    bank = await expectDeviceIsBank(pk, up.after);
    expect(bank.interfaces.find((i) => i.name === 'Ethernet1')!.bandwidth).toBe(100_000_000_000n);
    expect((await client.updateDeviceInterface('ams-dz9', { name: 'Ethernet1', bandwidth: 100_000_000_000n }, owner)).outcome).toBe('already-done');
    // Delete
    const del = await client.deleteDeviceInterface('ams-dz9', 'Ethernet1.100', owner);
    bank = await expectDeviceIsBank(pk, del.after);
    expect(bank.interfaces.some((i) => i.name === 'Ethernet1.100')).toBe(false);
    const delAgain = await client.deleteDeviceInterface('ams-dz9', 'Ethernet1.100', owner);
    expect(delAgain.outcome).toBe('already-done');
  });

  it('retires the device: drained, its interfaces deleted, the device and its resource accounts closed', async () => {
    const { pubkey: pk, account } = await client.findDeviceByCode('ams-dz9');
    const owner = coa().owner;
    // A delete of an activated device is refused before anything is sent
    await expect(client.prepareDeleteDevice('ams-dz9', owner.publicKey)).rejects.toBeInstanceOf(IllegalTransitionError);
    expect((await client.drainDevice('ams-dz9', owner)).after!.status).toBe(DeviceStatus.Drained);
    for (const i of account.interfaces) expect((await client.deleteDeviceInterface('ams-dz9', i.name, owner)).outcome).toBe('landed');
    const gone = await client.deleteDevice('ams-dz9', owner);
    expect(gone.outcome).toBe('landed');
    expect(gone.after).toBeNull();
    expect((await oracle.getAccount(pk)).exists).toBe(false);
    expect((await oracle.getAccount(getTunnelIdsPda(node.programId, pk, 0)[0])).exists).toBe(false);
  });
});

describe('the built CLI onboards a device against the node', () => {
  const cli = (args: string[]) => dzprov([...args, '-u', node.url, '--network', 'localnet']);
  const create = ['device', 'create', '--code', 'fra-dz7', '--contributor', 'cob', '--location', 'fra', '--exchange', 'xfra', '--public-ip', '45.91.1.1', '--dz-prefixes', '46.91.1.0/29,46.91.2.0/29', '--mgmt-vrf', 'mgmt'];

  it('device create: a dry run simulated by the program, then --send; the re-run is already done', async () => {
    ensureBuilt();
    const keyFile = node.keyFiles['contributor-cob']!;
    const landed = node.ledger.landed.size;
    // When the CLI dry-runs the create for cob's owner
    const dry = await cli([...create, '--as', cob().owner.publicKey.toBase58(), '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout) as { dryRun: boolean; simulation: { ok: boolean; logs: string[] }; instructions: { name: string }[] };
    // Then the program simulated it and nothing landed
    expect(plan.dryRun).toBe(true);
    expect(plan.instructions[0]!.name).toBe('CreateDevice');
    expect(plan.simulation.ok).toBe(true);
    expect(plan.simulation.logs).toContain(`Program ${node.programId.toBase58()} success`);
    expect(node.ledger.landed.size).toBe(landed);
    // When it sends with cob's keypair file
    const sent = await cli([...create, '--send', '-k', keyFile, '--json']);
    expect(sent.code, sent.stderr).toBe(0);
    const done = JSON.parse(sent.stdout) as { target: { pubkey: string }; sent: { signature: string; slot: number; after: { label: string } } };
    expect(node.ledger.landed.get(done.sent.signature)?.slot).toBe(done.sent.slot);
    // Then the device it names is the program's, with the fields given
    const bank = decodeDevice((await oracle.getAccount(new PublicKey(done.target.pubkey))).data, { programId: node.programId });
    expect(bank.code).toBe('fra-dz7');
    expect(bank.mgmtVrf).toBe('mgmt');
    expect(bank.dzPrefixes).toEqual(['46.91.1.0/29', '46.91.2.0/29']);
    expect(done.sent.after.label).toBe(DeviceStatusSpecLabel(bank.status));
    // When the same command runs again, nothing is sent
    const again = await cli([...create, '--send', '-k', keyFile]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('already done');
    expect(node.ledger.landed.size).toBe(landed + 1);
  });

  it('device interface create/update/delete and device update --status drained, then delete: what it prints is what the program holds', async () => {
    const keyFile = node.keyFiles['contributor-cob']!;
    const pk = (await client.findDeviceByCode('fra-dz7')).pubkey;
    const bankDevice = async () => decodeDevice((await oracle.getAccount(pk)).data, { programId: node.programId });
    const add = await cli(['device', 'interface', 'create', 'fra-dz7', 'Ethernet1', '--bandwidth', '10Gbps', '--send', '-k', keyFile]);
    expect(add.code, add.stderr).toBe(0);
    expect((await bankDevice()).interfaces.find((i) => i.name === 'Ethernet1')!.bandwidth).toBe(10_000_000_000n);
    const up = await cli(['device', 'interface', 'update', 'fra-dz7', 'Ethernet1', '--bandwidth', '100G', '--send', '-k', keyFile]);
    expect(up.code, up.stderr).toBe(0);
    expect((await bankDevice()).interfaces.find((i) => i.name === 'Ethernet1')!.bandwidth).toBe(100_000_000_000n);
    // Names as doublezero takes them: et2 and ethernet2 reach the program as Ethernet2; -w reports the device's status
    const add2 = await cli(['device', 'interface', 'create', 'fra-dz7', 'et2', '--bandwidth', '10G', '--send', '-w', '-k', keyFile, '--json']);
    expect(add2.code, add2.stderr).toBe(0);
    expect((await bankDevice()).interfaces.map((i) => i.name)).toEqual(['Ethernet1', 'Ethernet2']);
    expect((JSON.parse(add2.stdout) as { sent: { after: { label: string } } }).sent.after.label).toBe(DeviceStatusSpecLabel((await bankDevice()).status));
    const up2 = await cli(['device', 'interface', 'update', 'fra-dz7', 'ethernet2', '--bandwidth', '40G', '--send', '-w', '-k', keyFile]);
    expect(up2.code, up2.stderr).toBe(0);
    expect((await bankDevice()).interfaces.find((i) => i.name === 'Ethernet2')!.bandwidth).toBe(40_000_000_000n);
    const got = await cli(['device', 'interface', 'get', 'fra-dz7', 'et2', '--json']);
    expect(got.code, got.stderr).toBe(0);
    expect(JSON.parse(got.stdout) as { name: string; bandwidth: number }).toMatchObject({ name: 'Ethernet2', bandwidth: 40_000_000_000 });
    const fields = await cli(['device', 'update', '--pubkey', 'fra-dz7', '--max-users', '32', '--send', '-k', keyFile]);
    expect(fields.code, fields.stderr).toBe(0);
    expect((await bankDevice()).maxUsers).toBe(32);
    const drain = await cli(['device', 'update', '--pubkey', pk.toBase58(), '--status', 'drained', '--send', '-k', keyFile, '--json']);
    expect(drain.code, drain.stderr).toBe(0);
    expect((JSON.parse(drain.stdout) as { sent: { after: { label: string } } }).sent.after.label).toBe('drained');
    expect((await bankDevice()).status).toBe(DeviceStatus.Drained);
    const del = await cli(['device', 'interface', 'delete', 'fra-dz7', 'Ethernet1', '--send', '-k', keyFile]);
    expect(del.code, del.stderr).toBe(0);
    expect((await bankDevice()).interfaces.map((i) => i.name)).toEqual(['Ethernet2']);
    const del2 = await cli(['device', 'interface', 'delete', 'fra-dz7', 'et2', '--send', '-k', keyFile]);
    expect(del2.code, del2.stderr).toBe(0);
    expect((await bankDevice()).interfaces).toEqual([]);
    const gone = await cli(['device', 'delete', '--pubkey', 'fra-dz7', '--send', '-k', keyFile]);
    expect(gone.code, gone.stderr).toBe(0);
    expect((await oracle.getAccount(pk)).exists).toBe(false);
  });

  it('the doublezero CLI’s values reach the program: clap spellings, a bare --ip-net, dotted netmasks, the MTU filled in, --contributor me', async () => {
    const keyFile = node.keyFiles['contributor-cob']!;
    const send = async (args: string[], key = keyFile) => {
      const r = await cli([...args, '--send', '-k', key]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };
    // When cob's owner creates a device whose dz prefix has a dotted netmask
    await send(['device', 'create', '--code', 'fra-dz8', '--contributor', 'cob', '--location', 'fra', '--exchange', 'xfra', '--public-ip', '45.91.8.1', '--dz-prefixes', '46.91.8.0/255.255.255.248']);
    const pk = (await client.findDeviceByCode('fra-dz8')).pubkey;
    const bankDevice = async () => decodeDevice((await oracle.getAccount(pk)).data, { programId: node.programId });
    const iface = async (name: string) => (await bankDevice()).interfaces.find((i) => i.name === name);
    // Then the program holds the prefix as a.b.c.d/n
    expect((await bankDevice()).dzPrefixes).toEqual(['46.91.8.0/29']);

    // When it adds a CYOA port in upstream's spelling, its address a bare IP, and a pim-rp-addr loopback
    await send(['device', 'interface', 'create', 'fra-dz8', 'Ethernet2', '--interface-cyoa', 'gre-over-dia', '--ip-net', '45.91.50.1', '--bandwidth', '1G']);
    await send(['device', 'interface', 'create', 'fra-dz8', 'Loopback1', '--loopback-type', 'pim-rp-addr']);
    // Then the program holds a GREOverDIA port at 45.91.50.1/32 with mtu 1500, and a PimRpAddr loopback
    expect(await iface('Ethernet2')).toMatchObject({ interfaceCyoa: InterfaceCYOA.GREOverDIA, ipNet: '45.91.50.1/32', mtu: 1500 });
    expect(await iface('Loopback1')).toMatchObject({ interfaceType: InterfaceType.Loopback, loopbackType: LoopbackType.PimRpAddr });

    // When the CYOA port's address is changed to one given with a dotted netmask
    await send(['device', 'interface', 'update', 'fra-dz8', 'Ethernet2', '--ip-net', '45.91.51.0/255.255.255.252']);
    // Then the program holds it as a.b.c.d/n (the port already at 1500: no MTU written)
    expect(await iface('Ethernet2')).toMatchObject({ ipNet: '45.91.51.0/30', mtu: 1500 });

    // When an unlinked port at mtu 9000 is made DIA without --mtu
    await send(['device', 'interface', 'create', 'fra-dz8', 'Ethernet3', '--bandwidth', '10G']);
    expect(await iface('Ethernet3')).toMatchObject({ status: InterfaceStatus.Unlinked, mtu: 9000 });
    const dia = await send(['device', 'interface', 'update', 'fra-dz8', 'Ethernet3', '--interface-dia', 'dia']);
    // Then the CLI said it writes mtu 1500, and the program took it
    expect(dia.stdout.replace(/\s+/g, ' ')).toContain('mtu 9000 → 1500 (mtu 1500 set without --mtu, as the doublezero CLI does');
    expect(await iface('Ethernet3')).toMatchObject({ interfaceDia: InterfaceDIA.DIA, mtu: 1500 });
    // And made DIA none again, mtu 9000 is written
    await send(['device', 'interface', 'update', 'fra-dz8', 'Ethernet3', '--interface-dia', 'none']);
    expect(await iface('Ethernet3')).toMatchObject({ interfaceDia: InterfaceDIA.None, mtu: 9000 });

    // Given a Contributor the network admin owns
    const admin = node.chain.admin;
    const ix = await oracle.build('create_contributor', admin.publicKey, { accountIndex: String((await globalState(node.chain)).accountIndex + 1n), owner: admin.publicKey.toBase58(), code: 'coz' });
    await oracle.sendOk([ix], [admin]);
    const coz = ix.keys[0]!.pubkey;
    // When the network admin gives the device to "me"
    await send(['device', 'update', '--pubkey', 'fra-dz8', '--contributor', 'me'], node.keyFiles['admin']!);
    // Then the program holds the admin's Contributor as the device's, not the admin's own key
    expect((await bankDevice()).contributorPk.toBase58()).toBe(coz.toBase58());
  });

  it('bad input: a public IP already used, an unknown contributor, a unit without a number: exit 2, nothing sent', async () => {
    await client.createDevice({ ...request(), code: 'ams-dz20', publicIp: '45.92.1.1', dzPrefixes: ['46.92.1.0/29'] }, coa().owner);
    const landed = node.ledger.landed.size;
    const keyFile = node.keyFiles['contributor-cob']!;
    const ip = await cli(['device', 'create', '--code', 'x1', '--contributor', 'cob', '--location', 'fra', '--exchange', 'xfra', '--public-ip', '45.92.1.1', '--dz-prefixes', '46.93.1.0/29', '--send', '-k', keyFile]);
    expect(ip.code).toBe(2);
    expect(ip.stderr).toMatch(/--public-ip: public IP 45\.92\.1\.1 is already device ams-dz20's/);
    const who = await cli(['device', 'create', '--code', 'x1', '--contributor', 'nobody', '--location', 'fra', '--exchange', 'xfra', '--public-ip', '45.93.1.1', '--dz-prefixes', '46.93.1.0/29', '--send', '-k', keyFile]);
    expect(who.code).toBe(2);
    expect(who.stderr).toMatch(/--contributor: no Contributor has the code "nobody"/);
    const unit = await cli(['device', 'interface', 'create', 'ams-dz20', 'Ethernet1', '--bandwidth', 'Gbps', '--send', '-k', keyFile]);
    expect(unit.code).toBe(2);
    expect(unit.stderr).toMatch(/--bandwidth "Gbps": a unit without a number/);
    expect(node.ledger.landed.size).toBe(landed);
  });
});
