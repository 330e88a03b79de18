/**
 * Interface names as the `doublezero` CLI takes them: its value parser (validate_iface, in
 * smartcontract/programs/common/src/validate_iface.rs) expands the shorthands and sets the case
 * before the name is sent, for every command that names an interface: the positional name of
 * `device interface create|update|delete|get`, `--side-a-interface` / `--side-z-interface` of
 * `link create wan|dzx` and `--side-z-interface` of `link accept`. dzprov does the same (and in
 * its own `accept-link`). What the program then does with the name is judged by the oracle in
 * test/conformance/linkOnboarding.test.ts and deviceOnboarding.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { decodeCreateLinkArgs } from '../../src/index.js';
import { interfaceNameArg } from '../../src/cli/interfaceName.js';
import { buildSampleLedger, sampleKeypair } from '../helpers/sampleLedger.js';
import { dzprov, oneLineError, useSampleLedgerNode } from './harness.js';

describe('interfaceNameArg: the expansions upstream documents in its tests of validate_iface', () => {
  it.each([
    ['et6', 'Ethernet6'],
    ['et2/4', 'Ethernet2/4'],
    ['ethernet2/2', 'Ethernet2/2'],
    ['ETHERNET2/2', 'Ethernet2/2'],
    ['lo255', 'Loopback255'],
    ['Lo0', 'Loopback0'],
    ['po1', 'Port-channel1'],
    ['Port-Channel1', 'Port-channel1'],
    ['po1000.2035', 'Port-channel1000.2035'],
    ['vl1001', 'Vlan1001'],
    ['sw3/12/20', 'Switch3/12/20'],
    ['Ethernet1/1.123', 'Ethernet1/1.123'],
  ])('%s is %s', (typed, canonical) => {
    expect(interfaceNameArg(typed)).toBe(canonical);
  });

  it.each(['Management1', 'Ethernet1/1/1', 'Tunnel7', 'et', 'x1', ''])('%j, no interface name of today\'s grammar, is kept as typed (the SDK judges it)', (typed) => {
    expect(interfaceNameArg(typed)).toBe(typed);
  });
});

const ledger = buildSampleLedger();
const sampleNode = useSampleLedgerNode(ledger);

const asFoundation = ['--as', sampleKeypair('foundation').publicKey.toBase58()];
/** A dry run against the node holding the sample ledger, as the foundation (a network admin), with --json. */
const dryRun = async (args: string[]) => {
  const r = await dzprov([...args, '--url', sampleNode.server.url, '-e', 'local', ...asFoundation, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { change: string; instructions: { name: string; data: string; decoded: { args: Record<string, unknown> } }[] };
};

describe('a shorthand reaches the instruction as the name the program stores', () => {
  it('device interface update <device> et1: UpdateDeviceInterface of Ethernet1', async () => {
    // Given ams-dz1 has Ethernet1 (100 Gbps); When the update names it et1
    const out = await dryRun(['device', 'interface', 'update', 'ams-dz1', 'et1', '--bandwidth', '40G']);
    // Then the change is the interface's, and the instruction names Ethernet1
    expect(out.instructions[0]!.name).toBe('UpdateDeviceInterface');
    expect(out.instructions[0]!.decoded.args.name).toBe('Ethernet1');
    expect(out.change).toMatch(/Ethernet1: bandwidth 100000000000 → 40000000000/);
  });

  it('device interface delete <device> lo255: DeleteDeviceInterface of Loopback255', async () => {
    const out = await dryRun(['device', 'interface', 'delete', 'ams-dz1', 'lo255']);
    expect(out.instructions[0]!.name).toBe('DeleteDeviceInterface');
    expect(out.instructions[0]!.decoded.args.name).toBe('Loopback255');
  });

  it('device interface get <device> et6 and lo256: the interfaces Ethernet6 and Loopback256', async () => {
    for (const [typed, name] of [
      ['et6', 'Ethernet6'],
      ['lo256', 'Loopback256'],
    ]) {
      const r = await dzprov(['device', 'interface', 'get', 'ams-dz1', typed!, '--url', sampleNode.server.url, '-e', 'local', '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as { name: string }).name).toBe(name);
    }
  });

  it('link create dzx --side-a-interface et5: CreateLink on Ethernet5', async () => {
    const out = await dryRun(['link', 'create', 'dzx', '--code', 'fra-lax-2', '--contributor', 'acme', '--side-a', 'fra-dz1', '--side-a-interface', 'et5', '--side-z', 'lax-dz2', '--bandwidth', '10Gbps', '--delay-ms', '75', '--jitter-ms', '0.7']);
    expect(out.instructions[0]!.name).toBe('CreateLink');
    expect(decodeCreateLinkArgs(new Uint8Array(Buffer.from(out.instructions[0]!.data, 'hex'))).sideAIfaceName).toBe('Ethernet5');
  });

  it('link create wan: both interface flags expanded before the side devices are checked', async () => {
    // Given fra-dz1 and fra-dz2 (both acme's); When side A names et9, an interface fra-dz1 lacks
    const r = await dzprov(['link', 'create', 'wan', '--code', 'fra-fra-9', '--contributor', 'acme', '--side-a', 'fra-dz1', '--side-a-interface', 'et9', '--side-z', 'fra-dz2', '--side-z-interface', 'ethernet1', '--bandwidth', '10G', '--delay-ms', '1', '--jitter-ms', '0.1', '--url', sampleNode.server.url, '-e', 'local', ...asFoundation]);
    // Then the refusal is about Ethernet9, the name the program would look for
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toMatch(/--side-a-interface: device fra-dz1 has no interface "Ethernet9"/);
  });

  it('link accept --side-z-interface et1 and accept-link <link> et1: AcceptLink on Ethernet1', async () => {
    // Given fra-lax-1 is requested, and its side Z lax-dz1 has an unlinked Ethernet1
    for (const args of [
      ['link', 'accept', '--code', 'fra-lax-1', '--side-z-interface', 'et1'],
      ['accept-link', 'fra-lax-1', 'et1'],
    ]) {
      const out = await dryRun(args);
      expect(out.instructions[0]!.name, args.join(' ')).toBe('AcceptLink');
      expect(out.instructions[0]!.decoded.args.sideZIfaceName).toBe('Ethernet1');
      expect(out.change).toBe('status requested → activated (AcceptLink on side Z interface Ethernet1)');
    }
  });

  it('a name outside the grammar is still refused where no interface can have it (exit 2, nothing read)', async () => {
    sampleNode.server.resetRecords();
    const r = await dzprov(['link', 'accept', '--code', 'fra-lax-1', '--side-z-interface', 'Management1', '--url', sampleNode.server.url, '-e', 'local', ...asFoundation]);
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toMatch(/--side-z-interface: "Management1" is not a valid interface name/);
    expect(sampleNode.server.requests).toHaveLength(0);
  });
});
