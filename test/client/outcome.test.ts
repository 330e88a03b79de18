/**
 * One outcome type for every send (issue #19, item 3): `outcomeOf` maps whatever a send returned
 * or threw to landed / already-done / failed-on-chain / expired / unknown / not-sent. Every path
 * is driven through the local JSON-RPC test node with its fault injection, and the outcome is
 * checked against the node's own record of what landed (never against dzprov's view of it).
 */
import { describe, expect, it } from 'vitest';
import * as kit from '../../src/kit/index.js';
import {
  DeviceHealth,
  DeviceStatus,
  DzClient,
  IllegalTransitionError,
  InvalidStatusError,
  LinkHealth,
  OUTCOME_KINDS,
  StateRefreshError,
  TransactionConfirmationError,
  TransactionRunner,
  ValidationError,
  computeBudgetPrelude,
  createSetDeviceHealthInstruction,
  outcomeOf,
  resolveRetry,
  type ConfirmOptions,
  type HealthUpdate,
  type Outcome,
} from '../../src/index.js';
import { ACME, FOUNDATION, ORACLE, PROGRAM_ID, applyLikeProgram, loadNetwork, noSleep, serverPerTest, testClient, testConnection, type TestNetwork } from '../helpers/rpcFixtures.js';
import type { RpcTestServer } from '../helpers/rpcServer.js';

let server: RpcTestServer;
let net: TestNetwork;

serverPerTest((s) => {
  server = s;
  net = loadNetwork(server, { devices: 3 });
  server.defaultSend = { effect: applyLikeProgram };
});

function client(confirm: ConfirmOptions = {}): DzClient {
  return testClient(server, {
    retry: { sleep: noSleep, timeoutMs: 1000, maxAttempts: 3 },
    confirm: { pollIntervalMs: 0, maxPolls: 40, sendTimeoutMs: 300, ...confirm },
  });
}

/** The outcome of one call, whether it returned or threw. */
async function outcome(call: () => Promise<unknown>): Promise<Outcome> {
  try {
    return outcomeOf(await call());
  } catch (e) {
    return outcomeOf(e);
  }
}

/** The distinct transactions the node landed (its truth, not dzprov's). */
const landed = (): string[] => [...new Set(server.landed().map((t) => t.signature))];

