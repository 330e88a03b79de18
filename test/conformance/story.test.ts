/**
 * Issue 15, item 5: one story, end to end, judged by the program. The built CLI alone takes a
 * ledger holding only its bootstrap accounts (GlobalState, contributors, locations, exchanges) to
 * an activated device pair with interfaces and an activated WAN link, through maintenance and
 * back, to retirement and deletion. Every transaction it sends is executed by the program (the
 * oracle node), and every state it prints is compared with the program's bank.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublicKey } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeDevice, decodeLink, deviceHealthLabel, deviceStatusLabel, linkHealthLabel, linkStatusLabel } from '../../src/index.js';
import { dzprov, ensureBuilt } from '../cli/harness.js';
import { startOracleNode, type OracleNode } from '../oracle-node/node.js';
import { useOracle } from './useOracle.js';

const oracle = useOracle();
let node: OracleNode;

beforeAll(async () => {
  ensureBuilt();
  node = await startOracleNode({ oracle, port: 0, seed: false, keysDir: mkdtempSync(join(tmpdir(), 'dzprov-story-')) });
});

afterAll(async () => {
  await node?.close();
});

/** Everything the story sent, in order: the command and the signature the CLI printed. */
const sent: { command: string; signature: string }[] = [];
/** Every command of the story, in order, and whether it sent or found the work already done. */
const story: string[] = [];

interface Printed {
  target: { pubkey: string; code: string };
  alreadyDone?: string;
  sent?: { signature: string; after: { label: string } | null } | null;
}

/** Runs one CLI command with --send --json as `who`; it must succeed, and its landing is recorded. */
async function run(who: string, args: string[]): Promise<Printed> {
  const before = node.ledger.landed.size;
  const r = await dzprov([...args, '-u', node.url, '--network', 'localnet', '-k', node.keyFiles[who]!, '--send', '--json']);
  expect(r.code, `dzprov ${args.join(' ')}: ${r.stderr}`).toBe(0);
  const out = JSON.parse(r.stdout) as Printed;
  if (typeof out.alreadyDone === 'string') {
    // Already where the command leads (the program wrote it so before): nothing sent.
    expect(node.ledger.landed.size, `dzprov ${args.join(' ')}`).toBe(before);
    story.push(`${args.slice(0, 3).join(' ')}: already done`);
    return out;
  }
  // Exactly one transaction landed for it, the one it printed.
  expect(node.ledger.landed.size, `dzprov ${args.join(' ')}`).toBe(before + 1);
  expect(node.ledger.landed.has(out.sent!.signature)).toBe(true);
  sent.push({ command: args.slice(0, 3).join(' '), signature: out.sent!.signature });
  story.push(`${args.slice(0, 3).join(' ')}: sent`);
  return out;
}

/** The program's account at the address the CLI printed (undefined once closed). */
const bankAt = async (out: Printed) => {
  const a = await oracle.getAccount(new PublicKey(out.target.pubkey));
  return a.exists && a.data.length > 0 ? a.data : undefined;
};

/** What the CLI printed as the state after its send equals the program's. */
async function deviceIs(out: Printed, status: string, health?: string): Promise<void> {
  const device = decodeDevice((await bankAt(out))!, { programId: node.programId });
  expect(device.code).toBe(out.target.code);
  expect(deviceStatusLabel(device.status)).toBe(status);
  if (out.sent) expect(out.sent.after!.label).toBe(deviceStatusLabel(device.status));
  if (health) expect(deviceHealthLabel(device.deviceHealth)).toBe(health);
}
async function linkIs(out: Printed, status: string, health?: string): Promise<void> {
  const link = decodeLink((await bankAt(out))!, { programId: node.programId });
  expect(link.code).toBe(out.target.code);
  expect(linkStatusLabel(link.status)).toBe(status);
  if (out.sent) expect(out.sent.after!.label).toBe(linkStatusLabel(link.status));
  if (health) expect(linkHealthLabel(link.linkHealth)).toBe(health);
}

