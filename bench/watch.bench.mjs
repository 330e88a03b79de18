// `dzprov watch --json` under a flood of notifications (issue 17, speed and memory).
//
// The local JSON-RPC test server (test/helpers/rpcServer.ts, compiled with esbuild, in this
// process) holds a synthetic ledger of 10,000 devices and 30,000 links (bench/listing.bench.mjs's
// fill). The built CLI is spawned on it (`dzprov watch --json --count N`); once it has printed its
// baseline line, the server pushes N program notifications, each a device flipping between
// activated and drained (so each is a change the watch prints as one NDJSON line), with slots
// moving forward. The server keeps at most WINDOW notifications ahead of the lines printed.
// Measured: notifications decoded and printed per second (from the first push to the last line),
// and the CLI's peak RSS (read by a preloaded probe when it exits).
// Goals: ≥ 5,000 notifications a second; peak RSS ≤ 250 MiB after 1,000,000 notifications.
// A reconnect storm's cost (subscribe calls a second against a node that refuses them all) is
// measured too: goal, at most a handful a second.
// DZPROV_WATCH_NOTIFICATIONS picks N (default 1,000,000).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as dz from '../dist/index.js';
import { fill, loadServer } from './listing.bench.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(root, 'dist/cli/main.js');
const PROGRAM_ID = dz.PROGRAM_IDS.localnet;
const N = Number(process.env.DZPROV_WATCH_NOTIFICATIONS ?? 1_000_000);
const WINDOW = Number(process.env.DZPROV_WATCH_WINDOW ?? 20_000);

const b64 = (bytes) => Buffer.from(bytes).toString('base64');

/** Two notification bodies per device (activated, drained), as JSON text with a slot placeholder. */
function flips(server) {
  const out = [];
  for (const [pubkey, acc] of server.accounts) {
    if (acc.data[0] !== 5) continue;
    const device = dz.decodeDevice(acc.data);
    const body = (status) => {
      const data = dz.encodeDevice({ ...device, status });
      const account = { data: [b64(data), 'base64'], executable: false, lamports: acc.lamports ?? 1, owner: PROGRAM_ID.toBase58(), rentEpoch: 0, space: data.length };
      return JSON.stringify({ pubkey, account });
    };
    out.push([body(dz.DeviceStatus.Activated), body(dz.DeviceStatus.Drained)]);
  }
  return out;
}

function watchFlood(server, probe, bodies) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', probe, CLI, 'watch', 'devices', '--json', '--count', String(N), '-u', server.url, '--network', 'localnet'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let err = '';
    let lines = 0;
    let pushed = 0;
    let started = false;
    let t0 = 0;
    let tail = '';
    let slot = server.slot;
    const push = () => {
      const subs = server.subscriptionIds;
      while (pushed < N && pushed - lines < WINDOW) {
        // Flip device i; every 1,000 notifications the ledger's slot moves on.
        const i = pushed % bodies.length;
        const round = Math.floor(pushed / bodies.length);
        if (pushed % 1000 === 0) server.slot = ++slot;
        const value = bodies[i][(round + 1) % 2];
        for (const id of subs) {
          server.pushProgramNotification((sub) =>
            sub.id === id ? `{"jsonrpc":"2.0","method":"programNotification","params":{"subscription":${id},"result":{"context":{"slot":${slot}},"value":${value}}}}` : '{}',
          );
        }
        pushed++;
      }
    };
    child.stdout.on('data', (c) => {
      const text = tail + c.toString();
      const parts = text.split('\n');
      tail = parts.pop();
      for (const line of parts) if (line.startsWith('{')) lines++;
      if (started) push();
    });
    child.stderr.on('data', (c) => (err += c));
    // The watch subscribes, then reads its baseline: push once both are under way (notifications
    // that arrive during the read are queued by the watcher and applied after it).
    const ready = setInterval(() => {
      if (server.subscriptionIds.length === 0 || server.calls('getProgramAccounts').length === 0) return;
      clearInterval(ready);
      started = true;
      t0 = performance.now();
      push();
    }, 20);
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      const m = /DZPROV_MAXRSS_KB (\d+)/.exec(err);
      if (code !== 0) return reject(new Error(`dzprov watch exited ${code}: ${err.slice(-800)}`));
      resolve({ ms, lines, pushed, rssMiB: m ? Number(m[1]) / 1024 : NaN });
    });
  });
}

/** Subscribe calls a second while a node refuses every programSubscribe, over `ms`. */
function storm(server, probe, ms) {
  return new Promise((resolve, reject) => {
    server.resetRecords();
    server.wsFaults.refuseProgramSubscribe = Number.MAX_SAFE_INTEGER;
    const child = spawn(process.execPath, ['--require', probe, CLI, 'watch', 'devices', '--json', '--timeout', String(ms / 1000), '-u', server.url, '--network', 'localnet'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    const t0 = performance.now();
    child.on('error', reject);
    child.on('close', (code) => {
      const s = (performance.now() - t0) / 1000;
      server.wsFaults.refuseProgramSubscribe = 0;
      resolve({ perSecond: server.calls('programSubscribe').length / s, code });
    });
  });
}

export async function run(report) {
  const { startRpcServer, probe } = await loadServer();
  const server = await startRpcServer({ maxLifetimeMs: 0 });
  try {
    fill(server, 10_000);
    const bodies = flips(server);
    report('watch: ledger', `${bodies.length} devices`, '', `${N.toLocaleString('en-US')} notifications`);
    const r = await watchFlood(server, probe, bodies);
    const rate = (r.lines / r.ms) * 1000;
    report('watch --json: notifications decoded and printed', Math.round(rate), '/s', `${r.lines} lines in ${(r.ms / 1000).toFixed(1)} s`);
    report('watch --json: peak RSS', Math.round(r.rssMiB), 'MiB');
    report.goal('watch: ≥ 5,000 notifications/s printed as NDJSON', rate >= 5000, `${Math.round(rate)}/s`);
    report.goal(`watch: peak RSS ≤ 250 MiB after ${N.toLocaleString('en-US')} notifications`, N >= 1_000_000 ? r.rssMiB <= 250 : undefined, `${Math.round(r.rssMiB)} MiB`);
    const s = await storm(server, probe, 10_000);
    report('watch: subscribe calls a second, node refusing all', Number(s.perSecond.toFixed(2)), '/s', `exit ${s.code}`);
    report.goal('watch: a reconnect storm costs at most a handful of subscribe calls a second', s.perSecond <= 5, `${s.perSecond.toFixed(2)}/s`);
  } finally {
    await server.close();
  }
}