describe('outcomeOf: every outcome of an intent, against the node', () => {
  it('landed: the signature and slot the node landed', async () => {
    // When acme drains dev-0
    const o = await outcome(() => client().drainDevice('dev-0', ACME));
    // Then
    expect(o).toMatchObject({ outcome: 'landed', done: true, signature: landed()[0], signatures: landed(), error: null });
    expect(o.slot).toBe(server.landed()[0]!.landedSlot);
    expect(o.summary).toMatch(/^landed: transaction \w+ landed in slot \d+; nothing to do$/);
  });

  it('already-done: the re-run finds the change and sends nothing', async () => {
    await client().drainDevice('dev-0', ACME);
    const sends = server.calls('sendTransaction').length;
    const o = await outcome(() => client().drainDevice('dev-0', ACME));
    expect(o).toMatchObject({ outcome: 'already-done', done: true, signature: null, signatures: [], slot: null });
    expect(server.calls('sendTransaction')).toHaveLength(sends);
  });

  it('failed-on-chain: the transaction landed with a program error; its signature and slot, nothing written', async () => {
    // Given the node lands the transaction with InvalidStatus (7)
    server.sendQueue.push({ err: { InstructionError: [2, { Custom: 7 }] } });
    // When
    const o = await outcome(() => client().drainDevice('dev-0', ACME));
    // Then
    expect(o).toMatchObject({ outcome: 'failed-on-chain', done: false, signature: server.sent[0]!.signature, signatures: [server.sent[0]!.signature] });
    expect(o.error).toBeInstanceOf(InvalidStatusError);
    expect(o.slot).toEqual(expect.any(Number));
    expect(server.getAccount(net.devices[0]!.pk)!.data[119]).toBe(DeviceStatus.Activated);
  });

  it('expired: the node never lands it and the chain moves past its height; proven, every signature given', async () => {
    // Given an unacknowledged broadcast that never lands
    server.sendQueue.push({ answer: 'error', neverLand: true });
    server.heightStepPerPoll = 100;
    // When
    const o = await outcome(() => client().drainDevice('dev-0', ACME));
    // Then
    expect(o).toMatchObject({ outcome: 'expired', done: false, signatures: [server.sent[0]!.signature], signature: server.sent[0]!.signature, slot: null });
    expect(o.error).toBeInstanceOf(TransactionConfirmationError);
    expect(landed()).toEqual([]);
    expect(o.summary).toMatch(/sending again is safe$/);
  });

  it('unknown: it landed, but every status read fails; the signature and the height it can land until', async () => {
    // Given a send that lands while every status read fails
    server.sendQueue.push({ ...server.defaultSend, landOnReceive: true, onReceive: (_t, s) => s.injectFault({ kind: '500', count: 10_000, method: 'getSignatureStatuses' }) });
    // When
    const o = await outcome(() => client().drainDevice('dev-0', ACME));
    // Then never "not-sent" or "expired" for what the node landed
    expect(o).toMatchObject({ outcome: 'unknown', done: null, signatures: landed() });
    expect(o.lastValidBlockHeight).toEqual(expect.any(Number));
    expect(o.summary).toMatch(/check the signature/);
  });

  it('not-sent: a lifecycle refusal, a failed simulation and a malformed blockhash answer; nothing reached the node', async () => {
    // A lifecycle refusal (a promotion with nothing due)
    const refused = await outcome(() => client().promoteDevice('dev-1', DeviceStatus.LinkProvisioning, FOUNDATION));
    expect(refused).toMatchObject({ outcome: 'not-sent', done: false, signatures: [] });
    expect(refused.error).toBeInstanceOf(IllegalTransitionError);
    // A simulation the program refuses
    server.simulate = () => ({ err: { InstructionError: [2, { Custom: 8 }] }, logs: [] });
    expect(await outcome(() => client().drainDevice('dev-0', ACME))).toMatchObject({ outcome: 'not-sent', signatures: [] });
    server.simulate = () => ({ err: null, logs: [], unitsConsumed: 1 });
    // A malformed answer while fetching the blockhash
    server.injectFault({ kind: 'malformed', method: 'getLatestBlockhash' });
    expect(await outcome(() => client().drainDevice('dev-0', ACME))).toMatchObject({ outcome: 'not-sent' });
    expect(server.calls('sendTransaction')).toHaveLength(0);
  });

  it('landed, then the read-back failed (StateRefreshError): landed, with the error kept', async () => {
    server.sendQueue.push({ effect: applyLikeProgram, onReceive: (_tx, s) => s.injectFault({ kind: '500', count: 1000, method: 'getMultipleAccounts' }) });
    const o = await outcome(() => client().drainDevice('dev-0', ACME));
    expect(o).toMatchObject({ outcome: 'landed', done: true, signature: landed()[0], signatures: landed() });
    expect(o.error).toBeInstanceOf(StateRefreshError);
  });

  it("TransactionRunner.sendAndConfirm's result: landed", async () => {
    const runner = new TransactionRunner(testConnection(server), PROGRAM_ID, 'confirmed', resolveRetry({ sleep: noSleep }), { pollIntervalMs: 0 });
    const ix = createSetDeviceHealthInstruction({ programId: PROGRAM_ID, payer: ORACLE.publicKey, device: net.devices[0]!.pk, args: { health: DeviceHealth.Impaired } });
    const o = outcomeOf(await runner.sendAndConfirm([...computeBudgetPrelude(), ix], ORACLE));
    expect(o).toMatchObject({ outcome: 'landed', signature: landed()[0], signatures: landed() });
  });

  it('an error that is not dzprov\'s (a wallet\'s, a bug) is unknown: nothing says whether it was sent', () => {
    expect(outcomeOf(new TypeError('boom'))).toMatchObject({ outcome: 'unknown', done: null, signatures: [] });
  });

  it('an Outcome maps to itself; anything that is no send result is a ValidationError naming resultOrError', () => {
    const o = outcomeOf(new TransactionConfirmationError(['s1', 's2'], 'unknown', 'outcome unknown', undefined, 77, 'why'));
    expect(o).toMatchObject({ outcome: 'unknown', signature: 's2', signatures: ['s1', 's2'], lastValidBlockHeight: 77 });
    expect(outcomeOf(o)).toEqual(o);
    for (const bad of [null, undefined, 42, 'landed', {}, [], { outcome: 'landed' }, { outcome: 'sideways', signatures: [] }]) {
      expect(() => outcomeOf(bad)).toThrow(ValidationError);
      expect(() => outcomeOf(bad)).toThrow(/resultOrError/);
    }
    expect(OUTCOME_KINDS).toEqual(['landed', 'already-done', 'failed-on-chain', 'expired', 'unknown', 'not-sent']);
  });

  it('dzprov/kit exports the same helper and kinds', () => {
    expect(kit.outcomeOf).toBe(outcomeOf);
    expect(kit.OUTCOME_KINDS).toBe(OUTCOME_KINDS);
  });
});

