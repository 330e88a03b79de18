// Device codec throughput on the upstream golden account (shared/fixtures/upstream/device.bin:
// 478 bytes, two interfaces, one flex-algo segment). Decoding returns PublicKey and bigint values.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const sharedDir = process.env.DZPROV_SHARED_DIR ?? resolve(here, '../../shared');

/** Runs `fn` in rounds until `ms` milliseconds have passed; returns calls per second. */
function measure(fn, ms) {
  let calls = 0;
  let batch = 1000;
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

  // Warm-up so that the JIT has settled before measuring.
  measure(decode, 300);
  measure(encode, 300);

  report('Device decode (device.bin, 478 B)', measure(decode, 1500), 'accounts/s', 'goal ≥ 450,000');
  report('Device decode from AccountInfo', measure(decodeInfo, 1000), 'accounts/s');
  report('Device encode (device.bin)', measure(encode, 1500), 'accounts/s');
  report('Device decode + encode round-trip', measure(roundTrip, 1000), 'accounts/s');
  if (sink === 0) throw new Error('benchmark produced no work');
}
