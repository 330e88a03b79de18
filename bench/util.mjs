// Helpers shared by the bench/*.bench.mjs files (not a bench itself: run.mjs only loads *.bench.mjs).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { Keypair, PublicKey } from '@solana/web3.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixturesDir = resolve(here, '../test/fixtures');

/** The bytes of a golden fixture, e.g. `fixture('link.bin')` (test/fixtures/). */
export function fixture(name) {
  return new Uint8Array(readFileSync(resolve(fixturesDir, name)));
}

/** A distinct test key per small number `b` (bytes: b, 0 … 0, 7). */
export function key(b) {
  const a = new Uint8Array(32);
  a[0] = b;
  a[31] = 7;
  return new PublicKey(a);
}

/** A real ed25519 public key derived from a name (the same name gives the same key). */
export function namedKey(name) {
  return Keypair.fromSeed(new Uint8Array(createHash('sha256').update(name).digest())).publicKey;
}

/** Calls per second of `fn(i)` (i counts the calls) over about `ms` milliseconds, in batches of `batch`. */
export function rate(fn, ms, batch = 100) {
  let n = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1_000_000n;
  let now = start;
  while (now < deadline) {
    for (let k = 0; k < batch; k++) fn(n++);
    now = process.hrtime.bigint();
  }
  return n / (Number(now - start) / 1e9);
}

/**
 * `warmup` calls, then `rounds` runs of `rate(fn, ms, batch)`. Best and median: on a shared
 * machine the best round is the figure least disturbed by other processes, the median shows
 * how noisy the run was.
 */
export function measure(fn, { ms = 1000, rounds = 1, warmup = 200, batch = 100 } = {}) {
  for (let i = 0; i < warmup; i++) fn(i);
  const r = [];
  for (let i = 0; i < rounds; i++) r.push(rate(fn, ms, batch));
  r.sort((a, b) => a - b);
  return { best: r[r.length - 1], median: r[r.length >> 1] };
}

