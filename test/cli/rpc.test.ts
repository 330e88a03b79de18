import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keypair } from '@solana/web3.js';
import { DeviceDesiredStatus, DeviceStatus } from '../../src/index.js';
import { decodeDevice, encodeDevice } from '../../src/index.js';
import { buildSampleLedger, sampleKeypair } from '../helpers/sampleLedger.js';
import { RpcTestServer } from '../helpers/rpcServer.js';
import { PROGRAM_IDS } from '../../src/index.js';
import { dzprov, ensureBuilt, oneLineError } from './harness.js';

// The sample ledger's accounts, served by a local JSON-RPC server: the CLI must read a cluster
// exactly as it reads the embedded ledger, and simulate and send through it.
const ledger = buildSampleLedger();
const foundation = sampleKeypair('foundation');
let server: RpcTestServer;
let keypairFile: string;

function load(s: RpcTestServer): void {
  for (const r of ledger.records) s.setAccount(r.pubkey, { owner: r.owner, data: r.data, lamports: r.lamports });
}

beforeAll(async () => {
  ensureBuilt();
  server = await new RpcTestServer().listen();
  load(server);
  const dir = mkdtempSync(join(tmpdir(), 'dzprov-cli-rpc-'));
  keypairFile = join(dir, 'foundation.json');
  writeFileSync(keypairFile, JSON.stringify(Array.from(foundation.secretKey)));
});

afterAll(async () => {
  await server?.close();
});

const rpc = () => ['--rpc', server.url, '--network', 'localnet'];

