/**
 * Link onboarding and changes (issue 15 item 4), judged by the program: DzClient's createLink,
 * updateLink, acceptLink and deleteLink, and the CLI's `link create wan|dzx`, `link update`,
 * `link accept`, `link delete`, run against the oracle node (the program itself as the ledger).
 * What they report is compared with the oracle's own account bytes; what they refuse is never
 * sent (the node's landed count does not move).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublicKey } from '@solana/web3.js';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccountConflictError,
  DzClient,
  IllegalTransitionError,
  InstructionArgumentError,
  InterfaceStatus,
  LinkLinkType,
  LinkStatus,
  ValidationError,
  decodeDevice,
  decodeLink,
  encodeLink,
  type CreateLinkRequest,
  type Link,
} from '../../src/index.js';
import { dzprov, ensureBuilt } from '../cli/harness.js';
import { startOracleNode, type OracleNode } from '../oracle-node/node.js';
import { addDevice, addInterface, physicalInterface, type Ledger } from './ledger.js';
import { useOracle } from './useOracle.js';

const oracle = useOracle();
let node: OracleNode;
let client: DzClient;
const devices = new Map<string, PublicKey>();

/** Three devices (ams-dz1 and ams-dz2 of coa, fra-dz1 of cob), each with unlinked Ethernet1..4 (10 Gbps). */
async function prepare(chain: Ledger): Promise<void> {
  const [coa, cob] = chain.contributors;
  for (const [code, contributor, at] of [
    ['ams-dz1', coa!, 0],
    ['ams-dz2', coa!, 0],
    ['fra-dz1', cob!, 1],
  ] as const) {
    const d = await addDevice(chain, { contributor, location: chain.locations[at], exchange: chain.exchanges[at], args: { code } });
    if (!d.result.success) throw new Error(`device ${code}: ${JSON.stringify(d.result.error)}`);
    devices.set(code, d.pk);
    for (const name of ['Ethernet1', 'Ethernet2', 'Ethernet3', 'Ethernet4']) {
      const r = await addInterface(chain, d.pk, physicalInterface(name, { bandwidth: 10_000_000_000n }));
      if (!r.success) throw new Error(`interface ${name} on ${code}: ${JSON.stringify(r.error)}`);
    }
  }
}

beforeAll(async () => {
  ensureBuilt();
  node = await startOracleNode({ oracle, port: 0, keysDir: mkdtempSync(join(tmpdir(), 'dzprov-link-onboarding-')), prepare });
  client = new DzClient({ rpcUrl: node.url, network: 'localnet', WebSocket, confirm: { pollIntervalMs: 100 } });
});

afterAll(async () => {
  await node?.close();
});

const coa = () => node.chain.contributors[0]!;
const cob = () => node.chain.contributors[1]!;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** The link's bytes as the oracle's bank holds them (null: no account). */
async function bankLink(pk: PublicKey): Promise<Link | null> {
  const a = await oracle.getAccount(pk);
  if (!a.exists || a.data.length === 0) return null;
  const l = decodeLink(a.data, { programId: node.programId }) as Link;
  expect(hex(encodeLink(l))).toBe(hex(a.data));
  return l;
}

async function expectIsBank(pk: PublicKey, link: Link | null): Promise<void> {
  const bank = await bankLink(pk);
  expect(bank).not.toBeNull();
  expect(link).not.toBeNull();
  expect(hex(encodeLink(link!))).toBe(hex(encodeLink(bank!)));
}

const wan = (over: Partial<CreateLinkRequest> = {}): CreateLinkRequest => ({
  code: 'ams-dz1:ams-dz2',
  linkType: LinkLinkType.WAN,
  contributor: 'coa',
  sideA: 'ams-dz1',
  sideAIfaceName: 'Ethernet1',
  sideZ: 'ams-dz2',
  sideZIfaceName: 'Ethernet1',
  bandwidth: 10_000_000_000n,
  delayNs: 1_500_000n,
  jitterNs: 20_000n,
  ...over,
});

