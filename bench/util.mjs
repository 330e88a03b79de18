// Helpers shared by the bench/*.bench.mjs files (not a bench itself: run.mjs only loads *.bench.mjs).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transform } from 'esbuild';
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

/** Calls per second of `fn(i)`: one run of about `ms` milliseconds after a short warm-up. */
export function perSecond(fn, ms = 1000) {
  return measure(fn, { ms }).best;
}

/** The bench cache folder: inside node_modules so that generated modules' bare imports resolve. */
export const BENCH_CACHE = resolve(dirname(fileURLToPath(import.meta.url)), '../node_modules/.cache/dzprov-bench');

/** The tests' JSON-RPC server (test/helpers/rpcServer.ts), compiled for the bench and imported. */
export async function loadRpcServer() {
  const src = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../test/helpers/rpcServer.ts'), 'utf8');
  const { code } = await transform(src, { loader: 'ts', format: 'esm', target: 'node20' });
  mkdirSync(BENCH_CACHE, { recursive: true });
  const file = resolve(BENCH_CACHE, 'rpcServer.mjs');
  writeFileSync(file, code);
  return import(pathToFileURL(file).href);
}
