/**
 * The dashboard example (examples/dashboard) in headless Chromium against a sample node: built
 * with its own build script (dzprov/kit and dzprov/graph taken from the repository's sources),
 * served from another origin than the node's, it must show the ledger — every device and link on
 * the map in the colours of its status and health, and counts per status and health equal to the
 * node's accounts decoded here — and follow a drain sent through the node, live. A screenshot is
 * written to test-results/dashboard.png (and -after-drain.png).
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Keypair, PublicKey } from '@solana/web3.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeviceHealthSpec, DeviceStatus, DzClient, LinkHealthSpec, LinkStatus, LinkStatusSpec, deviceStatusLabel } from '../../src/index.js';
import { decodeDevice, decodeLink, type Device, type Link } from '../../src/kit/index.js';
import { DEVICE_HEALTH_STYLES, DEVICE_STATUS_STYLES, LINK_STATUS_STYLES, deviceHealthClass, deviceStatusClass, linkStatusClass } from '../../src/graph/index.js';
import { TEXT_KEYS } from '../../src/core/keys.js';
import { buildSampleNetwork } from '../../src/cli/sampleNetwork.js';
import { startSampleNode, type SampleNode } from '../../src/cli/node/index.js';
import { launchChromium, openPage } from './page.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = join(REPO, 'test-results');
const network = buildSampleNetwork(TEXT_KEYS);

let node: SampleNode;
let web: Server;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];
const consoleErrors: string[] = [];
let setupError: unknown;

/** Serves the built page's folder on 127.0.0.1 (another origin than the node's). */
function serveDir(dir: string): Promise<Server> {
  const types: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', map: 'application/json' };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const name = path === '/' ? 'index.html' : path.slice(1);
    if (!/^[\w.-]+$/.test(name)) return void res.writeHead(404).end();
    let body: Buffer;
    try {
      body = readFileSync(join(dir, name));
    } catch {
      return void res.writeHead(name === 'favicon.ico' ? 204 : 404).end();
    }
    res.writeHead(200, { 'content-type': types[name.split('.').pop()!] ?? 'application/octet-stream' }).end(body);
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

/** The ledger as the node holds it now, decoded here: the truth the page is held to. */
function ledgerNow(): { devices: Map<string, Device>; links: Map<string, Link> } {
  const of = (kind: string) => [...network.addresses].filter(([name]) => name.startsWith(`${kind}:`)).map(([, address]) => address);
  return {
    devices: new Map(of('device').map((a) => [a, decodeDevice(node.account(a)!.data)])),
    links: new Map(of('link').map((a) => [a, decodeLink(node.account(a)!.data)])),
  };
}

function tally(labels: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of labels) out[l] = (out[l] ?? 0) + 1;
  return out;
}

/** The counts the page must show, from the ledger. */
function expectedCounts() {
  const { devices, links } = ledgerNow();
  const ds = [...devices.values()];
  const ls = [...links.values()];
  return {
    'devices.status': tally(ds.map((d) => deviceStatusLabel(d.status))),
    'devices.health': tally(ds.map((d) => DeviceHealthSpec.label(d.deviceHealth))),
    'links.status': tally(ls.map((l) => LinkStatusSpec.label(l.status))),
    'links.health': tally(ls.map((l) => LinkHealthSpec.label(l.linkHealth))),
  };
}

/** The counts the page shows, read from its tables. */
async function pageCounts(): Promise<Record<string, Record<string, number>>> {
  const cells = await page.$$eval('[data-count]', (els) => els.map((e) => [e.getAttribute('data-count')!, Number(e.textContent)] as const));
  const out: Record<string, Record<string, number>> = {};
  for (const [key, n] of cells) {
    const at = key.indexOf(':');
    (out[key.slice(0, at)] ??= {})[key.slice(at + 1)] = n;
  }
  return out;
}

