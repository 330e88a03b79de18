/**
 * -w/--wait, as the `doublezero` CLI takes it on `device create|update`, `device interface
 * create|update` and `link create wan|dzx`, `link accept`, `link update` (smartcontract/cli/src/
 * {device,link}/**: after the signature, it polls the account for 60 s, once a second, until it
 * shows a settled status). dzprov always waits for the confirmation and reads the account back at
 * the landed slot; with --wait, a read-back the node cannot answer yet is tried again, once a
 * second, for up to 60 s or until --timeout, and what the node then shows is reported. One piece
 * of code for every device and link write, so the --json output has one shape. The program's
 * verdict on waited sends is in test/conformance/linkOnboarding.test.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/args.js';
import { buildSampleLedger, sampleKeypair } from '../helpers/sampleLedger.js';
import { dzprov, oneLineError, useSampleLedgerNode } from './harness.js';

const ledger = buildSampleLedger();
const foundation = sampleKeypair('foundation');
const sampleNode = useSampleLedgerNode(ledger);
const keypairFile = join(mkdtempSync(join(tmpdir(), 'dzprov-cli-wait-')), 'foundation.json');
writeFileSync(keypairFile, JSON.stringify(Array.from(foundation.secretKey)));

/** Puts the sample ledger back and clears the faults a test scripted. */
function reset(): void {
  sampleNode.server.clearFaults();
  for (const r of ledger.records) sampleNode.server.setAccount(r.pubkey, { owner: r.owner, data: r.data, lamports: r.lamports });
}

const node = () => ['--url', sampleNode.server.url, '-e', 'local'];
/** After the next transaction is received, the node fails `count` account reads (HTTP 500). */
const readsFailAfterSend = (count: number) => sampleNode.server.sendQueue.push({ onReceive: (_tx, s) => s.injectFault({ kind: '500', count, method: 'getMultipleAccounts' }) });

interface Printed {
  sent: { signature: string; signatures: string[]; slot: number; after: { value: number; label: string } | null } | null;
}

describe('-w/--wait is taken where doublezero takes it', () => {
  it.each(['link create wan', 'link create dzx', 'link accept', 'link update', 'link delete', 'device create', 'device update', 'device interface create', 'device interface update'])(
    '%s',
    (command) => {
      const args = command.startsWith('device interface') ? ['ams-dz1', 'Ethernet1'] : [];
      for (const flag of ['-w', '--wait']) {
        const parsed = parseCommandLine([...command.split(' '), ...args, flag]);
        expect(parsed.command?.name).toBe(command);
        expect(parsed.options.wait).toBe(true);
      }
    },
  );

  it('not by a command that sends nothing (exit 2)', async () => {
    const r = await dzprov(['link', 'list', '-w']);
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toMatch(/option -w does not apply to link list/);
  });

  it('a dry run with -w of a link write is the dry run (nothing sent, nothing waited for)', async () => {
    reset();
    const sentBefore = sampleNode.server.sent.length;
    const r = await dzprov(['link', 'update', '--pubkey', 'ams-fra-1', '--delay-ms', '3.5', '-w', ...node(), '--as', foundation.publicKey.toBase58(), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { dryRun: boolean; sent: null }).sent).toBeNull();
    expect(sampleNode.server.sent.length).toBe(sentBefore);
  });
});

