import { ComputeBudgetProgram, PublicKey, SystemProgram, TransactionInstruction } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import {
  DzClient,
  RpcError,
  SendTransactionError,
  StateRefreshError,
  TransactionConfirmationError,
  TransactionFailedError,
  type ConfirmOptions,
} from '../../src/index.js';
import {
  AccountType,
  DeviceDesiredStatus,
  DeviceHealth,
  DeviceStatus,
  InterfaceStatus,
  LinkDesiredStatus,
  LinkHealth,
  LinkStatus,
} from '../../src/index.js';
import { IllegalTransitionError, ValidationError } from '../../src/index.js';
import { InstructionArgumentError } from '../../src/index.js';
import { decodeDevice, decodeInstruction, encodeDevice, encodeLink } from '../../src/index.js';
import { getDzPrefixBlockPda, getGlobalStatePda, getPermissionPda, getTunnelIdsPda } from '../../src/index.js';
import { InvalidStatusError, NotAllowedError } from '../../src/index.js';
import {
  ACME,
  FOUNDATION,
  GLOBEX,
  OPS,
  ORACLE,
  PROGRAM_ID,
  VISITOR,
  applyLikeProgram,
  kp,
  loadNetwork,
  noSleep,
  serverPerTest,
  testClient,
  type TestNetwork,
} from '../helpers/rpcFixtures.js';
import type { RpcTestServer, SentTransaction } from '../helpers/rpcServer.js';
import { sampleInterface } from '../helpers/accounts.js';

let server: RpcTestServer;
let net: TestNetwork;
let client: DzClient;

function newClient(confirm: ConfirmOptions = {}): DzClient {
  return testClient(server, { retry: { sleep: noSleep, timeoutMs: 2000 }, confirm: { pollIntervalMs: 0, ...confirm } });
}

/** The serviceability instructions of a sent transaction, decoded; compute-budget ones by name. */
function decodedSent(tx: SentTransaction): string[] {
  return tx.legacy!.instructions.map((ix: TransactionInstruction) => {
    if (ix.programId.equals(ComputeBudgetProgram.programId)) return `ComputeBudget:${Buffer.from(ix.data).toString('hex')}`;
    return decodeInstruction(ix, { programId: PROGRAM_ID }).name;
  });
}

const restartServer = serverPerTest((s) => {
  server = s;
  net = loadNetwork(server, { devices: 4 });
  server.defaultSend = { effect: applyLikeProgram };
  client = newClient();
});

