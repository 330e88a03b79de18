// The listing path (issue 10, item 2): `dzprov devices --json` against a local node, and the
// fast listing parser vs Connection.getProgramAccounts + dzprov's decoder vs the floor.
//
// A synthetic ledger of N devices, 3N links and 10N other program accounts (users and access
// passes: random bytes behind their type byte), plus GlobalState and two contributors, is
// served by the local JSON-RPC test server (test/helpers/rpcServer.ts, compiled with esbuild,
// running in this process). Measured:
//   - the built CLI, spawned: wall time and peak RSS of `dzprov devices --json`;
//   - in process, listDevices + listLinks (decoded) through RpcAccountSource's fast path and
//     through its web3 path (Connection.getProgramAccounts), the median of a few rounds;
//   - the floor: the same answers fetched as text, then JSON.parse + base64 decode only (and
//     the same with the fetch included).
// Goals at N=10,000: CLI ≤ 1.0 s wall and ≤ 200 MiB peak RSS; fast path ≥ 3× faster than the
// web3 path. The goals are printed as met / not met; the bench never fails on them.
// DZPROV_LISTING_SIZES=1000,10000 picks the sizes (default 1000, 10000, 50000).
import { spawn } from 'node:child_process';
import { BENCH_CACHE, figure, loadRpcServer, rng } from './util.mjs';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection, PublicKey } from '@solana/web3.js';
import * as dz from '../dist/index.js';
import { decodeBase64 } from '../dist/core/codec/base64.js';
import { fixture } from './util.mjs';

/** A distinct address per name, cheaply (any 32 bytes are an address; sha256 of the name). */
function key(name) {
  return new PublicKey(createHash('sha256').update(name).digest());
}

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const CLI = join(root, 'dist/cli/main.js');
const PROGRAM_ID = dz.PROGRAM_IDS.localnet;

export async function loadServer() {
  const server = await loadRpcServer();
  const probe = join(BENCH_CACHE, 'rssProbe.cjs');
  // Preloaded into the spawned CLI: prints its peak RSS (KiB) on stderr when it exits.
  writeFileSync(probe, "process.on('exit', () => process.stderr.write(`\\nDZPROV_MAXRSS_KB ${process.resourceUsage().maxRSS}\\n`));\n");
  return { ...server, probe };
}

const template = dz.decodeDevice(fixture('device.bin'));
const linkTemplate = dz.decodeLink(fixture('link.bin'));

export function fill(server, n) {
  const rand = rng(n);
  const contributors = [key('c1'), key('c2')];
  const gsPk = dz.getGlobalStatePda(PROGRAM_ID)[0];
  server.setAccount(gsPk, { owner: PROGRAM_ID, data: fixture('global_state.bin') });
  const contributor = dz.decodeContributor(fixture('contributor.bin'));
  contributors.forEach((pk, i) =>
    server.setAccount(pk, { owner: PROGRAM_ID, data: dz.encodeContributor({ ...contributor, code: `co${i + 1}` }) }),
  );
  const devicePks = [];
  for (let i = 0; i < n; i++) {
    const pk = key(`device ${i}`);
    devicePks.push(pk);
    const d = { ...template, code: `dev-${i}`, contributorPk: contributors[i % 2], index: BigInt(10 + i) };
    delete d.layout;
    server.setAccount(pk, { owner: PROGRAM_ID, data: dz.encodeDevice(d) });
  }
  for (let i = 0; i < 3 * n; i++) {
    const l = {
      ...linkTemplate,
      code: `link-${i}`,
      sideAPk: devicePks[i % n],
      sideZPk: devicePks[(i + 1 + (i % 7)) % n],
      contributorPk: contributors[i % 2],
      index: BigInt(100000 + i),
    };
    delete l.layout;
    server.setAccount(key(`link ${i}`), { owner: PROGRAM_ID, data: dz.encodeLink(l) });
  }
  for (let i = 0; i < 10 * n; i++) {
    const user = i % 2 === 0;
    const data = new Uint8Array(user ? 240 : 150);
    for (let j = 1; j < data.length; j++) data[j] = Math.floor(rand() * 256);
    data[0] = user ? 7 : 11;
    server.setAccount(key(`other ${i}`), { owner: PROGRAM_ID, data });
  }
}

function runCli(url, probe) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--require', probe, CLI, 'devices', '--json', '-u', url, '--network', 'localnet'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let out = 0;
    let err = '';
    let rows = -1;
    let head = '';
    child.stdout.on('data', (c) => {
      out += c.length;
      if (head.length < 64) head += c.toString();
    });
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      const m = /DZPROV_MAXRSS_KB (\d+)/.exec(err);
      if (code !== 0) return reject(new Error(`dzprov devices exited ${code}: ${err.slice(0, 500)}`));
      if (head.startsWith('[')) rows = 0;
      resolve({ ms, rssMiB: m ? Number(m[1]) / 1024 : NaN, bytes: out });
    });
  });
}

/** `rounds` timed runs of `fn`: `ms` is their median, `fig` the figure report prints. */
async function best(rounds, fn) {
  const times = [];
  let last;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    last = await fn();
    times.push(performance.now() - t0);
  }
  const fig = figure(times);
  return { ms: fig.median, fig, value: last };
}

