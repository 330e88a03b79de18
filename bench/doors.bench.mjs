// The two doors (issue 18): decode throughput of each door beside its own ecosystem's reference,
// in one run and on the same bytes — dzprov/kit (addresses as Address strings) beside the client
// Codama renders from idl/serviceability.json for @solana/kit, and the web3.js door (PublicKeys)
// beside the program's TypeScript SDK — and the browser bundle of a dashboard page on dzprov/kit
// (fetch with the platform's fetch, decode devices and links, print labels): no web3.js, bn.js
// or Node polyfill in it, and dzprov's own share gzipped.
import { copyFileSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { BENCH_CACHE, browserBundle, fixture, sideBySide } from './util.mjs';
import { loadUpstream } from './upstream.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

const KIT_GOAL = 10; // × the Codama-rendered kit client
const WEB3_GOAL = 5; // × the upstream SDK (the device and link benches' goal)
const SHARE_GOAL_KIB = 15; // dzprov's gzipped share of the dashboard page

/** The Codama-rendered JavaScript client of idl/serviceability.json, bundled once into the bench cache. */
async function codamaClient() {
  const dir = join(BENCH_CACHE, 'codama-client');
  const out = join(dir, 'client.mjs');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const { createFromRoot } = await import('codama');
  const { renderVisitor } = await import('@codama/renderers-js');
  const { readFileSync } = await import('node:fs');
  const root_ = JSON.parse(readFileSync(join(root, 'idl/serviceability.json'), 'utf8'));
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await createFromRoot(root_).accept(renderVisitor(dir));
  mkdirSync(join(dir, 'src/hooked'), { recursive: true });
  copyFileSync(join(root, 'test/idl-codama/hooked.ts'), join(dir, 'src/hooked/index.ts'));
  await build({
    entryPoints: [join(dir, 'src/generated/index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    outfile: out,
    logLevel: 'silent',
  });
  return import(pathToFileURL(out).href);
}

const DASHBOARD = `
import { decodeDevice, decodeLink, deviceStatusLabel, deviceHealthLabel, linkStatusLabel, linkHealthLabel, deviceFilter, linkFilter, PROGRAM_IDS } from 'dzprov/kit';
const url = globalThis.location?.search.slice(1) || 'http://127.0.0.1:8899';
async function list(filter) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'getProgramAccounts', params: [PROGRAM_IDS['mainnet-beta'], { encoding: 'base64', filters: [{ memcmp: { offset: Number(filter.memcmp.offset), bytes: filter.memcmp.bytes } }] }] }) });
  const { result } = await res.json();
  return result.map((e) => ({ pubkey: e.pubkey, data: Uint8Array.from(atob(e.account.data[0]), (c) => c.charCodeAt(0)) }));
}
for (const d of await list(deviceFilter())) { const v = decodeDevice(d.data); console.log(v.code, deviceStatusLabel(v.status), deviceHealthLabel(v.deviceHealth), v.locationPk); }
for (const l of await list(linkFilter())) { const v = decodeLink(l.data); console.log(v.code, linkStatusLabel(v.status), linkHealthLabel(v.linkHealth), v.sideAPk, v.sideZPk); }
`;

async function bundle(source, external = []) {
  const { file, output } = await browserBundle(source, external, 'page.js');
  const inputs = output.inputs;
  return { gzip: gzipSync(file.contents).length, bytes: file.contents.length, inputs: Object.keys(inputs) };
}

export async function run(report) {
  const kit = await import('../dist/kit/index.js');
  const web3 = await import('../dist/index.js');
  const device = fixture('device.bin');
  const link = fixture('link.bin');

  // -- decode speed, the kit door beside the Codama client
  let codama;
  try {
    codama = await codamaClient();
  } catch (e) {
    report('dzprov/kit vs the Codama-rendered kit client', 'not measured', '', `rendering failed: ${e?.message ?? e}`);
  }
  for (const [name, bytes, ours, theirs] of [
    ['Device (golden fixture)', device, () => kit.decodeDevice(device), codama && (() => codama.getDeviceDecoder().decode(device))],
    ['Link (golden fixture)', link, () => kit.decodeLink(link), codama && (() => codama.getLinkDecoder().decode(link))],
  ]) {
    if (!theirs) continue;
    void bytes;
    const decoderOf = name.startsWith('Device') ? codama.getDeviceDecoder() : codama.getLinkDecoder();
    const s = sideBySide({ dzprov: ours, codama: () => decoderOf.decode(bytes) });
    const ratio = s.ratio('dzprov', 'codama');
    report(`decode ${name}: dzprov/kit (Address strings)`, { ...s.dzprov, ratio: { value: ratio, to: 'the Codama kit client' } }, 'decodes/s');
    report(`decode ${name}: Codama-rendered kit client`, s.codama, 'decodes/s');
    report.goal(`dzprov/kit decodes a ${name.split(' ')[0]} ≥ ${KIT_GOAL}× the Codama kit client`, ratio >= KIT_GOAL, `${ratio.toFixed(1)}×`);
  }

  // -- decode speed, the web3.js door beside the upstream SDK (same run)
  const upstream = await loadUpstream();
  if (upstream.missing) {
    report('web3.js door vs the upstream SDK', 'not measured', '', upstream.missing);
  } else {
    for (const [name, ours, theirs] of [
      ['Device (golden fixture)', () => web3.decodeDevice(device), () => upstream.deserializeDevice(device)],
      ['Link (golden fixture)', () => web3.decodeLink(link), () => upstream.deserializeLink(link)],
    ]) {
      const s = sideBySide({ dzprov: ours, upstream: theirs });
      const ratio = s.ratio('dzprov', 'upstream');
      report(`decode ${name}: dzprov (web3.js door, PublicKeys)`, { ...s.dzprov, ratio: { value: ratio, to: 'the upstream SDK' } }, 'decodes/s');
      report(`decode ${name}: upstream TypeScript SDK`, s.upstream, 'decodes/s');
      report.goal(`the web3.js door decodes a ${name.split(' ')[0]} ≥ ${WEB3_GOAL}× the upstream SDK`, ratio >= WEB3_GOAL, `${ratio.toFixed(1)}×`);
    }
  }

  // -- the dashboard page's bundle
  const page = await bundle(DASHBOARD);
  const alone = await bundle(DASHBOARD, ['@solana/*']);
  const foreign = page.inputs.filter((p) => /node_modules\/(@solana\/web3\.js|bn\.js|buffer|bs58|base-x|@noble)\//.test(p) || p.startsWith('node:'));
  const dzprovFiles = page.inputs.filter((p) => p.startsWith('dist/'));
  report('dashboard page on dzprov/kit (fetch, decode, labels): gzipped', page.gzip / 1024, 'KiB', `${page.gzip} bytes; minified ${page.bytes} bytes; ${dzprovFiles.length} dzprov modules`);
  report('  web3.js, bn.js, buffer, bs58 or Node modules in it', foreign.length, 'files', foreign.slice(0, 5).join(', ') || 'none');
  report("  dzprov's share (dependencies external): gzipped", alone.gzip / 1024, 'KiB', `${alone.gzip} bytes`);
  report.goal(`the dzprov/kit dashboard page has no web3.js, bn.js or Node polyfill`, foreign.length === 0, foreign.length ? foreign.join(', ') : 'none');
  report.goal(`dzprov's share of the dashboard page ≤ ${SHARE_GOAL_KIB} KiB gzipped`, alone.gzip / 1024 <= SHARE_GOAL_KIB, `${(alone.gzip / 1024).toFixed(1)} KiB`);
}
