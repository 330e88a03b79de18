import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeviceHealth, LinkHealth } from '../../src/index.js';
import { decodeInstruction } from '../../src/index.js';
import { buildSampleLedger, sampleKeypair } from '../helpers/sampleLedger.js';
import { decodeDevice, encodeDevice } from '../../src/index.js';
import { decodeLink, encodeLink } from '../../src/index.js';
import { RpcTestServer, type SentTransaction } from '../helpers/rpcServer.js';
import { BIN, REPO, cleanEnv, dzprov, ensureBuilt, type RunResult } from './harness.js';

// `dzprov set-health` against the local JSON-RPC server holding the sample ledger.
const ledger = buildSampleLedger();
const oracle = sampleKeypair('health-oracle');
let server: RpcTestServer;
let dir: string;
let keypairFile: string;

/** Writes the health instructions of a landed transaction into the server's accounts. */
function applyHealth(tx: SentTransaction, s: RpcTestServer): void {
  for (const ix of tx.legacy!.instructions) {
    if (!ix.programId.equals(ledger.programId)) continue;
    const d = decodeInstruction(ix, { programId: ledger.programId });
    if (d.name === 'SetDeviceHealth') {
      const acc = s.getAccount(d.accounts.device)!;
      s.setAccount(d.accounts.device, { owner: acc.owner, data: encodeDevice({ ...decodeDevice(acc.data), deviceHealth: d.args.health }) });
    } else if (d.name === 'SetLinkHealth') {
      const acc = s.getAccount(d.accounts.link)!;
      s.setAccount(d.accounts.link, { owner: acc.owner, data: encodeLink({ ...decodeLink(acc.data), linkHealth: d.args.health }) });
    }
  }
}

const health = (kind: 'device' | 'link', code: string): number => {
  const acc = server.getAccount(ledger.addresses.get(`${kind}:${code}`)!)!;
  return kind === 'device' ? decodeDevice(acc.data).deviceHealth : decodeLink(acc.data).linkHealth;
};

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'dzprov-cli-set-health-'));
  keypairFile = join(dir, 'oracle.json');
  writeFileSync(keypairFile, JSON.stringify(Array.from(oracle.secretKey)));
});

beforeEach(async () => {
  await server?.close();
  server = await new RpcTestServer().listen();
  for (const r of ledger.records) server.setAccount(r.pubkey, { owner: r.owner, data: r.data, lamports: r.lamports });
  server.defaultSend = { effect: applyHealth };
});

afterAll(async () => {
  await server?.close();
});

const rpc = () => ['--rpc', server.url, '--network', 'localnet'];

/** Runs the CLI with `input` on stdin. */
function dzprovStdin(args: readonly string[], input: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = stdout.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      resolve({ code, stdout, stderr, lines });
    });
    child.stdin.end(input);
  });
}

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const ndjson = (r: RunResult) => r.lines.map((l) => JSON.parse(l) as Record<string, unknown> & { status: string });

