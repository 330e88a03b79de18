// Device codec throughput on the upstream golden account (shared/fixtures/upstream/device.bin:
// 478 bytes, two interfaces, one flex-algo segment). Decoding returns PublicKey and bigint values.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PublicKey } from '@solana/web3.js';

const here = dirname(fileURLToPath(import.meta.url));
const sharedDir = process.env.DZPROV_SHARED_DIR ?? resolve(here, '../../shared');

/** Calls per second of `fn` over about `ms` milliseconds. */
function rate(fn, ms) {
  let calls = 0;
  const batch = 500;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1_000_000n;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < batch; i++) fn();
    calls += batch;
    now = process.hrtime.bigint();
  }
  return calls / (Number(now - start) / 1e9);
}

/**
 * Best and median of `rounds` short runs: on a shared machine the best round is the figure
 * least disturbed by other processes, the median shows how noisy the run was.
 */
function measure(fn, rounds = 7, ms = 250) {
  const r = [];
  for (let i = 0; i < rounds; i++) r.push(rate(fn, ms));
  r.sort((a, b) => a - b);
  return { best: r[r.length - 1], median: r[r.length >> 1] };
}

/**
 * `lib` defaults to the built package (dist/); a development run may pass the source module.
 */
export async function run(report, lib) {
  const m = lib ?? (await import('../dist/index.js'));
  const bytes = new Uint8Array(readFileSync(resolve(sharedDir, 'fixtures/upstream/device.bin')));
  const decoded = m.decodeDevice(bytes);
  // The same account as a web3.js AccountInfo-like object (what RPC hands out).
  const info = { data: bytes, owner: undefined };

  let sink = 0;
  const decode = () => {
    sink += m.decodeDevice(bytes).interfaces.length;
  };
  const decodeInfo = () => {
    sink += m.decodeDevice(info).interfaces.length;
  };
  const encode = () => {
    sink += m.encodeDevice(decoded).length;
  };
  const roundTrip = () => {
    sink += m.encodeDevice(m.decodeDevice(bytes)).length;
  };

  // Reference: the PublicKey constructions a Device decode cannot avoid (6 keys in device.bin).
  const keyBytes = bytes.subarray(1, 33);
  const sixKeys = () => {
    for (let i = 0; i < 6; i++) sink += new PublicKey(keyBytes) ? 1 : 0;
  };

  // Warm-up so that the JIT has settled before measuring.
  rate(decode, 300);
  rate(encode, 300);

  const show = (name, fn, note) => {
    const { best, median } = measure(fn);
    report(name, best, 'accounts/s', `median ${Math.round(median).toLocaleString('en-US')}${note ? `; ${note}` : ''}`);
  };
  show('Device decode (device.bin, 478 B)', decode, 'goal ≥ 450,000');
  show('Device decode from AccountInfo', decodeInfo);
  show('Device encode (device.bin)', encode);
  show('Device decode + encode round-trip', roundTrip);
  show('reference: 6 × new PublicKey(bytes)', sixKeys, 'the floor of any decode returning PublicKey');
  if (sink === 0) throw new Error('benchmark produced no work');
}
