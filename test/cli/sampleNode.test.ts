/**
 * `dzprov sample-node`, the built CLI: it prints where it listens and where the keypairs are, the
 * CLI's own commands read and drive it like any ledger, it prints each transaction, and it stops
 * cleanly on SIGTERM or --timeout. Usage mistakes are exit code 2.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Keypair } from '@solana/web3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXT_KEYS } from '../../src/core/keys.js';
import { buildSampleNetwork } from '../../src/cli/sampleNetwork.js';
import { startSampleNode } from '../../src/cli/node/index.js';
import { BIN, REPO, cleanEnv, dzprov, ensureBuilt, oneLineError } from './harness.js';

const network = buildSampleNetwork(TEXT_KEYS);

interface Running {
  child: ChildProcessWithoutNullStreams;
  /** Every stdout line so far. */
  lines: string[];
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** Starts `dzprov sample-node ...args` and waits for its first stdout line. */
async function startCli(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [BIN, 'sample-node', ...args], { cwd: REPO, env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const first = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (l) => {
      lines.push(l);
      resolve();
    });
    child.on('close', () => reject(new Error(`sample-node exited before printing: ${lines.join('\n')}`)));
  });
  await first;
  return { child, lines, exited };
}

let node: Running;
let info: { rpcUrl: string; wsUrl: string; programId: string; keysDir: string; identities: { name: string; pubkey: string; keypair: string }[] };
const keysDir = mkdtempSync(join(tmpdir(), 'dzprov-sample-node-cli-'));

beforeAll(async () => {
  ensureBuilt();
  node = await startCli(['--port', '0', '--json', '--keys-dir', keysDir]);
  info = JSON.parse(node.lines[0]!);
}, 60_000);

afterAll(() => {
  if (node.child.exitCode === null) node.child.kill('SIGKILL');
});

describe('dzprov sample-node', () => {
  it('says where it listens (127.0.0.1) and writes each sample identity\'s keypair file', () => {
    // Given the first line of `sample-node --json`
    expect(info).toMatchObject({ event: 'listening', programId: '7CTniUa88iJKUHTrCkB4TjAoG6TD7AMivhQeuqN2LPtX', keysDir });
    expect(info.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.wsUrl).toBe(info.rpcUrl.replace('http:', 'ws:'));
    // Then every identity of the sample ledger has a keypair file holding its key
    expect(info.identities.map((i) => [i.name, i.pubkey])).toEqual(network.identities.map((i) => [i.name, i.pubkey]));
    for (const i of info.identities) {
      expect(i.keypair).toBe(join(keysDir, `${i.name}.json`));
      const kp = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(i.keypair, 'utf8')) as number[]));
      expect(kp.publicKey.toBase58()).toBe(i.pubkey);
    }
  });

  it('is read by the CLI like a ledger (-e local -u <url>), and a drain sent to it lands and is printed', async () => {
    const at = ['-e', 'local', '-u', info.rpcUrl];
    // When the devices are listed through it
    const list = await dzprov(['devices', ...at, '--json']);
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.stdout) as { code: string; status: { value: number } }[];
    expect(rows.map((r) => [r.code, r.status.value]).sort()).toEqual(network.values.devices.map((d) => [d.code, d.status]).sort());
    // When acme drains fra-dz1 with --send
    const sent = await dzprov(['drain-device', 'fra-dz1', ...at, '--send', '--keypair', join(keysDir, 'acme.json'), '--json']);
    expect(sent.code, sent.stderr).toBe(0);
    const signature = (JSON.parse(sent.stdout) as { sent: { signature: string } }).sent.signature;
    // Then the node printed the transaction, and the device reads drained
    await expect.poll(() => node.lines.slice(1).map((l) => JSON.parse(l) as { signature: string }).find((t) => t.signature === signature), { timeout: 10_000 }).toMatchObject({
      event: 'transaction',
      instructions: ['UpdateDevice'],
      err: null,
    });
    const show = await dzprov(['show', 'fra-dz1', ...at, '--json']);
    expect((JSON.parse(show.stdout) as { account: { status: { label: string } } }).account.status.label).toBe('drained');
  }, 60_000);

  it('stops on SIGTERM with exit code 0', async () => {
    node.child.kill('SIGTERM');
    expect(await node.exited).toBe(0);
  });

  it('prints its URLs, keypairs and what to try, and stops after --timeout', async () => {
    const r = await dzprov(['sample-node', '--port', '0', '--timeout', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/RPC URL +http:\/\/127\.0\.0\.1:\d+/);
    expect(r.stdout).toMatch(/WebSocket URL +ws:\/\/127\.0\.0\.1:\d+ \(also ws:\/\/127\.0\.0\.1:\d+, where web3\.js looks\)/);
    for (const i of network.identities) expect(r.stdout).toContain(`${i.name}.json`);
    expect(r.stdout).toMatch(/dzprov drain-device fra-dz1 -e local -u http:\/\/127\.0\.0\.1:\d+ --send -k \S+acme\.json/);
    expect(r.lines.at(-1)).toBe('dzprov sample node: stopped');
  });

  it('refuses a bad port, a port in use and a ledger option, with exit code 2 and one line', async () => {
    const bad = await dzprov(['sample-node', '--port', 'http']);
    expect(bad.code).toBe(2);
    expect(oneLineError(bad)).toMatch(/--port "http" is not a port number/);
    const ledger = await dzprov(['sample-node', '-u', 'http://127.0.0.1:8899']);
    expect(ledger.code).toBe(2);
    expect(oneLineError(ledger)).toMatch(/takes no -e, --url/);
    const busy = await startSampleNode({ port: 0 });
    try {
      const taken = await dzprov(['sample-node', '--port', String(busy.ports[0])]);
      expect(taken.code).toBe(2);
      expect(oneLineError(taken)).toMatch(new RegExp(`port ${busy.ports[0]} or ${busy.ports[0]! + 1} on 127\\.0\\.0\\.1 is in use`));
    } finally {
      await busy.close();
    }
  });
});
