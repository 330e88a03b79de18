import { describe, expect, it } from 'vitest';
import { DeadlineExceededError, DeviceStatus, DzClient, ValidationError, decodeDevice } from '../../src/index.js';
import { ACME, applyLikeProgram, loadNetwork, noSleep, serverPerTest, testClient, type TestNetwork } from '../helpers/rpcFixtures.js';
import type { RpcTestServer } from '../helpers/rpcServer.js';

// Issue 17, item 5: a per-call AbortSignal (client.withSignal(signal)); the client's own deadline stays.

let server: RpcTestServer;
let net: TestNetwork;
let client: DzClient;

serverPerTest((s) => {
  server = s;
  net = loadNetwork(server, { devices: 2 });
  server.defaultSend = { effect: applyLikeProgram };
  client = testClient(server, { retry: { sleep: noSleep, timeoutMs: 30_000 }, confirm: { pollIntervalMs: 0 } });
});

const status = (pk: Parameters<RpcTestServer['getAccount']>[0]) => decodeDevice(server.getAccount(pk)!.data).status;

describe('client.withSignal(signal): a deadline of one call', () => {
  it('a read that hangs ends when the signal fires (DeadlineExceededError), not after the 30 s attempt timeout; the client itself is untouched', async () => {
    // Given a node that never answers the next getMultipleAccounts
    server.injectFault({ kind: 'hang', method: 'getMultipleAccounts' });
    const t0 = Date.now();
    // When a fetch through a view with a 300 ms signal runs
    const err = await client
      .withSignal(AbortSignal.timeout(300))
      .fetchDevice(net.devices[0]!.pk)
      .catch((e: unknown) => e);
    // Then it ends with DeadlineExceededError within a few seconds
    expect(err).toBeInstanceOf(DeadlineExceededError);
    expect(Date.now() - t0).toBeLessThan(5000);
    // And the client, without the signal, reads as usual
    expect((await client.fetchDevice(net.devices[0]!.pk)).code).toBe('dev-0');
  });

  it('a drain whose signal fires while its read hangs sends nothing', async () => {
    server.injectFault({ kind: 'hang', method: 'getMultipleAccounts' });
    const { pk } = net.devices[0]!;
    const err = await client
      .withSignal(AbortSignal.timeout(300))
      .drainDevice(pk, ACME)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeadlineExceededError);
    expect(server.calls('sendTransaction')).toHaveLength(0);
    expect(status(pk)).toBe(DeviceStatus.Activated);
  });

  it('a signal already fired refuses the call before any request', async () => {
    const c = new AbortController();
    c.abort(new Error('cancelled by the caller'));
    server.resetRecords();
    const err = await client.withSignal(c.signal).drainDevice(net.devices[0]!.pk, ACME).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeadlineExceededError);
    expect(server.calls('sendTransaction')).toHaveLength(0);
  });

  it('with a signal that does not fire, the call lands as usual', async () => {
    const { pk } = net.devices[0]!;
    const r = await client.withSignal(new AbortController().signal).drainDevice(pk, ACME);
    expect(r.outcome).toBe('landed');
    expect(status(pk)).toBe(DeviceStatus.Drained);
  });

  it('the view shares the client’s one-send-at-a-time queue: a drain through each at once lands once', async () => {
    const { pk } = net.devices[0]!;
    const results = await Promise.all([client.drainDevice(pk, ACME), client.withSignal(new AbortController().signal).drainDevice(pk, ACME)]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['already-done', 'landed']);
    expect(server.calls('sendTransaction')).toHaveLength(1);
  });

  it('the client’s own deadline still applies through the view', async () => {
    const own = new AbortController();
    own.abort(new Error('the service is stopping'));
    const c = testClient(server, { retry: { sleep: noSleep, signal: own.signal }, confirm: { pollIntervalMs: 0 } });
    const err = await c.withSignal(new AbortController().signal).fetchDevice(net.devices[0]!.pk).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeadlineExceededError);
  });

  it('something that is not an AbortSignal is a ValidationError naming signal', () => {
    expect(() => client.withSignal({} as AbortSignal)).toThrow(ValidationError);
    expect(() => client.withSignal({} as AbortSignal)).toThrow(/signal/);
  });
});