describe('DzClient link onboarding against the program', () => {
  it('creates a WAN link (codes for the devices and the contributor), then finds it already done, and refuses other fields', async () => {
    const landed = node.ledger.landed.size;
    // When coa's owner creates a WAN link between its two devices
    const r = await client.createLink(wan(), coa().owner);
    // Then one transaction landed, and the link read back is the program's: activated, on both interfaces
    expect(r.outcome).toBe('landed');
    expect(node.ledger.landed.size).toBe(landed + 1);
    expect(r.before).toBeNull();
    expect(r.labels.before).toEqual({ status: 'absent', desiredStatus: 'absent', health: 'absent' });
    const pk = new PublicKey(r.instructions.at(-1)!.keys[0]!.pubkey);
    await expectIsBank(pk, r.after);
    expect(r.after!.status).toBe(LinkStatus.Activated);
    expect(r.after!.code).toBe('ams-dz1:ams-dz2');
    expect(r.after!.contributorPk.toBase58()).toBe(coa().pk.toBase58());
    expect([r.after!.sideAIfaceName, r.after!.sideZIfaceName]).toEqual(['Ethernet1', 'Ethernet1']);
    // And the program linked both interfaces
    for (const code of ['ams-dz1', 'ams-dz2']) {
      const d = decodeDevice((await oracle.getAccount(devices.get(code)!)).data);
      expect(d.interfaces.find((i) => i.name === 'Ethernet1')!.status, code).toBe(InterfaceStatus.Activated);
    }

    // When the same create runs again (by pubkeys this time)
    const again = await client.createLink(wan({ sideA: devices.get('ams-dz1')!, sideZ: devices.get('ams-dz2')!, contributor: coa().pk }), coa().owner);
    // Then nothing is sent: already done
    expect(again.outcome).toBe('already-done');
    expect(again.signatures).toEqual([]);
    expect(node.ledger.landed.size).toBe(landed + 1);

    // When it runs with another bandwidth, then a typed conflict names the field, nothing sent
    const conflict = await client.createLink(wan({ bandwidth: 20_000_000_000n }), coa().owner).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(AccountConflictError);
    expect((conflict as AccountConflictError).differences).toEqual(['bandwidth: on chain 10000000000, requested 20000000000']);
    expect(node.ledger.landed.size).toBe(landed + 1);
  });

  it('refuses bad input before reading anything, and what the side devices do not allow before sending', async () => {
    const landed = node.ledger.landed.size;
    // A field the program refuses whatever the chain holds: a typed error naming it, from a client with no node at all
    const offline = new DzClient({ rpcUrl: 'http://127.0.0.1:9', network: 'localnet', retry: { maxAttempts: 1 } });
    const e1 = await offline.prepareCreateLink(wan({ code: 'x', bandwidth: 1_000n }), coa().owner.publicKey).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ValidationError);
    expect((e1 as ValidationError).field).toBe('bandwidth');
    expect((e1 as ValidationError).rule).toContain('InvalidBandwidth');
    const e2 = await offline.prepareCreateLink(wan({ linkType: LinkLinkType.DZX }), coa().owner.publicKey).catch((e: unknown) => e);
    expect((e2 as ValidationError).field).toBe('side_z_iface_name');
    const e3 = await (async () => offline.prepareUpdateLink('ams-dz1:ams-dz2', {}, coa().owner.publicKey))().catch((e: unknown) => e);
    expect((e3 as ValidationError).field).toBe('changes');
    // An interface side A does not have: the program's error, predicted from the device read now
    const e4 = await client.prepareCreateLink(wan({ code: 'other', sideAIfaceName: 'Ethernet9' }), coa().owner.publicKey).catch((e: unknown) => e);
    expect(e4).toBeInstanceOf(InstructionArgumentError);
    expect((e4 as InstructionArgumentError).programError.name).toBe('InvalidInterfaceName');
    // A payer that is neither the contributor's owner nor a network admin
    const e5 = await client.prepareCreateLink(wan({ code: 'other', sideAIfaceName: 'Ethernet2', sideZIfaceName: 'Ethernet2' }), node.chain.stranger.publicKey).catch((e: unknown) => e);
    expect(e5).toBeInstanceOf(IllegalTransitionError);
    expect(node.ledger.landed.size).toBe(landed);
  });

  it('updates a link’s fields, then finds the same update already done; a stranger is refused', async () => {
    const { pubkey } = await client.findLinkByCode('ams-dz1:ams-dz2');
    const r = await client.updateLink('ams-dz1:ams-dz2', { delayNs: 2_500_000n, jitterNs: 30_000n }, coa().owner);
    expect(r.outcome).toBe('landed');
    await expectIsBank(pubkey, r.after);
    expect([r.after!.delayNs, r.after!.jitterNs]).toEqual([2_500_000n, 30_000n]);
    expect((await client.updateLink('ams-dz1:ams-dz2', { delayNs: 2_500_000n }, coa().owner)).outcome).toBe('already-done');
    await expect((async () => client.prepareUpdateLink('ams-dz1:ams-dz2', { delayNs: 3_000_000n }, node.chain.stranger.publicKey))()).rejects.toBeInstanceOf(IllegalTransitionError);
    // A status write carries its desired status, and is the program's
    const drained = await client.updateLink(pubkey, { status: LinkStatus.SoftDrained }, coa().owner);
    expect(drained.outcome).toBe('landed');
    await expectIsBank(pubkey, drained.after);
    expect(drained.labels.after).toEqual({ status: 'soft-drained', desiredStatus: 'soft-drained', health: drained.labels.before!.health });
  });

  it('creates a DZX link to another contributor, which side Z accepts; then it is drained and deleted', async () => {
    const dzx = (): CreateLinkRequest => wan({ code: 'ams-dz1:fra-dz1', linkType: LinkLinkType.DZX, sideZ: 'fra-dz1', sideAIfaceName: 'Ethernet2', sideZIfaceName: null });
    const created = await client.createLink(dzx(), coa().owner);
    expect(created.outcome).toBe('landed');
    expect(created.after!.status).toBe(LinkStatus.Requested);
    const pk = new PublicKey(created.instructions.at(-1)!.keys[0]!.pubkey);
    await expectIsBank(pk, created.after);
    expect((await client.createLink(dzx(), coa().owner)).outcome).toBe('already-done');
    // When cob's owner accepts it on fra-dz1's Ethernet3
    const accepted = await client.acceptLink('ams-dz1:fra-dz1', 'Ethernet3', cob().owner);
    expect(accepted.outcome).toBe('landed');
    expect(accepted.after!.status).toBe(LinkStatus.Activated);
    await expectIsBank(pk, accepted.after);
    // A create with the same fields is still "already done" once side Z named its interface
    expect((await client.createLink(dzx(), coa().owner)).outcome).toBe('already-done');
    // Retirement: drain, then delete; the account is gone in the bank
    expect((await client.softDrainLink(pk, coa().owner)).outcome).toBe('landed');
    const deleted = await client.deleteLink(pk, coa().owner);
    expect(deleted.outcome).toBe('landed');
    expect(deleted.after).toBeNull();
    expect(await bankLink(pk)).toBeNull();
  });
});

