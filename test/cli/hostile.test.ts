/**
 * The hostile-node suite, through the built CLI (test/client/hostile.test.ts has the SDK side):
 * what `dzprov` prints and exits with for each misbehaviour, equal to the server's truth, and at
 * most one transaction landed per intent — re-runs included.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildSampleLedger, sampleKeypair } from '../helpers/sampleLedger.js';
import { DeviceStatus } from '../../src/index.js';
import { decodeDevice } from '../../src/index.js';
import { applyLikeProgram } from '../helpers/rpcFixtures.js';
import { RpcTestServer } from '../helpers/rpcServer.js';
import { dzprov, ensureBuilt, oneLineError } from './harness.js';

const ledger = buildSampleLedger();
let server: RpcTestServer;
let keypairFile: string;

beforeAll(() => {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'dzprov-cli-hostile-'));
  keypairFile = join(dir, 'foundation.json');
  writeFileSync(keypairFile, JSON.stringify(Array.from(sampleKeypair('foundation').secretKey)));
});

beforeEach(async () => {
  server = await new RpcTestServer().listen();
  for (const r of ledger.records) server.setAccount(r.pubkey, { owner: r.owner, data: r.data, lamports: r.lamports });
  server.defaultSend = { effect: applyLikeProgram };
});

afterEach(async () => {
  await server.close();
});

const rpc = () => ['--rpc', server.url, '--network', 'localnet'];
const drain = (...extra: string[]) => dzprov(['drain-device', 'ams-dz1', ...rpc(), '--send', '--keypair', keypairFile, ...extra]);
const landedSigs = () => [...new Set(server.landed().map((t) => t.signature))];

function amsStatus(): number {
  const pk = ledger.records.find((r) => r.data[0] === 5 && decodeDevice(r.data).code === 'ams-dz1')!.pubkey;
  return decodeDevice(server.getAccount(pk)!.data).status;
}

describe('dzprov --send against a hostile node', () => {
  it('sendTransaction answers a JSON-RPC error but the transaction lands: "landed", exit 0, one landing', async () => {
    server.sendQueue.push({ effect: applyLikeProgram, answer: 'error' });
    const r = await drain();
    expect(r.code).toBe(0);
    // simulated once (the dry run shown), not again inside the send
    expect(server.calls('simulateTransaction')).toHaveLength(1);
    expect(landedSigs()).toHaveLength(1);
    expect(r.stdout).toContain(`landed: signature ${landedSigs()[0]}`);
    expect(amsStatus()).toBe(DeviceStatus.Drained);
  });

  it('an HTML answer and a transaction that never lands: "expired, not landed", exit 1, safe to re-run', async () => {
    server.sendQueue.push({ answer: 'html', neverLand: true });
    server.heightStepPerPoll = 100;
    const r = await drain();
    expect(r.code).toBe(1);
    expect(landedSigs()).toHaveLength(0);
    expect(oneLineError(r)).toMatch(
      new RegExp(`^dzprov: error: expired, not landed: transaction ${server.sent[0]!.signature} expired at block height \\d+ without landing; .*running the command again is safe$`),
    );
  });

  it('a status view lagging its block height with an error answer (once: three landings): "landed" once, exit 0', async () => {
    server.defaultSend = { effect: applyLikeProgram, answer: 'error', landOnReceive: true };
    server.statusLagSlots = 1000;
    server.heightStepPerPoll = 100;
    const r = await drain();
    expect(r.code).toBe(0);
    expect(server.sent).toHaveLength(1);
    expect(landedSigs()).toHaveLength(1);
    expect(r.stdout).toContain(`landed: signature ${landedSigs()[0]}`);
  });

  it('a status stuck at "processed": exit 4 within --timeout, saying so, no second transaction', async () => {
    server.defaultSend = { stuckProcessed: true };
    server.heightStepPerPoll = 100;
    const r = await drain('--timeout', '4');
    expect(r.code).toBe(4);
    expect(server.sent).toHaveLength(1);
    expect(landedSigs()).toHaveLength(0);
    const line = oneLineError(r);
    expect(line).toContain(`transaction ${server.sent[0]!.signature} may have been broadcast`);
    expect(line).toMatch(/was seen "processed" at slot \d+ but never reached "confirmed"/);
    expect(line).not.toMatch(/still valid/);
  });

  it('unknown (status reads fail) then a re-run: exit 4, then "already done" with nothing sent — one landing in all', async () => {
    server.sendQueue.push({
      effect: applyLikeProgram,
      landOnReceive: true,
      onReceive: (_t, s) => s.injectFault({ kind: '500', count: 10_000, method: 'getSignatureStatuses' }),
    });
    const first = await drain();
    expect(first.code).toBe(4);
    server.clearFaults();
    const sends = server.calls('sendTransaction').length;
    const simulations = server.calls('simulateTransaction').length;
    const again = await drain();
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already done: device ams-dz1 is already drained with desired status drained; nothing to send/);
    expect(server.calls('sendTransaction').length).toBe(sends);
    expect(server.calls('simulateTransaction').length).toBe(simulations);
    expect(landedSigs()).toHaveLength(1);
  });

  it('a transaction that lands and fails on chain: the signature, the program error, "nothing was changed", exit 1', async () => {
    server.sendQueue.push({ err: { InstructionError: [2, { Custom: 7 }] }, logs: ['Program log: Error: InvalidStatus'] });
    const r = await drain('--json');
    expect(r.code).toBe(1);
    expect(landedSigs()).toHaveLength(1);
    const err = JSON.parse(r.stderr.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(err).toMatchObject({
      error: 'FailedOnChainError',
      state: 'landed',
      signature: landedSigs()[0],
      cause: { error: 'InvalidStatusError' },
      exitCode: 1,
    });
    expect(String(err.message)).toMatch(/landed in slot \d+ and failed on chain: .*nothing was changed/);
    expect(amsStatus()).toBe(DeviceStatus.Activated);
  });

  it('--json reports the send state and every signature in the error object', async () => {
    server.sendQueue.push({ answer: 'drop', neverLand: true });
    server.heightStepPerPoll = 100;
    const r = await drain('--json');
    expect(r.code).toBe(1);
    const err = JSON.parse(r.stderr.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(err).toMatchObject({ error: 'NotLandedError', code: 'NOT_LANDED', state: 'expired', signatures: [server.sent[0]!.signature], exitCode: 1 });
  });
});

describe('dzprov reads against a hostile node', () => {
  it('alternating HTTP 500s: every read has its own retry budget, the listing succeeds', async () => {
    const clean = await dzprov(['links', '--json', ...rpc()]);
    server.alternate5xx = true;
    const r = await dzprov(['links', '--json', ...rpc()]);
    expect(r.code).toBe(0);
    // the same listing as without the faults
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(clean.stdout));
    expect(server.requests.filter((q) => q.fault === '500').length).toBeGreaterThan(0);
  });

  it('HTTP 429 with Retry-After: 1 is waited out, then succeeds', async () => {
    const clean = await dzprov(['devices', '--json', ...rpc()]);
    const cleanCalls = server.calls('getProgramAccounts').length;
    server.resetRecords();
    server.injectFault({ kind: '429', method: 'getProgramAccounts', retryAfter: '1' });
    const t0 = Date.now();
    const r = await dzprov(['devices', '--json', ...rpc()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(clean.stdout);
    // exactly one call more than without the fault: the one rate-limited call, repeated once
    expect(server.calls('getProgramAccounts')).toHaveLength(cleanCalls + 1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
  });

  it('--timeout bounds a command whose node hangs: exit 3, nothing sent', async () => {
    server.injectFault({ kind: 'hang', count: 100, method: 'getProgramAccounts' });
    const t0 = Date.now();
    const r = await drain('--timeout', '1.5');
    expect(r.code).toBe(3);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(oneLineError(r)).toMatch(/deadline/);
    expect(server.calls('sendTransaction')).toHaveLength(0);
  });

  it('an unparsable --url holding credentials is refused without printing it', async () => {
    const r = await dzprov(['devices', '--url', 'https://user:s3cret@host:99999/?api-key=k3y']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/s3cret|k3y/);
    expect(oneLineError(r)).toMatch(/is not a URL/);
  });

  it('HTML with HTTP 200 for a listing: one typed line, exit 3', async () => {
    server.injectFault({ kind: 'html', count: 100, method: 'getProgramAccounts' });
    const r = await dzprov(['devices', ...rpc()]);
    expect(r.code).toBe(3);
    expect(oneLineError(r)).toMatch(/^dzprov: error: cannot read from the RPC node http:\/\/127\.0\.0\.1:\d+: /);
  });
  it('a dropped transaction re-signed after its proven expiry: every signature is printed, text and --json', async () => {
    // Given a node that drops the first transaction (acknowledged) while the chain moves
    server.sendQueue.push({ neverLand: true });
    server.heightStepPerPoll = 100;
    // When the action is sent, as text
    const r = await drain();
    // Then the landing is printed with the signature that landed, and the dropped one named too
    expect(r.code).toBe(0);
    const [dropped, landed] = server.sent.map((t) => t.signature);
    expect(landedSigs()).toEqual([landed]);
    expect(r.stdout).toContain(`landed: signature ${landed}`);
    expect(r.stdout.replace(/\n\s+/g, ' ')).toContain(`also signed and broadcast, proven expired without landing: ${dropped}`);
    // And with --json, "sent" lists both
    server.sendQueue.push({ neverLand: true });
    const beforeJson = server.sent.length;
    await new Promise((res) => setTimeout(res, 10));
    const restore = await dzprov(['undrain-device', 'ams-dz1', ...rpc(), '--send', '--keypair', keypairFile, '--json']);
    expect(restore.code, restore.stderr).toBe(0);
    const j = JSON.parse(restore.stdout) as { sent: { signature: string; signatures: string[] } };
    expect(j.sent.signatures).toEqual(server.sent.slice(beforeJson).map((t) => t.signature));
    expect(j.sent.signatures).toHaveLength(2);
    expect(j.sent.signature).toBe(j.sent.signatures[1]);
  });
});