describe('batch health: each target carries its outcome and labels', () => {
  const dev = (i: number) => net.devices[i]!.pk;

  it('landed, already-done and not-sent in one batch; labels beside the values', async () => {
    // Given dev-0 ready-for-users, dev-1 already impaired, and a code that names nothing
    await client().setDeviceHealth('dev-1', DeviceHealth.Impaired, ORACLE);
    const updates: HealthUpdate[] = [
      { kind: 'device', target: dev(0), health: DeviceHealth.Impaired },
      { kind: 'device', target: dev(1), health: DeviceHealth.Impaired },
      { kind: 'link', target: 'no-such-link', health: LinkHealth.Impaired },
    ];
    // When
    const outcomes = await client().setHealthMany(updates, ORACLE);
    // Then
    expect(outcomes.map((o) => [o.status, o.outcome, outcomeOf(o).outcome])).toEqual([
      ['updated', 'landed', 'landed'],
      ['unchanged', 'already-done', 'already-done'],
      ['refused', 'not-sent', 'not-sent'],
    ]);
    expect(outcomes[0]).toMatchObject({ from: DeviceHealth.ReadyForUsers, fromLabel: 'ready-for-users', to: DeviceHealth.Impaired, toLabel: 'impaired' });
    expect(outcomes[1]).toMatchObject({ fromLabel: 'impaired', toLabel: 'impaired' });
    expect(outcomes[2]).toMatchObject({ kind: 'link', from: null, fromLabel: null, toLabel: 'impaired' });
    expect(outcomeOf(outcomes[0]!)).toMatchObject({ signature: landed()[1], slot: expect.any(Number) });
  });

  it('a planned target (prepareHealthMany only) is not sent', async () => {
    const plan = await client().prepareHealthMany([{ kind: 'device', target: dev(0), health: DeviceHealth.Impaired }], ORACLE.publicKey);
    expect(plan.outcomes[0]).toMatchObject({ status: 'planned', outcome: 'not-sent', fromLabel: 'ready-for-users', toLabel: 'impaired' });
  });

  it('unknown: the batch landed but its status cannot be read; every target unknown with the signature', async () => {
    server.sendQueue.push({ ...server.defaultSend, landOnReceive: true, onReceive: (_t, s) => s.injectFault({ kind: '500', count: 10_000, method: 'getSignatureStatuses' }) });
    const outcomes = await client().setHealthMany([0, 1].map((i): HealthUpdate => ({ kind: 'device', target: dev(i), health: DeviceHealth.Impaired })), ORACLE);
    for (const o of outcomes) {
      expect(o).toMatchObject({ status: 'unknown', outcome: 'unknown', signature: landed()[0], signatures: landed() });
      expect(outcomeOf(o).outcome).toBe('unknown');
    }
  });

  it('expired: the batch never lands and its expiry is proven; refused, outcome expired, with the signature', async () => {
    server.sendQueue.push({ answer: 'error', neverLand: true });
    server.heightStepPerPoll = 100;
    const [o] = await client().setHealthMany([{ kind: 'device', target: dev(0), health: DeviceHealth.Impaired }], ORACLE);
    expect(o).toMatchObject({ status: 'refused', outcome: 'expired', signatures: [server.sent[0]!.signature], error: { name: 'TransactionConfirmationError' } });
    expect(landed()).toEqual([]);
  });

  it('failed-on-chain: a lone target whose transaction landed with an error', async () => {
    server.sendQueue.push({ err: { InstructionError: [2, { Custom: 7 }] } });
    const [o] = await client().setHealthMany([{ kind: 'device', target: dev(0), health: DeviceHealth.Impaired }], ORACLE);
    expect(o).toMatchObject({ status: 'refused', outcome: 'failed-on-chain', signature: server.sent[0]!.signature, slot: expect.any(Number), error: { name: 'InvalidStatusError' } });
  });
});

describe('health updates are typed by kind at run time too', () => {
  it('a health that is not declared by the kind\'s enum is a ValidationError naming the field, before any read', async () => {
    const c = client();
    const reads = server.requests.length;
    // LinkHealth has no 4 (DeviceHealth.Impaired): a device value on a link update
    await expect(c.prepareHealthMany([{ kind: 'link', target: 'link-0', health: DeviceHealth.Impaired as unknown as LinkHealth }], ORACLE.publicKey)).rejects.toThrow(
      /^invalid updates\[0\]\.health: must be a LinkHealth \(0 unknown, 1 pending, 2 ready-for-service, 3 impaired\), got number 4$/,
    );
    await expect(c.setHealthMany([{ kind: 'device', target: 'dev-0', health: 9 as DeviceHealth }], ORACLE)).rejects.toThrow(/invalid updates\[0\]\.health: must be a DeviceHealth/);
    await expect(c.setLinkHealth('link-0', 4 as LinkHealth, ORACLE)).rejects.toThrow(/invalid health: must be a LinkHealth/);
    await expect(c.prepareSetDeviceHealth('dev-0', 5 as DeviceHealth, ORACLE.publicKey)).rejects.toThrow(/invalid health: must be a DeviceHealth/);
    await expect(c.prepareSetDeviceHealth('dev-0', '2' as unknown as DeviceHealth, ORACLE.publicKey)).rejects.toThrow(ValidationError);
    expect(server.requests.length).toBe(reads);
  });

  it("the same number is a different health per kind: 2 is ready-for-links on a device, ready-for-service on a link", async () => {
    const plan = await client().prepareHealthMany(
      [
        { kind: 'device', target: 'dev-0', health: DeviceHealth.ReadyForLinks },
        { kind: 'link', target: 'link-0', health: LinkHealth.ReadyForService },
      ],
      ORACLE.publicKey,
    );
    expect(plan.outcomes.map((o) => [o.kind, o.to, o.toLabel])).toEqual([
      ['device', 2, 'ready-for-links'],
      ['link', 2, 'ready-for-service'],
    ]);
  });
});