/** The median of a list of numbers (the mean of the middle two for an even count). */
export function medianOf(values) {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? s[n >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/**
 * A figure as `report` prints it: the median of `values` (one per round), with the round count
 * and range; `extra` may add `ratio: { value, to }` (the median of per-round ratios to a
 * side-by-side reference).
 */
export function figure(values, extra = {}) {
  return { median: medianOf(values), rounds: values.length, min: Math.min(...values), max: Math.max(...values), ...extra };
}

/** Calls per second of `fn(i)` as a figure: the median of `rounds` runs of about `ms` ms after `warmup` calls. */
export function rounds(fn, { ms = 250, rounds: n = 7, warmup = 200, batch = 100 } = {}) {
  for (let i = 0; i < warmup; i++) fn(i);
  const r = [];
  for (let i = 0; i < n; i++) r.push(rate(fn, ms, batch));
  return figure(r);
}

/**
 * Calls per second of several functions measured side by side: every round runs each of them in
 * turn for about `ms` ms, so that a burst of load from other processes hits them alike. Returns
 * one figure per name; `ratio(a, b)` is the median over rounds of a's rate / b's rate, steadier
 * on a shared machine than the ratio of two medians.
 */
export function sideBySide(fns, { ms = 200, rounds: n = 7, warmup = 2000, batch = 100 } = {}) {
  const names = Object.keys(fns);
  for (const k of names) {
    for (let i = 0; i < warmup; i++) fns[k](i);
  }
  const per = Object.fromEntries(names.map((k) => [k, []]));
  for (let r = 0; r < n; r++) {
    // alternate the order so that neither always runs first in a round
    const order = r % 2 ? [...names].reverse() : names;
    for (const k of order) per[k].push(rate(fns[k], ms, batch));
  }
  const out = Object.fromEntries(names.map((k) => [k, figure(per[k])]));
  out.ratio = (a, b) => medianOf(per[a].map((x, i) => x / per[b][i]));
  return out;
}

/** Calls per second of `fn(i)`: the median of 5 runs of about `ms / 5` ms after a short warm-up (a figure). */
export function perSecond(fn, ms = 1000) {
  return rounds(fn, { ms: Math.max(50, ms / 5), rounds: 5 });
}

/** A function that forces a full garbage collection (node's gc, exposed at run time if need be). */
export async function collector() {
  if (typeof globalThis.gc === 'function') return globalThis.gc;
  const v8 = await import('node:v8');
  const vm = await import('node:vm');
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc');
}

/**
 * Retained bytes per value: makes `n` values with `make(i)` and keeps them all, and returns
 * (JS heap used + ArrayBuffer memory after − before) / n, both measured after full collections.
 * ArrayBuffers are counted because the bytes of a large typed array live outside the JS heap.
 */
export async function retainedPerValue(make, n = 100_000) {
  const gc = await collector();
  const keep = new Array(n).fill(null);
  make(0);
  const used = () => {
    gc();
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const before = used();
  for (let i = 0; i < n; i++) keep[i] = make(i);
  const after = used();
  if (keep[n - 1] == null) throw new Error('retainedPerValue: nothing was made');
  return (after - before) / n;
}

/** The bench cache folder: inside node_modules so that generated modules' bare imports resolve. */
export const BENCH_CACHE = resolve(dirname(fileURLToPath(import.meta.url)), '../node_modules/.cache/dzprov-bench');

/**
 * A TypeScript module of the repository (e.g. test/helpers/rpcServer.ts), bundled with the files it
 * imports (packages stay imports) into the bench cache, and imported.
 */
export async function loadTs(relPath, outName) {
  const file = resolve(BENCH_CACHE, outName);
  await build({
    entryPoints: [resolve(here, '..', relPath)],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: file,
    logLevel: 'error',
  });
  return import(pathToFileURL(file).href);
}

/** The tests' JSON-RPC server (test/helpers/rpcServer.ts), compiled for the bench and imported. */
export function loadRpcServer() {
  return loadTs('test/helpers/rpcServer.ts', 'rpcServer.mjs');
}

/** A seeded xorshift32 generator of numbers in [0, 1) (the same seed gives the same run). */
export function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** An Activated WAN Link value for the RPC benches, number `i`, between `sideAPk` and `sideZPk`. */
export function benchLink(dz, i, { owner, sideAPk, sideZPk, contributorPk }) {
  return {
    accountType: dz.AccountType.Link,
    owner,
    index: BigInt(100000 + i),
    bumpSeed: 255,
    sideAPk,
    sideZPk,
    linkType: dz.LinkLinkType.WAN,
    bandwidth: 10_000_000_000n,
    mtu: 9000,
    delayNs: 40_000n,
    jitterNs: 10_000n,
    tunnelId: i % 1024,
    tunnelNet: '172.16.0.0/31',
    status: dz.LinkStatus.Activated,
    code: `link-${i}`,
    contributorPk,
    sideAIfaceName: 'Ethernet1',
    sideZIfaceName: 'Ethernet2',
    delayOverrideNs: 0n,
    linkHealth: dz.LinkHealth.ReadyForService,
    desiredStatus: dz.LinkDesiredStatus.Activated,
    linkTopologies: [],
    linkFlags: 0,
  };
}

/**
 * `source` (an app's entry, resolved from the repository root) bundled for browsers as an
 * application would ship it (ESM, ES2022, minified, tree-shaken), `external` left out; in memory.
 * Returns the output file and its metafile entry (the inputs and their bytes).
 */
export async function browserBundle(source, external = [], sourcefile = 'app.js') {
  const out = await build({
    stdin: { contents: source, resolveDir: resolve(here, '..'), sourcefile, loader: 'js' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    treeShaking: true,
    external,
    write: false,
    metafile: true,
    logLevel: 'error',
  });
  return { file: out.outputFiles[0], output: Object.values(out.metafile.outputs)[0] };
}