describe('--wait after a send whose account the node cannot show yet', () => {
  const update = ['link', 'update', '--pubkey', 'ams-fra-1', '--delay-ms', '3.5'];

  it('without --wait: landed, the state unknown (a warning, after null)', async () => {
    reset();
    // Given the node fails the next 8 account reads after the transaction (one read tries 6 times)
    readsFailAfterSend(8);
    // When the link update is sent without --wait
    const r = await dzprov([...update, ...node(), '--send', '--keypair', keypairFile, '--json']);
    // Then it landed, and the state after it is not known
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Printed;
    expect(out.sent!.signature).toBe(sampleNode.server.sent.at(-1)!.signature);
    expect(out.sent!.after).toBeNull();
    expect(r.stderr).toMatch(/warning: transaction \w+ is confirmed \(slot \d+\), but the account could not be read back/);
    reset();
  });

  it('with -w: the account read again at the landed slot until the node shows it; what it shows is reported', async () => {
    reset();
    // Given the same node
    readsFailAfterSend(8);
    // When the same update is sent with -w
    const r = await dzprov([...update, ...node(), '--send', '--keypair', keypairFile, '-w', '--json']);
    // Then the state after it is the node's, with a note saying it was read again
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Printed;
    expect(out.sent!.signature).toBe(sampleNode.server.sent.at(-1)!.signature);
    expect(out.sent!.after).toEqual({ value: 1, label: 'activated' });
    expect(r.stderr).toMatch(/^--wait: the account read back at slot \d+ or later after \d+ s$/m);
    expect(r.stderr).not.toMatch(/warning/);
    // And every read after the send asked for the landed slot or later
    const landedSlot = out.sent!.slot;
    const reads = sampleNode.server.requests.filter((q) => q.method === 'getMultipleAccounts').slice(-3);
    for (const q of reads) expect(((q.params as unknown[])[1] as { minContextSlot?: number }).minContextSlot).toBeGreaterThanOrEqual(landedSlot);
    reset();
  });

  it('with -w: bounded by --timeout; then the state is reported unknown (warning, after null), the send landed (exit 0)', async () => {
    reset();
    // Given a node that fails every account read after the transaction
    readsFailAfterSend(100_000);
    // When the update is sent with -w and a deadline
    const r = await dzprov([...update, ...node(), '--send', '--keypair', keypairFile, '-w', '--timeout', '5', '--json']);
    // Then the landing is reported, the state after it is not, and the warning says --wait gave up
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Printed;
    expect(out.sent!.signature).toBe(sampleNode.server.sent.at(-1)!.signature);
    expect(out.sent!.after).toBeNull();
    expect(r.stderr).toMatch(/warning: transaction \w+ is confirmed \(slot \d+\), but .*; --wait read it again for \d+ s: .*deadline/);
    reset();
  });

  it('link and device writes print one --json shape with -w', async () => {
    reset();
    const link = JSON.parse((await dzprov([...update, ...node(), '--send', '--keypair', keypairFile, '-w', '--json'])).stdout) as Record<string, unknown>;
    const device = JSON.parse((await dzprov(['device', 'update', '--pubkey', 'ams-dz1', '--max-users', '100', ...node(), '--send', '--keypair', keypairFile, '-w', '--json'])).stdout) as Record<string, unknown>;
    expect(Object.keys(link)).toEqual(Object.keys(device));
    expect(Object.keys(link.sent as object)).toEqual(Object.keys(device.sent as object));
    expect(link.sent).toMatchObject({ after: { value: 1, label: 'activated' } });
    reset();
  });

  it('-w on a link left requested: says it waits for side Z to accept it, which dzprov does not wait for', async () => {
    reset();
    // Given fra-lax-1 is requested (a DZX link side Z has not accepted)
    // When a field of it is updated with -w
    const r = await dzprov(['link', 'update', '--pubkey', 'fra-lax-1', '--delay-ms', '70', ...node(), '--send', '--keypair', keypairFile, '-w']);
    // Then the command ends, saying the link is requested until side Z accepts it
    expect(r.code, r.stderr).toBe(0);
    const text = r.stdout.replace(/\s+/g, ' ');
    expect(text).toMatch(/landed: signature \w+ \(slot \d+\); link status is now requested --wait: link fra-lax-1 is requested: it is activated when side Z's contributor accepts it \(link accept --code fra-lax-1 --side-z-interface <name>\); dzprov does not wait for that/);
    reset();
  });
});
