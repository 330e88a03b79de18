import { PublicKey } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { DzClient, type DeviceEvent, type LinkEvent } from '../../src/index.js';
import { AccountType, DeviceStatus, LinkStatus } from '../../src/index.js';
import { DecodeError, ValidationError } from '../../src/index.js';
import { encodeDevice } from '../../src/index.js';
import { encodeLink } from '../../src/index.js';
import { MemoryAccountSource } from '../../src/index.js';
import { EXCHANGE, LOCATION, PROGRAM_ID, loadNetwork, serverPerTest, testClient, waitFor, type TestNetwork } from '../helpers/rpcFixtures.js';
import type { RpcTestServer } from '../helpers/rpcServer.js';

let server: RpcTestServer;
let net: TestNetwork;
let client: DzClient;

serverPerTest((s) => {
  server = s;
  net = loadNetwork(server, { devices: 4 });
  client = testClient(server);
});

describe('subscriptions', () => {
  it('delivers a pushed device change decoded, with the account-type filter, and unsubscribes', async () => {
    // Given a device subscription
    const events: DeviceEvent[] = [];
    const errors: unknown[] = [];
    const unsubscribe = client.subscribeDevices((e) => events.push(e), { onError: (e) => errors.push(e) });
    await waitFor('programSubscribe', () => server.subscriptionIds.length === 1);
    const [sub] = server.calls('programSubscribe');
    expect(sub!.transport).toBe('ws');
    expect(sub!.params).toEqual([
      PROGRAM_ID.toBase58(),
      expect.objectContaining({ encoding: 'base64', filters: [{ memcmp: { offset: 0, bytes: '6', encoding: 'base58' } }] }),
    ]);

    // When dev-1 is drained on chain, and a link changes too
    const { pk, device } = net.devices[1]!;
    server.setAccount(pk, { owner: PROGRAM_ID, data: encodeDevice({ ...device, status: DeviceStatus.Drained }) });
    server.setAccount(net.links[0]!.pk, { owner: PROGRAM_ID, data: encodeLink({ ...net.links[0]!.link, status: LinkStatus.SoftDrained }) });
    await waitFor('the device event', () => events.length >= 1);

    // Then exactly the device change arrives, decoded
    expect(events).toHaveLength(1);
    expect(events[0]!.pubkey.equals(pk)).toBe(true);
    expect(events[0]!.account).toEqual({ ...device, status: DeviceStatus.Drained });
    expect(events[0]!.slot).toBe(server.slot);
    expect(errors).toEqual([]);

    // When unsubscribing
    await unsubscribe();
    await waitFor('programUnsubscribe', () => server.calls('programUnsubscribe').length === 1);
    // Then the server's subscription id was the one released
    expect(server.calls('programUnsubscribe')[0]!.params).toEqual([expect.any(Number)]);
    expect(server.subscriptionIds).toEqual([]);
  });

  it('delivers decode errors to onError (never into web3.js), and filters by contributor', async () => {
    // Given a subscription to acme's devices
    const events: DeviceEvent[] = [];
    const errors: { e: unknown; pk: PublicKey | undefined }[] = [];
    const unsubscribe = client.subscribeDevices((e) => events.push(e), {
      contributor: net.acmePk,
      onError: (e, ctx) => errors.push({ e, pk: ctx.pubkey }),
    });
    await waitFor('programSubscribe', () => server.subscriptionIds.length === 1);

    // When a globex device changes, a broken device account appears, then an acme device changes
    server.setAccount(net.devices[1]!.pk, { owner: PROGRAM_ID, data: encodeDevice({ ...net.devices[1]!.device, maxUsers: 1 }) });
    const broken = new PublicKey(new Uint8Array(32).fill(9));
    server.setAccount(broken, { owner: PROGRAM_ID, data: Uint8Array.of(AccountType.Device, 0, 1) });
    server.setAccount(net.devices[0]!.pk, { owner: PROGRAM_ID, data: encodeDevice({ ...net.devices[0]!.device, maxUsers: 7 }) });
    await waitFor('acme event', () => events.length >= 1);

    // Then
    expect(events.map((e) => e.account.code)).toEqual(['dev-0']);
    expect(events[0]!.account.maxUsers).toBe(7);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.e).toBeInstanceOf(DecodeError);
    expect(errors[0]!.pk!.equals(broken)).toBe(true);
    await unsubscribe();
    await unsubscribe(); // idempotent
    await waitFor('programUnsubscribe', () => server.calls('programUnsubscribe').length === 1);
  });

  it('an exception in the callback goes to onError too', async () => {
    const errors: unknown[] = [];
    const unsubscribe = client.subscribeLinks(
      () => {
        throw new Error('callback bug');
      },
      { onError: (e) => errors.push(e), sideA: net.devices[0]!.pk },
    );
    await waitFor('programSubscribe', () => server.subscriptionIds.length === 1);
    expect((server.calls('programSubscribe')[0]!.params as [string, { filters: unknown[] }])[1].filters).toEqual([
      { memcmp: { offset: 0, bytes: '7', encoding: 'base58' } },
      { memcmp: { offset: 50, bytes: net.devices[0]!.pk.toBase58(), encoding: 'base58' } },
    ]);
    server.setAccount(net.links[0]!.pk, { owner: PROGRAM_ID, data: encodeLink({ ...net.links[0]!.link, mtu: 1500 }) });
    await waitFor('error', () => errors.length === 1);
    expect((errors[0] as Error).message).toBe('callback bug');
    await unsubscribe();
  });

  it('links: a pushed change arrives decoded', async () => {
    const events: LinkEvent[] = [];
    const unsubscribe = client.subscribeLinks((e) => events.push(e), { onError: (e) => { throw e; } });
    await waitFor('programSubscribe', () => server.subscriptionIds.length === 1);
    server.setAccount(net.links[2]!.pk, { owner: PROGRAM_ID, data: encodeLink({ ...net.links[2]!.link, status: LinkStatus.HardDrained }) });
    await waitFor('link event', () => events.length === 1);
    expect(events[0]!.account.status).toBe(LinkStatus.HardDrained);
    expect(events[0]!.account.code).toBe('link-2');
    await unsubscribe();
  });

  it('devices: the same filters as listDevices — location, exchange, status on the node, contributor here', async () => {
    // Given a subscription to acme's drained devices at LOCATION / EXCHANGE
    const events: DeviceEvent[] = [];
    const unsubscribe = client.subscribeDevices((e) => events.push(e), {
      location: LOCATION,
      exchange: EXCHANGE,
      status: DeviceStatus.Drained,
      contributor: net.acmePk,
      onError: (e) => {
        throw e;
      },
    });
    await waitFor('programSubscribe', () => server.subscriptionIds.length === 1);
    // Then the node got the memcmp filters listDevices sends (their encoding stated, as in the listings)
    expect((server.calls('programSubscribe')[0]!.params as [string, { filters: unknown[] }])[1].filters).toEqual([
      { memcmp: { offset: 0, bytes: '6', encoding: 'base58' } },
      { memcmp: { offset: 50, bytes: LOCATION.toBase58(), encoding: 'base58' } },
      { memcmp: { offset: 82, bytes: EXCHANGE.toBase58(), encoding: 'base58' } },
      { memcmp: { offset: 119, bytes: Buffer.from([DeviceStatus.Drained]).toString('base64'), encoding: 'base64' } },
    ]);

    // When acme's dev-0 changes but stays activated (the node filters it out), globex's dev-1 is
    // drained (it passes the node's filters, not the contributor), then acme's dev-2 is drained
    const put = (i: number, status: DeviceStatus) =>
      server.setAccount(net.devices[i]!.pk, { owner: PROGRAM_ID, data: encodeDevice({ ...net.devices[i]!.device, status }) });
    put(0, DeviceStatus.Activated);
    put(1, DeviceStatus.Drained);
    put(2, DeviceStatus.Drained);
    await waitFor('the dev-2 event', () => events.length >= 1);

    // Then only dev-2 arrives
    expect(events.map((e) => e.account.code)).toEqual(['dev-2']);
    await unsubscribe();
  });

  it('links: the same filters as listLinks — side A, side Z, status on the node, contributor here', async () => {
    // Given a subscription with every link filter (what the node gets) ...
    const all = client.subscribeLinks(() => {}, {
      sideA: net.devices[0]!.pk,
      sideZ: net.devices[1]!.pk,
      status: LinkStatus.HardDrained,
      contributor: net.acmePk,
    });
    await waitFor('programSubscribe', () => server.subscriptionIds.length === 1);
    expect((server.calls('programSubscribe')[0]!.params as [string, { filters: unknown[] }])[1].filters).toEqual([
      { memcmp: { offset: 0, bytes: '7', encoding: 'base58' } },
      { memcmp: { offset: 50, bytes: net.devices[0]!.pk.toBase58(), encoding: 'base58' } },
      { memcmp: { offset: 82, bytes: net.devices[1]!.pk.toBase58(), encoding: 'base58' } },
      { memcmp: { offset: 150, bytes: Buffer.from([LinkStatus.HardDrained]).toString('base64'), encoding: 'base64' } },
    ]);
    await all();
    await waitFor('programUnsubscribe', () => server.subscriptionIds.length === 0);

    // ... and one to acme's hard-drained links
    const events: LinkEvent[] = [];
    const unsubscribe = client.subscribeLinks((e) => events.push(e), { status: LinkStatus.HardDrained, contributor: net.acmePk });
    await waitFor('programSubscribe', () => server.subscriptionIds.length === 1);

    // When acme's link-0 is soft-drained (filtered by the node), globex's link-1 is hard-drained
    // (filtered here), then acme's link-2 is hard-drained
    const put = (i: number, status: LinkStatus) =>
      server.setAccount(net.links[i]!.pk, { owner: PROGRAM_ID, data: encodeLink({ ...net.links[i]!.link, status }) });
    put(0, LinkStatus.SoftDrained);
    put(1, LinkStatus.HardDrained);
    put(2, LinkStatus.HardDrained);
    await waitFor('the link-2 event', () => events.length >= 1);

    // Then only link-2 arrives
    expect(events.map((e) => e.account.code)).toEqual(['link-2']);
    await unsubscribe();
  });

  it('refuses a filter that is not a PublicKey, as the listings do', async () => {
    expect(() => client.subscribeDevices(() => {}, { location: 'nowhere' as never })).toThrow(ValidationError);
    expect(() => client.subscribeLinks(() => {}, { sideZ: 'nowhere' as never })).toThrow(ValidationError);
    await expect(client.listDevices({ exchange: 'nowhere' as never })).rejects.toBeInstanceOf(ValidationError);
    await expect(client.listLinks({ sideA: 'nowhere' as never })).rejects.toBeInstanceOf(ValidationError);
    expect(server.subscriptionIds).toEqual([]);
  });

  it('needs a connection and a callback', () => {
    const mem = new DzClient({ source: new MemoryAccountSource(), programId: PROGRAM_ID, env: {} });
    expect(() => mem.subscribeDevices(() => {})).toThrow(ValidationError);
    expect(() => client.subscribeDevices(undefined as never)).toThrow(ValidationError);
  });
});
