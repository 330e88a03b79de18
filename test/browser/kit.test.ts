/**
 * dzprov/kit in headless Chromium: a page bundled with the kit door and @solana/kit only — no
 * web3.js, bn.js, buffer or Node module anywhere in it — decodes the golden fixtures like the
 * web3.js door does in Node, lists the network through kit's Rpc and through dzprov's own fetch
 * transport (CORS), drains a device signed by a kit KeyPairSigner (WebCrypto Ed25519), and
 * receives the change through kit's RpcSubscriptions (the browser's WebSocket).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PublicKey } from '@solana/web3.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeviceStatus, decodeDevice, decodeGlobalState, decodeLink, decodePermission } from '../../src/index.js';
import { PERMISSION_GOLDEN, fixtureBytes } from '../helpers/fixtures.js';
import { ACME, PROGRAM_ID, applyLikeProgram, loadNetwork, type TestNetwork } from '../helpers/rpcFixtures.js';
import { startRpcServer, type RpcTestServer } from '../helpers/rpcServer.js';
import { bundlePage, launchChromium, openPage, servePage, type PageBundle } from './page.js';

const HERE = dirname(fileURLToPath(import.meta.url));
let rpc: RpcTestServer;
let net: TestNetwork;
let web: Server;
let browser: Browser | undefined;
let page: Page;
let bundle: PageBundle;
const pageErrors: string[] = [];
const consoleErrors: string[] = [];
let setupError: unknown;

async function inPage<T = any>(name: string, arg?: unknown): Promise<T> {
  return JSON.parse((await page.evaluate(`globalThis.dzKit.run(${JSON.stringify(name)}, ${JSON.stringify(arg ?? null)})`)) as string) as T;
}

/** A web3.js-door value as the kit door gives it: PublicKeys as text, bigints as "<n>n". */
const asKit = (v: unknown): unknown =>
  JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x instanceof PublicKey ? x.toBase58() : x)));

beforeAll(async () => {
  try {
    bundle = await bundlePage(join(HERE, 'kit-entry.ts'));
    rpc = await startRpcServer({ maxLifetimeMs: 600_000 });
    net = loadNetwork(rpc, { devices: 4 });
    rpc.defaultSend = { effect: applyLikeProgram };
    web = await servePage(bundle.js, 'dzprov/kit browser suite');
    browser = await launchChromium();
    page = await openPage(browser, `http://127.0.0.1:${(web.address() as AddressInfo).port}`, pageErrors, consoleErrors);
    await page.waitForFunction('globalThis.dzKit && globalThis.dzKit.ready === true');
    await inPage('connect', { rpcUrl: rpc.url, wsUrl: rpc.wsUrl, programAddress: PROGRAM_ID.toBase58(), acmeSeed: Buffer.from(ACME.secretKey.slice(0, 32)).toString('hex') });
  } catch (e) {
    setupError = e;
  }
}, 120_000);

beforeEach(() => {
  if (setupError) throw setupError;
});

afterAll(async () => {
  await browser?.close();
  await rpc?.close();
  await new Promise<void>((r) => (web ? web.close(() => r()) : r()));
});

describe('dzprov/kit in headless Chromium', () => {
  it('is bundled with kit only: no web3.js, bn.js, buffer, bs58 or Node module; no Node global in the page', async () => {
    expect(bundle.inputs.some((p) => p.startsWith('src/kit/'))).toBe(true);
    expect(bundle.inputs.some((p) => p.includes('node_modules/@solana/kit/'))).toBe(true);
    expect(bundle.inputs.filter((p) => /node_modules\/(@solana\/web3\.js|bn\.js|buffer|bs58|base-x)\//.test(p) || p.startsWith('node:'))).toEqual([]);
    expect(await inPage('environment')).toEqual({ typeofBuffer: 'undefined', typeofProcess: 'undefined', typeofRequire: 'undefined' });
  });

  it('decodes the golden fixtures to what the web3.js door decodes in Node (addresses as text)', async () => {
    const got = await inPage('decodeFixtures');
    expect(got.device).toEqual(asKit(decodeDevice(fixtureBytes('device'))));
    expect(got.link).toEqual(asKit(decodeLink(fixtureBytes('link'))));
    expect(got.globalState).toEqual(asKit(decodeGlobalState(fixtureBytes('global_state'))));
    expect(got.permission).toEqual(asKit(decodePermission(PERMISSION_GOLDEN)));
  });

  it('lists the network through kit Rpc and through its own fetch transport, across origins', async () => {
    const want = {
      devices: net.devices.map((d) => [d.pk.toBase58(), d.device.code, d.device.status]),
      links: net.links.map((l) => [l.pk.toBase58(), l.link.code]),
    };
    const sorted = (x: { devices: unknown[][]; links: unknown[][] }) => ({ devices: [...x.devices].sort(), links: [...x.links].sort() });
    expect(sorted(await inPage('listing', 'kit'))).toEqual(sorted(want));
    expect(sorted(await inPage('listing', 'url'))).toEqual(sorted(want));
  });

  it('drains a device signed by a kit KeyPairSigner (WebCrypto Ed25519), and the subscription sees it', async () => {
    await inPage('subscribeStart');
    await expect.poll(() => rpc.subscriptionIds.length, { timeout: 15_000 }).toBe(1);
    const res = await inPage('drain', 'dev-0');
    expect(res).toMatchObject({ outcome: 'landed', status: DeviceStatus.Drained, signer: ACME.publicKey.toBase58() });
    const [tx] = rpc.sent;
    expect(tx!.signaturesValid).toBe(true);
    expect(res.signature).toBe(tx!.signature);
    expect(decodeDevice(rpc.getAccount(net.devices[0]!.pk)!.data).status).toBe(DeviceStatus.Drained);
    await expect.poll(async () => (await inPage<{ pubkey: string; status: number }[]>('subscribeEvents')).length, { timeout: 15_000 }).toBeGreaterThan(0);
    expect((await inPage<{ pubkey: string; status: number }[]>('subscribeEvents'))[0]).toEqual({ pubkey: net.devices[0]!.pk.toBase58(), status: DeviceStatus.Drained });
    await inPage('subscribeStop');
    expect(pageErrors).toEqual([]);
  });
});