describe('dzprov set-health', () => {
  it('a dry run from a file: one line per target, nothing sent, exit 0 when nothing is refused', async () => {
    // Given a file of "code health" lines with a comment and a blank line
    const f = file('dry.txt', '# oracle run\nams-dz1 impaired\n\nfra-dz1 ready-for-users   # already\nams-fra-1 impaired\n');
    // When
    const r = await dzprov(['set-health', f, ...rpc(), '--keypair', keypairFile]);
    // Then
    expect(r.code).toBe(0);
    expect(r.lines).toContain('would update  device ams-dz1: ready-for-users → impaired (transaction 1 of 1)');
    expect(r.lines).toContain('unchanged  device fra-dz1: already ready-for-users');
    expect(r.lines).toContain('would update  link ams-fra-1: ready-for-service → impaired (transaction 1 of 1)');
    expect(r.stdout).toMatch(/3 targets: 2 to update, 1 unchanged; 1 transaction \(dry run: pass --send to send\)/);
    expect(server.sent).toHaveLength(0);
  });

  it('the same line twice is merged into one write, reported on both lines (update numbers are the line numbers)', async () => {
    // Given a file with ams-dz1 impaired on lines 1 and 3 (by code, then by address)
    const pk = ledger.addresses.get('device:ams-dz1')!.toBase58();
    const f = file('dup.txt', `ams-dz1 impaired\nams-fra-1 impaired\n${pk} impaired\n`);
    // When sent with --json
    const r = await dzprov(['set-health', f, ...rpc(), '--send', '--keypair', keypairFile, '--json']);
    // Then one transaction wrote ams-dz1 once, and both lines report it
    expect(r.code, r.stderr).toBe(0);
    const rows = ndjson(r);
    expect(rows.map((x) => [x.input, x.status, x.sameAs ?? null])).toEqual([
      ['line 1', 'updated', null],
      ['line 2', 'updated', null],
      ['line 3', 'updated', 'line 1'],
    ]);
    expect(server.sent).toHaveLength(1);
    const healthWrites = server.sent[0]!.legacy!.instructions.filter((ix) => ix.programId.equals(ledger.programId));
    expect(healthWrites).toHaveLength(2);
    expect(rows[2]!.signature).toBe(rows[0]!.signature);
    // And as text, line 3 says which line it repeats
    const again = await dzprov(['set-health', f, ...rpc(), '--keypair', keypairFile]);
    expect(again.lines.find((l) => l.includes('line 3'))).toMatch(/^unchanged {2}device ams-dz1: already impaired \(line 3: the same update as line 1, merged\)$/);
  });

  it('the same target asked two different healths: neither is written, both lines name the other, exit 1', async () => {
    const f = file('conflict.txt', 'ams-dz1 impaired\nfra-dz1 impaired\ndevice ams-dz1 ready-for-users\n');
    const r = await dzprov(['set-health', f, ...rpc(), '--send', '--keypair', keypairFile, '--json']);
    expect(r.code).toBe(1);
    const rows = ndjson(r);
    expect(rows.map((x) => [x.input, x.status])).toEqual([
      ['line 1', 'refused'],
      ['line 2', 'updated'],
      ['line 3', 'refused'],
    ]);
    expect(rows[0]).toMatchObject({ error: { name: 'ConflictingUpdatesError' }, reason: 'line 3 asks another health (ready-for-users) for the same device: neither is written' });
    expect(rows[2]).toMatchObject({ reason: 'line 1 asks another health (impaired) for the same device: neither is written' });
    expect(health('device', 'ams-dz1')).toBe(DeviceHealth.ReadyForUsers);
  });

  it('--send from stdin with --json: NDJSON outcomes, the transaction landed, exit 1 for the refused target', async () => {
    // When the oracle sends three updates, one of them naming no account
    const r = await dzprovStdin(['set-health', '-', ...rpc(), '--send', '--keypair', keypairFile, '--json'], 'ams-dz1 impaired\nlink ams-fra-1 impaired\nnope pending\n');
    // Then
    expect(r.code).toBe(1);
    const rows = ndjson(r);
    expect(rows.map((x) => [x.code ?? x.target, x.status])).toEqual([
      ['ams-dz1', 'updated'],
      ['ams-fra-1', 'updated'],
      ['nope', 'refused'],
    ]);
    expect(server.sent).toHaveLength(1);
    expect(rows[0]!.signature).toBe(server.sent[0]!.signature);
    expect(rows[2]).toMatchObject({ error: { name: 'UnknownAccountError' } });
    expect(health('device', 'ams-dz1')).toBe(DeviceHealth.Impaired);
    expect(health('link', 'ams-fra-1')).toBe(LinkHealth.Impaired);
  });

  it('a JSON array input; the program refusing one target leaves the others updated (exit 1)', async () => {
    // Given the program refuses any transaction writing ams-fra-1
    const bad = ledger.addresses.get('link:ams-fra-1')!;
    const ok = server.simulate;
    server.simulate = (tx) =>
      tx.message.staticAccountKeys.some((k) => k.equals(bad)) ? { err: { InstructionError: [2, { Custom: 8 }] }, logs: ['Program log: no'] } : ok(tx);
    const f = file('batch.json', JSON.stringify([
      { code: 'ams-dz1', health: 'impaired' },
      { code: 'ams-fra-1', health: 'impaired', kind: 'link' },
      { code: 'fra-dz1', health: 'impaired' },
    ]));
    // When
    const r = await dzprov(['set-health', f, ...rpc(), '--send', '--keypair', keypairFile]);
    // Then
    expect(r.code).toBe(1);
    expect(r.lines.find((l) => l.includes('ams-dz1'))).toMatch(/^updated  device ams-dz1: ready-for-users → impaired \(\w+\)$/);
    expect(r.lines.find((l) => l.includes('ams-fra-1'))).toMatch(/^refused  link ams-fra-1 \(element 1\): .*NotAllowed|not allowed/i);
    expect(r.lines.find((l) => l.includes('fra-dz1') && !l.includes('ams-fra'))).toMatch(/^updated/);
    expect(health('device', 'fra-dz1')).toBe(DeviceHealth.Impaired);
    expect(health('link', 'ams-fra-1')).toBe(LinkHealth.ReadyForService);
  });

  it('an unknown outcome prints the signature and exits 4', async () => {
    // Given the node accepts the transaction, then fails every status read with HTTP 500
    server.injectFault({ kind: '500', count: 1000, method: 'getSignatureStatuses' });
    const f = file('one.txt', 'ams-dz1 impaired\nfra-dz1 ready-for-users\n');
    // When
    const r = await dzprov(['set-health', f, ...rpc(), '--send', '--keypair', keypairFile, '--json']);
    // Then the target is unknown with the signature sent, the other unchanged, exit 4
    expect(r.code).toBe(4);
    expect(server.sent).toHaveLength(1);
    const rows = ndjson(r);
    expect(rows[0]).toMatchObject({ status: 'unknown', signature: server.sent[0]!.signature });
    expect(rows[0]!.reason).toMatch(/may have been broadcast and nothing proves it did not land .*; it can land until block height \d+$/);
    expect(rows[1]).toMatchObject({ status: 'unchanged' });
  });

  it('malformed input is a usage error (exit 2) and nothing is read from the node', async () => {
    const f = file('bad.txt', 'ams-dz1\n');
    const r = await dzprov(['set-health', f, ...rpc(), '--keypair', keypairFile]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/set-health: line 1: expected "<code> <health>"/);
    expect(server.calls('getProgramAccounts')).toHaveLength(0);
  });
});