describe('the built CLI’s link commands against the program', () => {
  const cli = (args: string[]) => dzprov([...args, '-u', node.url, '--network', 'localnet']);
  const create = ['link', 'create', 'wan', '--code', 'ams-dz1:ams-dz2:2', '--contributor', 'coa', '--side-a', 'ams-dz1', '--side-a-interface', 'Ethernet4', '--side-z', 'ams-dz2', '--side-z-interface', 'Ethernet4', '--bandwidth', '10Gbps', '--delay-ms', '3', '--jitter-ms', '0.05'];

  it('link create wan: a dry run simulated by the program, then --send; the state it prints is the program’s; again: already done', async () => {
    const key = node.keyFiles['contributor-coa']!;
    const landed = node.ledger.landed.size;
    const dry = await cli([...create, '-k', key, '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout) as { dryRun: boolean; simulation: { ok: boolean }; instructions: { name: string }[] };
    expect(plan.dryRun).toBe(true);
    expect(plan.simulation.ok).toBe(true);
    expect(plan.instructions[0]!.name).toBe('CreateLink');
    expect(node.ledger.landed.size).toBe(landed);

    const sent = await cli([...create, '-k', key, '--send', '--json']);
    expect(sent.code, sent.stderr).toBe(0);
    const done = JSON.parse(sent.stdout) as { target: { pubkey: string; code: string }; sent: { signature: string; after: { value: number; label: string } } };
    expect(node.ledger.landed.size).toBe(landed + 1);
    const bank = (await bankLink(new PublicKey(done.target.pubkey)))!;
    expect(done.target.code).toBe('ams-dz1:ams-dz2:2');
    expect(bank.code).toBe('ams-dz1:ams-dz2:2');
    expect([bank.bandwidth, bank.delayNs, bank.jitterNs]).toEqual([10_000_000_000n, 3_000_000n, 50_000n]);
    expect(done.sent.after).toEqual({ value: bank.status, label: 'activated' });

    const again = await cli([...create, '-k', key, '--send']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('already done');
    expect(node.ledger.landed.size).toBe(landed + 1);
  });

  it('bad input names its flag, exits 2 and sends nothing: a code used with other fields, a missing interface, a unit without a number', async () => {
    const key = node.keyFiles['contributor-coa']!;
    const landed = node.ledger.landed.size;
    const swap = (flag: string, value: string) => create.map((a, i) => (create[i - 1] === flag ? value : a));
    const cases: [string[], RegExp][] = [
      [swap('--bandwidth', '20G'), /--code: a link with the code "ams-dz1:ams-dz2:2" already exists .*bandwidth: on chain 10000000000, requested 20000000000/],
      [swap('--code', 'fresh').map((a) => (a === 'Ethernet4' ? 'Ethernet9' : a)), /--side-a-interface: device ams-dz1 has no interface "Ethernet9"/],
      [swap('--bandwidth', 'Gbps'), /--bandwidth "Gbps": a unit without a number/],
      [swap('--delay-ms', 'ms'), /--delay-ms "ms": a unit without a number/],
      [swap('--bandwidth', '10'), /--bandwidth "10": a bandwidth needs a unit/],
    ];
    for (const [args, message] of cases) {
      const r = await cli([...args, '-k', key, '--send']);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(node.ledger.landed.size).toBe(landed);
  });

  it('link update --tunnel-net with a dotted netmask (as the doublezero CLI reads it): the program holds the network as a.b.c.d/n', async () => {
    // Given the WAN link the CLI created, and the network admin's key (tunnel_net is a network admin's field)
    const key = node.keyFiles['admin']!;
    // When the tunnel network is given with a dotted netmask
    const r = await cli(['link', 'update', '--pubkey', 'ams-dz1:ams-dz2:2', '--tunnel-net', '172.16.200.0/255.255.255.254', '-k', key, '--send', '--json']);
    expect(r.code, r.stderr).toBe(0);
    // Then the program holds 172.16.200.0/31, and the CLI built that
    const pk = new PublicKey((JSON.parse(r.stdout) as { target: { pubkey: string } }).target.pubkey);
    expect((await bankLink(pk))!.tunnelNet).toBe('172.16.200.0/31');
    // And a netmask that is not contiguous is a usage error naming the flag, nothing sent
    const landed = node.ledger.landed.size;
    const bad = await cli(['link', 'update', '--pubkey', 'ams-dz1:ams-dz2:2', '--tunnel-net', '172.16.200.0/255.255.0.254', '-k', key, '--send']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--tunnel-net "172\.16\.200\.0\/255\.255\.0\.254": the netmask 255\.255\.0\.254 is not contiguous/);
    expect(node.ledger.landed.size).toBe(landed);
  });

  it('link update, then link delete after a drain: what they print is what the program holds', async () => {
    const key = node.keyFiles['contributor-coa']!;
    const up = await cli(['link', 'update', '--pubkey', 'ams-dz1:ams-dz2:2', '--delay-ms', '4.5', '-k', key, '--send', '--json']);
    expect(up.code, up.stderr).toBe(0);
    const pk = new PublicKey((JSON.parse(up.stdout) as { target: { pubkey: string } }).target.pubkey);
    expect((await bankLink(pk))!.delayNs).toBe(4_500_000n);
    const drain = await cli(['link', 'update', '--pubkey', pk.toBase58(), '--status', 'hard-drained', '-k', key, '--send', '--json']);
    expect(drain.code, drain.stderr).toBe(0);
    expect((JSON.parse(drain.stdout) as { sent: { after: { label: string } } }).sent.after.label).toBe('hard-drained');
    expect((await bankLink(pk))!.status).toBe(LinkStatus.HardDrained);
    const del = await cli(['link', 'delete', '--pubkey', 'ams-dz1:ams-dz2:2', '-k', key, '--send']);
    expect(del.code, del.stderr).toBe(0);
    expect(await bankLink(pk)).toBeNull();
  });

  type Waited = { target: { pubkey: string }; sent: { signature: string; after: { value: number; label: string } | null } };

  it('link create wan with shorthand interface names and -w: the program links Ethernet3 on both sides, and the state printed is its own', async () => {
    const key = node.keyFiles['contributor-coa']!;
    const landed = node.ledger.landed.size;
    // When coa's owner creates a WAN link naming its interfaces as doublezero takes them, with -w
    const r = await cli(['link', 'create', 'wan', '--code', 'ams-dz1:ams-dz2:3', '--contributor', 'coa', '--side-a', 'ams-dz1', '--side-a-interface', 'et3', '--side-z', 'ams-dz2', '--side-z-interface', 'ETHERNET3', '--bandwidth', '10G', '--delay-ms', '2', '--jitter-ms', '0.02', '-k', key, '--send', '-w', '--json']);
    // Then one transaction landed, and the program stored the canonical names and linked both interfaces
    expect(r.code, r.stderr).toBe(0);
    expect(node.ledger.landed.size).toBe(landed + 1);
    const out = JSON.parse(r.stdout) as Waited;
    expect(node.ledger.landed.has(out.sent.signature)).toBe(true);
    const bank = (await bankLink(new PublicKey(out.target.pubkey)))!;
    expect([bank.sideAIfaceName, bank.sideZIfaceName]).toEqual(['Ethernet3', 'Ethernet3']);
    for (const code of ['ams-dz1', 'ams-dz2']) {
      const d = decodeDevice((await oracle.getAccount(devices.get(code)!)).data);
      expect(d.interfaces.find((i) => i.name === 'Ethernet3')!.status, code).toBe(InterfaceStatus.Activated);
    }
    // And -w reported the status the program holds
    expect(out.sent.after).toEqual({ value: bank.status, label: 'activated' });
  });

  it('link create dzx, link accept and link update with shorthands and -w: each lands as the program says, the requested link said to wait for side Z', async () => {
    const coaKey = node.keyFiles['contributor-coa']!;
    const cobKey = node.keyFiles['contributor-cob']!;
    const landed = node.ledger.landed.size;
    // When coa's owner creates a DZX link from ams-dz2's et2 to fra-dz1 (cob's), with -w
    const created = await cli(['link', 'create', 'dzx', '--code', 'ams-dz2:fra-dz1', '--contributor', 'coa', '--side-a', 'ams-dz2', '--side-a-interface', 'et2', '--side-z', 'fra-dz1', '--bandwidth', '10G', '--delay-ms', '5', '--jitter-ms', '0.05', '-k', coaKey, '--send', '-w', '--json']);
    // Then it landed requested, on Ethernet2, and the CLI says it waits for side Z
    expect(created.code, created.stderr).toBe(0);
    const c = JSON.parse(created.stdout) as Waited;
    const pk = new PublicKey(c.target.pubkey);
    let bank = (await bankLink(pk))!;
    expect(bank.sideAIfaceName).toBe('Ethernet2');
    expect(bank.status).toBe(LinkStatus.Requested);
    expect(c.sent.after).toEqual({ value: bank.status, label: 'requested' });
    expect(created.stderr).toContain("--wait: link ams-dz2:fra-dz1 is requested: it is activated when side Z's contributor accepts it");
    // When cob's owner accepts it on fra-dz1's et4, with -w
    const accepted = await cli(['link', 'accept', '--code', 'ams-dz2:fra-dz1', '--side-z-interface', 'et4', '-k', cobKey, '--send', '-w', '--json']);
    expect(accepted.code, accepted.stderr).toBe(0);
    bank = (await bankLink(pk))!;
    // Then the program activated it on Ethernet4, as the CLI printed
    expect(bank.sideZIfaceName).toBe('Ethernet4');
    expect(bank.status).toBe(LinkStatus.Activated);
    expect((JSON.parse(accepted.stdout) as Waited).sent.after).toEqual({ value: bank.status, label: 'activated' });
    expect(decodeDevice((await oracle.getAccount(devices.get('fra-dz1')!)).data).interfaces.find((i) => i.name === 'Ethernet4')!.status).toBe(InterfaceStatus.Activated);
    // When coa's owner updates its delay with -w
    const updated = await cli(['link', 'update', '--pubkey', 'ams-dz2:fra-dz1', '--delay-ms', '4', '-k', coaKey, '--send', '-w', '--json']);
    expect(updated.code, updated.stderr).toBe(0);
    bank = (await bankLink(pk))!;
    expect(bank.delayNs).toBe(4_000_000n);
    expect((JSON.parse(updated.stdout) as Waited).sent.after).toEqual({ value: bank.status, label: 'activated' });
    expect(node.ledger.landed.size).toBe(landed + 3);
  });
});
