/**
 * Subscriptions against a hostile node (issue #17, item 1): a node that refuses or ignores
 * programSubscribe, sends malformed notifications or absurd slots, drops the socket or goes
 * silent. Every scenario asserts what the subscriber is told (events, onError, states), that
 * nothing reaches the host as an uncaught exception, and that a refused subscription is retried
 * with a backoff and a budget, never in a storm.
 */
import { PublicKey } from '@solana/web3.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  DeviceStatus,
  DzClient,
  MalformedNotificationError,
  RpcError,
  SubscriptionFailedError,
  SubscriptionStalledError,
  ValidationError,
  WsPubSub,
  encodeDevice,
  type DeviceEvent,
  type SubscriptionOptions,
} from '../../src/index.js';
import { PROGRAM_ID, loadNetwork, serverPerTest, testClient, waitFor, type TestNetwork } from '../helpers/rpcFixtures.js';
import { RpcTestServer } from '../helpers/rpcServer.js';

let server: RpcTestServer;
let net: TestNetwork;

serverPerTest((s) => {
  server = s;
  net = loadNetwork(server, { devices: 3 });
});

/**
 * Quick retries for the suite: 20 ms doubling to 100 ms, 4 failures in a row; a 2 s heartbeat (a
 * loaded machine must not look silent), 200 ms in the silence tests.
 */
const FAST: SubscriptionOptions = { baseDelayMs: 20, maxDelayMs: 100, maxAttempts: 4, requestTimeoutMs: 500, connectTimeoutMs: 1000, heartbeatMs: 2000, random: () => 0.5 };

function client(o: SubscriptionOptions = {}): DzClient {
  return testClient(server, { subscriptions: { ...FAST, ...o } });
}

// Anything a node does must never reach the host's event loop as an exception.
const uncaught: unknown[] = [];
const onUncaught = (e: unknown) => uncaught.push(e);
beforeEach(() => {
  uncaught.length = 0;
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
});
afterEach(() => {
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
  expect(uncaught).toEqual([]);
});

/** A subscription to every device, recording what it is told. */
function record(c: DzClient) {
  const events: DeviceEvent[] = [];
  const errors: unknown[] = [];
  const states: string[] = [];
  const unsubscribe = c.subscribeDevices((e) => events.push(e), { onError: (e) => errors.push(e), onStateChange: (s) => states.push(s) });
  return { events, errors, states, unsubscribe };
}

function drainDevice(i: number, slot?: number): PublicKey {
  const { pk, device } = net.devices[i]!;
  server.setAccount(pk, { owner: PROGRAM_ID, data: encodeDevice({ ...device, status: DeviceStatus.Drained }) });
  if (slot !== undefined) server.notify(pk, undefined, slot);
  return pk;
}

const programSubscribes = () => server.calls('programSubscribe').length;