describe('a full drain run', () => {
  it('sends exactly [SetComputeUnitLimit, RequestHeapFrame, UpdateDevice(status Drained, desired Drained)] signed by the payer, and returns the new state', async () => {
    // Given acme's Activated device dev-0
    const { pk, device } = net.devices[0]!;
    expect(device.status).toBe(DeviceStatus.Activated);

    // When acme drains it by code
    const res = await client.drainDevice('dev-0', ACME);

    // Then one transaction was simulated and sent
    expect(server.calls('simulateTransaction')).toHaveLength(1);
    expect(server.calls('sendTransaction')).toHaveLength(1);
    expect((server.calls('sendTransaction')[0]!.params as [string, { skipPreflight: boolean }])[1].skipPreflight).toBe(true);
    const [tx] = server.sent;
    expect(tx!.signaturesValid).toBe(true);
    expect(tx!.legacy!.signatures.map((s) => s.publicKey.toBase58())).toEqual([ACME.publicKey.toBase58()]);
    expect(tx!.legacy!.feePayer?.equals(ACME.publicKey)).toBe(true);
    expect(decodedSent(tx!)).toEqual(['ComputeBudget:02c05c1500', 'ComputeBudget:0100000400', 'UpdateDevice']);
    const upd = decodeInstruction(tx!.legacy!.instructions[2]!, { programId: PROGRAM_ID });
    if (upd.name !== 'UpdateDevice') throw new Error('expected UpdateDevice');
    expect(upd.args).toMatchObject({
      status: DeviceStatus.Drained,
      desiredStatus: DeviceDesiredStatus.Drained,
      code: null,
      contributorPk: null,
      dzPrefixes: null,
      resourceCount: 0n,
    });
    expect(upd.accounts.device.equals(pk)).toBe(true);
    expect(upd.accounts.contributor.equals(net.acmePk)).toBe(true);
    expect(upd.accounts.globalState.equals(getGlobalStatePda(PROGRAM_ID)[0])).toBe(true);
    expect(upd.accounts.payer.equals(ACME.publicKey)).toBe(true);
    expect(upd.accounts.permission).toBeUndefined();
    // and the result carries before, after (re-read) and the instructions
    expect(res.signature).toBe(tx!.signature);
    expect(res.signatures).toEqual([tx!.signature]);
    expect(res.before).toEqual(device);
    expect(res.after?.status).toBe(DeviceStatus.Drained);
    expect(res.after?.desiredStatus).toBe(DeviceDesiredStatus.Drained);
    expect(res.instructions).toHaveLength(3);
  });

  it('appends the Permission PDA for a payer that has a Permission account, and only then', async () => {
    // Given OPS (Permission: NETWORK_ADMIN) and FOUNDATION (allowlist, no Permission account)
    // When
    const ops = await client.prepareDrainDevice('dev-1', OPS.publicKey);
    const fnd = await client.prepareDrainDevice('dev-1', FOUNDATION.publicKey);
    // Then
    const last = (p: typeof ops) => p.instructions[2]!.keys.at(-1)!;
    expect(last(ops).pubkey.equals(getPermissionPda(PROGRAM_ID, OPS.publicKey)[0])).toBe(true);
    expect(last(ops).isWritable).toBe(false);
    expect(last(fnd).pubkey.equals(SystemProgram.programId)).toBe(true);
    expect(ops.roles).toEqual(['networkAdmin', 'healthOracle']);
    expect(fnd.roles).toEqual(['networkAdmin']);
  });

  it('a Permission account that does not decode grants nothing, as in the program; the foundation keeps its allowlist role (issue 16)', async () => {
    // Given FOUNDATION's Permission PDA holding a program-owned account that is not a Permission (cut short)
    server.setAccount(getPermissionPda(PROGRAM_ID, FOUNDATION.publicKey)[0], { owner: PROGRAM_ID, data: new Uint8Array([15, 1, 2, 3]) });
    // When FOUNDATION prepares a drain
    const p = await client.prepareDrainDevice('dev-1', FOUNDATION.publicKey);
    // Then the client does not fail on it: the allowlist grants networkAdmin (legacy mode), and the
    // PDA is appended (the program owns it; it reads it as granting nothing, then the allowlist)
    expect(p.roles).toEqual(['networkAdmin']);
    expect(p.resolution.permission).toBeNull();
    expect(p.instructions[2]!.keys.at(-1)!.pubkey.equals(getPermissionPda(PROGRAM_ID, FOUNDATION.publicKey)[0])).toBe(true);
  });

  it('a link whose side is not a device (the all-zero key) still takes a health write (issue 16: the client failed on the side device)', async () => {
    // Given link-0 whose side Z is the all-zero key, which names the system program
    const l0 = net.links[0]!;
    server.setAccount(l0.pk, { owner: PROGRAM_ID, data: encodeLink({ ...l0.link, sideZPk: PublicKey.default }) });
    // When the health oracle sets its health
    const p = await client.prepareSetLinkHealth('link-0', LinkHealth.Impaired, ORACLE.publicKey);
    // Then it is prepared (SetLinkHealth never reads the side devices), and no side-Z device is reported
    expect(p.instructions).toHaveLength(3);
    expect(p.resolution.sideZDevice).toBeNull();
  });

  it('prepares a dry run without a signer: instructions, roles, before, description', async () => {
    // When
    const p = await client.prepareDrainDevice(net.devices[0]!.pk, ACME.publicKey);
    const sim = await client.simulate(p);
    // Then
    expect(p.intent).toBe('drainDevice');
    expect(p.roles).toEqual(['contributor']);
    expect(p.before).toEqual(net.devices[0]!.device);
    expect(p.description).toBe(`drain device dev-0 (${net.devices[0]!.pk.toBase58()}): activated → drained`);
    expect(sim.logs.length).toBeGreaterThan(0);
    expect(server.calls('sendTransaction')).toHaveLength(0);
    // the simulated transaction is unsigned, paid by the payer
    const params = server.calls('simulateTransaction')[0]!.params as [string, { sigVerify: boolean; replaceRecentBlockhash: boolean }];
    expect(params[1]).toMatchObject({ sigVerify: false, replaceRecentBlockhash: true });
  });

  it('refuses a signer that is not the prepared payer', async () => {
    const p = await client.prepareDrainDevice('dev-0', ACME.publicKey);
    await expect(client.send(p, GLOBEX)).rejects.toBeInstanceOf(ValidationError);
    expect(server.calls('sendTransaction')).toHaveLength(0);
  });
});

