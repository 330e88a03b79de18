import { describe, expect, it } from 'vitest';
import { ConcurrentIntentError, DeviceHealth, DeviceStatus, DzClient, decodeDevice } from '../../src/index.js';
import { ACME, GLOBEX, ORACLE, applyLikeProgram, loadNetwork, noSleep, serverPerTest, testClient, type TestNetwork } from '../helpers/rpcFixtures.js';
import type { RpcTestServer } from '../helpers/rpcServer.js';

// Issue 17, item 5: concurrent intents on one target inside one client take effect one after
// the other, each on fresh state (one-call intents), or are refused (a prepared intent sent after
// another send on its target).

let server: RpcTestServer;
let net: TestNetwork;
let client: DzClient;

serverPerTest((s) => {
  server = s;
  net = loadNetwork(server, { devices: 2 });
  server.defaultSend = { effect: applyLikeProgram };
  client = testClient(server, { retry: { sleep: noSleep, timeoutMs: 2000 }, confirm: { pollIntervalMs: 0 } });
});

const onChain = (pk: Parameters<RpcTestServer['getAccount']>[0]) => decodeDevice(server.getAccount(pk)!.data);

describe('one-call intents on one target, at the same time', () => {
  it('two drains of one device (by code and by address) send one transaction: one lands, the other is already done', async () => {
    // Given acme's Activated device dev-0
    const { pk } = net.devices[0]!;
    expect(onChain(pk).status).toBe(DeviceStatus.Activated);

    // When acme drains it twice at once, once by code and once by address
    const results = await Promise.all([client.drainDevice('dev-0', ACME), client.drainDevice(pk, ACME)]);

    // Then exactly one transaction was sent, one call landed it and the other found it done
    expect(server.calls('sendTransaction')).toHaveLength(1);
    expect(results.map((r) => r.outcome).sort()).toEqual(['already-done', 'landed']);
    expect(onChain(pk).status).toBe(DeviceStatus.Drained);
  });

  it('two health writes to one device both land, the second built on the state the first left', async () => {
    // Given dev-0 at health ReadyForUsers
    const { pk } = net.devices[0]!;
    // When the health oracle writes Impaired and ReadyForLinks at once
    const [a, b] = await Promise.all([client.setDeviceHealth(pk, DeviceHealth.Impaired, ORACLE), client.setDeviceHealth(pk, DeviceHealth.ReadyForLinks, ORACLE)]);

    // Then both landed, one after the other: whichever went second read what the first wrote
    expect([a.outcome, b.outcome]).toEqual(['landed', 'landed']);
    expect(server.calls('sendTransaction')).toHaveLength(2);
    const [first, second] = a.slot! <= b.slot! ? [a, b] : [b, a];
    expect(second.before.deviceHealth).toBe(first.after!.deviceHealth);
    expect(onChain(pk).deviceHealth).toBe(second.after!.deviceHealth);
  });

  it('intents on different devices are not held up by each other', async () => {
    // Given a node that holds its answer to the first sendTransaction it gets until told
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let sends = 0;
    server.beforeAnswer = async (method) => {
      if (method === 'sendTransaction' && sends++ === 0) await gate;
    };
    // When both devices are drained at once (dev-0 is acme's, dev-1 globex's)
    const drains = [client.drainDevice('dev-0', ACME), client.drainDevice('dev-1', GLOBEX)];
    // Then one of them lands while the other's send is still unanswered (on a queue shared by
    // every target it would wait for the held one, and this would time out)
    const first = await Promise.race([
      ...drains.map((d, i) => d.then((r) => ({ i, outcome: r.outcome }))),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('held up: neither drain ended while one send was held')), 5000)),
    ]);
    expect(first.outcome).toBe('landed');
    expect(sends).toBe(2);
    // And once the held answer comes, the other lands too
    release();
    expect((await drains[1 - first.i]!).outcome).toBe('landed');
    expect(server.calls('sendTransaction')).toHaveLength(2);
  });
});

describe('prepared intents', () => {
  it('one prepared before another send on its target is refused, nothing sent; prepared again it is already done', async () => {
    // Given two drains of dev-0 prepared from the same state
    const { pk } = net.devices[0]!;
    const first = await client.prepareDrainDevice(pk, ACME.publicKey);
    const second = await client.prepareDrainDevice(pk, ACME.publicKey);

    // When the first is sent, then the second
    expect((await client.send(first, ACME)).outcome).toBe('landed');
    const err = await client.send(second, ACME).catch((e: unknown) => e);

    // Then the second is refused with a typed error naming the target, and nothing more was sent
    expect(err).toBeInstanceOf(ConcurrentIntentError);
    expect((err as ConcurrentIntentError).code).toBe('CONCURRENT_INTENT');
    expect((err as ConcurrentIntentError).target).toBe(pk.toBase58());
    expect(server.calls('sendTransaction')).toHaveLength(1);

    // And prepared again, it reads the drained device: already done
    expect((await client.send(await client.prepareDrainDevice(pk, ACME.publicKey), ACME)).outcome).toBe('already-done');
  });

  it('one prepared after the other send ended is sent as usual', async () => {
    const { pk } = net.devices[0]!;
    await client.drainDevice(pk, ACME);
    const health = await client.prepareSetDeviceHealth(pk, DeviceHealth.Impaired, ORACLE.publicKey);
    expect((await client.send(health, ORACLE)).outcome).toBe('landed');
  });
});