beforeAll(async () => {
  try {
    node = await startSampleNode({ port: 0, slotMs: 100 });
    // Built by the example's own build script, with the package's entry points mapped to the sources.
    const { buildDashboard } = (await import(join(REPO, 'examples/dashboard/build.mjs'))) as {
      buildDashboard(o: { outdir: string; alias: Record<string, string> }): Promise<{ inputs: Record<string, unknown> }>;
    };
    const outdir = mkdtempSync(join(tmpdir(), 'dzprov-dashboard-'));
    const meta = await buildDashboard({ outdir, alias: { 'dzprov/kit': join(REPO, 'src/kit/index.ts'), 'dzprov/graph': join(REPO, 'src/graph/index.ts') } });
    expect(Object.keys(meta.inputs).filter((p) => /node_modules\/(@solana\/web3\.js|bn\.js|buffer)\//.test(p))).toEqual([]);
    web = await serveDir(outdir);
    browser = await launchChromium();
    page = await openPage(browser, `http://127.0.0.1:${(web.address() as AddressInfo).port}/?rpc=${encodeURIComponent(node.url)}&ws=${encodeURIComponent(node.wsUrl)}`, pageErrors, consoleErrors);
    await page.setViewportSize({ width: 1100, height: 1000 });
    await page.waitForSelector('body[data-state="live"]', { timeout: 30_000 });
  } catch (e) {
    setupError = e;
  }
}, 180_000);

beforeEach(() => {
  if (setupError) throw setupError;
});

afterAll(async () => {
  await browser?.close();
  await node?.close();
  await new Promise<void>((r) => (web ? web.close(() => r()) : r()));
});

describe('the dashboard example in Chromium, against a sample node', () => {
  it('shows the counts of the ledger: devices and links per status and per health', async () => {
    expect(await pageCounts()).toEqual(expectedCounts());
    const { devices, links } = ledgerNow();
    const drained = [...devices.values()].filter((d) => d.status === DeviceStatus.Drained).length;
    const drainedLinks = [...links.values()].filter((l) => l.status === LinkStatus.SoftDrained || l.status === LinkStatus.HardDrained).length;
    expect(await page.textContent('[data-alert="drained"]')).toBe(`drained: ${drained} devices, ${drainedLinks} links`);
  });

  it('draws every device and link on the map in the colours of its status and health, and a legend', async () => {
    const { devices, links } = ledgerNow();
    const drawn = await page.$$eval('#map [data-kind="device"]', (els) =>
      els.map((e) => ({ pubkey: e.getAttribute('data-pubkey')!, fill: e.querySelector('circle')!.getAttribute('fill'), stroke: e.querySelector('circle')!.getAttribute('stroke') })),
    );
    expect(drawn.map((d) => d.pubkey).sort()).toEqual([...devices.keys()].sort());
    for (const d of drawn) {
      const dev = devices.get(d.pubkey)!;
      expect(d.fill, dev.code).toBe(DEVICE_STATUS_STYLES[deviceStatusClass(dev.status)].color);
      expect(d.stroke, dev.code).toBe(DEVICE_HEALTH_STYLES[deviceHealthClass(dev.deviceHealth)].color);
    }
    const lines = await page.$$eval('#map [data-kind="link"]', (els) => els.map((e) => ({ pubkey: e.getAttribute('data-pubkey')!, stroke: [...e.querySelectorAll('path')].at(-1)!.getAttribute('stroke') })));
    expect(lines.map((l) => l.pubkey).sort()).toEqual([...links.keys()].sort());
    for (const l of lines) expect(l.stroke, links.get(l.pubkey)!.code).toBe(LINK_STATUS_STYLES[linkStatusClass(links.get(l.pubkey)!.status)].color);
    // Drawn where the geometry says: Tokyo east of London, Singapore south of Amsterdam
    const at = async (code: string) => page.$eval(`#map [data-kind="device"][data-code="${code}"] circle`, (c) => ({ x: Number(c.getAttribute('cx')), y: Number(c.getAttribute('cy')) }));
    expect((await at('tyo-dz1')).x).toBeGreaterThan((await at('lon-dz1')).x);
    expect((await at('sin-dz1')).y).toBeGreaterThan((await at('ams-dz1')).y);
    expect(await page.$$eval('#map [data-legend]', (els) => els.length)).toBe(
      Object.keys(DEVICE_STATUS_STYLES).length + Object.keys(DEVICE_HEALTH_STYLES).length + Object.keys(LINK_STATUS_STYLES).length + 1,
    );
    // A screenshot for people: the test output says where
    mkdirSync(RESULTS, { recursive: true });
    const shot = join(RESULTS, 'dashboard.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`dashboard screenshot: ${shot}`);
    expect(pageErrors).toEqual([]);
  });

  it('follows a drain sent through the node: the device turns drained and the counts move, live', async () => {
    // Given fra-dz1 activated on the page
    const fra = network.addresses.get('device:fra-dz1')!;
    expect(await page.getAttribute(`#map [data-pubkey="${fra}"]`, 'data-status')).toBe('activated');
    const before = await pageCounts();
    // When its contributor drains it through the node
    const acme = Keypair.fromSecretKey(node.identities.find((i) => i.name === 'acme')!.secretKey);
    const client = new DzClient({ rpcUrl: node.url, wsUrl: node.wsUrl, programId: new PublicKey(node.programId), confirm: { pollIntervalMs: 50 } });
    expect((await client.drainDevice('fra-dz1', acme)).outcome).toBe('landed');
    // Then the page shows it drained, in the drained colour, and its counts are the ledger's again
    await page.waitForSelector(`#map [data-pubkey="${fra}"][data-status="drained"]`, { timeout: 15_000 });
    expect(await page.getAttribute(`#map [data-pubkey="${fra}"] circle`, 'fill')).toBe(DEVICE_STATUS_STYLES.drained.color);
    const after = await pageCounts();
    expect(after).toEqual(expectedCounts());
    expect(after['devices.status']!.drained).toBe(before['devices.status']!.drained! + 1);
    expect(after['devices.status']!.activated).toBe(before['devices.status']!.activated! - 1);
    expect(Number(await page.getAttribute('body', 'data-updates'))).toBeGreaterThan(0);
    const shot = join(RESULTS, 'dashboard-after-drain.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`dashboard screenshot after the drain: ${shot}`);
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