describe('lifecycle refusals and program errors', () => {
  it('an illegal transition throws IllegalTransitionError before anything is simulated or sent', async () => {
    // Given globex does not own dev-0, and dev-0 is not Drained
    // When / Then
    await expect(client.drainDevice('dev-0', GLOBEX)).rejects.toBeInstanceOf(IllegalTransitionError);
    await expect(client.changeDeviceStatus('dev-0', DeviceStatus.PendingDeprecated, ACME)).rejects.toBeInstanceOf(IllegalTransitionError);
    await expect(client.setDeviceHealth('dev-0', DeviceHealth.Impaired, ACME)).rejects.toBeInstanceOf(IllegalTransitionError);
    expect(server.calls('simulateTransaction')).toHaveLength(0);
    expect(server.calls('sendTransaction')).toHaveLength(0);
  });

  it('maps a simulated Custom(8) to NotAllowedError with the logs, and sends nothing', async () => {
    // Given the node's simulation fails in instruction 2 with NotAllowed
    const logs = [
      `Program ${PROGRAM_ID.toBase58()} invoke [1]`,
      'Program log: Error: NotAllowed',
      `Program ${PROGRAM_ID.toBase58()} failed: custom program error: 0x8`,
    ];
    server.simulate = () => ({ err: { InstructionError: [2, { Custom: 8 }] }, logs });
    // When
    const err = await client.drainDevice('dev-0', ACME).catch((e: unknown) => e);
    // Then
    expect(err).toBeInstanceOf(NotAllowedError);
    expect((err as NotAllowedError).customCode).toBe(8);
    expect((err as NotAllowedError).instructionIndex).toBe(2);
    expect((err as NotAllowedError).logs).toEqual(logs);
    expect(server.calls('sendTransaction')).toHaveLength(0);
  });

  it('a simulation failure that is not an instruction error is TransactionFailedError', async () => {
    server.simulate = () => ({ err: 'AccountNotFound', logs: [] });
    const err = await client.drainDevice('dev-0', ACME).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransactionFailedError);
    expect((err as TransactionFailedError).stage).toBe('simulation');
  });

  it('an execution failure after a good simulation is the typed error, with the logs of the landed transaction', async () => {
    // Given the transaction lands with Custom(7)
    const logs = [`Program ${PROGRAM_ID.toBase58()} failed: custom program error: 0x7`];
    server.sendQueue.push({ err: { InstructionError: [2, { Custom: 7 }] }, logs });
    // When
    const err = await client.drainDevice('dev-0', ACME).catch((e: unknown) => e);
    // Then
    expect(err).toBeInstanceOf(InvalidStatusError);
    expect((err as InvalidStatusError).logs).toEqual(logs);
    // and it says where it landed (the fee was paid): the send state is "landed", not "not sent"
    expect((err as InvalidStatusError).landed).toEqual({ signature: server.sent[0]!.signature, signatures: [server.sent[0]!.signature], slot: expect.any(Number) });
    expect(server.calls('sendTransaction')).toHaveLength(1);
    expect((await client.fetchDevice(net.devices[0]!.pk)).status).toBe(DeviceStatus.Activated);
  });

  it('a node that answers sendTransaction with an error is not believed: the signature is polled to expiry, then "expired", never re-signed', async () => {
    // Given the node answers the send with a JSON-RPC error (preflight is skipped, so it proves nothing) and the chain moves
    server.sendQueue.push({ reject: { code: -32002, message: 'Transaction signature verification failure' } });
    server.heightStepPerPoll = 100;
    // When
    const err = await client.drainDevice('dev-0', ACME).catch((e: unknown) => e);
    // Then the outcome is proven "expired" (not "failed"), with the node's answer as the cause, and one transaction only
    expect(err).toBeInstanceOf(TransactionConfirmationError);
    const e = err as TransactionConfirmationError;
    expect(e.outcome).toBe('expired');
    expect(e.message).toMatch(/^expired, not landed: /);
    expect(e.cause).toBeInstanceOf(SendTransactionError);
    expect(e.signatures).toHaveLength(1);
    expect(server.calls('sendTransaction')).toHaveLength(1);
    // and before calling it expired, the node was asked with searchTransactionHistory at a slot past the expiry
    const last = server.calls('getSignatureStatuses').at(-1)!;
    expect((last.params as [string[], { searchTransactionHistory: boolean }])[1].searchTransactionHistory).toBe(true);
  });
});