describe('dzprov against an RPC node', () => {
  it('devices and links read from the node equal the embedded sample ledger listing', async () => {
    // Given the node holds the sample ledger's accounts
    const asKey = ['--as', foundation.publicKey.toBase58()];
    // When listing from the node and from the embedded ledger
    const fromNode = await dzprov(['devices', '--json', ...rpc(), ...asKey]);
    const embedded = await dzprov(['devices', '--json', ...asKey]);
    // Then
    expect(fromNode.code).toBe(0);
    expect(JSON.parse(fromNode.stdout)).toEqual(JSON.parse(embedded.stdout));
    expect(fromNode.stderr.split('\n')[0]).toBe(`dzprov: ${server.url} · local · program ${ledger.programId.toBase58()}`);
    const linksNode = await dzprov(['links', '--json', ...rpc(), ...asKey]);
    expect(JSON.parse(linksNode.stdout)).toEqual(JSON.parse((await dzprov(['links', '--json', ...asKey])).stdout));
    // listings use type-filtered getProgramAccounts, never an unfiltered scan
    for (const call of server.calls('getProgramAccounts')) {
      const cfg = (call.params as unknown[])[1] as { filters?: unknown[] };
      expect(cfg.filters?.length ?? 0).toBeGreaterThan(0);
    }
  });

  it('without --as on a cluster, no role is assumed and an action asks who acts', async () => {
    const r = await dzprov(['devices', ...rpc()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no --as given');
    expect(r.stdout).not.toMatch(/drain-device/);
    const a = await dzprov(['drain-device', 'ams-dz1', ...rpc()]);
    expect(a.code).toBe(2);
    expect(oneLineError(a)).toMatch(/drain-device: say who acts: --as <pubkey> for a dry run, or a keypair \(--keypair <file>, DOUBLEZERO_KEYPAIR, ~\/\.config\/doublezero\/id\.json\)/);
  });

  it('a dry run simulates on the node and prints the result', async () => {
    // When
    const r = await dzprov(['drain-device', 'ams-dz1', ...rpc(), '--as', foundation.publicKey.toBase58(), '--json']);
    // Then
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.simulation.available).toBe(true);
    expect(j.simulation.ok).toBe(true);
    expect(j.simulation.unitsConsumed).toBe(1234);
    expect(j.sent).toBeNull();
    expect(server.sent).toHaveLength(0);
  });

  it('a failing simulation shows the typed program error and exits 1', async () => {
    // Given the node answers the simulation with NotAllowed (Custom 8) on the UpdateDevice (index 2)
    const previous = server.simulate;
    server.simulate = () => ({ err: { InstructionError: [2, { Custom: 8 }] }, logs: ['Program log: not allowed'] });
    try {
      const r = await dzprov(['drain-device', 'ams-dz1', ...rpc(), '--as', foundation.publicKey.toBase58()]);
      // Then
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/simulation: failed: .*NotAllowed|simulation: failed: .*not allowed/i);
      expect(r.stdout).toContain('Program log: not allowed');
      expect(oneLineError(r)).toMatch(/^dzprov: error: simulation failed: /);
    } finally {
      server.simulate = previous;
    }
  });

  it('--send --keypair signs, sends, confirms and reports the new status', async () => {
    // Given the node applies the drain when the transaction lands
    const devicePk = ledger.addresses.get('device:ams-dz1')!;
    server.sendQueue.push({
      effect: (_tx, s) => {
        const acc = s.getAccount(devicePk)!;
        const d = decodeDevice(acc.data);
        s.setAccount(devicePk, {
          owner: acc.owner,
          data: encodeDevice({ ...d, status: DeviceStatus.Drained, desiredStatus: DeviceDesiredStatus.Drained }),
        });
      },
    });
    // When
    const r = await dzprov(['drain-device', 'ams-dz1', ...rpc(), '--send', '--keypair', keypairFile]);
    // Then
    expect(r.code).toBe(0);
    expect(server.sent).toHaveLength(1);
    const tx = server.sent[0]!;
    expect(tx.signaturesValid).toBe(true);
    const ixs = tx.versioned!.message.compiledInstructions;
    expect(ixs).toHaveLength(3); // compute-budget prelude, then UpdateDevice
    expect(Buffer.from(ixs[2]!.data).toString('hex')).toBe(`17${'00'.repeat(9)}01050106${'00'.repeat(15)}`);
    expect(r.stdout).toMatch(new RegExp(`landed: signature ${tx.signature} \\(slot \\d+\\); device status is now drained`));
    // And the device now lists as drained
    const after = JSON.parse((await dzprov(['devices', '--json', ...rpc()])).stdout) as Array<{ code: string; status: { label: string } }>;
    expect(after.find((d) => d.code === 'ams-dz1')!.status.label).toBe('drained');
    // restore
    load(server);
  });

  it('--send whose status cannot be read names the signature sent and says to check it (exit 4)', async () => {
    // Given the node accepts the transaction, then fails every status read with HTTP 500
    const before = server.sent.length;
    server.injectFault({ kind: '500', count: 1000, method: 'getSignatureStatuses' });
    try {
      // When
      const r = await dzprov(['drain-device', 'fra-dz1', ...rpc(), '--send', '--keypair', keypairFile]);
      // Then one transaction was sent, and the one error line carries its signature
      expect(server.sent.length).toBe(before + 1);
      const sig = server.sent.at(-1)!.signature;
      expect(r.code).toBe(4); // sent, outcome unknown
      const line = oneLineError(r);
      expect(line).toMatch(
        new RegExp(`^dzprov: error: outcome unknown: transaction ${sig} may have been broadcast and can still land until block height \\d+ \\(.*500.*\\)\\. Do not send this change another way now: .* re-run this command after block height \\d+ .*sends nothing if the change is already there$`),
      );
      expect(line).not.toContain('cannot read from the RPC node');
    } finally {
      server.clearFaults();
      load(server);
    }
  });

  it('--send that lands but whose account cannot be read back reports the signature with a warning (exit 0)', async () => {
    // Given the node accepts the transaction, then fails every account read with HTTP 500
    const before = server.sent.length;
    server.sendQueue.push({ onReceive: (_tx, s) => s.injectFault({ kind: '500', count: 1000, method: 'getMultipleAccounts' }) });
    try {
      // When
      const r = await dzprov(['drain-device', 'lon-dz1', ...rpc(), '--send', '--keypair', keypairFile]);
      // Then the action is reported done, with its signature, and the failed read-back is a warning
      expect(server.sent.length).toBe(before + 1);
      const sig = server.sent.at(-1)!.signature;
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`landed: signature ${sig} \\(slot \\d+\\)$`, 'm'));
      expect(r.stderr).toMatch(new RegExp(`dzprov: warning: transaction ${sig} is confirmed \\(slot \\d+\\), but the account could not be read back: .*500`));
    } finally {
      server.clearFaults();
      load(server);
    }
  });

  it('--send with an --as that is not the keypair is a usage error', async () => {
    const r = await dzprov(['drain-device', 'fra-dz1', ...rpc(), '--send', '--keypair', keypairFile, '--as', sampleKeypair('acme').publicKey.toBase58()]);
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toMatch(/is not the keypair's key .*--send signs and pays with the keypair/);
  });

  it('a node that answers HTTP 500 to every call fails with one line after the retries (exit 3)', async () => {
    server.injectFault({ kind: '500', count: 50 });
    try {
      const r = await dzprov(['devices', ...rpc()]);
      expect(r.code).toBe(3);
      expect(oneLineError(r)).toMatch(/^dzprov: error: cannot read from the RPC node http:\/\/127\.0\.0\.1:\d+: .*500/);
    } finally {
      server.clearFaults();
    }
  });

  it('an account that does not decode is reported on stderr and left out, not silently dropped', async () => {
    // Given a Device-typed account whose bytes are cut short
    const bad = Keypair.generate().publicKey;
    server.setAccount(bad, { owner: ledger.programId, data: Uint8Array.of(5, 1, 2, 3) });
    try {
      // When
      const r = await dzprov(['devices', '--json', ...rpc()]);
      // Then the listing still works and the skipped account is named
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toHaveLength(ledger.values.devices.length);
      expect(r.stderr).toMatch(new RegExp(`dzprov: warning: skipped account ${bad.toBase58()}: Device: cannot decode `));
    } finally {
      server.deleteAccount(bad);
    }
  });

  it('sample identity names are only for the sample ledger', async () => {
    const r = await dzprov(['devices', ...rpc(), '--as', 'foundation']);
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toBe('dzprov: error: --as "foundation" is not a base58 public key (run "dzprov devices --help" for usage)');
  });

  it('--network selecting a program the node does not have says the program is not deployed there (exit 2)', async () => {
    // Given the node holds the localnet program's accounts only
    // When devnet's program id is asked for
    const r = await dzprov(['devices', '--rpc', server.url, '--network', 'devnet']);
    // Then the program check says so, before any empty listing could pass for an empty network
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toBe(
      `dzprov: error: the serviceability program ${PROGRAM_IDS.devnet.toBase58()} does not exist on the node ${server.url}: it is not deployed there, so this node belongs to another chain or environment (the program lives on the DoubleZero ledger, not on Solana's clusters), or the program id is wrong`,
    );
  });

  it('a program that is deployed but has no GlobalState says it is not initialised', async () => {
    // Given devnet's program deployed on the node, without any account
    server.deployProgram(PROGRAM_IDS.devnet);
    try {
      for (const command of [['devices'], ['device', 'list'], ['link', 'list']]) {
        const r = await dzprov([...command, '--rpc', server.url, '--network', 'devnet', '--json']);
        expect(r.code).toBe(1);
        expect(JSON.parse(r.stderr.trim().split('\n').at(-1)!).message).toMatch(/unknown GlobalState .* is not initialised on this ledger; check -e\/--env, --url and --program-id/);
      }
    } finally {
      server.deleteAccount(PROGRAM_IDS.devnet);
    }
  });
});
