/**
 * The link writes of the `doublezero` CLI in dzprov (`link create wan|dzx`, `link update`, `link
 * accept`, `link delete`): the units as upstream writes them, bad input refused before anything is
 * read (exit 2, the flag named, no request to the node), and what the client decides on a node
 * holding the sample ledger (already done, a conflict, the CreateLink built). What the program
 * does with them is tested against the oracle node (test/conformance/linkOnboarding.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { decodeCreateLinkArgs, LinkLinkType } from '../../src/index.js';
import { UsageError } from '../../src/cli/errors.js';
import { parseBandwidth, parseMs } from '../../src/cli/units.js';
import { buildSampleLedger, sampleKeypair } from '../helpers/sampleLedger.js';
import { dzprov, oneLineError, useSampleLedgerNode } from './harness.js';

describe('units as the doublezero CLI writes them', () => {
  it.each([
    ['10G', 10_000_000_000n],
    ['10Gbps', 10_000_000_000n],
    ['10 gbps', 10_000_000_000n],
    ['1.5g', 1_500_000_000n],
    ['100Mbps', 100_000_000n],
    ['100m', 100_000_000n],
    ['500Kbps', 500_000n],
    ['9000bps', 9_000n],
    ['400G', 400_000_000_000n],
  ])('bandwidth %s = %s bps', (text, bps) => {
    expect(parseBandwidth(text)).toBe(bps);
  });

  it.each([
    ['Gbps', 'a unit without a number'],
    ['G', 'a unit without a number'],
    ['10', 'a bandwidth needs a unit'],
    ['10x', 'unknown unit "x"'],
    ['1.0001bps', 'not a whole number of bits per second'],
    ['1e3G', 'not a bandwidth'],
    ['', 'not a bandwidth'],
    ['-10G', 'not a bandwidth'],
  ])('bandwidth %j is a UsageError naming --bandwidth: %s', (text, rule) => {
    const e = (() => {
      try {
        parseBandwidth(text);
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).message).toContain(`--bandwidth "${text}": ${rule}`);
  });

  it.each([
    ['3', 3_000_000n],
    ['3ms', 3_000_000n],
    ['0.5 ms', 500_000n],
    ['0.000001', 1n],
    ['1000', 1_000_000_000n],
  ])('milliseconds %s = %s ns', (text, ns) => {
    expect(parseMs(text, '--delay-ms')).toBe(ns);
  });

  it.each([
    ['ms', 'a unit without a number'],
    ['0.0000001', 'to the nanosecond at most'],
    ['3s', 'not a number of milliseconds'],
    ['abc', 'not a number of milliseconds'],
  ])('milliseconds %j is a UsageError naming the flag: %s', (text, rule) => {
    expect(() => parseMs(text, '--jitter-ms')).toThrow(new RegExp(`--jitter-ms "${text}": .*${rule}`));
  });
});

const ledger = buildSampleLedger();
const sampleNode = useSampleLedgerNode(ledger);

const as = ['--as', sampleKeypair('foundation').publicKey.toBase58()];
const run = (args: string[]) => dzprov([...args, '--url', sampleNode.server.url, '-e', 'local', ...as]);
const dzx = ['link', 'create', 'dzx', '--code', 'fra-lax-2', '--contributor', 'acme', '--side-a', 'fra-dz1', '--side-a-interface', 'Ethernet5', '--side-z', 'lax-dz2', '--bandwidth', '10Gbps', '--delay-ms', '75', '--jitter-ms', '0.7'];
const without = (flag: string) => dzx.filter((a, i) => a !== flag && dzx[i - 1] !== flag);
const swap = (flag: string, value: string) => dzx.map((a, i) => (dzx[i - 1] === flag ? value : a));

describe('bad input: the flag named, exit 2, nothing read or sent', () => {
  it.each([
    [without('--code'), /link create dzx: --code is required/],
    [without('--side-a-interface'), /--side-a-interface is required/],
    [[...dzx, '--side-z-interface', 'Ethernet1'], /option --side-z-interface does not apply to link create dzx/],
    [['link', 'create', 'wan', ...dzx.slice(3)], /link create wan: --side-z-interface is required/],
    [swap('--bandwidth', 'Gbps'), /--bandwidth "Gbps": a unit without a number/],
    [swap('--bandwidth', '1G'), /--bandwidth: must be between 10000000000 and 400000000000 bps/],
    [swap('--delay-ms', '0.001'), /--delay-ms: must be between 10000 and 1000000000 ns/],
    [swap('--code', 'bad code'), /--code: "bad code" has a character/],
    [[...dzx, '--mtu', '1500'], /--mtu: must be 9000, got 1500/],
    [swap('--side-z', 'fra-dz1'), /--side-z: must be another device than --side-a/],
    [[...dzx, '--desired-status', 'sideways'], /--desired-status "sideways"/],
    [['link', 'update', '--pubkey', 'ams-fra-1'], /link update: nothing to change/],
    [['link', 'update', '--delay-ms', '3'], /link update: --pubkey is required/],
    [['link', 'update', '--pubkey', 'ams-fra-1', '--tunnel-net', '10.0.0.1/31'], /--tunnel-net: 10.0.0.1\/31 has host bits set/],
    [['link', 'update', '--pubkey', 'ams-fra-1', '--status', 'nowhere'], /--status "nowhere"/],
    [['link', 'accept', '--code', 'fra-lax-1'], /link accept: --side-z-interface is required/],
    [['link', 'delete'], /link delete: --pubkey is required/],
  ])('%j', async (args, message) => {
    sampleNode.server.resetRecords();
    const r = await run(args);
    expect(r.code, r.stderr).toBe(2);
    expect(oneLineError(r)).toMatch(message);
    expect(sampleNode.server.requests).toHaveLength(0);
  });
});

describe('what the client decides on a node holding the sample ledger', () => {
  it('link create dzx: the CreateLink built with the parsed units', async () => {
    const r = await run([...dzx, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { dryRun: boolean; target: { kind: string; code: string }; instructions: { name: string; data: string }[]; alreadyDone: null };
    expect(out.dryRun).toBe(true);
    expect(out.target).toMatchObject({ kind: 'link', code: 'fra-lax-2' });
    expect(out.instructions[0]!.name).toBe('CreateLink');
    const args = decodeCreateLinkArgs(new Uint8Array(Buffer.from(out.instructions[0]!.data, 'hex')));
    expect(args).toMatchObject({ code: 'fra-lax-2', linkType: LinkLinkType.DZX, bandwidth: 10_000_000_000n, mtu: 9000, delayNs: 75_000_000n, jitterNs: 700_000n, sideAIfaceName: 'Ethernet5', sideZIfaceName: null });
  });

  it('a link with that code and the same fields is already done; with other fields, a conflict naming them (exit 2)', async () => {
    const same = ['link', 'create', 'dzx', '--code', 'fra-lax-1', '--contributor', 'acme', '--side-a', 'fra-dz1', '--side-a-interface', 'Ethernet5', '--side-z', 'lax-dz1', '--bandwidth', '10G', '--delay-ms', '75.9', '--jitter-ms', '0.759'];
    const done = await run([...same, '--json']);
    expect(done.code, done.stderr).toBe(0);
    expect((JSON.parse(done.stdout) as { alreadyDone: string }).alreadyDone).toBe('link fra-lax-1 already exists with these fields (status requested)');
    const other = await run(same.map((a) => (a === '75.9' ? '80' : a)));
    expect(other.code).toBe(2);
    expect(oneLineError(other)).toMatch(/--code: a link with the code "fra-lax-1" already exists \(\w+\) with other fields: delay_ns: on chain 75900000, requested 80000000; nothing sent/);
  });

  it('an interface the side device does not have names --side-a-interface (exit 2)', async () => {
    const r = await run(swap('--side-a-interface', 'Ethernet9'));
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toMatch(/--side-a-interface: device fra-dz1 has no interface "Ethernet9" \(it has: .*Ethernet5/);
  });

  it('link update: only the fields given, already done when the link holds them', async () => {
    const r = await run(['link', 'update', '--pubkey', 'ams-fra-1', '--delay-ms', '3.5', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { change: string }).change).toBe('delayNs 3900000 → 3500000');
    const same = await run(['link', 'update', '--pubkey', 'ams-fra-1', '--delay-ms', '3.9', '--json']);
    expect(same.code, same.stderr).toBe(0);
    expect((JSON.parse(same.stdout) as { alreadyDone: string }).alreadyDone).toBe('link ams-fra-1 already has delayNs 3900000');
  });
});