describe('confirmation', () => {
  it('slow confirmation: polls the same signature and never sends twice', async () => {
    // Given the signature stays unknown for 6 polls
    server.defaultSend = { effect: applyLikeProgram, pendingPolls: 6 };
    // When
    const res = await client.drainDevice('dev-0', ACME);
    // Then
    expect(server.calls('sendTransaction')).toHaveLength(1);
    const polled = server.calls('getSignatureStatuses').map((c) => (c.params as [string[]])[0][0]);
    expect(polled.length).toBeGreaterThanOrEqual(7);
    expect(new Set(polled)).toEqual(new Set([res.signature]));
    expect(res.after?.status).toBe(DeviceStatus.Drained);
  });

  it('re-signs with a fresh blockhash only after the first is known not to have landed and has expired', async () => {
    // Given the first transaction never lands and the chain advances 100 blocks per poll
    server.sendQueue.push({ neverLand: true });
    server.heightStepPerPoll = 100;
    // When
    const res = await client.drainDevice('dev-0', ACME);
    // Then two transactions with different blockhashes, the first one expired before the second was signed
    expect(server.sent).toHaveLength(2);
    const [first, second] = server.sent;
    expect(first!.recentBlockhash).not.toBe(second!.recentBlockhash);
    expect(res.signatures).toEqual([first!.signature, second!.signature]);
    expect(res.signature).toBe(second!.signature);
    expect(second!.receivedAtHeight).toBeGreaterThan(server.lastValidHeight(first!.recentBlockhash)!);
    // and the last look at the first signature before the re-sign searched the full history
    const secondSend = server.calls('sendTransaction')[1]!.seq;
    const polls = server.calls('getSignatureStatuses');
    const before = polls.filter((c) => c.seq < secondSend);
    expect((before.at(-1)!.params as [string[], { searchTransactionHistory: boolean }])[1].searchTransactionHistory).toBe(true);
    expect((before.at(-1)!.params as [string[]])[0]).toEqual([first!.signature]);
    // and after the re-sign both signatures are polled together, so a late landing of the first would be seen
    const after = polls.filter((c) => c.seq > secondSend);
    expect(after.length).toBeGreaterThan(0);
    for (const c of after) expect((c.params as [string[]])[0]).toEqual([first!.signature, second!.signature]);
    expect(res.after?.status).toBe(DeviceStatus.Drained);
  });

  it('gives up with "expired" after the resend bound', async () => {
    server.defaultSend = { neverLand: true };
    server.heightStepPerPoll = 100;
    const c = newClient({ maxResends: 1 });
    const err = await c.drainDevice('dev-0', ACME).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransactionConfirmationError);
    expect((err as TransactionConfirmationError).outcome).toBe('expired');
    expect((err as TransactionConfirmationError).signatures).toHaveLength(2);
    expect(server.calls('sendTransaction')).toHaveLength(2);
  });

  it('a still-valid blockhash when the polls run out is "unknown" (may still land until its last valid height), with one send', async () => {
    server.defaultSend = { pendingPolls: 1000 };
    const c = newClient({ maxPolls: 5 });
    const err = await c.drainDevice('dev-0', ACME).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransactionConfirmationError);
    const e = err as TransactionConfirmationError;
    expect(e.outcome).toBe('unknown');
    expect(e.lastValidBlockHeight).toBe(server.lastValidHeight(server.sent[0]!.recentBlockhash));
    expect(e.message).toContain(`valid until block height ${e.lastValidBlockHeight}`);
    expect(e.reason).toBe(`no conclusive status after 5 polls; its blockhash is valid until block height ${e.lastValidBlockHeight} (now ${server.blockHeight})`);
    expect(server.calls('sendTransaction')).toHaveLength(1);
  });

  it('status reads that give up after the send: "unknown" with the signature sent and the cause, never a re-sign', async () => {
    // Given every getSignatureStatuses request fails with HTTP 500 (more than the retry bound)
    server.injectFault({ kind: '500', count: 1000, method: 'getSignatureStatuses' });
    // When
    const err = await client.drainDevice('dev-0', ACME).catch((e: unknown) => e);
    // Then exactly one transaction was sent, and the error names it
    expect(server.calls('sendTransaction')).toHaveLength(1);
    expect(server.sent).toHaveLength(1);
    expect(err).toBeInstanceOf(TransactionConfirmationError);
    const e = err as TransactionConfirmationError;
    expect(e.outcome).toBe('unknown');
    expect(e.signatures).toEqual([server.sent[0]!.signature]);
    expect(e.signature).toBe(server.sent[0]!.signature);
    expect(e.message).toContain(server.sent[0]!.signature);
    expect(e.cause).toBeInstanceOf(RpcError);
    expect((e.cause as RpcError).method).toBe('getSignatureStatuses');
    expect((e.cause as RpcError).httpStatus).toBe(500);
    // and nothing after the send was another sendTransaction
    expect(server.calls('getSignatureStatuses').length).toBe(5);
  });

  it('a block-height read that gives up after a re-sign is "unknown" too, carrying every signature sent', async () => {
    // Given the first transaction never lands and expires; once the second one is received,
    // every getBlockHeight request fails with HTTP 500
    server.heightStepPerPoll = 100;
    server.sendQueue.push(
      { neverLand: true },
      { onReceive: (_tx, s) => s.injectFault({ kind: '500', count: 1000, method: 'getEpochInfo' }) },
    );
    // When
    const err = await client.drainDevice('dev-0', ACME).catch((e: unknown) => e);
    // Then both signatures are reported, and no third transaction was signed
    expect(server.calls('sendTransaction')).toHaveLength(2);
    expect(err).toBeInstanceOf(TransactionConfirmationError);
    const e = err as TransactionConfirmationError;
    expect(e.outcome).toBe('unknown');
    expect(e.signatures).toEqual(server.sent.map((t) => t.signature));
    expect(e.signatures).toHaveLength(2);
    expect((e.cause as RpcError).method).toBe('getEpochInfo');
  });

  it('a read-back that fails after the transaction is confirmed is StateRefreshError with the signature, not a failed send', async () => {
    // Given every getMultipleAccounts request fails once the transaction has been received
    server.sendQueue.push({
      effect: applyLikeProgram,
      onReceive: (_tx, s) => s.injectFault({ kind: '500', count: 1000, method: 'getMultipleAccounts' }),
    });
    // When
    const err = await client.drainDevice('dev-0', ACME).catch((e: unknown) => e);
    // Then the error says the transaction is confirmed and names it; one send only
    expect(server.calls('sendTransaction')).toHaveLength(1);
    expect(err).toBeInstanceOf(StateRefreshError);
    const e = err as StateRefreshError;
    expect(e.code).toBe('STATE_REFRESH_FAILED');
    expect(e.signature).toBe(server.sent[0]!.signature);
    expect(e.signatures).toEqual([server.sent[0]!.signature]);
    expect(e.message).toContain('is confirmed');
    expect((e.cause as RpcError).method).toBe('getMultipleAccounts');
  });

  it('a dropped sendTransaction connection re-broadcasts the same bytes, never a new transaction', async () => {
    // Given the first sendTransaction request is dropped before it reaches the node
    server.injectFault({ kind: 'drop', method: 'sendTransaction' });
    // When
    const res = await client.drainDevice('dev-0', ACME);
    // Then both attempts carried the same signed bytes
    const sends = server.calls('sendTransaction').map((c) => (c.params as [string])[0]);
    expect(sends).toHaveLength(2);
    expect(sends[0]).toBe(sends[1]);
    expect(server.sent).toHaveLength(1);
    expect(res.signature).toBe(server.sent[0]!.signature);
  });

  it('when every broadcast fails in transit, polls that signature until its blockhash expired, then says "expired" without signing anew', async () => {
    // Given every attempt to send the transaction is dropped, and the chain moves fast
    server.injectFault({ kind: 'drop', count: 1000, method: 'sendTransaction' });
    server.heightStepPerPoll = 100;
    // When
    const err = await client.drainDevice('dev-0', ACME).catch((e: unknown) => e);
    // Then the one signature was polled (fate unknown) until proven expired; no second transaction was signed
    expect(err).toBeInstanceOf(TransactionConfirmationError);
    const e = err as TransactionConfirmationError;
    expect(e.outcome).toBe('expired');
    expect(e.signatures).toHaveLength(1);
    const polls = server.calls('getSignatureStatuses').filter((c) => (c.params as [string[]])[0][0] === e.signature);
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(new Set(server.calls('sendTransaction').map((c) => (c.params as [string])[0])).size).toBe(1);
    expect((await client.fetchDevice(net.devices[0]!.pk)).status).toBe(DeviceStatus.Activated);
  });

  it('retries injected 429, 500 and hangs on the reads of an intent and still succeeds', async () => {
    // Given faults on reads along the way
    server.injectFault({ kind: '429', method: 'getMultipleAccounts' });
    server.injectFault({ kind: '500', method: 'getLatestBlockhash' });
    server.injectFault({ kind: 'hang', method: 'getSignatureStatuses' });
    const c = newClient();
    // When
    const res = await c.drainDevice('dev-0', ACME);
    // Then
    expect(res.after?.status).toBe(DeviceStatus.Drained);
    expect(server.requests.filter((r) => r.fault).map((r) => `${r.method}:${r.fault}`)).toEqual([
      'getMultipleAccounts:429',
      'getLatestBlockhash:500',
      'getSignatureStatuses:hang',
    ]);
    expect(server.calls('sendTransaction')).toHaveLength(1);
  });
});