/** The raw answers the client asks for (same requests as the fast path), as text. */
async function rawAnswers(url) {
  const texts = [];
  for (const type of [dz.AccountType.Device, dz.AccountType.Link]) {
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'getProgramAccounts',
      params: [
        PROGRAM_ID.toBase58(),
        { encoding: 'base64', commitment: 'confirmed', filters: [{ memcmp: { offset: 0, bytes: dz.accountTypeFilter(type).memcmp.bytes, encoding: 'base58' } }], withContext: true },
      ],
    });
    // A fresh connection each time (a kept-alive socket the server has timed out resets).
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', connection: 'close' }, body });
        texts.push(await res.text());
        break;
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
  }
  return texts;
}

function floorParse(texts) {
  let bytes = 0;
  for (const t of texts) {
    const v = JSON.parse(t).result.value;
    for (const e of v) bytes += decodeBase64(e.account.data[0]).length;
  }
  return bytes;
}

const fmt = (x) => x.toLocaleString('en-US', { maximumFractionDigits: 1 });

export async function run(report) {
  const { startRpcServer, probe } = await loadServer();
  const sizes = (process.env.DZPROV_LISTING_SIZES ?? '1000,10000,50000').split(',').map(Number);
  const growth = [];
  for (const n of sizes) {
    const server = await startRpcServer({ maxLifetimeMs: 1_800_000 });
    try {
      let t0 = performance.now();
      fill(server, n);
      const fillMs = performance.now() - t0;
      const tag = `N=${n}`;
      report(`${tag} ledger`, n * 14 + 3, 'accounts', `${n} devices, ${3 * n} links, ${10 * n} others (filled in ${fmt(fillMs)} ms)`);

      // The CLI, spawned (one warm-up run for the OS file cache, then the median of 3).
      await runCli(server.url, probe);
      const cliRuns = [];
      for (let i = 0; i < 3; i++) cliRuns.push(await runCli(server.url, probe));
      const cliFig = figure(cliRuns.map((r) => r.ms));
      const rssFig = figure(cliRuns.map((r) => r.rssMiB));
      const cliMs = cliFig.median;
      const cliRss = rssFig.median;
      report(`${tag} dzprov devices --json: wall`, cliFig, 'ms');
      report(`${tag} dzprov devices --json: peak RSS`, rssFig, 'MiB', `${fmt(cliRuns[0].bytes / 1048576)} MiB of JSON out`);

      // In process: listDevices + listLinks, decoded.
      const connection = new Connection(server.url, { commitment: 'confirmed', disableRetryOnRateLimit: true });
      const client = (listing) =>
        new dz.DzClient({ connection, programId: PROGRAM_ID, source: new dz.RpcAccountSource(connection, { commitment: 'confirmed', listing }) });
      const fast = client('fast');
      const web3 = client('web3');
      const list = async (c) => {
        const [d, l] = await Promise.all([c.listDevices(), c.listLinks()]);
        return { d, l };
      };
      const rounds = n >= 50_000 ? 2 : 4;
      const f = await best(rounds, () => list(fast));
      const w = await best(rounds, () => list(web3));
      if (f.value.d.length !== n || f.value.l.length !== 3 * n || w.value.d.length !== n || w.value.l.length !== 3 * n) {
        throw new Error(`bench: listings disagree (${f.value.d.length}/${w.value.d.length} devices)`);
      }
      const texts = await rawAnswers(server.url);
      const floorE2e = await best(rounds, async () => floorParse(await rawAnswers(server.url)));
      const floor = await best(rounds, async () => floorParse(texts));
      const mib = texts.reduce((a, t) => a + t.length, 0) / 1048576;
      report(`${tag} fast path: listDevices+listLinks`, { ...f.fig, ratio: { value: w.ms / f.ms, to: 'faster than the web3 path' } }, 'ms', `slot ${f.value.d.slot}`);
      report(`${tag} web3 path: getProgramAccounts+decoder`, w.fig, 'ms');
      report(`${tag} floor: fetch + JSON.parse + base64`, floorE2e.fig, 'ms', `${fmt(mib)} MiB of JSON`);
      report(`${tag} floor: JSON.parse + base64 only`, floor.fig, 'ms');
      report(`${tag} fast path vs web3 path`, w.ms / f.ms, 'x faster');
      report(`${tag} fast path vs floor (fetch incl.)`, f.ms / floorE2e.ms, 'x the floor');
      growth.push({ n, cliMs, cliRss, fast: f.ms, web3: w.ms, floor: floorE2e.ms });
      if (n === 10_000) {
        report.goal('devices --json wall ≤ 1000 ms at N=10k', cliMs <= 1000, `${fmt(cliMs)} ms`);
        report.goal('devices --json peak RSS ≤ 200 MiB at N=10k', cliRss <= 200, `${fmt(cliRss)} MiB`);
        report.goal('fast path ≥ 3× web3 path at N=10k', w.ms / f.ms >= 3, `${fmt(w.ms / f.ms)}×`);
      }
    } finally {
      await server.close();
    }
  }
  for (let i = 1; i < growth.length; i++) {
    const a = growth[i - 1];
    const b = growth[i];
    const k = b.n / a.n;
    report(
      `growth ${a.n}→${b.n} (${k}× devices)`,
      b.cliMs / a.cliMs,
      'x CLI wall',
      `RSS ${fmt(b.cliRss / a.cliRss)}×, fast ${fmt(b.fast / a.fast)}×, web3 ${fmt(b.web3 / a.web3)}×, floor ${fmt(b.floor / a.floor)}×`,
    );
  }
}