describe('a node that refuses subscriptions', () => {
  it('refused 3 times, then accepted: subscribed after the backoff, and notifications flow', async () => {
    // Given a node that refuses the first three programSubscribe requests
    server.wsFaults.refuseProgramSubscribe = 3;
    // When a client subscribes
    const r = record(client());
    await waitFor('subscribed', () => r.states.includes('subscribed'));
    // Then it asked four times, was told nothing fatal, and a change arrives
    expect(programSubscribes()).toBe(4);
    expect(r.errors).toEqual([]);
    drainDevice(1);
    await waitFor('event', () => r.events.length === 1);
    expect(r.events[0]!.account.status).toBe(DeviceStatus.Drained);
    await r.unsubscribe();
  });

  it('refused forever: given up after the budget with SubscriptionFailedError and state "failed", never a storm', async () => {
    // Given a node that refuses every programSubscribe
    server.wsFaults.refuseProgramSubscribe = Infinity;
    // When a client subscribes with a budget of 4 failures
    const r = record(client());
    await waitFor('failed', () => r.states.includes('failed'));
    // Then it asked exactly 4 times, and the error says why
    expect(programSubscribes()).toBe(4);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toBeInstanceOf(SubscriptionFailedError);
    expect((r.errors[0] as SubscriptionFailedError).code).toBe('SUBSCRIPTION_FAILED');
    expect((r.errors[0] as Error).message).toMatch(/gave up after 4 failed attempts: the node refused programSubscribe: Internal error: subscription refused/);
    // And nothing more is asked afterwards (the socket is closed too)
    await new Promise((res) => setTimeout(res, 300));
    expect(programSubscribes()).toBe(4);
    await waitFor('socket closed', () => server.socketCount === 0);
    await r.unsubscribe();
  });

  it('a refused subscription is asked again after a growing delay (about 0.5 s, 1 s, 2 s... by default), not at once', async () => {
    // Given the default delays, and a node that refuses every programSubscribe
    server.wsFaults.refuseProgramSubscribe = Infinity;
    const r = record(client({ baseDelayMs: 500, maxDelayMs: 30_000, maxAttempts: 10, random: () => 0 }));
    // When 1.6 s pass
    await new Promise((res) => setTimeout(res, 1600));
    // Then at most 3 requests were made (at 0, after 0.25 s and 0.5 s more at the lowest jitter, then 1 s)
    expect(programSubscribes()).toBeGreaterThanOrEqual(2);
    expect(programSubscribes()).toBeLessThanOrEqual(4);
    expect(r.states).not.toContain('failed');
    await r.unsubscribe();
  });

  it('a subscribe request never answered counts as a refusal: asked again, then subscribed', async () => {
    server.wsFaults.ignoreProgramSubscribe = 1;
    const r = record(client());
    await waitFor('subscribed', () => r.states.includes('subscribed'));
    expect(programSubscribes()).toBe(2);
    await r.unsubscribe();
  });

  it('a WebSocket that cannot connect: given up after the budget, with the reason', async () => {
    const c = testClient(server, { wsUrl: 'ws://127.0.0.1:1', subscriptions: FAST });
    const r = record(c);
    await waitFor('failed', () => r.states.includes('failed'));
    // Each failed attempt is told (with what the socket said), then the one that gives up
    expect(r.errors).toHaveLength(4);
    for (const [i, e] of r.errors.slice(0, 3).entries()) {
      expect(e).toBeInstanceOf(RpcError);
      expect((e as Error).message).toMatch(new RegExp(`the WebSocket failed \\(connect ECONNREFUSED 127\\.0\\.0\\.1:1\\); trying again \\(failure ${i + 1} of at most 4\\)`));
    }
    expect(r.errors[3]).toBeInstanceOf(SubscriptionFailedError);
    expect((r.errors[3] as Error).message).toMatch(/gave up after 4 failed attempts: the WebSocket failed \(connect ECONNREFUSED/);
  });

  it('a WebSocket URL the library refuses is a ValidationError up front', () => {
    expect(() => testClient(server, { wsUrl: 'ws://127.0.0.1:1/#x' })).toThrow(ValidationError);
    expect(() => testClient(server, { wsUrl: 'http://127.0.0.1:1/' })).toThrow(/not ws:\/\/ or wss:\/\//);
    expect(() => new WsPubSub({ url: 'not a url' })).toThrow(ValidationError);
  });

  it('no WebSocket class on Node 20 without one given: a ValidationError saying what to pass', () => {
    const c = testClient(server, { WebSocket: undefined });
    expect(() => c.subscribeDevices(() => {})).toThrow(/pass one \(e\.g\. the ws package/);
  });
});

describe('a node that sends malformed notifications', () => {
  const good = (i: number, slot = server.slot): unknown => {
    const acc = server.getAccount(net.devices[i]!.pk)!;
    return RpcTestServer.notificationResult(net.devices[i]!.pk.toBase58(), acc, slot);
  };
  const mutate = (f: (r: any) => void) => () => {
    const r = good(0) as any;
    f(r);
    return r;
  };
  const CASES: [string, () => unknown][] = [
    ['not JSON', () => '{"jsonrpc":"2.0","method":"programNotification","params":'],
    ['no result', () => null],
    ['no slot', mutate((r) => delete r.context)],
    ['a negative slot', mutate((r) => (r.context.slot = -1))],
    ['a slot that is text', mutate((r) => (r.context.slot = '1000'))],
    ['a fractional slot', mutate((r) => (r.context.slot = 1000.5))],
    ['no value', mutate((r) => (r.value = null))],
    ['a pubkey that is not base58', mutate((r) => (r.value.pubkey = 'not-a-key!'))],
    ['no account', mutate((r) => (r.value.account = 7))],
    ['an owner that is not the program', mutate((r) => (r.value.account.owner = '11111111111111111111111111111111'))],
    ['lamports that are text', mutate((r) => (r.value.account.lamports = '5'))],
    ['data that is not base64', mutate((r) => (r.value.account.data = ['%%%%', 'base64']))],
    ['data in another encoding', mutate((r) => (r.value.account.data = ['abc', 'base58']))],
    ['data of another size than stated', mutate((r) => (r.value.account.space = 1))],
    ['an executable flag that is text', mutate((r) => (r.value.account.executable = 'no'))],
  ];

  it('each is reported to onError as MalformedNotificationError, counted and skipped; the next good one is delivered', async () => {
    // Given a live subscription
    const c = client();
    const r = record(c);
    await waitFor('subscribed', () => r.states.includes('subscribed'));
    // When the node sends every kind of malformed notification, then a good one
    for (const [, make] of CASES) server.pushProgramNotification(() => make());
    server.pushProgramNotification(() => good(2));
    await waitFor('the good one', () => r.events.length === 1);
    // Then every malformed one was reported and skipped, and only the good one delivered
    expect(r.errors).toHaveLength(CASES.length);
    for (const e of r.errors) expect(e).toBeInstanceOf(MalformedNotificationError);
    expect(r.events.map((e) => e.account.code)).toEqual(['dev-2']);
    const reasons = r.errors.map((e) => (e as MalformedNotificationError).reason);
    expect(reasons.find((x) => /not JSON/.test(x))).toBeDefined();
    expect(reasons.find((x) => /not the subscribed program/.test(x))).toBeDefined();
    expect(reasons.find((x) => /not base64 of 1 bytes/.test(x))).toBeDefined();
    const stats = (c as unknown as { pubsub: WsPubSub }).pubsub.stats;
    expect(stats.malformed).toBe(CASES.length);
    expect(stats.notifications).toBe(1);
    await r.unsubscribe();
  });

  it('a message above maxMessageBytes is dropped unread', async () => {
    const r = record(client({ maxMessageBytes: 4096 }));
    await waitFor('subscribed', () => r.states.includes('subscribed'));
    server.pushProgramNotification(() => JSON.stringify({ jsonrpc: '2.0', method: 'programNotification', params: { pad: 'x'.repeat(10_000) } }));
    await waitFor('error', () => r.errors.length === 1);
    expect((r.errors[0] as MalformedNotificationError).reason).toMatch(/above 4096/);
    await r.unsubscribe();
  });

  it('an absurd slot is skipped, so it cannot hide the true changes that follow', async () => {
    // Given a subscription of a client that has read the ledger (its slot is known)
    const c = client();
    await c.listDevices();
    const r = record(c);
    await waitFor('subscribed', () => r.states.includes('subscribed'));
    // When the node claims a change at slot 2^50, then sends a true one
    server.pushProgramNotification(() => good(0, 2 ** 50));
    drainDevice(1);
    await waitFor('event', () => r.events.length === 1);
    // Then the absurd one was reported, and the true one delivered
    expect(r.errors).toHaveLength(1);
    expect((r.errors[0] as MalformedNotificationError).reason).toMatch(/an absurd slot 1125899906842624/);
    expect(r.events[0]!.account.code).toBe('dev-1');
    await r.unsubscribe();
  });

  it('a callback that throws goes to onError; an onError that throws goes nowhere', async () => {
    const errors: unknown[] = [];
    const c = client();
    const un1 = c.subscribeDevices(() => {
      throw new Error('callback bug');
    }, { onError: (e) => errors.push(e) });
    const un2 = c.subscribeDevices(() => {
      throw new Error('callback bug');
    }, {
      onError: () => {
        throw new Error('handler bug');
      },
    });
    await waitFor('subscribed', () => server.subscriptionIds.length === 2);
    drainDevice(0);
    await waitFor('error', () => errors.length === 1);
    expect((errors[0] as Error).message).toBe('callback bug');
    await un1();
    await un2();
  });
});

describe('a node that drops or stalls the socket', () => {
  it('dropped: "interrupted", made again, "subscribed", and notifications flow again', async () => {
    const r = record(client());
    await waitFor('subscribed', () => r.states.includes('subscribed'));
    server.terminateSockets();
    await waitFor('resubscribed', () => r.states.filter((s) => s === 'subscribed').length === 2);
    expect(r.states).toEqual(['subscribed', 'interrupted', 'subscribed']);
    drainDevice(2);
    await waitFor('event', () => r.events.length === 1);
    await r.unsubscribe();
  });

  it('silent: noticed (SubscriptionStalledError), the socket replaced, subscribed again once the node talks', async () => {
    // Given a live subscription with a 200 ms heartbeat
    const c = client({ heartbeatMs: 200 });
    const r = record(c);
    await waitFor('subscribed', () => r.states.includes('subscribed'));
    // When the node goes silent on the socket (it stays open, nothing comes)
    server.wsFaults.silent = true;
    await waitFor('stalled', () => r.errors.some((e) => e instanceof SubscriptionStalledError));
    // Then it was reported, the subscription is interrupted, and a probe was sent before giving up
    expect(r.states).toContain('interrupted');
    expect(server.calls('dzprovPing').length).toBeGreaterThan(0);
    expect((c as unknown as { pubsub: WsPubSub }).pubsub.stats.stalls).toBeGreaterThanOrEqual(1);
    // When the node talks again
    server.wsFaults.silent = false;
    await waitFor('resubscribed', () => r.states.at(-1) === 'subscribed' && r.states.filter((s) => s === 'subscribed').length >= 2);
    drainDevice(0);
    await waitFor('event', () => r.events.length === 1);
    await r.unsubscribe();
  });

  it('a quiet but healthy node is not called stalled: its answers to the probes keep the socket', async () => {
    const r = record(client({ heartbeatMs: 500 }));
    await waitFor('subscribed', () => r.states.includes('subscribed'));
    await new Promise((res) => setTimeout(res, 2200));
    expect(server.calls('dzprovPing').length).toBeGreaterThanOrEqual(2);
    expect(r.errors).toEqual([]);
    expect(r.states).toEqual(['subscribed']);
    await r.unsubscribe();
  });
});


describe('a consumer slower than the node: flow control (pause)', () => {
  const pubsubOf = (c: DzClient) => (c as unknown as { pubsub: WsPubSub }).pubsub;

  it('paused: the socket is not read (no notification delivered, silence is not a stall); released: every one, in order', async () => {
    // Given a live subscription with a 100 ms heartbeat (silence would be a stall after 200 ms)
    const c = client({ heartbeatMs: 100 });
    const r = record(c);
    await waitFor('subscribed', () => r.states.includes('subscribed'));
    // When the consumer pauses and the node sends 40 changes over 600 ms
    const release = pubsubOf(c).pause();
    expect(release).toBeTypeOf('function');
    expect(pubsubOf(c).paused).toBe(true);
    const slots: number[] = [];
    for (let k = 0; k < 40; k++) {
      server.slot += 1;
      slots.push(server.slot);
      const { pk, device } = net.devices[k % 3]!;
      server.setAccount(pk, { owner: PROGRAM_ID, data: encodeDevice({ ...device, status: k % 2 ? DeviceStatus.Activated : DeviceStatus.Drained }) });
      if (k % 10 === 0) await new Promise((res) => setTimeout(res, 150));
    }
    await new Promise((res) => setTimeout(res, 200));
    // Then nothing was delivered, nothing was called stalled, the socket was kept
    expect(r.events).toEqual([]);
    expect(r.errors).toEqual([]);
    expect(r.states).toEqual(['subscribed']);
    expect(pubsubOf(c).stats.stalls).toBe(0);
    // When released: all 40, in the order sent, and the subscription is still the first one
    release!();
    release!(); // a second call does nothing
    expect(pubsubOf(c).paused).toBe(false);
    await waitFor('40 events', () => r.events.length === 40);
    expect(r.events.map((e) => e.slot)).toEqual(slots);
    expect(programSubscribes()).toBe(1);
    await r.unsubscribe();
  });

  it('pauses count: reading resumes when the last one is released', async () => {
    const c = client();
    const r = record(c);
    await waitFor('subscribed', () => r.states.includes('subscribed'));
    const a = pubsubOf(c).pause()!;
    const b = pubsubOf(c).pause()!;
    a();
    drainDevice(0);
    await new Promise((res) => setTimeout(res, 150));
    expect(pubsubOf(c).paused).toBe(true);
    expect(r.events).toEqual([]);
    b();
    await waitFor('event', () => r.events.length === 1);
    await r.unsubscribe();
  });

  it('close() reads again to unsubscribe, paused or not; a release after it does nothing', async () => {
    // Given a paused subscription whose unsubscription, unread, would be waited out for 2 s
    const c = client({ requestTimeoutMs: 10_000 });
    const r = record(c);
    await waitFor('subscribed', () => r.states.includes('subscribed'));
    const release = pubsubOf(c).pause()!;
    // When the layer is closed: the unsubscription's answer is read, not waited out
    const t0 = Date.now();
    await pubsubOf(c).close();
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(server.calls('programUnsubscribe')).toHaveLength(1);
    expect(server.subscriptionIds).toEqual([]);
    // When the layer is paused again, the old release is called late, and a new subscription made
    const again = pubsubOf(c).pause()!;
    release();
    const r2 = record(c);
    // Then the new socket is paused (the old release did nothing) until the new pause is released
    await waitFor('the new socket, paused', () => pubsubOf(c).paused);
    await new Promise((res) => setTimeout(res, 200));
    expect(r2.states).toEqual([]);
    again();
    await waitFor('subscribed', () => r2.states.includes('subscribed'));
    await r2.unsubscribe();
  });

  it('a subscribe made while paused is not refused for its unread answer: subscribed once released', async () => {
    // Given a paused layer whose subscribe answers must come within 100 ms
    const c = client({ requestTimeoutMs: 100 });
    const release = pubsubOf(c).pause()!;
    const r = record(c);
    await waitFor('the request', () => programSubscribes() === 1);
    await new Promise((res) => setTimeout(res, 400));
    // Then the unread answer was waited for, not counted as a refusal
    expect(pubsubOf(c).stats.refused).toBe(0);
    expect(r.states).toEqual([]);
    release();
    await waitFor('subscribed', () => r.states.includes('subscribed'));
    expect(programSubscribes()).toBe(1);
    expect(r.errors).toEqual([]);
    await r.unsubscribe();
  });

  it('a WebSocket that cannot pause (a browser\'s): pause() says so (undefined) and delivery goes on', async () => {
    // A WebSocket class without pause()/resume(), as the WHATWG one
    class NoPause {
      private readonly inner: InstanceType<typeof WebSocket>;
      onopen: ((e: never) => unknown) | null = null;
      onmessage: ((e: never) => unknown) | null = null;
      onclose: ((e: never) => unknown) | null = null;
      onerror: ((e: never) => unknown) | null = null;
      constructor(url: string) {
        this.inner = new WebSocket(url);
        this.inner.onopen = (e) => this.onopen?.(e as never);
        this.inner.onmessage = (e) => this.onmessage?.(e as never);
        this.inner.onclose = (e) => this.onclose?.(e as never);
        this.inner.onerror = (e) => this.onerror?.(e as never);
      }
      get readyState() {
        return this.inner.readyState;
      }
      send(d: string) {
        this.inner.send(d);
      }
      close() {
        this.inner.close();
      }
    }
    const layer = new WsPubSub({ url: server.wsUrl, WebSocket: NoPause });
    expect(layer.pause()).toBeUndefined();
    expect(layer.paused).toBe(false);
    const got: number[] = [];
    const off = layer.programSubscribe(PROGRAM_ID.toBase58(), { commitment: 'confirmed', filters: [], encoding: 'base64' }, { onNotification: (n) => got.push(n.slot) });
    await waitFor('subscribed', () => programSubscribes() === 1 && server.subscriptionIds.length > 0);
    drainDevice(1);
    await waitFor('delivered', () => got.length === 1);
    await off();
    await layer.close();
  });
});