describe('the other intents', () => {
  it('undrain, promote, desired status and health on devices', async () => {
    // Given dev-0 drained first
    await client.drainDevice('dev-0', ACME);
    // When
    const undrained = await client.undrainDevice('dev-0', ACME);
    const desired = await client.setDeviceDesiredStatus('dev-0', DeviceDesiredStatus.Drained, FOUNDATION);
    const health = await client.setDeviceHealth('dev-0', DeviceHealth.Impaired, ORACLE);
    // Then
    expect(undrained.after).toMatchObject({ status: DeviceStatus.Activated, desiredStatus: DeviceDesiredStatus.Activated });
    expect(desired.after?.desiredStatus).toBe(DeviceDesiredStatus.Drained);
    expect(health.after?.deviceHealth).toBe(DeviceHealth.Impaired);
    expect(decodedSent(server.sent.at(-1)!).at(-1)).toBe('SetDeviceHealth');
    // and promotion takes the reconciler's step, named by its target (Activated with desired Drained → Drained)
    expect((await client.promoteDevice('dev-0', DeviceStatus.Drained, FOUNDATION)).after?.status).toBe(DeviceStatus.Drained);
    // while a device with nothing due cannot be promoted
    await expect(client.promoteDevice('dev-1', DeviceStatus.LinkProvisioning, FOUNDATION)).rejects.toBeInstanceOf(IllegalTransitionError);
  });

  it('promotes a device provisioning with intent and health', async () => {
    server = await restartServer();
    net = loadNetwork(server, {
      devices: 2,
      device: (i) => (i === 0 ? { status: DeviceStatus.DeviceProvisioning, deviceHealth: DeviceHealth.ReadyForLinks, desiredStatus: DeviceDesiredStatus.Activated } : {}),
    });
    server.defaultSend = { effect: applyLikeProgram };
    client = newClient();
    const res = await client.promoteDevice('dev-0', DeviceStatus.LinkProvisioning, FOUNDATION);
    expect(res.after?.status).toBe(DeviceStatus.LinkProvisioning);
    expect(res.labels).toEqual({
      before: { status: 'device-provisioning', desiredStatus: 'activated', health: 'ready-for-links' },
      after: { status: 'link-provisioning', desiredStatus: 'activated', health: 'ready-for-links' },
    });
  });

  it('a promotion named by its target is idempotent: the re-run after it landed is "already done", nothing sent', async () => {
    // Given dev-0 device-provisioning with intent and health, promoted once to link-provisioning
    server = await restartServer();
    net = loadNetwork(server, {
      devices: 2,
      device: (i) => (i === 0 ? { status: DeviceStatus.DeviceProvisioning, deviceHealth: DeviceHealth.ReadyForUsers, desiredStatus: DeviceDesiredStatus.Activated } : {}),
    });
    server.defaultSend = { effect: applyLikeProgram };
    client = newClient();
    expect((await client.promoteDevice('dev-0', DeviceStatus.LinkProvisioning, FOUNDATION)).outcome).toBe('landed');
    expect(server.sent).toHaveLength(1);
    // When the same promotion is run again (as after an unknown outcome)
    const again = await client.promoteDevice('dev-0', DeviceStatus.LinkProvisioning, FOUNDATION);
    // Then it is already done, nothing is sent, and the device did not take the next step (activated)
    expect(again).toMatchObject({ outcome: 'already-done', signature: null, signatures: [] });
    expect(server.sent).toHaveLength(1);
    expect((await client.fetchDevice(net.devices[0]!.pk)).status).toBe(DeviceStatus.LinkProvisioning);
    // and a promotion to a step that is not the next one is refused before anything is built
    await expect(client.promoteDevice('dev-0', DeviceStatus.Drained, FOUNDATION)).rejects.toThrow(
      /cannot change device status \(promote\) from link-provisioning to drained: the next provisioning step is activated, not drained/,
    );
    // and the next step, named, is taken
    expect((await client.promoteDevice('dev-0', DeviceStatus.Activated, FOUNDATION)).after?.status).toBe(DeviceStatus.Activated);
    expect(server.sent).toHaveLength(2);
  });

  it("promoteDevice without a target (dzprov 0.1's call) is refused before any read, saying what to pass", async () => {
    const reads = server.requests.length;
    await expect((client.promoteDevice as (t: string, s: unknown) => Promise<unknown>)('dev-0', FOUNDATION)).rejects.toThrow(
      /invalid to: must be the device status the promotion leads to \(activated, drained, link-provisioning\), e\.g\. promoteDevice\(target, DeviceStatus\.LinkProvisioning, signer\)/,
    );
    await expect(client.promoteDevice('dev-0', DeviceStatus.DeviceProvisioning, FOUNDATION)).rejects.toThrow(/device-provisioning is not a status a promotion leads to/);
    expect(server.requests.length).toBe(reads);
  });

  it('link drains by the link contributor use the contributor preamble; by side Z, the side-Z preamble', async () => {
    // Given link-0: acme's, side Z = dev-1 (globex)
    // When
    const soft = await client.softDrainLink('link-0', ACME);
    const hard = await client.hardDrainLink('link-0', GLOBEX);
    // Then
    expect(soft.after).toMatchObject({ status: LinkStatus.SoftDrained, desiredStatus: LinkDesiredStatus.SoftDrained });
    expect(hard.after).toMatchObject({ status: LinkStatus.HardDrained, desiredStatus: LinkDesiredStatus.HardDrained });
    const [s, h] = server.sent.map((t) => decodeInstruction(t.legacy!.instructions[2]!, { programId: PROGRAM_ID }));
    if (s!.name !== 'UpdateLink' || h!.name !== 'UpdateLink') throw new Error('expected UpdateLink');
    expect(s!.accounts.contributor.equals(net.acmePk)).toBe(true);
    expect(s!.accounts.preambleSideZ).toBeUndefined();
    expect(h!.accounts.contributor.equals(net.globexPk)).toBe(true);
    expect(h!.accounts.preambleSideZ?.equals(net.devices[1]!.pk)).toBe(true);
  });

  it('activate, desired status, health and delete on links', async () => {
    await client.softDrainLink('link-0', ACME);
    const active = await client.activateLink('link-0', ACME);
    expect(active.after?.status).toBe(LinkStatus.Activated);
    const desired = await client.setLinkDesiredStatus('link-0', LinkDesiredStatus.HardDrained, GLOBEX);
    expect(desired.after?.desiredStatus).toBe(LinkDesiredStatus.HardDrained);
    const health = await client.setLinkHealth('link-0', LinkHealth.Impaired, OPS);
    expect(health.after?.linkHealth).toBe(LinkHealth.Impaired);
    await expect(client.deleteLink('link-0', ACME)).rejects.toBeInstanceOf(IllegalTransitionError);
    await client.hardDrainLink('link-0', ACME);
    const deleted = await client.deleteLink('link-0', ACME);
    expect(deleted.after).toBeNull();
    expect(deleted.before.status).toBe(LinkStatus.HardDrained);
    expect(decodedSent(server.sent.at(-1)!).at(-1)).toBe('DeleteLink');
  });

  it('accepts a Requested link as side Z contributor with AcceptLink', async () => {
    server = await restartServer();
    net = loadNetwork(server, {
      devices: 2,
      // side A (dev-0) holds the link's Ethernet1, unlinked until the link is accepted
      device: (i) => ({ interfaces: [sampleInterface(i === 1 ? 'Ethernet9' : 'Ethernet1')] }),
      link: () => ({ status: LinkStatus.Requested, sideZIfaceName: '' }),
    });
    client = newClient();
    const p = await client.prepareAcceptLink('link-0', 'Ethernet9', GLOBEX.publicKey);
    const d = decodeInstruction(p.instructions[2]!, { programId: PROGRAM_ID });
    if (d.name !== 'AcceptLink') throw new Error('expected AcceptLink');
    expect(d.args.sideZIfaceName).toBe('Ethernet9');
    expect(d.accounts.contributor.equals(net.globexPk)).toBe(true);
    expect(p.roles).toEqual(['sideZContributor']);
    await expect(client.prepareAcceptLink('link-0', 'Ethernet9', ACME.publicKey)).rejects.toBeInstanceOf(IllegalTransitionError);
  });

  it("refuses AcceptLink offline when side Z's interface is missing or unusable, before any simulation", async () => {
    // Given a Requested link whose side-Z device (dev-1) has a linked Ethernet8 and a free Ethernet9
    // (side A, dev-0, has the link's free Ethernet1)
    server = await restartServer();
    net = loadNetwork(server, {
      devices: 2,
      device: (i) =>
        i === 1
          ? { interfaces: [sampleInterface('Ethernet8', { status: InterfaceStatus.Activated }), sampleInterface('Ethernet9')] }
          : { interfaces: [sampleInterface('Ethernet1')] },
      link: () => ({ status: LinkStatus.Requested, sideZIfaceName: '' }),
    });
    server.defaultSend = { effect: applyLikeProgram };
    client = newClient();
    // When side Z's contributor accepts on an interface dev-1 does not have
    const missing = await client.acceptLink('link-0', 'Ethernet99', GLOBEX).catch((e: unknown) => e);
    // Then the error is a ValidationError naming the interface, and nothing was simulated or sent
    expect(missing).toBeInstanceOf(InstructionArgumentError);
    expect(missing).toBeInstanceOf(ValidationError);
    expect((missing as Error).message).toContain('"Ethernet99"');
    expect((missing as Error).message).toContain('Ethernet8, Ethernet9');
    // the name must match exactly
    await expect(client.prepareAcceptLink('link-0', 'ethernet9', GLOBEX.publicKey)).rejects.toBeInstanceOf(InstructionArgumentError);
    // an interface that is not Unlinked is refused too
    const linked = await client.prepareAcceptLink('link-0', 'Ethernet8', GLOBEX.publicKey).catch((e: unknown) => e);
    expect(linked).toBeInstanceOf(InstructionArgumentError);
    expect((linked as Error).message).toContain('Ethernet8 is activated, not unlinked');
    expect(server.calls('simulateTransaction')).toHaveLength(0);
    expect(server.calls('sendTransaction')).toHaveLength(0);
  });

  it("refuses AcceptLink offline when side A's interface is not unlinked (the client reads side A in the same call)", async () => {
    // Given a Requested link whose side-A interface Ethernet1 is already linked
    server = await restartServer();
    net = loadNetwork(server, {
      devices: 2,
      device: (i) => ({ interfaces: [i === 1 ? sampleInterface('Ethernet9') : sampleInterface('Ethernet1', { status: InterfaceStatus.Activated })] }),
      link: () => ({ status: LinkStatus.Requested, sideZIfaceName: '' }),
    });
    client = newClient();
    // When side Z's contributor accepts
    const e = await client.prepareAcceptLink('link-0', 'Ethernet9', GLOBEX.publicKey).catch((x: unknown) => x);
    // Then the program's InvalidStatus is predicted offline, and nothing was simulated or sent
    expect(e).toBeInstanceOf(InstructionArgumentError);
    expect((e as InstructionArgumentError).programError).toEqual({ name: 'InvalidStatus', code: 7 });
    expect((e as Error).message).toContain('Ethernet1 is activated, not unlinked');
    expect(server.calls('simulateTransaction')).toHaveLength(0);
  });

  it('a device elsewhere in the program that does not decode does not block updating another device\'s public IP (the uniqueness check skips it)', async () => {
    // Given a damaged device account (the Device type byte, then too few bytes to decode)
    const damaged = kp('damaged device').publicKey;
    server.setAccount(damaged, { owner: PROGRAM_ID, data: Uint8Array.of(5, 1, 2, 3) });
    await expect(client.listDevices()).rejects.toThrow(/cannot decode/);
    // When acme moves dev-0 to a public IP no other device has
    const prepared = await client.prepareUpdateDevice('dev-0', { publicIp: '45.33.99.1' }, ACME.publicKey);
    // Then it is built (an UpdateDevice with that address), not refused for the damaged account
    expect(prepared.alreadyDone).toBeUndefined();
    const ix = decodeInstruction(prepared.instructions.at(-1)!, { programId: PROGRAM_ID });
    if (ix.name !== 'UpdateDevice') throw new Error(`expected UpdateDevice, got ${ix.name}`);
    expect(ix.args.publicIp).toBe('45.33.99.1');
    // And an address another device has is still a conflict
    const dev1 = net.devices[1]!;
    server.setAccount(dev1.pk, { owner: PROGRAM_ID, data: encodeDevice({ ...decodeDevice(server.getAccount(dev1.pk)!.data), publicIp: '45.33.77.7' }) });
    await expect(client.prepareUpdateDevice('dev-0', { publicIp: '45.33.77.7' }, ACME.publicKey)).rejects.toMatchObject({ name: 'AccountConflictError', field: 'publicIp' });
  });

  it('deleteDevice takes the atomic path when every resource account exists, else the legacy one', async () => {
    // Given dev-2 drained (status allows deletion), with and without resource accounts
    server = await restartServer();
    net = loadNetwork(server, { devices: 3, links: 0, device: () => ({ status: DeviceStatus.Drained, desiredStatus: DeviceDesiredStatus.Drained }) });
    client = newClient();
    const { pk, device } = net.devices[2]!;
    // When there are no resource accounts
    const legacy = await client.prepareDeleteDevice(pk, ACME.publicKey);
    // Then
    const dl = decodeInstruction(legacy.instructions[2]!, { programId: PROGRAM_ID });
    if (dl.name !== 'DeleteDevice') throw new Error('expected DeleteDevice');
    expect(dl.args.resourceCount).toBe(0);

    // When TunnelIds and the one DzPrefixBlock exist (ResourceExtension: type 12, owner at 1..33)
    const resOwner = kp('resource owner').publicKey;
    const ext = () => {
      const d = new Uint8Array(96);
      d[0] = AccountType.ResourceExtension;
      d.set(resOwner.toBytes(), 1);
      return d;
    };
    server.setAccount(getTunnelIdsPda(PROGRAM_ID, pk, 0)[0], { owner: PROGRAM_ID, data: ext() });
    server.setAccount(getDzPrefixBlockPda(PROGRAM_ID, pk, 0)[0], { owner: PROGRAM_ID, data: ext() });
    server.resetRecords();
    const atomic = await client.prepareDeleteDevice(pk, ACME.publicKey);
    // Then: resources read in the same call as the roles, and the atomic layout
    expect(server.calls('getMultipleAccounts').length).toBeLessThanOrEqual(2);
    const da = decodeInstruction(atomic.instructions[2]!, { programId: PROGRAM_ID });
    if (da.name !== 'DeleteDevice') throw new Error('expected DeleteDevice');
    expect(da.args.resourceCount).toBe(1 + device.dzPrefixes.length);
    expect(JSON.stringify(da.accounts)).toContain(resOwner.toBase58());
  });

  it('changeDeviceStatus / changeLinkStatus: any legal status write, e.g. pending (deprecated) → provisioning by a network admin', async () => {
    // Given a device and a link still in the retired Pending status
    server = await restartServer();
    net = loadNetwork(server, {
      devices: 2,
      device: (i) => (i === 0 ? { status: DeviceStatus.PendingDeprecated } : {}),
      link: () => ({ status: LinkStatus.PendingDeprecated }),
    });
    server.defaultSend = { effect: applyLikeProgram };
    client = newClient();
    // When the foundation (networkAdmin) moves them on
    const prepared = await client.prepareChangeDeviceStatus('dev-0', DeviceStatus.DeviceProvisioning, FOUNDATION.publicKey);
    const dev = await client.changeDeviceStatus('dev-0', DeviceStatus.DeviceProvisioning, FOUNDATION);
    const link = await client.changeLinkStatus('link-0', LinkStatus.Provisioning, FOUNDATION);
    // Then each is one status-only UpdateDevice / UpdateLink, and the accounts moved
    expect(prepared.intent).toBe('changeDeviceStatus');
    expect(prepared.description).toBe(`set status of device dev-0 (${net.devices[0]!.pk.toBase58()}): pending (deprecated) → device-provisioning`);
    const [d, l] = server.sent.map((t) => decodeInstruction(t.legacy!.instructions[2]!, { programId: PROGRAM_ID }));
    if (d!.name !== 'UpdateDevice' || l!.name !== 'UpdateLink') throw new Error('expected UpdateDevice, UpdateLink');
    expect(d!.args).toMatchObject({ status: DeviceStatus.DeviceProvisioning, desiredStatus: null });
    expect(l!.args).toMatchObject({ status: LinkStatus.Provisioning, desiredStatus: null });
    expect(dev.after?.status).toBe(DeviceStatus.DeviceProvisioning);
    expect(link.after?.status).toBe(LinkStatus.Provisioning);
    // while nothing moves back into the retired status
    await expect(client.prepareChangeLinkStatus('link-0', LinkStatus.PendingDeprecated, FOUNDATION.publicKey)).rejects.toBeInstanceOf(
      IllegalTransitionError,
    );
  });

  it('changeDeviceStatus into drained writes the desired status with it; a move the lifecycle refuses is refused before simulation', async () => {
    // When acme writes drained on its activated dev-0
    const res = await client.changeDeviceStatus('dev-0', DeviceStatus.Drained, ACME);
    // Then
    expect(res.after).toMatchObject({ status: DeviceStatus.Drained, desiredStatus: DeviceDesiredStatus.Drained });
    // and a contributor may not take a link out of pending, nor write a retired status
    server.resetRecords();
    await expect(client.changeDeviceStatus('dev-2', DeviceStatus.PendingDeprecated, ACME)).rejects.toBeInstanceOf(IllegalTransitionError);
    await expect(client.changeLinkStatus('link-0', LinkStatus.Requested, ACME)).rejects.toBeInstanceOf(IllegalTransitionError);
    expect(server.calls('simulateTransaction')).toHaveLength(0);
  });

  it('a visitor gets IllegalTransitionError for every intent', async () => {
    const v = VISITOR;
    const attempts: (() => Promise<unknown>)[] = [
      () => client.prepareDrainDevice('dev-0', v.publicKey),
      () => client.prepareSetDeviceDesiredStatus('dev-0', DeviceDesiredStatus.Drained, v.publicKey),
      () => client.prepareSetDeviceHealth('dev-0', DeviceHealth.Impaired, v.publicKey),
      () => client.prepareSoftDrainLink('link-0', v.publicKey),
      () => client.prepareSetLinkHealth('link-0', LinkHealth.Impaired, v.publicKey),
      () => client.prepareDeleteLink('link-0', v.publicKey),
      () => client.prepareChangeDeviceStatus('dev-0', DeviceStatus.Drained, v.publicKey),
      () => client.prepareChangeLinkStatus('link-0', LinkStatus.SoftDrained, v.publicKey),
    ];
    for (const a of attempts) await expect(a()).rejects.toBeInstanceOf(IllegalTransitionError);
    void PublicKey;
  });
});
