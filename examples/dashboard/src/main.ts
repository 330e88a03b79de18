/**
 * A dashboard page (dzprov/kit + dzprov/graph + @solana/kit, bundled for the browser): the
 * network on a map — devices placed by their location, links drawn between them, coloured by
 * status and health, drained and impaired at a glance — with the counts per status and health,
 * kept live by subscriptions to the program's devices and links.
 *
 * index.html?rpc=<ledger RPC URL>&ws=<WebSocket URL>&program=<program id>; the defaults are the
 * local environment's: `dzprov sample-node` on 127.0.0.1:8899.
 */
import { createSolanaRpcSubscriptions, type Address } from '@solana/kit';
import { DzClient, PROGRAM_IDS, type Device, type Link, type Location } from 'dzprov/kit';
import { graphSvg, networkGraph, type GraphCounts, type NetworkGraph } from 'dzprov/graph';

const params = new URLSearchParams(window.location.search);
const rpcUrl = params.get('rpc') ?? 'http://127.0.0.1:8899';
const wsUrl = params.get('ws') ?? rpcUrl.replace(/^http/, 'ws');
const programAddress = (params.get('program') ?? PROGRAM_IDS.localnet) as Address;

const client = new DzClient({ rpcUrl, rpcSubscriptions: createSolanaRpcSubscriptions(wsUrl), programAddress });

const devices = new Map<string, Device>();
const links = new Map<string, Link>();
const locations = new Map<string, Location>();
let updates = 0;
let lastSlot = 0;

const el = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** One table of counts: a row per label, the number in a cell named for the tests and for styling. */
function table(title: string, key: string, counts: Record<string, number>): HTMLTableElement {
  const t = document.createElement('table');
  t.createCaption().textContent = title;
  for (const [label, n] of Object.entries(counts).sort(([a], [b]) => a.localeCompare(b))) {
    const row = t.insertRow();
    row.insertCell().textContent = label;
    const cell = row.insertCell();
    cell.className = 'n';
    cell.dataset.count = `${key}:${label}`;
    cell.textContent = String(n);
  }
  return t;
}

function alerts(c: { devices: GraphCounts; links: GraphCounts }): HTMLElement[] {
  const out: HTMLElement[] = [];
  const add = (cls: string, key: string, text: string) => {
    const a = document.createElement('span');
    a.className = `alert ${cls}`;
    a.dataset.alert = key;
    a.textContent = text;
    out.push(a);
  };
  add('drained', 'drained', `drained: ${c.devices.drained} devices, ${c.links.drained} links`);
  add('impaired', 'impaired', `impaired: ${c.devices.impaired} devices, ${c.links.impaired} links`);
  return out;
}

function render(): NetworkGraph {
  const graph = networkGraph({
    devices: [...devices].map(([pubkey, account]) => ({ pubkey, account })),
    links: [...links].map(([pubkey, account]) => ({ pubkey, account })),
    locations: [...locations].map(([pubkey, account]) => ({ pubkey, account })),
  });
  // graphSvg escapes every text it takes from the chain, so its markup can go in as is.
  el('map').innerHTML = graphSvg(graph);
  const c = graph.counts;
  el('alerts').replaceChildren(...alerts(c));
  el('counts').replaceChildren(
    table(`Devices by status (${c.devices.total})`, 'devices.status', c.devices.byStatus),
    table('Devices by health', 'devices.health', c.devices.byHealth),
    table(`Links by status (${c.links.total})`, 'links.status', c.links.byStatus),
    table('Links by health', 'links.health', c.links.byHealth),
  );
  el('status').textContent = `${rpcUrl} · ${c.devices.total} devices, ${c.links.total} links · live: ${updates} updates${lastSlot ? ` (slot ${lastSlot})` : ''}`;
  document.body.dataset.updates = String(updates);
  return graph;
}

/** Re-renders once per frame however many notifications arrive. */
let pending = false;
function schedule(slot: number): void {
  updates++;
  lastSlot = Math.max(lastSlot, slot);
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    render();
  });
}

async function main(): Promise<void> {
  // Subscribe first, so that nothing that changes while the listings load is missed.
  client.subscribeDevices((e) => {
    devices.set(e.pubkey, e.account);
    schedule(e.slot);
  });
  client.subscribeLinks((e) => {
    links.set(e.pubkey, e.account);
    schedule(e.slot);
  });
  const [ds, ls, locs] = await Promise.all([client.listDevices(), client.listLinks(), client.listLocations()]);
  for (const e of ds) if (!devices.has(e.pubkey)) devices.set(e.pubkey, e.account);
  for (const e of ls) if (!links.has(e.pubkey)) links.set(e.pubkey, e.account);
  for (const e of locs) locations.set(e.pubkey, e.account);
  render();
  document.body.dataset.state = 'live';
}

main().catch((e: unknown) => {
  document.body.dataset.state = 'error';
  el('status').textContent = `error: ${e instanceof Error ? e.message : String(e)}`;
  throw e;
});