describe('the CLI alone, from bootstrap accounts to retirement, judged by the program', () => {
  const owner = 'contributor-coa';
  const c = () => node.chain.contributors[0]!.code;
  const created = new Map<string, Printed>();

  it('onboards two devices with interfaces and a WAN link between them, activated', async () => {
    // When the contributor creates two devices, an interface on each, and a WAN link between them
    for (const [code, ip, prefix] of [
      ['lab-dz1', '45.80.1.1', '46.80.1.0/29'],
      ['lab-dz2', '45.80.2.1', '46.80.2.0/29'],
    ] as const) {
      const dev = await run(owner, ['device', 'create', '--code', code, '--contributor', c(), '--location', 'ams', '--exchange', 'xams', '--public-ip', ip, '--dz-prefixes', prefix, '--mgmt-vrf', 'mgmt']);
      await deviceIs(dev, 'activated');
      created.set(code, dev);
      await run(owner, ['device', 'interface', 'create', code, 'Ethernet1', '--bandwidth', '10G']);
      expect(decodeDevice((await bankAt(dev))!, { programId: node.programId }).interfaces.map((i) => i.name)).toEqual(['Ethernet1']);
    }
    // (the link's interfaces named as doublezero takes them, and -w as its scripts pass it)
    const link = await run(owner, ['link', 'create', 'wan', '--code', 'lab-dz1:lab-dz2', '--contributor', c(), '--side-a', 'lab-dz1', '--side-a-interface', 'et1', '--side-z', 'lab-dz2', '--side-z-interface', 'ethernet1', '--bandwidth', '10Gbps', '--mtu', '9000', '--delay-ms', '2', '--jitter-ms', '0.1', '-w']);
    // Then the program holds the pair and the link, activated, as the CLI printed
    await linkIs(link, 'activated');
    created.set('link', link);
    const bank = decodeLink((await bankAt(link))!, { programId: node.programId });
    expect([bank.bandwidth, bank.delayNs, bank.jitterNs, bank.mtu]).toEqual([10_000_000_000n, 2_000_000n, 100_000n, 9000]);
    expect([bank.sideAIfaceName, bank.sideZIfaceName]).toEqual(['Ethernet1', 'Ethernet1']);
  });

  it('takes lab-dz1 through maintenance and back: link soft-drained, device drained, health, undrained, link activated', async () => {
    await linkIs(await run(owner, ['link', 'update', '--pubkey', 'lab-dz1:lab-dz2', '--status', 'soft-drained']), 'soft-drained');
    await deviceIs(await run(owner, ['device', 'update', '--pubkey', 'lab-dz1', '--status', 'drained']), 'drained');
    // The health oracle's verdicts during the maintenance (impaired, then healthy again), then the return
    await deviceIs(await run('health-oracle', ['set-device-health', 'lab-dz1', 'impaired']), 'drained', 'impaired');
    await linkIs(await run('health-oracle', ['set-link-health', 'lab-dz1:lab-dz2', 'impaired']), 'soft-drained', 'impaired');
    await deviceIs(await run('health-oracle', ['set-device-health', 'lab-dz1', 'ready-for-users']), 'drained', 'ready-for-users');
    await linkIs(await run('health-oracle', ['set-link-health', 'lab-dz1:lab-dz2', 'ready-for-service']), 'soft-drained', 'ready-for-service');
    await deviceIs(await run(owner, ['undrain-device', 'lab-dz1']), 'activated');
    await linkIs(await run(owner, ['activate-link', 'lab-dz1:lab-dz2']), 'activated');
  });

  it('retires everything: the link drained and deleted, the devices drained, their interfaces and themselves deleted', async () => {
    await linkIs(await run(owner, ['link', 'update', '--pubkey', 'lab-dz1:lab-dz2', '--status', 'soft-drained']), 'soft-drained');
    await run(owner, ['link', 'delete', '--pubkey', 'lab-dz1:lab-dz2']);
    expect(await bankAt(created.get('link')!)).toBeUndefined();
    for (const code of ['lab-dz1', 'lab-dz2']) {
      await deviceIs(await run(owner, ['device', 'update', '--pubkey', code, '--status', 'drained']), 'drained');
      await run(owner, ['device', 'interface', 'delete', code, 'et1']);
      expect(decodeDevice((await bankAt(created.get(code)!))!, { programId: node.programId }).interfaces).toEqual([]);
      await run(owner, ['device', 'delete', '--pubkey', code]);
      expect(await bankAt(created.get(code)!)).toBeUndefined();
    }
    // Every transaction of the story was the program's to execute, and landed
    console.log(`story: ${sent.length} transactions sent by the CLI, each executed by the program`);
    // Every command wrote: none found its work already done
    expect(story).toEqual([
      ...['lab-dz1', 'lab-dz2'].flatMap(() => ['device create --code: sent', 'device interface create: sent']),
      'link create wan: sent',
      'link update --pubkey: sent',
      'device update --pubkey: sent',
      'set-device-health lab-dz1 impaired: sent',
      'set-link-health lab-dz1:lab-dz2 impaired: sent',
      'set-device-health lab-dz1 ready-for-users: sent',
      'set-link-health lab-dz1:lab-dz2 ready-for-service: sent',
      'undrain-device lab-dz1: sent',
      'activate-link lab-dz1:lab-dz2: sent',
      'link update --pubkey: sent',
      'link delete --pubkey: sent',
      ...['lab-dz1', 'lab-dz2'].flatMap(() => ['device update --pubkey: sent', 'device interface delete: sent', 'device delete --pubkey: sent']),
    ]);
    expect(sent).toHaveLength(21);
  });
});
